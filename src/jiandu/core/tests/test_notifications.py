"""The notification centre (``core.notifications``): scope, once per key, immediate and
daily digest delivery through the channels, the triggers, the daily jobs with frozen
dates, and the pages (bell count, mark read, scoping)."""

from __future__ import annotations

from datetime import date, datetime, time
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.core import notifications, urging
from jiandu.core.models import DailyRun, Delivery, Notification, NotificationPreference
from jiandu.core.testing import Page, PageContract
from jiandu.core.tests.test_urging import LONG_AGO, TODAY, open_case, routed_clue

DELIVERED: list[tuple[str, int, bool]] = []


def recording_channel(user, rows, *, digest):
    """A test channel: what a deployment's e-mail or SMS channel would receive."""
    DELIVERED.append((user.username, len(rows), digest))


def failing_channel(user, rows, *, digest):
    raise RuntimeError("gateway down")


@pytest.fixture(autouse=True)
def _frozen(monkeypatch, settings):
    now = timezone.make_aware(datetime.combine(TODAY, time(10, 0)))
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: TODAY)
    monkeypatch.setattr(timezone, "now", lambda: now)
    settings.JIANDU_NOTIFICATION_CHANNELS = [
        "jiandu.core.notifications.in_app",
        "jiandu.core.tests.test_notifications.failing_channel",
        "jiandu.core.tests.test_notifications.recording_channel",
    ]
    DELIVERED.clear()


@pytest.fixture
def users(county):
    from jiandu.accounts.models import User

    county.users["team2"] = User.objects.create_user(
        username="t_team2", password="pw-12345678", role="resident_team", unit=county.units["team2"]
    )
    return county.users


@pytest.fixture
def ctx(county, users):
    case = open_case(county, on=LONG_AGO)
    mine = notifications.notify(
        users=[users["resident_team"]],
        kind="urge",
        title="催办：案件",
        url=case.get_absolute_url(),
        target=case,
    )[0]
    other = notifications.notify(users=[users["team2"]], kind="assigned", title="别的单位的通知")[0]
    return SimpleNamespace(county=county, case=case, notification=mine, other=other)


# --- notify ---------------------------------------------------------------------------------


def test_only_users_who_may_see_the_object_are_notified(ctx, users):
    made = notifications.notify(
        users=[users["resident_team"], users["team2"], users["petition"], users["leader"]],
        kind="deadline",
        title="即将到期",
        target=ctx.case,
    )
    assert {n.user for n in made} == {users["resident_team"], users["leader"]}


def test_a_key_notifies_each_user_once(ctx, users):
    for _ in range(2):
        notifications.notify(users=[users["leader"]], kind="deadline", title="x", key="k1")
    assert Notification.objects.filter(user=users["leader"], key="k1").count() == 1


