"""党风廉政意见回复情况表 (DOMAIN.md §7, §9)."""

from jiandu.stats.standard import Column, StandardTable, register

register(
    StandardTable(
        key="clearance",
        title="党风廉政意见回复情况表",
        domain="clearance",
        capability="clearance.view",
        order=80,
        description="收到征求意见（按事由）和人次、出具回复函和回复人次（按回复意见）、按期回复率、超期未回复。",
        columns=(
            Column("received", "收到征求意见", figure="clearance.received"),
            Column(
                "received_purpose",
                "按事由",
                figure="clearance.received",
                split="purpose",
                compare=False,
            ),
            Column("people", "征求意见人次", figure="clearance.people"),
            Column("issued", "出具回复函", figure="clearance.issued"),
            Column("answered", "回复人次", figure="clearance.people_answered"),
            Column(
                "answered_by",
                "按回复意见（人次）",
                figure="clearance.people_answered",
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
            "人次按征求意见所列人员计：一人在几件中被征求意见的，各计一人次；"
            "按回复意见分列的各栏之和等于回复人次。",
            "按收到日期、回复函日期和回复期限计算，不按当前状态，过去期间重新统计结果不变。",
        ),
    )
)
