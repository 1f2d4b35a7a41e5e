"""The cross-check API: scoped like the pages, one POST action per triage step, the
error shape, uploads and runs, and the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from jiandu.audit.models import Event
from jiandu.crosscheck.models import DatasetVersion, Hit, HitStatus, Run, RunStatus
from jiandu.crosscheck.tests.conftest import PAYMENT_HEADERS, payment_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def hits(county, datasets, run_checks):
    run_checks()
    return {h.rule_code: h for h in Hit.objects.all()}


def test_hit_list_and_detail_are_scoped(client_for, county, hits):
    client = client_for(county.users["resident_team"])
    data = client.get("/api/crosscheck/hits/").json()
    assert [h["rule_code"] for h in data["results"]] == ["R01"]
    detail = client.get(f"/api/crosscheck/hits/{hits['R01'].pk}/").json()
    assert detail["subject_unit_name_matched"] == "测试县第一中学"
    assert [e["dataset"] for e in detail["evidence"]] == [
        "payments",
        "payments",
        "public_employees",
    ]
    assert client.get(f"/api/crosscheck/hits/{hits['R02'].pk}/").status_code == 404
    assert client.get("/api/crosscheck/hits/", {"rule": "R02"}).json()["count"] == 0


def test_confirm_and_dismiss_through_the_api(client_for, county, hits):
    client = client_for(county.users["case_management"])
    response = client.post(
        f"/api/crosscheck/hits/{hits['R01'].pk}/confirm/",
        {"note": "属实"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "confirmed" and body["clue_number"].startswith("XS")
    response = client.post(
        f"/api/crosscheck/hits/{hits['R02'].pk}/dismiss/",
        {"reason": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert (
        response.json()["message"] == "排除疑点须说明理由" and "reason" in response.json()["fields"]
    )
    response = client.post(
        f"/api/crosscheck/hits/{hits['R01'].pk}/dismiss/",
        {"reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "不能排除疑点" in response.json()["message"]


def test_actions_are_refused_to_other_units_and_roles(client_for, county, hits):
    town = client_for(county.users["township_commission"])
    before = Event.objects.count()
    response = town.post(
        f"/api/crosscheck/hits/{hits['R01'].pk}/dismiss/",
        {"reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
    leader = client_for(county.users["leader"])
    response = leader.post(
        f"/api/crosscheck/hits/{hits['R01'].pk}/confirm/", {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Event.objects.count() == before and hits["R01"].status == HitStatus.NEW


def test_rules_with_precision(client_for, county, hits):
    data = client_for(county.users["leader"]).get("/api/crosscheck/rules/").json()
    assert [r["code"] for r in data] == [f"R{i:02d}" for i in range(1, 11)]
    r01 = data[0]
    assert r01["precision"]["hits"] == 1 and r01["precision"]["triage"] is None
    assert "payments" in r01["datasets"]


def test_upload_and_run_through_the_api(client_for, county, django_capture_on_commit_callbacks):
    import csv
    import io

    client = client_for(county.users["case_management"])
    buffer = io.StringIO()
    csv.writer(buffer).writerows([PAYMENT_HEADERS, *payment_rows(county)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/crosscheck/datasets/",
            {
                "dataset_type": "payments",
                "file": SimpleUploadedFile("p.csv", buffer.getvalue().encode()),
            },
        )
    assert response.status_code == 202  # accepted: imported by the background task
    job = client.get(f"/api/crosscheck/imports/{response.json()['id']}/").json()
    assert job["status"] == "succeeded" and job["rows_read"] == 6
    body = client.get(f"/api/crosscheck/datasets/{job['version']}/").json()
    assert (body["rows_accepted"], body["rows_rejected"]) == (5, 1)
    assert body["rejections"][0]["row"] == 6
    assert client.get("/api/crosscheck/datasets/").json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/crosscheck/runs/", {"rule_codes": ["R02"]}, content_type="application/json"
        )
    assert response.status_code == 201
    run = Run.objects.get()
    assert run.status == RunStatus.SUCCEEDED
    data = client.get(f"/api/crosscheck/runs/{run.pk}/").json()
    assert data["status"] == "succeeded" and data["percent"] == 100
    assert "R02" in data["skipped"]  # no deaths imported
    response = client.post(
        "/api/crosscheck/runs/", {"rule_codes": ["X1"]}, content_type="application/json"
    )
    assert response.status_code == 400 and "X1" in response.json()["message"]


def test_data_endpoints_are_for_who_imports_and_runs(client_for, county, datasets):
    for role in ("leader", "resident_team"):
        client = client_for(county.users[role])
        assert client.get("/api/crosscheck/datasets/").status_code == 403
        assert client.get("/api/crosscheck/runs/").status_code == 403
    assert DatasetVersion.objects.count() == 3


def test_openapi_schema_validates_with_the_crosscheck_endpoints(tmp_path, capsys):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--file", str(target))
    assert "crosscheck/api.py" not in capsys.readouterr().err
    schema = target.read_text(encoding="utf-8")
    for path in (
        "/api/crosscheck/hits/{id}/confirm/",
        "/api/crosscheck/hits/{id}/dismiss/",
        "/api/crosscheck/hits/{id}/reopen/",
        "/api/crosscheck/runs/",
        "/api/crosscheck/datasets/",
        "/api/crosscheck/rules/",
    ):
        assert path in schema
