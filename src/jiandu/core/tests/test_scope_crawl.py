"""Every object shown, not only every object opened, passes through the viewer's scope.

A crawl of the test county as every role: from the workbench and the navigation it
follows every same-site link, every htmx fragment (``hx-get``) and every export, and
reads every GET endpoint of the API (each list, and the detail and GET actions of every
row it returns). It fails when a page, fragment, export or API answer shows the number
(or identifying text) of an object the role may not open, or the name of a cadre it may
not open, and when a page links to an object that answers 404 to the same user.

"Outside the scope" is computed, per role, from ``Model.objects.visible_to(user)`` (the
source of truth), never from a hand-written list: a token (a register number, a hit's
label, a planted item's text, a cadre's name) is checked when it belongs to an object the
user cannot open and to no object the user can open (namesakes, a name written in a
visible report).

The data: the test county (``build_county``) plus objects of every type in several units,
planted through the services, with cross-references that cross scopes: a report whose
near-duplicate belongs to another team, a clue from a report only the petition office
may open, a case referred to the review office (which may not open clues), a subject
confirmed to a cadre of another unit, a clue transferred by an inspection tour, hits
confirmed into clues, deployed tasks of several units.

Runtime: each role's crawl is capped (``PAGES_PER_ROLE`` pages, ``PER_PATTERN`` pages
per URL pattern, e.g. three report pages); ``JIANDU_CRAWL_FULL=1`` lifts both caps and
also tries every search box with every checked name.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import zipfile
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone

from jiandu.accounts.models import User
from jiandu.core.testing import make_citizen_id, make_uscc

FULL = os.environ.get("JIANDU_CRAWL_FULL") == "1"
# The demo county instead of the test county (``jiandu demo --cadres 300``: 600 reports,
# 120 clues, 40 cases …), crawled as its demo accounts.
DEMO = os.environ.get("JIANDU_CRAWL_DEMO") == "1"
DEMO_CADRES = os.environ.get("JIANDU_CRAWL_DEMO_CADRES", "300")
DEMO_ACCOUNTS = {
    "leader": "leader",
    "case_management": "anguan",
    "petition": "xinfang",
    "supervision_office": "jianchashi1",
    "resident_team": "paizhu1",
    "township_commission": "zhenjiwei1",
    "review": "shenli",
    "inspection": "xuncha",
    "inspected_unit": "beixuncha",
    "admin": "admin",
}
PAGES_PER_ROLE = 10_000 if FULL else 160
PER_PATTERN = 10_000 if FULL else 4
ROLES = (  # keys of county.users: one account per role, and a sub-unit's
    "leader",
    "case_management",
    "petition",
    "supervision_office",
    "resident_team",
    "township_commission",
    "review",
    "inspection",
    "inspected_unit",
    "inspected_school",  # an inspected organisation's sub-unit (its own items only)
    "admin",
)
MUST_REACH = {
    "core:workbench",
    "intake:report_detail",
    "clues:clue_detail",
    "clues:clue_export",
    "cases:case_detail",
    "cases:case_export",
    "cases:document_download",
    "inspections:round_detail",
    "inspections:target_detail",
    "inspections:item_detail",
    "inspections:unit_profile",
    "inspections:item_export",
    "directives:document_detail",
    "directives:task_detail",
    "crosscheck:hit_detail",
    "crosscheck:hit_export",
    "org:cadre_detail",
    "org:company_detail",
    "org:unit_detail",
    "report-detail",
    "clue-detail",
    "case-detail",
    "crosscheck-hit-detail",
    "inspection-item-detail",
    "directive-task-detail",
    "cadre-detail",
}
# Never followed: leaving, the public portal (no account), the Django admin (another
# access path with its own rules), the schema, and the live progress poll.
SKIP_PREFIXES = ("/logout/", "/jubao/", "/django-admin/", "/api/schema/", "/static/", "/media/")
DUPLICATE_TEXT = (
    "来电人不愿留下姓名，反映：县直某局主要负责人长期在工程项目招投标中为特定关系人"
    "打招呼、定标，收受对方所送购物卡和礼金，并安排其亲属在承建企业挂名领取薪酬，"
    "群众对此反映强烈，请求组织调查处理。"
)


# --- the county ----------------------------------------------------------------------------


@dataclass
class Planted:
    notes: dict[str, object] = field(default_factory=dict)


def _sign(case, kind, actor, person):
    from jiandu.cases import services

    draft = services.document_generate(actor=actor, case=case, kind=kind, person=person)
    draft.file.open("rb")
    content = draft.file.read()
    draft.file.close()
    services.document_upload(
        actor=actor,
        case=case,
        kind=kind,
        person=person,
        content=content,
        filename=f"{kind}-signed.docx",
    )


def plant(county, storage_dir) -> Planted:
    """Objects of every type in several units, through the services."""
    from jiandu.cases import services as cases
    from jiandu.clues import services as clues
    from jiandu.directives import services as directives
    from jiandu.directives.tests.test_parser_seeds import WORK_PLAN
    from jiandu.inspections import services as inspections
    from jiandu.intake import services as intake
    from jiandu.org import services as org
    from jiandu.org.models import Rank

    u, users, cad = county.units, county.users, county.cadres
    out = Planted()
    users["leader2"] = User.objects.create_user(
        username="t_leader2", password="pw-12345678", role="leader", unit=u["commission"]
    )
    users["inspected_school"] = User.objects.create_user(
        username="t_inspected_school",
        password="pw-12345678",
        role="inspected_unit",
        unit=u["school"],
    )
    users["inspected_unit"] = User.objects.create_user(
        username="t_inspected_unit",
        password="pw-12345678",
        role="inspected_unit",
        unit=u["dept_edu"],
    )
    # Two more cadres with names no one else has: a deputy of the finance bureau (team 2's
    # side) and a deputy of the western town (the second township's side).
    for key, name, unit_key, seq in (
        ("fin_deputy", "欧阳秋", "dept_fin", 41),
        ("town_b_deputy", "司马衡", "town_b", 42),
        ("fin_staff", "上官云", "dept_fin", 43),
    ):
        cadre = org.cadre_create(
            actor=None,
            name=name,
            citizen_id=make_citizen_id(seq),
            rank=Rank.TOWNSHIP,
            political_status="party_member",
        )
        org.post_create(
            actor=None,
            cadre=cadre,
            unit=u[unit_key],
            title={"fin_deputy": "副局长", "fin_staff": "科长"}.get(key, "副镇长"),
            is_head=False,
            start_date=date(2021, 1, 4),
        )
        cad[key] = cadre

    # The education bureau's head came from the finance bureau (a past post).
    org.post_create(
        actor=None,
        cadre=cad["edu_head"],
        unit=u["dept_fin"],
        title="副局长",
        is_head=False,
        start_date=date(2016, 3, 1),
        end_date=date(2020, 2, 28),
    )

    petition, cm, leader = users["petition"], users["case_management"], users["leader"]
    now = timezone.now()

    def report(text, subjects, days_ago):
        """Registered with the subjects as written, then confirmed as the clerk does
        (which gives each subject the unit of the cadre's post)."""
        registered = intake.report_register(
            actor=petition,
            channel="call",
            received_at=now - timedelta(days=days_ago),
            content=text,
            subjects=[{k: v for k, v in s.items() if k != "cadre"} for s in subjects],
            category_codes=["integrity"],
        )
        for s in subjects:
            if s.get("cadre"):
                subject = registered.subjects.get(name=s["name"])
                intake.subject_confirm(actor=petition, subject=subject, cadre=s["cadre"])
        return registered

    # Team 2's report, and a later copy about team 1's bureau head.
    r_fin = report(DUPLICATE_TEXT, [{"name": "王强", "cadre": cad["fin_head"]}], 20)
    r_dup = report(DUPLICATE_TEXT, [{"name": "张伟", "cadre": cad["edu_head"]}], 2)
    # The clerk confirms it: the copy is a duplicate of a report team 1 may not open.
    intake.duplicate_decide(
        actor=petition, suggestion=r_dup.duplicate_suggestions.get(candidate=r_fin), confirm=True
    )
    # A report only the petition office (and the register keepers) may open: the
    # subject is not matched to the register yet.
    r_pet = report(
        "反映县教育局有关负责人违规发放津贴补贴，涉及多所学校，请核查。",
        [{"name": "张局长", "unit_text": "县教育局"}],
        10,
    )
    # A report on team 1's bureau naming a second subject, written "欧阳副局长" and
    # confirmed to the finance bureau's deputy (whom team 1 may not open).
    report(
        "反映县教育局局长与县财政局一名副局长在学校食堂采购中相互打招呼。",
        [
            {"name": "张伟", "cadre": cad["edu_head"]},
            {"name": "欧阳副局长", "cadre": cad["fin_deputy"]},
        ],
        5,
    )
    # The western town's report.
    r_town_b = report(
        "反映西镇副镇长在危房改造补助评定中优亲厚友。",
        [{"name": "司马衡", "cadre": cad["town_b_deputy"]}],
        8,
    )

    # Clues: from the petition-only report, routed to team 1 (who may not open the
    # report); team 2's clue; the western town's clue.
    def routed(clue, unit_key, handler):
        clues.clue_propose_routing(actor=cm, clue=clue, unit=u[unit_key])
        clues.clue_decide_routing(actor=leader, clue=clue, approve=True)
        clues.clue_accept(actor=users[handler], clue=clue)
        clue.refresh_from_db()
        return clue

    today = timezone.localdate()
    c_team1 = clues.clue_create(
        actor=cm,
        source="report",
        summary="反映其违规发放津贴补贴。",
        received_on=today - timedelta(days=9),
        subject_cadre=cad["edu_head"],
        category_codes=["integrity", "hd_gifts"],
        reports=[r_pet],
    )
    routed(c_team1, "team1", "resident_team")
    c_fin = clues.clue_create(
        actor=cm,
        source="report",
        summary="反映其违规收受礼金。",
        received_on=today - timedelta(days=19),
        subject_cadre=cad["fin_head"],
        category_codes=["integrity", "hd_gifts"],
        reports=[r_fin],
    )
    team2_user = User.objects.create_user(
        username="t_team2", password="pw-12345678", role="resident_team", unit=u["team2"]
    )
    clues.clue_propose_routing(actor=cm, clue=c_fin, unit=u["team2"])
    clues.clue_decide_routing(actor=leader, clue=c_fin, approve=True)
    clues.clue_accept(actor=team2_user, clue=c_fin)
    clues.clue_create(
        actor=cm,
        source="report",
        summary="反映其在危房改造补助评定中优亲厚友。",
        received_on=today - timedelta(days=7),
        subject_cadre=cad["town_b_deputy"],
        category_codes=["integrity"],
        reports=[r_town_b],
    )

    # Cases: team 1's case from its clue, referred to the review office; team 2's case.
    for clue, handler in ((c_team1, users["resident_team"]), (c_fin, team2_user)):
        clues.clue_propose_disposition(
            actor=handler,
            clue=clue,
            disposition="verification",
            reason="需初步核实",
            verification_plan="调取账目",
            verification_team="甲、乙",
        )
        clues.clue_decide_disposition(actor=leader, clue=clue, approve=True)
        clue.refresh_from_db()
        clues.clue_verification_conclude(
            actor=handler,
            clue=clue,
            outcome="case",
            finding="true",
            reason="基本属实，拟立案",
        )
        clue.refresh_from_db()
    on = today - timedelta(days=5)
    case1 = cases.case_open_from_clue(actor=users["resident_team"], clue=c_team1, proposed_on=on)
    case2 = cases.case_open_from_clue(actor=team2_user, clue=c_fin, proposed_on=on)
    for case, handler in ((case1, users["resident_team"]), (case2, team2_user)):
        cases.case_decide_filing(actor=leader, case=case, approve=True, on=on)
        person = case.people.get()
        _sign(case, "filing_decision", handler, person)
        cases.case_start_investigation(actor=handler, person=person, on=on)
        _sign(case, "investigation_report", handler, person)
        cases.case_refer_review(actor=handler, person=person, on=on)
        cases.case_accept_review(actor=users["review"], person=person, on=on)
    # Team 2's case decided: a similar case for team 1's (the panel compares only cases
    # the viewer may open).
    person = case2.people.get()
    _sign(case2, "review_report", users["review"], person)
    cases.case_decide(
        actor=users["review"], person=person, on=on, measures=["party_serious_warning"]
    )

    # The company register: a company whose shareholder is a finance bureau cadre (the
    # register is public: the name is the company's; the link to the cadre is scoped).
    [company] = org.companies_bulk_create(
        actor=None,
        rows=[{"uscc": make_uscc(7), "name": "测试县宏达建设有限公司", "address": "西镇"}],
    )
    org.company_people_bulk_create(
        actor=None,
        rows=[
            {
                "company": company,
                "person_name": cad["fin_staff"].name,
                "person_citizen_id": cad["fin_staff"].citizen_id,
                "role": "shareholder",
            }
        ],
    )

    # Inspections: a round on the education and finance bureaus, an item each, and a
    # clue the tour transferred (the inspection office may not open clues).
    insp = users["inspection"]
    start = today - timedelta(days=90)
    round_ = inspections.round_create(
        actor=insp,
        name="县委第二轮巡察",
        year=start.year,
        ordinal=2,
        kind="regular",
        started_on=start,
        groups=[{"name": "第一巡察组", "leader_name": "王明"}],
    )
    for key, unit_key in (("edu", "dept_edu"), ("fin", "dept_fin")):
        target = inspections.target_add(
            actor=insp, round=round_, unit=u[unit_key], entered_on=start
        )
        inspections.target_record_feedback(
            actor=insp, target=target, feedback_on=today - timedelta(days=30)
        )
        finding = inspections.finding_create(
            actor=insp,
            target=target,
            category="integrity",
            description=f"巡察发现问题甲{key}：公务接待不规范",
        )
        inspections.item_create(
            actor=insp,
            finding=finding,
            measures=f"整改措施乙{key}：修订公务接待管理办法",
            responsible_unit=u[unit_key],
            responsible_person="办公室主任",
            deadline=today + timedelta(days=30),
        )
        if key == "edu":
            # An item the school rectifies: the school's account sees the item, not the
            # bureau's ledger.
            inspections.item_create(
                actor=insp,
                finding=finding,
                measures="整改措施丙school：规范学校食堂采购",
                responsible_unit=u["school"],
                responsible_person="总务主任",
                deadline=today + timedelta(days=30),
            )
            inspections.clue_transfer(
                actor=insp,
                target=target,
                finding=finding,
                summary="巡察发现其违规接受宴请。",
                received_on=today - timedelta(days=3),
                subject_cadre=cad["edu_head"],
                category_codes=["integrity"],
            )

    # Directives: the work plan, published (tasks of both towns' commissions, 案管室,
    # the second supervision office and the inspection office).
    plan = directives.document_upload(
        actor=leader, document_date=date(2026, 3, 2), kind="plan", text=WORK_PLAN
    )
    directives.document_publish(actor=leader, document=plan)

    _plant_crosscheck(county, storage_dir)
    out.notes.update(r_dup=r_dup, r_fin=r_fin, case1=case1, c_team1=c_team1)
    return out


def _plant_crosscheck(county, storage_dir) -> None:
    """Payments to 李娜 (team 1's school) and to the finance bureau's deputy, and an
    outsider paid after death by 东镇; run R01/R02; confirm two hits into clues."""
    import csv

    from jiandu.crosscheck import services
    from jiandu.crosscheck.models import Hit

    storage_dir.mkdir(parents=True, exist_ok=True)
    cad = county.cadres
    outsider = make_citizen_id(301, born=date(1941, 2, 3))

    def write(name, headers, rows):
        path = storage_dir.parent / name
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            writer.writerows(rows)
        return path

    teacher, deputy = cad["teacher"], cad["fin_deputy"]
    files = {
        "payments": write(
            "payments.csv",
            ["姓名", "身份证号", "补贴项目", "发放金额", "发放日期", "发放单位"],
            [
                [teacher.name, teacher.citizen_id, "最低生活保障金", "620", "2025-03-05", "东镇"],
                [deputy.name, deputy.citizen_id, "最低生活保障金", "620", "2025-03-05", "西镇"],
                ["孙秀英", outsider, "高龄津贴", "200", "2025-06-10", "东镇"],
            ],
        ),
        "public_employees": write(
            "staff.csv",
            ["姓名", "身份证号", "单位", "职务"],
            [
                [teacher.name, teacher.citizen_id, "测试县第一中学", "教师"],
                [deputy.name, deputy.citizen_id, "测试县财政局", "副局长"],
            ],
        ),
        "deaths": write(
            "deaths.csv", ["姓名", "身份证号", "死亡日期"], [["孙秀英", outsider, "2025-05-01"]]
        ),
    }
    cm = county.users["case_management"]
    for kind, path in files.items():
        services.dataset_import(actor=cm, dataset_type=kind, source=path, original_name=path.name)
    started = services.run_start(actor=cm, rule_codes=["R01", "R02"], enqueue=False)
    services.run_execute(run_id=started.pk)
    for hit in Hit.objects.filter(subject_cadre__in=[teacher, deputy]):
        services.hit_confirm(actor=cm, hit=hit, note="转线索")


# --- what each role may not see ------------------------------------------------------------


def _tokens(user) -> tuple[dict[str, str], set[str]]:
    """(token → what it is) for objects outside the user's scope, and the tokens of
    objects inside it (a token of both is not checked: a namesake, a written name)."""
    from jiandu.cases.models import Case, CasePerson
    from jiandu.clues.models import Clue
    from jiandu.crosscheck.models import Hit
    from jiandu.inspections.models import Finding, InspectionRound, RectificationItem
    from jiandu.intake.models import Report, ReportSubject
    from jiandu.org.models import Cadre, Company, Unit

    inside: set[str] = set()
    outside: dict[str, str] = {}

    def split(model, texts):
        visible = set(model.objects.visible_to(user).values_list("pk", flat=True))
        for obj in model.objects.all():
            for text in texts(obj):
                if not text:
                    continue
                if obj.pk in visible:
                    inside.add(text)
                else:
                    outside.setdefault(text, f"{model._meta.verbose_name} {obj.pk}")

    def report_texts(r):
        return [r.number, *ReportSubject.objects.filter(report=r).values_list("name", flat=True)]

    split(Report, report_texts)
    split(Clue, lambda c: [c.number, c.subject_name])
    split(
        Case,
        lambda c: [c.number, *CasePerson.objects.filter(case=c).values_list("name", flat=True)],
    )
    split(Cadre, lambda c: [c.name])
    # Not checked: unit names (a clue about an organisation names it as its subject;
    # what is checked is numbers and people) and staff (who did what), namesakes or not.
    inside.update(Unit.objects.values_list("name", flat=True))
    inside.update(User.objects.exclude(full_name="").values_list("full_name", flat=True))
    # The company register is public registration data: a shareholder's name is the
    # company's own (the link to a cadre is what is scoped).
    split(Company, lambda c: list(c.people.values_list("person_name", flat=True)))
    split(Hit, lambda h: [f"{h.rule_code}-{h.pk}", h.subject_name])
    # The finding an item rectifies is part of the item.
    split(
        RectificationItem,
        lambda i: [i.measures, i.finding.description, i.responsible_person],
    )
    split(Finding, lambda f: [f.description])
    split(InspectionRound, lambda r: list(r.groups.values_list("leader_name", flat=True)))
    return {t: what for t, what in outside.items() if t not in inside}, inside


# Register numbers (XF2026-00001, XS…, AJ…, WJ…) and hit labels (R01-5), read off a page
# at once; other tokens (names, texts) are searched one by one.
PLACEHOLDERS = re.compile(r' placeholder="[^"]*"')
NUMBERS = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z]{1,3}\d{4}-\d{5}|R\d{2}-\d+)(?![0-9])")


