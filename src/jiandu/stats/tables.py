"""The publications ledger's table."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables

from jiandu.core.badges import Badges
from jiandu.core.formatting import cn_datetime
from jiandu.core.tables import BadgeColumn, LedgerTable, LinkColumn
from jiandu.stats.models import Publication, PublicationStatus

STATUS_BADGES = Badges(
    PublicationStatus,
    {PublicationStatus.DRAFT: "bg-secondary-lt", PublicationStatus.ISSUED: "bg-green-lt"},
)
NOWRAP = {"td": {"class": "text-nowrap"}}


class PublicationTable(LedgerTable):
    title = LinkColumn("stats:publication_detail", verbose_name="标题", attrs={})
    kind = tables.Column(verbose_name="类别", attrs=NOWRAP)
    number = tables.Column(verbose_name="编号", attrs=NOWRAP)
    root = tables.Column(verbose_name="统计单位", accessor="root__name", attrs=NOWRAP)
    period_label = tables.Column(verbose_name="统计期间", attrs=NOWRAP)
    definitions_version = tables.Column(verbose_name="口径版本", attrs=NOWRAP)
    status = BadgeColumn(STATUS_BADGES, verbose_name="状态")
    issued_at = tables.Column(verbose_name="发布时间", attrs=NOWRAP)

    class Meta(LedgerTable.Meta):
        model = Publication
        fields = ()
        sequence = (
            "title",
            "kind",
            "number",
            "root",
            "period_label",
            "definitions_version",
            "status",
            "issued_at",
        )
        attrs = {"class": "table card-table table-vcenter", "data-testid": "publication-table"}
        row_attrs = {"data-testid": "publication-row"}

    def render_kind(self, record: Publication) -> str:
        return record.get_kind_display()

    def render_issued_at(self, value: Any) -> str:
        return cn_datetime(value)
