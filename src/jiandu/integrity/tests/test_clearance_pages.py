"""Page contracts of the clearance pages (``core.testing.PageContract``)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jiandu.core.downloads import DOCX, XLSX
from jiandu.core.testing import Page, PageContract
from jiandu.integrity import clearance_services as services

from .conftest import people_rows

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def users(county):
    from jiandu.accounts.models import User
    from jiandu.org import services as org

    other_unit = org.unit_create(actor=None, code="dept_rd", name="县人大常委会", kind="department")
    other = User.objects.create_user(
        username="t_rd", password="x-pw-123456", role="org_department", unit=other_unit
    )
    return {**county.users, "other_org": other}


@pytest.fixture
def ctx(county, users):
    u = users

    def submit(actor, *keys):
        return services.clearance_request_submit(
            actor=actor,
            purpose="promotion",
            people=people_rows(county, *keys),
            received_on=date(2025, 12, 1),
        )

    own = submit(u["org_department"], "edu_head", "fin_head")
    other = submit(u["other_org"], "teacher")
    fresh = submit(u["org_department"], "town_b_head")
    for r in (own, other):
        services.clearance_propose(actor=u["case_management"], clearance=r, on=date(2025, 12, 5))
        services.clearance_submit(actor=u["case_management"], clearance=r)
        services.clearance_decide(actor=u["leader"], clearance=r, approve=True)
        services.clearance_issue(actor=u["case_management"], clearance=r)
    services.clearance_upload_scan(
        actor=u["case_management"], clearance=own, file=SimpleUploadedFile("签发件.pdf", PDF)
    )
    return SimpleNamespace(own=own, other=other, fresh=fresh)


class TestClearancePages(PageContract):
    pages = [
        Page(
            "integrity:clearance_list",
            allowed="org_department",
            forbidden="petition",
            htmx="clearance-table",
            export={"export": "xlsx"},
            max_queries=16,
        ),
        Page(
            "integrity:clearance_list",
            id="list-as-handler",
            allowed="case_management",
            max_queries=16,
        ),
        Page(
            "integrity:clearance_people",
            allowed="case_management",
            forbidden="petition",
            htmx="clearance-person-table",
            max_queries=16,
        ),
        Page("integrity:clearance_new", allowed="org_department", forbidden="case_management"),
        Page(
            "integrity:clearance_template",
            allowed="org_department",
            forbidden="leader",
            content_type=XLSX,
        ),
        Page(
            "integrity:clearance_detail",
            args=lambda c: (c.own.pk,),
            allowed="org_department",
            forbidden="petition",
            hidden=lambda c: (c.other.pk,),
            max_queries=20,
        ),
        Page(
            "integrity:clearance_detail",
            id="detail-as-handler",
            args=lambda c: (c.own.pk,),
            allowed="case_management",
            max_queries=40,
        ),
        Page(
            "integrity:clearance_letter",
            args=lambda c: (c.own.pk,),
            allowed="leader",
            forbidden="petition",
            hidden=lambda c: (c.other.pk,),
            viewer="org_department",
            content_type=DOCX,
        ),
        Page(
            "integrity:clearance_scan",
            args=lambda c: (c.own.pk,),
            allowed="org_department",
            forbidden="petition",
            hidden=lambda c: (c.other.pk,),
            content_type="application/pdf",
        ),
        Page(
            "integrity:clearance_action",
            args=lambda c: (c.fresh.pk, "propose"),
            get=False,
            allowed="case_management",
            forbidden="petition",
            hidden=lambda c: (c.other.pk, "propose"),
            viewer="org_department",
            data=lambda c: {},
            audit="integrity.clearance.propose",
        ),
    ]
