"""Issue 12, items 10–12, through the services: execution counted from the decision,
appeals (复审 before 复核, their limits, separation from the original case, no heavier
government sanction, the influence period of a changed decision), several identical
government sanctions, and a party sanction inside a running party influence period.

Every date is worked out by hand on the 2026 calendar (chinesecalendar): Labour Day
05-01…05-05 with Saturday 05-09 worked; National Day 10-01…10-08 with Saturday 10-10
worked. Influence periods: the decision day is day 1, the last day is the day before the
corresponding day; rest days never move them."""

from datetime import date

import pytest

from jiandu.accounts.models import User
from jiandu.audit.models import Event
from jiandu.cases import rules, selectors, services
from jiandu.cases.models import Appeal, CaseDeadline, Decision
from jiandu.cases.rules import CaseDeadlineKind, Stage
from jiandu.core.errors import DomainError

pytestmark = pytest.mark.django_db
D = date


def track(case):
    return case.people.get()


@pytest.fixture
def decide(staff, new_case, advance, signer):
    """A case on the education bureau's head filed on ``on`` and decided on ``on`` with
    ``measures`` by the reviewer ``review``."""

    def make(on, measures, **kw):
        case = new_case(on=on)
        person = advance(track(case), Stage.REVIEW, on=on)
        signer(case, "review_report", staff.users["review"], person)
        services.case_decide(
            actor=staff.users["review"], person=person, on=on, measures=measures, **kw
        )
        person.refresh_from_db()
        return person

    return make


def serve(staff, signer, person, on):
    case, handler = person.case, staff.users["resident_team"]
    kinds = {rules.measure_kind(m) for m in services.current_measures(person)}
    if "party" in kinds:
        signer(case, "party_sanction_decision", handler, person)
    if "government" in kinds:
        signer(case, "gov_sanction_decision", handler, person)
    services.case_serve(actor=handler, person=person, on=on)
    person.refresh_from_db()
    return person


def summary(person):
    return selectors.person_summary(person, list(person.decisions.order_by("decided_on", "id")))


# --- item 10: execution from the decision ----------------------------------------------------


def test_execution_is_due_a_month_after_the_decision_not_after_service(
    staff, decide, signer, propose
):
    person = decide(D(2026, 4, 10), ["party_serious_warning", "gov_demerit"])
    serve(staff, signer, person, D(2026, 5, 8))
    deadline = CaseDeadline.objects.get(person=person, kind=CaseDeadlineKind.EXECUTION)
    # 2026-04-10 + 1 month = 05-10, a Sunday → Monday 05-11 (not 05-08 + 1 month = 06-08)
    assert deadline.started_on == D(2026, 4, 10)
    assert deadline.due_on == D(2026, 5, 11)
    # Extended to the six-month maximum, still from the decision: 10-10 is a Saturday
    # worked for National Day, so it stays (not 05-08 + 6 months = 11-08 Sunday → 11-09).
    propose(person.case, "execution_extension", person)
    services.case_extend_execution(
        actor=staff.users["leader"], person=person, months=6, reason="工资待遇变更手续"
    )
    deadline.refresh_from_db()
    assert deadline.due_on == D(2026, 10, 10)


# --- item 11: appeals ----------------------------------------------------------------------


@pytest.fixture
def review3(staff):
    return User.objects.create_user(
        username="t_review3", password="pw-12345678", role="review", unit=staff.units["review"]
    )


def test_the_original_reviewer_may_not_handle_the_appeal(staff, decide, signer):
    person = decide(D(2026, 3, 10), ["party_serious_warning", "gov_demerit"])
    serve(staff, signer, person, D(2026, 3, 12))
    with pytest.raises(DomainError, match="原案调查、审理人员不得参与复审复核"):
        services.case_appeal(
            actor=staff.users["review"],  # accepted the review and decided
            person=person,
            on=D(2026, 3, 20),
            kind="reexamination",
            reason="不服",
            received_on=D(2026, 3, 12),
        )
    # Another reviewer accepts; the original reviewer may not decide it either.
    services.case_appeal(
        actor=staff.users["review2"],
        person=person,
        on=D(2026, 3, 20),
        kind="reexamination",
        reason="不服",
        received_on=D(2026, 3, 12),
    )
    person.refresh_from_db()
    with pytest.raises(DomainError, match="第二百一十一条"):
        services.case_appeal_decide(
            actor=staff.users["review"], person=person, on=D(2026, 4, 1), upheld=True, reason="维持"
        )
    # The page does not offer the step to the original reviewer either.
    from jiandu.cases.steps import handles_appeal

    assert not handles_appeal(staff.users["review"], person)
    assert handles_appeal(staff.users["review2"], person)