_CJK = "\u4e00-\u9fff"


def _pattern(token: str) -> re.Pattern:
    """A token as a whole: "R01-5" not inside "R01-51"; a short name (2–4 characters)
    not inside a longer run of characters ("张明" is not in "张明华")."""
    if 2 <= len(token) <= 4 and re.fullmatch(f"[{_CJK}]+", token):
        return re.compile(f"(?<![{_CJK}]){re.escape(token)}(?![{_CJK}])")
    return re.compile(re.escape(token) + r"(?![0-9])")


# --- the crawl -----------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append((a["href"], False))
        if a.get("hx-get"):
            self.links.append((a["hx-get"], True))


def _text_of(response) -> str:
    ctype = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "html" in ctype or "json" in ctype or ctype.startswith("text/"):
        text = body.decode("utf-8", "replace")
        if "json" in ctype:  # numbers and names, not \u escapes
            with contextlib.suppress(ValueError):
                text = json.dumps(json.loads(text), ensure_ascii=False)
        return text
    if body[:2] == b"PK":  # xlsx, docx: the XML parts' text
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as zf:
                return "\n".join(
                    zf.read(n).decode("utf-8", "replace")
                    for n in zf.namelist()
                    if n.endswith(".xml")
                )
        except zipfile.BadZipFile:
            return ""
    return body.decode("utf-8", "replace")


