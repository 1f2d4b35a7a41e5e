"""The synthetic history for the statistics bench (``jiandu synth``), run small: the
unit tree of a county, valid rows in every table, the dated events the statistics count
(routing, disposition and filing approvals, decisions), nothing dated after the
history's "today", and the registers' pages working on the rows. Runs on SQLite and on
PostgreSQL (COPY there)."""

from __future__ import annotations

import io
from datetime import datetime, time

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Q

from jiandu.accounts.models import User
from jiandu.cases.models import Case, CaseApproval, CasePerson, Decision, DecisionMeasure
from jiandu.clues.models import Clue, ClueApproval, ClueStatus, Disposition, FirstFormMeasure
from jiandu.core.models import Sequence
from jiandu.devtools.synth import records
from jiandu.devtools.synth.records.history import TODAY
from jiandu.intake.models import Report, ReportStatus
from jiandu.org.models import Liaison, Unit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    out = io.StringIO()
    call_command("synth", "--scale", "county", "--fraction", "0.02", stdout=out)
    return out.getvalue()


def test_county_tree_and_accounts(history):
    county = Unit.objects.get(code="SYC01-01")
    assert county.kind == UnitKind.COMMISSION
    assert county.parent.code == "SYC01" and county.parent.parent.code == "SYP"
    kinds = dict(Unit.objects.filter(parent=county).values_list("kind").annotate(n=Count("id")))
    assert kinds == {
        UnitKind.PETITION_OFFICE: 1,
        UnitKind.CASE_MANAGEMENT_OFFICE: 1,
        UnitKind.SUPERVISION_OFFICE: 6,
        UnitKind.REVIEW_OFFICE: 1,
        UnitKind.INSPECTION_OFFICE: 1,
        UnitKind.RESIDENT_TEAM: 7,
        UnitKind.TOWNSHIP_COMMISSION: 20,
    }
    # Every township commission supervises its town; each resident team some departments.
    townships = Unit.objects.filter(parent=county, kind=UnitKind.TOWNSHIP_COMMISSION)
    assert Liaison.objects.filter(supervisor__in=townships, supervised__kind="town").count() == 20
    teams = Unit.objects.filter(parent=county, kind=UnitKind.RESIDENT_TEAM)
    assert all(Liaison.objects.filter(supervisor=t).exists() for t in teams)
    users = records.bench_users()
    assert User.objects.get(pk=users["county"]).unit == county
    assert User.objects.get(pk=users["province"]).role == "leader"
    assert "模拟历史数据已生成" in history


def test_records_are_consistent_and_dated_up_to_today(history):
    n = Report.objects.count()
    assert n > 300 and Clue.objects.count() > 60 and Case.objects.count() > 15
    assert Sequence.objects.get(name=records.MARKER).value == n  # the build is complete
    end = datetime.combine(TODAY, time.max).astimezone()
    assert Report.objects.aggregate(m=Max("received_at"))["m"] <= end
    assert Clue.objects.aggregate(m=Max("received_on"))["m"] <= TODAY
    assert Decision.objects.aggregate(m=Max("decided_on"))["m"] <= TODAY
    assert FirstFormMeasure.objects.aggregate(m=Max("decided_on"))["m"] <= TODAY
    # Reports: a duplicate points at an earlier report; a closed one has its date.
    assert not Report.objects.filter(duplicate_of__id__gte=models_f("id")).exists()
    assert not Report.objects.filter(status=ReportStatus.CLOSED, closed_on__isnull=True).exists()
    assert Report.objects.filter(is_named=True).exists()
    assert Report.objects.filter(subjects__isnull=True).count() == 0
    # Clues: a disposed clue has an approved disposition approval, dated after receipt.
    disposed = Clue.objects.exclude(disposition="")
    assert disposed.count() == (
        ClueApproval.objects.filter(step="disposition", approved=True).count()
    )
    for approval in ClueApproval.objects.filter(approved=True).select_related("clue")[:200]:
        assert approval.decided_at.date() >= approval.clue.received_on
        assert approval.approver_id != approval.proposed_by_id
    assert set(disposed.values_list("disposition", flat=True)) <= set(Disposition.values)
    assert not Clue.objects.filter(status=ClueStatus.CLOSED, closed_on__isnull=True).exists()
    # Cases: a filed case has its approved filing; every case a person; decisions carry
    # measures; a case from a clue is that clue's (已立案).
    filed = Case.objects.filter(filed_on__isnull=False)
    assert filed.count() == CaseApproval.objects.filter(step="filing", approved=True).count()
    assert not Case.objects.filter(people__isnull=True).exists()
    assert not Decision.objects.filter(measures__isnull=True).exists()
    assert DecisionMeasure.objects.exists()
    assert (
        not Case.objects.filter(clue__isnull=False)
        .exclude(clue__status=ClueStatus.CASE_FILED)
        .exists()
    )
    for person in CasePerson.objects.filter(decisions__isnull=False)[:100]:
        assert person.decisions.get().decided_on >= person.case.filed_on