def test_reexamination_then_recheck_with_their_own_limits(staff, decide, signer, review3):
    u = staff.users
    # Decided 2026-03-10 (Tue), served and received 03-12 (Thu).
    person = decide(D(2026, 3, 10), ["party_serious_warning", "gov_demerit"])
    serve(staff, signer, person, D(2026, 3, 12))
    # No 复核 without a 复审 decision.
    with pytest.raises(DomainError, match="尚无复审决定"):
        services.case_appeal(
            actor=u["review2"],
            person=person,
            on=D(2026, 3, 20),
            kind="recheck",
            reason="不服",
            received_on=D(2026, 3, 12),
        )
    # 复审: apply within 1 month of receipt — 03-12 + 1 month = 04-12, a Sunday → 04-13.
    with pytest.raises(DomainError, match="2026年4月13日") as late:
        services.case_appeal(
            actor=u["review2"],
            person=person,
            on=D(2026, 4, 14),
            kind="reexamination",
            reason="不服",
            received_on=D(2026, 3, 12),
        )
    assert "第二百一十条" in str(late.value)
    with pytest.raises(DomainError, match="请填写申请人收到处理决定的日期"):
        services.case_appeal(
            actor=u["review2"], person=person, on=D(2026, 4, 13), kind="reexamination", reason="x"
        )
    with pytest.raises(DomainError, match="不能早于其作出日期"):
        services.case_appeal(
            actor=u["review2"],
            person=person,
            on=D(2026, 4, 13),
            kind="reexamination",
            reason="x",
            received_on=D(2026, 3, 9),
        )
    services.case_appeal(
        actor=u["review2"],
        person=person,
        on=D(2026, 4, 13),
        kind="reexamination",
        reason="不服",
        received_on=D(2026, 3, 12),
    )
    # decided within 1 month of acceptance: 04-13 → 05-13 (Wednesday)
    appeal_deadline = CaseDeadline.objects.get(person=person, kind=CaseDeadlineKind.APPEAL)
    assert appeal_deadline.due_on == D(2026, 5, 13)
    person.refresh_from_db()
    services.case_appeal_decide(
        actor=u["review2"], person=person, on=D(2026, 5, 8), upheld=True, reason="事实清楚"
    )
    person.refresh_from_db()
    # A second 复审 is refused: the next step is the 复核.
    with pytest.raises(DomainError, match="已经申请过复审"):
        services.case_appeal(
            actor=review3,
            person=person,
            on=D(2026, 5, 12),
            kind="reexamination",
            reason="x",
            received_on=D(2026, 5, 11),
        )
    # 复核: received the 复审 decision 05-11 → apply by 06-11 (Thursday); 06-12 is late.
    with pytest.raises(DomainError, match="2026年6月11日"):
        services.case_appeal(
            actor=review3,
            person=person,
            on=D(2026, 6, 15),
            applied_on=D(2026, 6, 12),
            kind="recheck",
            reason="不服复审决定",
            received_on=D(2026, 5, 11),
        )
    # Received before the 复审 decision was made (05-08): refused.
    with pytest.raises(DomainError, match="复审决定的日期不能早于"):
        services.case_appeal(
            actor=review3,
            person=person,
            on=D(2026, 6, 15),
            applied_on=D(2026, 6, 11),
            kind="recheck",
            reason="x",
            received_on=D(2026, 5, 7),
        )
    # Whoever decided the 复审 does not handle the 复核.
    with pytest.raises(DomainError, match="第二百一十一条"):
        services.case_appeal(
            actor=u["review2"],
            person=person,
            on=D(2026, 6, 15),
            applied_on=D(2026, 6, 11),
            kind="recheck",
            reason="x",
            received_on=D(2026, 5, 11),
        )
    services.case_appeal(
        actor=review3,
        person=person,
        on=D(2026, 6, 15),
        applied_on=D(2026, 6, 11),
        kind="recheck",
        reason="不服复审决定",
        received_on=D(2026, 5, 11),
    )
    # decided within 2 months of acceptance: 06-15 → 08-15 (Saturday) → Monday 08-17
    running = CaseDeadline.objects.get(
        person=person, kind=CaseDeadlineKind.APPEAL, met_on__isnull=True
    )
    assert running.due_on == D(2026, 8, 17)
    appeals = list(Appeal.objects.filter(person=person).order_by("id"))
    assert [(a.kind, a.received_on, a.applied_on, a.accepted_on) for a in appeals] == [
        ("reexamination", D(2026, 3, 12), D(2026, 4, 13), D(2026, 4, 13)),
        ("recheck", D(2026, 5, 11), D(2026, 6, 11), D(2026, 6, 15)),
    ]
    assert appeals[0].upheld is True and appeals[0].decided_on == D(2026, 5, 8)
    person.refresh_from_db()
    services.case_appeal_decide(
        actor=review3, person=person, on=D(2026, 7, 1), upheld=True, reason="维持"
    )
    person.refresh_from_db()
    with pytest.raises(DomainError, match="最终决定"):
        services.case_appeal(
            actor=review3,
            person=person,
            on=D(2026, 7, 3),
            kind="recheck",
            reason="x",
            received_on=D(2026, 7, 2),
        )


