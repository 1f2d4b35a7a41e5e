"""Province scale, ``payroll``: every employee for N months; ghosts (not on the roster)
and the dead paid (R07)."""

from __future__ import annotations

import numpy as np

from jiandu.devtools.synth.province.base import CHUNK, Province, _dict_strings, _money, _Out


def generate(p: Province) -> None:
    rng, pop, n, units, n_emp, dead_start, out_dir, paths, emp_unit = (
        p.rng,
        p.pop,
        p.n,
        p.units,
        p.n_emp,
        p.dead_start,
        p.out_dir,
        p.paths,
        p.emp_unit,
    )
    # payroll: every employee for N months; ghosts (no roster entry) and the dead paid
    out = _Out(out_dir, "payroll")
    n_ghost = max(1, n_emp // 2000)
    ghost = rng.integers(n_emp, dead_start, n_ghost)
    for k in range(n["payroll_months"]):
        month = np.datetime64("2024-07-01") + np.timedelta64(31 * k, "D")
        month = month.astype("datetime64[M]").astype("datetime64[D]")
        for lo in range(0, n_emp, CHUNK):
            sl = np.arange(lo, min(n_emp, lo + CHUNK))
            out.write(
                {
                    "name": pop.names(sl),
                    "citizen_id": pop.ids(sl),
                    "unit": _dict_strings(units, emp_unit[sl]),
                    "amount": _money(rng.integers(4000, 12000, len(sl)).astype(np.float64)),
                    "month": np.full(len(sl), month),
                }
            )
        out.write(
            {
                "name": pop.names(ghost),
                "citizen_id": pop.ids(ghost),
                "unit": _dict_strings(units, rng.integers(0, len(units), n_ghost)),
                "amount": _money(np.full(n_ghost, 6000.0)),
                "month": np.full(n_ghost, month),
            }
        )
    paths["payroll"] = out.close()
