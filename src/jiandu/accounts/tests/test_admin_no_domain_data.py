"""The system administrator (role admin, Django's superuser flag) manages users, the
calendar and system health, and sees no domain data at all."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from jiandu.accounts import rules
from jiandu.audit.services import event_record
from jiandu.cases import services as cases
from jiandu.cases.services import PersonInput
from jiandu.clues import services as clues
from jiandu.core.scoping import UnitScope
from jiandu.intake import services as intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(county):
    """The county's admin account made a Django superuser, as the demo's ``admin`` is."""
    user = county.users["admin"]
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def objects(county):
    u = county.users
    report = intake.report_register(
        actor=u["petition"],
        channel="letter",
        received_at=timezone.now() - timedelta(days=1),
        content="反映测试县教育局局长张伟收受礼金两万元。",
        is_named=True,
        reporter={"name": "钱举报", "phone": "13900000000"},
        subjects=[{"name": "张伟", "unit_text": "测试县教育局"}],
        category_codes=["integrity"],
    )
    clue = clues.clue_create(
        actor=u["case_management"],
        source="report",
        summary="反映其违规收受礼金。",
        received_on=timezone.localdate(),
        subject_cadre=county.cadres["edu_head"],
        category_codes=["integrity"],
    )
    case = cases.case_open(
        actor=u["resident_team"],
        kind="person",
        title="张伟涉嫌违纪案",
        summary="收受礼金。",
        proposed_on=date.today(),
        lead_unit=county.units["team1"],
        people=[PersonInput(cadre=county.cadres["edu_head"])],
        category_codes=["integrity"],
    )
    return {"report": report, "clue": clue, "case": case}


def test_superuser_flag_grants_no_capability_and_no_scope(root):
    for capability in ("reports.view", "reports.identity", "clues.view", "cases.view"):
        assert not root.has_capability(capability)
    for domain in ("reports", "reporter_identity", "clues", "cases", "inspections"):
        assert root.unit_scope(domain) == UnitScope.nothing()
    # What the role table gives the administrator still works.
    assert root.has_capability("accounts.manage") and root.has_capability("calendar.manage")


def test_superuser_of_another_role_gets_only_that_role(county):
    user = county.users["review"]
    user.is_superuser = True
    user.save()
    assert user.has_capability("cases.view") and not user.has_capability("reports.identity")
    assert rules.scope_kind("review", "reports") == rules.NONE
    assert user.unit_scope("reports") == UnitScope.nothing()


def test_admin_gets_no_domain_page_or_api(client_for, root, objects):
    client = client_for(root)
    report, clue, case = objects["report"], objects["clue"], objects["case"]
    for url in (
        reverse("intake:report_list"),
        reverse("intake:report_detail", args=(report.pk,)),
        reverse("clues:clue_list"),
        reverse("clues:clue_detail", args=(clue.pk,)),
        reverse("cases:case_list"),
        reverse("cases:case_detail", args=(case.pk,)),
        reverse("inspections:round_list"),
        "/api/reports/",
        f"/api/reports/{report.pk}/",
        f"/api/reports/{report.pk}/reporter/",
        f"/api/clues/{clue.pk}/",
        f"/api/cases/{case.pk}/",
    ):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert "钱举报" not in response.content.decode()
    for url in ("/api/clues/", "/api/cases/", "/api/directives/tasks/", "/api/crosscheck/hits/"):
        response = client.get(url)
        assert response.status_code in (403, 404) or response.json()["count"] == 0, url
    response = client.post(reverse("intake:report_action", args=(report.pk, "identity")))
    assert response.status_code in (403, 404)
    # Administration still works.
    assert client.get(reverse("accounts:user_list")).status_code == 200
    assert client.get("/django-admin/accounts/user/").status_code == 200
    assert client.get("/django-admin/core/calendaryear/").status_code == 200


def test_django_admin_registers_no_domain_model():
    allowed = {"auth", "accounts", "core", "org", "axes", "django_tasks_database", "otp_totp"}
    registered = {model._meta.app_label for model in admin.site._registry}
    assert registered <= allowed, registered - allowed


def test_admin_audit_log_shows_no_domain_event(client_for, root, objects):
    event_record(actor=root, action="accounts.user.create", obj=root)
    html = client_for(root).get(reverse("audit:event_list")).content.decode()
    assert objects["report"].number not in html and objects["clue"].number not in html
    assert root.username in html or str(root) in html


def test_the_administrator_role_holds_no_domain_capability_or_scope():
    domains = ("reports", "reporter_identity", "clues", "cases")
    domains += ("inspections", "directives", "crosscheck")
    caps = rules.capabilities(rules.Role.ADMIN, is_head=True)
    assert not {c for c in caps if c.split(".")[0] in domains}
    assert all(rules.scope_kind(rules.Role.ADMIN, d) == rules.NONE for d in domains)
    assert rules.audit_apps(rules.Role.ADMIN) == {"accounts", "core", "org", "audit"}
