"""Excel (xlsx) import of an organisation's rectification ledger (整改台账) in the usual
columns 序号, 问题描述, 整改措施, 责任单位, 责任人, 完成时限, 整改进展, 是否销号 (plus the
optional 问题类别 and 立行立改).

A :class:`~jiandu.core.imports.Importer` (read → map headers → validate every row →
create in one transaction → one summary event ``inspections.import.ledger`` on the
inspected organisation); this module supplies the columns and the row logic: the
responsible units are looked up once for the whole file, a deadline is not before the
feedback (or entry) date, and a measure is not listed twice. It writes through the
services: a finding per distinct 问题描述 (reusing the organisation's findings with the
same text), an item per row, its 整改进展 as a first progress report.

An item cannot be imported as closed (是否销号 = 是): close-out needs a check with
evidence by someone other than the owner (DOMAIN.md §8).
"""

from __future__ import annotations

from typing import Any

from jiandu.core.imports import (
    Column,
    Importer,
    ImportResult,
    ParsedRow,
    RowErrors,
)
from jiandu.core.imports.cells import fold
from jiandu.inspections import services
from jiandu.inspections.models import Finding, FindingCategory, InspectedOrganisation
from jiandu.org.models import COMMISSION_BODY_KINDS, Unit

# "政治建设" for "政治建设方面": the ledgers' usual short form of a category.
_SHORT_CATEGORIES = {
    str(label).removesuffix("方面"): value for value, label in FindingCategory.choices
}


KIND = "ledger"
LABEL = "整改台账"

COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", aliases=("序",), width=6, help="可不填，导入时按顺序重新编号"),
    Column(
        "category",
        "问题类别",
        aliases=("类别", "问题类型", "问题分类"),
        parse="choice",
        choices=FindingCategory,
        choice_aliases=_SHORT_CATEGORIES,
        width=16,
        help="可不填（不填为“其他方面”）；如政治建设、组织建设、廉洁自律、作风建设",
    ),
    Column(
        "description",
        "问题描述",
        required=True,
        aliases=("反馈问题", "存在问题", "问题", "巡察反馈问题", "问题表现"),
        width=40,
        help="巡察反馈的问题；同一问题有多条整改措施的，各行填写相同的问题描述",
    ),
    Column(
        "measures",
        "整改措施",
        required=True,
        aliases=("整改举措", "措施"),
        width=40,
        help="具体的整改措施",
    ),
    Column(
        "responsible_unit",
        "责任单位",
        required=True,
        aliases=("牵头单位", "责任部门", "整改责任单位"),
        max_length=100,
        width=20,
        help="系统中单位的全称或简称",
    ),
    Column(
        "responsible_person",
        "责任人",
        required=True,
        aliases=("整改责任人", "责任领导"),
        parse="person_name",
        max_length=40,
        width=10,
        help="最长40个字",
    ),
    Column(
        "deadline",
        "完成时限",
        required=True,
        aliases=("整改时限", "完成时间", "整改期限"),
        parse="date",
        width=12,
        help="日期，如2026-06-30",
    ),
    Column(
        "immediate",
        "立行立改",
        aliases=("是否立行立改",),
        parse="flag",
        width=8,
        help="填“是”或“否”，不填为否",
    ),
    Column(
        "progress",
        "整改进展",
        aliases=("进展情况", "整改情况", "整改落实情况"),
        width=40,
        help="可不填；填写的作为第一次整改进展登记",
    ),
    Column(
        "closed",
        "是否销号",
        aliases=("销号", "是否完成"),
        parse="flag",
        width=8,
        help="只能填“否”或不填：销号须经验收并附佐证材料，不能通过导入完成",
    ),
)


def _units_by_name() -> dict[str, list[Unit]]:
    found: dict[str, list[Unit]] = {}
    for unit in Unit.objects.exclude(kind__in=COMMISSION_BODY_KINDS).only(
        "id", "name", "short_name", "kind"
    ):
        for name in {fold(unit.name), fold(unit.short_name or "")} - {""}:
            found.setdefault(name, []).append(unit)
    return found


