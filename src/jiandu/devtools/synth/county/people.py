"""The demo county's people: ``officials`` (the register's cadres, or a synthetic roster),
``public_employees`` (the officials and other staff) and ``relatives`` (of officials: the
register's, or synthesised). The officials and relatives are internal datasets (normally
exported from the organisation register), written as Parquet."""

from __future__ import annotations

from jiandu.devtools.synth.common import COUNTY_NAME, DEPTS, write_csv
from jiandu.devtools.synth.county.base import County


def generate(c: County, *, roster: list[dict] | None, relatives: list[dict] | None) -> None:
    from jiandu.crosscheck.engine.datasets import write_internal

    rng, out_dir = c.rng, c.out_dir
    # -- roster (officials) and public employees
    if not roster:
        units = [f"{COUNTY_NAME}{d}" for d in DEPTS] + [
            f"{COUNTY_NAME}兰江街道办事处",
            f"{COUNTY_NAME}石桥镇人民政府",
        ]
        roster = []
        for i in range(280):
            p = c.person()
            roster.append(
                {
                    **p,
                    "unit": units[i % len(units)],
                    "post": rng.choice(["科员", "副科长", "科长", "副局长", "局长"]),
                }
            )
    roster = [dict(r) for r in roster if r.get("citizen_id") and r.get("unit")]
    units = sorted({r["unit"] for r in roster})
    units += [
        u for u in (f"{COUNTY_NAME}城市管理局", f"{COUNTY_NAME}机关事务服务中心") if u not in units
    ]
    staff = [{**c.person(), "unit": rng.choice(units), "post": "工作人员"} for _ in range(400)]
    employees = roster + staff
    officials = roster

    # -- relatives of officials (the register's, or synthesised)
    relatives = [dict(r) for r in relatives or [] if r.get("citizen_id")]
    if not relatives:
        for o in officials[:120]:
            p = c.person()
            relatives.append(
                {
                    "official_citizen_id": o["citizen_id"],
                    "official_name": o["name"],
                    "name": p["name"],
                    "citizen_id": p["citizen_id"],
                    "relation": rng.choice(["配偶", "子女", "兄弟姐妹", "父母"]),
                }
            )
    official_by_id = {o["citizen_id"]: o for o in officials}
    relatives = [r for r in relatives if r["official_citizen_id"] in official_by_id]

    emp_rows = [[e["name"], e["citizen_id"], e["unit"], e["post"]] for e in employees]
    emp_rows += [list(r) for r in emp_rows[:5]]  # duplicated roster rows
    c.paths["public_employees"] = write_csv(
        out_dir / "public_employees.csv",
        ["姓名", "身份证号", "工作单位", "职务"],
        emp_rows,
        encoding="gb18030",
    )

    # -- internal datasets (normally exported from the organisation register)
    write_internal("officials", officials, out_dir / "officials.parquet")
    write_internal("relatives", relatives, out_dir / "relatives.parquet")
    c.paths["officials"] = out_dir / "officials.parquet"
    c.paths["relatives"] = out_dir / "relatives.parquet"

    c.roster, c.units, c.staff, c.employees, c.officials = (
        roster,
        units,
        staff,
        employees,
        officials,
    )
    c.relatives, c.official_by_id = relatives, official_by_id
