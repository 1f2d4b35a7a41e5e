"""立案审查调查情况表 (DOMAIN.md §9; figures: ``jiandu.cases.figures``)."""

from jiandu.stats.standard import Column, StandardTable, register

register(
    StandardTable(
        key="cases",
        title="立案审查调查情况表",
        domain="cases",
        capability="cases.view",
        order=30,
        description="立案数（自办、指定管辖、联合办案），按被审查调查人职级、问题类别；留置、移送检察机关、结案、挽回经济损失。",
        columns=(
            Column("filed", "立案", figure="cases.filed", group="立案（件）"),
            Column(
                "by_handling",
                "办案方式",
                figure="cases.filed",
                split="kind",
                group="立案（件）",
            ),
            Column("by_rank", "按职级（件）", figure="cases.filed", split="rank"),
            Column("by_category", "按问题类别（件）", figure="cases.filed", split="category"),
            Column("detentions", "留置（件）", figure="cases.detentions"),
            Column("referrals", "移送检察机关（件）", figure="cases.referrals"),
            Column("closed", "结案（件）", figure="cases.closed"),
            Column("recovered", "挽回经济损失（元）", figure="cases.recovered"),
        ),
        notes=(
            "立案总数 = 自办 + 指定管辖 + 联合办案。",
            "所有数字按期间内发生的有日期的事件统计（批准立案、留置开始、移送、结案、登记追缴），"
            "不按案件当前阶段统计，过去期间的数字不随案件进展而改变。",
        ),
    )
)
