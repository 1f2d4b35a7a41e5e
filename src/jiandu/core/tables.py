"""Building blocks of ledger tables (django-tables2): status badges, Chinese dates, links.

A status shown as a coloured badge is declared once per set of choices
(``core.badges.Badges``) and shown by ``BadgeColumn`` in ledgers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jiandu.core.badges import Badges
from jiandu.core.formatting import cn_date

EMPTY = mark_safe('<span class="text-secondary">—</span>')


class BadgeColumn(tables.Column):
    """A choice shown as a coloured badge (``Badges``)."""

    def __init__(self, badges: Badges, *, testid: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(**kwargs)
        self.badges = badges
        self.testid = testid

    def render(self, value: Any) -> str:
        return self.badges.render(value, **({"data_testid": self.testid} if self.testid else {}))


class CnDateColumn(tables.Column):
    """A date as 2026年11月23日 (``core.formatting.cn_date``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(**kwargs)

    def render(self, value: Any) -> str:
        return cn_date(value)


class LinkColumn(tables.Column):
    """The value linked to the row's page (``url(record)`` or ``record.get_absolute_url``),
    with an optional test id on the link."""

    def __init__(
        self,
        url: Callable[[Any], str] | str | None = None,
        *,
        testid: str = "",
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("attrs", {"td": {"class": "text-nowrap"}})
        super().__init__(**kwargs)
        self.url = url
        self.testid = testid

    def href(self, record: Any) -> str:
        if self.url is None:
            return record.get_absolute_url()
        if isinstance(self.url, str):
            return reverse(self.url, args=(record.pk,))
        return self.url(record)

    def render(self, value: Any, record: Any) -> str:
        if self.testid:
            return format_html(
                '<a href="{}" data-testid="{}">{}</a>', self.href(record), self.testid, value
            )
        return format_html('<a href="{}">{}</a>', self.href(record), value)


class LedgerTable(tables.Table):
    """Base of every ledger table: the Tabler card-table look, "—" for empty cells and no
    column sortable unless it says so (``orderable=True``; the ledger view only sorts by
    those, see ``core.ledger``)."""

    class Meta:
        attrs = {"class": "table card-table table-vcenter table-sm"}
        orderable = False
        default = EMPTY
        template_name = "core/ledger_table.html"
