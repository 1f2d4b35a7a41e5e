"""The demo county's ``payroll`` (the last three months): a ghost not on the roster and
an employee paid after death (R07)."""

from __future__ import annotations

from datetime import timedelta

from jiandu.devtools.synth.common import write_csv
from jiandu.devtools.synth.county.base import County, Planted


def generate(c: County) -> None:
    rng, out_dir, months, planted = c.rng, c.out_dir, c.months, c.planted
    staff, employees, units, dead = c.staff, c.employees, c.units, c.dead
    # -- R07: payroll with a ghost (not on the roster) and an employee paid after death
    ghost = c.person()
    dead_emp = rng.choice(staff)
    died = months[8] + timedelta(days=5)
    dead.append({"name": dead_emp["name"], "citizen_id": dead_emp["citizen_id"], "died_on": died})
    payroll_rows = []
    for m in months[-3:]:
        for e in employees:
            payroll_rows.append(
                [
                    e["name"],
                    e["citizen_id"],
                    e["unit"],
                    f"{rng.randrange(4500, 11000)}.00",
                    f"{m.year}年{m.month}月",
                ]
            )
        payroll_rows.append(
            [
                ghost["name"],
                ghost["citizen_id"],
                units[0 % len(units)],
                "6800.00",
                f"{m.year}-{m.month:02d}",
            ]
        )
    planted.append(
        Planted(
            "R07", [ghost["citizen_id"], "not_on_roster"], f"{ghost['name']}不在花名册却领取工资"
        )
    )
    planted.append(
        Planted(
            "R07", [dead_emp["citizen_id"], "after_death"], f"{dead_emp['name']}死亡后仍领取工资"
        )
    )
    c.paths["payroll"] = write_csv(
        out_dir / "payroll.csv", ["姓名", "证件号码", "单位", "实发工资", "工资月份"], payroll_rows
    )
