"""The administrator's workbench: administration (locked-out users, users without the
two-factor login their role requires, disabled users, calendar years, failed background
tasks, the audit chain's last verification) instead of the business list."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_administrator_sees_administration_not_business_items(client_for, county):
    from axes.models import AccessAttempt
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    locked = User.objects.create_user(username="t_locked", password="pw-12345678", role="review")
    AccessAttempt.objects.create(
        username="t_locked",
        ip_address="",
        user_agent="",
        failures_since_start=5,
        attempt_time=timezone.now(),
        get_data="",
        post_data="",
        http_accept="",
        path_info="/login/",
    )
    User.objects.create_user(
        username="t_new_leader", password="pw-12345678", role="leader", full_name="新领导"
    )
    User.objects.create_user(username="t_gone", password="pw-12345678", is_active=False)
    DBTaskResult.objects.create(
        status=TaskResultStatus.FAILED,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="jiandu.audit.tasks.chain_verify_task",
        backend_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now() - timedelta(hours=1),
        exception_class_path="builtins.RuntimeError",
        traceback="",
    )
    client = client_for(county.users["admin"])
    html = client.get(reverse("core:workbench")).content.decode()
    assert 'data-testid="admin-workbench"' in html
    assert 'data-testid="my-items"' not in html and 'data-testid="count-mine"' not in html
    assert 'data-testid="locked-count">1 人' in html and str(locked) in html
    assert "新领导" in html  # a leader must use two-factor login and has not enrolled
    assert 'data-testid="disabled-count">1 人' in html
    assert "近30天有 1 个后台任务执行失败" in html and "审计链校验" in html
    assert "尚未校验过审计链" in html and "已超过7天未校验" in html

    from jiandu.audit.tasks import chain_verify_recorded

    assert chain_verify_recorded(requested_by_id=county.users["admin"].pk)["ok"]
    html = client.get(reverse("core:workbench")).content.decode()
    assert "最近一次校验" in html and "完整" in html and "已超过7天未校验" not in html


def test_other_roles_get_no_administration(client_for, county):
    html = client_for(county.users["leader"]).get(reverse("core:workbench")).content.decode()
    assert 'data-testid="admin-workbench"' not in html and 'data-testid="my-items"' in html
