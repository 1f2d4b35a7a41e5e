"""The demo county's cases: about 400 cases over three years, driven through the real
services (``jiandu.cases.services``), so that stages, approvals, deadlines, documents
and audit events are the services' own.

- The clues that ended in 拟立案 (pending_case) become cases, opened by their handling
  unit; the rest are filed directly on cadres of the register (a person's case by the
  resident team or township commission that supervises the unit, a county-level cadre's
  by the supervision office that guides it), a few on an incident or an organisation.
- Each case is given a target stage by its age: the young ones are proposed, filed or
  under investigation (a few in detention), the older ones in review, decided, executed
  and closed; some were revoked, some referred for prosecution (the fourth form), a few
  are under appeal. Some are overdue (an investigation past its year, a decision not
  served within a month). About one in five is handled jointly (室组地联合办案).
- Measures are realistic: most second form (警告, 严重警告, 记过 …), some third,
  prosecution cases fourth; non-members get government sanctions only, village staff
  only 警告, 记过, 记大过 — ``validate_measures`` checks every decision.
- Documents: every gated document is signed and uploaded (a scanned PDF of the signed
  paper); the Word drafts of the last three months' steps are generated from the templates.
- Recommendations, 以案促改 items and follow-up visits for part of the closed cases.

Every step is dated by the case's own timeline (the services take the date of each
step); only the approval and document timestamps the services stamp "now" are moved to
those dates afterwards (recorded as one audit event).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from jiandu.audit.services import event_record

N_CASES = 400
#: Word drafts are generated for the steps of the last months (older cases keep only
#: the signed scans, as a paper archive digitised would).
DRAFT_DAYS = 90
YEARS = 3
COUNT_LABELS = {
    "cases": "案件",
    "case_people": "被审查调查人",
    "case_documents": "案件文书版本",
    "detentions_running": "留置中",
}

SECOND = (
    (["party_warning"], 14),
    (["party_serious_warning"], 10),
    (["party_warning", "gov_demerit"], 14),
    (["party_serious_warning", "gov_major_demerit"], 10),
    (["party_serious_warning", "gov_demerit"], 8),
    (["gov_warning"], 4),
    (["gov_demerit"], 4),
    (["party_serious_warning", "org_post_adjustment"], 4),
    (["party_warning", "org_removal"], 2),
)
THIRD = (
    (["party_removal_from_post", "gov_removal_from_post"], 6),
    (["party_probation_1y", "gov_demotion"], 5),
    (["party_probation_2y", "gov_removal_from_post"], 3),
    (["party_expulsion", "gov_expulsion"], 4),
    (["party_removal_from_post", "org_demotion"], 2),
)
FIRST = ((["first_admonition"], 1),)
TITLES = {
    "integrity": "涉嫌违反廉洁纪律",
    "hd_gifts": "违规收受礼品礼金",
    "hd_dining": "违规吃喝",
    "hd_allowance": "违规发放津补贴",
    "mass": "侵害群众利益",
    "work": "违反工作纪律",
    "organisational": "违反组织纪律",
}
FACTS = (
    "利用职务便利，在工程项目招投标、款项拨付中为他人谋取利益，收受他人财物。",
    "多次接受管理服务对象安排的宴请，收受购物卡、礼金。",
    "违规发放津补贴，套取专项资金用于发放福利。",
    "在惠民资金发放中优亲厚友、虚报冒领。",
    "履职不力，对辖区内违规问题失察失管，造成不良影响。",
    "在选人用人、干部考察中弄虚作假，违规插手人事安排。",
)
DISCIPLINES = ("integrity", "integrity", "integrity", "mass", "work", "organisational")
EIGHT_POINT = ("hd_gifts", "hd_dining", "hd_allowance", "hd_reception", "fm_inaction")


def _sees(handler: Any, unit: Any) -> bool:
    """Whether ``handler`` may see the people of ``unit`` (its supervision area)."""
    return handler.unit_scope("org").allows_unit(unit.pk)


def _pick(rng: random.Random, table: tuple) -> list[str]:
    return list(rng.choices([t[0] for t in table], [t[1] for t in table])[0])


def _measures(rng: random.Random, person: Any, prosecution: bool) -> list[str]:
    if prosecution:
        codes = ["party_expulsion", "gov_expulsion"]
    else:
        form = rng.choices((1, 2, 3), (4, 72, 24))[0]
        codes = _pick(rng, {1: FIRST, 2: SECOND, 3: THIRD}[form])
    if not person.is_party_member:
        codes = [c for c in codes if not c.startswith("party_")] or ["gov_demerit"]
    if person.is_village_staff:
        allowed = {"gov_warning", "gov_demerit", "gov_major_demerit"}
        codes = [
            c if not c.startswith("gov_") or c in allowed else "gov_major_demerit" for c in codes
        ]
        if "party_expulsion" in codes:  # village staff keep their government sanction light
            codes = ["party_expulsion", "gov_major_demerit"]
    return list(dict.fromkeys(codes))


def _target(rng: random.Random, age: int) -> str:
    """The stage a case of this age (days since proposal) has reached."""
    if age < 12:
        return rng.choices(("proposed", "filed", "investigation"), (5, 3, 2))[0]
    if age < 60:
        return rng.choices(("filed", "investigation", "detained"), (1, 7, 2))[0]
    if age < 200:
        return rng.choices(
            (
                "investigation",
                "detained",
                "referred",
                "review",
                "supplementary",
                "decided",
                "execution",
                "prosecution",
            ),
            (30, 4, 8, 22, 5, 10, 17, 4),
        )[0]
    if age < 420:
        return rng.choices(
            (
                "investigation",
                "review",
                "decided",
                "execution",
                "closed",
                "revoked",
                "prosecution_closed",
                "appeal",
            ),
            (6, 6, 4, 10, 62, 5, 5, 2),
        )[0]
    return rng.choices(
        ("closed", "revoked", "prosecution_closed", "appeal", "execution", "investigation"),
        (82, 5, 8, 2, 2, 1),
    )[0]


def _scan(case_number: str, label: str) -> bytes:
    """A one-page PDF standing for the scan of the signed paper document."""
    text = f"{case_number} signed scan".encode()
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


class _Driver:
    def __init__(self, *, rng, today, users, handlers, review_unit, draft_from):
        self.rng, self.today, self.users = rng, today, users
        self.handlers, self.review_unit = handlers, review_unit
        self.draft_from = draft_from
        self.version_dates: list[tuple[int, date]] = []
        self.approval_dates: list[tuple[int, date, date | None]] = []
        self.detained = 0

    def gap(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def sign(self, case, kind, person, actor, on: date, *, draft: bool = True) -> None:
        from jiandu.cases import services
        from jiandu.cases.documents import DOCUMENT_KINDS

        if draft and on >= self.draft_from:
            draft = services.document_generate(actor=actor, case=case, kind=kind, person=person)
            self.version_dates.append((draft.pk, on))
        label = DOCUMENT_KINDS[kind].label
        version = services.document_upload(
            actor=actor,
            case=case,
            kind=kind,
            person=person,
            content=_scan(case.number, label),
            filename=f"{case.number}{label}（签署件）.pdf",
        )
        self.version_dates.append((version.pk, on))

    def drive(self, case, handler, target: str, proposed_on: date) -> None:
        """Take every track of ``case`` to ``target`` through the services."""
        from jiandu.cases import services

        rng, today, leader, reviewer = (
            self.rng,
            self.today,
            self.users["leader"],
            self.users["shenli"],
        )
        age = (today - proposed_on).days
        if target == "proposed":
            return
        budget = max(age, 1)
        # The gaps of a full track, squeezed into the case's age when it is young.
        plan = [
            self.gap(2, 8),
            self.gap(1, 6),
            self.gap(60, 200),
            self.gap(3, 10),
            self.gap(12, 30),
            self.gap(5, 26),
            self.gap(8, 28),
        ]
        if (
            target in ("closed", "revoked", "prosecution_closed", "appeal")
            and sum(plan) > budget - 3
        ):
            scale = (budget - 3) / sum(plan)
            plan = [max(1, int(g * scale)) for g in plan]
        day = proposed_on

        def step(i: int) -> date:
            nonlocal day
            day = min(day + timedelta(days=plan[i]), today)
            return day

        services.case_decide_filing(
            actor=leader, case=case, approve=True, on=step(0), comment="同意立案"
        )
        if target == "filed":
            return
        people = list(case.people.order_by("id"))
        for person in people:
            self.sign(case, "filing_decision", person, handler, day)
        started = step(1)
        for person in people:
            services.case_start_investigation(actor=handler, person=person, on=started)
        if (
            (
                target == "detained"
                or (target in ("closed", "prosecution_closed") and rng.random() < 0.12)
            )
            and case.supervision_law
            and not people[0].is_unit
        ):
            self._detain(case, people[0], handler, started, running=target == "detained")
        if target in ("investigation", "detained"):
            return
        if target == "revoked":
            on = min(started + timedelta(days=self.gap(20, 120)), today)
            for person in people:
                self.sign(case, "revocation_decision", person, handler, on)
                services.case_revoke(
                    actor=leader,
                    person=person,
                    on=on,
                    reason="经审查，现有证据不足以认定其违纪违法，撤销案件",
                )
            return
        referred = step(2)
        for person in people:
            self.sign(case, "investigation_report", person, handler, referred)
            services.case_refer_review(actor=handler, person=person, on=referred)
        if target == "referred":
            return
        accepted = step(3)
        for person in people:
            services.case_accept_review(actor=reviewer, person=person, on=accepted)
        if target == "review":
            return
        if target == "supplementary":
            on = min(accepted + timedelta(days=self.gap(5, 15)), today)
            for person in people:
                services.case_return_supplementary(
                    actor=reviewer, person=person, on=on, reason="部分事实需补充银行流水和证人证言"
                )
            return
        decided = step(4)
        prosecution = target in ("prosecution", "prosecution_closed")
        for person in people:
            self.sign(case, "review_report", person, reviewer, decided)
            if prosecution and not person.is_unit:
                self.sign(case, "prosecution_opinion", person, reviewer, decided)
                services.case_refer_prosecution(actor=reviewer, person=person, on=decided)
        if target == "prosecution":
            return
        for person in people:
            codes = [] if person.is_unit else _measures(rng, person, prosecution)
            amount = None
            if person.amount_involved:
                amount = (person.amount_involved * Decimal(rng.randint(50, 100)) / 100).quantize(
                    Decimal("0.01")
                )
            services.case_decide(
                actor=reviewer,
                person=person,
                on=decided,
                measures=codes,
                basis="经审理，违纪违法事实清楚，证据确实充分，定性准确，处理恰当，手续完备，程序合规。",
                amount_recovered=amount,
            )
        if target == "decided":
            return
        served = step(5)
        for person in people:
            kinds = {m.split("_")[0] for m in services.current_measures(person)}
            if "party" in kinds:
                self.sign(case, "party_sanction_decision", person, handler, served)
            if "gov" in kinds:
                self.sign(case, "gov_sanction_decision", person, handler, served)
            services.case_serve(actor=handler, person=person, on=served)
        if target == "execution":
            return
        closed = step(6)
        for person in people:
            self.sign(case, "execution_report", person, handler, closed)
            services.case_close(actor=handler, person=person, on=closed)
        self._after(case, people, handler, closed, appeal=target == "appeal")

    def _detain(self, case, person, handler, started, *, running: bool) -> None:
        from jiandu.cases import services

        on = min(started + timedelta(days=self.gap(1, 5)), self.today)
        if running:
            # a few end within two weeks (the workbench warns), the rest later
            on = max(on, self.today - timedelta(days=self.rng.randint(20, 85)))
            on = min(on, self.today)
        self.sign(case, "detention_decision", person, handler, on, draft=False)
        # 呈批 by the handling unit, approved by the leader: never one person for both.
        proposal = services.case_propose(actor=handler, case=case, step="detention", person=person)
        self.approval_dates.append((proposal.pk, on, on))
        detention = services.detention_start(
            actor=self.users["leader"],
            person=person,
            on=on,
            place="县留置场所",
            approval_ref=f"青纪留〔{on.year}〕{self.rng.randint(1, 30)}号",
        )
        if on >= self.draft_from:
            # The Word version of the decision, filled from the record: its period, place
            # and the number recorded with the approval.
            draft = services.document_generate(
                actor=handler, case=case, kind="detention_decision", person=person
            )
            self.version_dates.append((draft.pk, on))
        # 涉案财物: what the person handed over on detention, kept in the special account.
        money = services.property_register(
            actor=handler,
            case=case,
            person=person,
            kind="money",
            description="被调查人主动上交的违纪违法所得款",
            measure="handed_over",
            measure_on=on,
            amount=Decimal(self.rng.choice((20000, 50000, 80000, 150000))),
            custody_place="县纪委监委涉案款物专用账户",
            custodian="案件监督管理室",
        )
        if running:
            self.detained += 1
            return
        release = min(on + timedelta(days=self.gap(30, 80)), detention.due_on, self.today)
        services.detention_release(
            actor=handler, detention=detention, on=release, reason="调查终结，解除留置"
        )
        # Decided at the release, paid to the treasury within the month ([条例] 209).
        services.property_decide_confiscation(
            actor=handler, case_property=money, on=release, reason="违纪违法所得，予以收缴"
        )
        paid = release + timedelta(days=self.gap(5, 25))
        if paid <= self.today:
            services.property_confiscate(actor=handler, case_property=money, on=paid)

    def _after(self, case, people, handler, closed: date, *, appeal: bool) -> None:
        from jiandu.cases import services

        rng, today = self.rng, self.today
        person = next((p for p in people if not p.is_unit), None)
        if person is None:
            return
        if appeal:
            on = min(closed + timedelta(days=self.gap(5, 30)), today)
            services.case_appeal(
                actor=self.users["fushen"],
                person=person,
                on=on,
                kind="party",
                reason="本人对处分决定不服，提出申诉",
            )
            if (today - on).days > 45:  # older appeals were decided: the decision upheld
                services.case_appeal_decide(
                    actor=self.users["fushen"],
                    person=person,
                    on=on + timedelta(days=self.gap(20, 60)),
                    upheld=True,
                    reason="经复查，原处分决定认定事实清楚，定性准确，处理恰当，予以维持",
                )
            return
        if rng.random() < 0.15 and person.unit_id:
            issued = min(closed + timedelta(days=self.gap(3, 15)), today)
            rec = services.recommendation_issue(
                actor=handler,
                case=case,
                unit=person.unit,
                issued_on=issued,
                content="针对本案暴露出的制度漏洞和监管薄弱环节，建议健全内控制度，加强对重点岗位人员的监督。",
                doc_number=f"青纪建〔{issued.year}〕{rng.randint(1, 40)}号",
            )
            if (today - issued).days > 40 and rng.random() < 0.8:
                replied = issued + timedelta(days=self.gap(15, 35))
                services.recommendation_reply(
                    actor=handler,
                    recommendation=rec,
                    on=replied,
                    reply="已召开专题民主生活会，修订完善财务管理制度3项，开展警示教育。",
                )
                if rng.random() < 0.7 and replied + timedelta(days=10) <= today:
                    services.recommendation_close(
                        actor=handler, recommendation=rec, on=replied + timedelta(days=10)
                    )
        if rng.random() < 0.1 and person.unit_id:
            services.reform_item_add(
                actor=handler,
                case=case,
                unit=person.unit,
                description="以案促改：开展警示教育，查找廉政风险点并建立防控措施",
                due_on=closed + timedelta(days=90),
            )
        decision = person.decisions.filter(superseded=False).first()
        end = services.person_period_end(person)
        if decision and end and end > today and rng.random() < 0.4:
            planned = decision.decided_on + timedelta(days=self.gap(90, 200))
            if planned <= end:
                followup = services.followup_schedule(
                    actor=handler, person=person, planned_on=planned
                )
                if planned <= today:
                    services.followup_record(
                        actor=handler,
                        followup=followup,
                        on=planned,
                        form=rng.choice(("talk", "visit", "phone")),
                        findings="本人能正确对待组织处理，工作态度端正，表现良好。",
                    )


def _appeal_reviewer(unit: Any) -> Any:
    """The review office's second account, who handles the appeals: the original
    reviewers may not ([条例] 211; [规则] 59). No password: it acts only in the demo's
    history."""
    from jiandu.accounts.models import User
    from jiandu.accounts.rules import Role
    from jiandu.accounts.services import user_create
    from jiandu.devtools.demo.accounts import _person_name

    user = User.objects.filter(username="fushen").first()
    if user is None:
        user = user_create(
            actor=None,
            username="fushen",
            full_name=_person_name(unit, "head") or "复审复核人员",
            role=Role.REVIEW,
            unit=unit,
            password=None,
            validate=False,
        )
    return user


def _people_pool(rng, today):
    """Cadres with a current post, by unit, for direct filings."""
    from jiandu.org.models import Post

    posts = list(Post.objects.current(on=today).select_related("cadre", "unit").order_by("id"))
    rng.shuffle(posts)
    return posts


def load(
    *,
    seed: int = 2026,
    cadres: int = 3000,
    password: str,
    cases: int | None = None,
    today: date | None = None,
) -> dict[str, int]:
    """About 400 cases for the default county of 3,000 cadres (scaled with its size),
    through the case services."""
    from django.db import transaction
    from django.utils import timezone

    from jiandu.accounts.models import User
    from jiandu.cases import services
    from jiandu.cases.models import Case, CaseApproval, CasePerson, DocumentVersion
    from jiandu.clues.models import Clue, ClueStatus
    from jiandu.clues.services import suggested_handling_unit
    from jiandu.devtools.demo import clues as clues_demo
    from jiandu.devtools.demo import org as org_demo
    from jiandu.org.models import Unit, UnitKind

    today = today or timezone.localdate()
    total = cases if cases is not None else max(10, round(N_CASES * cadres / 3000))
    rng = random.Random(seed * 7 + 4)
    with transaction.atomic():
        handlers = clues_demo.ensure_handlers(password)
        users = User.objects.in_bulk(["leader", "shenli"], field_name="username")
        if len(users) < 2:
            raise RuntimeError("演示账号缺失：leader、shenli（请先加载 accounts.demo）")
        review_unit = Unit.objects.filter(kind=UnitKind.REVIEW_OFFICE).first()
        users["fushen"] = _appeal_reviewer(review_unit)
        offices = [
            u
            for u in Unit.objects.filter(code__in=org_demo.SUPERVISION_OFFICES)
            if u.pk in handlers
        ]
        towns = [
            u
            for u in Unit.objects.filter(code__in=org_demo.TOWNSHIP_COMMISSIONS)
            if u.pk in handlers
        ]
        driver = _Driver(
            rng=rng,
            today=today,
            users=users,
            handlers=handlers,
            review_unit=review_unit,
            draft_from=today - timedelta(days=DRAFT_DAYS),
        )
        start = today - timedelta(days=365 * YEARS)
        made = 0
        # 1. The clues that ended in 拟立案.
        pending = list(
            Clue.objects.filter(status=ClueStatus.PENDING_CASE, handling_unit__isnull=False)
            .select_related("handling_unit", "subject_cadre", "subject_unit")
            .order_by("received_on", "id")
        )
        for clue in pending[: total // 3]:
            handler = handlers.get(clue.handling_unit_id)
            if handler is None:
                continue
            proposed = min(clue.received_on + timedelta(days=rng.randint(60, 150)), today)
            case = services.case_open_from_clue(
                actor=handler,
                clue=clue,
                proposed_on=proposed,
                supervision_law=rng.random() < 0.7,
                leader=users["leader"],
            )
            driver.drive(case, handler, _target(rng, (today - proposed).days), proposed)
            made += 1
        # 2. Direct filings on cadres of the register, spread over three years.
        pool = _people_pool(rng, today)
        routes: dict[tuple, Any] = {}
        i = 0
        while made < total and i < len(pool):
            post = pool[i]
            i += 1
            cadre, unit = post.cadre, post.unit
            key = (unit.pk, cadre.rank)
            if key not in routes:
                routes[key] = suggested_handling_unit(
                    SimpleNamespace(subject_unit=unit, subject_rank=cadre.rank)
                )
            lead = routes[key]
            if lead is None or lead.pk not in handlers or not _sees(handlers[lead.pk], unit):
                # A unit files cases only on people it supervises (scoped opening).
                bodies = offices[i % len(offices) :] + offices[: i % len(offices)] + towns
                lead = next((b for b in bodies if _sees(handlers[b.pk], unit)), None)
                if lead is None:
                    continue
            handler = handlers[lead.pk]
            proposed = start + timedelta(days=rng.randint(0, 365 * YEARS))
            discipline = rng.choice(DISCIPLINES)
            codes = [discipline] + ([rng.choice(EIGHT_POINT)] if rng.random() < 0.5 else [])
            amount = Decimal(rng.choice((0, 0, 3000, 8000, 20000, 50000, 120000, 380000)))
            kind = "person" if rng.random() < 0.96 else "organisation"
            people = [services.PersonInput(cadre=cadre, amount_involved=amount or None)]
            if kind == "person" and rng.random() < 0.08:  # an accomplice in the same unit
                other = pool[(i + 7) % len(pool)]
                if other.cadre_id != cadre.pk and _sees(handler, other.unit):
                    people.append(services.PersonInput(cadre=other.cadre, unit=other.unit))
            title = f"{cadre.name}{TITLES.get(codes[-1], '涉嫌违纪违法')}案"
            if kind == "organisation":
                title = f"{unit.name}{TITLES.get(codes[-1], '违纪违法')}问题"
            co = []
            if rng.random() < 0.2:
                co = [rng.choice(towns if lead.kind != UnitKind.TOWNSHIP_COMMISSION else offices)]
            case = services.case_open(
                actor=handler,
                kind=kind,
                title=title,
                summary=rng.choice(FACTS),
                proposed_on=proposed,
                lead_unit=lead,
                people=people if kind == "person" else [],
                target_unit=unit if kind == "organisation" else None,
                co_units=co,
                leader=users["leader"],
                category_codes=codes,
                supervision_law=(kind == "person" and cadre.rank != "other") or rng.random() < 0.3,
            )
            driver.drive(case, handler, _target(rng, (today - proposed).days), proposed)
            made += 1
        _backdate(driver, DocumentVersion, CaseApproval, Case)
        event_record(
            actor=None,
            action="demo.cases.backdate",
            object_type="cases.case",
            object_repr="演示数据",
            reason="演示数据：审批和文书的时间按各案件自身的时间线回溯",
            payload={"cases": made},
        )
        counts = {
            "cases": made,
            "case_people": CasePerson.objects.count(),
            "case_documents": DocumentVersion.objects.count(),
            "detentions_running": driver.detained,
        }
    return counts


def _backdate(driver: _Driver, DocumentVersion, CaseApproval, Case) -> None:
    from django.utils import timezone

    from jiandu.devtools.demo.clues import _update_rows

    tz = timezone.get_current_timezone()
    versions = DocumentVersion.objects.in_bulk([pk for pk, _ in driver.version_dates])
    rows = []
    for pk, on in driver.version_dates:
        row = versions[pk]
        row.created_at = datetime.combine(on, time(10, 0), tzinfo=tz)
        rows.append(row)
    _update_rows(rows, ["created_at"])
    approvals = []
    step_dates = {pk: (proposed, decided) for pk, proposed, decided in driver.approval_dates}
    for approval in CaseApproval.objects.filter(pk__in=list(step_dates)):
        proposed, decided = step_dates[approval.pk]
        approval.proposed_at = datetime.combine(proposed, time(9, 0), tzinfo=tz)
        if approval.decided_at is not None and decided is not None:
            approval.decided_at = datetime.combine(decided, time(15, 0), tzinfo=tz)
        approvals.append(approval)
    for approval in CaseApproval.objects.select_related("case").filter(step="filing"):
        approval.proposed_at = datetime.combine(approval.case.proposed_on, time(9, 30), tzinfo=tz)
        if approval.decided_at is not None and approval.case.filed_on:
            approval.decided_at = datetime.combine(approval.case.filed_on, time(16, 0), tzinfo=tz)
        approvals.append(approval)
    _update_rows(approvals, ["proposed_at", "decided_at"])
