"""Excel/CSV import of a batch of clues transferred by another body: the inspection
office (巡察移交), audit (审计移送), law enforcement and judicial bodies, a higher
commission (上级交办) or another supervising body.

A :class:`~jiandu.core.imports.Importer` (read → map headers → validate every row →
create in one transaction → one summary event ``clues.import.transfer``); this module
supplies the columns and the row logic: a subject's ID number must be a registered
cadre of the same name, the unit and the problem categories must be known, nothing is
received in the future, and a clue is not listed twice. Each clue is registered through
``services.clue_create`` (which numbers it, starts its time limits and records its
audit event).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from django.utils import timezone

from jiandu.clues import services
from jiandu.clues.models import ClueSource
from jiandu.core.errors import DomainError
from jiandu.core.imports import Column, Importer, ImportResult, ParsedRow, RowErrors, chunks
from jiandu.core.imports.cells import cell_text, fold
from jiandu.core.models import ProblemCategory
from jiandu.org.models import Cadre, Unit

KIND = "transfer"
LABEL = "移交线索"

_SEPARATORS = re.compile(r"[、，,;；/\n]+")


def _key(text: str) -> str:
    """Compare names: full-width → half-width, no spaces or separators, case-free."""
    return _SEPARATORS.sub("", fold(text))


def _parse_categories(value: Any, col: Column) -> list[str]:
    """The names as written; they are matched against the categories in validation."""
    parts = [p.strip() for p in _SEPARATORS.split(unicodedata.normalize("NFKC", cell_text(value)))]
    return [p for p in parts if p]


# The sources a transferred batch can come from (the form's choices, in this order).
TRANSFER_SOURCES: tuple[str, ...] = (
    ClueSource.INSPECTION,
    ClueSource.AUDIT,
    ClueSource.LAW_ENFORCEMENT,
    ClueSource.HIGHER,
    ClueSource.OTHER_BODY,
)

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
        parse=_parse_categories,
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
        help="日期，如2026-03-05；不能晚于今天",
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

# --- validation against the database (one query per kind of look-up) ---------------------


def _cadres_by_id(numbers: set[str]) -> dict[str, Cadre]:
    found: dict[str, Cadre] = {}
    for chunk in chunks(numbers):
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


class TransferImport(Importer):
    """A batch of transferred clues, all from ``source`` (under ``transfer_ref`` unless a
    row names its own)."""

    kind, label, columns = KIND, LABEL, COLUMNS
    capability, action = "clues.register", "clues.import.transfer"
    row_noun = "线索"
    ignore = frozenset({"seq"})
    service_fields = {"subject_cadre": "citizen_id", "subject_unit": "unit_text"}
    star_required = True
    guide_notes = (
        "线索来源（巡察移交、审计移送等）和移交文号在上传页面选择和填写，"
        "对本文件中的全部线索有效；某行另填了移交文号的，以该行为准。",
        "问题类别的名称见本页下方的类别表。",
    )

    def __init__(self, actor: Any, *, source: str, transfer_ref: str = ""):
        super().__init__(actor)
        self.source = source
        self.transfer_ref = (transfer_ref or "").strip()[:60]

    def check(self) -> None:
        super().check()
        if self.source not in TRANSFER_SOURCES:
            message = "移交来源应为巡视巡察、审计、执法司法机关、上级交办或其他监督机关"
            raise DomainError(message, fields={"source": [message]})

    def validate(self, rows: list[ParsedRow], errors: RowErrors) -> list[ParsedRow]:
        _validate(rows, errors)
        return rows

    def create(self, plan: list[ParsedRow]) -> int:
        for row in plan:
            d = row.data
            self.call(
                row,
                services.clue_create,
                actor=self.actor,
                source=self.source,
                summary=d["summary"],
                received_on=d["received_on"],
                subject_name=d["subject_name"],
                subject_cadre=d["cadre"],
                subject_unit=d["unit"],
                category_codes=d["category_codes"],
                transfer_ref=d["transfer_ref"] or self.transfer_ref,
            )
        return len(plan)

    def summary_payload(self) -> dict[str, Any]:
        return {"source": self.source, "transfer_ref": self.transfer_ref}

    @classmethod
    def guide_tables(cls) -> list[tuple[list[str], list[list[Any]]]]:
        """The problem categories in use today."""
        today = timezone.localdate()
        categories = ProblemCategory.objects.filter(valid_from__lte=today).exclude(
            valid_to__lt=today
        )
        rows = [[c.name, c.get_group_display(), c.code] for c in categories]
        return [(["问题类别", "类别组", "代码"], rows)]


def import_transfer_batch(
    *, actor: Any, file: Any, source: str, transfer_ref: str = ""
) -> ImportResult:
    """Validate the whole file, then register every clue in it or none (module doc)."""
    return TransferImport(actor, source=source, transfer_ref=transfer_ref).run(file)
