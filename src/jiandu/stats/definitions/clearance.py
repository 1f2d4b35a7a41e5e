"""党风廉政意见回复情况表 (DOMAIN.md §7, §9)."""

from jiandu.stats.standard import Column, StandardTable, register

register(
    StandardTable(
        key="clearance",
        title="党风廉政意见回复情况表",
        domain="clearance",
        capability="clearance.view",
        order=80,
        description="收到征求意见（按事由）、出具回复函（按回复意见）、按期回复率、超期未回复。",
        columns=(
            Column("received", "收到征求意见", figure="clearance.received"),
            Column(
                "received_purpose",
                "按事由",
                figure="clearance.received",
                split="purpose",
                compare=False,
            ),
            Column("issued", "出具回复函", figure="clearance.issued"),
            Column(
                "issued_answer",
                "回复函中含该意见的",
                figure="clearance.issued",
                split="answer",
                compare=False,
            ),
            Column("due", "到期应回复", figure="clearance.due"),
            Column("on_time", "按期回复", figure="clearance.on_time"),
            Column("on_time_rate", "按期回复率（%）", ratio=("on_time", "due")),
            Column("overdue", "期末超期未回复", figure="clearance.overdue"),
        ),
        notes=(
            "意见回复由本委案件监督管理室办理，计入其所在行；征求意见单位不作为统计单位。",
            "按回复意见分列的是件数：一件回复函对多人出具不同意见的，在各意见栏各计一次，"
            "故各栏之和可能大于出具回复函件数。",
            "按收到日期、回复函日期和回复期限计算，不按当前状态，过去期间重新统计结果不变。",
        ),
    )
)
