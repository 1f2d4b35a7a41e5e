"""Runs end to end on small datasets of the test county: hits with their provenance and
their subject matched to the register, stable identities across re-runs (never a
duplicate; "new in this run"), skipped rules, the register exported as internal
datasets, failures, and the background task."""

import pytest

from jiandu.audit.models import Event
from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.crosscheck import services
from jiandu.crosscheck.models import DatasetVersion, Hit, HitStatus, Run, RunStatus
from jiandu.crosscheck.services import run_checks_task
from jiandu.crosscheck.tests.conftest import EMPLOYEE_HEADERS, PAYMENT_HEADERS, payment_rows

pytestmark = pytest.mark.django_db


def test_a_run_stores_hits_with_provenance(county, datasets, run_checks):
    run = run_checks()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert (run.hits_total, run.hits_new, run.skipped) == (2, 2, {})
    assert run.progress_done == run.progress_total and run.percent == 100
    r01 = Hit.objects.get(rule_code="R01")
    teacher = county.cadres["teacher"]
    assert r01.subject_cadre == teacher and r01.subject_unit == county.units["school"]
    assert r01.amount == 1240 and r01.confidence == 1.0 and r01.severity == "high"
    assert "李娜" in r01.summary and r01.first_run == r01.last_run == run
    assert [(e["dataset"], e["row"]) for e in r01.evidence] == [
        ("payments", 2),
        ("payments", 3),
        ("public_employees", 2),
    ]
    assert r01.evidence[0]["values"]["payee_citizen_id"] == teacher.citizen_id
    assert set(r01.dataset_versions.values_list("dataset_type", flat=True)) == {
        "payments",
        "public_employees",
    }
    from jiandu.crosscheck.engine.rules import load_rules

    assert r01.rule_version == load_rules(["R01"])[0].version == run.rule_versions["R01"]
    r02 = Hit.objects.get(rule_code="R02")
    assert r02.subject_cadre is None and r02.subject_unit == county.units["town_a"]
    assert r02.subject_name == "孙秀英" and r02.amount == 200
    used = set(run.dataset_versions.values_list("dataset_type", flat=True))
    assert used == {"payments", "public_employees", "deaths"}
    actions = list(
        Event.objects.filter(action__startswith="crosscheck.run")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["crosscheck.run.start", "crosscheck.run.finish"]


def test_rerun_never_duplicates_and_only_new_hits_are_new(county, datasets, run_checks, write_csv):
    first = run_checks()
    again = run_checks()
    assert (again.hits_total, again.hits_new) == (2, 0)
    assert Hit.objects.count() == 2
    assert set(Hit.objects.values_list("first_run_id", "last_run_id")) == {(first.pk, again.pk)}
    # A new payments version: the teacher's payments again, plus the finance head's.
    head = county.cadres["fin_head"]
    rows = [
        *payment_rows(county)[:2],
        [head.name, head.citizen_id, "临时救助金", "3000", "2025-07-01", "西镇"],
    ]
    services.dataset_import(
        actor=county.users["case_management"],
        dataset_type="payments",
        source=write_csv(PAYMENT_HEADERS, rows),
    )
    third = run_checks()
    assert (third.hits_total, third.hits_new) == (2, 1)  # R02's payment is gone from v2
    new = Hit.objects.get(first_run=third)
    assert (new.rule_code, new.subject_cadre) == ("R01", head)
    assert new.dataset_versions.get(dataset_type="payments").version == 2
    assert Hit.objects.count() == 3
    assert Hit.objects.get(rule_code="R02").last_run == again  # not seen in the third run


def test_decisions_survive_reruns(county, datasets, run_checks):
    run_checks()
    hit = Hit.objects.get(rule_code="R02")
    services.hit_dismiss(actor=county.users["case_management"], hit=hit, reason="同名不同人")
    run_checks()
    hit.refresh_from_db()
    assert hit.status == HitStatus.DISMISSED and Hit.objects.filter(rule_code="R02").count() == 1


def test_rules_whose_datasets_are_missing_are_skipped_with_the_reason(datasets, run_checks):
    run = run_checks(rules=("R01", "R05"))
    assert run.status == RunStatus.SUCCEEDED
    assert "缺少数据集" in run.skipped["R05"] and "合同" in run.skipped["R05"]
    assert "R01" not in run.skipped
    assert run.dataset_versions.filter(dataset_type="contracts").count() == 0


def test_the_register_is_exported_as_internal_datasets(county, datasets, run_checks):
    from jiandu.org import services as org

    run_checks()
    internal = DatasetVersion.objects.filter(internal=True)
    assert set(internal.values_list("dataset_type", flat=True)) == {
        "officials",
        "relatives",
        "companies",
        "company_people",
    }
    officials = internal.get(dataset_type="officials")
    assert officials.rows_accepted == 6 and officials.imported_by is None
    run_checks()
    assert DatasetVersion.objects.filter(internal=True).count() == 4  # unchanged: no new version
    from datetime import date

    from jiandu.core.testing import make_citizen_id

    cadre = org.cadre_create(
        actor=None,
        name="新干部",
        citizen_id=make_citizen_id(77),
        rank="general",
        political_status="party_member",
    )
    org.post_create(
        actor=None,
        cadre=cadre,
        unit=county.units["dept_fin"],
        title="科员",
        start_date=date(2024, 1, 1),
    )
    run_checks()
    latest = DatasetVersion.objects.filter(dataset_type="officials").order_by("-version").first()
    assert (latest.version, latest.rows_accepted) == (2, 7)


def test_an_imported_company_register_wins_over_the_export(county, datasets, write_csv):
    from jiandu.core.testing import make_uscc

    actor = county.users["case_management"]
    services.internal_datasets_export(actor=actor)
    path = write_csv(["统一社会信用代码", "企业名称"], [[make_uscc(5), "青山建材有限公司"]])
    imported = services.dataset_import(actor=actor, dataset_type="companies", source=path)
    current = services.current_versions()
    assert current["companies"] == imported
    assert current["officials"].internal


def test_start_is_refused_while_a_run_is_queued_and_for_unknown_input(county, datasets):
    actor = county.users["case_management"]
    with pytest.raises(DomainError, match="比对规则不存在：R99"):
        services.run_start(actor=actor, rule_codes=["R99"], enqueue=False)
    with pytest.raises(DomainError, match="比对引擎不存在"):
        services.run_start(actor=actor, engine="oracle", enqueue=False)
    queued = services.run_start(actor=actor, enqueue=False)
    with pytest.raises(DomainError, match="正在排队中"):
        services.run_start(actor=actor, enqueue=False)
    services.run_execute(run_id=queued.pk)
    assert services.run_start(actor=actor, rule_codes=["r01"], enqueue=False).rule_codes == ["R01"]


@pytest.mark.parametrize("role", ["leader", "supervision_office", "resident_team"])
def test_only_case_management_runs(county, role):
    with pytest.raises(PermissionDenied):
        services.run_start(actor=county.users[role], enqueue=False)


def test_a_failed_run_says_why(county, datasets, run_checks, storage):
    services.dataset_path(datasets["payments"]).write_bytes(b"not a parquet file")
    run = run_checks()
    assert run.status == RunStatus.FAILED and run.error and run.finished_at
    assert Event.objects.filter(action="crosscheck.run.fail", object_id=str(run.pk)).exists()
    assert not Hit.objects.exists()


def test_a_run_delivered_twice_runs_once(county, datasets, run_checks):
    run = run_checks()
    events = Event.objects.count()
    again = services.run_execute(run_id=run.pk)
    assert again.status == RunStatus.SUCCEEDED and Event.objects.count() == events


def test_the_background_task_executes_the_run(county, datasets):
    run = services.run_start(
        actor=county.users["case_management"], rule_codes=["R02"], enqueue=False
    )
    result = run_checks_task.enqueue(run_id=run.pk)  # the immediate backend in tests
    assert result.return_value == {"run": run.pk, "status": "succeeded", "hits": 1, "new": 1}
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED


def test_starting_enqueues_the_task_after_commit(
    county, datasets, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = services.run_start(actor=county.users["case_management"], rule_codes=["R01"])
        assert Run.objects.get(pk=run.pk).status == RunStatus.QUEUED
    assert len(callbacks) == 1
    assert Run.objects.get(pk=run.pk).status == RunStatus.SUCCEEDED


def test_name_only_matches_have_lower_confidence(county, write_csv, run_checks):
    """R01's second pass: the payee's ID is nobody's on the staff list, but a staff member
    with the same area and birth date has the same name (a namesake or a mistyped ID)."""
    teacher = county.cadres["teacher"]
    other_id = teacher.citizen_id[:14] + "999"
    from jiandu.core.validators import citizen_id_check_digit

    other_id += citizen_id_check_digit(other_id)
    actor = county.users["case_management"]
    services.dataset_import(
        actor=actor,
        dataset_type="payments",
        source=write_csv(
            PAYMENT_HEADERS, [["李娜", other_id, "低保", "500", "2025-02-01", "东镇"]]
        ),
    )
    services.dataset_import(
        actor=actor,
        dataset_type="public_employees",
        source=write_csv(
            EMPLOYEE_HEADERS, [[teacher.name, teacher.citizen_id, "测试县第一中学", "教师"]]
        ),
    )
    run = run_checks(rules=("R01",))
    hit = Hit.objects.get(first_run=run)
    assert hit.confidence == 0.6 and "按姓名比对" in hit.summary
    assert hit.subject_cadre == teacher  # the staff member the name points at


def test_spark_finds_the_same_hits_as_duckdb(county, datasets):
    """The same rules on Spark give the same identities: a Spark run after a DuckDB run
    finds every hit again and adds none."""
    actor = county.users["case_management"]
    first = services.run_start(actor=actor, rule_codes=["R01", "R02"], enqueue=False)
    first = services.run_execute(run_id=first.pk)
    spark = services.run_start(
        actor=actor, rule_codes=["R01", "R02"], engine="spark", enqueue=False
    )
    spark = services.run_execute(run_id=spark.pk)
    assert spark.status == RunStatus.SUCCEEDED, spark.error
    assert (spark.hits_total, spark.hits_new) == (first.hits_total, 0) == (2, 0)
    assert set(Hit.objects.values_list("last_run_id", flat=True)) == {spark.pk}
