"""The demo county's ``payments`` (benefits paid monthly by the towns). Planted:
employees receiving benefits, one by a homophone name only (R01); payments after death,
one death registered with the 15-digit legacy ID (R02); paid twice in a month (R09).
Noise: namesakes, typos, full-width digits, legacy IDs; and rows the import must reject.
Beneficiaries who die are added to the death register (``c.dead``)."""

from __future__ import annotations

from datetime import date, timedelta

from jiandu.devtools.synth.common import (
    COUNTY_NAME,
    HOMOPHONES,
    PROGRAM_AMOUNTS,
    PROGRAMS,
    citizen_id,
    citizen_id_birth,
    full_width,
    legacy_id,
    parse_cn,
    styled_date,
    typo,
    write_csv,
)
from jiandu.devtools.synth.county.base import County, Planted


def generate(c: County) -> None:
    rng, out_dir, months, planted, rejections = c.rng, c.out_dir, c.months, c.planted, c.rejections
    staff, dead = c.staff, c.dead
    # -- beneficiaries and payments
    towns = [
        f"{COUNTY_NAME}{t}人民政府" for t in ("石桥镇", "兰溪镇", "云山乡", "梅岭镇", "白沙乡")
    ]
    beneficiaries = [c.person() for _ in range(420)]
    enrol = [(p, rng.randrange(len(PROGRAMS)), rng.choice(towns)) for p in beneficiaries]
    pay_rows: list[list] = []

    def pay(
        person: dict,
        program: int,
        town: str,
        day: date,
        *,
        name: str | None = None,
        cid: str | None = None,
        style: int | None = None,
    ) -> None:
        pay_rows.append(
            [
                name or person["name"],
                cid or person["citizen_id"],
                PROGRAMS[program],
                f"{PROGRAM_AMOUNTS[program]:.2f}",
                styled_date(day, rng.randrange(4) if style is None else style),
                town,
                f"H{abs(hash(person['citizen_id'])) % 10**8:08d}",
            ]
        )

    for i, (p, prog, town) in enumerate(enrol):
        died = None
        if i % 15 == 0:  # some die during the year: their payments stop (clean)
            died = months[rng.randrange(2, 10)] + timedelta(days=rng.randrange(1, 27))
            dead.append({"name": p["name"], "citizen_id": p["citizen_id"], "died_on": died})
        for m in months:
            day = m + timedelta(days=rng.randrange(9, 19))
            if died and day > died:
                break
            pay(p, prog, town, day)

    # R01: employees receiving benefits (one written with full-width digits); and a name-only
    # pair: a payee whose ID differs from an employee's in the sequence digits only
    for k, e in enumerate(rng.sample(staff, 2)):
        prog = 0
        for m in months[:4]:
            cid = full_width(e["citizen_id"]) if k == 1 else e["citizen_id"]
            pay(e, prog, towns[0], m + timedelta(days=12), cid=cid)
        planted.append(
            Planted(
                "R01",
                [e["citizen_id"], PROGRAMS[prog]],
                f"{e['name']}为财政供养人员，领取{PROGRAMS[prog]}",
            )
        )
    twin_of = rng.choice(
        [s for s in staff if any(ch in HOMOPHONES for ch in s["name"][1:])] or staff
    )
    twin_id = citizen_id(
        twin_of["citizen_id"][:6],
        citizen_id_birth(twin_of["citizen_id"]),
        int(twin_of["citizen_id"][14:17]) + 2,
    )
    twin = {"name": typo(twin_of["name"]), "citizen_id": twin_id}
    for m in months[5:8]:
        pay(twin, 1, towns[1], m + timedelta(days=10))
    planted.append(
        Planted(
            "R01",
            [twin_id, PROGRAMS[1]],
            f"{twin['name']}与财政供养人员{twin_of['name']}出生日期相同、姓名同音",
            match="name",
        )
    )

    # R02: paid after death; one death registered with the 15-digit legacy ID
    for k, (p, prog, _town) in enumerate(enrol[1:3]):
        died = months[4] + timedelta(days=3)
        legacy_ok = p["citizen_id"][6:8] == "19"
        shown = legacy_id(p["citizen_id"]) if k == 1 and legacy_ok else p["citizen_id"]
        dead.append(
            {
                "name": p["name"] if k == 0 else typo(p["name"]),
                "citizen_id": shown,
                "died_on": died,
            }
        )
        # the enrolment already paid every month: the months after death are the anomaly
        planted.append(
            Planted(
                "R02", [p["citizen_id"], PROGRAMS[prog]], f"{p['name']}死亡后仍领取{PROGRAMS[prog]}"
            )
        )

    # R09: paid twice in a month (an exact duplicate row; a second payment days later)
    for k, (p, prog, town) in enumerate(enrol[5:7]):
        m = months[6]
        day = m + timedelta(days=25)
        if k == 0:
            row = next(
                r
                for r in pay_rows
                if r[1] == p["citizen_id"] and parse_cn(r[4]).replace(day=1) == m
            )
            pay_rows.append(list(row))
        else:
            pay(p, prog, town, day)
        planted.append(
            Planted(
                "R09",
                [p["citizen_id"], PROGRAMS[prog], m.year * 100 + m.month],
                f"{p['name']}同月重复领取",
            )
        )

    # noise: namesakes of employees (same name, different person), typos with the right ID
    for e in rng.sample(staff, 5):
        ns = c.person()
        for m in months[:2]:
            pay(ns, 3, towns[2], m + timedelta(days=11), name=e["name"])
    for p, _prog, _town in enrol[20:25]:
        pay_rows_for = [r for r in pay_rows if r[1] == p["citizen_id"]]
        if pay_rows_for:
            pay_rows_for[0][0] = typo(p["name"])
    # noise: full-width digits, 15-digit legacy IDs (born in the 1900s)
    for r in pay_rows[30:40]:
        r[1] = full_width(r[1])
        r[3] = full_width(r[3])
    for r in pay_rows[40:60]:
        if r[1][6:8] == "19":
            r[1] = legacy_id(r[1])
    rng.shuffle(pay_rows)
    # rows the import must reject
    bad = [
        (
            [
                beneficiaries[0]["name"],
                beneficiaries[0]["citizen_id"][:17]
                + ("0" if beneficiaries[0]["citizen_id"][17] != "0" else "1"),
                PROGRAMS[0],
                "680.00",
                "2025-03-10",
                towns[0],
                "",
            ],
            "公民身份号码",
        ),
        (
            [
                beneficiaries[1]["name"],
                beneficiaries[1]["citizen_id"],
                PROGRAMS[0],
                "680.00",
                "2025-02-30",
                towns[0],
                "",
            ],
            "发放日期",
        ),
        (
            ["", beneficiaries[2]["citizen_id"], PROGRAMS[0], "680.00", "2025-03-10", towns[0], ""],
            "姓名",
        ),
        (
            [
                beneficiaries[3]["name"],
                beneficiaries[3]["citizen_id"],
                PROGRAMS[0],
                "六百八",
                "2025-03-10",
                towns[0],
                "",
            ],
            "发放金额（元）",
        ),
    ]
    for row, column in bad:
        pay_rows.append(row)
        rejections.append({"dataset": "payments", "row": len(pay_rows) + 1, "column": column})
    c.paths["payments"] = write_csv(
        out_dir / "payments.csv",
        ["姓名", "公民身份号码", "补贴项目", "发放金额（元）", "发放日期", "发放单位", "户编号"],
        pay_rows,
    )
