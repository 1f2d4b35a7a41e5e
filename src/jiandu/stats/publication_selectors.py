"""Reading publications: the list a user may see, one publication, a table frozen as it
was issued (``frozen_table``: the grid's numbers with the row and column labels needed to
show it as issued) and what a recount today changes in it (``table_changes``: cell by
cell, issued against now; the frozen numbers are never written over)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from jiandu.core.scoping import get_visible_or_404
from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.models import Publication
from jiandu.stats.selectors import Grid, table_compute


def publication_list(*, user: Any, filters: Any = None) -> QuerySet[Publication]:
    """The publications of the roots whose statistics the user sees."""
    if not user.has_capability("stats.view"):
        return Publication.objects.none()
    from jiandu.stats.filters import PublicationFilter

    qs = Publication.objects.visible_to(user).select_related("root", "issued_by", "created_by")
    return PublicationFilter(filters or {}, queryset=qs.order_by("-created_at", "-id")).qs


def publication_get(*, user: Any, pk: Any) -> Publication:
    return get_visible_or_404(
        Publication.objects.select_related("root", "issued_by", "created_by"), user=user, pk=pk
    )


def frozen_table(grid: Grid) -> dict[str, Any]:
    """What a published table keeps: its columns and rows (labels, to show it as issued)
    and the numbers of the period (``Grid.numbers``)."""
    return {
        "table": grid.table.key,
        "columns": [
            {"key": c.key, "label": c.label, "group": c.group, "ratio": c.is_ratio}
            for c in grid.columns
        ],
        "rows": [
            {"key": r.unit.key, "name": r.unit.name, "total": r.unit.total, "only": r.unit.only}
            for r in grid.rows
        ],
        "values": grid.numbers(),
    }


@dataclass
class ChangedCell:
    issued: Any
    now: Any
    ratio: bool = False

    @property
    def changed(self) -> bool:
        return self.issued != self.now


@dataclass
class FrozenRow:
    key: str
    name: str
    total: bool
    cells: list[ChangedCell] = field(default_factory=list)


@dataclass
class FrozenView:
    """A frozen table shown as issued; with ``recounted``, each cell also carries the
    number counted today."""

    columns: list[dict[str, Any]]
    groups: list[tuple[str, int]]
    rows: list[FrozenRow]
    recounted: bool = False
    changed: int = 0  # how many cells differ
    new_rows: list[str] = field(default_factory=list)  # rows a recount has, the issue had not
    version_now: str = ""

    @property
    def header(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        top: list[dict[str, Any]] = []
        bottom: list[dict[str, Any]] = []
        i = 0
        for label, span in self.groups:
            cols = self.columns[i : i + span]
            i += span
            if label:
                top.append({"label": label, "colspan": span, "rowspan": 1})
                bottom.extend(cols)
            else:
                top.extend({"label": c["label"], "colspan": 1, "rowspan": 2} for c in cols)
        return top, bottom


def _groups(columns: list[dict[str, Any]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for col in columns:
        if out and out[-1][0] == col["group"]:
            out[-1] = (col["group"], out[-1][1] + 1)
        else:
            out.append((col["group"], 1))
    return out


def table_changes(*, user: Any, publication: Publication, recount: bool) -> FrozenView:
    """The frozen table as issued; when ``recount``, counted again today for the same
    period and root (as ``user`` may see it) and compared cell by cell."""
    frozen = publication.numbers
    columns = list(frozen.get("columns", []))
    values = frozen.get("values", {})
    now: dict[str, dict[str, Any]] = {}
    view = FrozenView(columns=columns, groups=_groups(columns), rows=[])
    if recount:
        table = standard.get(publication.key)
        grid = table_compute(
            user=user,
            table=table,
            period=P.parse(publication.period_code),
            root_id=publication.root_id,
            compare=False,
        )
        now = grid.numbers()
        view.recounted, view.version_now = True, table.version
        issued_keys = {r["key"] for r in frozen.get("rows", [])}
        view.new_rows = [r.unit.name for r in grid.rows if r.unit.key not in issued_keys]
    for r in frozen.get("rows", []):
        row = FrozenRow(r["key"], r["name"], r["total"])
        for c in columns:
            issued = values.get(r["key"], {}).get(c["key"])
            cell = ChangedCell(issued, issued, c["ratio"])
            if recount:
                cell.now = now.get(r["key"], {}).get(c["key"])
                view.changed += cell.changed
            row.cells.append(cell)
        view.rows.append(row)
    return view