def test_zero_filing_units_exist(history):
    """Some township commissions of the county open no case of their own."""
    county = Unit.objects.get(code="SYC01-01")
    townships = Unit.objects.filter(parent=county, kind=UnitKind.TOWNSHIP_COMMISSION)
    filing = townships.annotate(n=Count("led_cases", filter=Q(led_cases__filed_on__isnull=False)))
    assert any(t.n == 0 for t in filing)


def test_rerun_reuses_and_pages_work(history, client):
    out = io.StringIO()
    call_command("synth", "--scale", "county", "--fraction", "0.02", stdout=out)
    assert "未重复生成" in out.getvalue()
    leader = User.objects.get(pk=records.bench_users()["county"])
    client.force_login(leader)
    for url in (
        "/reports/",
        "/clues/",
        "/cases/",
        Report.objects.first().get_absolute_url(),
        Clue.objects.exclude(disposition="").first().get_absolute_url(),
        Case.objects.filter(people__decisions__isnull=False).first().get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200, url


def models_f(name: str):
    from django.db.models import F

    return F(name)


def test_rectification_items_and_directive_tasks(history):
    from jiandu.directives.models import Task
    from jiandu.inspections.models import ItemStatus, RectificationItem

    county = Unit.objects.get(code="SYC01-01")
    items = RectificationItem.objects.filter(
        finding__target__round__name__startswith=county.name.removesuffix("纪委监委")
    )
    assert items.exists()
    assert not items.filter(status=ItemStatus.CLOSED, closed_on__isnull=True).exists()
    assert not items.filter(closed_on__gt=TODAY).exists()
    tasks = Task.objects.filter(document__issuer_unit=county)
    assert tasks.exists() and not tasks.filter(owners__isnull=True).exists()
    assert not tasks.filter(status="closed", closed_at__isnull=True).exists()


def test_every_standard_table_counts_for_the_province_in_2026(history):
    """The dated events every figure counts from are filled: each registered standard
    table's first column has a non-zero total for the province root in 2026."""
    from jiandu.stats import periods
    from jiandu.stats.selectors import table_compute
    from jiandu.stats.standard import REGISTRY

    leader = User.objects.get(pk=records.bench_users()["province"])
    root = Unit.objects.get(code="SYP")
    assert REGISTRY
    # Registered after the synth was last extended: the synth writes no integrity
    # clearance requests yet (remove from here once it does).
    # Nor urges (催办, issue 15): leaders' pushes on overdue items, not synthesized.
    not_synthesized = {"clearance", "urges"}
    assert not_synthesized <= set(REGISTRY)
    for key, table in REGISTRY.items():
        if key in not_synthesized:
            continue
        grid = table_compute(
            user=leader, table=table, period=periods.year(2026), root_id=root.pk, compare=False
        )
        total = grid.rows[-1].cells[0].value
        assert total, (key, grid.columns[0].key, total)
