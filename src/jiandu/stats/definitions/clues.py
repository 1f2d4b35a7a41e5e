"""问题线索处置情况表 (DOMAIN.md §9; the figures: ``jiandu.clues.figures``)."""

from jiandu.stats.standard import Column, StandardTable, register

register(
    StandardTable(
        key="clues",
        title="问题线索处置情况表",
        domain="clues",
        capability="clues.view",
        order=20,
        description="受理线索按来源、四种处置方式及其占比、了结暂存初核立案、按期处置率、超期未办。",
        columns=(
            Column("received", "受理线索", figure="clues.received"),
            Column("by_source", "按来源", figure="clues.received", split="source"),
            Column("disposed", "处置线索", figure="clues.disposed"),
            Column("by_method", "按处置方式", figure="clues.disposed", split="method"),
            *(
                Column(
                    f"share_{m}",
                    label,
                    ratio=(f"by_method:{m}", "disposed"),
                    group="处置方式占比",
                )
                for m, label in (
                    ("talk", "谈话函询"),
                    ("verify", "初步核实"),
                    ("shelve", "暂存待查"),
                    ("close", "予以了结"),
                )
            ),
            Column("closed", "了结", figure="clues.outcome_closed", group="处置结果"),
            Column("shelved", "暂存待查", figure="clues.outcome_shelved", group="处置结果"),
            Column("verified", "初步核实", figure="clues.outcome_verified", group="处置结果"),
            Column("filed", "立案", figure="clues.outcome_filed", group="处置结果"),
            Column("due", "应按期处置", figure="clues.disposition_due", group="按期处置"),
            Column("on_time", "按期处置", figure="clues.disposition_on_time", group="按期处置"),
            Column("on_time_rate", "按期处置率", ratio=("on_time", "due"), group="按期处置"),
            Column("overdue", "超期未办（期末）", figure="clues.overdue"),
        ),
        notes=(
            "计量单位：件（一件线索计1件）。",
            "处置方式占比 = 该方式处置件数 ÷ 处置线索件数，四种方式占比之和为100%（四舍五入）。",
            "按期处置率：在统计期间内到期的处置期限中，在到期日当日或之前经批准处置的 ÷ 全部；"
            "到期未处置的计为未按期（DOMAIN.md §9）。",
            "超期未办按统计期间最后一日的情况计算（期间未结束的按今日），不看线索现在的状态。",
            "同比为上年同期，环比为上一个相同长度的期间；比率的同比、环比为百分点之差。",
            "“本级”一行为本单位及其内设部门的数字（不含所辖纪检监察机构），各行之和等于合计。",
        ),
    )
)