def _normalise(base: str, href: str) -> str | None:
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.netloc and parts.netloc not in ("testserver",):
        return None
    if parts.path.startswith(SKIP_PREFIXES):
        return None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + (f"?{query}" if query else "")


def _pattern_of(url: str) -> str:
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return parts.path
    action = match.kwargs.get("action", "")
    keys = ",".join(sorted(k for k, _ in parse_qsl(parts.query)))
    return f"{match.view_name}:{action}?{keys}"


@dataclass
class Crawl:
    pages: int = 0
    views: set[str] = field(default_factory=set)
    leaks: list[str] = field(default_factory=list)
    dead_links: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _api_seeds() -> list[str]:
    from jiandu.api import router

    return [f"/api/{prefix}/" for prefix, _viewset, _basename in router.registry]


def _api_followups(url: str, data) -> list[str]:
    """Detail URLs and detail GET actions of the rows of an API list."""
    from jiandu.api import router

    path = urlsplit(url).path
    rows = data.get("results", []) if isinstance(data, dict) else data
    if not isinstance(rows, list):
        return []
    out = []
    for prefix, viewset, _ in router.registry:
        if path != f"/api/{prefix}/":
            continue
        actions = [
            a.url_path
            for a in viewset.get_extra_actions()
            if a.detail and "get" in a.mapping and a.url_path != "reporter"
        ]
        for row in rows:
            if isinstance(row, dict) and "id" in row:
                out.append(f"/api/{prefix}/{row['id']}/")
                out.extend(f"/api/{prefix}/{row['id']}/{a}/" for a in actions)
        if isinstance(data, dict) and data.get("next"):
            nxt = _normalise(url, data["next"])
            if nxt:
                out.append(nxt)
    return out


