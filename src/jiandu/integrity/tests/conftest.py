"""Fixtures of the integrity tests: reports, cross-check hits and companies about the
test county's cadres, written straight to the tables (the detectors read them); for the
clearance tests, records planted by date (rows dated directly: the services refuse dates
other than today for some steps), and a request."""

from __future__ import annotations

import io
from datetime import date, datetime
from itertools import count
from typing import Any

import pytest
from django.utils import timezone

from jiandu.clues.models import Clue, ClueStatus, FirstFormMeasure

_numbers = count(1)


@pytest.fixture
def make_report():
    from jiandu.core.models import ProblemCategory
    from jiandu.intake.models import Report, ReportStatus, ReportSubject

    def make(cadre, day: date, *, categories=(), duplicate_of=None, status=ReportStatus.ACCEPTED):
        n = next(_numbers)
        report = Report.objects.create(
            number=f"XF2025-{n:05d}",
            channel="letter",
            received_at=timezone.make_aware(datetime(day.year, day.month, day.day, 10)),
            content="反映其违规收受礼金。",
            status=status,
            duplicate_of=duplicate_of,
        )
        ReportSubject.objects.create(report=report, name=cadre.name, cadre=cadre, confirmed=True)
        if categories:
            report.categories.set(ProblemCategory.objects.filter(code__in=categories))
        return report

    return make


@pytest.fixture
def make_hit():
    from jiandu.crosscheck.models import Hit, HitStatus, Run

    def make(rule_code, cadre, unit, evidence, *, status=HitStatus.CONFIRMED, summary="疑点"):
        run = Run.objects.create(rule_codes=[rule_code])
        return Hit.objects.create(
            rule_code=rule_code,
            rule_version="t1",
            identity=f"id{next(_numbers)}",
            severity="high",
            summary=summary,
            subject_name=cadre.name,
            subject_citizen_id=cadre.citizen_id,
            subject_cadre=cadre,
            subject_unit=unit,
            evidence=evidence,
            first_run=run,
            last_run=run,
            status=status,
        )

    return make


def make_clue(cadre: Any, *, on: date, status: str = ClueStatus.CLOSED, n: int = 1) -> Clue:
    return Clue.objects.create(
        number=f"XS{on.year}-9{n:04d}",
        source="own",
        received_on=on,
        summary="反映其违规收受礼金",
        subject_cadre=cadre,
        subject_name=cadre.name,
        status=status,
    )


def admonition(cadre: Any, *, on: date, n: int = 1) -> FirstFormMeasure:
    """诫勉 decided on ``on``: 6 months of influence period (DOMAIN.md §5)."""
    clue = make_clue(cadre, on=on, n=n)
    return FirstFormMeasure.objects.create(
        clue=clue, cadre=cadre, person_name=cadre.name, kind="first_admonition", decided_on=on
    )


def people_rows(county: Any, *keys: str) -> list[dict[str, str]]:
    return [
        {
            "name": county.cadres[k].name,
            "citizen_id": county.cadres[k].citizen_id,
            "unit_text": f"单位{k}",
        }
        for k in keys
    ]


def xlsx(rows: list[list[Any]]) -> io.BytesIO:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "单位职务"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "名单.xlsx"
    return out


@pytest.fixture
def submitted(county):
    from jiandu.integrity.clearance_services import clearance_request_submit

    return clearance_request_submit(
        actor=county.users["org_department"],
        purpose="promotion",
        people=people_rows(county, "edu_head", "fin_head", "town_b_head"),
        received_on=date(2025, 12, 1),
    )