def test_reexamination_may_not_make_the_government_sanction_heavier(staff, decide, signer):
    u = staff.users
    person = decide(D(2026, 3, 10), ["party_serious_warning", "gov_demerit"])
    serve(staff, signer, person, D(2026, 3, 12))
    services.case_appeal(
        actor=u["review2"],
        person=person,
        on=D(2026, 3, 20),
        kind="reexamination",
        reason="不服",
        received_on=D(2026, 3, 12),
    )
    person.refresh_from_db()
    # 记过 → 记大过: heavier
    with pytest.raises(DomainError, match="不得加重政务处分") as exc:
        services.case_appeal_decide(
            actor=u["review2"],
            person=person,
            on=D(2026, 4, 1),
            upheld=False,
            reason="情节严重",
            measures=["party_serious_warning", "gov_major_demerit"],
        )
    assert "第五十六条" in str(exc.value) and "记大过" in str(exc.value)
    # 记过 for two violations, combined 18 months: heavier than one 记过 (12 months)
    with pytest.raises(DomainError, match="不得加重政务处分"):
        services.case_appeal_decide(
            actor=u["review2"],
            person=person,
            on=D(2026, 4, 1),
            upheld=False,
            reason="两个违法行为",
            measures=["gov_demerit"],
            gov_count=2,
            gov_months=18,
        )
    assert person.decisions.get().superseded is False  # nothing changed
    # A lighter government sanction is accepted.
    services.case_appeal_decide(
        actor=u["review2"],
        person=person,
        on=D(2026, 4, 1),
        upheld=False,
        reason="情节较轻",
        measures=["party_serious_warning", "gov_warning"],
    )
    assert services.current_measures(person) == ["party_serious_warning", "gov_warning"]


def test_a_decision_changed_on_appeal_keeps_the_original_date_for_its_period(staff, decide, signer):
    u = staff.users
    person = decide(D(2026, 3, 10), ["party_serious_warning", "gov_demerit"])
    serve(staff, signer, person, D(2026, 3, 12))
    # before: 严重警告 18 months from 2026-03-10 → 2027-09-09
    assert summary(person)["period_end"] == D(2027, 9, 9)
    services.case_appeal(
        actor=u["review2"], person=person, on=D(2026, 3, 20), kind="party", reason="不服"
    )
    person.refresh_from_db()
    with pytest.raises(DomainError, match="影响期起算日"):
        services.case_appeal_decide(
            actor=u["review2"],
            person=person,
            on=D(2026, 5, 8),
            upheld=False,
            reason="改为警告",
            measures=["party_warning", "gov_warning"],
            period_from=D(2026, 3, 9),  # before the original decision
        )
    services.case_appeal_decide(
        actor=u["review2"],
        person=person,
        on=D(2026, 5, 8),
        upheld=False,
        reason="改为警告",
        measures=["party_warning", "gov_warning"],
    )
    new = Decision.objects.get(person=person, superseded=False)
    assert new.decided_on == D(2026, 5, 8) and new.period_from == D(2026, 3, 10)
    # 警告 12 months from 2026-03-10 → 2027-03-09 (政务警告 6 months → 2026-09-09);
    # counted from the appeal decision it would be 2027-05-07.
    assert summary(person)["period_end"] == D(2027, 3, 9)
    assert services.person_period_end(person) == D(2027, 3, 9)
    ends = {m["code"]: m["end"] for m in summary(person)["measures"]}
    assert ends == {"party_warning": D(2027, 3, 9), "gov_warning": D(2026, 9, 9)}


