"""Excel import of personal-matters declarations (个人有关事项报告), on the core import
runner (read → map headers → validate every row → create all in one transaction → one
summary event ``integrity.import.declarations``).

One row is one cadre's declaration of one year. A row is matched to the register by its
身份证号 (checked by its check digit) and the name must be that cadre's; a cadre the
importer may not see is "not registered" as a missing one is. A declaration of a
cadre and year already in the system, or twice in the file, is refused: each year's
declaration is kept as it was reported, a re-import never replaces it.

The four sections (relatives abroad, relatives' businesses, real estate, investments)
are written one item a line (or between "；"), the item's fields in order between "，"
(see ``register_rules.parse_items``); "无" or an empty cell is none.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.utils import timezone

from jiandu.core.imports import (
    BadValue,
    Column,
    Importer,
    ImportResult,
    ParsedRow,
    RowErrors,
    chunks,
)
from jiandu.core.imports.cells import cell_text
from jiandu.integrity import register_services as services
from jiandu.integrity.models import DECLARATION_SECTIONS, MaritalStatus, PersonalDeclaration
from jiandu.integrity.register_rules import BadItems, parse_items
from jiandu.org.models import Cadre

_ID_ALIASES = ("身份证号码", "公民身份号码", "公民身份证号", "公民身份证号码", "证件号码", "身份证")
_DATE_HELP = "日期，如2026-01-20（也可写2026年1月20日、2026/1/20、2026.1.20）"


def _items(value: Any, col: Column, *, keys: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    try:
        return parse_items(cell_text(value), keys)
    except BadItems as exc:
        raise BadValue(f"{col.header}：{exc.message}") from None


def _section_column(field: str, aliases: tuple[str, ...]) -> Column:
    title, keys = DECLARATION_SECTIONS[field]
    order = "，".join(header for _, header in keys)
    return Column(
        field,
        title,
        aliases=aliases,
        parse=partial(_items, keys=keys),
        width=40,
        help=f"每项一行（或用“；”隔开），每项依次填写：{order}，用逗号隔开；没有的填“无”或不填",
    )


COLUMNS: tuple[Column, ...] = (
    Column(
        "citizen_id",
        "身份证号",
        required=True,
        aliases=_ID_ALIASES,
        parse="citizen_id",
        width=22,
        text_format=True,
        help="报告人的18位身份证号，按校验位核对；该干部须已在系统中登记",
    ),
    Column(
        "name",
        "姓名",
        required=True,
        aliases=("报告人", "报告人姓名"),
        parse="person_name",
        max_length=40,
        width=12,
        help="须与身份证号对应的干部姓名一致",
    ),
    Column(
        "year",
        "报告年度",
        required=True,
        aliases=("年度", "报告年份"),
        parse="int",
        width=10,
        help="如2025；同一干部每个年度只登记一份",
    ),
    Column(
        "reported_on",
        "报告日期",
        required=True,
        aliases=("填报日期", "报告时间"),
        parse="date",
        width=12,
        help=_DATE_HELP,
    ),
    Column(
        "marital_status",
        "婚姻状况",
        required=True,
        parse="choice",
        choices=MaritalStatus,
        choice_aliases={"离婚": MaritalStatus.DIVORCED, "已婚（初婚）": MaritalStatus.MARRIED},
        width=10,
        help="从下列值中选填",
    ),
    Column(
        "marriage_changes",
        "婚姻变化情况",
        aliases=("婚姻变化",),
        max_length=200,
        width=24,
        help="报告期内结婚、离婚、再婚等变化；没有的不填",
    ),
    _section_column("relatives_abroad", ("移居国外情况", "配偶子女移居国（境）外情况")),
    _section_column("relatives_business", ("经商办企业情况", "配偶子女经商办企业情况")),
    _section_column("real_estate", ("房产", "房产信息")),
    _section_column("investments", ("投资", "投资情况")),
    Column("notes", "其他需要报告的事项", aliases=("备注", "其他事项"), width=30, help="可不填"),
)


def _cadres_by_id(user: Any, numbers: Iterable[str]) -> dict[str, Cadre]:
    found: dict[str, Cadre] = {}
    for chunk in chunks(numbers):
        found.update(
            {c.citizen_id: c for c in Cadre.objects.visible_to(user).filter(citizen_id__in=chunk)}
            if user is not None
            else {c.citizen_id: c for c in Cadre.objects.filter(citizen_id__in=chunk)}
        )
    return found


class DeclarationImport(Importer):
    kind, label, columns = "declarations", "个人有关事项报告", COLUMNS
    capability, action = "integrity.import", "integrity.import.declarations"
    row_noun = "个人有关事项报告"
    service_fields = {"cadre": "citizen_id"}
    guide_notes = (
        "每行是一名干部一个年度的个人有关事项报告；干部按身份证号和姓名与干部名册核对，须已登记。",
        "同一干部同一年度的报告已在系统中或在本文件中重复的，整个文件不予导入（已登记的报告不会被覆盖）。",
        "房产、投资等各项情况每项一行（单元格内换行）或用“；”隔开，各部分用逗号隔开。",
    )

    def validate(self, rows: list[ParsedRow], errors: RowErrors) -> list[ParsedRow]:
        today = timezone.localdate()
        cadres = _cadres_by_id(
            self.actor, (r.data["citizen_id"] for r in rows if r.ok("citizen_id"))
        )
        existing: set[tuple[int, int]] = set()
        for chunk in chunks(c.pk for c in cadres.values()):
            existing.update(
                PersonalDeclaration.objects.filter(cadre_id__in=chunk).values_list(
                    "cadre_id", "year"
                )
            )
        seen: dict[tuple[int, int], int] = {}
        for row in rows:
            data = row.data
            cadre = None
            if row.ok("citizen_id"):
                cadre = cadres.get(data["citizen_id"])
                if cadre is None:
                    errors.add(
                        row.number,
                        "citizen_id",
                        f"身份证号{data['citizen_id']}对应的干部未在干部名册中登记（或不在您的管辖范围内）",
                    )
                elif row.ok("name") and data["name"] != "".join(cadre.name.split()):
                    errors.add(
                        row.number,
                        "name",
                        f"姓名“{data['name']}”与身份证号对应的干部“{cadre.name}”不一致，请核对",
                    )
                    cadre = None
            year = data["year"]
            if row.ok("year") and not 2000 <= year <= today.year:
                errors.add(row.number, "year", f"报告年度{year}应在2000年至{today.year}年之间")
                row.bad.add("year")
            if row.ok("reported_on"):
                if data["reported_on"] > today:
                    errors.add(row.number, "reported_on", "报告日期不能晚于今天")
                elif row.ok("year") and data["reported_on"].year < year:
                    errors.add(row.number, "reported_on", "报告日期不能早于报告年度")
            if cadre is None or not row.ok("year"):
                continue
            data["cadre"] = cadre
            key = (cadre.pk, year)
            if key in seen:
                errors.add(
                    row.number,
                    "year",
                    f"与第{seen[key]}行是同一干部同一年度（{year}年）的报告，重复",
                )
            elif key in existing:
                errors.add(
                    row.number,
                    "year",
                    f"{cadre.name}的{year}年度个人有关事项报告已登记，不能重复导入",
                )
            else:
                seen[key] = row.number
        return rows

    def create(self, plan: list[ParsedRow]) -> int:
        for row in plan:
            d = row.data
            self.call(
                row,
                services.declaration_create,
                actor=self.actor,
                cadre=d["cadre"],
                year=d["year"],
                reported_on=d["reported_on"],
                marital_status=d["marital_status"],
                marriage_changes=d["marriage_changes"] or "",
                relatives_abroad=d["relatives_abroad"] or [],
                relatives_business=d["relatives_business"] or [],
                real_estate=d["real_estate"] or [],
                investments=d["investments"] or [],
                notes=d["notes"] or "",
            )
        return len(plan)


def declarations_import(*, actor: Any, file: Any) -> ImportResult:
    """Import a file of declarations: all of it or nothing (see the module doc)."""
    return DeclarationImport(actor).run(file)
