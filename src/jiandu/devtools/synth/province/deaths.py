"""Province scale, ``deaths``: the last ``n_dead`` persons of the pool, plus some
employees (the payroll pays a few of them after death: R07)."""

from __future__ import annotations

import numpy as np

from jiandu.devtools.synth.province.base import CHUNK, Province, _dates, _Out


def generate(p: Province) -> None:
    rng, pop = p.rng, p.pop
    dead_idx = np.arange(p.dead_start, p.n_pop)
    died = _dates(rng, len(dead_idx), "2018-01-01", "2025-12-31")
    dead_emp = rng.choice(p.n_emp, size=max(1, p.n_emp // 4000), replace=False)
    out = _Out(p.out_dir, "deaths")
    for lo in range(0, len(dead_idx), CHUNK):
        sl = dead_idx[lo : lo + CHUNK]
        out.write(
            {"name": pop.names(sl), "citizen_id": pop.ids(sl), "died_on": died[lo : lo + CHUNK]}
        )
    out.write(
        {
            "name": pop.names(dead_emp),
            "citizen_id": pop.ids(dead_emp),
            "died_on": _dates(rng, len(dead_emp), "2024-01-01", "2024-06-30"),
        }
    )
    p.paths["deaths"] = out.close()
    p.died, p.dead_emp = died, dead_emp