def test_a_changed_decision_may_state_its_own_start(staff, decide, signer):
    u = staff.users
    person = decide(D(2026, 3, 10), ["party_serious_warning"])
    serve(staff, signer, person, D(2026, 3, 12))
    services.case_appeal(
        actor=u["review2"], person=person, on=D(2026, 3, 20), kind="party", reason="不服"
    )
    person.refresh_from_db()
    services.case_appeal_decide(
        actor=u["review2"],
        person=person,
        on=D(2026, 5, 8),
        upheld=False,
        reason="撤销原决定，重新作出决定，影响期自本决定之日起计算",
        measures=["party_warning"],
        period_from=D(2026, 5, 8),
    )
    # 警告 12 months from 2026-05-08 → 2027-05-07
    assert summary(person)["period_end"] == D(2027, 5, 7)
    event = Event.objects.filter(action="cases.case.appeal_decide").latest("id")
    assert event.payload["period_from"] == "2026-05-08"


# --- item 12: several government sanctions; [处分条例] 21 ------------------------------------


def test_several_identical_government_sanctions_need_the_stated_combined_period(
    staff, new_case, advance, signer
):
    u = staff.users
    case = new_case(on=D(2026, 4, 10))
    person = advance(track(case), Stage.REVIEW, on=D(2026, 4, 10))
    signer(case, "review_report", u["review"], person)

    def decide_with(**kw):
        return services.case_decide(
            actor=u["review"], person=person, on=D(2026, 4, 10), measures=["gov_demerit"], **kw
        )

    with pytest.raises(DomainError, match="应当写明决定确定的政务处分期") as exc:
        decide_with(gov_count=2)
    assert exc.value.fields["gov_months"]
    # two 记过: between 12 (one period) and 24 (the sum) months
    with pytest.raises(DomainError, match="应在12个月至24个月之间"):
        decide_with(gov_count=2, gov_months=30)
    with pytest.raises(DomainError, match="法定的12个月"):
        decide_with(gov_months=18)
    decision = decide_with(gov_count=2, gov_months=18)
    assert (decision.gov_sanction_count, decision.gov_period_months) == (2, 18)
    person.refresh_from_db()
    # 18 months from 2026-04-10 → corresponding day 2027-10-10, last day 2027-10-09
    s = summary(person)
    assert s["period_end"] == D(2027, 10, 9)
    assert s["measures"][0]["end"] == D(2027, 10, 9) and s["measures"][0]["count"] == 2


def test_expulsion_twice_is_refused(staff, new_case, advance, signer):
    u = staff.users
    case = new_case(on=D(2026, 4, 10))
    person = advance(track(case), Stage.REVIEW, on=D(2026, 4, 10))
    signer(case, "review_report", u["review"], person)
    with pytest.raises(DomainError, match="撤职以下"):
        services.case_decide(
            actor=u["review"],
            person=person,
            on=D(2026, 4, 10),
            measures=["gov_expulsion"],
            gov_count=2,
            gov_months=48,
        )


