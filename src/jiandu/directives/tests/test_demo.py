"""The demo part: the five seed speeches published with tasks in every state, written
through the services (one audit event per write). Its speed is a figure of `make bench`
(the whole demo county), not an assertion here."""

from __future__ import annotations

from datetime import date

import pytest

from jiandu.audit.models import Event
from jiandu.devtools.demo import directives as demo
from jiandu.directives.models import DirectiveDocument, ProgressReport, Task, TaskStatus

pytestmark = pytest.mark.django_db


def test_demo_loads_the_five_speeches_with_tasks_in_progress(county):
    counts = demo.load(seed=7, today=date(2026, 11, 23))
    assert counts["directive_documents"] == 5 and counts["directive_tasks"] == 94
    assert DirectiveDocument.objects.filter(status="published").count() == 5
    published = Task.objects.filter(is_task=True).exclude(status=TaskStatus.DRAFT)
    assert published.count() == 94  # every proposed task got an owner and was published
    states = set(published.values_list("status", flat=True))
    assert states == {
        TaskStatus.ASSIGNED,
        TaskStatus.IN_PROGRESS,
        TaskStatus.COMPLETED,
        TaskStatus.CLOSED,
    }
    assert published.filter(status__in=["assigned", "in_progress"], due_date__lt=date(2026, 11, 23))
    assert ProgressReport.objects.count() == counts["directive_reports"]
    closed = published.filter(status=TaskStatus.CLOSED)
    assert closed.count() == counts["directive_closed"]
    assert all(t.attachments.exists() for t in closed)
    assert Event.objects.filter(action="directives.task.close").count() == closed.count()
    assert Event.objects.filter(action="directives.document.publish").count() == 5
    assert (
        Event.objects.filter(action__startswith="directives.task.report").count()
        == (counts["directive_reports"])
    )
