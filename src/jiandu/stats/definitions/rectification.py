"""巡察整改情况表 (DOMAIN.md §9: on-time rates among the due dates falling in the period)."""

from jiandu.stats.standard import Column, StandardTable, register

register(
    StandardTable(
        key="rectification",
        title="巡察整改情况表",
        domain="inspections",
        capability="inspections.view",
        order=50,
        description="到期整改事项、完成和按期完成情况、整改完成率、按期整改率、逾期未完成。",
        columns=(
            Column("due", "到期事项", figure="inspections.items_due"),
            Column("done", "已完成", figure="inspections.items_done"),
            Column("on_time", "按期完成", figure="inspections.items_on_time"),
            Column("done_rate", "整改完成率（%）", ratio=("done", "due")),
            Column("on_time_rate", "按期整改率（%）", ratio=("on_time", "due")),
            Column("overdue", "期末逾期未完成", figure="inspections.items_overdue"),
        ),
        notes=(
            "按期整改率 = 完成时限在统计期间内的事项中，截至期末已验收销号"
            "且完成日期不晚于完成时限的 ÷ 全部；逾期仍未完成的计为未按期。",
            "各项均按完成时限、完成日期、销号日期计算，不按当前状态，过去期间重新统计结果不变。",
        ),
    )
)
