"""The publication and bulletin pages under the generic page contract (CONVENTIONS 11)."""

from __future__ import annotations

from datetime import date

import pytest

from jiandu.core.testing import Page, PageContract
from jiandu.stats import periods as P
from jiandu.stats import publication_services as services
from jiandu.stats.models import BulletinTemplate
from jiandu.stats.publication_services import publication_version


@pytest.fixture
def ctx(county):
    leader = county.users["leader"]
    table = services.table_publish(actor=leader, table_key="clues", period=P.parse("2026"))
    template = BulletinTemplate.objects.create(
        name="测试",
        kind="monthly",
        valid_from=date(2020, 1, 1),
        title="{period}通报",
        text="{period}受理线索{clues_received}件。",
        tables=["clues"],
    )
    make = services.bulletin_generate
    draft = make(actor=leader, template_id=template.pk, period=P.parse("2026"))
    other = make(actor=leader, template_id=template.pk, period=P.parse("2025"))
    return {"county": county, "table": table, "draft": draft, "other": other, "template": template}


@pytest.fixture
def users(county):
    return county.users


class TestPublicationPages(PageContract):
    pages = [
        Page("stats:publication_list", allowed="leader", forbidden="petition", max_queries=25),
        Page(
            "stats:publication_detail",
            args=lambda ctx: (ctx["table"].pk,),
            allowed="leader",
            forbidden="petition",
            hidden=lambda ctx: (ctx["table"].pk,),
            viewer="resident_team",
            max_queries=40,
        ),
        Page(
            "stats:table_publish",
            args=lambda ctx: ("clues",),
            get=False,
            allowed="leader",
            forbidden="supervision_office",
        ),
        Page("stats:bulletin_generate", allowed="case_management", forbidden="resident_team"),
        Page(
            "stats:bulletin_edit",
            args=lambda ctx: (ctx["draft"].pk,),
            allowed="leader",
            forbidden="resident_team",
            data=lambda ctx: {
                "title": "改过的标题",
                "text": "改过的正文。",
                "version": publication_version(ctx["draft"]),
            },
            audit="stats.publication.edit",
        ),
        Page(
            "stats:bulletin_issue",
            args=lambda ctx: (ctx["other"].pk,),
            get=False,
            allowed="leader",
            forbidden="resident_team",
            data=lambda ctx: {},
            audit="stats.publication.issue",
        ),
        Page(
            "stats:bulletin_download",
            args=lambda ctx: (ctx["draft"].pk,),
            allowed="leader",
            forbidden="petition",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ]
