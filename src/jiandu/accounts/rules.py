"""Roles: what each may do (capabilities) and what each may see (scope per domain).

This table is the one place that decides access. A domain not listed for a role is not
visible to it at all. Scope kinds:
- ``ALL``: every unit's records (leaders, the case management office's registers …);
- ``LIAISON``: the user's own unit, the units it supervises or guides through the
  liaison relation ("1+6+7+X", transitively), and their sub-units;
- ``NONE``: nothing.
Later modules add their domains (reports, clues, cases …) to this table.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    LEADER = "leader", "委领导"
    CASE_MANAGEMENT = "case_management", "案管室"
    PETITION = "petition", "信访室"
    SUPERVISION_OFFICE = "supervision_office", "纪检监察室"
    RESIDENT_TEAM = "resident_team", "派驻组"
    TOWNSHIP_COMMISSION = "township_commission", "乡镇纪委"
    REVIEW = "review", "审理室"
    INSPECTION = "inspection", "巡察办"
    ADMIN = "admin", "系统管理员"
    INSPECTED_UNIT = "inspected_unit", "被巡察单位"
    # The asking body of integrity clearance requests (组织部, 人大, 统战部 …): submits
    # requests and reads its own replies, nothing else.
    ORG_DEPARTMENT = "org_department", "组织部门"


ALL = "all"
LIAISON = "liaison"
NONE = "none"

# "calendar.manage": entering a year's holidays on the calendar page (the case management
# office and the system administrator).
# Domains: "org" (cadres, posts, relatives, units), "companies" (the public company
# register), "reports", "reporter_identity", "clues", "cases", "inspections" (rounds,
# findings, rectification items), "directives" (deployed tasks, by responsible unit),
# "crosscheck" (cross-check hits, by the unit of the person or body concerned),
# "clearance" (integrity clearance requests, by the asking unit), "alerts" (early alerts
# about cadres, by the unit of the cadre's current post), "stats" (published tables,
# bulletins and assessments, by the unit they were computed for; the figures themselves
# are counted through each record's own domain).
ROLE_SCOPES: dict[str, dict[str, str]] = {
    Role.LEADER: {
        "org": ALL,
        "companies": ALL,
        "reports": ALL,
        "clues": ALL,
        "cases": ALL,
        "inspections": ALL,
        "directives": ALL,
        "crosscheck": ALL,
        "clearance": ALL,
        "alerts": ALL,
        "stats": ALL,
    },
    Role.CASE_MANAGEMENT: {
        "org": ALL,
        "companies": ALL,
        "reports": ALL,
        "clues": ALL,
        "cases": ALL,
        "inspections": ALL,
        "directives": ALL,
        "crosscheck": ALL,
        "clearance": ALL,
        "alerts": ALL,
        "stats": ALL,
    },
    Role.PETITION: {
        "org": ALL,
        "companies": ALL,
        "reports": ALL,
        "reporter_identity": ALL,
        "directives": LIAISON,
    },
    Role.SUPERVISION_OFFICE: {
        "org": LIAISON,
        "companies": ALL,
        "reports": LIAISON,
        "clues": LIAISON,
        "cases": LIAISON,
        "inspections": LIAISON,
        "directives": LIAISON,
        "crosscheck": LIAISON,
        "alerts": LIAISON,
        "stats": LIAISON,
    },
    Role.RESIDENT_TEAM: {
        "org": LIAISON,
        "companies": ALL,
        "reports": LIAISON,
        "clues": LIAISON,
        "cases": LIAISON,
        "inspections": LIAISON,
        "directives": LIAISON,
        "crosscheck": LIAISON,
        "alerts": LIAISON,
        "stats": LIAISON,
    },
    Role.TOWNSHIP_COMMISSION: {
        "org": LIAISON,
        "companies": ALL,
        "reports": LIAISON,
        "clues": LIAISON,
        "cases": LIAISON,
        "inspections": LIAISON,
        "directives": LIAISON,
        "crosscheck": LIAISON,
        "alerts": LIAISON,
        "stats": LIAISON,
    },
    Role.REVIEW: {"org": ALL, "companies": ALL, "cases": LIAISON, "directives": LIAISON},
    Role.INSPECTION: {"org": ALL, "companies": ALL, "inspections": ALL, "directives": LIAISON},
    # An inspected organisation's people: their own unit's (and sub-units') ledger only.
    Role.INSPECTED_UNIT: {"inspections": LIAISON},
    # The asking body's account: its own unit's clearance requests and replies only.
    Role.ORG_DEPARTMENT: {"clearance": LIAISON},
    Role.ADMIN: {"org": ALL, "companies": ALL},
}

_EVERYONE = frozenset({"org.view", "calendar.view"})
# Reading the report register and the clue register (scoped as ROLE_SCOPES says). Whoever
# reads reports may ask to see a reporter's identity (an identity-access request with a
# written reason, approved by a second person: see HEAD_CAPABILITIES, DESIGN.md Security).
_READS_REGISTERS = frozenset(
    {"reports.view", "reports.identity_request", "clues.view", "clues.export"}
)
# Handling units: take clues, propose dispositions, record inquiries and verifications.
_HANDLES_CLUES = _READS_REGISTERS | {"clues.handle"}
# Rectification ledgers (巡察整改): read and export; checking (验收销号) is for the
# inspection office and the units that supervise the inspected organisations.
_INSPECTIONS_READ = frozenset({"inspections.view", "inspections.export"})
_CHECKS_RECTIFICATION = _INSPECTIONS_READ | {"inspections.check"}
# Cases (审查调查): read and export the case ledger; the handling units investigate, the
# review office reviews (never a case's own investigators, [规则] 54), leaders approve.
_CASES_READ = frozenset({"cases.view", "cases.export"})
_HANDLES_CASES = _CASES_READ | {"cases.handle"}
# Cross-check hits (大数据比对疑点): read and triaged by the offices that handle clues,
# scoped by the unit of the person concerned; 案管室 also imports datasets and runs checks.
_CROSSCHECK_TRIAGE = frozenset({"crosscheck.view", "crosscheck.triage"})
# Deployed tasks (督办): whoever follows tasks up reads them and reports on their own
# unit's; leaders and 案管室 upload deployment documents, publish them and close out.
_DIRECTIVES_REPORT = frozenset({"directives.view", "directives.report"})
_DIRECTIVES_ISSUE = _DIRECTIVES_REPORT | {"directives.issue"}
# Integrity files (廉政档案): every staff role but the system administrator reads the file
# of a cadre it may see (each part of it scoped by its own domain); the offices that
# supervise a cadre record talks, declarations and the other register entries; early
# alerts are handled by the office responsible for the cadre. Clearance replies
# (党风廉政意见回复): the case management office proposes and signs them, a leader
# approves, the asking body (组织部门) submits requests and reads its replies.
_INTEGRITY_READ = frozenset({"integrity.view", "integrity.export"})
# Statistics (统计分析): the tables, the dashboard and the published bulletins and
# assessments, each counted within the reader's scope; 案管室 (which keeps the
# statistics) and leaders also generate, edit and issue bulletins and assessments.
_STATS_READ = frozenset({"stats.view", "stats.export"})
_STATS_KEEP = _STATS_READ | {"stats.publish"}
# 催办 (urge, ``core.urging``): leaders urge the responsible unit of any overdue clue,
# case, rectification item or task; 案管室 and 巡察办 those whose deadlines they watch.
_URGES = frozenset({"clues.urge", "cases.urge", "inspections.urge", "directives.urge"})
_INTEGRITY_KEEP = _INTEGRITY_READ | {"integrity.record", "alerts.view", "alerts.handle"}
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.LEADER: _EVERYONE
    | _READS_REGISTERS
    | _INSPECTIONS_READ
    | _CASES_READ
    | {"org.export", "audit.view", "clues.approve", "cases.approve", "crosscheck.view"}
    | _URGES
    | {"reports.identity_approve", "reports.approve"}
    | _DIRECTIVES_ISSUE
    | _INTEGRITY_READ
    | {"alerts.view", "clearance.view", "clearance.approve"}
    | _STATS_KEEP,
    Role.CASE_MANAGEMENT: _EVERYONE
    | _READS_REGISTERS
    | _INSPECTIONS_READ
    | _CASES_READ
    | {"org.export", "org.import", "org.edit", "clues.register", "clues.route"}
    # The case management office watches every deadline: it urges clues, cases and tasks.
    | {"clues.urge", "cases.urge", "directives.urge"}
    # The case management office enters a year's holidays on the calendar page.
    | {"calendar.manage"}
    | _CROSSCHECK_TRIAGE
    | {"crosscheck.import", "crosscheck.run"}
    | _DIRECTIVES_ISSUE
    | _INTEGRITY_KEEP
    | {"integrity.import", "clearance.view", "clearance.handle"}
    | _STATS_KEEP,
    Role.PETITION: _EVERYONE
    | {"reports.view", "reports.register", "reports.identity", "clues.register"}
    | _DIRECTIVES_REPORT
    | _INTEGRITY_READ,
    Role.SUPERVISION_OFFICE: _EVERYONE
    | _HANDLES_CLUES
    | _CHECKS_RECTIFICATION
    | _HANDLES_CASES
    | _CROSSCHECK_TRIAGE
    | _DIRECTIVES_REPORT
    | {"org.export"}
    | _INTEGRITY_KEEP
    | _STATS_READ,
    Role.RESIDENT_TEAM: _EVERYONE
    | _HANDLES_CLUES
    | _CHECKS_RECTIFICATION
    | _HANDLES_CASES
    | _CROSSCHECK_TRIAGE
    | _DIRECTIVES_REPORT
    | {"org.export"}
    | _INTEGRITY_KEEP
    | _STATS_READ,
    Role.TOWNSHIP_COMMISSION: _EVERYONE
    | _HANDLES_CLUES
    | _CHECKS_RECTIFICATION
    | _HANDLES_CASES
    | _CROSSCHECK_TRIAGE
    | _DIRECTIVES_REPORT
    | {"org.export"}
    | _INTEGRITY_KEEP
    | _STATS_READ,
    Role.REVIEW: _EVERYONE | _CASES_READ | _DIRECTIVES_REPORT | {"cases.review"} | _INTEGRITY_READ,
    Role.INSPECTION: _EVERYONE
    | _INSPECTIONS_READ
    | {"org.export", "inspections.manage", "inspections.rectify", "inspections.check"}
    | {"inspections.urge"}
    # Clues the tours transfer are registered as clues (source 巡察移交).
    | {"clues.register"}
    | _DIRECTIVES_REPORT
    | _INTEGRITY_READ,
    Role.INSPECTED_UNIT: _INSPECTIONS_READ | {"inspections.rectify"},
    Role.ORG_DEPARTMENT: frozenset({"clearance.request", "clearance.view"}),
    Role.ADMIN: _EVERYONE
    | {"org.export", "org.import", "org.edit", "accounts.manage", "audit.view", "calendar.manage"},
}

# What the head of a unit (``User.is_unit_head``, 本单位负责人, set by the system
# administrator) holds on top of the role. The 信访室 head approves identity-access
# requests (``reports.identity_approve``), as leaders do: the reporter's identity leaves
# the petition office only with a written reason approved by a second person.
HEAD_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.PETITION: frozenset({"reports.identity_approve"}),
}

# Two-factor login (TOTP) is required of every role that can read reporter identities or
# approve anything: it holds one of these capabilities or any ``*.approve``.
TWO_FACTOR_CAPABILITIES = frozenset({"reports.identity", "reports.identity_approve"})

# The system-management menu is shown to a role that holds any of these.
ADMIN_MENU_CAPABILITIES = frozenset(
    {"org.import", "accounts.manage", "audit.view", "calendar.view"}
)


# The audit log (``audit.view``): which apps' events a role reads, by the first part of the
# event's action ("intake.report.register" → "intake"). ``None``: every event. The system
# administrator reads only the events of administration (users, the register, the
# calendar, the chain itself): a domain event names a report, clue or case and its reason.
AUDIT_APPS: dict[str, frozenset[str] | None] = {
    Role.LEADER: None,
    Role.ADMIN: frozenset({"accounts", "core", "org", "audit"}),
}


def audit_apps(role: str) -> frozenset[str] | None:
    return AUDIT_APPS.get(role, frozenset())


def scope_kind(role: str, domain: str) -> str:
    return ROLE_SCOPES.get(role, {}).get(domain, NONE)


def capabilities(role: str, *, is_head: bool = False) -> frozenset[str]:
    caps = ROLE_CAPABILITIES.get(role, frozenset())
    if is_head:
        caps = caps | HEAD_CAPABILITIES.get(role, frozenset())
    return caps


def requires_two_factor(role: str, *, is_head: bool = False) -> bool:
    """Whether a login of this role must pass a TOTP step (DESIGN.md Security)."""
    caps = capabilities(role, is_head=is_head)
    return bool(caps & TWO_FACTOR_CAPABILITIES) or any(c.endswith(".approve") for c in caps)


def has_capability(role: str, capability: str, *, is_head: bool = False) -> bool:
    caps = capabilities(role, is_head=is_head)
    if capability == "admin.view":
        return bool(caps & ADMIN_MENU_CAPABILITIES)
    return capability in caps


# --- which unit an account of each role may belong to ------------------------------------
# By the unit's kind (``org.models.UnitKind`` values, kept as plain strings so that this
# module stays free of the ORM). An account of the wrong unit would see the wrong records:
# scope follows the unit (a 被巡察单位 account attached to 案件审理室 would read that
# office's ledgers). DESIGN.md Security: "a role decides what they may do and the unit
# decides what they may see".
_COMMISSION_OFFICES = frozenset(
    {
        "commission",
        "petition_office",
        "case_management_office",
        "conduct_office",
        "supervision_office",
        "review_office",
        "internal_affairs_office",
        "inspection_office",
        "general_office",
    }
)
_OUTSIDE_COMMISSION = frozenset(
    {
        "party_committee",
        "department",
        "town",
        "soe",
        "school",
        "hospital",
        "village",
        "other",
    }
)
ROLE_UNIT_KINDS: dict[str, frozenset[str]] = {
    Role.LEADER: frozenset({"commission"}),
    Role.CASE_MANAGEMENT: frozenset({"case_management_office"}),
    Role.PETITION: frozenset({"petition_office"}),
    Role.SUPERVISION_OFFICE: frozenset(
        {"supervision_office", "conduct_office", "internal_affairs_office"}
    ),
    Role.RESIDENT_TEAM: frozenset({"resident_team"}),
    Role.TOWNSHIP_COMMISSION: frozenset({"township_commission"}),
    Role.REVIEW: frozenset({"review_office"}),
    Role.INSPECTION: frozenset({"inspection_office"}),
    Role.ADMIN: _COMMISSION_OFFICES,
    Role.INSPECTED_UNIT: _OUTSIDE_COMMISSION,
    Role.ORG_DEPARTMENT: frozenset({"party_committee", "department", "other"}),
}
# What the refusal says each role belongs to.
ROLE_UNIT_HINTS: dict[str, str] = {
    Role.LEADER: "纪委监委",
    Role.CASE_MANAGEMENT: "案件监督管理室",
    Role.PETITION: "信访室",
    Role.SUPERVISION_OFFICE: "纪检监察室（含党风政风监督室、干部监督室）",
    Role.RESIDENT_TEAM: "派驻纪检监察组",
    Role.TOWNSHIP_COMMISSION: "镇（街道）纪（工）委",
    Role.REVIEW: "审理室",
    Role.INSPECTION: "巡察办",
    Role.ADMIN: "纪委监委机关或其内设机构",
    Role.INSPECTED_UNIT: "纪委监委以外的单位（部门、乡镇、国有企业、学校、医院、村等）",
    Role.ORG_DEPARTMENT: "党委机关或县直部门（如组织部、人大）",
}


def role_fits_unit(role: str, unit_kind: str) -> bool:
    """Whether an account of ``role`` may belong to a unit of ``unit_kind``."""
    return unit_kind in ROLE_UNIT_KINDS.get(role, frozenset())


def role_unit_refusal(role: str, unit_kind: str, unit_name: str) -> str:
    """The Chinese reason an account of ``role`` cannot belong to the unit (or "")."""
    if role_fits_unit(role, unit_kind):
        return ""
    label = Role(role).label if role in Role.values else role
    hint = ROLE_UNIT_HINTS.get(role, "")
    return f"“{label}”账号应属于{hint}，不能属于{unit_name}"
