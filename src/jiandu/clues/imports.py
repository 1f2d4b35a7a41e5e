"""Excel (xlsx) import of a batch of clues transferred by another body: the inspection
office (巡察移交), audit (审计移送), law enforcement and judicial bodies, a higher
commission (上级交办) or another supervising body.

It runs as the organisation import does (``jiandu.org.imports``, whose file reading,
cell parsers and result types it reuses):

1. The first sheet is read whole; the header row maps Chinese column names (any order,
   common aliases, a trailing "*") to fields.
2. EVERY row is checked against the file and the database (one query per kind of
   look-up, never one per row) and ALL errors are collected with their Excel row and
   column.
3. Only a file without a single error is written: in ONE transaction, each clue through
   ``services.clue_create`` (which numbers it, starts its time limits and records its
   audit event), plus one summary event ``clues.import.transfer``. If the service still
   refuses a row, everything is rolled back and that row is reported.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from jiandu.audit.services import event_record
from jiandu.clues import services
from jiandu.clues.models import ClueSource
from jiandu.core.errors import DomainError, PermissionDenied
from jiandu.core.models import ProblemCategory
from jiandu.core.permissions import require_capability
from jiandu.org.imports import (
    HEADER_FILL,
    HEADER_FONT,
    LOOKUP_CHUNK,
    MAX_BYTES,
    MAX_ROWS,
    Column,
    FileRejected,
    ImportResult,
    ParsedRow,
    RowErrors,
    _parse_citizen_id,
    _parse_date,
    _parse_person_name,
    _parse_text,
    _save,
    _text,
    read_rows,
    write_header,
)
from jiandu.org.models import Cadre, Unit

KIND = "transfer"
LABEL = "移交线索"

# The sources a transferred batch can come from (the form's choices, in this order).
TRANSFER_SOURCES: tuple[str, ...] = (
    ClueSource.INSPECTION,
    ClueSource.AUDIT,
    ClueSource.LAW_ENFORCEMENT,
    ClueSource.HIGHER,
    ClueSource.OTHER_BODY,
)

_DATE_HELP = "日期，如2026-03-05（也可写2026/3/5、2026.3.5、2026年3月5日或20260305）"

COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", aliases=("序",), width=6, help="可不填，仅便于核对，不导入"),
    Column(
        "subject_name",
        "被反映人姓名",
        required=True,
        aliases=("被反映人", "姓名", "被反映人员"),
        parse="person_name",
        max_length=40,
        width=12,
        help="最长40个字；姓名中间为对齐而加的空格会被去掉",
    ),
    Column(
        "citizen_id",
        "身份证号",
        aliases=("身份证号码", "公民身份号码", "证件号码", "身份证"),
        parse="citizen_id",
        width=22,
        text_format=True,
        help="可不填；填写的按校验位核对，并须是干部名册中已登记的干部（姓名须一致）",
    ),
    Column(
        "unit_text",
        "工作单位",
        aliases=("单位", "所在单位", "被反映人单位", "单位名称"),
        max_length=100,
        width=24,
        help="可不填（按干部名册中的现任职务确定）；填写的须是系统中单位的全称或简称",
    ),
    Column(
        "title",
        "职务",
        aliases=("现任职务", "职务名称"),
        max_length=60,
        width=16,
        help="可不填，最长60个字；线索的职务按干部名册中的现任职务登记",
    ),
    Column(
        "categories",
        "问题类别",
        aliases=("问题类型", "类别", "问题性质"),
        parse="categories",
        width=24,
        help="可不填；多个类别用“、”或“，”分隔，名称见本页下方的类别表",
    ),
    Column(
        "summary",
        "主要问题",
        required=True,
        aliases=("问题线索", "线索内容", "反映问题", "主要问题线索", "问题描述"),
        width=48,
        help="线索反映的主要问题",
    ),
    Column(
        "received_on",
        "收到日期",
        required=True,
        aliases=("移交日期", "接收日期", "收到时间"),
        parse="date",
        width=12,
        help=_DATE_HELP + "；不能晚于今天",
    ),
    Column(
        "transfer_ref",
        "移交文号",
        aliases=("文号", "移交函文号"),
        max_length=60,
        width=20,
        help="可不填，不填时用上传页面填写的文号；最长60个字",
    ),
)
_BY_FIELD = {c.field: c for c in COLUMNS}

_SEPARATORS = re.compile(r"[、，,;；/\n]+")


def _key(text: str) -> str:
    """Compare names: full-width → half-width, no spaces or separators, case-free."""
    return _SEPARATORS.sub("", "".join(unicodedata.normalize("NFKC", text).split())).casefold()


def _parse_categories(value: Any, col: Column) -> list[str]:
    """The names as written; they are matched against the categories in validation."""
    parts = [p.strip() for p in _SEPARATORS.split(unicodedata.normalize("NFKC", _text(value)))]
    return [p for p in parts if p]


PARSERS: dict[str, Callable[[Any, Column], Any]] = {
    "text": _parse_text,
    "person_name": _parse_person_name,
    "citizen_id": _parse_citizen_id,
    "date": _parse_date,
    "categories": _parse_categories,
}


# --- validation against the database (one query per kind of look-up) ---------------------


def _cadres_by_id(numbers: set[str]) -> dict[str, Cadre]:
    found: dict[str, Cadre] = {}
    items = sorted(numbers)
    for start in range(0, len(items), LOOKUP_CHUNK):
        chunk = items[start : start + LOOKUP_CHUNK]
        found.update({c.citizen_id: c for c in Cadre.objects.filter(citizen_id__in=chunk)})
    return found


def _units_by_name() -> dict[str, list[Unit]]:
    """Every unit under the key of its full name and of its short name."""
    found: dict[str, list[Unit]] = {}
    for unit in Unit.objects.only("id", "name", "short_name").order_by("id"):
        for name in {_key(unit.name), _key(unit.short_name or "")} - {""}:
            found.setdefault(name, []).append(unit)
    return found


def _categories_by_name() -> dict[str, list[ProblemCategory]]:
    found: dict[str, list[ProblemCategory]] = {}
    for category in ProblemCategory.objects.order_by("-valid_from", "id"):
        for name in (_key(category.name), _key(category.code)):
            found.setdefault(name, []).append(category)
    return found


def _match_categories(
    names: list[str], known: dict[str, list[ProblemCategory]], on: date
) -> tuple[list[str], list[str]]:
    """(codes, unknown names). A name may itself contain "、" (e.g. "文山会海、督查检查
    考核过多过频"), so adjacent pieces are joined again, longest match first."""
    codes: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(names):
        for j in range(len(names), i, -1):
            candidates = known.get(_key("".join(names[i:j])))
            if candidates:
                valid = [c for c in candidates if c.valid_from <= on and (c.valid_to or on) >= on]
                codes.append((valid or candidates)[0].code)
                i = j
                break
        else:
            unknown.append(names[i])
            i += 1
    return list(dict.fromkeys(codes)), unknown


def _validate(rows: list[ParsedRow], errors: RowErrors) -> None:
    today = timezone.localdate()
    cadres = _cadres_by_id({r.data["citizen_id"] for r in rows if r.ok("citizen_id")})
    units = _units_by_name() if any(r.ok("unit_text") for r in rows) else {}
    categories = _categories_by_name() if any(r.ok("categories") for r in rows) else {}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        data = row.data
        data["cadre"] = data["unit"] = None
        data["category_codes"] = []
        received = data["received_on"]
        if row.ok("received_on") and received > today:
            errors.add(row.number, "received_on", f"收到日期{received.isoformat()}晚于今天")
            row.bad.add("received_on")
        if row.ok("citizen_id"):
            cadre = cadres.get(data["citizen_id"])
            if cadre is None:
                errors.add(
                    row.number,
                    "citizen_id",
                    f"身份证号{data['citizen_id']}对应的人员不在干部名册中；"
                    "请核对号码，或不填身份证号（只按姓名登记）",
                )
            elif row.ok("subject_name") and data["subject_name"] != "".join(cadre.name.split()):
                errors.add(
                    row.number,
                    "subject_name",
                    f"被反映人姓名“{data['subject_name']}”与身份证号对应的干部“{cadre.name}”"
                    "不一致，请核对",
                )
            else:
                data["cadre"] = cadre
        if row.ok("unit_text"):
            matches = units.get(_key(data["unit_text"]), [])
            if not matches:
                errors.add(
                    row.number,
                    "unit_text",
                    f"工作单位“{data['unit_text']}”不在系统的单位名录中，请填写单位全称或简称",
                )
            elif len({u.pk for u in matches}) > 1:
                shown = "、".join(u.name for u in matches[:5])
                errors.add(
                    row.number,
                    "unit_text",
                    f"工作单位“{data['unit_text']}”对应多个单位（{shown}），请填写单位全称",
                )
            else:
                data["unit"] = matches[0]
        if row.ok("categories"):
            on = received if row.ok("received_on") else today
            codes, unknown = _match_categories(data["categories"], categories, on)
            for name in unknown:
                errors.add(
                    row.number,
                    "categories",
                    f"问题类别“{name}”不存在，请按模板“填写说明”中的类别名称填写",
                )
            data["category_codes"] = codes
        if row.ok("subject_name", "summary"):
            key = (data["subject_name"], "".join(data["summary"].split()))
            if key in seen:
                errors.add(
                    row.number,
                    "summary",
                    f"与第{seen[key]}行重复（被反映人和主要问题都相同）",
                )
            else:
                seen[key] = row.number


# --- writing -----------------------------------------------------------------------------


class _RowRefused(Exception):
    def __init__(self, row: ParsedRow, field_name: str | None, message: str):
        super().__init__(message)
        self.row, self.field_name, self.message = row, field_name, message


_SERVICE_FIELDS = {"subject_cadre": "citizen_id", "subject_unit": "unit_text"}


def _create(actor: Any, rows: list[ParsedRow], source: str, transfer_ref: str) -> int:
    for row in rows:
        d = row.data
        try:
            services.clue_create(
                actor=actor,
                source=source,
                summary=d["summary"],
                received_on=d["received_on"],
                subject_name=d["subject_name"],
                subject_cadre=d["cadre"],
                subject_unit=d["unit"],
                category_codes=d["category_codes"],
                transfer_ref=d["transfer_ref"] or transfer_ref,
            )
        except PermissionDenied:
            raise
        except DomainError as exc:
            name = next(iter(exc.fields), None)
            raise _RowRefused(row, _SERVICE_FIELDS.get(name, name), exc.message) from exc
    return len(rows)


# --- the entry points --------------------------------------------------------------------


def import_transfer_batch(
    *, actor: Any, file: Any, source: str, transfer_ref: str = ""
) -> ImportResult:
    """Validate the whole file, then register every clue in it or none (module doc)."""
    require_capability(actor, "clues.register")
    if source not in TRANSFER_SOURCES:
        message = "移交来源应为巡视巡察、审计、执法司法机关、上级交办或其他监督机关"
        raise DomainError(message, fields={"source": [message]})
    transfer_ref = (transfer_ref or "").strip()[:60]
    result = ImportResult(kind=KIND, label=LABEL, created=0, errors=[])
    file_name = os.path.basename(getattr(file, "name", "") or "")[:200]
    try:
        data, parsed, errors = read_rows(
            COLUMNS, file, what="线索", ignore=frozenset({"seq"}), parsers=PARSERS
        )
    except FileRejected as exc:
        result.errors = exc.errors
        return result
    _validate(parsed, errors)
    if errors:
        result.errors = errors.sorted()
        return result

    try:
        with transaction.atomic():
            result.created = _create(actor, parsed, source, transfer_ref)
            event_record(
                actor=actor,
                action="clues.import.transfer",
                object_type="clues.import",
                object_repr=file_name or LABEL,
                payload={
                    "file": file_name,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "count": result.created,
                    "source": source,
                    "transfer_ref": transfer_ref,
                },
            )
    except _RowRefused as exc:
        result.created = 0
        errors.add(exc.row.number, exc.field_name, f"{exc.message}（本文件未导入任何数据）")
        result.errors = errors.sorted()
    return result


def template_xlsx() -> bytes:
    """An empty workbook with the header row, and a "填写说明" sheet listing the columns
    and the problem categories in use."""
    book = Workbook()
    sheet = book.active
    sheet.title = LABEL
    write_header(sheet, COLUMNS, star_required=True)

    guide = book.create_sheet("填写说明")
    notes = [
        "移交线索批量导入模板填写说明",
        "1. 第1行为表头，请勿修改；从第2行起每行填一条线索。列的顺序可以调整。",
        "2. 表头带“*”（红色）的列必须填写。",
        "3. 线索来源（巡察移交、审计移送等）和移交文号在上传页面选择和填写，"
        "对本文件中的全部线索有效；某行另填了移交文号的，以该行为准。",
        f"4. 一个文件最多{MAX_ROWS}行、不超过{MAX_BYTES // (1024 * 1024)}MB。",
        "5. 系统先检查全部行，只要有一处错误，整个文件都不会导入；"
        "请按提示的行号和列修改后重新上传。",
    ]
    for line in notes:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([])
    guide.append(["列名", "是否必填", "说明"])
    title_row = guide.max_row
    for cell in guide[title_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for col in COLUMNS:
        guide.append([col.header, "必填" if col.required else "选填", col.help])
    guide.append([])
    guide.append(["问题类别", "类别组", "代码"])
    for cell in guide[guide.max_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    today = timezone.localdate()
    for category in ProblemCategory.objects.filter(valid_from__lte=today).exclude(
        valid_to__lt=today
    ):
        guide.append([category.name, category.get_group_display(), category.code])
    for letter, width in zip("ABC", (40, 20, 70), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=title_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return _save(book)