def crawl(client, user, checked: dict[str, str]) -> Crawl:
    result = Crawl()
    structured = {t for t in checked if NUMBERS.fullmatch(t)}
    patterns = {t: _pattern(t) for t in checked if t not in structured}

    def found_in(text: str) -> set[str]:
        found = set(NUMBERS.findall(text)) & structured
        return found | {t for t, p in patterns.items() if t in text and p.search(text)}

    names = [t for t, what in checked.items() if what.startswith("干部")]
    seen: set[str] = set()
    per_pattern: Counter = Counter()
    queue: deque[tuple[str, bool, str]] = deque()

    def push(url, htmx, source):
        if url is None or url in seen:
            return
        pattern = _pattern_of(url)
        if per_pattern[pattern] >= PER_PATTERN:
            return
        seen.add(url)
        per_pattern[pattern] += 1
        queue.append((url, htmx, source))

    for url in ("/workbench/", *_api_seeds()):
        push(url, False, "start")
    while queue and result.pages < PAGES_PER_ROLE:
        url, htmx, source = queue.popleft()
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.get(url, **headers)
        result.pages += 1
        status = response.status_code
        if status == 404 and source != "start":
            result.dead_links.append(f"{url} (linked from {source})")
            continue
        if status >= 500:
            result.errors.append(f"{url}: {status}")
            continue
        if status in (301, 302):
            push(_normalise(url, response["Location"]), False, url)
            continue
        if status != 200:
            continue
        result.views.add(_pattern_of(url).split(":?")[0].split("?")[0])
        text = PLACEHOLDERS.sub("", _text_of(response))  # "如 XS2026-00012": a hint
        for token in sorted(found_in(text)):
            result.leaks.append(f"{url}: {token} ({checked[token]})")
        ctype = response.get("Content-Type", "")
        if "json" in ctype:
            for nxt in _api_followups(url, json.loads(text)):
                push(nxt, False, url)
        elif "html" in ctype:
            parser = _Links()
            parser.feed(text)
            for href, is_htmx in parser.links:
                nxt = _normalise(url, href)
                push(nxt, is_htmx, url)
                if is_htmx and nxt and FULL:  # search boxes: try every checked name
                    for name in names:
                        sep = "&" if "?" in nxt else "?"
                        push(f"{nxt}{sep}{urlencode({'q': name})}", True, url)
    return result


