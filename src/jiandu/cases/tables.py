"""The case ledger's table (案件台账)."""

from __future__ import annotations

import django_tables2 as tables
from django.template.defaultfilters import truncatechars

from jiandu.cases.models import Case
from jiandu.core.tables import LedgerTable

NOWRAP = {"td": {"class": "text-nowrap"}}


def _cell(name: str) -> str:
    return f"cases/partials/ledger/{name}.html"


class CaseTable(LedgerTable):
    number = tables.TemplateColumn(
        template_name=_cell("number"), verbose_name="案件编号", attrs=NOWRAP, orderable=True
    )
    filed_on = tables.TemplateColumn(
        template_name=_cell("filed_on"),
        verbose_name="立案日期",
        attrs=NOWRAP,
        orderable=True,
    )
    title = tables.Column(verbose_name="案由", attrs={"td": {"style": "min-width: 10rem"}})
    people = tables.TemplateColumn(
        template_name=_cell("people"),
        verbose_name="被审查调查人",
        attrs={"td": {"style": "min-width: 8rem"}},
    )
    lead_unit = tables.TemplateColumn(
        template_name=_cell("lead_unit"),
        verbose_name="主办单位",
        attrs={"td": {"style": "min-width: 6rem"}},
    )
    leader = tables.Column(verbose_name="包案领导", attrs=NOWRAP, default="—")
    stage = tables.TemplateColumn(template_name=_cell("stage"), verbose_name="阶段", attrs=NOWRAP)
    next_deadline = tables.TemplateColumn(
        template_name=_cell("next_deadline"),
        verbose_name="下一时限",
        attrs={"td": {"class": "text-nowrap", "data-testid": "next-deadline"}},
    )
    flags = tables.TemplateColumn(template_name=_cell("flags"), verbose_name="")

    class Meta(LedgerTable.Meta):
        model = Case
        fields = ()
        attrs = {**LedgerTable.Meta.attrs, "data-testid": "case-table"}
        row_attrs = {"data-testid": "case-row"}

    def render_title(self, value: str) -> str:
        return truncatechars(value, 40)
