"""Reads of the register part of the integrity file, limited to what the user may see:
a record is seen with its cadre (``Cadre.objects.visible_to(user)``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from jiandu.core.scoping import get_visible_or_404
from jiandu.integrity.models import DECLARATION_SECTIONS, PersonalDeclaration
from jiandu.integrity.register_services import KINDS, RECORD
from jiandu.org.models import Cadre


def cadre_get_for(*, user: Any, pk: Any) -> Cadre:
    """The cadre, or ``NotFound`` for a missing one and for one the user may not see."""
    return get_visible_or_404(Cadre.objects, user=user, pk=pk)


def records(*, user: Any, kind: str, cadre: Cadre | None = None) -> QuerySet:
    """The records of ``kind`` (a slug of ``KINDS``) the user may see, of one cadre."""
    qs = KINDS[kind].model.objects.visible_to(user).select_related("cadre")  # type: ignore[attr-defined]
    if cadre is not None:
        qs = qs.filter(cadre=cadre)
    return qs


@dataclass(frozen=True)
class Section:
    """One section of a declaration, ready for a table."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[str]]


def declaration_sections(declaration: PersonalDeclaration) -> list[Section]:
    out = []
    for key, (title, columns) in DECLARATION_SECTIONS.items():
        items = getattr(declaration, key) or []
        out.append(
            Section(
                key=key,
                title=title,
                headers=[header for _, header in columns],
                rows=[[str(item.get(k, "")) for k, _ in columns] for item in items],
            )
        )
    return out


def register_part(*, user: Any, cadre: Cadre) -> dict[str, Any]:
    """Everything the file page shows of the register additions of ``cadre``: the
    declarations (newest year first, each with its sections as tables), talks, 述责述廉,
    gifts turned in, 婚丧喜庆 reports and commendations; ``can_record`` and the add
    links when the user may record. Every list is scoped through the cadre (a cadre the
    user may not see has none); one query per kind."""
    declarations = list(records(user=user, kind="declarations", cadre=cadre))
    for declaration in declarations:
        declaration.sections = declaration_sections(declaration)  # type: ignore[attr-defined]
    can_record = bool(user is not None and user.has_capability(RECORD))
    return {
        "cadre": cadre,
        "can_record": can_record,
        "add_urls": {
            slug.replace("-", "_"): reverse("integrity:register_add", args=(cadre.pk, slug))
            for slug in KINDS
        }
        if can_record
        else {},
        "declarations": declarations,
        "talks": list(records(user=user, kind="talks", cadre=cadre)),
        "duty_reports": list(records(user=user, kind="duty-reports", cadre=cadre)),
        "gifts": list(records(user=user, kind="gifts", cadre=cadre)),
        "family_events": list(records(user=user, kind="family-events", cadre=cadre)),
        "commendations": list(records(user=user, kind="commendations", cadre=cadre)),
    }
