"""大数据比对情况表 (DOMAIN.md §9, §10)."""

from jiandu.stats.standard import Column, StandardTable, register

register(
    StandardTable(
        key="crosscheck",
        title="大数据比对情况表",
        domain="crosscheck",
        capability="crosscheck.view",
        order=70,
        description="发现疑点（按规则）、确认、排除、转为问题线索、规则精准率。",
        columns=(
            Column("hits", "发现疑点", figure="crosscheck.hits"),
            Column("by_rule", "按比对规则", figure="crosscheck.hits", split="rule"),
            Column("confirmed", "确认", figure="crosscheck.hits_confirmed", group="研判"),
            Column("unfounded", "排除", figure="crosscheck.hits_unfounded", group="研判"),
            Column("decided", "已研判", figure="crosscheck.hits_decided", group="研判"),
            Column("to_clue", "转为问题线索", figure="crosscheck.hits_to_clue"),
            Column("precision", "精准率（%）", ratio=("confirmed", "decided")),
        ),
        notes=("精准率 = 统计期间内研判的疑点中，确认数 ÷（确认数 + 排除数）。",),
    )
)
