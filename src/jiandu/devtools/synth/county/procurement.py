"""The demo county's procurement register: ``companies`` and their people
(``company_people``), ``contracts``, tenders (``bids``) and the briber database
(``bribers``). One generator for the five, because their anomalies span them: a
relative's company contracting with the official's unit (R03), officials as company
people (R04), split contracts (R05), bidders sharing a phone or a person (R06),
suppliers or their shareholders in the briber database (R08)."""

from __future__ import annotations

from datetime import date, timedelta

from jiandu.devtools.synth.common import (
    HOMOPHONES,
    METHODS,
    ROLES,
    SUBJECTS,
    TYPES,
    styled_date,
    typo,
    write_csv,
    write_xlsx,
)
from jiandu.devtools.synth.county.base import County, Planted


def generate(c: County) -> None:
    rng, out_dir, start, planted = c.rng, c.out_dir, c.start, c.planted
    units, officials, relatives, official_by_id = (
        c.units,
        c.officials,
        c.relatives,
        c.official_by_id,
    )
    # -- companies, their people, contracts, bids, bribers
    companies = [c.company() for _ in range(160)]
    people_rows: list[list] = []
    for co in companies:
        for role in rng.sample(ROLES, 2):
            p = c.person()
            people_rows.append(
                [co["uscc"], p["name"], p["citizen_id"], role, f"{rng.randrange(10, 90)}%"]
            )
    contract_rows: list[list] = []
    cid_seq = [0]

    def contract(
        buyer: str,
        co: dict,
        subject: str,
        amount: float,
        day: date,
        method: str = "询价",
        ptype: str = "货物",
    ) -> str:
        cid_seq[0] += 1
        number = f"LJ{day.year}-{cid_seq[0]:04d}"
        contract_rows.append(
            [
                number,
                buyer,
                co["uscc"],
                co["name"],
                subject,
                f"{amount:,.2f}",
                styled_date(day, cid_seq[0]),
                method,
                ptype,
            ]
        )
        return number

    pairs_used: set[tuple[str, str]] = set()
    for i in range(220):
        buyer, co = rng.choice(units), companies[i % 120]
        if (buyer, co["uscc"]) in pairs_used:
            continue
        pairs_used.add((buyer, co["uscc"]))
        contract(
            buyer,
            co,
            rng.choice(SUBJECTS),
            rng.randrange(20_000, 300_000),
            start + timedelta(days=rng.randrange(330)),
            rng.choice(METHODS),
            rng.choice(TYPES),
        )

    # R03: a relative holds a company that contracts with the official's own unit;
    # clean: another relative's company contracts with a different unit
    r3 = rng.sample(relatives, 2)
    co3, co3b = companies[150], companies[151]
    people_rows.append([co3["uscc"], r3[0]["name"], r3[0]["citizen_id"], "股东", "60%"])
    people_rows.append([co3b["uscc"], r3[1]["name"], r3[1]["citizen_id"], "监事", ""])
    unit3 = official_by_id[r3[0]["official_citizen_id"]]["unit"]
    number = contract(
        unit3, co3, "会议服务", 180_000, start + timedelta(days=100), "单一来源", "服务"
    )
    planted.append(
        Planted(
            "R03",
            [r3[0]["official_citizen_id"], number],
            f"{r3[0]['official_name']}的亲属{r3[0]['name']}的企业与其单位签约",
        )
    )
    other_unit = next(u for u in units if u != official_by_id[r3[1]["official_citizen_id"]]["unit"])
    contract(other_unit, co3b, "印刷服务", 60_000, start + timedelta(days=120), "询价", "服务")

    # R04: officials registered as company people
    relative_ids = {r["citizen_id"] for r in relatives}
    for o, co in zip(
        rng.sample([o for o in officials if o["citizen_id"] not in relative_ids], 2),
        companies[152:154],
        strict=True,
    ):
        people_rows.append([co["uscc"], o["name"], o["citizen_id"], "法定代表人", "100%"])
        planted.append(
            Planted("R04", [o["citizen_id"], co["uscc"]], f"{o['name']}任企业法定代表人")
        )

    # R05: three contracts of one subject within 60 days, each under the threshold, above in sum;
    # clean: the same pattern with a small sum, and one spread over a year
    buyer5, co5 = units[1 % len(units)], companies[154]
    day5 = start + timedelta(days=60)
    first5 = contract(buyer5, co5, "办公设备采购（一期）", 900_000, day5)
    contract(buyer5, co5, "办公设备采购二期", 800_000, day5 + timedelta(days=20))
    contract(buyer5, co5, "办公设备采购第3批", 700_000, day5 + timedelta(days=45))
    planted.append(
        Planted("R05", [buyer5, co5["uscc"], "办公设备采购", first5], f"{buyer5}拆分办公设备采购")
    )
    co5b = companies[155]
    contract(buyer5, co5b, "食堂食材采购一期", 90_000, day5)
    contract(buyer5, co5b, "食堂食材采购二期", 80_000, day5 + timedelta(days=30))
    contract(
        units[2 % len(units)],
        co5b,
        "道路硬化一标段",
        1_500_000,
        start + timedelta(days=10),
        "询价",
        "货物",
    )
    contract(
        units[2 % len(units)],
        co5b,
        "道路硬化二标段",
        1_500_000,
        start + timedelta(days=200),
        "询价",
        "货物",
    )

    # R08: a supplier itself, a supplier's shareholder, and (by name) a nameless briber
    briber_rows: list[list] = []
    co8a, co8b, co8c = companies[156], companies[157], companies[158]
    recorded = start + timedelta(days=30)
    briber_rows.append(
        [co8a["name"], "", co8a["uscc"], "（2022）兰刑初18号", styled_date(recorded, 0)]
    )
    contract(
        units[3 % len(units)],
        co8a,
        "物业服务",
        260_000,
        recorded + timedelta(days=40),
        "竞争性磋商",
        "服务",
    )
    planted.append(
        Planted(
            "R08", [co8a["uscc"], "（2022）兰刑初18号"], f"供应商{co8a['name']}在行贿人信息库中"
        )
    )
    p8 = c.person()
    people_rows.append([co8b["uscc"], p8["name"], p8["citizen_id"], "股东", "51%"])
    briber_rows.append(
        [p8["name"], p8["citizen_id"], "", "（2023）兰刑初7号", styled_date(recorded, 2)]
    )
    contract(
        units[4 % len(units)],
        co8b,
        "监控设备安装",
        330_000,
        recorded + timedelta(days=70),
        "询价",
        "货物",
    )
    planted.append(
        Planted(
            "R08",
            [co8b["uscc"], "（2023）兰刑初7号"],
            f"供应商{co8b['name']}股东{p8['name']}在行贿人信息库中",
        )
    )
    p8c = c.person()
    while not any(ch in HOMOPHONES for ch in p8c["name"][1:]):
        p8c = c.person()
    people_rows.append([co8c["uscc"], p8c["name"], p8c["citizen_id"], "法定代表人", "80%"])
    briber_rows.append([typo(p8c["name"]), "", "", "（2021）兰刑初33号", styled_date(recorded, 1)])
    contract(
        units[5 % len(units)],
        co8c,
        "车辆维修",
        90_000,
        recorded + timedelta(days=90),
        "询价",
        "服务",
    )
    planted.append(
        Planted(
            "R08",
            [co8c["uscc"], "（2021）兰刑初33号"],
            f"行贿人{typo(p8c['name'])}（无证件号）与供应商法定代表人{p8c['name']}同音",
            match="name",
        )
    )
    # clean: a briber recorded after the supplier's only contract; bribers who contract nowhere
    co8d = companies[159]
    p8d = c.person()
    people_rows.append([co8d["uscc"], p8d["name"], p8d["citizen_id"], "股东", "30%"])
    contract(
        units[6 % len(units)], co8d, "绿化养护", 70_000, start + timedelta(days=20), "询价", "服务"
    )
    briber_rows.append(
        [
            p8d["name"],
            p8d["citizen_id"],
            "",
            "（2024）兰刑初2号",
            styled_date(start + timedelta(days=200), 0),
        ]
    )
    for _ in range(12):
        p = c.person()
        briber_rows.append(
            [
                p["name"],
                p["citizen_id"],
                "",
                f"（20{rng.randrange(15, 24)}）兰刑初{rng.randrange(40, 99)}号",
                styled_date(start - timedelta(days=rng.randrange(400)), 1),
            ]
        )

    # R06: tenders of 4 bidders; one pair shares a phone, another pair shares a person
    bid_rows: list[list] = []
    pool = companies[:120]
    for t in range(30):
        bidders = rng.sample(pool, 4)
        tender = f"LJZB-{t + 1:03d}"
        shared_phone = t == 3
        for j, co in enumerate(bidders):
            phone = bidders[0]["phone"] if shared_phone and j == 1 else co["phone"]
            bid_rows.append(
                [
                    tender,
                    co["uscc"],
                    co["name"],
                    f"{rng.randrange(200_000, 900_000)}.00",
                    co["address"],
                    phone,
                ]
            )
        if shared_phone:
            a, b = sorted([bidders[0]["uscc"], bidders[1]["uscc"]])
            planted.append(Planted("R06", [tender, a, b], f"{tender}投标人联系电话相同"))
        if t == 7:
            p6 = c.person()
            people_rows.append([bidders[2]["uscc"], p6["name"], p6["citizen_id"], "监事", ""])
            people_rows.append([bidders[3]["uscc"], p6["name"], p6["citizen_id"], "股东", "20%"])
            a, b = sorted([bidders[2]["uscc"], bidders[3]["uscc"]])
            planted.append(Planted("R06", [tender, a, b], f"{tender}投标人有共同股东{p6['name']}"))
    people_rows += [list(r) for r in people_rows[:4]]  # duplicated register rows
    c.paths["companies"] = write_csv(
        out_dir / "companies.csv",
        ["统一社会信用代码", "企业名称", "住所", "联系电话", "成立日期"],
        [
            [
                co["uscc"],
                co["name"],
                co["address"],
                co["phone"],
                styled_date(co["registered_on"], 2),
            ]
            for co in companies
        ],
    )
    c.paths["company_people"] = write_csv(
        out_dir / "company_people.csv",
        ["统一社会信用代码", "姓名", "身份证号", "职务", "持股比例"],
        people_rows,
    )
    c.paths["contracts"] = write_xlsx(
        out_dir / "contracts.xlsx",
        [
            "合同编号",
            "采购单位",
            "供应商统一社会信用代码",
            "供应商名称",
            "合同标的",
            "合同金额",
            "签订日期",
            "采购方式",
            "采购类别",
        ],
        contract_rows,
    )
    c.paths["bids"] = write_csv(
        out_dir / "bids.csv",
        ["项目编号", "投标人统一社会信用代码", "投标人名称", "投标报价", "地址", "联系电话"],
        bid_rows,
    )
    c.paths["bribers"] = write_csv(
        out_dir / "bribers.csv",
        ["行贿人名称", "身份证号", "统一社会信用代码", "案件编号", "录入日期"],
        briber_rows,
    )