def test_a_party_sanction_inside_a_running_party_period_adds_the_remainder(
    staff, decide, client_for
):
    """[处分条例] 21, across two cases on the same cadre."""
    first = decide(D(2026, 1, 15), ["party_warning"])  # → 2027-01-14
    assert summary(first)["period_end"] == D(2027, 1, 14)
    second = decide(D(2026, 6, 1), ["party_serious_warning", "gov_demerit"])
    assert first.cadre_id == second.cadre_id and first.case_id != second.case_id
    # 严重警告 from 2026-06-01: 18 months → 2027-11-30; the first period's unexpired
    # remainder 2026-06-01 … 2027-01-14 is 228 days → 2027-11-30 + 228 days = 2028-07-15
    # (记过 12 months → 2027-05-31 runs side by side and ends earlier).
    assert summary(second)["period_end"] == D(2028, 7, 15)
    assert services.person_period_end(second) == D(2028, 7, 15)
    # The earlier case is unchanged.
    assert summary(first)["period_end"] == D(2027, 1, 14)
    # The API and the case page read the same figure.
    client = client_for(staff.users["leader"])
    body = client.get(f"/api/cases/{second.case_id}/").json()
    assert body["people"][0]["influence_period_end"] == "2028-07-15"
    page = client.get(second.case.get_absolute_url()).content.decode()
    assert "2028年7月15日" in page
    # 回访 may be planned up to that day (the influence period), not after it.
    services.followup_schedule(
        actor=staff.users["resident_team"], person=second, planned_on=D(2028, 7, 15)
    )
    with pytest.raises(DomainError, match="影响期内"):
        services.followup_schedule(
            actor=staff.users["resident_team"], person=second, planned_on=D(2028, 7, 16)
        )


def test_a_government_sanction_inside_a_party_period_adds_nothing(staff, decide):
    decide(D(2026, 1, 15), ["party_warning"])  # → 2027-01-14
    second = decide(D(2026, 6, 1), ["gov_major_demerit"])
    # 记大过 18 months from 2026-06-01 → 2027-11-30, no party remainder added
    assert summary(second)["period_end"] == D(2027, 11, 30)


# --- the page: the decision and appeal forms carry the new fields ---------------------------


def test_the_page_records_several_identical_government_sanctions_and_an_appeal(
    staff, new_case, advance, signer, client_for
):
    from django.urls import reverse

    u = staff.users
    case = new_case(on=D(2026, 4, 10))
    person = advance(track(case), Stage.REVIEW, on=D(2026, 4, 10))
    signer(case, "review_report", u["review"], person)
    reviewer = client_for(u["review"])
    action = reverse("cases:case_action", args=(case.pk, "decide"))
    url = reverse("cases:case_detail", args=(case.pk,))
    form = {"person": person.pk, "on": "2026-04-10", "measures": ["gov_demerit"], "gov_count": 2}
    reviewer.post(action, {**form, "gov_months": 30})
    assert "应在12个月至24个月之间" in reviewer.get(url).content.decode()
    person.refresh_from_db()
    assert person.stage == Stage.REVIEW
    reviewer.post(action, {**form, "gov_months": 18})
    person.refresh_from_db()
    assert person.stage == Stage.DECIDED
    page = reviewer.get(url).content.decode()
    # 18 months from 2026-04-10 → 2027-10-09
    assert "（2个，合并处分期18个月）" in page and "2027年10月9日" in page
    person = serve(staff, signer, person, D(2026, 4, 13))
    # The appeal through the page, by a reviewer who took no part: 复审 received 04-13,
    # applied and accepted 04-20; changed on 05-08 to one 记过 — the period keeps 04-10.
    other = client_for(u["review2"])
    other.post(
        reverse("cases:case_action", args=(case.pk, "appeal")),
        {
            "person": person.pk,
            "on": "2026-04-20",
            "kind": "reexamination",
            "received_on": "2026-04-13",
            "reason": "不服",
        },
    )
    person.refresh_from_db()
    assert person.stage == Stage.APPEAL
    other.post(
        reverse("cases:case_action", args=(case.pk, "appeal_decide")),
        {
            "person": person.pk,
            "on": "2026-05-08",
            "upheld": "0",
            "measures": ["gov_demerit"],
            "reason": "只认定一个违法行为",
        },
    )
    person.refresh_from_db()
    assert person.stage == Stage.CLOSED
    page = other.get(url).content.decode()
    # one 记过 counted from 2026-04-10: 12 months → 2027-04-09
    assert "影响期自2026年4月10日起算" in page and "2027年4月9日" in page
