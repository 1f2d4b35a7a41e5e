"""Each transition of the clue state machine, and every illegal one refused with a
Chinese reason ([规则] 21–35)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.clues import rules, services
from jiandu.clues.models import ClueApproval, ClueDeadlineKind, ClueStatus, FirstFormMeasure
from jiandu.core import calendar
from jiandu.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied

PLAN = {"verification_plan": "调取账目，询问有关人员", "verification_team": "王某（组长）、李某"}

pytestmark = pytest.mark.django_db


def open_deadline(clue, kind):
    return clue.deadlines.get(kind=kind, met_on__isnull=True)


def test_registration_numbers_flags_and_starts_the_disposition_clock(people, new_clue):
    clue = new_clue(received_on=date(2026, 9, 1))
    assert clue.number.startswith("XS2026-")
    assert clue.status == ClueStatus.REGISTERED
    assert clue.subject_unit == people.units["dept_edu"]
    # The education bureau's head is the principal leader of a subordinate unit ([规则] 22).
    assert clue.report_upward and "第二十二条" in clue.report_upward_reason
    # 1 month from 2026-09-01 is National Day → the first working day after it.
    assert open_deadline(clue, ClueDeadlineKind.DISPOSITION).due_on == date(2026, 10, 8)
    assert Event.objects.filter(action="clues.clue.create", object_id=str(clue.pk)).exists()


def test_inspection_transfer_gets_a_three_month_feedback_deadline(new_clue):
    clue = new_clue(received_on=date(2026, 7, 31), source="inspection")
    assert open_deadline(clue, ClueDeadlineKind.INSPECTION_FEEDBACK).due_on == date(
        2026, 11, 2
    )  # 10-31 Sat


def test_routing_is_proposed_approved_and_accepted(people, new_clue):
    u = people.users
    clue = new_clue()
    assert services.suggested_handling_unit(clue) == people.units["team1"]
    services.clue_propose_routing(actor=u["case_management"], clue=clue, unit=people.units["team1"])
    assert clue.status == ClueStatus.ROUTING_PROPOSED
    services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True, comment="同意")
    assert clue.status == ClueStatus.ASSIGNED and clue.handling_unit == people.units["team1"]
    approval = ClueApproval.objects.get(clue=clue, step="routing")
    assert approval.approver == u["leader"] and approval.approved and approval.decided_at
    services.clue_accept(actor=u["resident_team"], clue=clue)
    assert clue.status == ClueStatus.ACCEPTED


def test_rejected_routing_goes_back_to_the_register(people, new_clue):
    u = people.users
    clue = new_clue()
    services.clue_propose_routing(actor=u["case_management"], clue=clue, unit=people.units["team1"])
    services.clue_decide_routing(actor=u["leader"], clue=clue, approve=False, comment="改由二室")
    assert clue.status == ClueStatus.REGISTERED and clue.handling_unit is None


def test_only_the_assigned_unit_may_accept(people, new_clue):
    u = people.users
    clue = new_clue()
    services.clue_propose_routing(actor=u["case_management"], clue=clue, unit=people.units["team1"])
    services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
    with pytest.raises((DomainError, NotFound)):
        services.clue_accept(actor=u["township_commission"], clue=clue)


def test_letter_inquiry_reply_due_in_15_working_days_across_national_day(people, routed):
    u = people.users
    clue = routed()
    services.clue_propose_disposition(
        actor=u["resident_team"],
        clue=clue,
        disposition="inquiry",
        inquiry_mode="letter",
        reason="问题较为具体，先行函询",
    )
    assert clue.status == ClueStatus.DISPOSITION_PROPOSED
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    assert clue.status == ClueStatus.INQUIRY
    assert clue.deadlines.get(kind=ClueDeadlineKind.DISPOSITION).met_on == timezone.localdate()
    services.clue_inquiry_start(actor=u["resident_team"], clue=clue, on=date(2026, 9, 28))
    # 15 working days after Mon 2026-09-28: 9-29, 9-30 (2); National Day 10-1..7; 10-8,
    # 10-9, Sat 10-10 (make-up) (5); 10-12..16 (10); 10-19..23 (15) → 2026-10-23.
    assert open_deadline(clue, ClueDeadlineKind.INQUIRY_REPLY).due_on == date(2026, 10, 23)
    services.clue_inquiry_reply(actor=u["resident_team"], clue=clue, on=date(2026, 10, 20))
    assert open_deadline(clue, ClueDeadlineKind.INQUIRY_REPORT).due_on == date(2026, 11, 20)
    services.clue_inquiry_conclude(
        actor=u["resident_team"],
        clue=clue,
        outcome="first_form",
        finding="partly_true",
        measure_kind="first_talk_reminder",
        reason="反映问题部分属实，予以谈话提醒",
    )
    assert clue.status == ClueStatus.CLOSED and clue.close_kind == "after_check"
    measure = FirstFormMeasure.objects.get(clue=clue)
    assert measure.cadre == people.cadres["edu_head"] and measure.kind == "first_talk_reminder"


def test_inquiry_again_then_verification_then_case(people, routed):
    u = people.users
    clue = routed()
    services.clue_propose_disposition(
        actor=u["resident_team"],
        clue=clue,
        disposition="inquiry",
        inquiry_mode="talk",
        reason="谈话了解",
    )
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    today = timezone.localdate()
    services.clue_inquiry_start(actor=u["resident_team"], clue=clue, on=today, explanation=True)
    assert open_deadline(
        clue, ClueDeadlineKind.TALK_EXPLANATION
    ).due_on == calendar.add_working_days(today, 15)
    services.clue_inquiry_reply(actor=u["resident_team"], clue=clue, on=today)
    services.clue_inquiry_conclude(
        actor=u["resident_team"], clue=clue, outcome="inquire_again", reason="说明不清，再次谈话"
    )
    assert clue.status == ClueStatus.INQUIRY and clue.inquiry_round == 2
    # The second talk asks for no written explanation: it is concluded after the talk.
    services.clue_inquiry_start(actor=u["resident_team"], clue=clue, on=today)
    services.clue_inquiry_conclude(
        actor=u["resident_team"], clue=clue, outcome="verify", reason="需要初步核实"
    )
    assert clue.status == ClueStatus.VERIFICATION
    due = open_deadline(clue, ClueDeadlineKind.VERIFICATION).due_on
    assert due == calendar.add_months(today, 2)
    services.clue_verification_extend(actor=u["leader"], clue=clue, reason="涉及账目较多")
    # The extended period counts 2 + 1 months from the start ([条例] 285).
    assert open_deadline(clue, ClueDeadlineKind.VERIFICATION).due_on == calendar.add_months(
        today, 3
    )
    with pytest.raises(DomainError, match="只能延期一次"):
        services.clue_verification_extend(actor=u["leader"], clue=clue, reason="再延")
    services.clue_verification_conclude(
        actor=u["resident_team"],
        clue=clue,
        outcome="case",
        finding="true",
        reason="反映问题属实，拟立案",
    )
    assert clue.status == ClueStatus.PENDING_CASE


def test_verification_found_unfounded_closes_after_a_check(people, routed):
    u = people.users
    clue = routed()
    services.clue_propose_disposition(
        actor=u["resident_team"], clue=clue, disposition="verification", reason="线索具体", **PLAN
    )
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    services.clue_verification_conclude(
        actor=u["resident_team"],
        clue=clue,
        outcome="close",
        finding="unfounded",
        reason="反映失实",
    )
    assert (clue.status, clue.close_kind, clue.cleared) == (ClueStatus.CLOSED, "after_check", False)


def test_clearing_is_no_longer_a_flag_on_the_conclusion(people, routed):
    """澄清正名 is its own process ([检举控告规则] 50; ``test_clearing``): the former flag
    on the conclusion is refused with the way to do it, and nothing changes."""
    u = people.users
    clue = routed()
    services.clue_propose_disposition(
        actor=u["resident_team"], clue=clue, disposition="verification", reason="线索具体", **PLAN
    )
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    with pytest.raises(DomainError, match="澄清正名已改为单独的流程"):
        services.clue_verification_conclude(
            actor=u["resident_team"],
            clue=clue,
            outcome="close",
            finding="unfounded",
            cleared=True,
            reason="x",
        )
    clue.refresh_from_db()
    assert clue.status == ClueStatus.VERIFICATION


def test_shelving_schedules_a_review_and_can_be_redisposed(people, routed):
    u = people.users
    clue = routed()
    services.clue_propose_disposition(
        actor=u["resident_team"], clue=clue, disposition="shelve", reason="暂不具备核查条件"
    )
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    today = timezone.localdate()
    assert open_deadline(clue, ClueDeadlineKind.SHELVE_REVIEW).due_on == calendar.add_months(
        today, 6
    )
    services.clue_shelve_review(actor=u["resident_team"], clue=clue, note="仍不具备条件")
    assert clue.deadlines.filter(kind=ClueDeadlineKind.SHELVE_REVIEW).count() == 2
    services.clue_propose_disposition(
        actor=u["resident_team"], clue=clue, disposition="verification", reason="条件已具备", **PLAN
    )
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    assert clue.status == ClueStatus.VERIFICATION
    assert not clue.deadlines.filter(
        kind=ClueDeadlineKind.SHELVE_REVIEW, met_on__isnull=True
    ).exists()


def test_direct_close_and_transfer(people, routed):
    u = people.users
    clue = routed()
    with pytest.raises(DomainError, match="直接了结"):
        services.clue_propose_disposition(
            actor=u["resident_team"],
            clue=clue,
            disposition="close",
            close_kind="after_check",
            reason="x",
        )
    services.clue_propose_disposition(
        actor=u["resident_team"],
        clue=clue,
        disposition="close",
        close_kind="direct",
        reason="被反映人已去世",
    )
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    assert (clue.status, clue.close_kind) == (ClueStatus.CLOSED, "direct")
    other = routed()
    services.clue_propose_disposition(
        actor=u["resident_team"],
        clue=other,
        disposition="transfer",
        transferred_to="县教育局党组",
        reason="属于党组织处理范围",
    )
    services.clue_decide_disposition(actor=u["leader"], clue=other, approve=True)
    assert other.status == ClueStatus.TRANSFERRED


def test_the_handling_unit_cannot_approve_its_own_disposition(people, routed):
    u = people.users
    clue = routed()
    services.clue_propose_disposition(
        actor=u["resident_team"], clue=clue, disposition="shelve", reason="暂不具备核查条件"
    )
    with pytest.raises(PermissionDenied):
        services.clue_decide_disposition(actor=u["resident_team"], clue=clue, approve=True)


def test_a_proposer_cannot_approve_their_own_proposal(people, new_clue):
    leader = people.users["leader"]
    leader.role = "case_management"  # a leader acting as the register keeper proposes …
    clue = new_clue()
    services.clue_propose_routing(actor=leader, clue=clue, unit=people.units["team1"])
    leader.role = "leader"  # … and may not approve that same proposal
    with pytest.raises(DomainError, match="不能审批自己的意见"):
        services.clue_decide_routing(actor=leader, clue=clue, approve=True)
    services.clue_decide_routing(actor=people.users["leader2"], clue=clue, approve=True)
    assert clue.status == ClueStatus.ASSIGNED


ILLEGAL = [
    ("registered", "accept"),
    ("registered", "approve_routing"),
    ("registered", "propose_disposition"),
    ("registered", "inquiry_start"),
    ("routing_proposed", "propose_routing"),
    ("assigned", "propose_disposition"),
    ("accepted", "approve_disposition"),
    ("accepted", "inquiry_reply"),
    ("inquiry", "verification_conclude"),
    ("inquiry", "propose_disposition"),
    ("verification", "inquiry_conclude"),
    ("shelved", "verification_extend"),
    ("closed", "propose_disposition"),
    ("closed", "accept"),
    ("pending_case", "propose_disposition"),
    ("transferred", "shelve_review"),
]


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_illegal_transitions_are_refused_with_a_chinese_reason(status, action):
    with pytest.raises(IllegalTransition) as exc:
        rules.MACHINE.check(status, action)
    assert "不能" in exc.value.message and ClueStatus(status).label in exc.value.message


def test_every_action_is_illegal_from_every_state_not_listed():
    for action, (allowed, _) in rules.TRANSITIONS.items():
        for status in ClueStatus.values:
            if status in allowed:
                rules.MACHINE.check(status, action)
            else:
                with pytest.raises(IllegalTransition):
                    rules.MACHINE.check(status, action)


def test_outcomes_not_allowed_after_a_stage_are_refused():
    with pytest.raises(IllegalTransition, match="谈话函询后不能"):
        rules.outcome_target("inquiry", "case")
    with pytest.raises(IllegalTransition, match="初步核实后不能"):
        rules.outcome_target("verification", "inquire_again")


def test_illegal_service_call_changes_nothing(people, new_clue):
    clue = new_clue()
    before = Event.objects.count()
    with pytest.raises(IllegalTransition):
        services.clue_accept(actor=people.users["resident_team"], clue=clue)
    clue.refresh_from_db()
    assert clue.status == ClueStatus.REGISTERED and Event.objects.count() == before


def test_roles_without_the_capability_are_refused(people, new_clue):
    clue = new_clue()
    with pytest.raises(PermissionDenied):
        services.clue_propose_routing(
            actor=people.users["petition"], clue=clue, unit=people.units["team1"]
        )
    with pytest.raises(PermissionDenied):
        services.clue_create(
            actor=people.users["resident_team"],
            source="report",
            summary="x",
            received_on=timezone.localdate(),
            subject_name="某某",
        )


def test_a_unit_cannot_act_on_a_clue_outside_its_scope(people, routed):
    clue = routed()
    with pytest.raises(NotFound):
        services.clue_propose_disposition(
            actor=people.users["township_commission"], clue=clue, disposition="shelve", reason="x"
        )


def test_a_returned_clue_leaves_the_returning_unit(people, new_clue):
    u = people.users
    clue = new_clue()
    services.clue_propose_routing(actor=u["case_management"], clue=clue, unit=people.units["team2"])
    services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
    team2 = u["resident_team"].__class__.objects.create_user(
        username="t_team2b", password="x" * 12, role="resident_team", unit=people.units["team2"]
    )
    services.clue_return(actor=team2, clue=clue, reason="不属于本组监督范围")
    assert clue.status == ClueStatus.REGISTERED and clue.handling_unit is None


def test_unknown_categories_and_future_reply_dates_are_refused(people, new_clue, routed):
    with pytest.raises(DomainError, match="问题类别不存在"):
        services.clue_create(
            actor=people.users["case_management"],
            source="audit",
            summary="审计发现问题",
            received_on=timezone.localdate(),
            subject_name="某某",
            category_codes=["no_such"],
        )
    u = people.users
    clue = routed()
    services.clue_propose_disposition(
        actor=u["resident_team"],
        clue=clue,
        disposition="inquiry",
        inquiry_mode="letter",
        reason="函询",
    )
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    today = timezone.localdate()
    services.clue_inquiry_start(actor=u["resident_team"], clue=clue, on=today)
    with pytest.raises(DomainError, match="晚于今天"):
        services.clue_inquiry_reply(
            actor=u["resident_team"], clue=clue, on=today + timedelta(days=1)
        )


def test_only_the_handling_unit_handles_even_if_others_can_see(people, routed):
    # The first supervision office guides team 1 and sees its clues, but does not handle them.
    office = people.users["supervision_office"]
    office.role = "supervision_office"
    clue = routed()
    with pytest.raises(DomainError, match="只能由承办单位办理"):
        services.clue_propose_disposition(actor=office, clue=clue, disposition="shelve", reason="x")


def test_a_second_inquiry_round_needs_its_own_reply(people, routed):
    u = people.users
    clue = routed()
    services.clue_propose_disposition(
        actor=u["resident_team"],
        clue=clue,
        disposition="inquiry",
        inquiry_mode="letter",
        reason="函询",
    )
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    today = timezone.localdate()
    services.clue_inquiry_start(actor=u["resident_team"], clue=clue, on=today)
    services.clue_inquiry_reply(actor=u["resident_team"], clue=clue, on=today)
    services.clue_inquiry_conclude(
        actor=u["resident_team"], clue=clue, outcome="inquire_again", reason="再次函询"
    )
    services.clue_inquiry_start(actor=u["resident_team"], clue=clue, on=today)
    with pytest.raises(DomainError, match="本轮尚未收到回复"):
        services.clue_inquiry_conclude(
            actor=u["resident_team"], clue=clue, outcome="close", reason="x"
        )


def test_verification_needs_a_plan_and_a_team(people, routed):
    u = people.users
    clue = routed()
    with pytest.raises(DomainError, match="第三十三条"):
        services.clue_propose_disposition(
            actor=u["resident_team"], clue=clue, disposition="verification", reason="线索具体"
        )
    services.clue_propose_disposition(
        actor=u["resident_team"], clue=clue, disposition="verification", reason="线索具体", **PLAN
    )
    assert clue.verification_team == PLAN["verification_team"]
