"""Province scale, ``bribers``: people and companies; some are contract suppliers (R08)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jiandu.devtools.synth.province.base import Province, _dates, _Out


def generate(p: Province) -> None:
    rng, pop, n, n_pop, n_off, dead_start, out_dir, paths, rel_start, n_co, co_uscc, co_names = (
        p.rng,
        p.pop,
        p.n,
        p.n_pop,
        p.n_off,
        p.dead_start,
        p.out_dir,
        p.paths,
        p.rel_start,
        p.n_co,
        p.co_uscc,
        p.co_names,
    )
    # bribers: people and companies; some are contract suppliers (R08)
    n_br = n["bribers"]
    br_person = np.where(
        rng.random(n_br) < 0.02,
        rng.integers(n_off, rel_start, n_br),
        rng.integers(dead_start, n_pop, n_br),
    )
    as_company = rng.random(n_br) < 0.02
    br_co = rng.integers(0, n_co, n_br)
    out = _Out(out_dir, "bribers")
    out.write(
        {
            "name": pc.if_else(
                pa.array(as_company), co_names.take(pa.array(br_co)), pop.names(br_person)
            ),
            "citizen_id": pc.if_else(
                pa.array(as_company), pa.nulls(n_br, pa.string()), pop.ids(br_person)
            ),
            "uscc": pc.if_else(
                pa.array(as_company), co_uscc.take(pa.array(br_co)), pa.nulls(n_br, pa.string())
            ),
            "case_ref": pc.binary_join_element_wise(
                pa.scalar("（2023）刑初"),
                pa.array(np.arange(n_br)).cast(pa.string()),
                pa.scalar("号"),
                "",
            ),
            "recorded_on": _dates(rng, n_br, "2015-01-01", "2025-06-30"),
        }
    )
    paths["bribers"] = out.close()
