"""The one look of jiandu's spreadsheets: the header row style every export and import
template shares, and saving a workbook to bytes."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

HEADER_FONT = Font(bold=True)
REQUIRED_HEADER_FONT = Font(bold=True, color="C00000")
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def style_header(cell: Any, *, required: bool = False) -> None:
    """A header cell: bold on grey; a required column's header in red."""
    cell.font = REQUIRED_HEADER_FONT if required else HEADER_FONT
    cell.fill = HEADER_FILL


def save_book(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
