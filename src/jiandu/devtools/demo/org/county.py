"""The demo county's data: its names and codes, the row specs ``generate`` returns, and
the word tables names, units and companies are drawn from."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from stdnum.cn import uscc as uscc_std

from jiandu.org.models import (
    Rank,
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
    head_reported_upward: bool = False  # [规则] 22: its principal leader is county-managed


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


# --- helpers of the builder ------------------------------------------------------------------


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
