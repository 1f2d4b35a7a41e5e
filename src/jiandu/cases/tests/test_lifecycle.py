"""Case services against the database: filing with approval, every step of a track, the
document gate, the review clock paused and restarted, prosecution, detention,
execution, revocation, appeal, reviewer ≠ investigator, and the audit events."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from jiandu.audit.models import Event
from jiandu.cases import rules, services
from jiandu.cases.models import CaseApproval, CaseDeadline, Decision, DocumentVersion
from jiandu.cases.rules import CaseDeadlineKind, Stage
from jiandu.cases.services import PersonInput
from jiandu.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied

pytestmark = pytest.mark.django_db
TODAY = date.today()


def days_ago(n):
    return TODAY - timedelta(days=n)


def track(case):
    return case.people.get()


# --- filing ([规则] 38) ------------------------------------------------------------------


def test_a_probationary_member_is_not_taken_for_a_full_member(staff, new_case):
    """[处分条例] 36: party sanctions apply to full members; a 预备党员 is not one."""
    cadre = staff.cadres["edu_head"]
    cadre.political_status = "probationary"
    cadre.save(update_fields=["political_status"])
    assert cadre.is_party_member  # a Party member for the register …
    assert not track(new_case(filed=False)).is_party_member  # … not for party sanctions


def test_open_waits_for_the_principal_leader(staff, new_case):
    case = new_case(filed=False)
    person = track(case)
    assert person.stage == Stage.PROPOSED
    assert person.name == "张伟" and person.unit == staff.units["dept_edu"]
    assert person.rank == "township" and person.is_party_member
    assert case.number.startswith(f"AJ{TODAY.year}")
    assert list(case.investigators.all()) == [staff.users["resident_team"]]
    approval = CaseApproval.objects.get(case=case, step="filing")
    assert approval.decided_at is None
    # The proposer's colleagues cannot approve; a leader does.
    with pytest.raises(PermissionDenied):
        services.case_decide_filing(
            actor=staff.users["resident_team"], case=case, approve=True, on=TODAY
        )
    services.case_decide_filing(actor=staff.users["leader"], case=case, approve=True, on=TODAY)
    person.refresh_from_db()
    case.refresh_from_db()
    assert person.stage == Stage.FILED and case.filed_on == TODAY
    approval.refresh_from_db()
    assert approval.approved and approval.approver == staff.users["leader"]
    # A supervision-law case: one year to decide ([条例] 185).
    deadline = CaseDeadline.objects.get(case=case, kind=CaseDeadlineKind.INVESTIGATION)
    assert deadline.due_on == rules.investigation_due(TODAY)
    assert Event.objects.filter(object_type="cases.case", object_id=str(case.pk)).count() == 2
    # Approving twice is an illegal move.
    with pytest.raises(DomainError):
        services.case_decide_filing(actor=staff.users["leader2"], case=case, approve=True, on=TODAY)


def test_a_leader_cannot_approve_their_own_proposal(staff, monkeypatch):
    from jiandu.accounts import rules as access

    # A leader who also handles cases in team 1 (no role does both; the table is patched
    # for this test only: Django's superuser flag grants nothing in it).
    caps = access.ROLE_CAPABILITIES[access.Role.LEADER] | {"cases.handle"}
    monkeypatch.setitem(access.ROLE_CAPABILITIES, access.Role.LEADER, caps)
    leader = staff.users["leader"]
    leader.unit = staff.units["team1"]
    leader.save()
    case = services.case_open(
        actor=leader,
        kind="person",
        title="案",
        summary="问题",
        proposed_on=TODAY,
        lead_unit=staff.units["team1"],
        people=[PersonInput(name="赵六")],
    )
    with pytest.raises(DomainError, match="拟办人不能审批"):
        services.case_decide_filing(actor=leader, case=case, approve=True, on=TODAY)


def test_a_refused_filing_withdraws_every_track(staff, new_case):
    case = new_case(filed=False)
    services.case_decide_filing(
        actor=staff.users["leader"], case=case, approve=False, on=TODAY, comment="证据不足"
    )
    assert track(case).stage == Stage.WITHDRAWN
    assert case.filed_on is None
    assert not CaseDeadline.objects.filter(case=case).exists()


def test_incident_and_organisation_cases(staff):
    u = staff.users
    incident = services.case_open(
        actor=u["resident_team"],
        kind="incident",
        title="教育局食堂采购问题",
        summary="食堂采购中存在虚开发票问题，相关责任人待查明。",
        proposed_on=TODAY,
        lead_unit=staff.units["team1"],
        supervision_law=False,
    )
    assert incident.people.count() == 0
    services.case_decide_filing(actor=u["leader"], case=incident, approve=False, on=TODAY)
    org = services.case_open(
        actor=u["resident_team"],
        kind="organisation",
        title="教育局违规发放津补贴问题",
        summary="单位集体决定违规发放津补贴。",
        proposed_on=TODAY,
        lead_unit=staff.units["team1"],
        target_unit=staff.units["dept_edu"],
    )
    unit_track = org.people.get()
    assert unit_track.is_unit and unit_track.name == "测试县教育局"
    with pytest.raises(DomainError, match="被立案单位"):
        services.case_open(
            actor=u["resident_team"],
            kind="organisation",
            title="x",
            summary="y",
            proposed_on=TODAY,
            lead_unit=staff.units["team1"],
        )
    with pytest.raises(DomainError, match="至少列明"):
        services.case_open(
            actor=u["resident_team"],
            kind="person",
            title="x",
            summary="y",
            proposed_on=TODAY,
            lead_unit=staff.units["team1"],
        )


def test_a_person_identified_later_joins_the_incident_case(staff):
    u = staff.users
    case = services.case_open(
        actor=u["resident_team"],
        kind="incident",
        title="食堂采购问题",
        summary="虚开发票",
        proposed_on=TODAY,
        lead_unit=staff.units["team1"],
    )
    services.case_decide_filing(actor=u["leader"], case=case, approve=True, on=TODAY)
    person = services.case_add_person(
        actor=u["resident_team"],
        case=case,
        person=PersonInput(cadre=staff.cadres["teacher"]),
        on=TODAY,
    )
    assert person.stage == Stage.FILED and person.title == "教师"


def test_only_the_lead_unit_may_propose_for_itself(staff):
    with pytest.raises(DomainError, match="本单位"):
        services.case_open(
            actor=staff.users["resident_team"],
            kind="person",
            title="x",
            summary="y",
            proposed_on=TODAY,
            lead_unit=staff.units["team2"],
            people=[PersonInput(name="某某")],
        )


# --- the whole track ---------------------------------------------------------------------


def test_the_whole_track_to_closing(staff, new_case, advance):
    case = new_case()
    person = advance(track(case), Stage.CLOSED)
    assert person.stage == Stage.CLOSED
    decision = Decision.objects.get(person=person)
    codes = set(decision.measures.values_list("measure", flat=True))
    assert codes == {"party_serious_warning", "gov_demerit"}
    assert rules.four_form(codes) == 2
    # Every clock was met: service, execution, review; the investigation year too.
    assert not CaseDeadline.objects.filter(case=case, met_on__isnull=True).exists()
    actions = list(
        Event.objects.filter(object_type="cases.case", object_id=str(case.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    for step in (
        "open",
        "approve_filing",
        "start_investigation",
        "refer_review",
        "accept_review",
        "decide",
        "serve",
        "close",
    ):
        assert f"cases.case.{step}" in actions
    assert "cases.document.upload" in actions
    # The review office was given the case at the referral.
    case.refresh_from_db()
    assert case.review_unit == staff.units["review"]
    assert staff.users["review"] in case.reviewers.all()


def test_illegal_moves_are_refused_by_the_services(staff, new_case, signer):
    case = new_case()
    person = track(case)
    u = staff.users
    with pytest.raises(IllegalTransition, match="已立案"):
        services.case_refer_review(actor=u["resident_team"], person=person, on=TODAY)
    # The review office does not see a case before it is referred to it.
    with pytest.raises(NotFound):
        services.case_accept_review(actor=u["review"], person=person, on=TODAY)
    with pytest.raises(IllegalTransition):
        services.case_serve(actor=u["resident_team"], person=person, on=TODAY)
    with pytest.raises(IllegalTransition):
        services.case_close(actor=u["resident_team"], person=person, on=TODAY)
    with pytest.raises(IllegalTransition):
        services.case_extend_execution(actor=u["leader"], person=person, months=2, reason="x")
    with pytest.raises(IllegalTransition):
        services.case_prosecution_return(actor=u["resident_team"], person=person, on=TODAY)
    person.refresh_from_db()
    assert person.stage == Stage.FILED


def test_dates_may_not_be_in_the_future_nor_before_the_stage(staff, new_case, signer):
    case = new_case(on=days_ago(10))
    person = track(case)
    signer(case, "filing_decision", staff.users["resident_team"], person)
    with pytest.raises(DomainError, match="晚于今天"):
        services.case_start_investigation(
            actor=staff.users["resident_team"], person=person, on=TODAY + timedelta(days=1)
        )
    with pytest.raises(DomainError, match="不能早于"):
        services.case_start_investigation(
            actor=staff.users["resident_team"], person=person, on=days_ago(11)
        )


# --- the document gate -------------------------------------------------------------------


def test_a_stage_cannot_be_left_without_its_signed_document(staff, new_case):
    case = new_case()
    person = track(case)
    handler = staff.users["resident_team"]
    with pytest.raises(DomainError, match="立案决定书") as exc:
        services.case_start_investigation(actor=handler, person=person, on=TODAY)
    assert exc.value.fields == {"documents": ["filing_decision"]}
    # A generated draft is not enough: it must be signed and uploaded back.
    draft = services.document_generate(actor=handler, case=case, kind="filing_decision")
    assert draft.generated and not draft.signed
    with pytest.raises(DomainError, match="立案决定书"):
        services.case_start_investigation(actor=handler, person=person, on=TODAY)
    draft.file.open("rb")
    content = draft.file.read()
    draft.file.close()
    signed = services.document_upload(
        actor=handler, case=case, kind="filing_decision", content=content, filename="签发.docx"
    )
    assert signed.number == 2 and signed.signed
    services.case_start_investigation(actor=handler, person=person, on=TODAY)
    person.refresh_from_db()
    assert person.stage == Stage.INVESTIGATION
    # Every version is kept.
    assert DocumentVersion.objects.filter(document__case=case).count() == 2


def test_serving_needs_the_decision_documents_of_the_measures(staff, new_case, advance, signer):
    case = new_case()
    person = advance(track(case), Stage.DECIDED)
    handler = staff.users["resident_team"]
    signer(case, "party_sanction_decision", handler, person)
    with pytest.raises(DomainError, match="政务处分决定书"):
        services.case_serve(actor=handler, person=person, on=TODAY)
    signer(case, "gov_sanction_decision", handler, person)
    services.case_serve(actor=handler, person=person, on=TODAY)


def test_uploads_are_checked(staff, new_case):
    case = new_case()
    handler = staff.users["resident_team"]
    with pytest.raises(DomainError, match="只能上传"):
        services.document_upload(
            actor=handler, case=case, kind="filing_decision", content=b"MZ..", filename="a.exe"
        )
    with pytest.raises(DomainError, match="不符"):
        services.document_upload(
            actor=handler, case=case, kind="filing_decision", content=b"text", filename="a.pdf"
        )
    with pytest.raises(DomainError, match="文书种类"):
        services.document_upload(
            actor=handler, case=case, kind="nonsense", content=b"%PDF-1.4", filename="a.pdf"
        )


# --- reviewer ≠ investigator ([规则] 54) ------------------------------------------------------


def test_an_investigator_may_not_review_the_case(staff, new_case, advance):
    case = new_case()
    u = staff.users
    services.case_set_team(
        actor=u["resident_team"], case=case, investigators=[u["resident_team"], u["review"]]
    )
    person = advance(track(case), Stage.REFERRED)
    with pytest.raises(DomainError, match="第五十四条"):
        services.case_accept_review(actor=u["review"], person=person, on=TODAY)
    # Another reviewer may.
    services.case_accept_review(actor=u["review2"], person=person, on=TODAY)
    person.refresh_from_db()
    assert person.stage == Stage.REVIEW


def test_a_reviewer_may_not_become_an_investigator(staff, new_case, advance):
    case = new_case()
    u = staff.users
    advance(track(case), Stage.REVIEW)
    with pytest.raises(DomainError, match="第五十四条"):
        services.case_set_team(
            actor=u["resident_team"], case=case, investigators=[u["resident_team"], u["review"]]
        )


# --- review clock ([条例] 194–197) ---------------------------------------------------------


def test_supplementary_investigation_is_not_counted(staff, new_case, advance, propose):
    u = staff.users
    case = new_case(on=days_ago(60))
    person = advance(track(case), Stage.REFERRED, on=days_ago(50))
    services.case_accept_review(actor=u["review"], person=person, on=days_ago(40))
    deadline = CaseDeadline.objects.get(person=person, kind=CaseDeadlineKind.REVIEW)
    assert deadline.due_on == rules.review_due(days_ago(40))
    services.case_return_supplementary(
        actor=u["review"], person=person, on=days_ago(30), reason="补充银行流水"
    )
    deadline.refresh_from_db()
    assert deadline.paused_on == days_ago(30)
    services.case_resubmit(actor=u["resident_team"], person=person, on=days_ago(12))
    deadline.refresh_from_db()
    assert deadline.paused_on is None and deadline.paused_days == 18
    assert deadline.due_on == rules.review_due(days_ago(40), paused_days=18)
    # An approved extension adds a month on top (proposed by the review office).
    propose(case, "review_extension", person)
    services.case_extend_review(actor=u["leader"], person=person, reason="案情复杂")
    deadline.refresh_from_db()
    assert deadline.due_on == rules.review_due(days_ago(40), extensions=1, paused_days=18)


def test_a_new_investigation_restarts_the_review_month(staff, new_case, advance, signer):
    u = staff.users
    case = new_case(on=days_ago(60))
    person = advance(track(case), Stage.REVIEW, on=days_ago(50))
    services.case_return_reinvestigate(
        actor=u["review"], person=person, on=days_ago(40), reason="主要事实不清"
    )
    person.refresh_from_db()
    assert person.stage == Stage.INVESTIGATION
    services.case_refer_review(actor=u["resident_team"], person=person, on=days_ago(20))
    services.case_accept_review(actor=u["review"], person=person, on=days_ago(10))
    running = CaseDeadline.objects.get(person=person, kind=CaseDeadlineKind.REVIEW, met_on=None)
    assert running.started_on == days_ago(10)
    assert running.due_on == rules.review_due(days_ago(10))
    assert CaseDeadline.objects.filter(person=person, kind=CaseDeadlineKind.REVIEW).count() == 2


# --- prosecution ([监察法] 47) ---------------------------------------------------------------


def test_prosecution_with_at_most_two_returns(staff, new_case, advance, signer):
    u = staff.users
    case = new_case()
    person = advance(track(case), Stage.REVIEW)
    signer(case, "review_report", u["review"], person)
    with pytest.raises(DomainError, match="起诉意见书"):
        services.case_refer_prosecution(actor=u["review"], person=person, on=TODAY)
    signer(case, "prosecution_opinion", u["review"], person)
    services.case_refer_prosecution(actor=u["review"], person=person, on=TODAY)
    for round_ in (1, 2):
        services.case_prosecution_return(actor=u["resident_team"], person=person, on=TODAY)
        person.refresh_from_db()
        assert person.prosecution_returns == round_
        deadline = CaseDeadline.objects.get(
            person=person, kind=CaseDeadlineKind.PROSECUTION_SUPPLEMENT, met_on=None
        )
        assert deadline.due_on == rules.prosecution_supplement_due(TODAY)
        services.case_prosecution_resubmit(actor=u["resident_team"], person=person, on=TODAY)
    with pytest.raises(DomainError, match="二次为限"):
        services.case_prosecution_return(actor=u["resident_team"], person=person, on=TODAY)
    decision = services.case_decide(
        actor=u["review"],
        person=person,
        on=TODAY,
        measures=["party_expulsion", "gov_expulsion"],
    )
    codes = set(decision.measures.values_list("measure", flat=True))
    assert "referral_for_prosecution" in codes
    assert rules.four_form(codes) == 4


# --- detention ([监察法] 43; [条例] 285) ---------------------------------------------------------


def test_detention_three_months_one_extension(staff, new_case, advance, signer, propose):
    u = staff.users
    case = new_case(on=days_ago(30))
    person = advance(track(case), Stage.INVESTIGATION, on=days_ago(25))
    with pytest.raises(DomainError, match="留置决定书"):
        services.detention_start(actor=u["leader"], person=person, on=days_ago(20))
    signer(case, "detention_decision", u["resident_team"], person)
    with pytest.raises(PermissionDenied):
        services.detention_start(actor=u["resident_team"], person=person, on=days_ago(20))
    with pytest.raises(DomainError, match="没有待审批的“采取留置措施”呈批"):
        services.detention_start(actor=u["leader"], person=person, on=days_ago(20))
    propose(case, "detention", person)
    detention = services.detention_start(
        actor=u["leader"], person=person, on=days_ago(20), approval_ref="青纪留〔2026〕1号"
    )
    assert detention.due_on == rules.detention_due(days_ago(20))
    with pytest.raises(DomainError, match="正在留置"):
        services.detention_start(actor=u["leader"], person=person, on=days_ago(19))
    with pytest.raises(DomainError, match="延长留置时间决定书"):
        services.detention_extend(actor=u["leader"], detention=detention, approval_ref="市纪")
    signer(case, "detention_extension", u["resident_team"], person)
    first_due = detention.due_on
    propose(case, "detention_extension", person)
    services.detention_extend(
        actor=u["leader"], detention=detention, approval_ref="市纪〔2026〕3号"
    )
    detention.refresh_from_db()
    assert detention.due_on == rules.detention_extended_due(first_due)
    with pytest.raises(DomainError, match="只能延长一次"):
        services.detention_extend(actor=u["leader"], detention=detention, approval_ref="再延")
    # Every approval of the detention: proposed by the handling unit, approved by a leader.
    rows = CaseApproval.objects.filter(case=case, step__startswith="detention").order_by("id")
    assert [(a.step, a.proposed_by, a.approver, a.approved) for a in rows] == [
        ("detention", u["resident_team"], u["leader"], True),
        ("detention_extension", u["resident_team"], u["leader"], True),
    ]
    assert rows[0].approval_ref == "青纪留〔2026〕1号"
    services.detention_release(
        actor=u["resident_team"], detention=detention, on=days_ago(2), reason="调查终结"
    )
    # [条例] 185: the year to decide runs from the release.
    deadline = CaseDeadline.objects.get(case=case, kind=CaseDeadlineKind.INVESTIGATION)
    assert deadline.due_on == rules.investigation_due(days_ago(2))


def test_no_detention_in_a_party_discipline_case(staff, new_case, advance, signer):
    case = new_case(supervision_law=False)
    person = advance(track(case), Stage.INVESTIGATION)
    signer(case, "detention_decision", staff.users["resident_team"], person)
    with pytest.raises(DomainError, match="监察立案"):
        services.detention_start(actor=staff.users["leader"], person=person, on=TODAY)
    assert not CaseDeadline.objects.filter(case=case, kind=CaseDeadlineKind.INVESTIGATION).exists()


# --- decision rules, execution, revocation, appeal ------------------------------------------


def test_decisions_are_validated(staff, new_case, advance, signer):
    u = staff.users
    non_member = new_case(
        people=[PersonInput(name="钱七", is_party_member=False, unit=staff.units["dept_edu"])]
    )
    person = advance(track(non_member), Stage.REVIEW)
    signer(non_member, "review_report", u["review"], person)
    with pytest.raises(DomainError, match="非中共党员") as exc:
        services.case_decide(
            actor=u["review"], person=person, on=TODAY, measures=["party_warning", "gov_demerit"]
        )
    assert exc.value.fields["measures"]
    with pytest.raises(DomainError, match="请选择"):
        services.case_decide(actor=u["review"], person=person, on=TODAY, measures=[])
    # Village staff: only 警告, 记过, 记大过 ([政务处分法] 22). A case is opened only on
    # people the handling unit supervises: here resident team 1 supervises the village.
    from jiandu.org.services import liaison_create

    liaison_create(
        actor=None,
        supervisor=staff.units["team1"],
        supervised=staff.units["village_a"],
        kind="supervises",
    )
    u["resident_team"].__dict__.pop("_unit_scope_cache", None)
    village = new_case(people=[PersonInput(cadre=staff.cadres["village_head"])])
    vperson = advance(track(village), Stage.REVIEW)
    assert vperson.is_village_staff
    signer(village, "review_report", u["review"], vperson)
    with pytest.raises(DomainError, match="村（社区）"):
        services.case_decide(actor=u["review"], person=vperson, on=TODAY, measures=["gov_demotion"])
    services.case_decide(
        actor=u["review"],
        person=vperson,
        on=TODAY,
        measures=["party_warning", "gov_major_demerit"],
        amount_recovered=Decimal("12000.50"),
    )
    vperson.refresh_from_db()
    assert vperson.stage == Stage.DECIDED
    assert vperson.amount_recovered == Decimal("12000.50")


def test_execution_extension_at_most_six_months(staff, new_case, advance, propose):
    u = staff.users
    case = new_case()
    person = advance(track(case), Stage.EXECUTION)
    propose(case, "execution_extension", person)
    services.case_extend_execution(actor=u["leader"], person=person, months=3, reason="工资调整")
    deadline = CaseDeadline.objects.get(person=person, kind=CaseDeadlineKind.EXECUTION)
    assert deadline.due_on == rules.execution_due(TODAY, months=3)
    with pytest.raises(DomainError, match=r"6个月"):
        services.case_extend_execution(actor=u["leader"], person=person, months=7, reason="x")
    with pytest.raises(DomainError, match="超过现有"):
        services.case_extend_execution(actor=u["leader"], person=person, months=2, reason="x")


def test_revocation_needs_its_decision_document(staff, new_case, advance, signer):
    u = staff.users
    case = new_case()
    person = advance(track(case), Stage.INVESTIGATION)
    with pytest.raises(DomainError, match="撤销案件决定书"):
        services.case_revoke(actor=u["leader"], person=person, on=TODAY, reason="不构成违纪")
    signer(case, "revocation_decision", u["resident_team"], person)
    services.case_revoke(actor=u["leader"], person=person, on=TODAY, reason="不构成违纪")
    person.refresh_from_db()
    assert person.stage == Stage.REVOKED
    assert not CaseDeadline.objects.filter(case=case, met_on__isnull=True).exists()


def test_an_appeal_can_change_the_decision_and_keeps_the_old_one(staff, new_case, advance):
    u = staff.users
    case = new_case()
    person = advance(track(case), Stage.CLOSED)
    services.case_appeal(
        actor=u["review2"], person=person, on=TODAY, kind="party", reason="本人不服，提出申诉"
    )
    deadline = CaseDeadline.objects.get(person=person, kind=CaseDeadlineKind.APPEAL)
    assert deadline.due_on == rules.appeal_due(TODAY, "party")
    services.case_appeal_decide(
        actor=u["review2"],
        person=person,
        on=TODAY,
        upheld=False,
        reason="情节较轻，改为警告",
        measures=["party_warning", "gov_demerit"],
    )
    decisions = list(Decision.objects.filter(person=person).order_by("id"))
    assert [d.superseded for d in decisions] == [True, False]
    assert services.current_measures(person) == ["party_warning", "gov_demerit"]


# --- scoping -----------------------------------------------------------------------------------


def test_other_units_cannot_act_or_see(staff, new_case, signer):
    case = new_case()
    u = staff.users
    from jiandu.accounts.models import User

    team2 = User.objects.create_user(
        username="t_team2", password="pw-12345678", role="resident_team", unit=staff.units["team2"]
    )
    with pytest.raises(NotFound):
        services.document_generate(actor=team2, case=case, kind="filing_decision")
    # The township commission of town A is not in team 1's closure either.
    with pytest.raises(NotFound):
        services.case_start_investigation(
            actor=u["township_commission"], person=track(case), on=TODAY
        )
    # Made a co-handling unit, town A's commission may act.
    services.case_set_team(
        actor=u["resident_team"], case=case, co_units=[staff.units["town_a_commission"]]
    )
    signer(case, "filing_decision", u["township_commission"], track(case))
    services.case_start_investigation(actor=u["township_commission"], person=track(case), on=TODAY)


def test_money_recovered_at_closing(staff, new_case, advance, signer):
    case = new_case(
        people=[PersonInput(cadre=staff.cadres["edu_head"], amount_involved=Decimal("32000"))]
    )
    person = advance(track(case), Stage.EXECUTION)
    assert person.amount_involved == Decimal("32000")
    signer(case, "execution_report", staff.users["resident_team"], person)
    with pytest.raises(DomainError, match="负数"):
        services.case_close(
            actor=staff.users["resident_team"],
            person=person,
            on=TODAY,
            amount_recovered=Decimal("-1"),
        )
    services.case_close(
        actor=staff.users["resident_team"],
        person=person,
        on=TODAY,
        amount_recovered=Decimal("30000"),
    )
    person.refresh_from_db()
    assert person.stage == Stage.CLOSED and person.amount_recovered == Decimal("30000")


# --- recommendations, 以案促改, follow-up visits ---------------------------------------------


def test_recommendation_is_tracked_until_closed(staff, new_case):
    from jiandu.cases.models import RecommendationStatus

    u = staff.users
    case = new_case(on=days_ago(60))
    rec = services.recommendation_issue(
        actor=u["resident_team"],
        case=case,
        unit=staff.units["dept_edu"],
        content="建议完善食堂承包管理制度",
        issued_on=days_ago(50),
    )
    assert rec.reply_due == rules.recommendation_reply_due(days_ago(50))
    with pytest.raises(DomainError, match="回复整改情况后"):
        services.recommendation_close(actor=u["resident_team"], recommendation=rec, on=TODAY)
    services.recommendation_reply(
        actor=u["resident_team"], recommendation=rec, on=days_ago(10), reply="已修订制度"
    )
    services.recommendation_close(actor=u["resident_team"], recommendation=rec, on=TODAY)
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.CLOSED
    late = Event.objects.get(action="cases.recommendation.reply").payload["late"]
    assert late is True  # replied after the 30 days


def test_reform_items(staff, new_case):
    u = staff.users
    case = new_case()
    item = services.reform_item_add(
        actor=u["resident_team"],
        case=case,
        unit=staff.units["dept_edu"],
        description="开展警示教育",
        due_on=TODAY + timedelta(days=90),
    )
    services.reform_item_done(actor=u["resident_team"], item=item, on=TODAY, result="已开展")
    with pytest.raises(DomainError, match="已完成"):
        services.reform_item_done(actor=u["resident_team"], item=item, on=TODAY, result="再次")


def test_follow_up_inside_the_influence_period(staff, new_case, advance):
    u = staff.users
    case = new_case()
    person = advance(case.people.get(), Stage.EXECUTION)
    end = services.person_period_end(person)
    # 严重警告 18 months: the person's influence period ends 18 months less a day later.
    assert end == rules.influence_period_end("party_serious_warning", TODAY)
    with pytest.raises(DomainError, match="影响期内"):
        services.followup_schedule(
            actor=u["resident_team"], person=person, planned_on=end + timedelta(days=1)
        )
    with pytest.raises(DomainError, match="早于"):
        services.followup_schedule(
            actor=u["resident_team"], person=person, planned_on=TODAY - timedelta(days=1)
        )
    followup = services.followup_schedule(actor=u["resident_team"], person=person, planned_on=TODAY)
    services.followup_record(
        actor=u["resident_team"], followup=followup, on=TODAY, form="talk", findings="表现良好"
    )
    followup.refresh_from_db()
    assert followup.done_on == TODAY and followup.get_form_display() == "谈心谈话"


def test_follow_up_needs_a_decision(staff, new_case):
    with pytest.raises(DomainError, match="处理决定"):
        services.followup_schedule(
            actor=staff.users["resident_team"], person=track(new_case()), planned_on=TODAY
        )


def test_investigation_limit_is_met_only_when_every_track_is_decided(staff, new_case, advance):
    case = new_case(
        people=[
            PersonInput(cadre=staff.cadres["edu_head"]),
            PersonInput(cadre=staff.cadres["teacher"]),
        ]
    )
    first, second = case.people.order_by("id")
    advance(first, Stage.DECIDED)
    assert CaseDeadline.objects.get(case=case, kind=CaseDeadlineKind.INVESTIGATION).met_on is None
    advance(second, Stage.DECIDED)
    assert CaseDeadline.objects.get(case=case, kind=CaseDeadlineKind.INVESTIGATION).met_on == TODAY


def test_a_generated_document_names_the_commission_of_the_register(staff, new_case):
    """The issuer is the lead unit's commission in the register (测试县纪委监委 in the
    test county), never a constant: no document of this county names another county."""
    import io

    from docx import Document

    case = new_case()
    draft = services.document_generate(
        actor=staff.users["resident_team"], case=case, kind="filing_decision"
    )
    draft.file.open("rb")
    text = "\n".join(p.text for p in Document(io.BytesIO(draft.file.read())).paragraphs)
    draft.file.close()
    assert "经测试县纪委监委主要负责人审批，报中共测试县委员会主要负责人批准" in text
    assert text.rstrip().splitlines()[-2] == "测试县纪委监委"  # the signature
    assert "青山县" not in text
