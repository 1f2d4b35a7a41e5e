"""Excel (xlsx) import of an organisation's rectification ledger (整改台账) in the usual
columns 序号, 问题描述, 整改措施, 责任单位, 责任人, 完成时限, 整改进展, 是否销号 (plus the
optional 问题类别 and 立行立改).

It runs as the organisation import does (``jiandu.org.imports``, whose file reading,
header matching, cell parsers, row errors and result types it reuses):

1. The first sheet is read whole; the header row maps the Chinese column names (any
   order, common aliases, a trailing "*", a title line above) to fields.
2. EVERY row is checked and ALL errors are collected with their Excel row and column;
   the responsible units are looked up once for the whole file.
3. Only a file without a single error is written, in ONE transaction, through the
   services (a finding per distinct 问题描述, reusing the organisation's findings with
   the same text; an item per row; its 整改进展 as a first progress report), plus one
   summary event. If a service still refuses a row, everything is rolled back and that
   row is reported: nothing half-imported stays.

An item cannot be imported as closed (是否销号 = 是): close-out needs a check with
evidence by someone other than the owner (DOMAIN.md §8).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from typing import Any

from django.db import transaction
from openpyxl import Workbook

from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.core.permissions import require_capability
from jiandu.inspections import services
from jiandu.inspections.models import Finding, FindingCategory, InspectedOrganisation
from jiandu.org.imports import (
    Column,
    FileRejected,
    ImportResult,
    ParsedRow,
    RowErrors,
    _Bad,
    _key,
    _parse_date,
    _parse_flag,
    _parse_person_name,
    _parse_text,
    _save,
    _text,
    read_rows,
    write_header,
)
from jiandu.org.models import COMMISSION_BODY_KINDS, Unit

KIND = "ledger"
LABEL = "整改台账"

COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", aliases=("序",), width=6, help="可不填，导入时按顺序重新编号"),
    Column(
        "category",
        "问题类别",
        aliases=("类别", "问题类型", "问题分类"),
        parse="category",
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
_BY_FIELD = {c.field: c for c in COLUMNS}


_CATEGORY_MAP: dict[str, str] = {}
for _value, _label in FindingCategory.choices:
    _CATEGORY_MAP[_key(_value)] = _value
    _CATEGORY_MAP[_key(str(_label))] = _value
    _CATEGORY_MAP[_key(str(_label).removesuffix("方面"))] = _value


def _parse_category(value: Any, col: Column) -> str:
    found = _CATEGORY_MAP.get(_key(_text(value)))
    if found is None:
        allowed = "、".join(str(label) for label in FindingCategory.labels)
        raise _Bad(f"问题类别“{_text(value)}”不在可选范围内，可填：{allowed}")
    return found


PARSERS: dict[str, Callable[[Any, Column], Any]] = {
    "text": _parse_text,
    "person_name": _parse_person_name,
    "date": _parse_date,
    "flag": _parse_flag,
    "category": _parse_category,
}


def _units_by_name() -> dict[str, list[Unit]]:
    found: dict[str, list[Unit]] = {}
    for unit in Unit.objects.exclude(kind__in=COMMISSION_BODY_KINDS).only(
        "id", "name", "short_name", "kind"
    ):
        for name in {_key(unit.name), _key(unit.short_name or "")} - {""}:
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
            matches = units.get(_key(data["responsible_unit"]), [])
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


class _RowRefused(Exception):
    def __init__(self, row: ParsedRow, field_name: str | None, message: str):
        super().__init__(message)
        self.row, self.field_name, self.message = row, field_name, message


def _create(actor: Any, rows: list[ParsedRow], target: InspectedOrganisation) -> int:
    findings = {"".join(f.description.split()): f for f in Finding.objects.filter(target=target)}
    for row in rows:
        d = row.data
        try:
            key = "".join(d["description"].split())
            finding = findings.get(key)
            if finding is None:
                finding = services.finding_create(
                    actor=actor,
                    target=target,
                    category=d["category"] or FindingCategory.OTHER,
                    description=d["description"],
                )
                findings[key] = finding
            item = services.item_create(
                actor=actor,
                finding=finding,
                measures=d["measures"],
                responsible_unit=d["unit"],
                responsible_person=d["responsible_person"],
                deadline=d["deadline"],
                immediate=bool(d["immediate"]),
            )
            if d["progress"]:
                services.item_report_progress(actor=actor, item=item, text=d["progress"])
        except PermissionDenied:
            raise
        except DomainError as exc:
            name = next(iter(exc.fields), None)
            raise _RowRefused(row, name if name in _BY_FIELD else None, exc.message) from exc
    return len(rows)


def import_ledger(*, actor: Any, target: InspectedOrganisation, file: Any) -> ImportResult:
    """Validate the whole file, then write every row or none (module doc)."""
    require_capability(actor, "inspections.manage")
    services._visible(actor, InspectedOrganisation, target)
    result = ImportResult(kind=KIND, label=LABEL, created=0, errors=[])
    file_name = os.path.basename(getattr(file, "name", "") or "")[:200]
    try:
        data, parsed, errors = read_rows(
            COLUMNS, file, what="整改措施", ignore=frozenset({"seq"}), parsers=PARSERS
        )
    except FileRejected as exc:
        result.errors = exc.errors
        return result
    _validate(parsed, errors, target)
    if errors:
        result.errors = errors.sorted()
        return result

    try:
        with transaction.atomic():
            result.created = _create(actor, parsed, target)
            event_record(
                actor=actor,
                action="inspections.import.ledger",
                obj=target,
                payload={
                    "file": file_name,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "count": result.created,
                },
            )
    except _RowRefused as exc:
        result.created = 0
        errors.add(exc.row.number, exc.field_name, f"{exc.message}（本文件未导入任何数据）")
        result.errors = errors.sorted()
    return result


def template_xlsx() -> bytes:
    """An empty ledger with the header row and a "填写说明" sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = LABEL
    write_header(sheet, COLUMNS, star_required=True)
    guide = book.create_sheet("填写说明")
    guide.append(["整改台账导入模板填写说明"])
    guide.append(["第1行为表头，请勿修改；从第2行起每行填一条整改措施。带“*”的列必须填写。"])
    guide.append(["系统先检查全部行，只要有一处错误，整个文件都不会导入。"])
    guide.append([])
    guide.append(["列名", "是否必填", "说明"])
    for col in COLUMNS:
        guide.append([col.header, "必填" if col.required else "选填", col.help])
    for letter, width in zip("ABC", (16, 10, 80), strict=True):
        guide.column_dimensions[letter].width = width
    return _save(book)
