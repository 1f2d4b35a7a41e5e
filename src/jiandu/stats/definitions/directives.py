"""督办事项落实情况表 (DOMAIN.md §9)."""

from jiandu.stats.standard import Column, StandardTable, register

register(
    StandardTable(
        key="directives",
        title="督办事项落实情况表",
        domain="directives",
        capability="directives.view",
        order=60,
        description="到期督办任务、销号和按期完成情况、完成率、按期完成率、逾期未完成。",
        columns=(
            Column("due", "到期任务", figure="directives.tasks_due"),
            Column("done", "已销号", figure="directives.tasks_done"),
            Column("on_time", "按期完成", figure="directives.tasks_on_time"),
            Column("done_rate", "完成率（%）", ratio=("done", "due")),
            Column("on_time_rate", "按期完成率（%）", ratio=("on_time", "due")),
            Column("overdue", "期末逾期未完成", figure="directives.tasks_overdue"),
        ),
        notes=(
            "一项任务有多个责任单位的，在各单位所在行各计一次，合计中只计一次，故各行之和可能大于合计。",
            "按完成时限和销号日期计算，不按当前状态，过去期间重新统计结果不变。",
        ),
    )
)
