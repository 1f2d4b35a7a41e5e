"""The demo reports' data: the channels and their weights, the roster the generator
knows the county by, the report specs ``generate`` returns, and the text tables
(``data/intake_texts.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jiandu.devtools.demo import org as org_demo

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

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
FORWARD_HIGHER = "forward_higher"

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
