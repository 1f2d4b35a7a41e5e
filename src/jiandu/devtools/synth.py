"""Synthetic data for the cross-checks: the demo county and the province-scale set.

Nothing here is real: names are drawn from common surnames and given-name characters,
citizen IDs and USCCs are built with valid checksums on fictional sequence numbers.

- :func:`generate_county` writes demo-county-size source files (CSV and XLSX, as a
  commission receives them) with planted anomalies of EVERY rule (R01–R10) and realistic
  noise: namesakes, typos in names, full-width digits, 15-digit legacy IDs, duplicated
  register rows and a few invalid rows the import must reject. The planted anomalies are
  returned (and written to ``planted.json``) so that tests can check every one is found.
- :func:`generate_province` writes the province-scale set directly as normalised Parquet
  (10 million payments, 2 million public employees, 6 million company people, 1 million
  contracts, 500,000 deaths, plus the other datasets at proportional sizes), vectorised
  with numpy/pyarrow and written in chunks so that memory stays bounded.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jiandu.core.validators import citizen_id_check_digit

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬建国志文斌辉鹏飞宇浩"
    "俊峰凯琳晶欣怡佳慧婷雪梅兵海波林涛宏亮春燕丹凤云龙新民德福荣光永胜金成学东海燕翠珍淑琴"
)
#: pairs of homophone characters (name typos that sound the same)
HOMOPHONES = {
    "明": "铭",
    "华": "桦",
    "伟": "玮",
    "军": "君",
    "丽": "莉",
    "林": "琳",
    "文": "雯",
    "静": "婧",
    "杰": "洁",
    "玲": "龄",
    "峰": "锋",
    "涛": "韬",
    "红": "虹",
    "建": "健",
}
PROGRAMS = (
    "城乡低保",
    "特困供养",
    "临时救助",
    "高龄津贴",
    "残疾人两项补贴",
    "耕地地力保护补贴",
    "农村危房改造补助",
    "养老服务补贴",
)
PROGRAM_AMOUNTS = (680, 1100, 1500, 100, 180, 320, 20000, 200)
METHODS = ("询价", "竞争性磋商", "竞争性谈判", "单一来源", "公开招标", "直接采购")
TYPES = ("货物", "服务", "工程")
SUBJECTS = (
    "办公楼维修",
    "道路硬化",
    "办公设备采购",
    "绿化养护",
    "物业服务",
    "监控设备安装",
    "村级活动场所改造",
    "河道清淤",
    "食堂食材采购",
    "印刷服务",
    "车辆维修",
    "网络设备采购",
    "学校围墙修缮",
    "路灯安装",
    "档案数字化",
    "会议服务",
)
ROLES = ("股东", "法定代表人", "监事", "执行董事", "经理", "财务负责人")
DEPTS = (
    "财政局",
    "教育局",
    "卫生健康局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "水利局",
    "民政局",
    "自然资源局",
    "市场监督管理局",
    "人力资源和社会保障局",
    "文化和旅游局",
)
CITIES = (
    "杭州市",
    "宁波市",
    "温州市",
    "嘉兴市",
    "湖州市",
    "绍兴市",
    "金华市",
    "衢州市",
    "舟山市",
    "台州市",
    "丽水市",
)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = np.array((7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), dtype=np.int64)

COUNTY_AREA = "330781"  # a fictional county's area code
COUNTY_NAME = "兰江县"


# --------------------------------------------------------------------------- small helpers


def citizen_id(area: str, born: date, seq: int) -> str:
    body = f"{area}{born:%Y%m%d}{seq % 1000:03d}"
    return body + citizen_id_check_digit(body)


def legacy_id(number18: str) -> str:
    """The 15-digit legacy form of an 18-digit ID born in the 1900s."""
    return number18[:6] + number18[8:17]


def uscc(area: str, seq: int) -> str:
    org_weights = (3, 7, 9, 10, 5, 8, 4, 2)
    org = f"{seq % 100_000_000:08d}"
    check = 11 - sum(int(c) * w for c, w in zip(org, org_weights, strict=True)) % 11
    org += "X" if check == 10 else ("0" if check == 11 else str(check))
    body = f"91{area}{org}"
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_ALPHABET[(31 - total) % 31]


def full_width(text: str) -> str:
    """Digits and Latin letters as full-width characters (a common copy-paste artefact)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# --------------------------------------------------------------------------- province scale

PROVINCE_SIZES = {
    "payments": 10_000_000,
    "public_employees": 2_000_000,
    "company_people": 6_000_000,
    "contracts": 1_000_000,
    "deaths": 500_000,
    # the rest, proportional to a province
    "population": 6_000_000,
    "officials": 100_000,
    "relatives": 300_000,
    "payroll_months": 2,
    "companies": 1_000_000,
    "bids": 1_000_000,
    "bribers": 20_000,
    "vehicles": 50_000,
    "fuel_transactions": 2_000_000,
    "units": 5_000,
}
PROVINCE_AREAS = [f"33{c:02d}{d:02d}" for c in range(1, 12) for d in range(2, 13)]
ID_SPACE_DAYS = 24_000  # birth dates 1940-01-01 + 0..23,999 days
ID_EPOCH = np.datetime64("1940-01-01")
CHUNK = 1_000_000
ROW_GROUP = 122_880  # DuckDB scans row groups in parallel: many small ones, not one big one


