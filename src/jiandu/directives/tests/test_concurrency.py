"""A step submitted from a page loaded before another user's step is decided on the
locked, fresh row."""

import pytest

from jiandu.core.errors import DomainError
from jiandu.directives import services
from jiandu.directives.models import Task

pytestmark = pytest.mark.django_db


def test_a_stale_progress_report_cannot_move_progress_backwards(county, published, task_of):
    owner = county.users["inspection"]
    task = task_of(published, "三/（二）")
    stale = Task.objects.get(pk=task.pk)  # a second page, loaded at 0%
    services.progress_report(actor=owner, task=task, text="已完成摸排", percentage=60)
    with pytest.raises(DomainError, match="不能低于上次报告的60%"):
        services.progress_report(actor=owner, task=stale, text="旧页面提交", percentage=30)
    task.refresh_from_db()
    assert task.progress == 60
