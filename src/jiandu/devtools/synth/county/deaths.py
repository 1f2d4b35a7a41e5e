"""The demo county's death register (``deaths``): who died among the beneficiaries and
employees (``c.dead``, filled by the payments and payroll generators) and others; a
title line above the header and duplicated register rows as noise."""

from __future__ import annotations

from datetime import timedelta

from jiandu.devtools.synth.common import COUNTY_NAME, styled_date, write_xlsx
from jiandu.devtools.synth.county.base import County


def generate(c: County) -> None:
    rng, out_dir, start, dead = c.rng, c.out_dir, c.start, c.dead
    # -- deaths (a title line above the header; duplicated register rows as noise)
    for _ in range(60):
        p = c.person()
        dead.append(
            {
                "name": p["name"],
                "citizen_id": p["citizen_id"],
                "died_on": start + timedelta(days=rng.randrange(300)),
            }
        )
    death_rows = [
        [d["name"], d["citizen_id"], styled_date(d["died_on"], i)] for i, d in enumerate(dead)
    ]
    death_rows += [list(r) for r in death_rows[:3]]
    c.paths["deaths"] = write_xlsx(
        out_dir / "deaths.xlsx",
        ["死者姓名", "身份证号码", "死亡日期"],
        death_rows,
        title=f"{COUNTY_NAME}死亡人员登记表",
    )