def _dict_strings(values: tuple[str, ...] | list[str], indices: np.ndarray) -> pa.Array:
    return pa.DictionaryArray.from_arrays(
        pa.array(indices.astype(np.int32)), pa.array(list(values), pa.string())
    ).cast(pa.string())


class _People:
    """A pool of synthetic persons: index i → a unique valid citizen ID and a name."""

    def __init__(self, size: int, seed: int):
        self.size = size
        self.space = len(PROVINCE_AREAS) * ID_SPACE_DAYS * 1000
        rng = np.random.default_rng(seed)
        self.mult = int(rng.integers(10**8, 10**9)) | 1
        while np.gcd(self.mult, self.space) != 1:
            self.mult += 2
        self.offset = int(rng.integers(0, self.space))
        self.seed = seed
        self.areas = np.array([int(a) for a in PROVINCE_AREAS], dtype=np.int64)

    def ids(self, idx: np.ndarray) -> pa.Array:
        j = (idx.astype(np.int64) * self.mult + self.offset) % self.space
        area = self.areas[j % len(self.areas)]
        days = (j // len(self.areas)) % ID_SPACE_DAYS
        seq = j // (len(self.areas) * ID_SPACE_DAYS)
        born = (ID_EPOCH + days.astype("timedelta64[D]")).astype("datetime64[D]")
        years = born.astype("datetime64[Y]").astype(np.int64) + 1970
        months = born.astype("datetime64[M]").astype(np.int64) % 12 + 1
        mdays = (born - born.astype("datetime64[M]")).astype(np.int64) + 1
        body = area * 10**11 + (years * 10000 + months * 100 + mdays) * 1000 + seq
        total = np.zeros(len(body), dtype=np.int64)
        for k in range(17):
            total += ((body // 10 ** (16 - k)) % 10) * ID_WEIGHTS[k]
        check = np.array(list("10X98765432"))[total % 11]
        return pc.binary_join_element_wise(
            pa.array(body).cast(pa.string()), pa.array(check, pa.string()), ""
        )

    def names(self, idx: np.ndarray) -> pa.Array:
        # deterministic per person: hash the index
        h = (
            idx.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(self.seed)
        ) >> np.uint64(8)
        h = h.astype(np.int64) & 0x7FFFFFFFFFFF
        surname = h % len(SURNAMES)
        g1 = (h // 97) % len(GIVEN)
        g2 = (h // (97 * 211)) % (len(GIVEN) + 40)  # >= len(GIVEN): a one-character given name
        s = _dict_strings(list(SURNAMES), surname)
        a = _dict_strings(list(GIVEN), g1)
        b = _dict_strings([*GIVEN, *([""] * 40)], np.minimum(g2, len(GIVEN) + 39))
        return pc.binary_join_element_wise(s, a, b, "")


def _dates(rng: np.random.Generator, n: int, first: str, last: str) -> np.ndarray:
    a, b = np.datetime64(first), np.datetime64(last)
    return a + rng.integers(0, int((b - a).astype(np.int64)) + 1, n).astype("timedelta64[D]")


def _money(values: np.ndarray) -> pa.Array:
    return pa.array(np.round(np.asarray(values, dtype=np.float64), 2)).cast(pa.decimal128(18, 2))


class _Out:
    def __init__(self, out_dir: Path, dataset_type: str):
        from jiandu.crosscheck.engine.datasets import arrow_schema

        self.schema = arrow_schema(dataset_type)
        self.path = out_dir / f"{dataset_type}.parquet"
        self.writer = pq.ParquetWriter(self.path, self.schema, compression="zstd")
        self.rows = 0

    def write(self, columns: dict[str, pa.Array | np.ndarray]) -> None:
        n = len(next(iter(columns.values())))
        arrays = []
        for f in self.schema:
            if f.name == "_row":
                arrays.append(pa.array(np.arange(self.rows + 2, self.rows + 2 + n, dtype=np.int64)))
            elif f.name in columns:
                arrays.append(pa.array(columns[f.name]).cast(f.type))
            else:
                arrays.append(pa.nulls(n, f.type))
        table = pa.Table.from_arrays(arrays, schema=self.schema)
        self.writer.write_table(table, row_group_size=ROW_GROUP)
        self.rows += n

    def close(self) -> Path:
        self.writer.close()
        return self.path


def _uscc_array(seqs: np.ndarray, area_idx: np.ndarray) -> pa.Array:
    """Vectorised USCCs "91" + area + 8-digit org code + org check + USCC check."""
    areas = np.array([int(a) for a in PROVINCE_AREAS], dtype=np.int64)[area_idx]
    org = seqs.astype(np.int64) % 100_000_000
    ow = (3, 7, 9, 10, 5, 8, 4, 2)
    s = np.zeros(len(org), dtype=np.int64)
    for k in range(8):
        s += ((org // 10 ** (7 - k)) % 10) * ow[k]
    oc = 11 - s % 11  # 1..11; 10 → X (alphabet index 33? no: X), 11 → 0
    oc_char_idx = np.where(oc == 11, 0, np.where(oc == 10, USCC_ALPHABET.index("X"), oc))
    digits = [np.full(len(org), 9), np.full(len(org), 1)]
    digits += [(areas // 10 ** (5 - k)) % 10 for k in range(6)]
    digits += [(org // 10 ** (7 - k)) % 10 for k in range(8)]
    digits.append(oc_char_idx)
    total = np.zeros(len(org), dtype=np.int64)
    for k, d in enumerate(digits):
        total += d * USCC_WEIGHTS[k]
    last = (31 - total % 31) % 31
    alphabet = np.array(list(USCC_ALPHABET))
    head = pa.array((91 * 10**6 + areas) * 10**8 + org).cast(pa.string())
    return pc.binary_join_element_wise(
        head, pa.array(alphabet[oc_char_idx]), pa.array(alphabet[last]), ""
    )


def generate_province(out_dir: Path, *, seed: int = 2026, scale: float = 1.0) -> dict[str, Path]:
    """The province-scale set as normalised Parquet (see the module docstring). ``scale``
    shrinks every size (tests use a tiny fraction). Memory stays bounded: the large
    datasets are written in chunks of at most a million rows."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    n = {
        k: max(1, int(v * scale)) if k != "payroll_months" else v for k, v in PROVINCE_SIZES.items()
    }
    n["units"] = max(20, n["units"])
    pop = _People(n["population"], seed)
    paths: dict[str, Path] = {}
    # persons: [0, officials) officials (also employees); [0, employees) employees;
    # [employees, population - deaths) beneficiaries and company people;
    # [population - deaths, population) the dead.
    n_emp, n_pop, n_dead = n["public_employees"], n["population"], n["deaths"]
    n_emp = min(n_emp, n_pop // 3)
    n_dead = min(n_dead, n_pop // 4)
    n_off = min(n["officials"], n_emp)
    dead_start = n_pop - n_dead
    units = [
        f"{CITIES[i % len(CITIES)]}{i // len(CITIES):04d}号单位{DEPTS[i % len(DEPTS)]}"
        for i in range(n["units"])
    ]
    towns = [
        f"{CITIES[i % len(CITIES)]}第{i:03d}镇人民政府" for i in range(max(10, n["units"] // 15))
    ]

    # deaths (plus the planted dead employees, see payroll)
    dead_idx = np.arange(dead_start, n_pop)
    died = _dates(rng, len(dead_idx), "2018-01-01", "2025-12-31")
    dead_emp = rng.choice(n_emp, size=max(1, n_emp // 4000), replace=False)
    out = _Out(out_dir, "deaths")
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
    paths["deaths"] = out.close()

    # public employees; officials are the first of them
    emp_unit = rng.integers(0, len(units), n_emp)
    out = _Out(out_dir, "public_employees")
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
    paths["public_employees"] = out.close()
    off = np.arange(n_off)
    out = _Out(out_dir, "officials")
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
    paths["officials"] = out.close()
    n_rel = n["relatives"]
    rel_off = rng.integers(0, n_off, n_rel)
    rel_start = max(n_emp, dead_start - n_rel)  # relatives have no company role by chance
    rel_person = rng.integers(rel_start, dead_start, n_rel)
    out = _Out(out_dir, "relatives")
    out.write(
        {
            "official_citizen_id": pop.ids(rel_off),
            "official_name": pop.names(rel_off),
            "name": pop.names(rel_person),
            "citizen_id": pop.ids(rel_person),
            "relation": _dict_strings(
                ["配偶", "子女", "父母", "兄弟姐妹", "子女配偶"], rng.integers(0, 5, n_rel)
            ),
        }
    )
    paths["relatives"] = out.close()

    # payments: enrolments (person, program) paid monthly over 24 months
    months = np.arange(np.datetime64("2024-01"), np.datetime64("2026-01"))
    n_enrol = max(1, int(n["payments"] / len(months) * 1.075))  # deaths stop some
    enrol_person = n_emp + rng.permutation(dead_start - n_emp)[:n_enrol]  # one enrolment each
    kind = rng.random(n_enrol)
    dead_pick = rng.integers(dead_start, n_pop, n_enrol)
    enrol_person = np.where(kind < 0.08, dead_pick, enrol_person)  # some later die
    enrol_program = rng.integers(0, len(PROGRAMS), n_enrol)
    _, first = np.unique(enrol_person * len(PROGRAMS) + enrol_program, return_index=True)
    unique = np.zeros(n_enrol, dtype=bool)
    unique[first] = True  # a person is enrolled in a programme once
    planted_emp = kind > 0.998  # R01: employees receiving benefits
    enrol_person = np.where(planted_emp, rng.integers(0, n_emp, n_enrol), enrol_person)
    enrol_town = rng.integers(0, len(towns), n_enrol)
    enrol_died = np.full(n_enrol, np.datetime64("2100-01-01"), dtype="datetime64[D]")
    is_dead = enrol_person >= dead_start
    enrol_died[is_dead] = died[enrol_person[is_dead] - dead_start]
    keeps_paying = rng.random(n_enrol) < 0.02  # R02: paid after death
    amounts = np.array(PROGRAM_AMOUNTS, dtype=np.float64)[enrol_program]
    ids_all = pop.ids(enrol_person)
    names_all = pop.names(enrol_person)
    dup_rows = rng.random(n_enrol) < 0.0005  # R09: paid twice in a month
    out = _Out(out_dir, "payments")
    for m in months:
        paid = m.astype("datetime64[D]") + rng.integers(9, 20, n_enrol).astype("timedelta64[D]")
        keep = ((paid <= enrol_died) | keeps_paying) & unique
        sel = np.nonzero(keep)[0]
        dup = np.nonzero(keep & dup_rows & (rng.random(n_enrol) < 0.1))[0]
        sel = np.concatenate([sel, dup])
        idx = pa.array(sel)
        out.write(
            {
                "payee_name": names_all.take(idx),
                "payee_citizen_id": ids_all.take(idx),
                "program": _dict_strings(PROGRAMS, enrol_program[sel]),
                "amount": _money(amounts[sel]),
                "paid_on": paid[sel],
                "payer_unit": _dict_strings(towns, enrol_town[sel]),
                "household_id": pa.array(sel).cast(pa.string()),
            }
        )
    paths["payments"] = out.close()
    del ids_all, names_all

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

    # companies and their people
    n_co = n["companies"]
    co_area = rng.integers(0, len(PROVINCE_AREAS), n_co)
    co_uscc = _uscc_array(np.arange(1, n_co + 1) * 7919 + 13, co_area)
    co_addr_idx = np.arange(n_co)
    co_phone = 13_000_000_000 + np.arange(n_co) * 37 % 999_999_999
    n_shared = max(1, n_co // 2000)  # pairs of companies sharing an address and a phone
    a_idx = rng.choice(n_co, size=2 * n_shared, replace=False)
    co_addr_idx[a_idx[n_shared:]] = co_addr_idx[a_idx[:n_shared]]
    co_phone[a_idx[n_shared:]] = co_phone[a_idx[:n_shared]]
    addresses = pc.binary_join_element_wise(
        _dict_strings(CITIES, co_area % len(CITIES)),
        pa.array(co_addr_idx).cast(pa.string()),
        pa.scalar("号"),
        "",
    )
    co_names = pc.binary_join_element_wise(
        _dict_strings(CITIES, co_area % len(CITIES)),
        pa.array(np.arange(n_co)).cast(pa.string()),
        _dict_strings(
            ["商贸有限公司", "建设工程有限公司", "科技有限公司", "物业管理有限公司"],
            rng.integers(0, 4, n_co),
        ),
        "",
    )
    out = _Out(out_dir, "companies")
    out.write(
        {
            "uscc": co_uscc,
            "name": co_names,
            "address": addresses,
            "phone": pa.array(co_phone).cast(pa.string()),
            "registered_on": _dates(rng, n_co, "2005-01-01", "2023-12-31"),
        }
    )
    paths["companies"] = out.close()
    n_cp = n["company_people"]
    out = _Out(out_dir, "company_people")
    for lo in range(0, n_cp, CHUNK):
        m = min(CHUNK, n_cp - lo)
        co = rng.integers(0, n_co, m)
        person = rng.integers(n_off, rel_start, m)  # officials only where planted (R04)
        planted = rng.random(m) < 0.0003
        person = np.where(planted, rng.integers(0, n_off, m), person)
        out.write(
            {
                "uscc": co_uscc.take(pa.array(co)),
                "person_name": pop.names(person),
                "person_citizen_id": pop.ids(person),
                "role": _dict_strings(ROLES, rng.integers(0, len(ROLES), m)),
                "share_ratio": np.round(rng.random(m) * 100, 2),
            }
        )
    # R03: relatives' companies (their people) that contract with the official's unit
    n_r3 = max(1, n_rel // 1000)
    r3 = rng.choice(n_rel, size=n_r3, replace=False)
    r3_co = rng.integers(0, n_co, n_r3)
    out.write(
        {
            "uscc": co_uscc.take(pa.array(r3_co)),
            "person_name": pop.names(rel_person[r3]),
            "person_citizen_id": pop.ids(rel_person[r3]),
            "role": _dict_strings(ROLES, np.zeros(n_r3, dtype=np.int64)),
            "share_ratio": np.full(n_r3, 60.0),
        }
    )
    paths["company_people"] = out.close()

    # contracts, with planted split clusters (R05) and the R03 contracts
    n_ct = n["contracts"]
    out = _Out(out_dir, "contracts")
    ct_co = rng.integers(0, n_co, n_ct)
    ct_amount = np.minimum(np.exp(rng.normal(11.0, 1.2, n_ct)), 9_000_000)
    subj = rng.integers(0, len(SUBJECTS), n_ct)
    out.write(
        {
            "contract_id": pc.binary_join_element_wise(
                pa.scalar("HT"), pa.array(np.arange(n_ct)).cast(pa.string()), ""
            ),
            "buyer_unit": _dict_strings(units, rng.integers(0, len(units), n_ct)),
            "supplier_uscc": co_uscc.take(pa.array(ct_co)),
            "supplier_name": co_names.take(pa.array(ct_co)),
            "subject": _dict_strings(SUBJECTS, subj),
            "amount": _money(np.round(ct_amount, 2)),
            "signed_on": _dates(rng, n_ct, "2023-01-01", "2025-12-31"),
            "procurement_method": _dict_strings(METHODS, rng.integers(0, len(METHODS), n_ct)),
            "procurement_type": _dict_strings(TYPES, rng.integers(0, 3, n_ct)),
        }
    )
    n_split = max(1, n_ct // 2000)
    parts = 3
    sp_unit = np.repeat(rng.integers(0, len(units), n_split), parts)
    sp_co = np.repeat(rng.integers(0, n_co, n_split), parts)
    sp_subj = np.repeat(rng.integers(0, len(SUBJECTS), n_split), parts)
    sp_day = np.repeat(_dates(rng, n_split, "2023-02-01", "2025-10-31"), parts) + np.tile(
        np.array([0, 12, 25]), n_split
    ).astype("timedelta64[D]")
    sp_amount = np.tile(np.array([1_500_000.0, 1_400_000.0, 1_300_000.0]), n_split)
    ids = np.arange(n_ct, n_ct + n_split * parts)
    out.write(
        {
            "contract_id": pc.binary_join_element_wise(
                pa.scalar("HT"), pa.array(ids).cast(pa.string()), ""
            ),
            "buyer_unit": _dict_strings(units, sp_unit),
            "supplier_uscc": co_uscc.take(pa.array(sp_co)),
            "supplier_name": co_names.take(pa.array(sp_co)),
            "subject": pc.binary_join_element_wise(
                _dict_strings(SUBJECTS, sp_subj),
                _dict_strings(["一期", "二期", "三期"], np.tile(np.arange(3), n_split)),
                "",
            ),
            "amount": _money(sp_amount),
            "signed_on": sp_day,
            "procurement_method": _dict_strings(METHODS, np.zeros(len(ids), dtype=np.int64)),
            "procurement_type": _dict_strings(TYPES, np.zeros(len(ids), dtype=np.int64)),
        }
    )
    r3_unit = emp_unit[rel_off[r3]]
    ids = np.arange(n_ct + n_split * parts, n_ct + n_split * parts + n_r3)
    out.write(
        {
            "contract_id": pc.binary_join_element_wise(
                pa.scalar("HT"), pa.array(ids).cast(pa.string()), ""
            ),
            "buyer_unit": _dict_strings(units, r3_unit),
            "supplier_uscc": co_uscc.take(pa.array(r3_co)),
            "supplier_name": co_names.take(pa.array(r3_co)),
            "subject": _dict_strings(SUBJECTS, rng.integers(0, len(SUBJECTS), n_r3)),
            "amount": _money(np.full(n_r3, 380_000.0)),
            "signed_on": _dates(rng, n_r3, "2024-01-01", "2025-06-30"),
            "procurement_method": _dict_strings(METHODS, np.zeros(n_r3, dtype=np.int64)),
            "procurement_type": _dict_strings(TYPES, np.ones(n_r3, dtype=np.int64)),
        }
    )
    paths["contracts"] = out.close()

    # bids: tenders of 5 bidders; the companies sharing address/phone bid together sometimes
    n_bids = n["bids"]
    per = 5
    n_t = max(1, n_bids // per)
    bid_co = rng.integers(0, n_co, n_t * per)
    pairs = min(n_t, n_shared)
    bid_co[np.arange(pairs) * per] = a_idx[:pairs]
    bid_co[np.arange(pairs) * per + 1] = a_idx[n_shared : n_shared + pairs]
    tender = np.repeat(np.arange(n_t), per)
    out = _Out(out_dir, "bids")
    out.write(
        {
            "tender_id": pc.binary_join_element_wise(
                pa.scalar("ZB"), pa.array(tender).cast(pa.string()), ""
            ),
            "bidder_uscc": co_uscc.take(pa.array(bid_co)),
            "bidder_name": co_names.take(pa.array(bid_co)),
            "bid_amount": _money(np.round(rng.uniform(1e5, 5e6, n_t * per), 2)),
            "address": addresses.take(pa.array(bid_co)),
            "phone": pa.array(co_phone[bid_co]).cast(pa.string()),
        }
    )
    paths["bids"] = out.close()

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

    # vehicles and fuel cards: transactions on working days in the home area, except planted
    n_v = n["vehicles"]
    plates = pc.binary_join_element_wise(
        pa.scalar("浙A"), pa.array(np.arange(10000, 10000 + n_v)).cast(pa.string()), ""
    )
    tanks = rng.integers(45, 75, n_v).astype(np.float64)
    out = _Out(out_dir, "vehicles")
    out.write(
        {
            "plate": plates,
            "unit": _dict_strings(units, rng.integers(0, len(units), n_v)),
            "tank_liters": tanks,
        }
    )
    paths["vehicles"] = out.close()
    workdays = _working_days(date(2024, 1, 1), date(2025, 12, 31))
    restdays = _rest_days(date(2024, 1, 1), date(2025, 12, 31))
    n_f = n["fuel_transactions"]
    out = _Out(out_dir, "fuel_transactions")
    for lo in range(0, n_f, CHUNK):
        m = min(CHUNK, n_f - lo)
        v = rng.integers(0, n_v, m)
        day = workdays[rng.integers(0, len(workdays), m)]
        odd = rng.random(m)
        day = np.where(odd < 0.001, restdays[rng.integers(0, len(restdays), m)], day)
        liters = np.round(tanks[v] * rng.uniform(0.2, 0.45, m), 2)
        liters = np.where((odd >= 0.001) & (odd < 0.002), tanks[v] * 1.6, liters)
        area = np.where((odd >= 0.002) & (odd < 0.003), 1, 0)
        at = day.astype("datetime64[s]") + rng.integers(8 * 3600, 18 * 3600, m).astype(
            "timedelta64[s]"
        )
        out.write(
            {
                "card_no": pc.binary_join_element_wise(
                    pa.scalar("YK"), pa.array(v).cast(pa.string()), ""
                ),
                "plate": plates.take(pa.array(v)),
                "station": _dict_strings(
                    [f"中石化第{i}站" for i in range(50)], rng.integers(0, 50, m)
                ),
                "area": _dict_strings(["浙江省", "安徽省"], area),
                "liters": liters,
                "amount": _money(np.round(liters * 7.9, 2)),
                "at": at.astype("datetime64[us]"),
            }
        )
    paths["fuel_transactions"] = out.close()
    return paths


def _working_days(first: date, last: date) -> np.ndarray:
    from jiandu.core.calendar import bundled_calendar

    cal = bundled_calendar()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return np.array([d for d in days if cal.is_working_day(d)], dtype="datetime64[D]")


def _rest_days(first: date, last: date) -> np.ndarray:
    from jiandu.core.calendar import bundled_calendar

    cal = bundled_calendar()
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return np.array([d for d in days if cal.is_rest_day(d)], dtype="datetime64[D]")


# --------------------------------------------------------------------------- demo county


@dataclass
class Planted:
    """One planted anomaly: the hit a rule must find (its identity is the rule's)."""

    rule: str
    key: list
    note: str
    match: str = "id"
    identity: str = ""

    def __post_init__(self) -> None:
        from jiandu.crosscheck.engine.datasets import normalise_text

        self.key = [normalise_text(v) if isinstance(v, str) else v for v in self.key]
        if not self.identity:
            from jiandu.crosscheck.engine.run import hit_identity

            self.identity = hit_identity(self.rule, self.key)


@dataclass
class CountyData:
    paths: dict[str, Path]
    planted: list[Planted]
    rejections: list[dict]  # {"dataset", "row", "column"} the import must reject
    params: dict = field(default_factory=dict)


class _County:
    """Builds the demo county's source files. Persons get distinct birth dates so that no
    two of them share the first 14 digits of an ID unless planted (R01's name pass)."""

    def __init__(self, seed: int, roster: list[dict] | None, today: date):
        self.rng = random.Random(seed)
        self.today = today
        taken_areas = {r["citizen_id"][:6] for r in roster or []}
        self.area = next(
            a for a in (COUNTY_AREA, "330782", "330783", "330784", "330785") if a not in taken_areas
        )
        taken_days = {
            r["citizen_id"][6:14] for r in roster or [] if r["citizen_id"][:6] == self.area
        }
        first = date(1945, 1, 1)
        self.days = [
            d
            for d in (first + timedelta(days=i) for i in range(0, 365 * 60))
            if f"{d:%Y%m%d}" not in taken_days
        ]
        self.rng.shuffle(self.days)
        self.used_names: set[str] = {r["name"] for r in roster or []}
        self.seq = 0
        self.uscc_seq = 5000

    def name(self, unique: bool = True) -> str:
        while True:
            text = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            if self.rng.random() < 0.7:
                text += self.rng.choice(GIVEN)
            if not unique or text not in self.used_names:
                self.used_names.add(text)
                return text

    def person(self, born: date | None = None) -> dict:
        born = born or self.days.pop()
        self.seq += 1
        return {"name": self.name(), "citizen_id": citizen_id(self.area, born, self.seq * 2 + 1)}

    def company(self) -> dict:
        self.uscc_seq += 1
        n = self.uscc_seq
        return {
            "uscc": uscc(self.area, n * 7 + 3),
            "name": f"{COUNTY_NAME}{self.rng.choice('宏远鑫盛恒达隆泰华信永安')}"
            f"{self.rng.choice('源丰茂祥利昌和')}{n}"
            f"{self.rng.choice(['商贸有限公司', '建设工程有限公司', '科技有限公司'])}",
            "address": f"{COUNTY_NAME}兰江街道"
            f"{self.rng.choice(['人民路', '解放路', '新华路', '江滨路'])}{n}号",
            "phone": f"13{self.rng.randrange(100_000_000, 999_999_999)}",
            "registered_on": date(2010, 1, 1) + timedelta(days=n % 4000),
        }


def _typo(name: str) -> str:
    """A homophone typo (明 → 铭) in the given name, or the name unchanged."""
    for i in range(len(name) - 1, 0, -1):
        if name[i] in HOMOPHONES:
            return name[:i] + HOMOPHONES[name[i]] + name[i + 1 :]
    return name


def _write_csv(
    path: Path, headers: list[str], rows: list[list], encoding: str = "utf-8-sig"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    return path


def _write_xlsx(path: Path, headers: list[str], rows: list[list], title: str | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for column in sheet.iter_cols(min_row=1, max_row=sheet.max_row):
        for cell in column:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    book.save(path)
    return path


def _months(today: date, n: int = 12) -> list[date]:
    """The first days of the ``n`` months before ``today``'s month."""
    year, month = today.year, today.month
    result = []
    for _ in range(n):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        result.append(date(year, month, 1))
    return sorted(result)


def _cn_date(d: date, style: int) -> str:
    return (
        f"{d:%Y-%m-%d}",
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}年{d.month}月{d.day}日",
        f"{d:%Y%m%d}",
    )[style % 4]


def generate_county(
    out_dir: Path,
    *,
    seed: int = 2026,
    roster: list[dict] | None = None,
    relatives: list[dict] | None = None,
    today: date | None = None,
) -> dict[str, Path]:
    """Demo-county source files with planted anomalies of every rule (see
    :func:`county_data`); writes ``planted.json`` next to them and returns type → path."""
    return county_data(out_dir, seed=seed, roster=roster, relatives=relatives, today=today).paths


def county_data(
    out_dir: Path,
    *,
    seed: int = 2026,
    roster: list[dict] | None = None,
    relatives: list[dict] | None = None,
    today: date | None = None,
) -> CountyData:
    """The demo county's data. ``roster`` = the county's cadres ``[{name, citizen_id, unit,
    post}]`` (hits then point at real cadres and units; a synthetic roster otherwise);
    ``relatives`` = their relatives from the register ``[{official_citizen_id,
    official_name, name, citizen_id, relation}]`` (synthesised when not given).

    External datasets are written as CSV/XLSX with the usual Chinese headers (GBK for one,
    a title line above the header for another); the internal ``officials`` and
    ``relatives`` as Parquet. Returns the paths, the planted anomalies (each with the hit
    identity its rule must produce) and the rows the import must reject.
    """
    from jiandu.core.calendar import bundled_calendar
    from jiandu.crosscheck.engine.datasets import write_internal

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    today = today or date.today()
    c = _County(seed, roster, today)
    rng = c.rng
    cal = bundled_calendar()
    planted: list[Planted] = []
    rejections: list[dict] = []
    months = _months(today)
    start, end = months[0], months[-1] + timedelta(days=27)

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
                _cn_date(day, rng.randrange(4) if style is None else style),
                town,
                f"H{abs(hash(person['citizen_id'])) % 10**8:08d}",
            ]
        )

    dead: list[dict] = []  # death register rows: name, citizen_id (as written), died_on
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
    twin = {"name": _typo(twin_of["name"]), "citizen_id": twin_id}
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
                "name": p["name"] if k == 0 else _typo(p["name"]),
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
                if r[1] == p["citizen_id"] and _parse_cn(r[4]).replace(day=1) == m
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
            pay_rows_for[0][0] = _typo(p["name"])
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
    paths: dict[str, Path] = {}
    paths["payments"] = _write_csv(
        out_dir / "payments.csv",
        ["姓名", "公民身份号码", "补贴项目", "发放金额（元）", "发放日期", "发放单位", "户编号"],
        pay_rows,
    )

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
    paths["payroll"] = _write_csv(
        out_dir / "payroll.csv", ["姓名", "证件号码", "单位", "实发工资", "工资月份"], payroll_rows
    )

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
        [d["name"], d["citizen_id"], _cn_date(d["died_on"], i)] for i, d in enumerate(dead)
    ]
    death_rows += [list(r) for r in death_rows[:3]]
    paths["deaths"] = _write_xlsx(
        out_dir / "deaths.xlsx",
        ["死者姓名", "身份证号码", "死亡日期"],
        death_rows,
        title=f"{COUNTY_NAME}死亡人员登记表",
    )

    emp_rows = [[e["name"], e["citizen_id"], e["unit"], e["post"]] for e in employees]
    emp_rows += [list(r) for r in emp_rows[:5]]  # duplicated roster rows
    paths["public_employees"] = _write_csv(
        out_dir / "public_employees.csv",
        ["姓名", "身份证号", "工作单位", "职务"],
        emp_rows,
        encoding="gb18030",
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
                _cn_date(day, cid_seq[0]),
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
        [co8a["name"], "", co8a["uscc"], "（2022）兰刑初18号", _cn_date(recorded, 0)]
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
        [p8["name"], p8["citizen_id"], "", "（2023）兰刑初7号", _cn_date(recorded, 2)]
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
    briber_rows.append([_typo(p8c["name"]), "", "", "（2021）兰刑初33号", _cn_date(recorded, 1)])
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
            f"行贿人{_typo(p8c['name'])}（无证件号）与供应商法定代表人{p8c['name']}同音",
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
            _cn_date(start + timedelta(days=200), 0),
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
                _cn_date(start - timedelta(days=rng.randrange(400)), 1),
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
    paths["companies"] = _write_csv(
        out_dir / "companies.csv",
        ["统一社会信用代码", "企业名称", "住所", "联系电话", "成立日期"],
        [
            [co["uscc"], co["name"], co["address"], co["phone"], _cn_date(co["registered_on"], 2)]
            for co in companies
        ],
    )
    paths["company_people"] = _write_csv(
        out_dir / "company_people.csv",
        ["统一社会信用代码", "姓名", "身份证号", "职务", "持股比例"],
        people_rows,
    )
    paths["contracts"] = _write_xlsx(
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
    paths["bids"] = _write_csv(
        out_dir / "bids.csv",
        ["项目编号", "投标人统一社会信用代码", "投标人名称", "投标报价", "地址", "联系电话"],
        bid_rows,
    )
    paths["bribers"] = _write_csv(
        out_dir / "bribers.csv",
        ["行贿人名称", "身份证号", "统一社会信用代码", "案件编号", "录入日期"],
        briber_rows,
    )

    # -- vehicles and fuel cards (R10): working days at home, one fill a day under the tank
    work = [
        d
        for d in (start + timedelta(days=i) for i in range((end - start).days))
        if cal.is_working_day(d)
    ]
    rest = [
        d
        for d in (start + timedelta(days=i) for i in range((end - start).days))
        if cal.is_rest_day(d)
    ]
    holiday = [d for d in rest if d in cal.holidays] or rest
    vehicles = [
        [f"浙G{10000 + i}", units[i % len(units)], float(rng.choice([50, 55, 60, 65]))]
        for i in range(25)
    ]
    fuel_rows: list[list] = []
    for v in vehicles:
        for day in sorted(rng.sample(work, 14)):
            liters = round(v[2] * rng.uniform(0.3, 0.8), 2)
            at = datetime.combine(day, datetime.min.time()) + timedelta(
                minutes=rng.randrange(8 * 60, 18 * 60)
            )
            fuel_rows.append(
                [
                    f"YK{v[0][2:]}",
                    v[0],
                    rng.choice(["中石化兰江站", "中石油江滨站", "中石化石桥站"]),
                    "兰江县",
                    liters,
                    f"{liters * 7.9:.2f}",
                    at.strftime("%Y-%m-%d %H:%M"),
                ]
            )
    v1, v2, v3 = vehicles[0], vehicles[1], vehicles[2]
    hday = rng.choice(holiday)
    fuel_rows.append(
        [
            f"YK{v1[0][2:]}",
            v1[0],
            "中石化兰江站",
            "兰江县",
            30.0,
            "237.00",
            f"{hday:%Y-%m-%d} 10:15",
        ]
    )
    planted.append(Planted("R10", [f"YK{v1[0][2:]}", hday, "rest_day"], f"{v1[0]}节假日加油"))
    wday = next(
        d
        for d in work
        if d.weekday() == 2 and d not in {_parse_cn(r[6][:10]) for r in fuel_rows if r[1] == v2[0]}
    )
    fuel_rows.append(
        [
            f"YK{v2[0][2:]}",
            v2[0],
            "中石化杭州西站",
            "杭州市",
            40.0,
            "316.00",
            f"{wday:%Y/%m/%d} 15:40",
        ]
    )
    planted.append(Planted("R10", [f"YK{v2[0][2:]}", wday, "outside_area"], f"{v2[0]}异地加油"))
    wday3 = next(
        d
        for d in work
        if d.weekday() == 3 and d not in {_parse_cn(r[6][:10]) for r in fuel_rows if r[1] == v3[0]}
    )
    for hour in (9, 16):
        fuel_rows.append(
            [
                f"YK{v3[0][2:]}",
                v3[0],
                "中石化兰江站",
                "兰江县",
                v3[2] * 0.8,
                f"{v3[2] * 0.8 * 7.9:.2f}",
                f"{wday3:%Y-%m-%d} {hour}:05",
            ]
        )
    planted.append(
        Planted("R10", [f"YK{v3[0][2:]}", wday3, "over_tank"], f"{v3[0]}一天加油超过油箱容积")
    )
    paths["vehicles"] = _write_csv(
        out_dir / "vehicles.csv", ["车牌号", "使用单位", "油箱容积（升）"], vehicles
    )
    paths["fuel_transactions"] = _write_csv(
        out_dir / "fuel_transactions.csv",
        ["卡号", "车牌号", "加油站", "加油地区", "加油量（升）", "金额", "交易时间"],
        fuel_rows,
    )

    # -- internal datasets (normally exported from the organisation register)
    write_internal("officials", officials, out_dir / "officials.parquet")
    write_internal("relatives", relatives, out_dir / "relatives.parquet")
    paths["officials"] = out_dir / "officials.parquet"
    paths["relatives"] = out_dir / "relatives.parquet"

    data = CountyData(
        paths=paths, planted=planted, rejections=rejections, params={"fuel_areas": ["兰江县"]}
    )
    (out_dir / "planted.json").write_text(
        json.dumps(
            {
                "planted": [asdict(p) for p in planted],
                "rejections": rejections,
                "params": data.params,
            },
            ensure_ascii=False,
            indent=1,
            default=str,
        ),
        encoding="utf-8",
    )
    return data


def citizen_id_birth(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def _parse_cn(text: str) -> date:
    from jiandu.crosscheck.engine.datasets import normalise_value

    return normalise_value("date", text)
