"""催办情况表: how often each unit was urged, by the kind of item (``core.urging``)."""

from jiandu.stats.standard import Column, StandardTable, register

register(
    StandardTable(
        key="urges",
        title="催办情况表",
        domain="clues",
        capability="stats.view",
        order=90,
        description="各单位被催办的次数，按线索、案件、整改事项、督办任务分列。",
        columns=(
            Column("urges", "被催办次数", figure="core.urges"),
            Column("by_kind", "催办事项", figure="core.urges", split="kind"),
        ),
        notes=(
            "只有已超期的事项可以催办；每催办一次、每个被催办单位计一次。",
            "按催办日期计入统计期间，事项此后办结的，过去期间的次数不变。",
        ),
    )
)
