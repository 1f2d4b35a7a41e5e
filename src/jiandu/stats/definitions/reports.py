"""信访举报情况表 (DOMAIN.md §9; the figures: ``jiandu.intake.figures``)."""

from jiandu.stats.standard import Column, StandardTable, register

register(
    StandardTable(
        key="reports",
        title="信访举报情况表",
        domain="reports",
        capability="reports.view",
        order=10,
        description="收到信访举报按渠道、问题类别、被反映人职级、实名匿名；受理、转送、重复件；"
        "检举控告类占比；按期告知受理情况和办理结果。",
        columns=(
            Column("received", "收到（件次）", figure="reports.received"),
            Column("matters", "合并重复件后（件）", figure="reports.matters"),
            Column("by_channel", "按来源渠道", figure="reports.received", split="channel"),
            Column("by_category", "按问题类别", figure="reports.received", split="category"),
            Column("by_rank", "按被反映人职级", figure="reports.received", split="rank"),
            Column("by_named", "实名或匿名", figure="reports.received", split="named"),
            Column("accepted", "本级受理", figure="reports.accepted", group="办理"),
            Column("forwarded", "转送", figure="reports.forwarded", group="办理"),
            Column("duplicates", "重复件", figure="reports.duplicates", group="办理"),
            Column("accusations", "件次", figure="reports.accusations", group="检举控告类"),
            Column(
                "accusation_share", "占比", ratio=("accusations", "received"), group="检举控告类"
            ),
            Column("ack_due", "应告知", figure="reports.ack_due", group="受理情况告知"),
            Column("ack_on_time", "按期告知", figure="reports.ack_on_time", group="受理情况告知"),
            Column(
                "ack_rate", "按期告知率", ratio=("ack_on_time", "ack_due"), group="受理情况告知"
            ),
            Column("result_due", "应告知", figure="reports.result_due", group="办理结果告知"),
            Column(
                "result_on_time", "按期告知", figure="reports.result_on_time", group="办理结果告知"
            ),
            Column(
                "result_rate",
                "按期告知率",
                ratio=("result_on_time", "result_due"),
                group="办理结果告知",
            ),
        ),
        notes=(
            "计量单位：件次指每收到一次计一次（同一问题反映三次为3件次）；件指合并重复件后的件数。",
            "同比为上年同期，环比为上一个相同长度的期间；比率的同比、环比为百分点之差。",
            "按期率：在统计期间内到期的各项告知中，在到期日当日或之前完成的 ÷ 全部；"
            "到期未完成的计为未按期（DOMAIN.md §9）。",
            "“本级”一行为本单位及其内设部门的数字（不含所辖纪检监察机构），各行之和等于合计。",
        ),
    )
)
