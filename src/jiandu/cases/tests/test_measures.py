"""Compulsory measures and safety timers, with hand-worked examples: the 24-hour notice
after 留置 ([监察法] 44; [条例] 98), the 24-hour report of a safety incident ([条例]
103), the measures of the 2025 监察法 (强制到案, 责令候查, 管护) and 留置's second
extension and recount ([监察法2024], policy defaults from 2025-06-01).

Every measure, extension, recount and withheld notice is approved by a leader deciding
the handling unit's proposal (呈批, ``propose``; ``rules.approvals``): without one it is
refused, and the leader's step is offered on the page only while the proposal waits.

Counting ([条例] 285): a period in hours starts at the next full hour; in days or months
the next day; 留置 and 管护 end on their date even on a holiday; 责令候查 rolls over.
2026 calendar used below (chinesecalendar): 劳动节 05-01–05-05 holidays; 国庆 10-01–
10-07 holidays, Saturday 10-10 a make-up working day; 2026-08-01 is a Saturday.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.cases import rules, services, steps
from jiandu.cases.models import CaseApproval
from jiandu.cases.rules import MeasureKind
from jiandu.cases.workbench import case_items
from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.core.models import PolicyValue

SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SH)


# --- pure rules: hand-worked ------------------------------------------------------------


def test_hours_start_at_the_next_full_hour():
    # 留置 announced Tuesday 2026-03-10 14:20: the hour 14 is not counted, the 24 hours
    # run from 15:00 → Wednesday 2026-03-11 15:00.
    assert rules.notice_due(at(2026, 3, 10, 14, 20)) == at(2026, 3, 11, 15)
    # Announced on the hour, 09:00: that hour is the starting hour → 10:00 + 24 h.
    assert rules.notice_due(at(2026, 3, 10, 9, 0)) == at(2026, 3, 11, 10)
    # An escape at 2026-03-12 08:10 → report up by 2026-03-13 09:00.
    assert rules.incident_report_due(at(2026, 3, 12, 8, 10)) == at(2026, 3, 13, 9)


def test_compelled_appearance_in_hours_holidays_do_not_matter():
    # 2026-05-01 20:30 (劳动节, a holiday): from 21:00, 12 hours → 05-02 09:00; when 管护
    # or 留置 may be needed, 24 hours → 05-02 21:00.
    assert rules.appearance_due(at(2026, 5, 1, 20, 30)) == at(2026, 5, 2, 9)
    assert rules.appearance_due(at(2026, 5, 1, 20, 30), needs_custody=True) == at(2026, 5, 2, 21)


def test_await_investigation_twelve_months_rolls_over_a_holiday():
    # 2025-10-03 + 12 months → 2026-10-03, a Saturday inside 国庆 (10-01–10-07) → the
    # first working day after: Thursday 2026-10-08.
    due = rules.await_due(date(2025, 10, 3))
    assert due == date(2026, 10, 8) and not due.provisional
    # 2025-06-30 + 12 months → Tuesday 2026-06-30, a working day.
    assert rules.await_due(date(2025, 6, 30)) == date(2026, 6, 30)


def test_custody_seven_days_ends_on_its_date_extension_one_to_three_days():
    # 管护 from Monday 2026-09-28: 7 days (start day not counted) → 2026-10-05, a 国庆
    # holiday; custody is not extended by holidays → ends 2026-10-05.
    first = rules.custody_due(date(2026, 9, 28))
    assert first == date(2026, 10, 5)
    # Extended by 3 days from 10-05 → 10-08; more than 3 is refused.
    assert rules.custody_extended_due(first, 3) == date(2026, 10, 8)
    with pytest.raises(DomainError, match="一至3日"):
        rules.custody_extended_due(first, 4)


def test_detention_three_plus_three_plus_two_never_moved_for_holidays():
    # 留置 from 2026-02-01: 3 months → 05-01 (劳动节, stays); extended 3 months →
    # 08-01 (Saturday, stays); second extension 2 months → 10-01 (国庆, stays): 8 months.
    first = rules.detention_due(date(2026, 2, 1))
    assert first == date(2026, 5, 1)
    extended = rules.detention_extended_due(first)
    assert extended == date(2026, 8, 1)
    assert rules.detention_second_extended_due(extended) == date(2026, 10, 1)


def test_detention_recount_is_three_months_from_the_discovery():
    # Another major offence found on 2026-06-15 → counted again: 3 months → 2026-09-15.
    assert rules.detention_recount_due(date(2026, 6, 15)) == date(2026, 9, 15)


def test_policy_defaults_seeded_from_the_day_the_law_is_in_force(db):
    for key, (value, unit, _label) in rules.MEASURE_POLICY.items():
        row = PolicyValue.objects.get(key=key)
        assert (row.value, row.unit, row.valid_from) == (value, unit, date(2025, 6, 1))
        assert "政策默认值" in row.source


# --- services, with a clock ------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """``timezone.now`` (and so ``localdate``) fixed at the time the test sets."""

    class Clock:
        now = at(2026, 1, 5, 9)

        def set(self, *args):
            self.now = at(*args)

    c = Clock()
    monkeypatch.setattr(timezone, "now", lambda: c.now)
    return c


@pytest.fixture
def investigating(staff, new_case, signer):
    """A supervision-law case filed on ``on``, its track under investigation."""
    u = staff.users

    def make(on):
        case = new_case(on=on)
        person = case.people.get()
        signer(case, "filing_decision", u["resident_team"], person)
        services.case_start_investigation(actor=u["resident_team"], person=person, on=on)
        person.refresh_from_db()
        return case, person

    return make


def test_detention_second_extension_and_recount(staff, clock, investigating, signer, propose):
    u = staff.users
    leader, team = u["leader"], u["resident_team"]
    clock.set(2026, 2, 1, 15)
    case, person = investigating(date(2026, 1, 20))
    signer(case, "detention_decision", team, person)
    propose(case, "detention", person)
    detention = services.detention_start(
        actor=leader, person=person, on=date(2026, 2, 1), at=time(14, 20)
    )
    # 2026-02-01 + 3 months → 05-01 (劳动节, not moved); notice by 02-02 15:00.
    assert detention.due_on == date(2026, 5, 1)
    assert detention.notice_due_at == at(2026, 2, 2, 15)

    def second(**kw):
        args = {"approval_ref": "国监批〔2026〕7号", "national_approval": True}
        return services.detention_second_extend(
            actor=leader, detention=detention, **{**args, "serious_offence": True, **kw}
        )

    propose(case, "detention_second_extension", person)
    with pytest.raises(DomainError, match="须先延长一次"):
        second()
    clock.set(2026, 4, 20, 10)
    signer(case, "detention_extension", team, person)
    propose(case, "detention_extension", person)
    services.detention_extend(actor=leader, detention=detention, approval_ref="市纪〔2026〕3号")
    detention.refresh_from_db()
    assert detention.due_on == date(2026, 8, 1)  # 05-01 + 3 months, a Saturday, not moved
    clock.set(2026, 7, 25, 10)
    with pytest.raises(DomainError, match="十年有期徒刑"):
        second(serious_offence=False)
    with pytest.raises(DomainError, match="国家监察委员会批准"):
        second(national_approval=False)
    with pytest.raises(DomainError, match="国家监察委员会批准"):
        second(approval_ref=" ")
    second()
    detention.refresh_from_db()
    assert detention.due_on == date(2026, 10, 1)  # 08-01 + 2 months: 国庆, not moved
    assert detention.second_extended and detention.serious_offence
    # The handling unit's proposal, decided by the leader: what was approved (national
    # approval) is the decision's comment, with the national commission's reference.
    approval = CaseApproval.objects.get(step="detention_second_extension")
    assert approval.approval_ref == "国监批〔2026〕7号" and "国家监察委员会" in approval.comment
    assert (approval.proposed_by, approval.approver, approval.approved) == (team, leader, True)
    with pytest.raises(DomainError, match="只能再延长一次"):
        second()

    # Another major offence found on 2026-09-05: counted again, 3 months → 2026-12-05.
    clock.set(2026, 9, 10, 10)

    def recount(on):
        return services.detention_recount(
            actor=leader,
            detention=detention,
            on=on,
            offence="另查明其受贿犯罪以外的挪用公款犯罪",
            approval_ref="市纪〔2026〕9号",
        )

    with pytest.raises(DomainError, match="不能晚于今天"):
        recount(date(2026, 9, 11))
    with pytest.raises(DomainError, match="没有待审批的“重新计算留置时间”呈批"):
        recount(date(2026, 9, 5))
    propose(case, "detention_recount", person)
    recount(date(2026, 9, 5))
    detention.refresh_from_db()
    assert detention.due_on == date(2026, 12, 5) and detention.recounted_on == date(2026, 9, 5)
    # The new period may be extended again (8 months, 16 with the recount) …
    assert not detention.extended and not detention.second_extended
    # … but the recount is once only.
    with pytest.raises(DomainError, match="只能重新计算一次"):
        recount(date(2026, 9, 8))
    actions = set(Event.objects.filter(object_id=str(case.pk)).values_list("action", flat=True))
    assert {"cases.case.second_extend_detention", "cases.case.recount_detention"} <= actions


def test_second_extension_refused_after_the_period_ended(
    staff, clock, investigating, signer, propose
):
    u = staff.users
    clock.set(2026, 2, 1, 15)
    case, person = investigating(date(2026, 1, 20))
    signer(case, "detention_decision", u["resident_team"], person)
    propose(case, "detention", person)
    detention = services.detention_start(actor=u["leader"], person=person, on=date(2026, 2, 1))
    clock.set(2026, 4, 20, 10)
    signer(case, "detention_extension", u["resident_team"], person)
    propose(case, "detention_extension", person)
    services.detention_extend(actor=u["leader"], detention=detention, approval_ref="市纪3号")
    clock.set(2026, 8, 2, 10)  # the extended period ended on 08-01
    propose(case, "detention_second_extension", person)  # proposed, yet too late
    with pytest.raises(DomainError, match="已届满"):
        services.detention_second_extend(
            actor=u["leader"],
            detention=detention,
            approval_ref="国监批7号",
            national_approval=True,
            serious_offence=True,
        )


def test_new_measures_only_from_1_june_2025(staff, clock, investigating, propose):
    clock.set(2025, 6, 2, 10)
    case, person = investigating(date(2025, 5, 20))
    leader = staff.users["leader"]
    propose(case, "await", person)
    with pytest.raises(DomainError, match="2025年6月1日"):
        services.measure_start(
            actor=leader, person=person, kind=MeasureKind.AWAIT, on=date(2025, 5, 31)
        )
    # 2025-06-01 + 12 months → Monday 2026-06-01.
    measure = services.measure_start(
        actor=leader, person=person, kind=MeasureKind.AWAIT, on=date(2025, 6, 1)
    )
    assert measure.due_on == date(2026, 6, 1) and measure.notice_due_at is None


def test_appearance_then_custody_then_await(staff, clock, investigating, client_for, propose):
    u = staff.users
    leader = u["leader"]
    clock.set(2026, 9, 28, 22)
    case, person = investigating(date(2026, 9, 1))
    with pytest.raises(DomainError, match="没有待审批的“采取强制到案措施”呈批"):
        services.measure_start(
            actor=leader, person=person, kind=MeasureKind.APPEARANCE, on=date(2026, 9, 28)
        )
    assert not person.detentions.exists()  # nothing written by the refused step
    propose(case, "appearance", person)
    with pytest.raises(DomainError):  # a handler does not approve a measure
        services.measure_start(
            actor=u["resident_team"],
            person=person,
            kind=MeasureKind.APPEARANCE,
            on=date(2026, 9, 28),
        )
    appearance = services.measure_start(
        actor=leader,
        person=person,
        kind=MeasureKind.APPEARANCE,
        on=date(2026, 9, 28),
        at=time(20, 30),
        approval_ref="主要负责人批准",
    )
    # 20:30 → from 21:00, 12 hours → 2026-09-29 09:00.
    assert appearance.due_at == at(2026, 9, 29, 9) and appearance.due_on == date(2026, 9, 29)
    propose(case, "custody", person)
    custody = services.measure_start(
        actor=leader,
        person=person,
        kind=MeasureKind.CUSTODY,
        on=date(2026, 9, 28),
        at=time(21, 30),
        place="县留置点",
    )
    appearance.refresh_from_db()
    assert appearance.released_on == date(2026, 9, 28)  # replaced by 管护
    # 09-28 + 7 days → 10-05 (国庆, not moved); notice by 09-29 22:00 (from 22:00 + 24 h).
    assert custody.due_on == date(2026, 10, 5)
    assert custody.notice_due_at == at(2026, 9, 29, 22)
    with pytest.raises(DomainError, match="正在管护中"):
        services.measure_start(
            actor=leader, person=person, kind=MeasureKind.CUSTODY, on=date(2026, 9, 28)
        )
    clock.set(2026, 10, 4, 10)
    propose(case, "custody_extension", person)
    with pytest.raises(DomainError, match="一至3日"):
        services.custody_extend(actor=leader, detention=custody, days=4, approval_ref="批")
    services.custody_extend(actor=leader, detention=custody, days=3, approval_ref="批")
    custody.refresh_from_db()
    assert custody.due_on == date(2026, 10, 8)
    with pytest.raises(DomainError, match="只能延长一次"):
        services.custody_extend(actor=leader, detention=custody, days=1, approval_ref="批")
    # Changed to 责令候查 on 10-04: 12 months → 2027-10-04, a year not on the calendar:
    # provisional. Only the 留置 ledger flag counts 留置.
    propose(case, "await", person)
    waiting = services.measure_start(
        actor=leader, person=person, kind=MeasureKind.AWAIT, on=date(2026, 10, 4)
    )
    custody.refresh_from_db()
    assert custody.released_on == date(2026, 10, 4)
    waiting.refresh_from_db()
    assert waiting.due_on == rules.await_due(date(2026, 10, 4)) and waiting.provisional
    # 责令候查 is not 留置: the ledger's 留置中 filter does not list the case.
    html = client_for(leader).get(reverse("cases:case_list"), {"detention": "true"})
    assert case.number not in html.content.decode()
    assert case.number in client_for(leader).get(reverse("cases:case_list")).content.decode()


def test_policy_value_changes_the_limit(staff, clock, investigating, propose):
    PolicyValue.objects.create(
        key="supervision.custody_days", value=5, unit="日", valid_from=date(2026, 9, 1), label="改"
    )
    clock.set(2026, 9, 28, 22)
    case, person = investigating(date(2026, 9, 1))
    propose(case, "custody", person)
    custody = services.measure_start(
        actor=staff.users["leader"], person=person, kind=MeasureKind.CUSTODY, on=date(2026, 9, 28)
    )
    assert custody.due_on == date(2026, 10, 3)  # 09-28 + 5 days, a holiday, not moved


def _labels(user):
    from jiandu.core.workbench import expand

    return [item.label for item in expand(case_items(user))]


def test_notice_timer_on_the_case_page_and_the_workbench(
    staff, clock, investigating, signer, client_for, propose
):
    u = staff.users
    team = u["resident_team"]
    clock.set(2026, 3, 10, 16)
    case, person = investigating(date(2026, 3, 2))
    signer(case, "detention_decision", team, person)
    propose(case, "detention", person)
    detention = services.detention_start(
        actor=u["leader"], person=person, on=date(2026, 3, 10), at=time(14, 20)
    )
    # Due 2026-03-11 15:00 (14:20 → from 15:00, 24 hours).
    [label] = [x for x in _labels(team) if "通知所在单位和家属" in x]
    assert "须于2026年3月11日15:00前" in label and "已超时" not in label
    url = reverse("cases:case_detail", args=(case.pk,))
    page = client_for(team).get(url).content.decode()
    assert 'data-testid="notice-timer" data-state="due_soon"' in page

    clock.set(2026, 3, 11, 16, 30)  # 1.5 hours past the due time
    [label] = [x for x in _labels(team) if "通知所在单位和家属" in x]
    assert "已超时" in label
    page = client_for(team).get(url).content.decode()
    assert 'data-testid="notice-timer" data-state="overdue"' in page

    # Withholding the notice is reported for approval: the handling unit does not
    # record it; a leader does, with the approval's reference.
    with pytest.raises(PermissionDenied):
        services.measure_notify(actor=team, detention=detention, withheld="可能串供")
    with pytest.raises(DomainError, match="报批"):
        services.measure_notify(actor=u["leader"], detention=detention, withheld="可能串供")
    with pytest.raises(DomainError, match="通知了谁"):
        services.measure_notify(actor=team, detention=detention, at=at(2026, 3, 11, 16, 10))
    services.measure_notify(
        actor=team,
        detention=detention,
        at=at(2026, 3, 11, 16, 10),
        notified_to="妻子李某、县教育局",
    )
    assert not [x for x in _labels(team) if "通知所在单位和家属" in x]
    page = client_for(team).get(url).content.decode()
    assert "notice-timer" not in page and "妻子李某、县教育局" in page
    event = Event.objects.filter(action="cases.case.notify").get()
    assert event.payload["late"] is True
    with pytest.raises(DomainError, match="已经通知过"):
        services.measure_notify(
            actor=team, detention=detention, at=at(2026, 3, 11, 16, 20), notified_to="单位"
        )


def test_notice_withheld_with_approval_stops_the_timer(
    staff, clock, investigating, signer, propose
):
    u = staff.users
    team, leader = u["resident_team"], u["leader"]
    clock.set(2026, 3, 10, 16)
    case, person = investigating(date(2026, 3, 2))
    signer(case, "detention_decision", team, person)
    propose(case, "detention", person)
    detention = services.detention_start(
        actor=leader, person=person, on=date(2026, 3, 10), at=time(14, 20)
    )
    withhold = {"withheld": "可能串供", "approval_ref": "县纪委监委批〔2026〕1号"}
    with pytest.raises(DomainError, match="没有待审批的“有碍调查暂不通知单位和家属”呈批"):
        services.measure_notify(actor=leader, detention=detention, **withhold)
    assert [x for x in _labels(team) if "通知所在单位和家属" in x]  # still owed
    propose(case, "notice_withheld", person)
    services.measure_notify(actor=leader, detention=detention, **withhold)
    approval = CaseApproval.objects.get(step="notice_withheld")
    assert (approval.proposed_by, approval.approver) == (team, leader)
    assert approval.approval_ref == "县纪委监委批〔2026〕1号"
    assert not [x for x in _labels(team) if "通知所在单位和家属" in x]
    # When the circumstance ends the notice is given and recorded.
    clock.set(2026, 3, 10, 17, 30)
    services.measure_notify(
        actor=team, detention=detention, at=at(2026, 3, 10, 17), notified_to="家属"
    )
    detention.refresh_from_db()
    assert detention.notified_to == "家属"


def test_safety_incident_reported_up_within_24_hours(
    staff, clock, investigating, signer, client_for, propose
):
    u = staff.users
    team = u["resident_team"]
    clock.set(2026, 3, 10, 16)
    case, person = investigating(date(2026, 3, 2))
    with pytest.raises(DomainError, match="没有被采取"):
        services.incident_record(
            actor=team,
            person=person,
            kind="escape",
            occurred_at=at(2026, 3, 10, 15),
            description="x",
        )
    signer(case, "detention_decision", team, person)
    propose(case, "detention", person)
    services.detention_start(actor=u["leader"], person=person, on=date(2026, 3, 10))
    clock.set(2026, 3, 12, 9)
    incident = services.incident_record(
        actor=team,
        person=person,
        kind="escape",
        occurred_at=at(2026, 3, 12, 8, 10),
        description="被留置人员趁看护人员交接时脱逃，已追回",
        principal_told_at=at(2026, 3, 12, 8, 30),
    )
    # 08:10 → from 09:00, 24 hours → 2026-03-13 09:00.
    assert incident.report_due_at == at(2026, 3, 13, 9)
    [label] = [x for x in _labels(team) if "逐级上报" in x]
    assert "须于2026年3月13日09:00前" in label
    url = reverse("cases:case_detail", args=(case.pk,))
    assert 'data-testid="incident-timer"' in client_for(team).get(url).content.decode()

    clock.set(2026, 3, 13, 10)
    [label] = [x for x in _labels(team) if "逐级上报" in x]
    assert "已超时" in label
    with pytest.raises(DomainError, match="上报至"):
        services.incident_report_up(
            actor=team, incident=incident, at=at(2026, 3, 13, 9, 30), reported_to=""
        )
    services.incident_report_up(
        actor=team, incident=incident, at=at(2026, 3, 13, 9, 30), reported_to="市纪委监委"
    )
    assert not [x for x in _labels(team) if "逐级上报" in x]
    page = client_for(team).get(url).content.decode()
    assert "incident-timer" not in page and "市纪委监委" in page
    assert Event.objects.get(action="cases.case.safety_incident_reported").payload["late"] is True
    with pytest.raises(DomainError, match="已经登记过"):
        services.incident_report_up(
            actor=team, incident=incident, at=at(2026, 3, 13, 9, 40), reported_to="市纪委监委"
        )


LEADER_MEASURE_STEPS = {
    "compel_appearance": "appearance",
    "take_custody": "custody",
    "order_await": "await",
    "detain": "detention",
    "extend_custody": "custody_extension",
    "extend_detention": "detention_extension",
    "second_extend_detention": "detention_second_extension",
    "recount_detention": "detention_recount",
    "withhold_notice": "notice_withheld",
}


def _offered(person):
    fresh = type(person).objects.get(pk=person.pk)  # no cached panel state
    return {s.name for s in steps.TRACK.steps if s.when is None or s.when(fresh)}


def test_steps_through_the_page(staff, clock, investigating, signer, client_for, propose):
    """The 呈批 step offers the new measures; a leader's measure step is offered while
    its proposal waits and fits the measure in force, and the page posts them."""
    u = staff.users
    clock.set(2026, 3, 10, 16)
    case, person = investigating(date(2026, 3, 2))
    url = reverse("cases:case_detail", args=(case.pk,))
    page = client_for(u["resident_team"]).get(url).content.decode()
    for step in LEADER_MEASURE_STEPS.values():
        assert f'<option value="{step}">' in page  # the 呈批 form offers every kind
    # Nothing proposed: the leader is offered no measure step.
    assert not set(LEADER_MEASURE_STEPS) & _offered(person)
    page = client_for(u["leader"]).get(url).content.decode()
    assert "compel_appearance" not in page
    leader = client_for(u["leader"])
    post = reverse("cases:case_action", args=(case.pk, "compel_appearance"))
    data = {"person": person.pk, "on": "2026-03-10", "at": "15:10", "needs_custody": "on"}
    response = leader.post(post, data, follow=True)
    assert "没有待审批的“采取强制到案措施”呈批" in response.content.decode()
    assert not person.detentions.exists()
    # Proposed through the page by the handling unit: the leader's page offers it.
    response = client_for(u["resident_team"]).post(
        reverse("cases:case_action", args=(case.pk, "propose")),
        {"person": person.pk, "step": "appearance"},
    )
    assert response.status_code == 302
    assert "compel_appearance" in _offered(person)
    assert "compel_appearance" in client_for(u["leader"]).get(url).content.decode()
    response = leader.post(post, data)
    assert response.status_code in (302, 303), response.content.decode()[:500]
    measure = person.detentions.get()
    assert measure.kind == MeasureKind.APPEARANCE and measure.due_at == at(2026, 3, 11, 16)
    # The proposal was decided: nothing of the leader's waits now.
    assert not set(LEADER_MEASURE_STEPS) & _offered(person)
    for step in ("custody", "await", "detention", "detention_extension", "custody_extension"):
        propose(case, step, person)
    names = _offered(person)
    assert {"take_custody", "order_await", "detain", "release", "record_incident"} <= names
    # Proposed, but not fitting the measure in force (强制到案): not offered.
    assert not {"compel_appearance", "extend_detention", "extend_custody"} & names
    assert not {"second_extend_detention", "recount_detention", "withhold_notice"} & names


def test_second_extension_through_the_api_needs_the_first(
    staff, clock, investigating, signer, client_for, propose
):
    u = staff.users
    clock.set(2026, 2, 1, 15)
    case, person = investigating(date(2026, 1, 20))
    signer(case, "detention_decision", u["resident_team"], person)
    propose(case, "detention", person)
    services.detention_start(actor=u["leader"], person=person, on=date(2026, 2, 1))
    propose(case, "detention_second_extension", person)
    body = {
        "person": person.pk,
        "serious_offence": True,
        "national_approval": True,
        "approval_ref": "国监批〔2026〕7号",
    }
    response = client_for(u["leader"]).post(
        f"/api/cases/{case.pk}/second_extend_detention/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "须先延长一次" in response.json()["message"]
    assert person.detentions.get().due_on == date(2026, 5, 1)
