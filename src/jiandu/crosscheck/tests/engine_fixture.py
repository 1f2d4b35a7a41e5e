"""A small hand-made fixture for the engine tests: for every rule a few anomalies and,
next to them, clean rows that look like anomalies but are not (a namesake, a payment
stopped at death, a contract signed before the briber was recorded, fuel bought on a
make-up working day, …). ``EXPECTED`` lists the key of every hit the rules must find,
and nothing else.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from jiandu.core.testing import make_citizen_id, make_uscc
from jiandu.crosscheck.engine.datasets import write_internal
from jiandu.crosscheck.engine.run import hit_identity


def cid(seq: int, born: date = date(1980, 5, 17), area: str = "330781") -> str:
    return make_citizen_id(seq, born=born, area=area)


# people
ZHANG_WEI = ("张伟", cid(1, date(1975, 3, 2)))  # employee on benefits (R01)
LI_NA = ("李娜", cid(2, date(1982, 7, 9)))  # employee; a namesake is paid (clean)
LI_NA_NAMESAKE = ("李娜", cid(3, date(1950, 1, 1)))
WANG_FANG = ("王芳", cid(4, date(1968, 11, 30)))  # employee
WANG_FANG_TWIN = ("王方", cid(5, date(1968, 11, 30)))  # same area + birth date, homophone
ZHAO_QIANG = ("赵强", cid(6, date(1970, 2, 2)))  # employee who died (R07)
LIU_YANG = ("刘洋", cid(7, date(1940, 4, 4)))  # paid after death (R02)
CHEN_JING = ("陈静", cid(8, date(1941, 5, 5)))  # died, payments stopped (clean)
YANG_MING = ("杨明", cid(9, date(1944, 6, 6)))  # paid twice in May (R09)
HE_LI = ("何丽", cid(10, date(1946, 8, 8)))  # two programmes in one month (clean)
SUN_LEI = ("孙磊", cid(11, date(1990, 9, 9)))  # ghost on the payroll (R07)
ZHOU_JIE = ("周杰", cid(12, date(1972, 1, 12)))  # official (R03, R04)
WU_MIN = ("吴敏", cid(13, date(1973, 2, 13)))  # official
ZHENG_LI = ("郑丽", cid(14, date(1974, 3, 14)))  # 周杰's spouse
FENG_TAO = ("冯涛", cid(15, date(1999, 4, 15)))  # 吴敏's son
XU_QIANG = ("许强", cid(16, date(1965, 5, 16)))  # briber, shareholder of C4 (R08)
MA_CHAO = ("马超", cid(17, date(1966, 6, 17)))  # legal representative of C7
MA_CHAO_BRIBER = "马钞"  # recorded without an ID: homophone (R08 by name)
GAO_PENG = ("高鹏", cid(18, date(1977, 7, 18)))  # in two bidders of tender T2 (R06)
OTHERS = [(f"路人{i}", cid(100 + i, date(1960 + i, 1, 1))) for i in range(8)]

C = {i: make_uscc(7000 + i) for i in range(1, 10)}

FINANCE, EDUCATION, TRANSPORT, WATER, CIVIL = (
    "兰江县财政局",
    "兰江县教育局",
    "兰江县交通运输局",
    "兰江县水利局",
    "兰江县民政局",
)

PARAMS = {"fuel_areas": ["兰江县"]}

EXPECTED: dict[str, set[tuple]] = {
    "R01": {(ZHANG_WEI[1], "城乡低保"), (WANG_FANG_TWIN[1], "临时救助")},
    "R02": {(LIU_YANG[1], "特困供养")},
    "R03": {(ZHOU_JIE[1], "HT-01")},
    "R04": {(ZHOU_JIE[1], C[3])},
    "R05": {(EDUCATION, C[8], "办公设备采购", "HT-05"), (CIVIL, C[2], "电脑采购", "HT-20")},
    "R06": {("T1", *sorted((C[1], C[8]))), ("T2", *sorted((C[3], C[4])))},
    "R07": {(SUN_LEI[1], "not_on_roster"), (ZHAO_QIANG[1], "after_death")},
    "R08": {(C[4], "(2024)兰刑初1号"), (C[5], "(2024)兰刑初2号"), (C[7], "(2024)兰刑初4号")},
    "R09": {(YANG_MING[1], "高龄津贴", 202505)},
    "R10": {
        ("YK1", date(2025, 10, 1), "rest_day"),
        ("YK2", date(2025, 10, 14), "outside_area"),
        ("YK3", date(2025, 10, 15), "over_tank"),
    },
}
#: hits found by name only (lower confidence)
NAME_ONLY = {("R01", (WANG_FANG_TWIN[1], "临时救助")), ("R08", (C[7], "(2024)兰刑初4号"))}


def expected_identities() -> dict[str, set[str]]:
    return {rule: {hit_identity(rule, key) for key in keys} for rule, keys in EXPECTED.items()}


def _pay(person, program, amount, day, unit="兰江县石桥镇人民政府"):
    return {
        "payee_name": person[0],
        "payee_citizen_id": person[1],
        "program": program,
        "amount": amount,
        "paid_on": day,
        "payer_unit": unit,
    }


def rows() -> dict[str, list[dict]]:
    """The fixture as rows per dataset type."""
    d = date
    payments = [
        _pay(ZHANG_WEI, "城乡低保", "680", d(2025, 3, 10)),
        _pay(ZHANG_WEI, "城乡低保", "680", d(2025, 4, 10)),
        _pay(LI_NA_NAMESAKE, "高龄津贴", "100", d(2025, 3, 11)),
        _pay(WANG_FANG_TWIN, "临时救助", "1500", d(2025, 3, 12)),
        _pay(LIU_YANG, "特困供养", "1100", d(2025, 1, 10)),
        _pay(LIU_YANG, "特困供养", "1100", d(2025, 2, 10)),
        _pay(LIU_YANG, "特困供养", "1100", d(2025, 3, 10)),
        _pay(CHEN_JING, "城乡低保", "680", d(2025, 1, 10)),
        _pay(YANG_MING, "高龄津贴", "100", d(2025, 5, 10)),
        _pay(YANG_MING, "高龄津贴", "100", d(2025, 5, 10)),  # the same payment twice
        _pay(YANG_MING, "高龄津贴", "100", d(2025, 6, 10)),
        _pay(HE_LI, "高龄津贴", "100", d(2025, 5, 10)),
        _pay(HE_LI, "残疾人两项补贴", "180", d(2025, 5, 10)),
    ] + [_pay(p, "耕地地力保护补贴", "320", d(2025, 4, 1)) for p in OTHERS]
    employees = [
        {"name": ZHANG_WEI[0], "citizen_id": ZHANG_WEI[1], "unit": FINANCE, "post": "科员"},
        {"name": ZHANG_WEI[0], "citizen_id": ZHANG_WEI[1], "unit": FINANCE, "post": "科员"},
        {"name": LI_NA[0], "citizen_id": LI_NA[1], "unit": EDUCATION, "post": "科员"},
        {"name": WANG_FANG[0], "citizen_id": WANG_FANG[1], "unit": WATER, "post": "科员"},
        {"name": ZHAO_QIANG[0], "citizen_id": ZHAO_QIANG[1], "unit": WATER, "post": "工作人员"},
        {"name": ZHOU_JIE[0], "citizen_id": ZHOU_JIE[1], "unit": TRANSPORT, "post": "局长"},
        {"name": WU_MIN[0], "citizen_id": WU_MIN[1], "unit": WATER, "post": "局长"},
    ]
    deaths = [
        {"name": LIU_YANG[0], "citizen_id": LIU_YANG[1], "died_on": d(2025, 2, 1)},
        {"name": LIU_YANG[0], "citizen_id": LIU_YANG[1], "died_on": d(2025, 2, 1)},
        {"name": CHEN_JING[0], "citizen_id": CHEN_JING[1], "died_on": d(2025, 1, 20)},
        {"name": ZHAO_QIANG[0], "citizen_id": ZHAO_QIANG[1], "died_on": d(2025, 3, 15)},
    ]
    payroll = [
        {
            "name": e["name"],
            "citizen_id": e["citizen_id"],
            "unit": e["unit"],
            "amount": "6000",
            "month": m,
        }
        for e in employees[1:]
        for m in (d(2025, 3, 1), d(2025, 4, 1))
    ] + [
        {
            "name": SUN_LEI[0],
            "citizen_id": SUN_LEI[1],
            "unit": FINANCE,
            "amount": "5000",
            "month": d(2025, 4, 1),
        }
    ]
    officials = [
        {"name": ZHOU_JIE[0], "citizen_id": ZHOU_JIE[1], "unit": TRANSPORT, "post": "局长"},
        {"name": WU_MIN[0], "citizen_id": WU_MIN[1], "unit": WATER, "post": "局长"},
    ]
    relatives = [
        {
            "official_citizen_id": ZHOU_JIE[1],
            "official_name": ZHOU_JIE[0],
            "name": ZHENG_LI[0],
            "citizen_id": ZHENG_LI[1],
            "relation": "配偶",
        },
        {
            "official_citizen_id": WU_MIN[1],
            "official_name": WU_MIN[0],
            "name": FENG_TAO[0],
            "citizen_id": FENG_TAO[1],
            "relation": "子女",
        },
    ]
    companies = [
        {
            "uscc": C[i],
            "name": f"兰江县第{i}公司",
            "address": f"兰江县人民路{i}号",
            "phone": f"1350000000{i}",
            "registered_on": d(2015, 1, i),
        }
        for i in range(1, 10)
    ]
    companies[7]["phone"] = companies[0]["phone"]  # C8 shares C1's phone
    people = [
        {
            "uscc": C[1],
            "person_name": ZHENG_LI[0],
            "person_citizen_id": ZHENG_LI[1],
            "role": "股东",
        },
        {
            "uscc": C[2],
            "person_name": FENG_TAO[0],
            "person_citizen_id": FENG_TAO[1],
            "role": "监事",
        },
        {
            "uscc": C[3],
            "person_name": ZHOU_JIE[0],
            "person_citizen_id": ZHOU_JIE[1],
            "role": "法定代表人",
        },
        {
            "uscc": C[4],
            "person_name": XU_QIANG[0],
            "person_citizen_id": XU_QIANG[1],
            "role": "股东",
        },
        {
            "uscc": C[7],
            "person_name": MA_CHAO[0],
            "person_citizen_id": MA_CHAO[1],
            "role": "法定代表人",
        },
        {
            "uscc": C[3],
            "person_name": GAO_PENG[0],
            "person_citizen_id": GAO_PENG[1],
            "role": "股东",
        },
        {
            "uscc": C[4],
            "person_name": GAO_PENG[0],
            "person_citizen_id": GAO_PENG[1],
            "role": "监事",
        },
        {
            "uscc": C[4],
            "person_name": GAO_PENG[0],
            "person_citizen_id": GAO_PENG[1],
            "role": "监事",
        },
    ] + [
        {"uscc": C[5 + i % 4], "person_name": p[0], "person_citizen_id": p[1], "role": "股东"}
        for i, p in enumerate(OTHERS[:4])
    ]

    def contract(number, buyer, i, subject, amount, day, ptype="货物", method="询价"):
        return {
            "contract_id": number,
            "buyer_unit": buyer,
            "supplier_uscc": C[i],
            "supplier_name": f"兰江县第{i}公司",
            "subject": subject,
            "amount": amount,
            "signed_on": day,
            "procurement_method": method,
            "procurement_type": ptype,
        }

    contracts = [
        contract("HT-01", TRANSPORT, 1, "会议服务", "200000", d(2025, 3, 1), "服务"),
        contract("HT-02", FINANCE, 2, "印刷服务", "50000", d(2025, 3, 2), "服务"),
        contract("HT-05", EDUCATION, 8, "办公设备采购（一期）", "900000", d(2025, 4, 1)),
        contract("HT-06", EDUCATION, 8, "办公设备采购二期", "800000", d(2025, 4, 20)),
        contract("HT-07", EDUCATION, 8, "办公设备采购第三批", "600000", d(2025, 5, 30)),
        contract("HT-08", EDUCATION, 8, "道路硬化一标段", "1500000", d(2025, 1, 5), "工程"),
        contract("HT-09", EDUCATION, 8, "道路硬化二标段", "1500000", d(2025, 9, 1), "工程"),
        contract("HT-10", WATER, 9, "绿化养护一期", "300000", d(2025, 5, 1), "服务"),
        contract("HT-11", WATER, 9, "绿化养护二期", "300000", d(2025, 5, 20), "服务"),
        # 2017: under the thresholds then in force (goods: 1,000,000), in sum above them
        contract("HT-20", CIVIL, 2, "电脑采购1", "400000", d(2017, 3, 1)),
        contract("HT-21", CIVIL, 2, "电脑采购2", "400000", d(2017, 3, 20)),
        contract("HT-22", CIVIL, 2, "电脑采购3", "400000", d(2017, 4, 10)),
        # the same in 2025 stays under the 2,000,000 of 国家发展改革委令第16号: clean
        contract("HT-23", CIVIL, 3, "电脑采购1", "400000", d(2025, 3, 1)),
        contract("HT-24", CIVIL, 3, "电脑采购2", "400000", d(2025, 3, 20)),
        contract("HT-25", CIVIL, 3, "电脑采购3", "400000", d(2025, 4, 10)),
        contract("HT-30", FINANCE, 4, "物业服务", "260000", d(2025, 6, 1), "服务"),
        contract("HT-31", FINANCE, 5, "监控设备安装", "330000", d(2025, 6, 2)),
        contract("HT-32", FINANCE, 6, "车辆维修", "90000", d(2024, 5, 1), "服务"),
        contract("HT-33", FINANCE, 7, "车辆维修", "95000", d(2025, 7, 1), "服务"),
    ]
    bids = [
        {
            "tender_id": "T1",
            "bidder_uscc": C[1],
            "bidder_name": "兰江县第1公司",
            "bid_amount": "100",
        },
        {
            "tender_id": "T1",
            "bidder_uscc": C[2],
            "bidder_name": "兰江县第2公司",
            "bid_amount": "101",
        },
        {
            "tender_id": "T1",
            "bidder_uscc": C[8],
            "bidder_name": "兰江县第8公司",
            "bid_amount": "102",
        },
        {
            "tender_id": "T2",
            "bidder_uscc": C[3],
            "bidder_name": "兰江县第3公司",
            "bid_amount": "200",
        },
        {
            "tender_id": "T2",
            "bidder_uscc": C[4],
            "bidder_name": "兰江县第4公司",
            "bid_amount": "201",
        },
        {
            "tender_id": "T3",
            "bidder_uscc": C[5],
            "bidder_name": "兰江县第5公司",
            "bid_amount": "300",
        },
        {
            "tender_id": "T3",
            "bidder_uscc": C[6],
            "bidder_name": "兰江县第6公司",
            "bid_amount": "301",
        },
        {
            "tender_id": "T3",
            "bidder_uscc": C[9],
            "bidder_name": "兰江县第9公司",
            "bid_amount": "302",
        },
    ]
    bribers = [
        {
            "name": XU_QIANG[0],
            "citizen_id": XU_QIANG[1],
            "case_ref": "（2024）兰刑初1号",
            "recorded_on": d(2025, 1, 1),
        },
        {
            "name": "兰江县第5公司",
            "uscc": C[5],
            "case_ref": "（2024）兰刑初2号",
            "recorded_on": d(2024, 12, 1),
        },
        {
            "name": "兰江县第6公司",
            "uscc": C[6],
            "case_ref": "（2024）兰刑初3号",
            "recorded_on": d(2025, 1, 1),
        },  # its contract was signed before: clean
        {"name": MA_CHAO_BRIBER, "case_ref": "（2024）兰刑初4号", "recorded_on": d(2025, 2, 1)},
        {"name": "钱多多", "case_ref": "（2024）兰刑初5号", "recorded_on": d(2025, 2, 1)},
    ]
    vehicles = [
        {"plate": "浙G10001", "unit": FINANCE, "tank_liters": 50},
        {"plate": "浙G10002", "unit": EDUCATION, "tank_liters": 60},
        {"plate": "浙G10003", "unit": WATER, "tank_liters": 55},
    ]

    def fuel(card, plate, at, liters, area="兰江县"):
        return {
            "card_no": card,
            "plate": plate,
            "station": "中石化兰江站",
            "area": area,
            "liters": liters,
            "amount": f"{liters * 8:.2f}",
            "at": at,
        }

    fuel_rows = [
        fuel("YK1", "浙G10001", datetime(2025, 10, 1, 10, 0), 30),  # National Day
        fuel("YK1", "浙G10001", datetime(2025, 10, 9, 10, 0), 30),  # a Thursday
        fuel("YK1", "浙G10001", datetime(2025, 10, 11, 9, 0), 30),  # make-up working day
        fuel("YK2", "浙G10002", datetime(2025, 10, 14, 15, 0), 40, "杭州市"),
        fuel("YK2", "浙G10002", datetime(2025, 10, 16, 15, 0), 40),
        fuel("YK3", "浙G10003", datetime(2025, 10, 15, 9, 0), 40),
        fuel("YK3", "浙G10003", datetime(2025, 10, 15, 17, 0), 25),  # 65 > 55 × 1.1
        fuel("YK3", "浙G10003", datetime(2025, 10, 16, 9, 0), 50),
    ]
    return {
        "payments": payments,
        "public_employees": employees,
        "deaths": deaths,
        "payroll": payroll,
        "officials": officials,
        "relatives": relatives,
        "companies": companies,
        "company_people": people,
        "contracts": contracts,
        "bids": bids,
        "bribers": bribers,
        "vehicles": vehicles,
        "fuel_transactions": fuel_rows,
    }


def build(directory: Path, extra: dict[str, list[dict]] | None = None) -> dict[str, Path]:
    """Write the fixture (plus ``extra`` rows appended per type) as Parquet files."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, items in rows().items():
        items = items + (extra or {}).get(name, [])
        path = directory / f"{name}.parquet"
        written = write_internal(name, items, path)
        assert written == len(items), f"{name}: {written} of {len(items)} rows written"
        paths[name] = path
    return paths
