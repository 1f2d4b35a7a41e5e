"""The demo county: 青山县, a fictional county with its commission ("1+6+7+X"), about 80
supervised units, villages, about 3,000 cadres with their posts, relatives, companies and
company people.

Two steps, so the data can be checked without a database:
- ``generate(seed=…, cadres=…, today=…)`` is a pure function: the same arguments give the
  same ``CountySpec`` (every row as a frozen dataclass). It uses only
  ``random.Random(seed)`` and never iterates over a set, so it is stable across processes.
- ``load(…)`` writes a spec through the organisation services (units and liaisons one by
  one, the thousands of people rows through the bulk services, one audit event a batch).

Planted patterns for later cross-checks are listed in ``CountySpec.planted``.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from stdnum.cn import uscc as uscc_std

from jiandu.core.validators import citizen_id_check_digit
from jiandu.org.models import (
    CompanyRole,
    Gender,
    LiaisonKind,
    PoliticalStatus,
    Rank,
    Relation,
    UnitKind,
)

COUNTY_NAME = "青山县"
AREA_CODE = "361031"  # fictional: an unused code in a real prefecture's range
PHONE_AREA = "0794"
# Where the cadres born elsewhere come from (real codes of other places).
ELSEWHERE_AREA_CODES = (
    "361002",
    "361021",
    "361024",
    "360102",
    "360121",
    "361102",
    "430102",
    "420106",
    "330106",
    "350102",
    "440106",
    "320102",
)

# Unit codes other modules' demos may rely on.
COMMISSION = "JW"
PETITION_OFFICE = "JW01"
CASE_MANAGEMENT_OFFICE = "JW02"
CONDUCT_OFFICE = "JW03"
SUPERVISION_OFFICES = tuple(f"JW{i:02d}" for i in range(4, 10))
REVIEW_OFFICE = "JW10"
INTERNAL_AFFAIRS_OFFICE = "JW11"
INSPECTION_OFFICE = "JW12"
GENERAL_OFFICE = "JW13"
RESIDENT_TEAMS = tuple(f"PZ{i:02d}" for i in range(1, 8))
TOWNS = tuple(f"XZ{i:02d}" for i in range(1, 21))
TOWNSHIP_COMMISSIONS = tuple(f"ZJ{i:02d}" for i in range(1, 21))


# --- row specs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent: str = ""  # parent's code
    short_name: str = ""
    uscc: str = ""
    sort_order: int = 0


@dataclass(frozen=True)
class LiaisonSpec:
    supervisor: str
    supervised: str
    kind: str


@dataclass(frozen=True)
class CadreSpec:
    citizen_id: str
    name: str
    gender: str
    birth_date: date
    rank: str
    political_status: str
    phone: str


@dataclass(frozen=True)
class PostSpec:
    cadre: str  # citizen ID
    unit: str  # unit code
    title: str
    start_date: date
    end_date: date | None
    is_head: bool
    is_leadership: bool


@dataclass(frozen=True)
class RelativeSpec:
    cadre: str  # citizen ID
    relation: str
    name: str
    citizen_id: str
    occupation: str


@dataclass(frozen=True)
class CompanySpec:
    uscc: str
    name: str
    address: str
    phone: str
    registered_on: date
    registered_capital: Decimal


@dataclass(frozen=True)
class CompanyPersonSpec:
    company: str  # USCC
    person_name: str
    person_citizen_id: str
    role: str
    share_ratio: Decimal | None


@dataclass(frozen=True)
class Planted:
    """A deliberate pattern for the cross-checks: what it is and the keys involved."""

    kind: str
    description: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class CountySpec:
    seed: int
    today: date
    units: tuple[UnitSpec, ...]
    liaisons: tuple[LiaisonSpec, ...]
    cadres: tuple[CadreSpec, ...]
    posts: tuple[PostSpec, ...]
    relatives: tuple[RelativeSpec, ...]
    companies: tuple[CompanySpec, ...]
    company_people: tuple[CompanyPersonSpec, ...]
    planted: tuple[Planted, ...]


# --- names -------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Common surnames and their rough frequencies (per mille, national figures).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔向汤饶揭"
)
SURNAME_WEIGHTS = tuple(
    int(w)
    for w in _words(
        "71 70 68 54 46 32 25 23 20 19 15 15 14 13 13 12 12 11 11 10 9 9 8 7 7 7 7 6 6 6 "
        "6 6 6 5 5 5 5 5 5 5 5 4 4 4 4 4 4 4 4 4 4 4 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 2 2 2 "
        "2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 1 1"
    )
)
_SURNAME_LIST = list(SURNAMES)
if not len(SURNAMES) == len(SURNAME_WEIGHTS) == len(set(SURNAMES)):
    raise RuntimeError("SURNAMES and SURNAME_WEIGHTS must match, without repeats")

# Given names by generation and gender: one character, or two (first + second).
_GIVEN = {
    ("old", "M"): (
        "伟强军勇斌涛刚平辉华明杰峰兵波林建国东文亮锋海胜春荣",
        "建国志文德永海明红卫立新晓春小正光学金",
        "国军华明平强林伟民峰东成刚斌忠勇生荣辉龙",
    ),
    ("old", "F"): (
        "芳丽红梅英华琴燕霞艳敏静萍玲娟兰",
        "秀丽红美玉桂晓小春海雪素月金爱",
        "英兰梅芳华珍红琴霞玲萍娟云凤莲",
    ),
    ("young", "M"): (
        "磊鹏超鑫宇浩凯帆旭晨博航杰昊锐",
        "子浩宇俊家思文志嘉一天明晓博振",
        "轩豪宇杰涛鹏辉然阳航博文晨远哲",
    ),
    ("young", "F"): (
        "婷雪慧琳颖倩洁佳欣悦瑶璐雯晶蕾",
        "思欣雨佳诗梦晓子若雅婉一紫",
        "涵怡婷琪雯妍萱悦彤晴琳颖菲",
    ),
    ("child", "M"): ("睿轩浩宇泽辰航皓", "梓子浩宇俊一沐思博", "轩涵睿泽宇辰豪航阳铭"),
    ("child", "F"): ("涵萱琪悦彤妍瑶", "梓子欣雨诗思可语一", "涵萱琪悦彤妍瑶怡汐诺"),
}


def _generation(year: int) -> str:
    if year < 1980:
        return "old"
    if year < 2000:
        return "young"
    return "child"


# --- the unit tree -----------------------------------------------------------------------

P, D = UnitKind.PARTY_COMMITTEE, UnitKind.DEPARTMENT
# name, kind, staff weight, head title, deputy title, resident team (1-7), county-level head
DEPARTMENTS: tuple[tuple[str, str, int, str, str, int, bool], ...] = (
    ("县委办公室", P, 30, "县委常委、县委办公室主任", "县委办公室副主任", 1, True),
    ("县委组织部", P, 25, "县委常委、组织部部长", "组织部副部长", 2, True),
    ("县委宣传部", P, 15, "县委常委、宣传部部长", "宣传部副部长", 2, True),
    ("县委统战部", P, 12, "县委常委、统战部部长", "统战部副部长", 1, True),
    ("县委政法委员会", P, 15, "县委常委、政法委书记", "政法委副书记", 3, True),
    ("县委机构编制委员会办公室", P, 8, "主任", "副主任", 1, False),
    ("县人大常委会办公室", D, 20, "主任", "副主任", 1, False),
    ("县政协办公室", D, 15, "主任", "副主任", 1, False),
    ("县政府办公室", D, 35, "党组书记、主任", "党组成员、副主任", 4, False),
    ("县发展和改革局", D, 30, "党组书记、局长", "党组成员、副局长", 4, False),
    ("县教育局", D, 40, "党组书记、局长", "党组成员、副局长", 5, False),
    ("县科学技术和工业信息化局", D, 20, "党组书记、局长", "党组成员、副局长", 7, False),
    ("县公安局", D, 120, "党委书记、局长", "党委委员、副局长", 3, False),
    ("县民政局", D, 25, "党组书记、局长", "党组成员、副局长", 5, False),
    ("县司法局", D, 30, "党组书记、局长", "党组成员、副局长", 3, False),
    ("县财政局", D, 50, "党组书记、局长", "党组成员、副局长", 4, False),
    ("县人力资源和社会保障局", D, 35, "党组书记、局长", "党组成员、副局长", 2, False),
    ("县自然资源局", D, 40, "党组书记、局长", "党组成员、副局长", 6, False),
    ("县住房和城乡建设局", D, 40, "党组书记、局长", "党组成员、副局长", 6, False),
    ("县交通运输局", D, 35, "党组书记、局长", "党组成员、副局长", 6, False),
    ("县水利局", D, 30, "党组书记、局长", "党组成员、副局长", 7, False),
    ("县农业农村局", D, 50, "党组书记、局长", "党组成员、副局长", 7, False),
    ("县商务局", D, 15, "党组书记、局长", "党组成员、副局长", 7, False),
    ("县文化广电旅游体育局", D, 25, "党组书记、局长", "党组成员、副局长", 5, False),
    ("县卫生健康局", D, 35, "党组书记、局长", "党组成员、副局长", 5, False),
    ("县退役军人事务局", D, 12, "党组书记、局长", "党组成员、副局长", 2, False),
    ("县应急管理局", D, 25, "党组书记、局长", "党组成员、副局长", 3, False),
    ("县审计局", D, 20, "党组书记、局长", "党组成员、副局长", 4, False),
    ("县市场监督管理局", D, 60, "党组书记、局长", "党组成员、副局长", 7, False),
    ("县统计局", D, 15, "党组书记、局长", "党组成员、副局长", 4, False),
    ("县医疗保障局", D, 20, "党组书记、局长", "党组成员、副局长", 5, False),
    ("县林业局", D, 30, "党组书记、局长", "党组成员、副局长", 7, False),
    ("县城市管理局", D, 45, "党组书记、局长", "党组成员、副局长", 6, False),
    ("县行政审批服务局", D, 30, "党组书记、局长", "党组成员、副局长", 4, False),
    ("县信访局", D, 12, "党组书记、局长", "副局长", 3, False),
    ("县机关事务服务中心", D, 15, "党组书记、主任", "副主任", 4, False),
    ("县融媒体中心", D, 30, "党委书记、主任", "副主任", 2, False),
    ("县档案馆", D, 10, "馆长", "副馆长", 2, False),
    ("县供销合作社联合社", D, 15, "党组书记、主任", "副主任", 7, False),
    ("县总工会", D, 10, "党组书记、常务副主席", "副主席", 1, False),
    ("团县委", D, 6, "书记", "副书记", 1, False),
    ("县妇联", D, 6, "党组书记、主席", "副主席", 1, False),
)


def department_code(name: str) -> str:
    """The unit code of a county department by its name (``BM01`` …)."""
    for i, row in enumerate(DEPARTMENTS, start=1):
        if row[0] == name:
            return f"BM{i:02d}"
    raise KeyError(name)


SOES = (
    ("青山县城市建设投资集团有限公司", "县城投集团", 30),
    ("青山县国有资产运营有限公司", "县国资公司", 15),
    ("青山县交通建设投资有限公司", "县交投公司", 15),
)
SOE_TEAM = 6
TOWN_NAMES = _words(
    "青石镇 龙泉镇 白沙镇 桃源镇 柳河镇 石门镇 新塘镇 双溪镇 松林镇 花桥镇 "
    "大坪镇 长岭镇 三河镇 枫林乡 云台乡 黄泥乡 杨柳乡 城东街道 城西街道 "
    "城北街道"
)
_VILLAGE_ROOTS = _words(
    "石桥 王家 李家湾 新民 红旗 和平 东风 长坪 竹林 杨家 下湾 上坪 团结 "
    "胜利 光明 大塘 枫树 梅岭 沙坪 石塘 马鞍 桂花 青龙 白石 黄土 双河 "
    "高桥 新庄 柏树 金竹 茶园 老屋 塘背"
)
_COMMUNITY_ROOTS = _words(
    "人民路 解放路 建设路 东门 西门 南门 北门 滨江 新华 文昌 青云 锦绣 阳光 朝阳 龙湖 育才"
)
# (name, parent: "edu"/"health" or a town index, weight, county-level)
SCHOOLS = (
    ("青山县第一中学", "edu", 40, True),
    ("青山县第二中学", "edu", 30, True),
    ("青山县实验小学", "edu", 25, True),
    ("青山县职业中等专业学校", "edu", 20, True),
    ("青石镇中心学校", 0, 20, False),
    ("龙泉镇中心学校", 1, 20, False),
    ("白沙镇中学", 2, 15, False),
    ("城东街道中心小学", 17, 15, False),
)
HOSPITALS = (
    ("青山县人民医院", "health", 60, True),
    ("青山县中医院", "health", 40, True),
    ("青山县妇幼保健院", "health", 25, True),
    ("青石镇卫生院", 0, 15, False),
    ("龙泉镇卫生院", 1, 15, False),
    ("桃源镇卫生院", 3, 12, False),
    ("三河镇卫生院", 12, 12, False),
)
# Supervision offices (index 0-5) guide these towns' commissions and resident teams.
GUIDES = (
    ((0, 1, 2, 3), (1,)),
    ((4, 5, 6, 7), (2,)),
    ((8, 9, 10), (3,)),
    ((11, 12, 13), (4,)),
    ((14, 15, 16), (5,)),
    ((17, 18, 19), (6, 7)),
)

_OFFICE_MEMBERS = (
    ("一级主任科员", 1),
    ("二级主任科员", 2),
    ("三级主任科员", 1),
    ("四级主任科员", 2),
    ("一级科员", 3),
    ("科员", 2),
)
_DEPT_MEMBERS = (
    ("办公室主任", 2),
    ("股长", 4),
    ("一级主任科员", 1),
    ("二级主任科员", 1),
    ("四级主任科员", 3),
    ("一级科员", 5),
    ("科员", 4),
    ("二级调研员", 0.4),
)
_POLICE_MEMBERS = (
    ("派出所所长", 2),
    ("大队长", 2),
    ("一级警长", 2),
    ("民警", 10),
    ("科员", 2),
)
_TOWN_MEMBERS = (
    ("党政综合办公室主任", 1),
    ("财政所所长", 1),
    ("农业综合服务中心主任", 1),
    ("社会事务办主任", 1),
    ("四级主任科员", 2),
    ("一级科员", 4),
    ("科员", 4),
    ("工作人员", 3),
)
_SCHOOL_MEMBERS = (
    ("教务处主任", 1),
    ("政教处主任", 1),
    ("总务处主任", 1),
    ("教师", 12),
    ("会计", 1),
)
_HOSPITAL_MEMBERS = (
    ("医务科科长", 1),
    ("财务科科长", 1),
    ("护士长", 2),
    ("主治医师", 4),
    ("医师", 4),
    ("护士", 6),
    ("药剂师", 1),
)
_SOE_MEMBERS = (
    ("财务部经理", 1),
    ("工程管理部经理", 1),
    ("综合部部长", 1),
    ("会计", 2),
    ("职员", 5),
)


@dataclass
class _Plan:
    """How a unit is staffed (internal to the generator)."""

    spec: UnitSpec
    weight: float
    head_title: str
    deputies: tuple[str, ...]
    max_leaders: int
    members: tuple[tuple[str, float], ...]
    head_rank: str = Rank.TOWNSHIP
    leader_rank: str = Rank.TOWNSHIP
    member_rank: str = Rank.GENERAL
    pool: str = "gov"  # where past posts come from
    is_village: bool = False


def _member_rank(title: str, default: str) -> str:
    if default != Rank.GENERAL:
        return default
    if title.endswith("调研员"):
        return Rank.COUNTY
    if title.endswith("主任科员"):
        return Rank.TOWNSHIP
    return Rank.GENERAL


def _org_code(rng: random.Random, used: set[str]) -> str:
    """A 9-character organisation code (GB 11714: 8 digits and a check character)."""
    while True:
        body = f"{rng.randrange(10**7, 10**8):08d}"
        if body in used:
            continue
        used.add(body)
        weights = (3, 7, 9, 10, 5, 8, 4, 2)
        check = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
        return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def _uscc(rng: random.Random, used: set[str], prefix: str, area: str = AREA_CODE) -> str:
    """A GB 32100 code: registration authority + entity type, area, org code, check."""
    body = f"{prefix}{area}{_org_code(rng, used)}"
    return body + uscc_std.calc_check_digit(body)


def _allocate(weights: list[float], total: int) -> list[int]:
    """Split ``total`` people over units in proportion to ``weights``, at least 1 each."""
    if total < len(weights):
        raise ValueError(f"至少需要{len(weights)}名干部（每个单位一名一把手）")
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    sizes = [max(1, int(r)) for r in raw]
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - int(raw[i])), i))
    i = 0
    while sum(sizes) < total:
        sizes[order[i % len(order)]] += 1
        i += 1
    while sum(sizes) > total:
        biggest = max(range(len(sizes)), key=lambda k: (sizes[k], -k))
        sizes[biggest] -= 1
    return sizes


class _Builder:
    def __init__(self, *, seed: int, cadres: int, today: date) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.n_cadres = cadres
        self.today = today
        self.used_ids: set[str] = set()
        self.used_org_codes: set[str] = set()
        self.units: list[UnitSpec] = []
        self.plans: list[_Plan] = []
        self.plan_by_code: dict[str, _Plan] = {}
        self.liaisons: list[LiaisonSpec] = []
        self.cadres: list[dict[str, Any]] = []
        self.posts: list[PostSpec] = []
        self.relatives: list[RelativeSpec] = []
        self.companies: list[CompanySpec] = []
        self.company_people: list[CompanyPersonSpec] = []
        self.planted: list[Planted] = []
        self.heads: dict[str, int] = {}  # unit code -> index of its head in self.cadres

    # -- small helpers --

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def years_ago(self, low: float, high: float) -> date:
        return self.today - timedelta(days=int(self.rng.uniform(low, high) * 365.25))

    def surname(self, exclude: str = "") -> str:
        while True:
            name = self.rng.choices(_SURNAME_LIST, SURNAME_WEIGHTS)[0]
            if name != exclude:
                return name

    def given_name(self, gender: str, year: int) -> str:
        single, first, second = _GIVEN[(_generation(year), gender)]
        single_share = 0.35 if year < 1980 else 0.2
        if self.chance(single_share):
            return self.rng.choice(single)
        while True:
            a, b = self.rng.choice(first), self.rng.choice(second)
            if a != b:
                return a + b

    def citizen_id(self, birth: date, gender: str, area: str = AREA_CODE) -> str:
        while True:
            order = self.rng.randrange(1, 500) * 2 + (1 if gender == Gender.MALE else 0)
            body = f"{area}{birth:%Y%m%d}{order:03d}"
            number = body + citizen_id_check_digit(body)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def mobile(self) -> str:
        return f"1{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}"

    def landline(self) -> str:
        return f"{PHONE_AREA}-{self.rng.choice('68')}{self.rng.randrange(10**6):06d}"

    # -- units --

    def add_unit(self, plan: _Plan | None, **kwargs: Any) -> UnitSpec:
        spec = UnitSpec(sort_order=len(self.units) + 1, **kwargs)
        self.units.append(spec)
        if plan is not None:
            plan.spec = spec
            self.plans.append(plan)
            self.plan_by_code[spec.code] = plan
        return spec

    def plan(
        self,
        weight: float,
        head: str,
        deputies: tuple[str, ...],
        max_leaders: int,
        members: tuple[tuple[str, float], ...],
        **kwargs: Any,
    ) -> _Plan:
        return _Plan(
            spec=None,  # type: ignore[arg-type]  # set by add_unit
            weight=weight,
            head_title=head,
            deputies=deputies,
            max_leaders=max_leaders,
            members=members,
            **kwargs,
        )

    def build_units(self) -> None:
        office = {"pool": "commission"}
        self.add_unit(
            self.plan(
                6,
                "县委常委、县纪委书记、县监委主任",
                (
                    "县纪委副书记、县监委副主任",
                    "县纪委副书记、县监委副主任",
                    "县监委副主任",
                    "县纪委常委",
                    "县纪委常委",
                ),
                5,
                (("县纪委常委", 1),),
                head_rank=Rank.COUNTY,
                **office,
            ),
            code=COMMISSION,
            name=f"{COUNTY_NAME}纪委监委",
            kind=UnitKind.COMMISSION,
            short_name="县纪委监委",
            uscc=_uscc(self.rng, self.used_org_codes, "11"),
        )
        offices = [
            (PETITION_OFFICE, "信访室", UnitKind.PETITION_OFFICE, "信访室", 5),
            (
                CASE_MANAGEMENT_OFFICE,
                "案件监督管理室",
                UnitKind.CASE_MANAGEMENT_OFFICE,
                "案管室",
                5,
            ),
            (CONDUCT_OFFICE, "党风政风监督室", UnitKind.CONDUCT_OFFICE, "党风室", 5),
        ]
        ordinals = "一二三四五六七"
        for i, code in enumerate(SUPERVISION_OFFICES):
            offices.append(
                (
                    code,
                    f"第{ordinals[i]}纪检监察室",
                    UnitKind.SUPERVISION_OFFICE,
                    f"{ordinals[i]}室",
                    5,
                )
            )
        offices += [
            (REVIEW_OFFICE, "案件审理室", UnitKind.REVIEW_OFFICE, "审理室", 4),
            (INTERNAL_AFFAIRS_OFFICE, "干部监督室", UnitKind.INTERNAL_AFFAIRS_OFFICE, "干监室", 3),
            (INSPECTION_OFFICE, "县委巡察办", UnitKind.INSPECTION_OFFICE, "巡察办", 5),
            (GENERAL_OFFICE, "办公室", UnitKind.GENERAL_OFFICE, "办公室", 6),
        ]
        for code, name, kind, short, weight in offices:
            head = "纪检监察室主任" if kind == UnitKind.SUPERVISION_OFFICE else "主任"
            self.add_unit(
                self.plan(
                    weight, head, (head.replace("主任", "副主任"),), 1, _OFFICE_MEMBERS, **office
                ),
                code=code,
                name=name,
                kind=kind,
                parent=COMMISSION,
                short_name=short,
            )
        for i, code in enumerate(RESIDENT_TEAMS):
            self.add_unit(
                self.plan(4, "组长", ("副组长",), 1, _OFFICE_MEMBERS[2:], **office),
                code=code,
                name=f"派驻第{ordinals[i]}纪检监察组",
                kind=UnitKind.RESIDENT_TEAM,
                parent=COMMISSION,
                short_name=f"派驻{ordinals[i]}组",
            )
        for i, town in enumerate(TOWN_NAMES):
            label = self._town_label(town)
            body = "纪工委" if label == "街道" else "纪委"
            self.add_unit(
                self.plan(
                    3,
                    f"{label}{body}书记",
                    (f"{label}{body}副书记", f"{label}监察办公室主任"),
                    1,
                    (("纪检监察干事", 1),),
                    **office,
                ),
                code=TOWNSHIP_COMMISSIONS[i],
                name=f"{town}{body}",
                kind=UnitKind.TOWNSHIP_COMMISSION,
                parent=COMMISSION,
            )
        dept_codes: dict[str, str] = {}
        for i, (name, kind, weight, head, deputy, _team, county_head) in enumerate(
            DEPARTMENTS, start=1
        ):
            plain = deputy.split("、")[-1]
            members = _POLICE_MEMBERS if name == "县公安局" else _DEPT_MEMBERS
            spec = self.add_unit(
                self.plan(
                    weight,
                    head,
                    (deputy, plain, deputy, plain, plain),
                    min(5, 2 + weight // 15),
                    members,
                    head_rank=Rank.COUNTY if county_head else Rank.TOWNSHIP,
                ),
                code=f"BM{i:02d}",
                name=name,
                kind=kind,
                uscc=_uscc(self.rng, self.used_org_codes, "11"),
            )
            dept_codes[name] = spec.code
        for i, (name, short, weight) in enumerate(SOES, start=1):
            self.add_unit(
                self.plan(
                    weight,
                    "党委书记、董事长",
                    ("党委副书记、总经理", "副总经理", "党委委员、纪委书记", "副总经理"),
                    4,
                    _SOE_MEMBERS,
                    member_rank=Rank.OTHER,
                ),
                code=f"QY{i:02d}",
                name=name,
                kind=UnitKind.SOE,
                short_name=short,
                uscc=_uscc(self.rng, self.used_org_codes, "91"),
            )
        for i, town in enumerate(TOWN_NAMES):
            self.add_unit(
                self.plan(50, *self._town_titles(town), 8, _TOWN_MEMBERS),
                code=TOWNS[i],
                name=town,
                kind=UnitKind.TOWN,
                uscc=_uscc(self.rng, self.used_org_codes, "11"),
            )
        for i, town in enumerate(TOWN_NAMES):
            self.build_villages(TOWNS[i], town)
        parents = {"edu": dept_codes["县教育局"], "health": dept_codes["县卫生健康局"]}
        for prefix, rows, kind in (
            ("XX", SCHOOLS, UnitKind.SCHOOL),
            ("YY", HOSPITALS, UnitKind.HOSPITAL),
        ):
            for i, (name, parent, weight, county_level) in enumerate(rows, start=1):
                parent_code = parents[parent] if isinstance(parent, str) else TOWNS[parent]
                if kind == UnitKind.SCHOOL:
                    head = "党委书记、校长" if county_level else "党支部书记、校长"
                    plan = self.plan(
                        weight, head, ("副校长", "副校长", "工会主席"), 3, _SCHOOL_MEMBERS
                    )
                else:
                    head = "党委书记、院长" if county_level else "院长"
                    plan = self.plan(
                        weight, head, ("副院长", "副院长", "党委副书记"), 3, _HOSPITAL_MEMBERS
                    )
                plan.pool = kind
                if not county_level:
                    plan.leader_rank = Rank.GENERAL
                self.add_unit(
                    plan,
                    code=f"{prefix}{i:02d}",
                    name=name,
                    kind=kind,
                    parent=parent_code,
                    uscc=_uscc(self.rng, self.used_org_codes, "12"),
                )
        # Liaisons: teams supervise departments and SOEs, township commissions their
        # towns, and each supervision office guides towns' commissions and teams.
        for i, row in enumerate(DEPARTMENTS, start=1):
            self.liaisons.append(
                LiaisonSpec(RESIDENT_TEAMS[row[5] - 1], f"BM{i:02d}", LiaisonKind.SUPERVISES)
            )
        for i in range(1, len(SOES) + 1):
            self.liaisons.append(
                LiaisonSpec(RESIDENT_TEAMS[SOE_TEAM - 1], f"QY{i:02d}", LiaisonKind.SUPERVISES)
            )
        for commission, town in zip(TOWNSHIP_COMMISSIONS, TOWNS, strict=True):
            self.liaisons.append(LiaisonSpec(commission, town, LiaisonKind.SUPERVISES))
        for office, (towns, teams) in zip(SUPERVISION_OFFICES, GUIDES, strict=True):
            for t in towns:
                self.liaisons.append(
                    LiaisonSpec(office, TOWNSHIP_COMMISSIONS[t], LiaisonKind.GUIDES)
                )
            for t in teams:
                self.liaisons.append(LiaisonSpec(office, RESIDENT_TEAMS[t - 1], LiaisonKind.GUIDES))

    @staticmethod
    def _town_label(town: str) -> str:
        return "街道" if town.endswith("街道") else town[-1]

    def _town_titles(self, town: str) -> tuple[str, tuple[str, ...]]:
        if town.endswith("街道"):
            return "街道党工委书记", (
                "街道党工委副书记、办事处主任",
                "街道党工委副书记",
                "街道人大工委主任",
                "街道党工委委员、办事处副主任",
                "办事处副主任",
                "街道党工委委员、组织委员",
                "街道党工委委员、宣传委员",
                "街道党工委委员、武装部部长",
            )
        t = town[-1]
        return f"{t}党委书记", (
            f"{t}党委副书记、{t}长",
            f"{t}党委副书记",
            f"{t}人大主席",
            f"{t}党委委员、副{t}长",
            f"副{t}长",
            f"{t}党委委员、组织委员",
            f"{t}党委委员、宣传委员",
            f"{t}党委委员、武装部部长",
        )

    def build_villages(self, town_code: str, town: str) -> None:
        street = town.endswith("街道")
        roots = _COMMUNITY_ROOTS if street else _VILLAGE_ROOTS
        count = self.rng.randint(2, 4)
        names = self.rng.sample(roots, count)
        if not street and self.chance(0.5):
            names[0] = town[:-1]  # the town seat's community
        for j, root in enumerate(names, start=1):
            community = street or root == town[:-1]
            name = f"{root}社区" if community else f"{root}村"
            if community:
                plan = self.plan(
                    4,
                    "社区党委书记、居委会主任" if self.chance(0.5) else "社区党委书记",
                    ("社区居委会主任", "社区居务监督委员会主任"),
                    2,
                    (("社区居委委员", 3), ("社区网格员", 2)),
                )
            else:
                plan = self.plan(
                    4,
                    "村党支部书记、村委会主任" if self.chance(0.5) else "村党支部书记",
                    ("村委会主任", "村务监督委员会主任"),
                    2,
                    (("村委委员", 3), ("村报账员", 1), ("村文书", 1)),
                )
            if "、" in plan.head_title:  # one person heads both the branch and the committee
                plan.deputies = (
                    plan.deputies[1],
                    plan.head_title.split("、")[0].removesuffix("书记") + "副书记",
                )
            plan.head_rank = plan.leader_rank = plan.member_rank = Rank.OTHER
            plan.pool = "village"
            plan.is_village = True
            self.add_unit(
                plan,
                code=f"{town_code}-{j:02d}",
                name=name,
                kind=UnitKind.VILLAGE,
                parent=town_code,
            )

    # -- cadres and posts --

    def new_cadre(
        self, *, gender: str, birth: date, rank: str, status: str, area: str = AREA_CODE
    ) -> int:
        surname = self.surname()
        self.cadres.append(
            {
                "name": surname + self.given_name(gender, birth.year),
                "gender": gender,
                "birth_date": birth,
                "rank": rank,
                "political_status": status,
                "citizen_id": self.citizen_id(birth, gender, area),
                "phone": self.mobile(),
            }
        )
        return len(self.cadres) - 1

    def political_status(self, level: int, birth: date, village: bool) -> str:
        if level == 2:
            return PoliticalStatus.PARTY_MEMBER
        r = self.rng.random()
        if level == 1:
            if village:
                return PoliticalStatus.PARTY_MEMBER if r < 0.85 else PoliticalStatus.NONE
            return PoliticalStatus.PARTY_MEMBER if r < 0.97 else PoliticalStatus.DEMOCRATIC_PARTY
        if village:
            return PoliticalStatus.PARTY_MEMBER if r < 0.6 else PoliticalStatus.NONE
        if r < 0.74:
            return PoliticalStatus.PARTY_MEMBER
        if r < 0.77:
            return PoliticalStatus.PROBATIONARY
        if r < 0.8:
            young = self.today.year - birth.year <= 28
            return PoliticalStatus.LEAGUE if young else PoliticalStatus.PARTY_MEMBER
        if r < 0.815:
            return PoliticalStatus.DEMOCRATIC_PARTY
        return PoliticalStatus.NONE

    def member_title(self, plan: _Plan) -> str:
        titles = [t for t, _ in plan.members]
        weights = [w for _, w in plan.members]
        return self.rng.choices(titles, weights)[0]

    def title_at(self, plan: _Plan, level: int, k: int = 0) -> str:
        if level == 2:
            return plan.head_title
        if level == 1:
            return plan.deputies[min(k, len(plan.deputies) - 1)]
        return self.member_title(plan)

    def build_cadres(self) -> None:
        sizes = _allocate([p.weight for p in self.plans], self.n_cadres)
        n_elsewhere = max(3, self.n_cadres // 100)
        elsewhere = set(self.rng.sample(range(self.n_cadres), n_elsewhere))
        self.head_spans: dict[str, list[tuple[date, date]]] = defaultdict(list)
        for plan, size in zip(self.plans, sizes, strict=True):
            leaders = min(size - 1, plan.max_leaders)
            for k in range(size):
                level = 2 if k == 0 else 1 if k <= leaders else 0
                self.add_current(plan, level, k - 1, area_elsewhere=len(self.cadres) in elsewhere)

    def add_current(self, plan: _Plan, level: int, k: int, *, area_elsewhere: bool) -> None:
        village = plan.is_village
        if village:
            birth = self.day_between(date(1962, 1, 1), date(1995, 12, 31))
        elif level == 2:
            birth = self.day_between(date(1966, 1, 1), date(1984, 12, 31))
        elif level == 1:
            birth = self.day_between(date(1966, 1, 1), date(1990, 12, 31))
        else:
            birth = self.day_between(date(1966, 1, 1), date(2001, 12, 31))
        male_share = {2: 0.85, 1: 0.7, 0: 0.5}[level]
        if plan.spec.kind in (UnitKind.SCHOOL, UnitKind.HOSPITAL) and level == 0:
            male_share = 0.35
        gender = Gender.MALE if self.chance(male_share) else Gender.FEMALE
        title = self.title_at(plan, level, k)
        rank = {2: plan.head_rank, 1: plan.leader_rank}.get(level) or _member_rank(
            title, plan.member_rank
        )
        if title.endswith("调研员") and birth.year > 1976:
            title, rank = "四级主任科员", Rank.TOWNSHIP
        if title.endswith("主任科员") and birth.year > 1990:
            title, rank = "一级科员", Rank.GENERAL  # too young for the 主任科员 grades
        area = self.rng.choice(ELSEWHERE_AREA_CODES) if area_elsewhere else AREA_CODE
        index = self.new_cadre(
            gender=gender,
            birth=birth,
            rank=rank,
            status=self.political_status(level, birth, village),
            area=area,
        )
        r = self.rng.random()
        if level == 2 and r < (0.2 if village else 0.1):
            start = self.years_ago(9, 12.5)  # long tenure: a supervision concern
        elif level >= 1 and r < 0.22:
            start = self.today - timedelta(days=self.rng.randint(14, 300))  # new this year
        elif level >= 1:
            start = self.years_ago(1, 8)
        else:
            start = self.years_ago(0.3, 20)
        earliest = birth.replace(year=birth.year + 22, day=min(birth.day, 28))
        if start < earliest:
            start = self.day_between(earliest, max(earliest, self.today - timedelta(days=30)))
        self.posts.append(
            PostSpec(
                cadre=self.cadres[index]["citizen_id"],
                unit=plan.spec.code,
                title=title,
                start_date=start,
                end_date=None,
                is_head=level == 2,
                is_leadership=level >= 1,
            )
        )
        self.cadres[index]["_unit"] = plan.spec.code
        self.cadres[index]["_level"] = level
        self.cadres[index]["_start"] = start
        self.cadres[index]["_title"] = title
        if level == 2:
            self.heads[plan.spec.code] = index
            self.head_spans[plan.spec.code].append((start, self.today))

    def ensure_namesakes(self) -> None:
        """Deliberate namesakes (同名同姓): at least one in thirty cadres shares a name."""
        target = max(5, self.n_cadres // 30)
        counts = Counter(c["name"] for c in self.cadres)

        def shared() -> int:
            return sum(1 for n in counts.values() if n > 1)

        while shared() < target:
            a, b = self.rng.sample(range(len(self.cadres)), 2)
            ca, cb = self.cadres[a], self.cadres[b]
            if ca["gender"] != cb["gender"] or ca["name"] == cb["name"]:
                continue
            if counts[ca["name"]] > 1:
                continue
            counts[ca["name"]] -= 1
            ca["name"] = cb["name"]
            counts[cb["name"]] += 1

    def build_past_posts(self) -> None:
        pools: dict[str, list[_Plan]] = defaultdict(list)
        for plan in self.plans:
            if plan.spec.kind == UnitKind.COMMISSION:
                continue
            pools[plan.pool].append(plan)
        for c in self.cadres:
            plan = self.plan_by_code[c["_unit"]]
            if plan.is_village:
                continue
            level = c["_level"]
            if not self.chance({2: 0.7, 1: 0.5, 0: 0.2}[level]):
                continue
            end = c["_start"] - timedelta(days=1)
            earliest = c["birth_date"].replace(year=c["birth_date"].year + 22, day=1)
            for _ in range(self.rng.randint(1, 3)):
                pool_name = plan.pool
                if pool_name == "commission" and self.chance(0.5):
                    pool_name = "gov"
                past = self.rng.choice(pools[pool_name])
                if past.spec.code == plan.spec.code:
                    continue
                start = end - timedelta(days=int(self.rng.uniform(1, 6) * 365.25))
                if start < earliest:
                    break
                level = level if self.chance(0.4) else max(0, level - 1)
                past_level = level
                if past_level == 2 and any(
                    s <= end and start <= e for s, e in self.head_spans[past.spec.code]
                ):
                    past_level = 1
                if past_level == 2:
                    self.head_spans[past.spec.code].append((start, end))
                self.posts.append(
                    PostSpec(
                        cadre=c["citizen_id"],
                        unit=past.spec.code,
                        title=self.title_at(past, past_level, self.rng.randrange(2)),
                        start_date=start,
                        end_date=end,
                        is_head=past_level == 2,
                        is_leadership=past_level >= 1,
                    )
                )
                end = start - timedelta(days=1)

    # -- relatives --

    def occupation(self, age: int) -> str:
        if age < 7:
            return "学龄前儿童"
        if age < 18:
            return "学生"
        if age < 22:
            return "大学在读"
        if age >= 62:
            return self.rng.choice(("退休", "退休", "务农", "退休教师"))
        return self.rng.choice(
            (
                "个体经营",
                "务农",
                "自由职业",
                "在外务工",
                "公司职员",
                "青山县人民医院护士",
                "青山县第一中学教师",
                "青山县实验小学教师",
                "南昌市某科技公司职员",
                "青山县农村商业银行职员",
                "无业",
                "个体经营",
            )
        )

    def relative(
        self,
        cadre: dict[str, Any],
        relation: str,
        *,
        gender: str,
        birth: date,
        surname: str,
        with_id: bool = True,
        occupation: str = "",
    ) -> RelativeSpec | None:
        if birth > self.today - timedelta(days=200):
            return None
        area = AREA_CODE if self.chance(0.85) else self.rng.choice(ELSEWHERE_AREA_CODES)
        age = (self.today - birth).days // 365
        spec = RelativeSpec(
            cadre=cadre["citizen_id"],
            relation=relation,
            name=surname + self.given_name(gender, birth.year),
            citizen_id=self.citizen_id(birth, gender, area) if with_id else "",
            occupation=occupation or self.occupation(age),
        )
        self.relatives.append(spec)
        return spec

    def shift(self, born: date, years: int) -> date:
        return born.replace(year=born.year + years, day=min(born.day, 28))

    def build_couples(self) -> None:
        """A few couples who are both cadres: each is the other's registered spouse."""
        candidates = [
            i
            for i, c in enumerate(self.cadres)
            if not self.plan_by_code[c["_unit"]].is_village
            and c["citizen_id"] not in self._planted_cadres
        ]
        self.rng.shuffle(candidates)
        men = [i for i in candidates if self.cadres[i]["gender"] == Gender.MALE]
        women = [i for i in candidates if self.cadres[i]["gender"] == Gender.FEMALE]
        self.married: set[int] = set()
        wanted = max(2, self.n_cadres // 100)
        for m in men:
            if wanted == 0:
                break
            cm = self.cadres[m]
            for w in women:
                cw = self.cadres[w]
                if w in self.married or cw["name"][0] == cm["name"][0]:
                    continue
                if abs((cm["birth_date"] - cw["birth_date"]).days) > 6 * 365:
                    continue
                for a, b in ((cm, cw), (cw, cm)):
                    unit = self.plan_by_code[b["_unit"]].spec.name
                    self.relatives.append(
                        RelativeSpec(
                            cadre=a["citizen_id"],
                            relation=Relation.SPOUSE,
                            name=b["name"],
                            citizen_id=b["citizen_id"],
                            occupation=f"{unit}{b['_title']}",
                        )
                    )
                self.married.update((m, w))
                wanted -= 1
                break

    def build_relatives(self, force: list[int]) -> None:
        forced = set(force)
        for i, c in enumerate(self.cadres):
            if c["_level"] == 0 and i not in forced:
                continue
            if i not in forced and not self.chance(0.6):
                continue
            self.family(i, c, forced=i in forced)

    def family(self, i: int, c: dict[str, Any], *, forced: bool) -> None:
        born, male = c["birth_date"], c["gender"] == Gender.MALE
        surname = c["name"][0]
        spouse_surname = surname
        if i not in self.married and (forced or self.chance(0.92)):
            spouse_surname = self.surname(exclude=surname)
            spouse_born = born + timedelta(days=self.rng.randint(-5 * 365, 5 * 365))
            spouse_born = min(spouse_born, date(2001, 12, 31))
            self.relative(
                c,
                Relation.SPOUSE,
                gender=Gender.FEMALE if male else Gender.MALE,
                birth=spouse_born,
                surname=spouse_surname,
                with_id=forced or self.chance(0.95),
            )
        elif i in self.married:
            spouse_surname = next(
                r.name[0]
                for r in reversed(self.relatives)
                if r.cadre == c["citizen_id"] and r.relation == Relation.SPOUSE
            )
        father_surname = surname if male else spouse_surname
        n_children = self.rng.choices((0, 1, 2), (0.1, 0.6, 0.3))[0]
        if forced:
            n_children = max(1, n_children)
        for _ in range(n_children):
            child_born = self.shift(born, self.rng.randint(24, 34)) + timedelta(
                days=self.rng.randrange(365)
            )
            gender = self.rng.choice((Gender.MALE, Gender.FEMALE))
            child_surname = father_surname if self.chance(0.9) else surname
            child = self.relative(
                c, Relation.CHILD, gender=gender, birth=child_born, surname=child_surname
            )
            if child is not None and (self.today - child_born).days > 26 * 365 and self.chance(0.5):
                self.relative(
                    c,
                    Relation.CHILD_SPOUSE,
                    gender=Gender.FEMALE if gender == Gender.MALE else Gender.MALE,
                    birth=child_born + timedelta(days=self.rng.randint(-3 * 365, 3 * 365)),
                    surname=self.surname(exclude=child_surname),
                )
        if self.chance(0.5):
            father_born = self.shift(born, -self.rng.randint(24, 32))
            if father_born.year >= 1938:
                self.relative(
                    c, Relation.PARENT, gender=Gender.MALE, birth=father_born, surname=surname
                )
            mother_born = father_born + timedelta(days=self.rng.randint(-4 * 365, 365))
            if mother_born.year >= 1938:
                self.relative(
                    c,
                    Relation.PARENT,
                    gender=Gender.FEMALE,
                    birth=mother_born,
                    surname=self.surname(exclude=surname),
                )
        n_siblings = self.rng.choices((0, 1, 2), (0.5, 0.35, 0.15))[0]
        if forced:
            n_siblings = max(1, n_siblings)
        for _ in range(n_siblings):
            gap = self.rng.randint(2 * 365, 9 * 365) * self.rng.choice((-1, 1))
            sib_born = born + timedelta(days=gap)
            self.relative(
                c,
                Relation.SIBLING,
                gender=self.rng.choice((Gender.MALE, Gender.FEMALE)),
                birth=min(sib_born, date(2003, 12, 31)),
                surname=surname,
            )

    # -- companies --

    _TRADE_NAMES = _words(
        "宏达 鑫盛 恒通 华信 永安 金诚 鸿运 瑞丰 兴业 顺达 天成 博远 中和 "
        "远大 汇丰 泰和 嘉禾 隆昌 诚信 海川 明辉 正邦 新城 锦程 安泰 盛世 "
        "润泽 通达 众鑫 佳利 东方 万家 富源 长青 德众 康源 联创 星辰 恒信 "
        "九州 金山 青禾 绿源 华建 山河 晨光 同创 聚力 昌盛 利民 宏图 百川 "
        "鼎盛 盛华 腾飞 伟业 祥和 益民 振兴 卓越"
    )
    _INDUSTRIES = (
        ("建筑工程有限公司", 5, (500, 5000)),
        ("建材有限公司", 3, (100, 1000)),
        ("商贸有限公司", 4, (50, 500)),
        ("劳务有限公司", 2, (50, 300)),
        ("农业开发有限公司", 2, (100, 1000)),
        ("物业管理有限公司", 1, (50, 300)),
        ("园林绿化工程有限公司", 2, (100, 1000)),
        ("交通设施工程有限公司", 1, (300, 2000)),
        ("水利水电工程有限公司", 1, (500, 3000)),
        ("医疗器械有限公司", 1, (100, 1000)),
        ("教育科技有限公司", 1, (100, 500)),
        ("餐饮管理有限公司", 1, (50, 200)),
        ("酒店管理有限公司", 1, (100, 1000)),
        ("房地产开发有限公司", 1, (1000, 10000)),
        ("运输有限公司", 1, (100, 500)),
        ("信息技术有限公司", 1, (100, 1000)),
        ("文化传媒有限公司", 1, (50, 300)),
        ("装饰工程有限公司", 2, (100, 1000)),
        ("环保科技有限公司", 1, (100, 1000)),
        ("电力安装工程有限公司", 1, (200, 2000)),
        ("工程造价咨询有限公司", 1, (50, 300)),
        ("机械设备租赁有限公司", 1, (100, 500)),
        ("食品有限公司", 1, (100, 1000)),
        ("农资有限公司", 1, (50, 300)),
    )
    _ROADS = _words(
        "人民路 解放路 建设路 青山大道 迎宾大道 滨江路 文昌路 新华路 城南路 "
        "站前路 工业园区创业路 工业园区兴业大道"
    )

    def company_name(self, industry: str, used: set[str]) -> str:
        while True:
            prefix = COUNTY_NAME if self.chance(0.8) else "江西"
            name = f"{prefix}{self.rng.choice(self._TRADE_NAMES)}{industry}"
            if name not in used:
                used.add(name)
                return name

    def address(self) -> str:
        if self.chance(0.65):
            town = self.rng.choice(TOWN_NAMES[-3:])
            return f"{COUNTY_NAME}{town}{self.rng.choice(self._ROADS)}{self.rng.randint(1, 399)}号"
        town = self.rng.choice(TOWN_NAMES[:-3])
        village = self.rng.choice(_VILLAGE_ROOTS)
        return f"{COUNTY_NAME}{town}{village}村{self.rng.randint(1, 120)}号"

    def private_person(self) -> tuple[str, str]:
        gender = Gender.MALE if self.chance(0.7) else Gender.FEMALE
        birth = self.day_between(date(1955, 1, 1), date(2000, 12, 31))
        area = AREA_CODE if self.chance(0.8) else self.rng.choice(ELSEWHERE_AREA_CODES)
        name = self.surname() + self.given_name(gender, birth.year)
        return name, self.citizen_id(birth, gender, area)

    def new_company(self, industry: str | None = None) -> CompanySpec:
        names = [i for i, _, _ in self._INDUSTRIES]
        if industry is None:
            industry = self.rng.choices(names, [w for _, w, _ in self._INDUSTRIES])[0]
        low, high = next(r for i, _, r in self._INDUSTRIES if i == industry)
        capital = Decimal(self.rng.randrange(low, high + 1, 50))
        area = AREA_CODE if self.chance(0.9) else "361000"
        company = CompanySpec(
            uscc=_uscc(self.rng, self.used_org_codes, "91", area),
            name=self.company_name(industry, self._names),
            address=self.address(),
            phone=self.landline() if self.chance(0.6) else self.mobile(),
            registered_on=self.day_between(date(1998, 1, 1), self.today - timedelta(days=60)),
            registered_capital=capital,
        )
        self.companies.append(company)
        return company

    def add_people(
        self,
        company: CompanySpec,
        people: list[tuple[str, str]],
        shares: list[int],
        *,
        legal: tuple[str, str] | None = None,
        supervisor: tuple[str, str] | None = None,
    ) -> None:
        """Shareholders (with shares), the legal representative (also executive director
        and manager) and a supervisor who is not a shareholder."""
        rows = []
        for (name, cid), share in zip(people, shares, strict=True):
            rows.append((name, cid, CompanyRole.SHAREHOLDER, Decimal(share)))
        legal = legal or people[0]
        rows.append((*legal, CompanyRole.LEGAL_REPRESENTATIVE, None))
        rows.append((*legal, CompanyRole.DIRECTOR, None))
        if self.chance(0.6):
            rows.append((*legal, CompanyRole.MANAGER, None))
        ids = {cid for _, cid in people} | {legal[1]}
        if supervisor is None or supervisor[1] in ids:
            supervisor = self.pick_private(exclude=ids)
        rows.append((*supervisor, CompanyRole.SUPERVISOR, None))
        for name, cid, role, share in rows:
            self.company_people.append(CompanyPersonSpec(company.uscc, name, cid, role, share))

    def pick_private(self, exclude: set[str]) -> tuple[str, str]:
        if self.private and self.chance(0.12):
            person = self.rng.choice(self.private)
            if person[1] not in exclude:
                return person
        person = self.private_person()
        self.private.append(person)
        return person

    def split_shares(self, n: int) -> list[int]:
        if n == 1:
            return [100]
        first = self.rng.randint(40, 80)
        rest = 100 - first
        if n == 2:
            return [first, rest]
        second = self.rng.randint(1, rest - 1)
        return [first, second, rest - second]

    def build_companies(self, planted_heads: dict[str, tuple[str, str, str, int]]) -> None:
        self._names: set[str] = set()
        self.private: list[tuple[str, str]] = []
        n_companies = max(30, self.n_cadres // 10)
        eligible = [
            r
            for r in self.relatives
            if r.citizen_id
            and r.citizen_id not in self._cadre_ids
            and r.cadre not in self._planted_cadres
            and 22 <= self.age_of(r.citizen_id) <= 75
        ]
        self.rng.shuffle(eligible)
        relative_users = eligible[: max(3, n_companies // 5)]
        cadre_pool = [
            c for c in self.cadres if c["_level"] == 0 and c["rank"] in (Rank.OTHER, Rank.GENERAL)
        ]
        cadre_owners = self.rng.sample(
            cadre_pool, min(len(cadre_pool), max(2, self.n_cadres // 500))
        )

        # Planted: relatives of department heads run companies in their sector.
        for unit_code, (industry, relation, role, share) in planted_heads.items():
            head = self.cadres[self.heads[unit_code]]
            rel = next(
                r
                for r in self.relatives
                if r.cadre == head["citizen_id"] and r.relation == relation and r.citizen_id
            )
            company = self.new_company(industry)
            partner = self.pick_private(exclude={rel.citizen_id})
            if role == CompanyRole.LEGAL_REPRESENTATIVE:
                self.add_people(
                    company, [(rel.name, rel.citizen_id), partner], [share, 100 - share]
                )
            else:
                self.add_people(
                    company, [partner, (rel.name, rel.citizen_id)], [100 - share, share]
                )
            unit = self.plan_by_code[unit_code].spec.name
            self.planted.append(
                Planted(
                    "relative_business",
                    f"{unit}一把手{head['name']}的{Relation(relation).label}{rel.name}"
                    f"持有{company.name}{share}%股份",
                    (head["citizen_id"], rel.citizen_id, company.uscc),
                )
            )
        # Planted: two companies with the same address and phone (bid rigging pattern),
        # and two more sharing only a phone number.
        a = self.new_company("建筑工程有限公司")
        b = self.new_company("建材有限公司")
        b = CompanySpec(b.uscc, b.name, a.address, a.phone, b.registered_on, b.registered_capital)
        self.companies[-1] = b
        c = self.new_company("园林绿化工程有限公司")
        d = self.new_company("装饰工程有限公司")
        d = CompanySpec(d.uscc, d.name, d.address, c.phone, d.registered_on, d.registered_capital)
        self.companies[-1] = d
        for company in (a, b, c, d):
            people = [self.pick_private(exclude=set())]
            self.add_people(company, people, [100])
        self.planted.append(
            Planted("shared_address_phone", f"{a.name}与{b.name}住所和电话相同", (a.uscc, b.uscc))
        )
        self.planted.append(
            Planted("shared_phone", f"{c.name}与{d.name}联系电话相同", (c.uscc, d.uscc))
        )
        # Planted: cadres who hold shares themselves.
        for cadre in cadre_owners:
            company = self.new_company(
                self.rng.choice(("劳务有限公司", "农业开发有限公司", "商贸有限公司"))
            )
            partner = self.pick_private(exclude={cadre["citizen_id"]})
            share = self.rng.choice((30, 40, 51, 60))
            self.add_people(
                company,
                [(cadre["name"], cadre["citizen_id"]), partner],
                [share, 100 - share],
                legal=partner,
            )
            unit = self.plan_by_code[cadre["_unit"]].spec.name
            self.planted.append(
                Planted(
                    "cadre_business",
                    f"{unit}{cadre['_title']}{cadre['name']}持有{company.name}{share}%股份",
                    (cadre["citizen_id"], company.uscc),
                )
            )
        # The rest: mostly private owners, some relatives of cadres among them.
        remaining = max(0, n_companies - len(self.companies))
        relative_slots = set(self.rng.sample(range(remaining), min(remaining, len(relative_users))))
        users = iter(relative_users)
        for k in range(remaining):
            company = self.new_company()
            n = self.rng.choices((1, 2, 3), (0.35, 0.4, 0.25))[0]
            people: list[tuple[str, str]] = []
            ids: set[str] = set()
            for _ in range(n):
                person = self.pick_private(exclude=ids)
                people.append(person)
                ids.add(person[1])
            if k in relative_slots:
                rel = next(users)
                if rel.citizen_id not in ids:
                    people[self.rng.randrange(len(people))] = (rel.name, rel.citizen_id)
            legal = None
            if self.chance(0.2):
                legal = self.pick_private(exclude={cid for _, cid in people})
            self.add_people(company, people, self.split_shares(len(people)), legal=legal)

    def age_of(self, citizen_id: str) -> int:
        born = date(int(citizen_id[6:10]), int(citizen_id[10:12]), int(citizen_id[12:14]))
        return (self.today - born).days // 365

    # -- the whole county --

    def build(self) -> CountySpec:
        self.build_units()
        self.build_cadres()
        self.ensure_namesakes()
        self.build_past_posts()
        self._cadre_ids = {c["citizen_id"] for c in self.cadres}
        planted_heads = {
            department_code("县住房和城乡建设局"): (
                "建筑工程有限公司",
                Relation.SPOUSE,
                CompanyRole.LEGAL_REPRESENTATIVE,
                70,
            ),
            department_code("县交通运输局"): (
                "交通设施工程有限公司",
                Relation.SIBLING,
                CompanyRole.SHAREHOLDER,
                40,
            ),
            department_code("县教育局"): (
                "教育科技有限公司",
                Relation.SIBLING,
                CompanyRole.LEGAL_REPRESENTATIVE,
                60,
            ),
        }
        force = [self.heads[code] for code in planted_heads]
        self._planted_cadres = {self.cadres[i]["citizen_id"] for i in force}
        self.build_couples()
        self.build_relatives(force)
        self.build_companies(planted_heads)
        cadres = tuple(
            CadreSpec(
                citizen_id=c["citizen_id"],
                name=c["name"],
                gender=c["gender"],
                birth_date=c["birth_date"],
                rank=c["rank"],
                political_status=c["political_status"],
                phone=c["phone"],
            )
            for c in self.cadres
        )
        return CountySpec(
            seed=self.seed,
            today=self.today,
            units=tuple(self.units),
            liaisons=tuple(self.liaisons),
            cadres=cadres,
            posts=tuple(self.posts),
            relatives=tuple(self.relatives),
            companies=tuple(self.companies),
            company_people=tuple(self.company_people),
            planted=tuple(self.planted),
        )


def generate(*, seed: int = 2026, cadres: int = 3000, today: date) -> CountySpec:
    """The demo county as row specs: a pure function of its arguments."""
    return _Builder(seed=seed, cadres=cadres, today=today).build()


# --- writing -----------------------------------------------------------------------------


def write(spec: CountySpec, *, actor: Any = None) -> dict[str, int]:
    """Write a county spec through the services; return the counts created."""
    from django.db import transaction

    from jiandu.org import services

    with transaction.atomic():
        units: dict[str, Any] = {}
        for u in spec.units:
            units[u.code] = services.unit_create(
                actor=actor,
                name=u.name,
                code=u.code,
                kind=u.kind,
                parent=units[u.parent] if u.parent else None,
                short_name=u.short_name,
                uscc=u.uscc,
                sort_order=u.sort_order,
            )
        for link in spec.liaisons:
            services.liaison_create(
                actor=actor,
                supervisor=units[link.supervisor],
                supervised=units[link.supervised],
                kind=link.kind,
            )
        created = services.cadres_bulk_create(
            actor=actor,
            rows=[
                {
                    "name": c.name,
                    "citizen_id": c.citizen_id,
                    "gender": c.gender,
                    "birth_date": c.birth_date,
                    "rank": c.rank,
                    "political_status": c.political_status,
                    "phone": c.phone,
                }
                for c in spec.cadres
            ],
        )
        by_id = {c.citizen_id: c for c in created}
        posts = services.posts_bulk_create(
            actor=actor,
            rows=[
                {
                    "cadre": by_id[p.cadre],
                    "unit": units[p.unit],
                    "title": p.title,
                    "start_date": p.start_date,
                    "end_date": p.end_date,
                    "is_head": p.is_head,
                    "is_leadership": p.is_leadership,
                }
                for p in spec.posts
            ],
        )
        relatives = services.relatives_bulk_create(
            actor=actor,
            rows=[
                {
                    "cadre": by_id[r.cadre],
                    "relation": r.relation,
                    "name": r.name,
                    "citizen_id": r.citizen_id,
                    "occupation": r.occupation,
                }
                for r in spec.relatives
            ],
        )
        companies = services.companies_bulk_create(
            actor=actor,
            rows=[
                {
                    "uscc": c.uscc,
                    "name": c.name,
                    "address": c.address,
                    "phone": c.phone,
                    "registered_on": c.registered_on,
                    "registered_capital": c.registered_capital,
                }
                for c in spec.companies
            ],
        )
        by_uscc = {c.uscc: c for c in companies}
        people = services.company_people_bulk_create(
            actor=actor,
            rows=[
                {
                    "company": by_uscc[p.company],
                    "person_name": p.person_name,
                    "person_citizen_id": p.person_citizen_id,
                    "role": p.role,
                    "share_ratio": p.share_ratio,
                }
                for p in spec.company_people
            ],
        )
    return {
        "units": len(units),
        "liaisons": len(spec.liaisons),
        "cadres": len(created),
        "posts": len(posts),
        "relatives": len(relatives),
        "companies": len(companies),
        "company_people": len(people),
    }


COUNT_LABELS = {
    "units": "单位",
    "liaisons": "联系指导关系",
    "cadres": "干部",
    "posts": "任职",
    "relatives": "亲属",
    "companies": "企业",
    "company_people": "企业人员",
}


def load(*, seed: int = 2026, cadres: int = 3000, today: date | None = None) -> dict[str, int]:
    """Build the demo county in the database (the system is the actor)."""
    from django.utils import timezone

    spec = generate(seed=seed, cadres=cadres, today=today or timezone.localdate())
    return write(spec, actor=None)
