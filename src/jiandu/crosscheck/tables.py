"""The cross-check ledgers' tables (hits, runs, dataset versions) and their badges."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.html import format_html

from jiandu.core.badges import Badges
from jiandu.core.formatting import cn_datetime, money
from jiandu.core.tables import BadgeColumn, LedgerTable
from jiandu.crosscheck.models import DatasetVersion, Hit, HitStatus, Run, RunStatus, Severity

STATUS_BADGES = Badges(
    HitStatus,
    {
        HitStatus.NEW: "bg-orange-lt",
        HitStatus.CONFIRMED: "bg-green-lt",
        HitStatus.DISMISSED: "bg-secondary-lt",
    },
)
SEVERITY_BADGES = Badges(
    Severity,
    {Severity.HIGH: "bg-red-lt", Severity.MEDIUM: "bg-orange-lt", Severity.LOW: "bg-blue-lt"},
)
RUN_BADGES = Badges(
    RunStatus,
    {
        RunStatus.QUEUED: "bg-secondary-lt",
        RunStatus.RUNNING: "bg-blue-lt",
        RunStatus.SUCCEEDED: "bg-green-lt",
        RunStatus.FAILED: "bg-red-lt",
        RunStatus.CANCELLED: "bg-secondary-lt",
    },
)
NOWRAP = {"td": {"class": "text-nowrap"}}
END = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}


class HitTable(LedgerTable):
    rule_code = tables.Column(verbose_name="规则", attrs=NOWRAP, orderable=True)
    severity = BadgeColumn(SEVERITY_BADGES, verbose_name="风险", attrs={}, orderable=True)
    subject_name = tables.Column(verbose_name="当事人", attrs=NOWRAP, orderable=True)
    unit = tables.Column(
        verbose_name="单位", empty_values=(), attrs={"td": {"style": "min-width: 7rem"}}
    )
    summary = tables.Column(verbose_name="疑点摘要", attrs={"td": {"style": "min-width: 14rem"}})
    amount = tables.Column(
        verbose_name="金额",
        empty_values=(),
        orderable=True,
        attrs={"th": {"class": "text-end"}, "td": {"class": "text-end text-nowrap"}},
    )
    status = tables.TemplateColumn(
        template_name="crosscheck/partials/_hit_status.html",
        verbose_name="状态",
        attrs=NOWRAP,
        orderable=True,
    )
    found = tables.Column(
        verbose_name="发现", empty_values=(), attrs={"td": {"class": "text-nowrap small"}}
    )

    class Meta(LedgerTable.Meta):
        model = Hit
        fields = ()
        attrs = {**LedgerTable.Meta.attrs, "data-testid": "hit-table"}
        row_attrs = {"data-testid": "hit-row", "data-rule": lambda record: record.rule_code}

    def render_subject_name(self, value: str, record: Hit) -> Any:
        link = format_html(
            '<a href="{}" data-testid="hit-link">{}</a>',
            reverse("crosscheck:hit_detail", args=(record.pk,)),
            value,
        )
        if record.confidence < 1:
            return format_html(
                '{} <span class="badge bg-yellow-lt" title="按姓名匹配，可信度{}">姓名匹配</span>',
                link,
                f"{record.confidence:.2f}",
            )
        return link

    def render_unit(self, record: Hit) -> Any:
        if record.subject_unit:
            return record.subject_unit.name
        return format_html(
            '<span class="text-secondary">{}</span>', record.subject_unit_name or "—"
        )

    def render_summary(self, value: str) -> Any:
        return format_html('<span title="{}">{}</span>', value, truncatechars(value, 60))

    def render_amount(self, record: Hit) -> str:
        return money(record.amount) if record.amount is not None else "—"

    def render_found(self, record: Hit) -> Any:
        if record.is_new:
            return format_html(
                '第{}次 <span class="badge bg-red-lt" data-testid="new-badge">新</span>',
                record.first_run_id,
            )
        return f"第{record.first_run_id}次"


class RunTable(LedgerTable):
    run = tables.Column(verbose_name="运行", accessor="pk", attrs=NOWRAP)
    engine = tables.Column(verbose_name="引擎")
    rule_codes = tables.Column(
        verbose_name="规则", empty_values=(), attrs={"td": {"class": "small"}}
    )
    status = BadgeColumn(RUN_BADGES, verbose_name="状态", attrs={})
    hits_total = tables.Column(verbose_name="疑点", attrs=END)
    hits_new = tables.Column(verbose_name="新发现", attrs=END)
    started_by = tables.Column(
        verbose_name="发起", empty_values=(), attrs={"td": {"class": "small text-nowrap"}}
    )

    class Meta(LedgerTable.Meta):
        model = Run
        fields = ()
        attrs = {**LedgerTable.Meta.attrs, "data-testid": "run-table"}

    def render_run(self, record: Run) -> Any:
        return format_html(
            '<a href="{}">{}</a>', reverse("crosscheck:run_detail", args=(record.pk,)), record
        )

    def render_engine(self, record: Run) -> str:
        return record.get_engine_display()

    def render_rule_codes(self, record: Run) -> str:
        return "、".join(record.rule_codes) if record.rule_codes else "全部"

    def render_hits_total(self, value: int) -> str:
        return str(value)

    def render_hits_new(self, value: int, record: Run) -> Any:
        if not value:
            return "0"
        return format_html(
            '<a href="{}?new_in={}">{}</a>', reverse("crosscheck:hit_list"), record.pk, value
        )

    def render_started_by(self, record: Run) -> Any:
        return format_html(
            '{}<div class="text-secondary">{}</div>',
            record.started_by or "系统",
            cn_datetime(record.created_at),
        )


class DatasetVersionTable(LedgerTable):
    label = tables.Column(verbose_name="数据类型", empty_values=())
    version = tables.Column(verbose_name="版本")
    source_name = tables.Column(verbose_name="来源文件", attrs={"td": {"class": "small"}})
    rows_accepted = tables.Column(verbose_name="导入行数", attrs=END)
    rows_rejected = tables.Column(verbose_name="拒收行数", attrs=END)
    imported_by = tables.Column(verbose_name="导入人", default="系统")
    imported_at = tables.Column(verbose_name="导入时间", attrs=NOWRAP)

    class Meta(LedgerTable.Meta):
        model = DatasetVersion
        fields = ()
        attrs = {**LedgerTable.Meta.attrs, "data-testid": "version-table"}

    def render_version(self, value: int, record: DatasetVersion) -> Any:
        return format_html(
            '<a href="{}">第{}版</a>',
            reverse("crosscheck:dataset_detail", args=(record.pk,)),
            value,
        )

    def render_source_name(self, value: str, record: DatasetVersion) -> Any:
        return format_html(
            '{}<div class="text-secondary" title="{}">SHA-256 {}…</div>',
            value,
            record.source_sha256,
            record.source_sha256[:12],
        )

    def render_rows_accepted(self, value: int) -> str:
        return str(value)

    def render_rows_rejected(self, value: int) -> Any:
        if value:
            return format_html('<span class="text-danger">{}</span>', value)
        return "0"

    def render_imported_at(self, value: Any) -> str:
        return cn_datetime(value)
