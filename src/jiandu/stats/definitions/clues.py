"""问题线索处置情况表 (DOMAIN.md §9)."""

from jiandu.stats.standard import Column, StandardTable, register

register(
    StandardTable(
        key="clues",
        title="问题线索处置情况表",
        domain="clues",
        capability="clues.view",
        order=20,
        description="受理线索按来源、四种处置方式及其占比、了结暂存初核立案、按期处置率。",
        columns=(
            Column("received", "受理线索", figure="clues.received"),
            Column("by_source", "按来源", figure="clues.received", split="source"),
        ),
    )
)
