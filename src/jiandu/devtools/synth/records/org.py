"""The synthetic province's organisation: the commission tree (province → cities →
counties, each commission with its offices, resident teams and, in a county, township
commissions), the supervised units (departments and towns under each level's Party
committee, linked to the teams and township commissions that supervise them), cadres
holding posts in them, and a few accounts (a leader and a case-management officer per
commission).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password

from jiandu.accounts.models import User
from jiandu.devtools.synth.common import GIVEN, SURNAMES, citizen_id
from jiandu.devtools.synth.records.loader import Ids, write
from jiandu.org.models import (
    Cadre,
    Liaison,
    LiaisonKind,
    PoliticalStatus,
    Post,
    Rank,
    Unit,
    UnitKind,
)

PROVINCE_NAME = "江南省"
CITY_NAMES = (
    "临川", "云梦", "青州", "白鹭", "东阳", "南浦", "西岭", "金溪", "玉山", "清河",
    "石城", "龙泉", "长汀", "凤鸣", "安澜", "平湖", "宁远", "永和", "泰和", "嘉禾",
)  # fmt: skip
COUNTY_SYLLABLES = "安宁平和丰泰兴隆永康嘉禾德化清源长乐新昌怀远崇义广信鹤峰灵溪桃源松阳"
OFFICES = (
    # (suffix of the code, name, kind)
    ("XF", "信访室", UnitKind.PETITION_OFFICE),
    ("AG", "案件监督管理室", UnitKind.CASE_MANAGEMENT_OFFICE),
    *(
        (f"S{i}", f"第{n}纪检监察室", UnitKind.SUPERVISION_OFFICE)
        for i, n in enumerate("一二三四五六", 1)
    ),
    ("SL", "案件审理室", UnitKind.REVIEW_OFFICE),
    ("XC", "巡察办", UnitKind.INSPECTION_OFFICE),
)  # fmt: skip
DEPARTMENTS = (
    "教育局", "公安局", "民政局", "财政局", "人力资源和社会保障局", "自然资源局",
    "住房和城乡建设局",
    "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "应急管理局",
    "审计局", "市场监督管理局", "统计局", "医疗保障局", "林业局", "城市管理局", "发展和改革委员会",
    "生态环境局", "退役军人事务局", "行政审批局", "供销合作社",
)  # fmt: skip
LEVEL_PREFIX = {"province": "省", "city": "市", "county": "县"}
SIZES = {
    # resident teams, township commissions (and as many towns), departments, cadres
    "province": (7, 0, 15, 300),
    "city": (7, 0, 15, 300),
    "county": (7, 20, 25, 600),
}


@dataclass
class Jurisdiction:
    """One commission and what is under it."""

    level: str
    index: str  # "P", "C03", "C03-07"
    name: str
    commission: int
    party_committee: int
    area: str
    offices: dict[str, int] = field(default_factory=dict)  # code suffix -> unit id
    supervision: list[int] = field(default_factory=list)
    teams: list[int] = field(default_factory=list)
    townships: list[int] = field(default_factory=list)
    departments: list[int] = field(default_factory=list)
    towns: list[int] = field(default_factory=list)
    # (id, name, rank, unit id, title)
    cadres: list[tuple[int, str, str, int, str]] = field(default_factory=list)
    leader: int = 0  # user ids
    handler: int = 0
    weight: float = 1.0
    parent: Jurisdiction | None = None

    @property
    def petition(self) -> int:
        return self.offices["XF"]

    @property
    def case_management(self) -> int:
        return self.offices["AG"]

    @property
    def review(self) -> int:
        return self.offices["SL"]


@dataclass
class Province:
    jurisdictions: list[Jurisdiction]
    users: dict[str, int]  # the bench's accounts: username -> id

    def of_level(self, level: str) -> list[Jurisdiction]:
        return [j for j in self.jurisdictions if j.level == level]


def shape(scale: str) -> list[tuple[int, int]]:
    """(city number, counties in it) per city of the scale: a province of 15 cities and
    100 counties, one city of 7 counties, or a single county."""
    if scale == "province":
        counts = [7] * 15
        for i in range(100 - sum(counts)):
            counts[i] += 1
        return list(enumerate(counts, start=1))
    if scale == "city":
        return [(1, 7)]
    return [(1, 1)]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def build(scale: str, *, rng: random.Random, ids: Ids, cadre_fraction: float = 1.0) -> Province:
    """Write the units, liaisons, cadres, posts and accounts of ``scale``."""
    tz = ZoneInfo(settings.TIME_ZONE)
    units: list[tuple] = []
    liaisons: list[tuple] = []

    def unit(code: str, name: str, kind: str, parent: int | None, short: str = "") -> int:
        uid = ids.take(Unit)
        units.append((uid, name, short, code, kind, parent, len(units)))
        return uid

    jurisdictions: list[Jurisdiction] = []

    def commission(level: str, index: str, name: str, parent: Jurisdiction | None, area: str):
        p = LEVEL_PREFIX[level]
        code = f"SY{index}"
        j = Jurisdiction(
            level=level,
            index=index,
            name=name,
            area=area,
            commission=unit(
                code, f"{name}纪委监委", UnitKind.COMMISSION, parent and parent.commission
            ),
            party_committee=unit(
                f"{code}-DW",
                f"中共{name}委员会",
                UnitKind.PARTY_COMMITTEE,
                parent and parent.party_committee,
            ),
            parent=parent,
        )
        for suffix, office, kind in OFFICES:
            label = f"{p}委巡察办" if kind == UnitKind.INSPECTION_OFFICE else office
            uid = unit(f"{code}-{suffix}", f"{name}纪委监委{label}", kind, j.commission, label)
            j.offices[suffix] = uid
            if kind == UnitKind.SUPERVISION_OFFICE:
                j.supervision.append(uid)
        n_teams, n_townships, n_departments, _ = SIZES[level]
        for i in range(n_departments):
            j.departments.append(
                unit(
                    f"{code}-BM{i + 1:02d}",
                    f"{name}{DEPARTMENTS[i]}",
                    UnitKind.DEPARTMENT,
                    j.party_committee,
                )
            )
        for i in range(n_teams):
            team = unit(
                f"{code}-PZ{i + 1}",
                f"{name}纪委监委派驻第{'一二三四五六七'[i]}纪检监察组",
                UnitKind.RESIDENT_TEAM,
                j.commission,
            )
            j.teams.append(team)
            for d in j.departments[i::n_teams]:
                liaisons.append((team, d, LiaisonKind.SUPERVISES))
        for i in range(n_townships):
            town_name = f"{name[:-1]}{COUNTY_SYLLABLES[i % len(COUNTY_SYLLABLES)]}镇"
            town = unit(f"{code}-XZ{i + 1:02d}", town_name, UnitKind.TOWN, j.party_committee)
            township = unit(
                f"{code}-ZJ{i + 1:02d}",
                f"{town_name}纪委",
                UnitKind.TOWNSHIP_COMMISSION,
                j.commission,
            )
            j.towns.append(town)
            j.townships.append(township)
            liaisons.append((township, town, LiaisonKind.SUPERVISES))
        for i, body in enumerate(j.teams + j.townships):
            liaisons.append((j.supervision[i % len(j.supervision)], body, LiaisonKind.GUIDES))
        jurisdictions.append(j)
        return j

    province = commission("province", "P", PROVINCE_NAME, None, "330000")
    for city_no, n_counties in shape(scale):
        city = commission(
            "city",
            f"C{city_no:02d}",
            f"{CITY_NAMES[city_no - 1]}市",
            province,
            f"33{city_no:02d}00",
        )
        for k in range(1, n_counties + 1):
            a = COUNTY_SYLLABLES[(city_no * 7 + k) % len(COUNTY_SYLLABLES)]
            b = COUNTY_SYLLABLES[(city_no * 3 + k * 5 + 1) % len(COUNTY_SYLLABLES)]
            if b == a:
                b = COUNTY_SYLLABLES[(city_no * 3 + k * 5 + 2) % len(COUNTY_SYLLABLES)]
            county = commission(
                "county", f"C{city_no:02d}-{k:02d}", f"{a}{b}县", city, f"33{city_no:02d}{k:02d}"
            )
            county.weight = rng.lognormvariate(0, 0.45)
    write(
        Unit,
        ["id", "name", "short_name", "code", "kind", "parent_id", "sort_order"],
        units,
    )
    write(Liaison, ["supervisor_id", "supervised_id", "kind"], liaisons)
    _cadres(jurisdictions, rng=rng, ids=ids, fraction=cadre_fraction)
    users = _users(jurisdictions, ids=ids, tz=tz)
    return Province(jurisdictions, users)


TITLES = {
    Rank.COUNTY: ("局长", "党组书记", "副局长", "镇党委书记", "镇长"),
    Rank.TOWNSHIP: ("科长", "副科长", "站长", "副镇长", "所长", "主任"),
    Rank.GENERAL: ("科员", "办事员", "工作人员", "会计", "出纳"),
    Rank.OTHER: ("村党支部书记", "村委会主任", "村会计", "国企职工"),
}


def _cadres(jurisdictions: list[Jurisdiction], *, rng: random.Random, ids: Ids, fraction: float):
    cadres: list[tuple] = []
    posts: list[tuple] = []
    ranks = (Rank.COUNTY, Rank.TOWNSHIP, Rank.GENERAL, Rank.OTHER)
    for j in jurisdictions:
        n = max(20, min(999, round(SIZES[j.level][3] * fraction)))
        first = ids.take(Cadre, n)
        first_post = ids.take(Post, n)
        places = j.departments + j.towns
        weights = (8, 25, 50, 17) if j.level == "county" else (25, 40, 35, 0.1)
        for i in range(n):
            cid = first + i
            rank = rng.choices(ranks, weights)[0]
            born = date(1962, 1, 1) + timedelta(days=rng.randrange(12000))
            name = person_name(rng)
            place = places[i % len(places)]
            title = rng.choice(TITLES[rank])
            cadres.append(
                (
                    cid,
                    name,
                    citizen_id(j.area, born, i),
                    rng.choice("MMMF"),
                    born,
                    PoliticalStatus.PARTY_MEMBER
                    if rng.random() < 0.85 or rank == Rank.COUNTY
                    else PoliticalStatus.NONE,
                    rank,
                    datetime(2023, 12, 1, tzinfo=ZoneInfo("UTC")),
                )
            )
            start = date(2015, 1, 1) + timedelta(days=rng.randrange(3200))
            posts.append(
                (first_post + i, cid, place, title, rank == Rank.COUNTY and i % 9 == 0, start)
            )
            j.cadres.append((cid, name, rank, place, title))
    write(
        Cadre,
        [
            "id",
            "name",
            "citizen_id",
            "gender",
            "birth_date",
            "political_status",
            "rank",
            "created_at",
        ],
        cadres,
    )
    write(Post, ["id", "cadre_id", "unit_id", "title", "is_head", "start_date"], posts)


def _users(jurisdictions: list[Jurisdiction], *, ids: Ids, tz: ZoneInfo) -> dict[str, int]:
    """A leader and a case-management officer per commission (the proposers and approvers
    of the dated approvals); the first county's, the first city's and the province's
    leaders are the bench's accounts. No password: nobody logs in as them."""
    rows: list[tuple] = []
    joined = datetime(2023, 12, 1, tzinfo=tz)
    unusable = make_password(None)
    named: dict[str, int] = {}
    for j in jurisdictions:
        for role, suffix, label in (
            ("leader", "leader", "委领导"),
            ("case_management", "ag", "案管"),
        ):
            uid = ids.take(User)
            username = f"syn-{j.index.lower()}-{suffix}"
            unit = j.commission if role == "leader" else j.case_management
            rows.append((uid, username, unusable, f"{j.name}{label}", unit, role, joined))
            if role == "leader":
                j.leader = uid
            else:
                j.handler = uid
        if j.level not in named:
            named[j.level] = j.leader
    write(User, ["id", "username", "password", "full_name", "unit_id", "role", "date_joined"], rows)
    return {
        "county": named["county"],
        "city": named["city"],
        "province": named["province"],
    }
