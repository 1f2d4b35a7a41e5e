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
        *_register_sheets(ctx["register"]),
        Sheet(
            "党风廉政意见回复",
            [
                C("编号", lambda p: p.request.number, width=16, text=True),
                C("征求意见单位", lambda p: p.request.asking_body, width=20),
                C("事由", lambda p: p.request.get_purpose_display(), width=10),
                C("审批日期", lambda p: p.request.approved_on),
                C("回复意见", lambda p: p.get_answer_display(), width=16),
            ],
            ctx.get("clearances", []),
        ),
        Sheet(
            "廉政风险提示",
            [
                C("提示日期", lambda a: a.raised_on),
                C("类别", lambda a: a.get_kind_display(), width=24),
                C("提示原因", lambda a: a.reason, width=60, wrap=True),
                C("状态", lambda a: a.get_status_display(), width=12),
            ],
            ctx.get("alerts", []),
        ),
    )


def _declaration_text(d: Any) -> str:
    """A declaration's sections as lines ("房产情况：…；…"), empty sections left out."""
    from jiandu.integrity.register_selectors import declaration_sections

    lines = []
    for section in declaration_sections(d):
        if section.rows:
            items = "；".join("，".join(v for v in row if v) for row in section.rows)
            lines.append(f"{section.title}：{items}")
    return "\n".join(lines)


def _register_sheets(register: dict[str, Any]) -> list[Sheet]:
    """The register additions of the file (``register_selectors.register_part``)."""
    if not register:
        return []
    return [
        Sheet(
            "个人有关事项报告",
            [
                C("年度", lambda d: d.year, width=8),
                C("报告日期", lambda d: d.reported_on),
                C("婚姻状况", lambda d: d.get_marital_status_display(), width=10),
                C("婚姻变化情况", lambda d: d.marriage_changes, width=20, wrap=True),
                C("报告事项", _declaration_text, width=70, wrap=True),
                C("其他事项", lambda d: d.notes, width=30, wrap=True),
            ],
            register["declarations"],
        ),
        Sheet(
            "廉政谈话",
            [
                C("谈话日期", lambda t: t.talked_on),
                C("类别", lambda t: t.get_kind_display(), width=14),
                C("谈话人", lambda t: t.talked_by_name, width=12),
                C("谈话人单位及职务", lambda t: t.talked_by_unit, width=24),
                C("内容摘要", lambda t: t.summary, width=50, wrap=True),
            ],
            register["talks"],
        ),
        Sheet(
            "述责述廉",
            [
                C("年度", lambda r: r.year, width=8),
                C("日期", lambda r: r.reported_on),
                C("形式", lambda r: r.get_form_display(), width=14),
                C("测评结果", lambda r: r.get_rating_display(), width=10),
                C("评议意见", lambda r: r.remarks, width=50, wrap=True),
            ],
            register["duty_reports"],
        ),
        Sheet(
            "礼品礼金上交",
            [
                C("上交日期", lambda g: g.handed_in_on),
                C("礼品礼金", lambda g: g.description, width=30),
                C("价值（元）", lambda g: g.value, width=12),
                C("处理方式", lambda g: g.get_handling_display(), width=12),
                C("备注", lambda g: g.notes, width=30, wrap=True),
            ],
            register["gifts"],
        ),
        Sheet(
            "婚丧喜庆事宜报告",
            [
                C("举办日期", lambda e: e.event_on),
                C("事宜", lambda e: e.get_kind_display(), width=10),
                C("规模", lambda e: e.scale, width=20),
                C("邀请人数", lambda e: e.guests, width=10),
                C("报告日期", lambda e: e.reported_on),
                C("事前报告", lambda e: _yes(e.reported_before), width=10),
            ],
            register["family_events"],
        ),
        Sheet(
            "表彰奖励",
            [
                C("表彰日期", lambda c: c.awarded_on),
                C("表彰奖励名称", lambda c: c.title, width=36),
                C("授予机关", lambda c: c.awarded_by, width=24),
            ],
            register["commendations"],
        ),
    ]
