"""Fixtures of the integrity tests: reports, cross-check hits and companies about the
test county's cadres, written straight to the tables (the detectors read them)."""

from __future__ import annotations

from datetime import date, datetime
from itertools import count

import pytest
from django.utils import timezone

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
