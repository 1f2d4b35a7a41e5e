from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile

from jiandu.directives import services
from jiandu.directives.models import Task
from jiandu.directives.tests.test_parser_seeds import WORK_PLAN

DOC_DATE = date(2026, 3, 2)


@pytest.fixture
def plan(county):
    """The made-up work plan, uploaded by the leader: 二/（一） goes to 各镇纪委 (both
    towns' commissions), 1. to 案管室, 2. to 第二纪检监察室, 三/（二） to 巡察办."""
    return services.document_upload(
        actor=county.users["leader"], document_date=DOC_DATE, kind="plan", text=WORK_PLAN
    )


@pytest.fixture
def task_of():
    def get(document, path) -> Task:
        return Task.objects.get(document=document, path=path)

    return get


@pytest.fixture
def published(plan, county):
    services.document_publish(actor=county.users["leader"], document=plan)
    return plan


def evidence(name="佐证材料.txt") -> ContentFile:
    return ContentFile("检查报告（测试）".encode(), name=name)
