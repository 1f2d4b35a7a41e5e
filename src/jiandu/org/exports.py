"""Excel (xlsx) export of units, cadres and posts.

Exactly what the user may see (the selectors of ``jiandu.org.selectors`` and
``Post.objects.visible_to``), with the same columns as the import templates
(``jiandu.org.imports.COLUMNS``), so that an export imports again into an empty
database. ``core.ledger`` writes the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jiandu.core.errors import NotFound
from jiandu.core.ledger import ExportColumn, Sheet, xlsx_bytes
from jiandu.core.scoping import parse_id
from jiandu.org import selectors
from jiandu.org.imports import COLUMNS, KINDS
from jiandu.org.models import Gender, PoliticalStatus, Post, Rank, UnitKind

CHUNK = 2000


def _flag(value: bool) -> str:
    return "是" if value else "否"


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _unit_rows(user: Any, filters: Any) -> Iterator[dict[str, Any]]:
    scope = user.unit_scope("org")
    units = selectors.unit_list(user=user, filters=filters).order_by("sort_order", "code", "id")
    for unit in units.iterator(chunk_size=CHUNK):
        # A parent the user may not see is not named (its code would mean nothing to them
        # and would not import again without it).
        parent = unit.parent if unit.parent_id and scope.allows_unit(unit.parent_id) else None
        yield {
            "code": unit.code,
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": _label(UnitKind, unit.kind),
            "parent_code": parent.code if parent else "",
            "uscc": unit.uscc,
            "sort_order": unit.sort_order,
        }


def _cadre_rows(user: Any, filters: Any) -> Iterator[dict[str, Any]]:
    cadres = selectors.cadre_list(user=user, filters=filters).prefetch_related(None)
    for cadre in cadres.iterator(chunk_size=CHUNK):
        yield {
            "name": cadre.name,
            "citizen_id": cadre.citizen_id,
            "gender": _label(Gender, cadre.gender),
            "birth_date": cadre.birth_date,
            "political_status": _label(PoliticalStatus, cadre.political_status),
            "rank": _label(Rank, cadre.rank),
            "phone": cadre.phone,
            "notes": cadre.notes,
        }


def _post_rows(user: Any, filters: Any) -> Iterator[dict[str, Any]]:
    filters = filters or {}
    posts = Post.objects.visible_to(user).select_related("cadre", "unit")
    unit = parse_id(str(filters.get("unit") or ""))
    if unit is not None:
        posts = posts.filter(unit_id=unit)
    if str(filters.get("current") or "").lower() in ("1", "true", "on", "yes"):
        posts = posts.current()
    posts = posts.order_by("unit__sort_order", "unit__code", "-is_head", "start_date", "id")
    for post in posts.iterator(chunk_size=CHUNK):
        yield {
            "citizen_id": post.cadre.citizen_id,
            "name": post.cadre.name,
            "unit_code": post.unit.code,
            "title": post.title,
            "is_head": _flag(post.is_head),
            "is_leadership": _flag(post.is_leadership),
            "start_date": post.start_date,
            "end_date": post.end_date,
        }


_ROWS = {"units": _unit_rows, "cadres": _cadre_rows, "posts": _post_rows}


def export_columns(kind: str) -> list[ExportColumn]:
    """The import template's columns of ``kind`` as export columns."""
    return [
        ExportColumn(
            col.header,
            lambda row, field=col.field: row[field],
            width=col.width,
            text=col.text_format,
            required=col.required,
        )
        for col in COLUMNS[kind]
    ]


def export_xlsx(*, user: Any, kind: str, filters: Any) -> bytes:
    """The ``kind`` list ("units", "cadres" or "posts") as an xlsx file."""
    if kind not in KINDS:
        raise NotFound()
    return xlsx_bytes(Sheet(KINDS[kind], export_columns(kind), _ROWS[kind](user, filters)))