@pytest.fixture
def accounts(request, db, settings, tmp_path) -> Iterator[dict[str, User]]:
    """The account to crawl as, per role: the test county with the planted objects, or
    (``JIANDU_CRAWL_DEMO=1``) the demo county 青山县 with its demo accounts."""
    from jiandu.intake import matching, similarity

    settings.MEDIA_ROOT = tmp_path / "files"
    settings.CROSSCHECK_DIR = tmp_path / "crosscheck"
    # The near-duplicate index and the subject register are per process, and the test
    # database is rolled back after each test (ids are reused): start and end afresh.
    similarity.reset_index()
    matching.reset_register()
    if DEMO:
        from django.core.management import call_command

        call_command("demo", "--cadres", DEMO_CADRES, stdout=io.StringIO())
        yield {role: User.objects.get(username=name) for role, name in DEMO_ACCOUNTS.items()}
    else:
        county = request.getfixturevalue("county")
        plant(county, settings.CROSSCHECK_DIR)
        yield {role: county.users[role] for role in ROLES}
    similarity.reset_index()
    matching.reset_register()


def test_no_page_fragment_export_or_api_answer_shows_what_the_role_may_not_open(accounts, client):
    started = datetime.now()
    report: list[str] = []
    failures: list[str] = []
    total = 0
    reached: set[str] = set()
    for role, account in accounts.items():
        user = User.objects.get(pk=account.pk)  # a fresh object: no cached scope
        checked, _inside = _tokens(user)
        client.force_login(user)
        result = crawl(client, user, checked)
        client.logout()
        total += result.pages
        reached |= result.views
        report.append(
            f"{role}: {result.pages} pages, {len(checked)} tokens checked, "
            f"{len(result.leaks)} leaks, {len(result.dead_links)} dead links"
        )
        failures += [f"[{role}] leak {x}" for x in result.leaks]
        failures += [f"[{role}] link to a 404 {x}" for x in result.dead_links]
        failures += [f"[{role}] server error {x}" for x in result.errors]
    elapsed = (datetime.now() - started).total_seconds()
    summary = "\n".join(report) + f"\n{total} pages in {elapsed:.1f} s"
    print(summary)  # the figures for the report (pytest -s)
    # The crawl reached every kind of page that shows cross-references (a guard against a
    # crawl that silently stops following links).
    assert not failures, summary + "\n" + "\n".join(failures)
    assert not MUST_REACH - reached, sorted(MUST_REACH - reached)