def _validate(rows: list[ParsedRow], errors: RowErrors, target: InspectedOrganisation) -> None:
    units = _units_by_name()
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        data = row.data
        data["unit"] = None
        if data.get("closed"):
            errors.add(
                row.number,
                "closed",
                "导入的事项不能是已销号：销号须经验收人核实并附佐证材料，请填“否”，导入后在系统中验收销号",
            )
        if row.ok("responsible_unit"):
            matches = units.get(fold(data["responsible_unit"]), [])
            if not matches:
                errors.add(
                    row.number,
                    "responsible_unit",
                    f"责任单位“{data['responsible_unit']}”不在系统的单位名录中，请填写单位全称或简称",
                )
            elif len({u.pk for u in matches}) > 1:
                shown = "、".join(u.name for u in matches[:5])
                errors.add(
                    row.number,
                    "responsible_unit",
                    f"责任单位“{data['responsible_unit']}”对应多个单位（{shown}），请填写全称",
                )
            else:
                data["unit"] = matches[0]
        if row.ok("deadline"):
            floor = target.feedback_on or target.entered_on
            if data["deadline"] < floor:
                errors.add(
                    row.number,
                    "deadline",
                    f"完成时限{data['deadline'].isoformat()}早于"
                    f"{'反馈' if target.feedback_on else '进驻'}日期{floor.isoformat()}",
                )
        if row.ok("description", "measures"):
            key = ("".join(data["description"].split()), "".join(data["measures"].split()))
            if key in seen:
                errors.add(row.number, "measures", f"与第{seen[key]}行重复（问题和整改措施都相同）")
            else:
                seen[key] = row.number


class LedgerImport(Importer):
    """The rectification ledger of ``target``."""

    kind, label, columns = KIND, LABEL, COLUMNS
    capability, action = "inspections.manage", "inspections.import.ledger"
    row_noun = "整改措施"
    ignore = frozenset({"seq"})
    star_required = True
    guide_notes = ("同一问题有多条整改措施的，各行填写相同的问题描述。",)

    def __init__(self, actor: Any, *, target: InspectedOrganisation):
        super().__init__(actor)
        self.target = target

    def check(self) -> None:
        super().check()
        services._visible(self.actor, InspectedOrganisation, self.target)

    def validate(self, rows: list[ParsedRow], errors: RowErrors) -> list[ParsedRow]:
        _validate(rows, errors, self.target)
        return rows

    def create(self, plan: list[ParsedRow]) -> int:
        findings = {
            "".join(f.description.split()): f for f in Finding.objects.filter(target=self.target)
        }
        for row in plan:
            d = row.data
            key = "".join(d["description"].split())
            finding = findings.get(key)
            if finding is None:
                finding = findings[key] = self.call(
                    row,
                    services.finding_create,
                    actor=self.actor,
                    target=self.target,
                    category=d["category"] or FindingCategory.OTHER,
                    description=d["description"],
                )
            item = self.call(
                row,
                services.item_create,
                actor=self.actor,
                finding=finding,
                measures=d["measures"],
                responsible_unit=d["unit"],
                responsible_person=d["responsible_person"],
                deadline=d["deadline"],
                immediate=bool(d["immediate"]),
            )
            if d["progress"]:
                self.call(
                    row,
                    services.item_report_progress,
                    actor=self.actor,
                    item=item,
                    text=d["progress"],
                )
        return len(plan)

    def summary_object(self, file_name: str) -> dict[str, Any]:
        return {"obj": self.target}


def import_ledger(*, actor: Any, target: InspectedOrganisation, file: Any) -> ImportResult:
    """Validate the whole file, then write every row or none (module doc)."""
    return LedgerImport(actor, target=target).run(file)
