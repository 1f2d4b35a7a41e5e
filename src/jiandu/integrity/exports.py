"""The Excel export of one integrity file: one sheet per part, exactly what the page
shows the viewer (the context of ``selectors.cadre_file``), written by ``core.ledger``."""

from __future__ import annotations

from typing import Any

from jiandu.core.formatting import cn_date
from jiandu.core.ledger import SERIAL, ExportColumn, Sheet, xlsx_bytes

C = ExportColumn


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _summary_rows(ctx: dict[str, Any]) -> list[tuple[str, Any]]:
    cadre, panel, record = ctx["cadre"], ctx["panel"], ctx["record"]
    current = [p for p in ctx["posts"] if p.end_date is None]
    return [
        ("姓名", cadre.name),
        ("身份证号", cadre.citizen_id),
        ("性别", cadre.get_gender_display()),
        ("出生日期", cadre.birth_date),
        ("政治面貌", cadre.get_political_status_display()),
        ("职级", cadre.get_rank_display()),
        ("现任职务", "；".join(f"{p.unit.name}{p.title}" for p in current)),
        ("档案日期", ctx["on"]),
        ("影响期", panel.headline),
        ("影响期内的处分和措施", "、".join(m.label for m in panel.running) or "无"),
        ("在办事项", panel.open_count),
        ("信访举报（件）", len(record.reports)),
        ("问题线索（件）", len(record.clues)),
        ("谈话函询（次）", len(record.inquiries)),
        ("立案审查调查（件）", len(record.cases)),
        ("处理决定（份）", len(record.decisions)),
        ("巡察发现问题（条）", len(record.findings)),
        ("大数据比对疑点（已转线索）", len(record.hits)),
    ]


def cadre_file_xlsx(ctx: dict[str, Any]) -> bytes:
    record = ctx["record"]
    reports = ctx["reports"]
    report_columns = [C("问题类别", width=24)] + [C(f"{y}年", width=8) for y in reports["years"]]
    report_rows = [[r["category"], *r["counts"]] for r in reports["rows"]]
    if reports["years"]:
        report_rows.append(["合计（件）", *reports["totals"]])
    return xlsx_bytes(
        Sheet(
            "概况",
            [C("项目", width=26), C("内容", width=60, wrap=True, text=False)],
            [(k, v) for k, v in _summary_rows(ctx)],
        ),
        Sheet(
            "任职经历",
            [
                C("序号", SERIAL, width=6),
                C("单位", lambda p: p.unit.name, width=30),
                C("职务", lambda p: p.title, width=20),
                C("一把手", lambda p: _yes(p.is_head), width=8),
                C("任职时间", lambda p: p.start_date),
                C("免职时间", lambda p: p.end_date or "现任"),
            ],
            ctx["posts"],
        ),
        Sheet(
            "亲属",
            [
                C("关系", lambda r: r.get_relation_display(), width=10),
                C("姓名", lambda r: r.name),
                C("工作单位及职务", lambda r: r.occupation, width=30),
                C(
                    "经商办企业",
                    lambda r: "；".join(
                        f"{cp.company.name}（{cp.get_role_display()}）"
                        for cp in r.company_roles.all()
                    ),
                    width=40,
                    wrap=True,
                ),
            ],
            ctx["relatives"],
        ),
        Sheet("信访举报", report_columns, report_rows),
        Sheet(
            "问题线索",
            [
                C("线索编号", lambda f: f.number, width=18, text=True),
                C("收到日期", lambda f: f.on),
                C("办理情况", lambda f: f.label, width=36, wrap=True),
                C("结果", lambda f: f.detail, width=36, wrap=True),
                C("在办", lambda f: _yes(f.open), width=6),
            ],
            record.clues,
        ),
        Sheet(
            "谈话函询",
            [
                C("线索编号", lambda i: i.number, width=18, text=True),
                C("轮次", lambda i: i.round, width=6),
                C("方式", lambda i: i.mode_label, width=10),
                C("发函或谈话日期", lambda i: i.started_on),
                C("回复日期", lambda i: i.replied_on),
                C("办结日期", lambda i: i.concluded_on),
                C("结论", lambda i: i.outcome_label, width=20),
                C("核查结论", lambda i: i.finding_label, width=10),
                C("评估意见", lambda i: i.assessment, width=50, wrap=True),
            ],
            record.inquiries,
        ),
        Sheet(
            "立案审查调查",
            [
                C("案件编号", lambda f: f.number, width=18, text=True),
                C("立案日期", lambda f: f.on),
                C("办理情况", lambda f: f.label, width=50, wrap=True),
                C("在办", lambda f: _yes(f.open), width=6),
            ],
            record.cases,
        ),
        Sheet(
            "处分和措施",
            [
                C("序号", SERIAL, width=6),
                C("来源", lambda m: "处理决定" if m.source == "decision" else "线索处置"),
                C("案件或线索编号", lambda m: m.number, width=18, text=True),
                C("处分或措施", lambda m: m.label, width=16),
                C("类别", lambda m: m.kind_label, width=14),
                C("形态", lambda m: f"第{m.form}种形态" if m.form else "", width=12),
                C("决定日期（起算日）", lambda m: m.decided_on, width=16),
                C(
                    "本项影响期至",
                    lambda m: "永久" if m.permanent else (m.own_end or "无影响期"),
                    width=14,
                ),
                C(
                    f"{cn_date(ctx['on'])}仍在影响期",
                    lambda m: _yes(m.running_on(ctx["on"])),
                    width=18,
                ),
            ],
            record.measures,
        ),
        Sheet(
            "巡察发现问题",
            [
                C("巡察轮次", lambda f: f.number, width=24),
                C("进驻日期", lambda f: f.on),
                C("问题", lambda f: f.label, width=36, wrap=True),
                C("内容及认定依据", lambda f: f.detail, width=60, wrap=True),
            ],
            record.findings,
        ),
        Sheet(
            "大数据比对",
            [
                C("疑点", lambda f: f.number, width=12, text=True),
                C("转线索日期", lambda f: f.on),
                C("情况", lambda f: f.label, width=30),
                C("疑点摘要", lambda f: f.detail, width=60, wrap=True),
            ],
            record.hits,
        ),
    )
