"""The clocks of verification and of talks, on hand-worked dates (issue 12, items 6–7).

2026 calendar used below (State Council arrangement, bundled in chinesecalendar):
Labour Day off 5-1..5-5; Dragon Boat 6-19..6-21; National Day off 10-1..10-7 with the
make-up working Saturday 10-10 (and Sunday 9-20).

- Verification ([条例] 285): an approved extension counts the whole extended period
  from the verification's start; only the final last day moves off a rest day.
- Talks ([条例] 72; [规则] 30): a delegated talk is held within 15 working days of the
  delegate receiving the 委托函; the one-month report runs from the talk's date; a
  written explanation is optional and a talk without one can be concluded.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.clues import rules, services
from jiandu.clues.models import ClueDeadlineKind, ClueStatus
from jiandu.core.errors import DomainError

PLAN = {"verification_plan": "调取账目，询问有关人员", "verification_team": "王某（组长）、李某"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def today_is(monkeypatch):
    """Freeze "today" (``timezone.localdate()`` without an argument) at a given date."""
    real = timezone.localdate

    def freeze(day: date) -> None:
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return freeze


def running(clue, kind):
    return clue.deadlines.get(kind=kind, met_on__isnull=True)


def dispose(people, clue, **proposal):
    u = people.users
    services.clue_propose_disposition(actor=u["resident_team"], clue=clue, **proposal)
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)


# --- item 6: the verification extension ---------------------------------------------------


@pytest.mark.parametrize(
    ("started", "months", "extension", "expected"),
    [
        # 2 months from 8-01 → 10-01, National Day → first working day 10-08.
        (date(2026, 8, 1), 2, 0, date(2026, 10, 8)),
        # Extended: 3 months from 8-01 → 11-01, a Sunday → Monday 11-02 (not 10-08 + 1
        # month = 11-08, a Sunday → 11-09).
        (date(2026, 8, 1), 2, 1, date(2026, 11, 2)),
        # 2 months from 7-31 → 9-30, a Wednesday: stays. Extended: 3 months → 10-31, a
        # Saturday → Monday 11-02 (not 9-30 + 1 month = Friday 10-30).
        (date(2026, 7, 31), 2, 0, date(2026, 9, 30)),
        (date(2026, 7, 31), 2, 1, date(2026, 11, 2)),
    ],
)
def test_verification_period_counts_from_its_start(started, months, extension, expected):
    assert rules.verification_due(started, months, extension) == expected


def test_extension_counts_three_months_from_the_original_start(people, routed, today_is):
    u = people.users
    today_is(date(2026, 7, 30))
    clue = routed(received_on=date(2026, 7, 20))
    services.clue_propose_disposition(
        actor=u["resident_team"], clue=clue, disposition="verification", reason="线索具体", **PLAN
    )
    today_is(date(2026, 8, 1))  # the leader approves on Saturday 8-01: the clock starts
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    deadline = running(clue, ClueDeadlineKind.VERIFICATION)
    # 2 months: 10-01 is National Day → 10-08.
    assert (deadline.started_on, deadline.due_on) == (date(2026, 8, 1), date(2026, 10, 8))

    today_is(date(2026, 9, 25))
    services.clue_verification_extend(actor=u["leader"], clue=clue, reason="涉及账目较多")
    deadline.refresh_from_db()
    # 3 months from 8-01 → Sunday 11-01 → Monday 11-02; the start stays 8-01.
    assert (deadline.started_on, deadline.due_on) == (date(2026, 8, 1), date(2026, 11, 2))
    assert deadline.due_on != date(2026, 11, 9)  # the compounded date (10-08 + 1 month, rolled)
    event = Event.objects.get(action="clues.clue.verification_extend", object_id=str(clue.pk))
    assert event.payload["due"] == "2026-11-02"


def test_a_new_verification_of_a_shelved_clue_may_be_extended_again(people, routed, today_is):
    u = people.users
    today_is(date(2026, 3, 2))
    clue = routed(received_on=date(2026, 3, 2))
    dispose(people, clue, disposition="verification", reason="线索具体", **PLAN)
    services.clue_verification_extend(actor=u["leader"], clue=clue, reason="外调")
    today_is(date(2026, 5, 20))
    services.clue_verification_conclude(
        actor=u["resident_team"],
        clue=clue,
        outcome="shelve",
        finding="unverifiable",
        reason="条件暂不具备，暂存待查",
    )
    assert clue.status == ClueStatus.SHELVED
    today_is(date(2026, 9, 1))
    dispose(people, clue, disposition="verification", reason="发现新线索", **PLAN)
    clue.refresh_from_db()
    assert clue.status == ClueStatus.VERIFICATION and not clue.verification_extended
    today_is(date(2026, 10, 20))
    services.clue_verification_extend(actor=u["leader"], clue=clue, reason="仍需外调")
    # The second verification started Tuesday 9-01: 3 months → Tuesday 12-01.
    assert running(clue, ClueDeadlineKind.VERIFICATION).due_on == date(2026, 12, 1)


# --- item 7: talks and delegated talks -----------------------------------------------------


def test_a_delegated_talks_clock_starts_when_the_letter_of_delegation_arrives(
    people, routed, today_is
):
    u = people.users
    team = u["resident_team"]
    today_is(date(2026, 9, 24))
    clue = routed(received_on=date(2026, 9, 21))
    dispose(people, clue, disposition="inquiry", inquiry_mode="delegated_talk", reason="委托谈话")
    # Recorded on 9-30; the delegate received the 委托函 on Monday 9-28.
    today_is(date(2026, 9, 30))
    services.clue_inquiry_start(actor=team, clue=clue, on=date(2026, 9, 28))
    talk = running(clue, ClueDeadlineKind.DELEGATED_TALK)
    # 15 working days from Mon 9-28: 9-29, 9-30 (2); National Day 10-1..7; 10-8, 10-9,
    # Sat 10-10 (make-up) (5); 10-12..16 (10); 10-19..23 (15) → Friday 10-23.
    assert (talk.started_on, talk.due_on) == (date(2026, 9, 28), date(2026, 10, 23))
    assert "收到委托函后15个工作日内" in talk.basis
    assert not clue.deadlines.filter(kind=ClueDeadlineKind.INQUIRY_REPORT).exists()
    with pytest.raises(DomainError, match="委托谈话尚未进行"):
        services.clue_inquiry_conclude(actor=team, clue=clue, outcome="close", reason="x")
    with pytest.raises(DomainError, match="不能早于受托人收到委托函"):
        services.clue_inquiry_talk(actor=team, clue=clue, on=date(2026, 9, 25))

    # The talk was held Tuesday 10-20 and recorded on Monday 11-02.
    today_is(date(2026, 11, 2))
    services.clue_inquiry_talk(actor=team, clue=clue, on=date(2026, 10, 20))
    talk.refresh_from_db()
    assert talk.met_on == date(2026, 10, 20)
    report = running(clue, ClueDeadlineKind.INQUIRY_REPORT)
    # [规则] 30: 1 month from the talk (10-20) → Friday 11-20; not from the recording
    # (11-02 + 1 month = Wednesday 12-02).
    assert (report.started_on, report.due_on) == (date(2026, 10, 20), date(2026, 11, 20))
    services.clue_inquiry_conclude(
        actor=team, clue=clue, outcome="close", finding="unfounded", reason="反映不实，予以采信了结"
    )
    assert clue.status == ClueStatus.CLOSED and clue.close_kind == "after_check"


def test_a_talk_without_a_written_explanation_is_concluded_after_the_talk(people, routed, today_is):
    u = people.users
    team = u["resident_team"]
    today_is(date(2026, 4, 20))
    clue = routed(received_on=date(2026, 4, 15))
    dispose(people, clue, disposition="inquiry", inquiry_mode="talk", reason="谈话了解")
    # Talked on Thursday 4-30, recorded after Labour Day on Wednesday 5-06.
    today_is(date(2026, 5, 6))
    services.clue_inquiry_start(actor=team, clue=clue, on=date(2026, 4, 30))
    report = running(clue, ClueDeadlineKind.INQUIRY_REPORT)
    # 1 month from 4-30 → Saturday 5-30 → Monday 6-01 (not 5-06 + 1 month = Saturday
    # 6-06 → Monday 6-08).
    assert (report.started_on, report.due_on) == (date(2026, 4, 30), date(2026, 6, 1))
    assert not clue.deadlines.filter(kind=ClueDeadlineKind.TALK_EXPLANATION).exists()
    with pytest.raises(DomainError, match="未要求书面说明"):
        services.clue_inquiry_reply(actor=team, clue=clue, on=date(2026, 5, 6))
    with pytest.raises(DomainError, match="已经开始"):
        services.clue_inquiry_start(actor=team, clue=clue, on=date(2026, 5, 6))
    services.clue_inquiry_conclude(
        actor=team, clue=clue, outcome="close", finding="unfounded", reason="说明清楚，予以了结"
    )
    assert clue.status == ClueStatus.CLOSED
    assert running_count(clue) == 0


def running_count(clue) -> int:
    return clue.deadlines.filter(met_on__isnull=True).count()


def test_a_written_explanation_asked_for_does_not_move_the_report(people, routed, today_is):
    u = people.users
    team = u["resident_team"]
    today_is(date(2026, 9, 24))
    clue = routed(received_on=date(2026, 9, 21))
    dispose(people, clue, disposition="inquiry", inquiry_mode="talk", reason="谈话了解")
    today_is(date(2026, 9, 29))
    services.clue_inquiry_start(actor=team, clue=clue, on=date(2026, 9, 28), explanation=True)
    # Explanation: 15 working days from Mon 9-28 → 10-23 (worked out above).
    assert running(clue, ClueDeadlineKind.TALK_EXPLANATION).due_on == date(2026, 10, 23)
    # Report: 1 month from the talk 9-28 → Wednesday 10-28.
    assert running(clue, ClueDeadlineKind.INQUIRY_REPORT).due_on == date(2026, 10, 28)
    today_is(date(2026, 10, 21))
    with pytest.raises(DomainError, match="请先登记收到书面说明"):
        services.clue_inquiry_conclude(actor=team, clue=clue, outcome="close", reason="x")
    services.clue_inquiry_reply(actor=team, clue=clue, on=date(2026, 10, 20))
    # Still from the talk: 10-28, not 1 month from the explanation (11-20).
    report = running(clue, ClueDeadlineKind.INQUIRY_REPORT)
    assert (report.started_on, report.due_on) == (date(2026, 9, 28), date(2026, 10, 28))
    assert clue.deadlines.filter(kind=ClueDeadlineKind.INQUIRY_REPORT).count() == 1
    services.clue_inquiry_conclude(
        actor=team, clue=clue, outcome="verify", reason="说明存在明显问题，转初步核实"
    )
    assert clue.status == ClueStatus.VERIFICATION


def test_the_page_walks_a_delegated_talk(client_for, people, routed, today_is):
    u = people.users
    today_is(date(2026, 9, 24))
    clue = routed(received_on=date(2026, 9, 21))
    dispose(people, clue, disposition="inquiry", inquiry_mode="delegated_talk", reason="委托谈话")
    today_is(date(2026, 11, 2))
    client = client_for(u["resident_team"])
    detail = reverse("clues:clue_detail", args=(clue.pk,))
    html = client.get(detail).content.decode()
    assert 'data-testid="form-inquiry_start"' in html and "受托人收到委托函日期" in html
    assert 'name="explanation"' not in html  # only the commission's own talk asks for one

    def act(name, data):
        url = reverse("clues:clue_action", args=(clue.pk, name))
        return client.post(url, data, follow=True).content.decode()

    html = act("inquiry_start", {"on": "2026-09-28"})
    assert "受托人收到委托函：2026年9月28日" in html  # on the timeline
    assert 'data-kind="delegated_talk"' in html and "2026年10月23日" in html
    assert 'data-testid="form-inquiry_talk"' in html
    assert 'data-testid="form-inquiry_conclude"' not in html
    html = act("inquiry_talk", {"on": "2026-10-20"})
    assert "谈话日期：2026年10月20日" in html
    assert "2026年11月20日" in html  # the report: 1 month from the talk
    assert 'data-testid="form-inquiry_conclude"' in html


def test_the_api_takes_a_talk_with_or_without_explanation(client_for, people, routed, today_is):
    u = people.users
    today_is(date(2026, 4, 20))
    clue = routed(received_on=date(2026, 4, 15))
    dispose(people, clue, disposition="inquiry", inquiry_mode="talk", reason="谈话了解")
    today_is(date(2026, 5, 6))
    client = client_for(u["resident_team"])
    r = client.post(
        f"/api/clues/{clue.pk}/inquiry_start/",
        {"on": "2026-04-30"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content.decode()
    kinds = {d["kind"]: d["due_on"] for d in r.json()["deadlines"] if d["met_on"] is None}
    assert kinds == {ClueDeadlineKind.INQUIRY_REPORT: "2026-06-01"}  # worked out above
    r = client.post(
        f"/api/clues/{clue.pk}/inquiry_talk/", {"on": "2026-05-06"}, content_type="application/json"
    )
    assert r.status_code == 400 and "委托谈话" in r.json()["message"]
