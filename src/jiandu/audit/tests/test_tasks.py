"""Chain verification runs as a background task, through the page and through the
database-backed worker that `jiandu serve` / `jiandu worker` run."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from jiandu.audit.models import Event, ReadLog
from jiandu.audit.services import read_record
from jiandu.audit.tasks import chain_verify_task


@pytest.mark.django_db
def test_verify_from_the_page_records_the_outcome_in_the_chain(client_for, county):
    client = client_for(county.users["leader"])
    response = client.post(reverse("audit:chain_verify"))
    assert response.status_code == 302
    event = Event.objects.filter(action="audit.chain.verify").get()
    assert event.payload["ok"] is True and event.actor_id == county.users["leader"].id
    html = client.get(reverse("audit:event_list")).content.decode()
    assert 'data-testid="last-verification"' in html and "审计链完整" in html


@pytest.mark.django_db
def test_verify_reports_a_tampered_chain(county):
    Event.objects.filter(seq=2).update(reason="改过")
    result = chain_verify_task.enqueue()
    assert result.return_value["ok"] is False
    assert Event.objects.filter(action="audit.chain.verify").get().to_state == "异常"


@pytest.mark.django_db
def test_petition_office_may_not_start_a_verification(client_for, county):
    assert (
        client_for(county.users["petition"]).post(reverse("audit:chain_verify")).status_code == 403
    )


@pytest.mark.django_db(transaction=True)
def test_database_backend_worker_runs_the_task():
    backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=backend):  # django-tasks resets its handlers on this
        result = chain_verify_task.enqueue()
        assert result.status.name == "READY"
        call_command("db_worker", batch=True, interval=0.1, verbosity=0)
        result.refresh()
        assert result.status.name == "SUCCESSFUL"
        assert result.return_value["ok"] is True


@pytest.mark.django_db
def test_read_log_records_who_opened_what(county):
    user = county.users["petition"]
    cadre = county.cadres["teacher"]
    read_record(user=user, obj=cadre, what="举报人身份信息")
    row = ReadLog.objects.get()
    assert (row.user_id, row.object_type, row.object_id, row.what) == (
        user.id,
        "org.cadre",
        str(cadre.pk),
        "举报人身份信息",
    )
