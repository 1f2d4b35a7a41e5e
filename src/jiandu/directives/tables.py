"""The directive ledgers' tables (documents, tasks) and the task status badges."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html

from jiandu.core.badges import Badges
from jiandu.core.formatting import cn_date
from jiandu.core.tables import BadgeColumn, CnDateColumn, LedgerTable, LinkColumn
from jiandu.directives.models import DirectiveDocument, Task, TaskStatus

STATUS_BADGES = Badges(
    TaskStatus,
    {
        TaskStatus.DRAFT: "bg-secondary-lt",
        TaskStatus.ASSIGNED: "bg-blue-lt",
        TaskStatus.IN_PROGRESS: "bg-cyan-lt",
        TaskStatus.COMPLETED: "bg-orange-lt",
        TaskStatus.CLOSED: "bg-green-lt",
    },
)
NOWRAP = {"td": {"class": "text-nowrap"}}


class DocumentTable(LedgerTable):
    document_date = CnDateColumn(verbose_name="日期", orderable=True)
    title = LinkColumn("directives:document_detail", verbose_name="标题", attrs={})
    kind = tables.Column(verbose_name="类别", attrs=NOWRAP)
    issuer_unit = tables.Column(verbose_name="交办单位", accessor="issuer_unit__name", attrs=NOWRAP)
    status = tables.Column(verbose_name="状态", attrs=NOWRAP)
    task_count = tables.Column(verbose_name="已交办任务")
    closed_count = tables.Column(verbose_name="已销号")
    overdue_count = tables.Column(verbose_name="超期")
    rate = tables.Column(verbose_name="销号率", empty_values=())

    class Meta(LedgerTable.Meta):
        model = DirectiveDocument
        fields = ()
        attrs = {"class": "table card-table table-vcenter", "data-testid": "document-table"}
        row_attrs = {"data-testid": "document-row"}

    def render_kind(self, record: DirectiveDocument) -> str:
        return record.get_kind_display()

    def render_status(self, record: DirectiveDocument) -> Any:
        css = "bg-green-lt" if record.status == "published" else "bg-secondary-lt"
        badge = format_html('<span class="badge {}">{}</span>', css, record.get_status_display())
        if record.draft_count:
            return format_html(
                '{} <span class="small text-secondary">{}项待发布</span>', badge, record.draft_count
            )
        return badge

    def render_task_count(self, value: int) -> str:
        return str(value)

    def render_closed_count(self, value: int) -> str:
        return str(value)

    def render_overdue_count(self, value: int) -> Any:
        if value:
            return format_html('<span class="text-danger fw-bold">{}</span>', value)
        return "0"

    def render_rate(self, record: DirectiveDocument) -> str:
        return f"{record.rate}%" if record.rate is not None else "—"


class TaskTable(LedgerTable):
    document = tables.Column(
        verbose_name="部署文件",
        accessor="document__title",
        attrs={"td": {"class": "small", "style": "min-width: 10rem"}},
    )
    citation = tables.Column(verbose_name="编号", accessor="number", attrs=NOWRAP, orderable=False)
    title = LinkColumn(
        "directives:task_detail",
        verbose_name="任务",
        testid="task-link",
        attrs={"td": {"style": "min-width: 14rem"}},
    )
    owner_text = tables.Column(
        verbose_name="责任单位",
        empty_values=(),
        attrs={"td": {"class": "small", "style": "max-width: 16rem"}},
    )
    due_date = tables.Column(verbose_name="完成时限", empty_values=(), orderable=True)
    progress = tables.Column(verbose_name="进度", empty_values=())
    status = BadgeColumn(STATUS_BADGES, verbose_name="状态", orderable=True)

    class Meta(LedgerTable.Meta):
        model = Task
        fields = ()
        attrs = {"class": "table card-table table-vcenter", "data-testid": "task-table"}
        row_attrs = {"data-testid": "task-row"}

    def render_document(self, value: str) -> str:
        return truncatechars(value, 24)

    def render_due_date(self, record: Task) -> Any:
        if not record.due_date:
            return "—"
        css = "text-nowrap text-danger fw-bold" if record.overdue else "text-nowrap"
        late = "（已超期）" if record.overdue else ""
        return format_html('<span class="{}">{}{}</span>', css, cn_date(record.due_date), late)

    def render_progress(self, record: Task) -> str:
        return f"{record.progress}%"
