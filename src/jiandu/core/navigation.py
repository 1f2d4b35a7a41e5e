"""The module navigation. A module that is not built yet points at its "建设中" page."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    url_args: tuple = ()
    capability: str | None = None  # shown only to roles holding it
    children: tuple[NavItem, ...] = field(default_factory=tuple)
    built: bool = True


def _planned(key: str, label: str, capability: str | None = None) -> NavItem:
    return NavItem(key, label, "core:module", (key,), capability=capability, built=False)


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("workbench", "工作台", "core:workbench"),
    NavItem("intake", "信访举报", "intake:report_list", capability="reports.view"),
    NavItem("clues", "问题线索", "clues:clue_list", capability="clues.view"),
    NavItem("cases", "审查调查", "cases:case_list", capability="cases.view"),
    NavItem("inspections", "巡察整改", "inspections:round_list", capability="inspections.view"),
    NavItem(
        "directives",
        "督办事项",
        "directives:task_list",
        capability="directives.view",
        children=(
            NavItem("directive_tasks", "督办任务", "directives:task_list"),
            NavItem("directive_documents", "部署文件", "directives:document_list"),
            NavItem("directive_rates", "完成情况", "directives:rates"),
        ),
    ),
    NavItem(
        "integrity",
        "廉政档案",
        "org:cadre_list",
        capability="org.view",  # every staff role; not an inspected organisation's account
        children=(
            # 干部廉政档案: the cadre list, whose names open each cadre's file
            # (org:cadre_detail sends whoever may read files to integrity:cadre_file).
            NavItem("cadres", "干部廉政档案", "org:cadre_list"),
            NavItem("units", "单位", "org:unit_list"),
            NavItem("companies", "企业", "org:company_list"),
            NavItem(
                "integrity_alerts",
                "廉政风险提示",
                "integrity:alert_list",
                capability="alerts.view",
            ),
            NavItem(
                "integrity_declarations",
                "个人有关事项导入",
                "integrity:declaration_import",
                capability="integrity.import",
            ),
        ),
    ),
    NavItem(
        "crosscheck",
        "数据比对",
        "crosscheck:hit_list",
        capability="crosscheck.view",
        children=(
            NavItem("crosscheck_hits", "比对疑点", "crosscheck:hit_list"),
            NavItem("crosscheck_rules", "比对规则", "crosscheck:rule_list"),
            NavItem(
                "crosscheck_datasets",
                "数据集",
                "crosscheck:dataset_list",
                capability="crosscheck.import",
            ),
            NavItem(
                "crosscheck_runs", "比对运行", "crosscheck:run_list", capability="crosscheck.run"
            ),
        ),
    ),
    # The asking body of clearance requests (组织部门) sees this and nothing else.
    NavItem(
        "clearance",
        "意见回复",
        "integrity:clearance_list",
        capability="clearance.view",
    ),
    NavItem("stats", "统计分析", "stats:index", capability="stats.view"),
    NavItem(
        "admin",
        "系统管理",
        "org:import",
        capability="admin.view",
        children=(
            NavItem("import", "数据导入", "org:import", capability="org.import"),
            NavItem("users", "用户与角色", "accounts:user_list", capability="accounts.manage"),
            NavItem("calendar", "节假日", "core:calendar", capability="calendar.view"),
            NavItem("audit", "审计日志", "audit:event_list", capability="audit.view"),
        ),
    ),
)

# What each planned module will hold, shown honestly on its "建设中" page.
PLANNED_MODULES: dict[str, tuple[str, str]] = {
    "intake": (
        "信访举报",
        "信访举报登记、网上举报平台、重复件识别、被反映人匹配、举报人信息加密保护。",
    ),
    "clues": ("问题线索", "线索登记、分办、四种处置方式、法定时限提醒、处置辅助研判、线索台账。"),
    "cases": (
        "审查调查",
        "立案、审查调查、留置时限、审理、处分决定与执行、影响期、同类案件量纪参考。",
    ),
    "inspections": ("巡察整改", "巡察轮次、反馈问题、整改台账、销号管理、整改率统计、逾期督办。"),
    "directives": ("督办事项", "从讲话和文件中提取部署任务，分解责任单位和时限，跟踪进展并销号。"),
    "crosscheck": (
        "数据比对",
        "导入补贴、工资、企业、合同等数据，运行比对规则，疑点转为问题线索。",
    ),
}
