"""The register's ledger tables: units, cadres, companies."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from jiandu.core.tables import CnDateColumn, LedgerTable, LinkColumn
from jiandu.org.models import Cadre, Company, Unit

END = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}


class UnitTable(LedgerTable):
    code = tables.Column(verbose_name="编码", attrs={"td": {"class": "text-secondary"}})
    name = LinkColumn("org:unit_detail", verbose_name="名称", attrs={})
    kind = tables.Column(verbose_name="类别")
    parent = tables.Column(verbose_name="上级单位", accessor="parent__name", default="—")
    cadre_count = tables.Column(verbose_name="在职人数", attrs=END)

    class Meta(LedgerTable.Meta):
        model = Unit
        fields = ()
        attrs = {"class": "table card-table table-vcenter", "data-testid": "unit-table"}

    def render_kind(self, record: Unit) -> str:
        return record.get_kind_display()

    def render_cadre_count(self, value: int) -> str:
        return str(value)


class CadreTable(LedgerTable):
    name = LinkColumn(
        "org:cadre_detail", verbose_name="姓名", testid="cadre-link", attrs={}, orderable=True
    )
    gender = tables.Column(verbose_name="性别")
    birth_date = CnDateColumn(verbose_name="出生日期", attrs={}, orderable=True)
    political_status = tables.Column(verbose_name="政治面貌")
    rank = tables.Column(verbose_name="职级", orderable=True)
    posts = tables.Column(
        verbose_name="现任职务",
        empty_values=(),
        accessor="pk",
        attrs={"td": {"class": "text-wrap"}},
    )

    class Meta(LedgerTable.Meta):
        model = Cadre
        fields = ()
        attrs = {
            "class": "table card-table table-vcenter table-nowrap",
            "data-testid": "cadre-table",
        }

    def render_gender(self, record: Cadre) -> str:
        return record.get_gender_display()

    def render_political_status(self, record: Cadre) -> str:
        return record.get_political_status_display()

    def render_rank(self, record: Cadre) -> str:
        return record.get_rank_display()

    def render_posts(self, record: Cadre) -> Any:
        posts = list(record.current_posts)
        if not posts:
            return mark_safe('<span class="text-secondary">无现任职务</span>')
        head = mark_safe(' <span class="badge bg-red-lt">一把手</span>')
        return format_html_join(
            "；", "{}{}{}", ((p.unit.name, p.title, head if p.is_head else "") for p in posts)
        )


class CompanyTable(LedgerTable):
    name = LinkColumn("org:company_detail", verbose_name="企业名称", attrs={})
    uscc = tables.Column(verbose_name="统一社会信用代码", attrs={"td": {"class": "id-number"}})
    address = tables.Column(verbose_name="住所")
    registered_on = CnDateColumn(verbose_name="成立日期", attrs={})
    registered_capital = tables.Column(verbose_name="注册资本", attrs=END, default="")
    people_count = tables.Column(verbose_name="登记人员", attrs=END)

    class Meta(LedgerTable.Meta):
        model = Company
        fields = ()
        attrs = {"class": "table card-table table-vcenter"}

    def render_registered_capital(self, value: Any) -> str:
        return f"{value}万元" if value else ""

    def render_people_count(self, value: int) -> str:
        return str(value)
