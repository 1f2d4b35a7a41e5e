"""The demo county's report register: three years of 信访举报 (two per cadre, 6,000 for
the default county of 3,000 cadres).

Two steps, as in ``jiandu.org.demo``:
- ``generate(seed=…, roster=…, today=…, reports=…)`` is a pure function: the same
  arguments give the same ``IntakeSpec``. It uses only ``random.Random`` seeded from
  ``seed`` and the bundled legal calendar, and never iterates over a set.
- ``load(…)`` reads the roster of the county already loaded (``roster_from_db``) and
  writes the spec with ``write``: a bulk writer that uses the register's own helpers
  (numbering, reporter-identity encryption, deadlines) and records one audit event per
  batch, because running duplicate detection and subject matching for each of
  thousands of reports would make the demo slow to load. The duplicate index is then
  built in bulk, and the registration hooks run for the few reports still waiting for
  the clerk (so their duplicate and subject suggestions are there to confirm).

What the register shows: channels weighted as in a real county (letters, visits, calls
and online reports most), about 40% named reporters (identities encrypted, half with a
valid citizen ID), subjects mostly cadres of the register with their unit written into
the text as a clerk or a villager would write it (at the post they held on that day),
some people who are not in the register, texts from many patterns (80–400 characters,
with amounts, dates, villages, projects and companies of the county), about 10% repeat
reports of an earlier matter (sentences reordered, other punctuation, words added,
sometimes another channel or reporter; half of them confirmed as duplicates by the
clerk), old reports accepted or closed (acceptance and result notices mostly on time,
some late, a few overdue), a handful forwarded, and about thirty portal submissions of
the last week waiting to be registered.
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from jiandu.core.validators import citizen_id_check_digit
from jiandu.org import demo as org_demo

N_REPORTS_PER_CADRE = 2  # 6,000 reports for the default county of 3,000 cadres
YEARS = 3
PORTAL_PENDING = 30  # portal submissions of the last week, not yet registered
DUPLICATE_SHARE = 0.10
BATCH = 500

# Status values (as in jiandu.intake.models, repeated so the generator needs no Django).
SUBMITTED, REGISTERED, ACCEPTED, FORWARDED, CLOSED = (
    "submitted",
    "registered",
    "accepted",
    "forwarded",
    "closed",
)
ACCEPT, FORWARD_OTHER, FORWARD_LOWER = "accept", "forward_other", "forward_lower"

# channel, weight, share of named reporters
CHANNELS: tuple[tuple[str, float, float], ...] = (
    ("letter", 22, 0.45),
    ("visit", 14, 0.85),
    ("call", 12, 0.35),
    ("online", 35, 0.40),
    ("higher_assignment", 6, 0.0),
    ("inspection_transfer", 4, 0.0),
    ("audit_transfer", 2, 0.0),
    ("law_enforcement", 1.5, 0.0),
    ("surrender", 0.5, 1.0),
)
TRANSFER_CHANNELS = (
    "higher_assignment",
    "inspection_transfer",
    "audit_transfer",
    "law_enforcement",
)
WORKDAY_CHANNELS = frozenset({"visit", "call", *TRANSFER_CHANNELS, "surrender"})
# What each kind of transfer is usually about (problem patterns, see KINDS).
TRANSFER_KINDS = {
    "inspection_transfer": (
        "dining",
        "gifts",
        "allowance",
        "false_claims",
        "embezzle_collective",
        "bid_rigging",
        "inaction",
        "relative_business",
        "org_discipline",
        "formalism",
        "reception",
        "vehicles",
    ),
    "audit_transfer": (
        "allowance",
        "false_claims",
        "embezzle_collective",
        "bid_rigging",
        "reception",
        "travel",
        "relative_business",
        "medicine",
    ),
    "law_enforcement": ("police", "gifts", "bid_rigging", "life", "business", "work_discipline"),
}


# --- the roster (what the generator knows about the county) ------------------------------


@dataclass(frozen=True)
class UnitRef:
    code: str
    name: str
    kind: str
    parent: str  # the parent's code, or ""


@dataclass(frozen=True)
class PersonPost:
    """A cadre in one post over a span of time."""

    cadre: str  # citizen ID
    name: str
    gender: str
    rank: str
    unit: str  # unit code
    title: str
    start_date: date
    end_date: date | None
    is_head: bool
    is_leadership: bool

    def active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


@dataclass(frozen=True)
class RelativeRef:
    cadre: str  # the cadre's citizen ID
    relation: str
    name: str
    gender: str  # from the relative's citizen ID, "" if unknown
    company: str  # a company the relative holds a role in, or ""


@dataclass(frozen=True)
class Roster:
    units: tuple[UnitRef, ...]
    posts: tuple[PersonPost, ...]
    relatives: tuple[RelativeRef, ...]
    companies: tuple[str, ...]


def _gender_of(citizen_id: str) -> str:
    if len(citizen_id) == 18 and citizen_id[16].isdigit():
        return "M" if int(citizen_id[16]) % 2 else "F"
    return ""


def _roster(units, posts, relatives, company_of: dict[str, str], companies) -> Roster:
    return Roster(
        units=tuple(sorted(units, key=lambda u: u.code)),
        posts=tuple(
            sorted(posts, key=lambda p: (p.cadre, p.start_date, p.unit, p.title, p.is_head))
        ),
        relatives=tuple(
            sorted(
                (
                    RelativeRef(cadre, relation, name, _gender_of(cid), company_of.get(cid, ""))
                    for cadre, relation, name, cid in relatives
                ),
                key=lambda r: (r.cadre, r.relation, r.name, r.company),
            )
        ),
        companies=tuple(sorted(companies)),
    )


def _company_of(rows) -> dict[str, str]:
    """citizen ID -> the first (by name) company the person holds a role in."""
    found: dict[str, str] = {}
    for cid, company in rows:
        if cid and (cid not in found or company < found[cid]):
            found[cid] = company
    return found


def roster_from_spec(spec: org_demo.CountySpec) -> Roster:
    """The roster of a county spec (no database)."""
    cadres = {c.citizen_id: c for c in spec.cadres}
    company_names = {c.uscc: c.name for c in spec.companies}
    return _roster(
        (UnitRef(u.code, u.name, u.kind, u.parent) for u in spec.units),
        (
            PersonPost(
                p.cadre,
                cadres[p.cadre].name,
                cadres[p.cadre].gender,
                cadres[p.cadre].rank,
                p.unit,
                p.title,
                p.start_date,
                p.end_date,
                p.is_head,
                p.is_leadership,
            )
            for p in spec.posts
        ),
        ((r.cadre, r.relation, r.name, r.citizen_id) for r in spec.relatives),
        _company_of((p.person_citizen_id, company_names[p.company]) for p in spec.company_people),
        company_names.values(),
    )


def roster_from_db() -> Roster:
    """The roster of the county in the database (the same as ``roster_from_spec`` of the
    spec it was loaded from)."""
    from jiandu.org.models import Company, CompanyPerson, Post, Relative, Unit

    return _roster(
        (
            UnitRef(code, name, kind, parent or "")
            for code, name, kind, parent in Unit.objects.values_list(
                "code", "name", "kind", "parent__code"
            )
        ),
        (
            PersonPost(*row)
            for row in Post.objects.values_list(
                "cadre__citizen_id",
                "cadre__name",
                "cadre__gender",
                "cadre__rank",
                "unit__code",
                "title",
                "start_date",
                "end_date",
                "is_head",
                "is_leadership",
            )
        ),
        Relative.objects.values_list("cadre__citizen_id", "relation", "name", "citizen_id"),
        _company_of(CompanyPerson.objects.values_list("person_citizen_id", "company__name")),
        Company.objects.values_list("name", flat=True),
    )


# --- report specs --------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectSpec:
    name: str
    cadre: str = ""  # citizen ID when the person is in the register
    unit: str = ""  # unit code when known
    unit_text: str = ""  # the unit as written


@dataclass(frozen=True)
class ReporterSpec:
    name: str
    id_number: str
    phone: str
    address: str


@dataclass(frozen=True)
class ReportSpec:
    key: int  # position in the register (received order)
    matter: int  # reports of the same matter share it
    kind: str  # the problem pattern (see KINDS)
    channel: str
    received_at: datetime  # local time, naive
    content: str
    categories: tuple[str, ...]
    subjects: tuple[SubjectSpec, ...]
    reporter: ReporterSpec | None
    status: str
    jurisdiction: str = ""
    forward_to: str = ""
    decided_on: date | None = None  # jurisdiction decided
    ack_sent_on: date | None = None
    closed_on: date | None = None
    result_sent_on: date | None = None
    duplicate_of: int | None = None  # key of the first report of the matter
    duplicate_confirmed: bool = False
    similarity: float = 0.0
    from_portal: bool = False
    about_principal_leader: bool = False
    subjects_confirmed: bool = False

    @property
    def is_named(self) -> bool:
        return self.reporter is not None


@dataclass(frozen=True)
class IntakeSpec:
    seed: int
    today: date
    reports: tuple[ReportSpec, ...]


# --- words of the county -------------------------------------------------------------------

_w = org_demo._words

RESTAURANTS = _w(
    "青山宾馆 县城滨江路的“渔家乐”饭店 迎宾大道的“福满楼”酒店 城东的“老味道”私房菜馆 "
    "县城“天香阁”酒楼 青云山庄 龙湖度假村 城西“聚贤楼”酒店 文昌路的“湘味轩” "
    "县城“金海湾”大酒店 城北的“农家小院”"
)
COVERS = _w("会议费 培训费 办公用品 公务接待 差旅费 维修费 劳务费")
SCENIC = _w("青云山景区 龙泉湖景区 白沙温泉度假区 桃源古镇 庐山 婺源 三清山")
TOUR_PLACES = _w("海南三亚 云南大理 厦门鼓浪屿 桂林阳朔 贵州黄果树 浙江乌镇 四川九寨沟")
SUBSIDIES = _w(
    "耕地地力保护补贴 退耕还林补助资金 城乡居民最低生活保障金 特困人员供养金 "
    "危房改造补助资金 高龄津贴 残疾人两项补贴 生猪养殖补贴 产业发展奖补资金 "
    "易地搬迁补助 公益性岗位补贴 水库移民后期扶持资金 农机购置补贴 "
    "城乡居民养老保险金 森林生态效益补偿资金"
)
CROPS = _w("油茶 脐橙 茶叶 蔬菜 中药材 水稻制种 白莲 毛竹")
ASSETS = _w("山林 鱼塘 水库 集体林地 门面房 砂石场 果园 村部旧房")
ISSUES = _w(
    "村道塌方 饮水管道破裂 垃圾长期无人清运 小区污水外溢 农田灌溉渠堵塞 "
    "学校门口交通拥堵 集镇占道经营 河道非法采砂 危房无人管 路灯长期不亮 "
    "养猪场污染 企业偷排废水"
)
SERVICES = _w(
    "不动产登记 营业执照 建房审批 低保申请 残疾证 社保转移 林木采伐证 "
    "施工许可 消防验收 医保报销 户口迁移 食品经营许可"
)
TASKS = _w("人居环境整治 防汛巡查 森林防火 耕地保护 安全生产检查 信访积案化解 防返贫监测")
SHOPS = _w("超市 农资店 建材店 酒楼 砂石场 加油站 宾馆 药店")
POST_TYPES = _w("事业单位工作人员 公益性岗位人员 编外合同工 乡村医生 村级后备干部")
CASE_MATTERS = _w(
    "一起交通事故案件 一起故意伤害案件 一起土地纠纷案件 一起非法采砂案件 "
    "一起无证经营案件 一起劳动争议 一起非法占用农用地案件"
)
DRUG_TYPES = _w("辅助用药 高价耗材 进口药品 中药注射剂")
EQUIPMENT = _w("彩超设备 救护车 医用耗材 检验试剂 办公家具 电子白板 课桌椅")
STAT_ITEMS = _w("工业产值 固定资产投资 农民人均可支配收入 招商引资到位资金 新增就业人数")
SECRETS = _w("招标控制价 评标专家名单 项目预算 考试题目 检查时间安排")
PROJECT_PATTERNS = (
    "{town}{village}村村道硬化工程",
    "{town}农村饮水安全巩固提升工程",
    "{town}高标准农田建设项目",
    "{town}集镇污水管网改造工程",
    "{town}{village}村文化广场建设项目",
    "{town}{village}村危桥改造工程",
    "{town}集镇街道亮化工程",
    "{town}中心小学教学楼维修工程",
    "{town}{village}村山塘水库除险加固工程",
    "{town}农贸市场改造项目",
)
COUNTY_PROJECTS = (
    "县城老旧小区改造项目",
    "县城污水处理厂提标改造工程",
    "县第一中学运动场改造工程",
    "县人民医院门诊楼装修项目",
    "青云河河道综合治理工程",
    "县城区道路“白改黑”工程",
    "工业园区标准厂房建设项目",
    "县城停车场建设项目",
    "县城棚户区改造安置房项目",
    "县乡村振兴示范带建设项目",
    "县城区智慧路灯改造项目",
    "县城供水管网改造工程",
)
COMPANY_TRADES = _w(
    "宏达 鑫盛 恒通 华信 永安 金诚 鸿运 瑞丰 兴业 顺达 天成 博远 泰和 嘉禾 隆昌 "
    "海川 明辉 正邦 锦程 安泰 润泽 通达 众鑫 富源 长青 康源 晨光 昌盛 宏图 鼎盛"
)
COMPANY_KINDS = _w(
    "建筑工程有限公司 建材有限公司 商贸有限公司 劳务有限公司 园林绿化工程有限公司 "
    "路桥工程有限公司 水利水电工程有限公司 装饰工程有限公司 医疗器械有限公司"
)
FORWARD_TARGETS = _w(
    "县信访局 县人力资源和社会保障局 县人民法院 县城市管理局 县公安局 县自然资源局 县市场监督管理局"
)
ORDINALS = "一二三四五六"


# --- problem patterns ----------------------------------------------------------------------
# Each: code, weight, categories, pools (where its subjects work, weighted), facts (the
# first is written with the full subject "{S}", the rest with "{name}"), details.
# Slots: see _Gen.slots.


@dataclass(frozen=True)
class Kind:
    code: str
    weight: float
    categories: tuple[str, ...]
    pools: tuple[tuple[str, float], ...]
    facts: tuple[str, ...]
    details: tuple[str, ...] = ()


KINDS: tuple[Kind, ...] = (
    Kind(
        "dining",
        9,
        ("hd_dining", "integrity"),
        (
            ("dept_leader", 4),
            ("town_leader", 3),
            ("village", 2),
            ("soe", 1),
            ("school", 0.5),
            ("hospital", 0.5),
        ),
        (
            "{S}经常在{restaurant}用公款吃喝，费用以“{cover}”名义在单位报销。",
            "{day}晚，{S}与单位几名干部在{restaurant}聚餐饮酒，喝了两瓶茅台，费用由{company}老板买单。",
            "{S}多次在工作日中午饮酒，{day}中午饮酒后还开着公车回单位上班。",
            "{S}借到{place}检查工作之机，接受村里安排的宴请，每次都要上好酒好烟。",
            "{S}长期在单位食堂违规宴请私人朋友，酒水从单位账上支出。",
            "{date}以来，{S}每月都到{restaurant}吃饭好几次，吃完签单，年底由{company}统一结账，累计{wan}。",
        ),
        (
            "饭店的签单本上都有记录，一查便知。",
            "当晚一共摆了{n}桌，参加的还有{unit}的其他几名干部。",
            "{unit}的招待费账目与实际接待情况明显不符。",
            "有群众拍了照片，车就停在饭店门口。",
        ),
    ),
    Kind(
        "gifts",
        9,
        ("hd_gifts", "integrity"),
        (
            ("dept_leader", 4),
            ("town_leader", 3),
            ("village", 1),
            ("hospital", 1),
            ("school", 1),
            ("soe", 1),
        ),
        (
            "{S}逢年过节收受下属和管理服务对象送的红包礼金，仅{year}年春节期间就收了{amount}。",
            "{S}在{project}验收前，收受施工方{company}负责人送的购物卡{amount}。",
            "{S}利用职务便利，收受{company}老板送的高档烟酒和土特产，价值{amount}左右。",
            "{S}的办公室经常有人送礼，{day}有人看到{company}的人提着两箱酒进了{his}办公室。",
            "{S}在其父亲生病住院期间，收受下属和村干部的“慰问金”共计{amount}。",
            "{S}每年中秋、春节都要下面的站所和村里“表示表示”，少则{small_amount}，多则上万元。",
        ),
        (
            "送钱的人自己在外面讲过这件事。",
            "收的购物卡有一部分拿到县城超市去换了现金。",
            "{name}在群众中影响很坏。",
        ),
    ),
    Kind(
        "weddings",
        4,
        ("hd_weddings", "integrity"),
        (("dept_leader", 3), ("town_leader", 3), ("village", 2), ("school", 1), ("hospital", 1)),
        (
            "{S}于{day}为其{child}操办婚宴，在{restaurant}摆了{n}桌，邀请了大量管理服务对象，收受礼金{amount}。",
            "{S}为其母亲操办丧事，大操大办，请了乐队，酒席{n}桌，不少下属单位和企业老板都去送了礼。",
            "{S}借其{child}考上大学之机，在{restaurant}办“升学宴”，收受礼金{amount}。",
            "{S}{date}搬新居时在家中宴请，{unit}的干部职工几乎都送了礼金，每人{small_amount}。",
        ),
        ("事后也没有向组织报告。", "宴席当天{restaurant}门口停满了车，其中还有公务车。"),
    ),
    Kind(
        "vehicles",
        5,
        ("hd_vehicles", "work"),
        (("dept_leader", 3), ("town_leader", 3), ("dept_staff", 1), ("soe", 1), ("hospital", 1)),
        (
            "{S}长期公车私用，经常开单位的公务车（车牌号{plate}）接送孩子上下学。",
            "{day}是周末，有人在{scenic}停车场看到{unit}的公务车{plate}，{S}一家人在景区游玩。",
            "{S}节假日开公车回老家{hometown}，油费和过路费都拿到单位报销。",
            "{S}把单位的公务车停在自家小区，当私家车用，车牌号{plate}。",
        ),
        ("小区的门卫和邻居都知道这件事。", "加油记录和高速通行记录可以证明。"),
    ),
    Kind(
        "travel",
        2,
        ("hd_travel", "integrity"),
        (("dept_leader", 3), ("town_leader", 2), ("school", 1), ("hospital", 1)),
        (
            "{S}以外出考察学习为名，于{date}带领单位{n}名干部到{tour_place}旅游，费用由{unit}承担。",
            "{S}借参加培训之机，绕道{tour_place}游玩，相关费用拿到单位报销。",
            "{S}{date}组织班子成员到{tour_place}“学习考察”，实际上只参观了半天，其余时间都在游山玩水。",
        ),
        ("朋友圈里还发过照片。",),
    ),
    Kind(
        "allowance",
        3,
        ("hd_allowance", "integrity"),
        (("dept_leader", 3), ("town_leader", 3), ("school", 1), ("hospital", 1), ("soe", 1)),
        (
            "{S}安排以“加班费”“值班补助”名义违规发放津补贴，每人{small_amount}。",
            "{date}，{S}授意以购买办公用品名义虚开发票套取资金{wan}，用于给职工发放福利。",
            "{S}违规给自己和班子成员发放“绩效奖励”，人均{amount}。",
        ),
        ("财务人员对此有意见，但不敢说。",),
    ),
    Kind(
        "favoritism",
        9,
        ("mass", "rural", "livelihood"),
        (("village", 8), ("town_staff", 2)),
        (
            "{S}在低保评定中优亲厚友，将其{relative}{rel_name}等不符合条件的亲属纳入低保，真正困难的{poor_person}却没有评上。",
            "{village}{year}年的危房改造名额被{S}给了自家亲戚，{rel_name}家是新建的三层楼房，也领了{amount}补助。",
            "{S}利用职务便利，把村里的公益性岗位安排给自己的{relative}，每月领工资却从不上班。",
            "{village}产业奖补资金分配不公，{S}的{relative}根本没有种{crop}，却领到了{amount}奖补资金。",
            "{S}在分配{village}集体土地征收补偿款时，给自己亲属多分，其他村民少分甚至不分。",
        ),
        (
            "村民评议会根本没有开，名单是{name}一个人定的。",
            "公示只贴了一天就撕掉了。",
            "村里很多群众都有意见，敢怒不敢言。",
        ),
    ),
    Kind(
        "false_claims",
        8,
        ("integrity", "livelihood", "rural"),
        (("village", 7), ("town_staff", 2), ("dept_staff", 1)),
        (
            "{S}虚报耕地面积，冒领耕地地力保护补贴，{year}年至今累计{amount}。",
            "{village}已去世多年的村民{dead_person}仍在领取养老金，据说存折在{S}手里。",
            "{S}以其{relative}名义虚报退耕还林面积{n}亩，套取退耕还林补助资金{amount}。",
            "{S}伙同他人编造虚假材料，冒领{subsidy}{amount}。",
            "{village}有{n}户根本不符合条件的人家领取{subsidy}，钱都打到了{S}指定的账户上。",
        ),
        (
            "领钱的一卡通都放在{name}那里。",
            "只要去核对一下花名册和实际情况就清楚了。",
            "这些钱本来是给困难群众的救命钱。",
        ),
    ),
    Kind(
        "bid_rigging",
        6,
        ("integrity", "construction"),
        (("construction", 6), ("town_leader", 3), ("soe", 2)),
        (
            "{project}招标中，{company}与{company2}等几家公司围标串标，{S}事先向{company}泄露了标底。",
            "{S}插手{project}的招投标，指定由{company}中标，中标价{big_wan}，明显高于市场价。",
            "{project}采取化整为零的方式规避公开招标，拆成{n}个小项目直接发包给{company}，{S}从中收取好处。",
            "{project}的几家投标公司实际是同一个老板，投标文件里的错误都一模一样，{S}作为项目负责人却视而不见。",
        ),
        (
            "该工程质量很差，完工后不到半年就出现开裂。",
            "{company}根本没有相应资质，是借用别的公司资质投标的。",
            "工程款已经付了大半，但工程至今没有验收。",
        ),
    ),
    Kind(
        "embezzle_collective",
        6,
        ("integrity", "rural"),
        (("village", 9), ("town_staff", 1)),
        (
            "{S}侵占村集体资金，村里{asset}的承包款{wan}至今没有入账。",
            "{village}{year}年收到的土地征收款{big_wan}，{S}只公示了一部分，其余下落不明。",
            "{S}把村集体的{asset}低价承包给自己的{relative}，每年承包费只有{small_amount}，远低于市场价。",
            "{S}长期把村集体资金存在个人账户上，村务从不公开，群众要求查账被拒绝。",
            "{S}以虚开发票、虚列工程款的方式套取村集体资金{wan}。",
        ),
        (
            "村里的账已经好几年没有公开过了。",
            "村务监督委员会形同虚设。",
            "请求上级派人来查查村里的账。",
        ),
    ),
    Kind(
        "inaction",
        8,
        ("fm_inaction", "work"),
        (
            ("dept_leader", 3),
            ("dept_staff", 3),
            ("town_leader", 2),
            ("town_staff", 3),
            ("village", 2),
        ),
        (
            "群众多次反映{issue}问题，{S}推诿扯皮，至今不予处理。",
            "{S}工作作风漂浮，{date}我们去办理{service}，材料齐全却被要求反复补充，前后跑了{n}趟都没办成。",
            "{S}上班时间经常不在岗，群众找{him}办事很难找到人，打电话也不接。",
            "{issue}问题已经存在{years}年了，{S}作为分管领导从来没有到现场看过。",
            "{S}对上级部署的{task}工作敷衍应付，只做表面文章，材料写得好看，实际什么也没干。",
        ),
        (
            "12345热线也打过，回复说已转交办理，结果不了了之。",
            "群众意见很大。",
            "希望纪委督促解决。",
        ),
    ),
    Kind(
        "relative_business",
        4,
        ("integrity", "construction"),
        (("construction", 4), ("dept_leader", 3), ("town_leader", 2)),
        (
            "{S}的{relative}{rel_name}开办{rel_company}，近年来承接了{unit}多个项目，{name}从中打招呼、提供便利。",
            "{S}利用职务影响，为其{relative}承揽{project}，工程款{big_wan}。",
            "{S}的{relative}{rel_name}借用{rel_company}的名义在{unit}的项目上做工程，{name}多次出面协调工程款。",
        ),
        ("这些项目都没有经过公开招标。", "圈子里的人都知道那是{name}家里的公司。"),
    ),
    Kind(
        "business",
        2,
        ("integrity",),
        (("dept_leader", 2), ("town_leader", 2), ("dept_staff", 2), ("village", 1)),
        (
            "{S}违规入股{company}，每年分红{wan}。",
            "{S}在{town}经营一家{shop}，用{his}{relative}的名义登记，实际是自己在管。",
            "{S}在上班期间经营{shop}，利用职务便利为自家生意拉客户。",
        ),
        ("工商登记可以查到。",),
    ),
    Kind(
        "org_discipline",
        3,
        ("organisational",),
        (("dept_leader", 3), ("town_leader", 2), ("school", 1), ("hospital", 1)),
        (
            "{S}在{year}年{unit}招聘{post_type}中弄虚作假，其{relative}笔试成绩排名靠后却被录用。",
            "{S}在干部推荐中拉票，{day}请部分干部吃饭，要求在民主推荐时投{him}的票。",
            "{S}不如实报告个人有关事项，隐瞒其在县城的两套房产和{relative}经商的情况。",
            "{S}违规为其{relative}“吃空饷”，其{relative}在外地打工多年，仍在{unit}领工资。",
        ),
        ("参加考试的其他考生都不服。",),
    ),
    Kind(
        "life",
        2,
        ("life",),
        (("dept_leader", 2), ("town_leader", 2), ("dept_staff", 1), ("village", 1)),
        (
            "{S}生活作风有问题，与{town}一名女子长期保持不正当关系。",
            "{S}经常参与赌博，{day}晚在{town}一家棋牌室打牌，一晚上输赢上万元。",
            "{S}家风不正，对其{relative}打着{his}的旗号在外揽活收钱不管不问。",
        ),
        ("周围很多人都知道。",),
    ),
    Kind(
        "mass_harm",
        5,
        ("fm_mass", "mass"),
        (("town_staff", 3), ("village", 4), ("dept_staff", 2), ("town_leader", 1)),
        (
            "{S}截留群众的{subsidy}，我们{n}户村民的钱到现在都没拿到。",
            "{S}对来办事的群众态度恶劣，{day}我去{unit}办{service}，被{him}当众呵斥。",
            "{S}在{project}征地拆迁中强拆群众房屋，补偿标准也不公开。",
            "{S}向办理{service}的群众收取“辛苦费”，每次{small_amount}。",
        ),
        ("请纪委为老百姓做主。", "群众找了好多次，都没人管。"),
    ),
    Kind(
        "medicine",
        2,
        ("integrity", "medicine"),
        (("hospital", 1),),
        (
            "{S}收受医药代表回扣，{year}年以来大量使用{drug_type}，回扣按开药金额的{pct}计算。",
            "{unit}采购{equipment}时，{S}指定供应商，采购价比同类产品高出{pct}。",
            "{S}诱导患者住院、过度检查，套取医保基金。",
        ),
        ("医院里的医生护士都知道这个情况。", "有些住院病人根本不需要住院。"),
    ),
    Kind(
        "education",
        2,
        ("livelihood", "integrity"),
        (("school", 1),),
        (
            "{S}违规组织学生有偿补课，每生每学期收费{small_amount}。",
            "{unit}食堂承包给了{S}的亲戚，饭菜质量很差，价格却不低。",
            "{S}向学生家长收取择校费、借读费，每人{amount}，没有开具任何票据。",
            "{S}在校服和教辅资料征订中收取回扣。",
        ),
        ("家长们敢怒不敢言，怕孩子受影响。",),
    ),
    Kind(
        "business_env",
        3,
        ("business", "fm_inaction"),
        (("dept_staff", 3), ("dept_leader", 2), ("town_staff", 1)),
        (
            "{S}在企业办理{service}时吃拿卡要，暗示企业“意思意思”。",
            "{S}多次到{company}检查，每次都要企业安排吃饭，还要企业“赞助”{amount}。",
            "{unit}拖欠{company}工程款{big_wan}，{S}以各种理由推脱不付。",
        ),
        ("企业怕被刁难，一直不敢反映。",),
    ),
    Kind(
        "formalism",
        2,
        ("fm_burden",),
        (("town_leader", 2), ("dept_leader", 2)),
        (
            "{S}要求各村每周报送各类表格十几份，村干部大部分时间都在填表留痕。",
            "{S}搞形式主义，为迎接检查，要求{village}连夜刷墙、摆盆景，检查一结束就撤掉。",
            "{S}频繁召开会议，一个工作会开半天，{date}一个月就开了{n}次大会。",
        ),
        ("基层干部苦不堪言。",),
    ),
    Kind(
        "work_discipline",
        3,
        ("work",),
        (("dept_staff", 3), ("town_staff", 2), ("dept_leader", 1), ("police", 1)),
        (
            "{S}上班时间在办公室玩手机游戏、炒股，群众办事要等很久。",
            "{S}违规干预{case_matter}的办理，为当事人说情打招呼。",
            "{S}泄露工作秘密，把{secret}透露给了{company}。",
        ),
        ("有人看到过好几次。",),
    ),
    Kind(
        "reception",
        2,
        ("hd_reception",),
        (("dept_leader", 2), ("town_leader", 2)),
        (
            "{date}上级来检查，{S}安排在{restaurant}超标准接待，还赠送了土特产。",
            "{S}接待外地考察团时，安排高档酒水和住宿，费用摊到{project}中列支。",
        ),
        ("接待清单和实际人数对不上。",),
    ),
    Kind(
        "land",
        3,
        ("integrity", "rural"),
        (("village", 4), ("town_staff", 2), ("town_leader", 1)),
        (
            "{S}在审批宅基地时收取好处费，{rel_name}家没有任何手续就建了房。",
            "{S}违规将{village}{n}亩基本农田流转给{company}搞非农建设。",
            "{S}收受好处后，为不符合条件的人办理建房审批，每户{small_amount}。",
        ),
        ("现场一看就清楚。",),
    ),
    Kind(
        "stats",
        1,
        ("statistics", "fm_decision"),
        (("town_leader", 2), ("dept_leader", 1)),
        (
            "{S}授意虚报{stat_item}数据，{year}年上报的数据与实际严重不符。",
            "{S}为完成考核任务，要求企业虚报{stat_item}。",
        ),
        ("下面的统计员都知道这是假数据。",),
    ),
    Kind(
        "police",
        2,
        ("work", "integrity"),
        (("police", 1),),
        (
            "{S}办理{case_matter}时收受当事人财物，对嫌疑人从轻处理。",
            "{S}充当{town}一家赌场的“保护伞”，每次检查前都提前通风报信。",
        ),
        ("当事人自己在外面说过。",),
    ),
    Kind(
        "political",
        1,
        ("political",),
        (("dept_leader", 1), ("town_leader", 1)),
        (
            "{S}对抗组织审查，在{unit}被巡察期间与相关人员串供、转移账本。",
            "{S}在{town}的酒桌上公开发表不当言论，妄议中央大政方针。",
        ),
        ("当时在场的人都可以作证。",),
    ),
)
OUT_OF_SCOPE = Kind(
    "out_of_scope",
    2,
    (),
    (),
    (
        "本人与邻居因宅基地界址发生纠纷，多次找{town}调解未果，请求纪委出面处理。",
        "{company}拖欠我们{n}名农民工工资{wan}，请求帮助讨薪。",
        "本人对{case_matter}的判决不服，请求纪委监委督促法院重新审理。",
        "{town}集镇一家{shop}夜间施工噪音扰民，多次投诉无果。",
        "本人在{company}工作期间受伤，公司拒不赔偿，请求帮助解决。",
    ),
    ("希望领导帮忙解决。",),
)
SURRENDER_FACTS = (
    "本人在担任{title}期间，先后收受{company}负责人所送现金{wan}，为其在工程承揽方面提供帮助。",
    "本人在{project}建设期间，利用职务便利为{company}谋取利益，收受好处费{wan}。",
    "本人在担任{title}期间，利用管理村集体资金的便利，挪用集体资金{wan}用于个人炒股。",
    "本人{year}年以来多次收受下属和管理服务对象所送礼金共计{amount}，现主动交代并上交全部款项。",
)
KINDS_BY_CODE = {k.code: k for k in (*KINDS, OUT_OF_SCOPE)}

OPENERS = {
    ("letter", True): (
        "尊敬的县纪委监委领导：本人系{desc}，现实名反映以下问题。",
        "县纪委监委：我是{desc}，实名举报。",
        "尊敬的领导：您好！我是{desc}，有一件事情憋在心里很久了，今天实名向您反映。",
    ),
    ("letter", False): (
        "尊敬的县纪委监委领导：",
        "县纪委：我是{anon}，因怕打击报复，不敢署名。",
        "尊敬的领导：现将有关问题反映如下。",
        "",
    ),
    ("visit", True): ("来访人系{desc}，反映：", "来访人（{desc}）称：", "来访群众系{desc}，反映："),
    ("visit", False): ("来访人不愿透露身份，反映：",),
    ("call", True): ("来电人系{desc}，反映：", "来电人（{desc}）反映："),
    ("call", False): ("来电反映：", "来电人称：", "来电人不愿留下姓名，反映："),
    ("online", True): ("本人系{desc}，实名举报：", "我是{desc}，现实名反映：", "实名举报："),
    ("online", False): ("举报：", "反映问题：", "", "我是{anon}，"),
    ("higher_assignment", False): (
        "市纪委监委转来信访件（{ref}），反映：",
        "上级纪委监委交办：群众来信反映，",
        "市纪委监委交办件（{ref}）：",
    ),
    ("inspection_transfer", False): (
        "县委第{ordinal}巡察组在对{where}开展巡察期间发现并移交：",
        "县委第{ordinal}巡察组移交问题线索（{ref}）：",
    ),
    ("audit_transfer", False): (
        "县审计局在对{where}{year}年度预算执行情况审计中发现：",
        "县审计局移送（{ref}）：审计发现，",
    ),
    ("law_enforcement", False): (
        "县公安局在办理{case_matter}过程中发现，",
        "县人民检察院移送（{ref}）：",
        "县市场监督管理局在执法检查中发现，",
    ),
}
OPENERS_OWN = {
    "own": ("本机关在日常监督中发现，", "县纪委监委在专项监督检查中发现，", "监督检查中发现："),
    "crosscheck": ("大数据比对发现，", "经数据比对，发现以下疑点："),
}
CLOSERS = {
    "named": (
        "以上情况属实，本人愿意配合调查。",
        "请纪委监委调查核实，并将处理结果告知本人。",
        "恳请领导重视，还群众一个公道。",
        "本人对反映内容的真实性负责。",
    ),
    "anon": (
        "希望纪委认真调查，严肃处理。",
        "请领导明察。",
        "群众意见很大，请尽快查处。",
        "",
        "",
    ),
    "transfer": ("现将有关问题线索移送你委处理。", "请依规依纪处置。", ""),
    "visit": ("来访人要求纪委调查处理。", "来访人情绪激动，要求尽快给予答复。", ""),
    "call": ("来电人希望尽快处理并反馈结果。", ""),
}
FILLERS = (
    "以上问题请纪委监委调查核实，依规依纪严肃处理。",
    "希望组织上认真调查，给群众一个交代。",
    "恳请有关部门尽快核实处理。",
)
DUP_PREFIXES = (
    "再次反映：",
    "此前已经反映过，至今没有结果，现再次反映。",
    "本人{when}曾反映过此事，至今没有答复。",
    "又一次反映：",
    "关于{name}的问题，之前已经举报过，",
)
DUP_SUFFIXES = (
    "恳请领导高度重视，尽快查处！",
    "希望这次不要再不了了之。",
    "请尽快给个说法。",
    "群众都在看着。",
)
REPORTER_ROLES = ("村民", "村民", "村民", "退休干部", "个体户", "在外务工人员", "企业主")


# --- the generator -------------------------------------------------------------------------


def _pool_of(post: PersonPost, unit: UnitRef) -> tuple[str, ...]:
    kind = unit.kind
    if kind == "village":
        return ("village",)
    if kind == "town":
        return ("town_leader",) if post.is_leadership else ("town_staff",)
    if kind in ("department", "party_committee"):
        pools: tuple[str, ...] = ("dept_leader",) if post.is_leadership else ("dept_staff",)
        if unit.name == "县公安局":
            pools += ("police",)
        if post.is_leadership and unit.name in CONSTRUCTION_UNITS:
            pools += ("construction",)
        return pools
    if kind == "soe":
        return ("soe", "construction") if post.is_leadership else ("soe",)
    if kind in ("school", "hospital"):
        return (kind,)
    return ()


CONSTRUCTION_UNITS = frozenset(
    {
        "县住房和城乡建设局",
        "县交通运输局",
        "县水利局",
        "县自然资源局",
        "县农业农村局",
        "县城市管理局",
        "县教育局",
        "县卫生健康局",
    }
)


class _Gen:
    def __init__(
        self, *, seed: int, roster: Roster, today: date, n: int, stream: str = "reports"
    ) -> None:
        from jiandu.core.calendar import bundled_calendar

        self.seed = seed
        self.rng = random.Random(f"jiandu.intake.demo:{stream}:{seed}")
        self.today = today
        self.n = n
        self.cal = bundled_calendar()  # years it does not know: weekends only
        self.workdays: dict[date, bool] = {}
        self.start = today - timedelta(days=int(YEARS * 365.25))
        self.units = {u.code: u for u in roster.units}
        self.roster = roster
        self.towns = [u for u in roster.units if u.kind == "town"]
        self.departments = [u for u in roster.units if u.kind == "department"]
        self.posts_by_unit: dict[str, list[PersonPost]] = defaultdict(list)
        for post in roster.posts:
            self.posts_by_unit[post.unit].append(post)
        self.village_by_name = {
            (self.units[u.parent].name if u.parent in self.units else "", u.name): u.code
            for u in roster.units
            if u.kind == "village"
        }
        self.surname_cum = list(_cumulative(org_demo.SURNAME_WEIGHTS))
        self.bodies: dict[int, tuple[list[str], dict[str, Any]]] = {}
        self.described: dict[ReporterSpec, str] = {}
        self.villages: dict[str, list[UnitRef]] = defaultdict(list)
        for u in roster.units:
            if u.kind == "village":
                self.villages[u.parent].append(u)
        self.relatives: dict[str, list[RelativeRef]] = defaultdict(list)
        for r in roster.relatives:
            self.relatives[r.cadre].append(r)
        self.companies = [c for c in roster.companies if c.startswith(org_demo.COUNTY_NAME)]
        self.build_pools()

    # -- helpers --

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def working(self, d: date) -> bool:
        known = self.workdays.get(d)
        if known is None:
            known = self.workdays[d] = self.cal.is_working_day(d)
        return known

    def next_workday(self, d: date, n: int = 0) -> date:
        """``d`` moved to a working day (forward), then ``n`` working days later."""
        while not self.working(d):
            d += timedelta(days=1)
        for _ in range(n):
            d += timedelta(days=1)
            while not self.working(d):
                d += timedelta(days=1)
        return d

    def person_name(self, gender: str | None = None, born: int | None = None) -> str:
        gender = gender or ("M" if self.chance(0.65) else "F")
        born = born or self.rng.randint(1950, 1998)
        surname = self.rng.choices(org_demo._SURNAME_LIST, cum_weights=self.surname_cum)[0]
        single, first, second = org_demo._GIVEN[(org_demo._generation(born), gender)]
        if self.chance(0.3):
            return surname + self.pick(single)
        while True:
            a, b = self.pick(first), self.pick(second)
            if a != b:
                return surname + a + b

    def mobile(self) -> str:
        return f"1{self.pick('3578')}{self.rng.randrange(10**9):09d}"

    def citizen_id(self, gender: str, born: int) -> str:
        birth = date(born, self.rng.randint(1, 12), self.rng.randint(1, 28))
        order = self.rng.randrange(1, 500) * 2 + (1 if gender == "M" else 0)
        area = org_demo.AREA_CODE if self.chance(0.85) else self.pick(org_demo.ELSEWHERE_AREA_CODES)
        body = f"{area}{birth:%Y%m%d}{order:03d}"
        return body + citizen_id_check_digit(body)

    def company(self, exclude: str = "") -> str:
        if self.companies and self.chance(0.7):
            name = self.pick(self.companies)
        else:
            name = f"{org_demo.COUNTY_NAME}{self.pick(COMPANY_TRADES)}{self.pick(COMPANY_KINDS)}"
        return name if name != exclude else self.company(exclude)

    def village_of(self, town_code: str) -> UnitRef | None:
        villages = self.villages.get(town_code)
        return self.pick(villages) if villages else None

    def random_place(self) -> tuple[str, str]:
        """(town name, village name) somewhere in the county."""
        town = self.pick(self.towns)
        village = self.village_of(town.code)
        return town.name, village.name if village else "中心村"

    # -- subjects --

    def build_pools(self) -> None:
        pools: dict[str, list[int]] = defaultdict(list)
        leaders = sorted(
            {
                p.cadre
                for p in self.roster.posts
                if p.is_leadership or self.units[p.unit].kind == "village"
            }
        )
        # Cadres reported again and again (the same for every stream of the seed).
        hot_rng = random.Random(f"jiandu.intake.demo:hot:{self.seed}")
        self.hot = set(hot_rng.sample(leaders, min(len(leaders), max(3, len(leaders) // 12))))
        weights: dict[str, list[float]] = defaultdict(list)
        for i, post in enumerate(self.roster.posts):
            unit = self.units.get(post.unit)
            if unit is None:
                continue
            w = 3.0 if post.is_head else 2.0 if post.is_leadership else 1.0
            if unit.kind == "village":
                w *= 1.5
            if post.cadre in self.hot:
                w *= 4
            for pool in _pool_of(post, unit):
                pools[pool].append(i)
                weights[pool].append(w)
        self.pools = dict(pools)
        self.pool_cum: dict[str, list[float]] = {}
        for pool, ws in weights.items():
            total, cum = 0.0, []
            for w in ws:
                total += w
                cum.append(total)
            self.pool_cum[pool] = cum
        self.heads_of_commission = [
            p
            for p in self.roster.posts
            if p.unit == org_demo.COMMISSION and p.is_head and p.end_date is None
        ]

    def subject_post(self, kind: Kind, day: date) -> PersonPost | None:
        pools = [(p, w) for p, w in kind.pools if p in self.pools]
        if not pools:
            return None
        for _ in range(40):
            pool = self.rng.choices([p for p, _ in pools], [w for _, w in pools])[0]
            index = self.rng.choices(self.pools[pool], cum_weights=self.pool_cum[pool])[0]
            post = self.roster.posts[index]
            if post.active_on(day):
                return post
        return None

    def short_title(self, post: PersonPost, unit: UnitRef) -> str:
        """The title as people say it after the unit's name: "石桥村" + "党支部书记",
        "县委组织部" + "部长", "青石镇" + "镇长"."""
        parts = post.title.split("、")
        title = parts[0] if unit.kind == "village" else parts[-1]
        for k in range(min(len(title), len(unit.name)), 0, -1):
            if unit.name.endswith(title[:k]):
                if not title[k:].startswith("长") and title[k:]:
                    title = title[k:]
                break
        if any(title.endswith(t) for t in ("科员", "办事员", "调研员")) and self.chance(0.7):
            title = "工作人员"
        return title

    def unit_phrase(self, unit: UnitRef) -> str:
        """The unit as people write it: a village with its town."""
        if unit.kind == "village":
            town = self.units.get(unit.parent)
            return f"{town.name}{unit.name}" if town else unit.name
        return unit.name

    # -- slots --

    def amount(self, low: int, high: int) -> str:
        value = self.rng.randint(low, high)
        if value >= 10000:
            wan = value / 10000
            return f"{wan:.1f}万元".replace(".0万", "万")
        return f"{value // 100 * 100}元"

    def slots(self, post: PersonPost | None, subject: str, day: date) -> _Slots:
        """Everything a template may use, for a matter found on ``day``: the place and
        the subject now, the rest drawn when a template first asks for it."""
        rng = self.rng
        unit = self.units.get(post.unit) if post else None
        town_name, village_name = self.random_place()
        if unit is not None and unit.kind == "village":
            town = self.units.get(unit.parent)
            town_name, village_name = (town.name if town else town_name), unit.name
        elif unit is not None and unit.kind == "town":
            town_name = unit.name
            village = self.village_of(unit.code)
            village_name = village.name if village else village_name
        gender = post.gender if post else "M"

        def relatives() -> dict[str, str]:
            rels = self.relatives.get(post.cadre, []) if post else []
            rel = self.pick(rels) if rels and self.chance(0.8) else None
            if rel is not None:
                return {
                    "relative": _relation_word(rel.relation, rel.gender, gender),
                    "rel_name": rel.name,
                    "rel_company": rel.company or self.company(),
                }
            relation = self.pick(("spouse", "sibling", "child", "sibling"))
            rel_gender = "F" if relation == "spouse" and gender == "M" else self.pick("MF")
            surname = post.name[0] if relation != "spouse" and post else ""
            rel_name = (surname + self.person_name(rel_gender)[1:]) if surname else ""
            return {
                "relative": _relation_word(relation, rel_gender, gender),
                "rel_name": rel_name or self.person_name(rel_gender),
                "rel_company": self.company(),
            }

        def project() -> str:
            if unit is not None and unit.kind in ("village", "town"):
                return self.pick(PROJECT_PATTERNS).format(town=town_name, village=village_name)
            return self.pick(COUNTY_PROJECTS)

        def plate() -> str:
            if rng.random() < 0.3:
                return f"赣K{rng.randrange(100000):05d}"
            return f"赣K{rng.choice('ABCDEF')}{rng.randrange(10000):04d}"

        values = {
            "S": subject,
            "name": post.name if post else "此人",
            "title": self.short_title(post, unit) if post and unit else "村干部",
            "unit": unit.name if unit else f"{town_name}人民政府",
            "town": town_name,
            "village": village_name,
            "place": f"{town_name}{village_name}",
            "his": "他" if gender == "M" else "她",
            "him": "他" if gender == "M" else "她",
        }
        pick = self.pick
        later: dict[str, Any] = {
            "project": project,
            "company": self.company,
            "restaurant": lambda: pick(RESTAURANTS),
            "cover": lambda: pick(COVERS),
            "plate": plate,
            "child": lambda: pick(("儿子", "女儿")),
            "subsidy": lambda: pick(SUBSIDIES),
            "crop": lambda: pick(CROPS),
            "asset": lambda: pick(ASSETS),
            "issue": lambda: pick(ISSUES),
            "service": lambda: pick(SERVICES),
            "task": lambda: pick(TASKS),
            "poor_person": lambda: f"{self.person_name(born=rng.randint(1940, 1970))}家",
            "dead_person": lambda: self.person_name(born=rng.randint(1925, 1950)),
            "scenic": lambda: pick(SCENIC),
            "tour_place": lambda: pick(TOUR_PLACES),
            "hometown": lambda: self.random_place()[0],
            "shop": lambda: pick(SHOPS),
            "post_type": lambda: pick(POST_TYPES),
            "case_matter": lambda: pick(CASE_MATTERS),
            "secret": lambda: pick(SECRETS),
            "drug_type": lambda: pick(DRUG_TYPES),
            "equipment": lambda: pick(EQUIPMENT),
            "pct": lambda: f"{rng.randint(10, 40)}%",
            "stat_item": lambda: pick(STAT_ITEMS),
        }
        for key in ("relative", "rel_name", "rel_company"):
            later[key] = relatives
        numbers = self.number_makers(day)
        slots = _Slots(values, {}, numbers)
        later["company2"] = lambda: self.company(exclude=slots["company"])
        slots.makers = {**later, **numbers}
        return slots

    def number_makers(self, day: date) -> dict[str, Any]:
        """Amounts, counts and dates: drawn anew for every sentence (``_Slots.fresh``)."""
        rng = self.rng
        event = {}

        def event_day() -> date:
            if "day" not in event:
                event["day"] = day - timedelta(days=rng.randint(10, 330))
            return event["day"]

        return {
            "amount": lambda: self.amount(2000, 80000),
            "small_amount": lambda: self.amount(200, 3000),
            "wan": lambda: f"{rng.randint(2, 40)}万元",
            "big_wan": lambda: f"{rng.randint(50, 900)}万元",
            "n": lambda: rng.randint(3, 30) if rng.random() < 0.5 else rng.randint(2, 9),
            "years": lambda: rng.randint(2, 8),
            "day": lambda: f"{event_day():%Y}年{event_day().month}月{event_day().day}日",
            "date": lambda: f"{event_day():%Y}年{event_day().month}月",
            "year": lambda: event_day().year,
        }

    # -- one matter --

    def subject_phrase(self, post: PersonPost) -> tuple[str, str]:
        """(the subject as written, the unit as written)."""
        unit = self.units[post.unit]
        where = self.unit_phrase(unit)
        title = self.short_title(post, unit)
        if unit.kind == "department" and where.startswith("县") and self.chance(0.15):
            where = org_demo.COUNTY_NAME + where.removeprefix("县")
        return f"{where}{title}{post.name}", where

    def outsider(self, kind: Kind, day: date) -> tuple[str, SubjectSpec, str]:
        """A subject who is not in the register: a village group leader, a contractor, or
        a cadre the reporter can only half name."""
        town, village = self.random_place()
        name = self.person_name()
        r = self.rng.random()
        if r < 0.6 and any(pool == "village" for pool, _ in kind.pools):
            group = self.rng.randint(1, 12)
            unit = self.find_unit(village, town)
            return (
                f"{town}{village}{group}组组长{name}",
                SubjectSpec(name, unit=unit, unit_text=f"{town}{village}"),
                f"{town}{village}",
            )
        unit = self.pick(self.departments)
        half = f"{name[0]}某"
        return (
            f"{unit.name}一名姓{name[0]}的干部",
            SubjectSpec(half, unit=unit.code, unit_text=unit.name),
            unit.name,
        )

    def find_unit(self, village: str, town: str) -> str:
        return self.village_by_name.get((town, village), "")

    def received_day(self) -> date:
        """A day before today (a report "received" later today would lie in the future);
        more reports in recent years."""
        span = (self.today - self.start).days - 1
        while True:
            offset = self.rng.randrange(span + 1)
            if self.rng.random() < (0.85 + 0.3 * offset / span) / 1.15:
                return self.start + timedelta(days=offset)

    def received_time(self, channel: str, day: date) -> datetime:
        rng = self.rng
        if channel in WORKDAY_CHANNELS and not self.working(day) and rng.random() < 0.92:
            moved = self.next_workday(day)
            if moved < self.today:
                day = moved
        if channel == "online":
            hour = rng.choices(range(24), [1] * 7 + [2] * 12 + [4] * 5)[0]
        elif channel == "call":
            hour = rng.choices(range(8, 21), [3] * 10 + [1] * 3)[0]
        else:
            hour = rng.randint(8, 16)
        return datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)))

    def reporter(self, kind: Kind, place: str) -> tuple[ReporterSpec, str]:
        gender = "M" if self.chance(0.68) else "F"
        born = self.rng.randint(1948, 1999)
        name = self.person_name(gender, born)
        role = self.pick(REPORTER_ROLES)
        if kind.code in ("dining", "allowance", "org_discipline", "vehicles", "travel"):
            role = self.pick(("单位职工", "退休干部", "知情人"))
        if role == "村民":
            role = "居民" if place.endswith("社区") else "村民"
            desc = f"{place}{role}"
        else:
            desc = role
        town, village = self.random_place()
        address = f"{org_demo.COUNTY_NAME}{town}{village}{self.rng.randint(1, 99)}号"
        reporter = ReporterSpec(
            name=name,
            id_number=self.citizen_id(gender, born) if self.chance(0.5) else "",
            phone=self.mobile(),
            address=address if self.chance(0.8) else "",
        )
        self.described[reporter] = desc
        return reporter, desc

    def body(self, kind: Kind, slots: dict[str, Any], day: date) -> list[str]:
        """The first fact names the subject in full, the others by name only."""
        facts = list(kind.facts)
        self.rng.shuffle(facts)
        count = self.rng.choices((1, 2, 3), (0.3, 0.45, 0.25))[0]
        sentences = [facts[0].format_map(slots)]
        for fact in facts[1:]:
            if len(sentences) >= count and sum(map(len, sentences)) >= 70:
                break
            sentences.append(fact.format_map(slots.fresh(self.number_makers(day), S=slots["name"])))
        details = list(kind.details)
        self.rng.shuffle(details)
        for detail in details[: self.rng.choices((0, 1, 2), (0.2, 0.5, 0.3))[0]]:
            sentences.append(detail.format_map(slots))
        return sentences

    def pick_kind(self, channel: str) -> Kind:
        allowed = TRANSFER_KINDS.get(channel)
        kinds = [k for k in KINDS if allowed is None or k.code in allowed]
        if channel not in TRANSFER_CHANNELS:
            kinds.append(OUT_OF_SCOPE)
        return self.rng.choices(kinds, [k.weight for k in kinds])[0]

    def matter(self, key: int) -> ReportSpec:
        """The first report of a matter."""
        rng = self.rng
        channel = rng.choices([c for c, _, _ in CHANNELS], [w for _, w, _ in CHANNELS])[0]
        day = self.received_day()
        if channel in WORKDAY_CHANNELS:
            while not self.working(day):  # nobody visits or phones on a rest day
                day = self.received_day()
        if channel == "surrender":
            report = self.surrender(key, day)
            if report is not None:
                return report
            channel = "letter"
        kind = self.pick_kind(channel)
        post = None if kind is OUT_OF_SCOPE else self.subject_post(kind, day)
        subjects: tuple[SubjectSpec, ...] = ()
        if post is not None and rng.random() < 0.9:
            phrase, unit_text = self.subject_phrase(post)
            subjects = (SubjectSpec(post.name, post.cadre, post.unit, unit_text),)
        elif kind is not OUT_OF_SCOPE:
            phrase, subject, unit_text = self.outsider(kind, day)
            subjects = (subject,)
            post = None
        else:
            phrase = ""
        slots = self.slots(post, phrase, day)
        if post is None:
            slots["name"] = subjects[0].name if subjects else "此人"
            slots["his"] = slots["him"] = "他"
            if subjects and subjects[0].unit_text:
                slots["unit"] = subjects[0].unit_text
        if post is not None and rng.random() < 0.08:
            second = self.second_subject(post, day)
            if second is not None:
                extra, extra_unit = self.subject_phrase(second)
                slots["S"] = f"{phrase}和{extra}"
                subjects += (SubjectSpec(second.name, second.cadre, second.unit, extra_unit),)
        sentences = self.body(kind, slots, day)
        categories = kind.categories
        if len(categories) > 1 and rng.random() < 0.25:
            categories = categories[:1]
        report = ReportSpec(
            key=key,
            matter=key,
            kind=kind.code,
            channel=channel,
            received_at=self.received_time(channel, day),
            content="",
            categories=categories,
            subjects=subjects,
            reporter=None,
            status=REGISTERED,
        )
        return self.tell(report, sentences, slots, day)

    def tell(
        self,
        report: ReportSpec,
        sentences: list[str],
        slots: dict[str, Any],
        day: date,
        *,
        prefix: str = "",
        suffix: str = "",
        reporter: ReporterSpec | bool | None = True,
    ) -> ReportSpec:
        """Write the report's text for its channel: opener, the sentences, closer.
        ``reporter``: True to draw a reporter (or none) for the channel, else the one
        given."""
        channel = report.channel
        kind = KINDS_BY_CODE[report.kind]
        desc = ""
        if reporter is True:
            named_share = next(s for c, _, s in CHANNELS if c == channel)
            reporter = None
            if self.rng.random() < named_share:
                reporter, desc = self.reporter(kind, slots["place"])
        elif reporter is not None:
            desc = self.described.get(reporter, "知情人")
        named = reporter is not None
        opener = self.opener(channel, named, desc, slots, day) + prefix
        closer = suffix or self.closer(channel, named)
        content = self.fit(opener, list(sentences), closer, kind, slots)
        self.bodies.setdefault(report.matter, (list(sentences), slots))
        return replace(report, content=content[:400], reporter=reporter or None)

    def second_subject(self, post: PersonPost, day: date) -> PersonPost | None:
        others = [
            p for p in self.posts_by_unit[post.unit] if p.cadre != post.cadre and p.active_on(day)
        ]
        return self.pick(others) if others else None

    def surrender(self, key: int, day: date) -> ReportSpec | None:
        """A cadre gives themself up (主动投案): reporter and subject are the same."""
        codes = ("gifts", "bid_rigging", "embezzle_collective")
        kind = self.pick([k for k in KINDS if k.code in codes])
        post = self.subject_post(kind, day)
        if post is None:
            return None
        phrase, unit_text = self.subject_phrase(post)
        slots = self.slots(post, phrase, day)
        fact = self.pick(SURRENDER_FACTS).format_map(slots)
        content = (
            f"{phrase}于{day.year}年{day.month}月{day.day}日主动到县纪委监委投案，交代：{fact}"
            "本人认识到自己的错误，愿意接受组织处理。"
        )
        reporter = ReporterSpec(post.name, post.cadre, self.mobile(), "")
        return ReportSpec(
            key=key,
            matter=key,
            kind=kind.code,
            channel="surrender",
            received_at=self.received_time("surrender", day),
            content=content,
            categories=kind.categories,
            subjects=(SubjectSpec(post.name, post.cadre, post.unit, unit_text),),
            reporter=reporter,
            status=REGISTERED,
        )

    def opener(self, channel: str, named: bool, desc: str, slots: dict[str, Any], day: date) -> str:
        options = OPENERS.get((channel, named)) or OPENERS.get((channel, False)) or ("",)
        ref_year = day.year
        values = {
            "desc": desc,
            "anon": self.pick(("知情人", "一名普通党员", "一名老党员", "当地群众", "单位职工")),
            "ref": self.ref(channel, ref_year),
            "ordinal": self.pick(ORDINALS),
            "where": slots["unit"] if slots["S"] else slots["town"],
            "year": ref_year - 1,
            "case_matter": slots["case_matter"],
        }
        return self.pick(options).format(**values)

    def ref(self, channel: str, year: int) -> str:
        n = self.rng.randint(1, 60)
        prefix = {
            "higher_assignment": "市纪交",
            "inspection_transfer": "青巡移",
            "audit_transfer": "青审移",
            "law_enforcement": "青检移",
        }.get(channel, "青纪")
        return f"{prefix}〔{year}〕{n}号"

    def closer(self, channel: str, named: bool) -> str:
        if channel in TRANSFER_CHANNELS:
            return self.pick(CLOSERS["transfer"])
        if channel in ("visit", "call"):
            return self.pick(CLOSERS[channel])
        return self.pick(CLOSERS["named" if named else "anon"])

    def fit(
        self, opener: str, sentences: list[str], closer: str, kind: Kind, slots: dict[str, Any]
    ) -> str:
        """Join the parts and keep the text within 80–400 characters."""
        extra = [d.format_map(slots) for d in kind.details]
        extra = [d for d in extra if d not in sentences]
        while True:
            content = opener + "".join(sentences) + closer
            if len(content) >= 80 or not extra:
                break
            sentences.append(extra.pop(0))
        while len(content) > 400 and len(sentences) > 1:
            sentences.pop()
            content = opener + "".join(sentences) + closer
        fillers = list(FILLERS)
        self.rng.shuffle(fillers)
        while len(content) < 80 and fillers:
            content += fillers.pop()
        return content[:400]

    # -- repeats of a matter --

    def duplicate(self, original: ReportSpec) -> ReportSpec | None:
        """The same matter reported again later: sentences reordered, other punctuation,
        a few words added, sometimes by another channel or another person."""
        rng = self.rng
        first_day = original.received_at.date()
        latest = (self.today - first_day).days - 1
        if latest < 7:
            return None
        day = first_day + timedelta(days=rng.randint(7, min(latest, 300)))
        channel = original.channel
        if channel in TRANSFER_CHANNELS or channel == "surrender":
            channel = "letter"
        if rng.random() < 0.3:
            channel = self.pick(("letter", "visit", "call", "online"))
        if channel in WORKDAY_CHANNELS and not self.working(day):
            channel = "online"
        sentences, slots = self.bodies[original.matter]
        sentences = list(sentences)
        if len(sentences) >= 2:
            head, rest = sentences[:1], sentences[1:]
            rng.shuffle(rest)
            sentences = head + rest if rng.random() < 0.7 else rest + head
        if rng.random() < 0.5:
            sentences = [_repunctuate(s, rng) for s in sentences]
        name = original.subjects[0].name if original.subjects else "此人"
        when = f"{first_day.year}年{first_day.month}月"
        prefix = self.pick(DUP_PREFIXES).format(when=when, name=name) if rng.random() < 0.7 else ""
        suffix = self.pick(DUP_SUFFIXES) if rng.random() < 0.6 else ""
        reporter: ReporterSpec | bool | None = original.reporter
        if reporter is not None and rng.random() < 0.25:
            reporter = None  # the same person, anonymous this time
        elif reporter is None and rng.random() < 0.15:
            reporter = True  # someone else, who may give their name
        report = replace(
            original,
            channel=channel,
            received_at=self.received_time(channel, day),
            similarity=round(rng.uniform(0.72, 0.97), 3),
        )
        return self.tell(
            report, sentences, slots, day, prefix=prefix, suffix=suffix, reporter=reporter
        )

    def fate(self, r: ReportSpec, clue_share_recent: float, clue_share_old: float) -> dict:
        """What the petition office did with a report: the fields that change."""
        rng = self.rng
        day = r.received_at.date()
        age = (self.today - day).days
        delay = rng.choices((1, 2, 3, 4, 5, 7, 9), (3, 4, 4, 3, 2, 1, 0.5))[0]
        decided = self.next_workday(day, delay)
        if decided >= self.today or (age <= 12 and rng.random() < 0.08):
            return {"status": REGISTERED}  # some a little late: jurisdiction overdue
        ack = None
        if r.reporter is not None and not (r.duplicate_of is not None and r.duplicate_confirmed):
            delay = rng.randint(3, 14) if rng.random() < 0.9 else rng.randint(16, 25)
            ack = self.next_workday(day, delay)
            if ack >= self.today or (age < 60 and rng.random() < 0.05):
                ack = None  # not yet, or forgotten: overdue once the 15 working days pass
        changes: dict[str, Any] = {
            "decided_on": decided,
            "ack_sent_on": ack,
            "subjects_confirmed": True,
        }
        if r.about_principal_leader:
            # Straight to the higher commission ([检举控告规则] 15).
            return changes | {
                "status": FORWARDED,
                "jurisdiction": FORWARD_OTHER,
                "forward_to": "市纪委监委",
            }
        if r.kind == "out_of_scope" or rng.random() < 0.005:
            target = self.pick(FORWARD_TARGETS)
            lower = self.units.get(r.subjects[0].unit) if r.subjects else None
            jurisdiction = FORWARD_OTHER
            if lower is not None and lower.kind == "village" and rng.random() < 0.5:
                town = self.units.get(lower.parent)
                target = f"{town.name}纪委" if town else target
                jurisdiction = FORWARD_LOWER
            return changes | {
                "status": FORWARDED,
                "jurisdiction": jurisdiction,
                "forward_to": target,
            }
        changes |= {"status": ACCEPTED, "jurisdiction": ACCEPT}
        share = clue_share_recent if age <= 330 else clue_share_old
        if r.subjects and rng.random() < share:
            return changes  # taken up as a clue (jiandu.clues.demo)
        closed = self.next_workday(day + timedelta(days=rng.randint(12, 90)))
        if closed >= self.today:
            return changes
        result = None
        if r.reporter is not None:
            delay = rng.randint(2, 14) if rng.random() < 0.9 else rng.randint(16, 30)
            result = self.next_workday(closed, delay)
            if result >= self.today or ((self.today - closed).days < 60 and rng.random() < 0.1):
                result = None
        return changes | {"status": CLOSED, "closed_on": closed, "result_sent_on": result}

    def portal(self, key: int) -> ReportSpec:
        """A portal submission of the last week, not yet registered."""
        r = self.matter(key)
        while r.channel in TRANSFER_CHANNELS or r.channel == "surrender":
            r = self.matter(key)
        day = self.today - timedelta(days=self.rng.randint(1, 7))
        when = datetime.combine(
            day, time(self.rng.randint(0, 23), self.rng.randrange(60), self.rng.randrange(60))
        )
        subjects = tuple(SubjectSpec(s.name, unit_text=s.unit_text) for s in r.subjects[:1])
        return replace(
            r,
            channel="online",
            received_at=when,
            subjects=subjects,
            categories=(),
            status=SUBMITTED,
            from_portal=True,
        )

    def build(self) -> IntakeSpec:
        rng = self.rng
        n_portal = min(PORTAL_PENDING, max(1, self.n // 200))
        n_dup = round(self.n * DUPLICATE_SHARE)
        n_orig = max(1, self.n - n_dup - n_portal)
        originals = [self.matter(i) for i in range(n_orig)]
        # A couple about the commission's own principal leader: straight to the higher
        # commission ([检举控告规则] 15).
        for head in self.heads_of_commission[:1]:
            for i in range(min(2, max(0, n_orig // 1000))):
                originals[i] = self.about_commission_head(originals[i], head)
        dups: list[ReportSpec] = []
        candidates = [
            r
            for r in originals
            if r.subjects and r.kind != "out_of_scope" and r.channel != "surrender"
        ]
        attempts = 0
        while len(dups) < n_dup and candidates and attempts < n_dup * 5:
            attempts += 1
            original = self.pick(candidates)
            dup = self.duplicate(original)
            if dup is not None:
                dups.append(replace(dup, duplicate_of=original.matter))
        portal = [self.portal(-1) for _ in range(n_portal)]
        everything = sorted(
            [*originals, *dups, *portal],
            key=lambda r: (r.received_at, r.matter, r.content),
        )
        # Keys in received order; duplicates point at the first report of their matter.
        first_key: dict[int, int] = {}
        keyed: list[ReportSpec] = []
        for key, r in enumerate(everything):
            if r.status == SUBMITTED:
                r = replace(r, matter=-key - 1)
            elif r.duplicate_of is None:
                first_key[r.matter] = key
            keyed.append(replace(r, key=key))
        result: list[ReportSpec] = []
        for r in keyed:
            changes: dict[str, Any] = {}
            if r.duplicate_of is not None:
                changes["duplicate_of"] = first_key[r.duplicate_of]
                changes["duplicate_confirmed"] = rng.random() < 0.5
                r = replace(r, **changes)
            if r.status != SUBMITTED:
                changes |= self.fate(r, clue_share_recent=0.4, clue_share_old=0.18)
            if changes.get("status", r.status) in (REGISTERED, SUBMITTED):
                changes["subjects_confirmed"] = False
                if r.duplicate_of is not None:
                    changes["duplicate_confirmed"] = False
            # Online reports: half came through the public portal (with a receipt code).
            if r.channel == "online" and not r.from_portal and rng.random() < 0.5:
                changes["from_portal"] = True
            result.append(replace(r, **changes) if changes else r)
        # A register always has something waiting: with few reports the last weeks may
        # hold none by chance, so the latest report is then still being registered.
        if not any(r.status == REGISTERED for r in result):
            waiting = [i for i, r in enumerate(result) if r.status != SUBMITTED]
            if waiting:
                last = result[waiting[-1]]
                result[waiting[-1]] = replace(
                    last,
                    status=REGISTERED,
                    subjects_confirmed=False,
                    duplicate_confirmed=False,
                    jurisdiction="",
                    forward_to="",
                    decided_on=None,
                    ack_sent_on=None,
                    closed_on=None,
                    result_sent_on=None,
                )
        return IntakeSpec(seed=self.seed, today=self.today, reports=tuple(result))

    # -- matters that reach the commission without a report (jiandu.clues.demo) --

    def transfer_matter(
        self, day: date, channel: str, post: PersonPost | None = None
    ) -> tuple[PersonPost, str, tuple[str, ...]] | None:
        """A matter found by an inspection tour, an audit, law enforcement, the higher
        commission, the commission itself or a cross-check: (subject, text, categories).
        ``post``: about this cadre (a kind that fits their post is chosen)."""
        if channel == "surrender":
            report = self.surrender(-1, day)
            if report is None:
                return None
            subject = report.subjects[0]
            found = next(
                (p for p in self.posts_by_unit[subject.unit] if p.cadre == subject.cadre), None
            )
            return (found, report.content, report.categories) if found else None
        allowed = TRANSFER_KINDS.get(channel)
        kinds = [k for k in KINDS if allowed is None or k.code in allowed]
        if channel == "crosscheck":
            kinds = [KINDS_BY_CODE["false_claims"], KINDS_BY_CODE["relative_business"]]
        if post is not None:
            pools = set(_pool_of(post, self.units[post.unit]))
            fitting = [k for k in kinds if any(p in pools for p, _ in k.pools)]
            kinds = fitting or kinds
        kind = self.rng.choices(kinds, [k.weight for k in kinds])[0]
        post = post or self.subject_post(kind, day)
        if post is None:
            return None
        phrase, _ = self.subject_phrase(post)
        slots = self.slots(post, phrase, day)
        sentences = self.body(kind, slots, day)
        if channel in OPENERS_OWN:
            opener = self.pick(OPENERS_OWN[channel])
        else:
            opener = self.opener(channel, False, "", slots, day)
        content = self.fit(opener, sentences, self.closer(channel, False), kind, slots)
        return post, content, kind.categories

    def about_commission_head(self, r: ReportSpec, head: PersonPost) -> ReportSpec:
        unit = self.units[head.unit]
        phrase = f"{unit.name}主要负责人{head.name}"
        day = r.received_at.date()
        slots = self.slots(head, phrase, day)
        kind = KINDS_BY_CODE["dining"]
        sentences = self.body(kind, slots, day)
        content = self.fit("", sentences, self.closer("letter", False), kind, slots)
        self.bodies[r.matter] = (sentences, slots)
        return replace(
            r,
            kind="dining",
            channel="letter",
            content=content,
            categories=kind.categories,
            subjects=(SubjectSpec(head.name, head.cadre, head.unit, unit.name),),
            about_principal_leader=True,
        )


class _Slots(dict):
    """Template values: fixed ones, and ones drawn when a template first asks for them
    (a maker may fill several keys by returning a dict)."""

    def __init__(self, values: dict[str, Any], makers: dict[str, Any], numbers: dict[str, Any]):
        super().__init__(values)
        self.makers = makers
        self.numbers = numbers

    def __missing__(self, key: str) -> Any:
        value = self.makers[key]()
        if isinstance(value, dict):
            self.update(value)
            return value[key]
        self[key] = value
        return value

    def fresh(self, numbers: dict[str, Any], **values: Any) -> _Slots:
        """The same matter with other amounts, counts and dates (another sentence)."""
        child = _Slots({k: v for k, v in self.items() if k not in self.numbers}, {}, numbers)
        child.update(values)
        child.makers = {**{k: (lambda k=k: self[k]) for k in self.makers}, **numbers}
        return child


def _relation_word(relation: str, rel_gender: str, cadre_gender: str) -> str:
    if relation == "spouse":
        return "妻子" if cadre_gender != "F" else "丈夫"
    if relation == "child":
        return "女儿" if rel_gender == "F" else "儿子"
    if relation == "child_spouse":
        return "女婿" if rel_gender == "M" else "儿媳"
    if relation == "parent":
        return "母亲" if rel_gender == "F" else "父亲"
    if relation == "sibling":
        return "妹妹" if rel_gender == "F" else "弟弟"
    return "亲戚"


def _cumulative(weights):
    total = 0.0
    for w in weights:
        total += w
        yield total


def _repunctuate(sentence: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        sentence = sentence.replace("，", ",")
    if rng.random() < 0.3:
        sentence = sentence.replace("。", "！")
    if rng.random() < 0.3:
        sentence = sentence.replace("：", ":").replace("“", '"').replace("”", '"')
    return sentence


def text_writer(*, seed: int, roster: Roster, today: date) -> _Gen:
    """The generator's text machinery on its own (``transfer_matter``), for the clue
    demo."""
    return _Gen(seed=seed, roster=roster, today=today, n=0, stream="clues")


def generate(*, seed: int = 2026, roster: Roster, today: date, reports: int) -> IntakeSpec:
    """The report register as row specs: a pure function of its arguments."""
    return _Gen(seed=seed, roster=roster, today=today, n=reports).build()


# --- writing -------------------------------------------------------------------------------


def _reserve_numbers(prefix: str, year: int, count: int) -> list[str]:
    """``count`` consecutive register numbers: the first through ``next_number`` (which
    creates and locks the year's counter in this transaction), the rest by moving the
    counter on in one step."""
    from django.db.models import F

    from jiandu.core.models import Sequence
    from jiandu.core.numbering import next_number

    first = next_number(prefix, year)
    name, _, digits = first.rpartition("-")
    if count > 1:
        Sequence.objects.filter(name=name).update(value=F("value") + count - 1)
    start = int(digits)
    return [first, *(f"{name}-{start + i:0{len(digits)}d}" for i in range(1, count))]


def insert_rows(rows: list[Any]) -> None:
    """Insert rows whose ids nobody needs back in one ``executemany`` (``bulk_create``
    spends most of its time assembling SQL, which matters for thousands of rows)."""
    from django.db import connection

    if not rows:
        return
    meta = rows[0]._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    params = [
        [f.get_db_prep_save(f.pre_save(row, add=True), connection) for f in fields] for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def write(spec: IntakeSpec, *, actor: Any = None, clerk: Any = None) -> dict[str, int]:
    """Write a report spec in bulk; ``clerk`` (the petition office's user) is recorded as
    the registering and deciding clerk. One audit event per batch."""
    from django.db import transaction
    from django.utils import timezone

    from jiandu.audit.services import event_record
    from jiandu.core import calendar
    from jiandu.core.crypto import encrypt_json
    from jiandu.intake import matching, similarity
    from jiandu.intake.models import (
        DuplicateLinkStatus,
        DuplicateSuggestion,
        ProblemCategory,
        Report,
        ReportSubject,
    )
    from jiandu.intake.services import _identity_context, _set_deadlines, receipt_code_hash
    from jiandu.org.models import Cadre, Unit

    tz = timezone.get_current_timezone()
    units = dict(Unit.objects.values_list("code", "id"))
    cadres = dict(Cadre.objects.values_list("citizen_id", "id"))
    categories = dict(ProblemCategory.objects.values_list("code", "id"))
    petition = units.get(org_demo.PETITION_OFFICE)
    clerk_id = getattr(clerk, "pk", None)

    def aware(d: date, hour: int = 10, minute: int = 0) -> datetime:
        return datetime.combine(d, time(hour, minute), tzinfo=tz)

    by_key: dict[int, Report] = {}
    created: list[Report] = []
    with transaction.atomic():
        wanted: dict[tuple[str, int], int] = defaultdict(int)
        for r in spec.reports:
            wanted["WJ" if r.from_portal else "XF", r.received_at.year] += 1
        numbers = {key: iter(_reserve_numbers(*key, count)) for key, count in wanted.items()}
        for start in range(0, len(spec.reports), BATCH):
            batch = spec.reports[start : start + BATCH]
            rows: list[Report] = []
            for r in batch:
                received = r.received_at.replace(tzinfo=tz)
                number = next(numbers["WJ" if r.from_portal else "XF", r.received_at.year])
                report = Report(
                    number=number,
                    channel=r.channel,
                    received_at=received,
                    is_named=r.is_named,
                    content=r.content,
                    subject_text="、".join(s.name for s in r.subjects)[:200],
                    unit_text="、".join(dict.fromkeys(s.unit_text for s in r.subjects))[:200],
                    status=r.status,
                    handling_unit_id=petition,
                    jurisdiction=r.jurisdiction,
                    jurisdiction_decided_at=aware(r.decided_on, 15, 30) if r.decided_on else None,
                    forward_to=r.forward_to,
                    about_principal_leader=r.about_principal_leader,
                    ack_sent_on=r.ack_sent_on,
                    closed_on=r.closed_on,
                    result_sent_on=r.result_sent_on,
                    from_portal=r.from_portal,
                    receipt_code_hash=receipt_code_hash(secrets.token_hex(8))
                    if r.from_portal
                    else None,
                    registered_by_id=None if r.status == "submitted" else clerk_id,
                    registered_at=None
                    if r.status == "submitted"
                    else received + timedelta(minutes=20 + r.key % 200),
                )
                if r.reporter is not None:
                    identity = {
                        k: v
                        for k, v in (
                            ("name", r.reporter.name),
                            ("id_number", r.reporter.id_number),
                            ("phone", r.reporter.phone),
                            ("address", r.reporter.address),
                        )
                        if v
                    }
                    report.reporter_identity = encrypt_json(
                        identity, context=_identity_context(number)
                    )
                _set_deadlines(report)
                if r.duplicate_of is not None and r.duplicate_confirmed:
                    report.ack_due = None  # no acceptance notice for a duplicate
                if r.closed_on and r.is_named:
                    report.result_due = calendar.add_working_days(r.closed_on, 15)
                rows.append(report)
            Report.objects.bulk_create(rows)
            for r, report in zip(batch, rows, strict=True):
                by_key[r.key] = report
            created.extend(rows)
            event_record(
                actor=actor,
                action="intake.report.bulk_create",
                object_type="intake.report",
                object_repr=f"{rows[0].number}…{rows[-1].number}",
                payload={"count": len(rows), "first": rows[0].number, "last": rows[-1].number},
            )
        duplicates, suggestions = [], []
        for r in spec.reports:
            if r.duplicate_of is None or not r.duplicate_confirmed:
                continue
            report, original = by_key[r.key], by_key[r.duplicate_of]
            report.duplicate_of = original
            duplicates.append(report)
            suggestions.append(
                DuplicateSuggestion(
                    report=report,
                    candidate=original,
                    similarity=r.similarity,
                    same_subject=True,
                    status=DuplicateLinkStatus.CONFIRMED,
                )
            )
        Report.objects.bulk_update(duplicates, ["duplicate_of"], batch_size=BATCH)
        DuplicateSuggestion.objects.bulk_create(suggestions, batch_size=BATCH)
        subjects, links = [], []
        through = Report.categories.through
        for r in spec.reports:
            report = by_key[r.key]
            for s in r.subjects:
                confirmed = r.subjects_confirmed and bool(s.cadre)
                subjects.append(
                    ReportSubject(
                        report=report,
                        name=s.name[:40],
                        cadre_id=cadres.get(s.cadre) if confirmed else None,
                        unit_id=units.get(s.unit) if r.subjects_confirmed else None,
                        unit_text=s.unit_text[:100],
                        confirmed=confirmed,
                    )
                )
            for code in r.categories:
                if code in categories:
                    links.append(through(report_id=report.pk, problemcategory_id=categories[code]))
        insert_rows(subjects)
        insert_rows(links)
        # Signatures for duplicate detection, in bulk (the registration hook does it
        # one report at a time) …
        similarity.reindex_all()
        # … and the hook's suggestions for the reports still waiting for the clerk.
        waiting = [by_key[r.key] for r in spec.reports if r.status == "registered"]
        for report in waiting:
            similarity.suggest_duplicates(report)
            matching.suggest_subjects(report)
    return {
        "reports": len(created),
        "reports_named": sum(1 for r in spec.reports if r.is_named),
        "reports_duplicate": len(duplicates),
    }


COUNT_LABELS = {
    "reports": "信访举报",
    "reports_named": "其中实名",
    "reports_duplicate": "已确认重复件",
}


def load(
    *,
    seed: int = 2026,
    cadres: int = 3000,
    reports: int | None = None,
    today: date | None = None,
) -> dict[str, int]:
    """Register three years of reports for the county already in the database (the
    petition office's demo user, if there is one, is the registering clerk)."""
    from django.utils import timezone

    from jiandu.accounts.models import User

    today = today or timezone.localdate()
    size = reports if reports is not None else cadres * N_REPORTS_PER_CADRE
    spec = generate(seed=seed, roster=roster_from_db(), today=today, reports=size)
    clerk = User.objects.filter(username="xinfang").first()
    return write(spec, actor=None, clerk=clerk)
