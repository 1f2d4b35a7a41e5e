"""The empty workbook of an import: its header row (required columns in red, ID and code
columns kept as text, drop-down lists for the columns with fixed values) and a
填写说明 sheet listing the rules and every column with whether it is required, what to
write and the values allowed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from jiandu.core.imports.cells import DATE_FORMS
from jiandu.core.imports.columns import Column
from jiandu.core.xlsx import save_book, style_header

if TYPE_CHECKING:
    from jiandu.core.imports.runner import Importer

GUIDE = "填写说明"


def write_header(sheet: Any, columns: Sequence[Column], *, star_required: bool = False) -> None:
    """The header row of an import template (or an export that imports again): required
    headers in red (and starred when asked), filled, at their widths; text-format
    columns keep an 18-digit ID as text."""
    for index, col in enumerate(columns, start=1):
        title = col.header + ("*" if star_required and col.required else "")
        cell = sheet.cell(row=1, column=index, value=title)
        style_header(cell, required=col.required)
        dimension = sheet.column_dimensions[get_column_letter(index)]
        if col.text_format:
            dimension.number_format = "@"  # keeps an 18-digit ID from becoming a number
        dimension.width = col.width
    sheet.freeze_panes = "A2"


def _drop_downs(sheet: Any, columns: Sequence[Column], rows: int) -> None:
    for index, col in enumerate(columns, start=1):
        letter = get_column_letter(index)
        values = col.allowed_values()
        formula = '"' + values.replace("、", ",") + '"'
        if values and len(formula) <= 255:
            check = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",  # a warning only: common aliases are accepted too
                errorTitle="请核对",
                error=f"{col.header}建议从下拉列表中选择，是否仍使用所填的值？",
            )
            check.add(f"{letter}2:{letter}{rows + 1}")
            sheet.add_data_validation(check)


def _table(guide: Any, header: list[str], rows: list[list[Any]]) -> int:
    guide.append(header)
    first = guide.max_row
    for cell in guide[first]:
        style_header(cell)
    for row in rows:
        guide.append(row)
    return first


def workbook_for(importer: type[Importer]) -> bytes:
    """The template of ``importer``: one sheet named after it with the header row, and
    the 填写说明 sheet."""
    columns = importer.columns
    book = Workbook()
    sheet = book.active
    sheet.title = importer.label
    write_header(sheet, columns, star_required=importer.star_required)
    _drop_downs(sheet, columns, importer.max_rows)

    guide = book.create_sheet(GUIDE)
    required = "表头带“*”（红色）的列" if importer.star_required else "表头为红色的列"
    notes = [
        f"{importer.label}导入模板填写说明",
        f"1. 第1行为表头，请勿修改；从第2行起每行填一条{importer.row_noun}。列的顺序可以调整。",
        f"2. {required}必须填写。",
        f"3. 日期可写作{DATE_FORMS}，也可以用Excel的日期格式。",
        f"4. 一个文件最多{importer.max_rows}行、不超过{importer.max_bytes // (1024 * 1024)}MB，"
        "超过请拆分后分批导入。",
        "5. 系统先检查全部行，只要有一处错误，整个文件都不会导入；"
        "请按提示的行号和列修改后重新上传。",
    ]
    notes += [f"{n}. {text}" for n, text in enumerate(importer.guide_notes, start=6)]
    for line in notes:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([])
    first = _table(
        guide,
        ["列名", "是否必填", "说明", "可填的值"],
        [
            [col.header, "必填" if col.required else "选填", col.help, col.allowed_values()]
            for col in columns
        ],
    )
    for header, rows in importer.guide_tables():
        guide.append([])
        _table(guide, header, rows)
    for letter, width in zip("ABCD", (24, 12, 60, 40), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=first + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return save_book(book)
