"""处分情况表 (DOMAIN.md §6 and §9; figures: ``jiandu.cases.figures``)."""

from jiandu.stats.standard import Column, StandardTable, register

FORMS = "运用“四种形态”（人次）"
SHARES = "四种形态占比"

register(
    StandardTable(
        key="sanctions",
        title="处分情况表",
        domain="cases",
        capability="cases.view",
        order=40,
        description="党纪政务处分按种类、组织处理，运用“四种形态”人次及占比（含线索处置中的第一种形态）。",
        columns=(
            Column("sanctioned", "党纪政务处分（人次）", figure="sanctions.sanctioned"),
            Column("party", "党纪处分", figure="sanctions.people_party", group="党纪处分（人次）"),
            Column(
                "party_kind",
                "党纪处分种类",
                figure="sanctions.people_party",
                split="kind",
                group="党纪处分（人次）",
            ),
            Column(
                "government",
                "政务处分",
                figure="sanctions.people_government",
                group="政务处分（人次）",
            ),
            Column(
                "government_kind",
                "政务处分种类",
                figure="sanctions.people_government",
                split="kind",
                group="政务处分（人次）",
            ),
            Column("org", "组织处理", figure="sanctions.org_measures", group="组织处理（人次）"),
            Column(
                "org_kind",
                "组织处理方式",
                figure="sanctions.org_measures",
                split="kind",
                group="组织处理（人次）",
            ),
            Column(
                "form1_case",
                "第一种形态（审查调查）",
                figure="sanctions.decisions",
                by=(("form", "1"),),
                group=FORMS,
            ),
            Column(
                "form1_clue",
                "第一种形态（线索处置）",
                figure="clues.first_form_measures",
                group=FORMS,
            ),
            Column("form1", "第一种形态小计", sum_of=("form1_case", "form1_clue"), group=FORMS),
            Column(
                "form2",
                "第二种形态",
                figure="sanctions.decisions",
                by=(("form", "2"),),
                group=FORMS,
            ),
            Column(
                "form3",
                "第三种形态",
                figure="sanctions.decisions",
                by=(("form", "3"),),
                group=FORMS,
            ),
            Column(
                "form4",
                "第四种形态",
                figure="sanctions.decisions",
                by=(("form", "4"),),
                group=FORMS,
            ),
            Column("forms_total", "合计", sum_of=("form1", "form2", "form3", "form4"), group=FORMS),
            Column("share1", "第一种", ratio=("form1", "forms_total"), group=SHARES),
            Column("share2", "第二种", ratio=("form2", "forms_total"), group=SHARES),
            Column("share3", "第三种", ratio=("form3", "forms_total"), group=SHARES),
            Column("share4", "第四种", ratio=("form4", "forms_total"), group=SHARES),
        ),
        notes=(
            "党纪政务处分合计中，同一决定既给予党纪处分又给予政务处分的计一人次，"
            "党纪、政务中各计一人次。",
            "四种形态：一人一次决定按所受最重的处理计入一种形态（[纪委条例] 31）；"
            "第一种形态包括审查调查中作出的和线索谈话函询、初步核实了结时决定的；"
            "四种形态占比之和为100%（四舍五入至0.1）。",
            "申诉（复审复核）变更后的决定不另计人次，已统计期间的数字不因以后的变更而改变。",
        ),
    )
)
