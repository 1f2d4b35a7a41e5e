"""Standard tables (标准报表): each a declaration of columns over the figures the domain
apps register (``jiandu.core.figures``); the rows are units (``stats.units``).

A column counts (or sums) one figure, optionally for breakdown values (``by``), or is
expanded into one column per value of a breakdown (``split``), or is a ratio of two other
columns of the same row (``ratio``: an on-time rate, a share). Every count cell links to
the ledger filtered to exactly the rows it counts (``Cell.url``).

Tables register themselves from ``jiandu.stats.definitions`` (one module per table). A
table's ``version`` changes whenever a definition changes; a published table records it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jiandu.core import figures


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    figure: str = ""
    by: tuple[tuple[str, str], ...] = ()
    # One column per value of this breakdown of ``figure``; an expanded column keeps the
    # name, its value being the last of ``by``.
    split: str = ""
    ratio: tuple[str, str] | None = None  # (numerator column key, denominator column key)
    group: str = ""  # the merged header row above (e.g. "处置方式")
    compare: bool = True  # show 同比 / 环比

    @property
    def is_ratio(self) -> bool:
        return self.ratio is not None


@dataclass(frozen=True)
class StandardTable:
    key: str
    title: str
    domain: str  # the scope domain that decides who may choose the root (reports, clues …)
    capability: str  # what opens it besides stats.view (e.g. "clues.view")
    columns: tuple[Column, ...]
    notes: tuple[str, ...] = ()  # definitions beyond those of the figures
    version: str = "2026.1"
    order: int = 100
    description: str = ""

    def figures(self) -> list[figures.Figure]:
        seen: dict[str, figures.Figure] = {}
        for col in self.columns:
            if col.figure and col.figure not in seen:
                seen[col.figure] = figures.get(col.figure)
        return list(seen.values())

    def expanded(self) -> list[Column]:
        """The columns with every ``split`` column expanded into one per value."""
        out: list[Column] = []
        for col in self.columns:
            if not col.split:
                out.append(col)
                continue
            by = figures.get(col.figure).by[col.split]
            for value, label in by.options():
                out.append(
                    Column(
                        key=f"{col.key}:{value}",
                        label=label,
                        figure=col.figure,
                        by=(*col.by, (col.split, value)),
                        split=col.split,
                        group=col.group or col.label,
                        compare=col.compare,
                    )
                )
        return out


REGISTRY: dict[str, StandardTable] = {}


def register(table: StandardTable) -> StandardTable:
    if table.key in REGISTRY and REGISTRY[table.key] != table:
        raise ValueError(f"standard table {table.key} registered twice")
    REGISTRY[table.key] = table
    return table


def tables_for(user) -> list[StandardTable]:
    """The tables a user may open, in their order."""
    if not user.has_capability("stats.view"):
        return []
    return sorted(
        (t for t in REGISTRY.values() if user.has_capability(t.capability)),
        key=lambda t: (t.order, t.key),
    )


def get(key: str) -> StandardTable:
    return REGISTRY[key]


@dataclass
class Definitions:
    """What a table page writes under the table: each figure's definition and notes."""

    figures: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def definitions(table: StandardTable) -> Definitions:
    return Definitions(
        figures=[(f.label, f.definition) for f in table.figures()], notes=list(table.notes)
    )


def definitions_markdown() -> str:
    """Every standard table's definitions as Markdown: the repository's
    ``docs/STATISTICS.md`` is this text (a test keeps it in step with the code)."""
    lines = [
        "# 统计口径 — how each figure of the standard tables is counted",
        "",
        "Generated from the figure and table declarations by `jiandu stats_definitions`;",
        "a test fails when this file and the code disagree. The rules behind them:",
        "DOMAIN.md §6 (four forms) and §9 (statistics).",
        "",
    ]
    for table in sorted(REGISTRY.values(), key=lambda t: (t.order, t.key)):
        lines += [f"## {table.title} (`{table.key}`, 口径版本 {table.version})", ""]
        if table.description:
            lines += [table.description, ""]
        for fig in table.figures():
            lines.append(f"- **{fig.label}**（{fig.measure}，`{fig.key}`）：{fig.definition}")
        for note in table.notes:
            lines.append(f"- {note}")
        lines.append("")
    return "\n".join(lines)
