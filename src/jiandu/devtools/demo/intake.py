"""The demo county's report register: three years of 信访举报 (two per cadre, 6,000 for
the default county of 3,000 cadres).

Two steps, as in ``jiandu.devtools.demo.org``:
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

import json
import random
import secrets
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from jiandu.core.validators import citizen_id_check_digit
from jiandu.devtools.demo import org as org_demo

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

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


# --- text tables ---------------------------------------------------------------------------
# The county's words, the problem patterns and the openers and closers of each channel are
# data: ``devtools/data/intake_texts.json``. A problem pattern (``Kind``): code, weight,
# categories, pools (where its subjects work, weighted), facts (the first is written with
# the full subject "{S}", the rest with "{name}"), details. Slots: see _Gen.slots.


@dataclass(frozen=True)
class Kind:
    code: str
    weight: float
    categories: tuple[str, ...]
    pools: tuple[tuple[str, float], ...]
    facts: tuple[str, ...]
    details: tuple[str, ...] = ()


def _kind(row: dict[str, Any]) -> Kind:
    return Kind(
        code=row["code"],
        weight=row["weight"],
        categories=tuple(row["categories"]),
        pools=tuple((pool, weight) for pool, weight in row["pools"]),
        facts=tuple(row["facts"]),
        details=tuple(row["details"]),
    )


_TEXTS = json.loads((DATA_DIR / "intake_texts.json").read_text(encoding="utf-8"))
_WORDS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _TEXTS["words"].items()}

RESTAURANTS = _WORDS["RESTAURANTS"]
COVERS = _WORDS["COVERS"]
SCENIC = _WORDS["SCENIC"]
TOUR_PLACES = _WORDS["TOUR_PLACES"]
SUBSIDIES = _WORDS["SUBSIDIES"]
CROPS = _WORDS["CROPS"]
ASSETS = _WORDS["ASSETS"]
ISSUES = _WORDS["ISSUES"]
SERVICES = _WORDS["SERVICES"]
TASKS = _WORDS["TASKS"]
SHOPS = _WORDS["SHOPS"]
POST_TYPES = _WORDS["POST_TYPES"]
CASE_MATTERS = _WORDS["CASE_MATTERS"]
DRUG_TYPES = _WORDS["DRUG_TYPES"]
EQUIPMENT = _WORDS["EQUIPMENT"]
STAT_ITEMS = _WORDS["STAT_ITEMS"]
SECRETS = _WORDS["SECRETS"]
COMPANY_TRADES = _WORDS["COMPANY_TRADES"]
COMPANY_KINDS = _WORDS["COMPANY_KINDS"]
FORWARD_TARGETS = _WORDS["FORWARD_TARGETS"]
PROJECT_PATTERNS: tuple[str, ...] = tuple(_TEXTS["project_patterns"])
COUNTY_PROJECTS: tuple[str, ...] = tuple(_TEXTS["county_projects"])
ORDINALS = "一二三四五六"

KINDS: tuple[Kind, ...] = tuple(_kind(row) for row in _TEXTS["kinds"])
OUT_OF_SCOPE = _kind(_TEXTS["out_of_scope"])
SURRENDER_FACTS: tuple[str, ...] = tuple(_TEXTS["surrender_facts"])
KINDS_BY_CODE = {k.code: k for k in (*KINDS, OUT_OF_SCOPE)}

# (channel, named) -> openers; the own-initiative channels' openers; closers by case
OPENERS: dict[tuple[str, bool], tuple[str, ...]] = {
    (row["channel"], row["named"]): tuple(row["texts"]) for row in _TEXTS["openers"]
}
OPENERS_OWN = {k: tuple(v) for k, v in _TEXTS["openers_own"].items()}
CLOSERS = {k: tuple(v) for k, v in _TEXTS["closers"].items()}
FILLERS: tuple[str, ...] = tuple(_TEXTS["fillers"])
DUP_PREFIXES: tuple[str, ...] = tuple(_TEXTS["dup_prefixes"])
DUP_SUFFIXES: tuple[str, ...] = tuple(_TEXTS["dup_suffixes"])
REPORTER_ROLES: tuple[str, ...] = tuple(_TEXTS["reporter_roles"])


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
            return changes  # taken up as a clue (jiandu.devtools.demo.clues)
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

    # -- matters that reach the commission without a report (jiandu.devtools.demo.clues) --

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
    from jiandu.core.models import ProblemCategory
    from jiandu.intake import matching, similarity
    from jiandu.intake.models import DuplicateLinkStatus, DuplicateSuggestion, Report, ReportSubject
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
