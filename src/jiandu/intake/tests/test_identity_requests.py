"""Reporter identity outside the petition office: only through an identity-access request
(a written reason, approved by a leader or the 信访室 head, never the requester), read
once within the window, each step an audit event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from jiandu.accounts.models import User
from jiandu.accounts.twofactor import demo_enrol
from jiandu.audit.models import Event, ReadLog
from jiandu.core.errors import DomainError, IllegalTransition, NotFound
from jiandu.intake import identity_rules as rules
from jiandu.intake import identity_services as svc
from jiandu.intake import services
from jiandu.intake.models import IdentityAccessRequest, IdentityRequestStatus

pytestmark = pytest.mark.django_db

REASON = "核查中需向实名举报人了解具体收受礼金的时间和地点。"
SECRETS = ("钱举报", "13900000000")


@pytest.fixture
def report(county):
    return services.report_register(
        actor=county.users["petition"],
        channel="letter",
        received_at=timezone.now() - timedelta(days=1),
        content="反映测试县教育局局长张伟在学校食堂承包中收受商人礼金两万元。",
        is_named=True,
        reporter={"name": "钱举报", "phone": "13900000000"},
        subjects=[{"name": "张伟", "unit_text": "测试县教育局"}],
        unit_text="测试县教育局",
    )


@pytest.fixture
def users(county):
    u = county.users
    u["leader2"] = User.objects.create_user(
        username="t_leader2", password="x-unused-x", role="leader", unit=county.units["commission"]
    )
    u["petition_head"] = User.objects.create_user(
        username="t_petition_head",
        password="x-unused-x",
        role="petition",
        unit=county.units["petition"],
        is_unit_head=True,
    )
    return u


# --- rules ---------------------------------------------------------------------------------


def test_state_machine_and_window():
    assert rules.MACHINE.check(rules.PENDING, "approve") == rules.APPROVED
    assert rules.MACHINE.check(rules.APPROVED, "read") == rules.READ
    for step, state in [
        ("read", rules.PENDING),
        ("read", rules.READ),
        ("read", rules.REFUSED),
        ("approve", rules.APPROVED),
        ("refuse", rules.READ),
        ("withdraw", rules.READ),
    ]:
        with pytest.raises(IllegalTransition):
            rules.MACHINE.check(state, step)
    approved = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    end = rules.expires_at(approved)
    assert end == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert not rules.is_expired(rules.APPROVED, end, end - timedelta(seconds=1))
    assert rules.is_expired(rules.APPROVED, end, end)
    assert rules.display_status(rules.APPROVED, end, end) == "已过期"
    assert not rules.is_expired(rules.READ, end, end + timedelta(days=1))


# --- services ------------------------------------------------------------------------------


def test_request_approve_read_once_each_step_audited(users, report):
    team = users["resident_team"]
    with pytest.raises(DomainError, match="至少10个字"):
        svc.identity_request_create(actor=team, report=report, reason="需要")
    request = svc.identity_request_create(actor=team, report=report, reason=REASON)
    with pytest.raises(DomainError, match="已有待审批"):
        svc.identity_request_create(actor=team, report=report, reason=REASON)
    with pytest.raises(IllegalTransition):
        svc.identity_request_read(actor=team, request=request)  # not approved yet
    with pytest.raises(DomainError):
        svc.identity_request_decide(actor=team, request=request, approve=True)  # no right
    with pytest.raises(DomainError):  # the petition office's staff are not approvers
        svc.identity_request_decide(actor=users["petition"], request=request, approve=True)
    svc.identity_request_decide(actor=users["leader"], request=request, approve=True)
    with pytest.raises(NotFound):
        svc.identity_request_read(actor=users["supervision_office"], request=request)
    identity = svc.identity_request_read(actor=team, request=request)
    assert identity["name"] == "钱举报" and identity["phone"] == "13900000000"
    with pytest.raises(IllegalTransition):
        svc.identity_request_read(actor=team, request=request)  # one read only
    request.refresh_from_db()
    assert request.status == IdentityRequestStatus.READ and request.read_at is not None
    actions = list(
        Event.objects.filter(action__startswith="intake.identity_request")
        .order_by("seq")
        .values_list("action", "actor")
    )
    assert actions == [
        ("intake.identity_request.create", team.pk),
        ("intake.identity_request.approve", users["leader"].pk),
        ("intake.identity_request.read", team.pk),
    ]
    [log] = ReadLog.objects.all()
    assert log.user == team and log.what == "举报人身份信息（经审批）"
    for event in Event.objects.all():  # the identity never reaches the audit chain
        assert not any(s in f"{event.reason}{event.payload}{event.object_repr}" for s in SECRETS)


def test_the_requester_never_approves_and_the_petition_head_may(users, report):
    leader = users["leader"]
    request = svc.identity_request_create(actor=leader, report=report, reason=REASON)
    with pytest.raises(DomainError, match="申请人不能审批"):
        svc.identity_request_decide(actor=leader, request=request, approve=True)
    with pytest.raises(DomainError, match="写明理由"):
        svc.identity_request_decide(actor=users["petition_head"], request=request, approve=False)
    svc.identity_request_decide(
        actor=users["petition_head"], request=request, approve=False, note="理由不充分"
    )
    request.refresh_from_db()
    assert request.status == IdentityRequestStatus.REFUSED
    assert request.decided_by == users["petition_head"]
    with pytest.raises(IllegalTransition):
        svc.identity_request_read(actor=leader, request=request)


def test_out_of_scope_and_expired(users, report):
    with pytest.raises(NotFound):  # the east town's commission cannot see the report
        svc.identity_request_create(
            actor=users["township_commission"], report=report, reason=REASON
        )
    with pytest.raises(DomainError):  # the review office does not read reports
        svc.identity_request_create(actor=users["review"], report=report, reason=REASON)
    team = users["resident_team"]
    request = svc.identity_request_create(actor=team, report=report, reason=REASON)
    svc.identity_request_decide(actor=users["leader"], request=request, approve=True)
    IdentityAccessRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(DomainError, match="期限已过"):
        svc.identity_request_read(actor=users["resident_team"], request=request)
    # An expired approval does not block a new request.
    svc.identity_request_create(actor=users["resident_team"], report=report, reason=REASON)


# --- pages ---------------------------------------------------------------------------------


def act(client, report, action, data=None):
    return client.post(reverse("intake:report_action", args=(report.pk, action)), data or {})


def test_the_report_page_journey(client_for, users, report):
    from django.test import Client

    team_user = users["resident_team"]
    demo_enrol(user=team_user)  # whoever reads an identity has two-factor login
    team, leader = client_for(team_user), Client()
    leader.force_login(users["leader"])
    url = reverse("intake:report_detail", args=(report.pk,))
    page = team.get(url).content.decode()
    assert 'data-testid="identity-request-submit"' in page and "reveal-identity" not in page
    act(team, report, "identity-request", {"reason": REASON})
    request = IdentityAccessRequest.objects.get()

    pending = leader.get(reverse("intake:identity_request_list")).content.decode()
    assert report.number in pending
    assert report.number in leader.get(reverse("core:workbench")).content.decode()
    assert 'data-testid="identity-request-approve"' in leader.get(url).content.decode()
    act(leader, report, "identity-approve", {"request": request.pk})
    request.refresh_from_db()
    assert request.status == IdentityRequestStatus.APPROVED

    response = act(team, report, "identity-read", {"request": request.pk})
    html = response.content.decode()
    assert response.status_code == 200 and all(s in html for s in SECRETS)
    assert "no-store" in response["Cache-Control"]
    again = team.get(url).content.decode()
    assert not any(s in again for s in SECRETS)
    for session in Session.objects.all():
        decoded = repr(session.get_decoded()) + session.session_data
        assert not any(s in decoded for s in SECRETS)


def test_reading_needs_a_verified_session(client_for, users, report):
    team = users["resident_team"]
    request = svc.identity_request_create(actor=team, report=report, reason=REASON)
    svc.identity_request_decide(actor=users["leader"], request=request, approve=True)
    team = client_for(users["resident_team"])  # no device: password only
    html = team.post(
        reverse("intake:report_action", args=(report.pk, "identity-read")),
        {"request": request.pk},
        follow=True,
    ).content.decode()
    assert "两步验证" in html and "钱举报" not in html
    request.refresh_from_db()
    assert request.status == IdentityRequestStatus.APPROVED  # the read is not used up


# --- API -----------------------------------------------------------------------------------


def test_api_flow(client_for, users, report):
    from django.test import Client

    team_user = users["resident_team"]
    demo_enrol(user=team_user)
    team, leader = client_for(team_user), Client()
    leader.force_login(users["leader"])
    post = lambda c, url, data=None: c.post(url, data or {}, content_type="application/json")  # noqa: E731
    bad = post(team, "/api/identity-requests/", {"report": report.pk, "reason": "短"})
    assert bad.status_code == 400 and set(bad.json()) == {"message", "fields"}
    huge = post(team, "/api/identity-requests/", {"report": 10**30, "reason": REASON})
    assert huge.status_code == 400
    town = Client()
    town.force_login(users["township_commission"])
    hidden = post(town, "/api/identity-requests/", {"report": report.pk, "reason": REASON})
    # A report the requester may not see is refused like a missing one (scoped field).
    assert hidden.status_code == 400
    assert hidden.json()["fields"]["report"] == ["所选对象不存在，或您无权查看。"]
    assert not IdentityAccessRequest.objects.filter(requester=users["township_commission"]).exists()
    created = post(team, "/api/identity-requests/", {"report": report.pk, "reason": REASON})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert post(team, f"/api/identity-requests/{pk}/approve/").status_code == 403
    assert town.get(f"/api/identity-requests/{pk}/").status_code == 404
    assert post(leader, f"/api/identity-requests/{pk}/approve/").json()["status"] == "approved"
    read = post(team, f"/api/identity-requests/{pk}/read/")
    assert read.status_code == 200 and read.json()["name"] == "钱举报"
    assert "no-store" in read["Cache-Control"]
    assert post(team, f"/api/identity-requests/{pk}/read/").status_code == 400
    assert leader.get("/api/identity-requests/").json()["count"] == 1
