"""Province scale, ``public_employees`` and ``officials``: the first ``n_emp`` persons of
the pool work for a unit; the officials are the first of them."""

from __future__ import annotations

import numpy as np

from jiandu.devtools.synth.province.base import CHUNK, Province, _dict_strings, _Out


def generate(p: Province) -> None:
    rng, pop, units, n_emp, n_off = p.rng, p.pop, p.units, p.n_emp, p.n_off
    emp_unit = rng.integers(0, len(units), n_emp)
    out = _Out(p.out_dir, "public_employees")
    for lo in range(0, n_emp, CHUNK):
        sl = np.arange(lo, min(n_emp, lo + CHUNK))
        out.write(
            {
                "name": pop.names(sl),
                "citizen_id": pop.ids(sl),
                "unit": _dict_strings(units, emp_unit[sl]),
                "post": _dict_strings(
                    ["科员", "副科长", "科长", "副局长", "局长", "工作人员"],
                    rng.integers(0, 6, len(sl)),
                ),
            }
        )
    p.paths["public_employees"] = out.close()
    off = np.arange(n_off)
    out = _Out(p.out_dir, "officials")
    out.write(
        {
            "name": pop.names(off),
            "citizen_id": pop.ids(off),
            "unit": _dict_strings(units, emp_unit[off]),
            "post": _dict_strings(["科长", "副局长", "局长"], rng.integers(0, 3, n_off)),
            "rank": _dict_strings(
                ["四级主任科员", "二级主任科员", "一级调研员"], rng.integers(0, 3, n_off)
            ),
        }
    )
    p.paths["officials"] = out.close()
    p.emp_unit = emp_unit
