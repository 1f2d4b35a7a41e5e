"""Building blocks of ledger tables (django-tables2): status badges, Chinese dates, links.

A status badge is declared once per set of choices (``Badges``) and used everywhere the
status is shown: in a ledger column (``BadgeColumn``), on a detail page (``badges.css``)
and in templates (the ``badge`` filter)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import django_tables2 as tables
from django.db.models import Choices
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jiandu.core.formatting import cn_date

DEFAULT_BADGE = "bg-secondary-lt"
EMPTY = mark_safe('<span class="text-secondary">—</span>')


class Badges(dict[str, str]):
    """The Tabler badge class of each value of one set of choices.

    A ``dict`` from value to CSS class, so ``badges[value]`` and ``badges.get(value)``
    work; ``css`` falls back to the neutral grey for a value not declared."""

    def __init__(
        self,
        choices: type[Choices],
        colours: Mapping[Any, str],
        *,
        default: str = DEFAULT_BADGE,
    ) -> None:
        unknown = set(map(str, colours)) - {str(value) for value in choices.values}
        if unknown:
            raise ValueError(f"not values of {choices.__name__}: {sorted(unknown)}")
        super().__init__({str(value): css for value, css in colours.items()})
        self.choices = choices
        self.default = default

    def css(self, value: Any) -> str:
        return self.get(str(value), self.default)

    def label(self, value: Any) -> str:
        try:
            return str(self.choices(value).label)
        except ValueError:
            return str(value or "")

    def render(self, value: Any, **attrs: str) -> str:
        """``<span class="badge …">label</span>`` (extra attributes, e.g. a test id)."""
        extra = flatatt({name.replace("_", "-"): value for name, value in attrs.items()})
        return format_html(
            '<span class="badge {}"{}>{}</span>', self.css(value), extra, self.label(value)
        )


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
