"""Status badges: the Tabler badge colour of each value of a set of choices, declared once
(next to the choices) and used wherever the status is shown: ledger columns
(``core.tables.BadgeColumn``), detail pages (``badges.css(value)``, ``badges.render``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Choices
from django.forms.utils import flatatt
from django.utils.html import format_html

DEFAULT_BADGE = "bg-secondary-lt"


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
        extra = flatatt({key.replace("_", "-"): text for key, text in attrs.items()})
        return format_html(
            '<span class="badge {}"{}>{}</span>', self.css(value), extra, self.label(value)
        )