def test_immediate_delivery_hands_each_notification_to_the_channels(
    users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(users=[users["leader"]], kind="urge", title="催办")
    # the failing channel is logged and does not stop the next one
    assert DELIVERED == [("t_leader", 1, False)]
    assert notifications.unread_count(user=users["leader"]) == 1


def test_a_digest_user_gets_everything_once_a_day(users, django_capture_on_commit_callbacks):
    leader = users["leader"]
    notifications.preference_set(actor=leader, delivery=Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(users=[leader], kind="urge", title="催办一")
        notifications.notify(users=[leader], kind="approval", title="待审批二")
    assert DELIVERED == []
    assert notifications.unread_count(user=leader) == 0  # kept for the digest
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.digest_deliver() == 2
    assert DELIVERED == [("t_leader", 2, True)]
    assert notifications.unread_count(user=leader) == 2
    assert notifications.digest_deliver() == 0


def test_switching_back_to_immediate_delivers_what_was_kept(users):
    leader = users["leader"]
    notifications.preference_set(actor=leader, delivery=Delivery.DIGEST)
    notifications.notify(users=[leader], kind="urge", title="催办")
    notifications.preference_set(actor=leader, delivery=Delivery.IMMEDIATE)
    assert notifications.unread_count(user=leader) == 1


# --- the triggers ---------------------------------------------------------------------------


def test_a_proposal_notifies_who_decides_it_and_assignment_the_unit(county, users):
    clue = routed_clue(county, received_on=date(2026, 2, 20))
    approval = Notification.objects.filter(kind="approval").order_by("id")
    # the routing proposal of 案管室 waits for the leaders
    assert {n.user.role for n in approval} == {"leader"}
    assert all(clue.number in n.title for n in approval)
    assigned = Notification.objects.get(kind="assigned")
    assert assigned.user == users["resident_team"] and clue.number in assigned.title


def test_a_reporter_message_tells_the_petition_office_only_the_number(users):
    from jiandu.intake import services

    report, _code = services.report_submit_portal(
        content="某局长违规收受礼金，多次在酒店接受宴请。", is_named=False
    )
    services.message_from_reporter(report=report, body="补充：时间是上周五")
    rows = Notification.objects.filter(kind="reply")
    assert {n.user for n in rows} == {users["petition"]}
    assert rows.get().title == f"举报人留言：{report.number}"
    assert "补充" not in rows.get().text


# --- the daily jobs -------------------------------------------------------------------------


def test_deadline_reminders_once_per_item_and_user(county, users):
    from jiandu.clues.models import ClueDeadline

    clue = routed_clue(county, received_on=date(2026, 2, 20))
    deadline = ClueDeadline.objects.filter(clue=clue, met_on__isnull=True).get()
    deadline.due_on = date(2026, 3, 5)  # within 5 working days of Monday 2 March
    deadline.save(update_fields=["due_on"])
    assert urging.deadline_reminders(today=TODAY) == 1
    reminder = Notification.objects.get(kind="deadline")
    assert reminder.user == users["resident_team"] and clue.number in reminder.title
    assert urging.deadline_reminders(today=TODAY) == 0  # once
    deadline.due_on = date(2026, 3, 20)  # far off: nothing
    deadline.save(update_fields=["due_on"])
    Notification.objects.filter(kind="deadline").delete()
    assert urging.deadline_reminders(today=TODAY) == 0


def test_the_daily_jobs_run_once_a_day(users, django_capture_on_commit_callbacks):
    early = timezone.make_aware(datetime.combine(TODAY, time(6, 0)))
    assert notifications.digest_daily(today=TODAY, now=early) is False
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.digest_daily(today=TODAY) is True
        assert urging.deadlines_daily(today=TODAY) is True
    assert notifications.digest_daily(today=TODAY) is False
    assert urging.deadlines_daily(today=TODAY) is False
    assert DailyRun.objects.count() == 2


# --- the pages ------------------------------------------------------------------------------


def test_the_bell_shows_the_unread_count(ctx, users, client):
    client.force_login(users["resident_team"])
    html = client.get(reverse("core:notification_bell")).content.decode()
    assert 'data-testid="bell-count">1<' in html
    page = client.get(reverse("core:workbench")).content.decode()
    assert reverse("core:notification_bell") in page  # loaded by htmx


def test_opening_marks_read_and_lands_on_the_object(ctx, users, client):
    client.force_login(users["resident_team"])
    url = reverse("core:notification_open", args=(ctx.notification.pk,))
    response = client.post(url, {"go": "1"})
    assert response["Location"] == ctx.case.get_absolute_url()
    ctx.notification.refresh_from_db()
    assert ctx.notification.read_at is not None
    html = client.get(reverse("core:notification_bell")).content.decode()
    assert "bell-count" not in html


def test_mark_all_read(ctx, users, client):
    notifications.notify(users=[users["resident_team"]], kind="assigned", title="第二条")
    client.force_login(users["resident_team"])
    client.post(reverse("core:notification_read_all"))
    assert notifications.unread_count(user=users["resident_team"]) == 0
    assert notifications.unread_count(user=users["team2"]) == 1  # another user's untouched


def test_a_notification_out_of_sight_shows_neither_title_nor_link(ctx, users, client):
    # The case goes to team 2: team 1 may no longer open it.
    type(ctx.case).objects.filter(pk=ctx.case.pk).update(lead_unit=ctx.county.units["team2"])
    client.force_login(users["resident_team"])
    html = client.get(reverse("core:notification_list")).content.decode()
    assert "催办：案件" not in html and ctx.case.get_absolute_url() not in html
    assert "（无权查看）" in html
    response = client.post(
        reverse("core:notification_open", args=(ctx.notification.pk,)), {"go": "1"}
    )
    assert response["Location"] == reverse("core:notification_list")


def test_the_settings_page_saves_the_choice(users, client):
    client.force_login(users["leader"])
    client.post(reverse("core:notification_settings"), {"delivery": "digest"})
    assert NotificationPreference.objects.get(user=users["leader"]).delivery == "digest"
    html = client.get(reverse("core:notification_settings")).content.decode()
    assert "每日汇总" in html and "即时提醒" in html


class TestPages(PageContract):
    pages = [
        Page("core:notification_list", allowed="resident_team", max_queries=15),
        Page("core:notification_bell", allowed="resident_team", max_queries=8),
        Page(
            "core:notification_settings",
            allowed="resident_team",
            data=lambda ctx: {"delivery": "digest"},
            audit="core.notification.preference",
        ),
        Page("core:notification_read_all", get=False, allowed="resident_team"),
        Page(
            "core:notification_open",
            args=lambda ctx: (ctx.notification.pk,),
            get=False,
            allowed="resident_team",
            hidden=lambda ctx: (ctx.other.pk,),
        ),
    ]
