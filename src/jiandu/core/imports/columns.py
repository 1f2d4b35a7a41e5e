"""Columns of an import and the mapping of a file's header row onto them.

A :class:`Column` names a field, its Chinese header and the other headers it is known
by, and how its cells are read (``parse``: a key of :data:`PARSERS` or a function of
``(value, column)``). The same declarations give the template's header row and its
填写说明 sheet, and (for the register) the export's columns.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models

from jiandu.core.imports import cells
from jiandu.core.imports.cells import BadValue

Parser = Callable[[Any, "Column"], Any]


@dataclass(frozen=True)
class Column:
    """One column of an import (or of a dataset type).

    ``aliases`` are the other headers the column is recognised by (compared by
    :func:`cells.header_key`: spaces, full-width forms, a "*" and a bracketed remark do
    not matter). ``choices`` (with ``choice_aliases``: other ways of writing a value)
    limits a ``"choice"`` column; ``width``, ``text_format`` and ``help`` shape the
    template."""

    field: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    parse: str | Parser = "text"
    max_length: int | None = None
    choices: type[models.TextChoices] | None = None
    choice_aliases: Mapping[str, str] = dataclasses.field(
        default_factory=dict, hash=False, compare=False
    )
    width: int = 14
    text_format: bool = False  # Excel keeps it as text (IDs, codes, phone numbers)
    help: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """The header and its aliases."""
        return (self.header, *self.aliases)

    def read(self, value: Any) -> Any:
        """The value of a non-blank cell of this column; raises :class:`BadValue`."""
        parse = PARSERS[self.parse] if isinstance(self.parse, str) else self.parse
        return parse(value, self)

    def allowed_values(self) -> str:
        """The values to choose from, as the template lists them ("" when free)."""
        if self.choices is not None:
            return "、".join(str(label) for label in self.choices.labels)
        if self.parse == "flag":
            return "是、否"
        return ""


# --- reading a cell of a column ----------------------------------------------------------


def check_length(text: str, col: Column) -> str:
    if col.max_length and len(text) > col.max_length:
        raise BadValue(f"{col.header}不能超过{col.max_length}个字，现为{len(text)}个字")
    return text


@functools.cache
def _choice_map(
    choices: type[models.TextChoices], aliases: tuple[tuple[str, str], ...]
) -> dict[str, str]:
    mapping = {cells.fold(str(alias)): str(value) for alias, value in aliases}
    for value, label in choices.choices:
        mapping[cells.fold(value)] = value
        mapping[cells.fold(str(label))] = value
    return mapping


def choice_value(value: Any, col: Column) -> str | None:
    """The choice ``value`` names (by its value, its label or an alias), or ``None``."""
    assert col.choices is not None
    aliases = tuple(sorted((str(k), str(v)) for k, v in col.choice_aliases.items()))
    return _choice_map(col.choices, aliases).get(cells.fold(cells.cell_text(value)))


def refuse_choice(value: Any, col: Column) -> BadValue:
    return BadValue(
        f"{col.header}“{cells.cell_text(value)}”不在可选范围内，可填：{col.allowed_values()}"
    )


def _choice(value: Any, col: Column) -> str:
    found = choice_value(value, col)
    if found is None:
        raise refuse_choice(value, col)
    return found


PARSERS: dict[str, Parser] = {
    "text": lambda v, c: check_length(cells.cell_text(v), c),
    "clean_text": lambda v, c: check_length(cells.normalise_text(v), c),
    "person_name": lambda v, c: check_length(cells.person_name(v), c),
    "code": lambda v, c: check_length(cells.code(v), c),
    "citizen_id": lambda v, c: cells.citizen_id(v),
    "uscc": lambda v, c: cells.uscc(v),
    "phone": lambda v, c: cells.phone(v),
    "int": lambda v, c: cells.whole_number(v, c.header),
    "number": lambda v, c: cells.number(v),
    "money": lambda v, c: cells.money(v),
    "date": lambda v, c: cells.to_date(v, c.header),
    "datetime": lambda v, c: cells.to_datetime(v),
    "month": lambda v, c: cells.to_month(v),
    "birth": lambda v, c: cells.year_month_or_date(v, c.header),
    "flag": lambda v, c: cells.flag(v, c.header),
    "choice": _choice,
}


# --- the header row ----------------------------------------------------------------------


def alias_index(columns: Iterable[Column], *, field_names: bool = False) -> dict[str, str]:
    """header key → field, from each column's header and aliases (and its field name
    when ``field_names``); the first column to claim a key keeps it."""
    index: dict[str, str] = {}
    for col in columns:
        names = (col.field, *col.names) if field_names else col.names
        for name in names:
            index.setdefault(cells.header_key(name), col.field)
    return index


@dataclass
class Header:
    """A header row mapped onto columns."""

    number: int  # its row number in the file
    positions: dict[str, int]  # field → 0-based column index
    duplicates: list[tuple[int, int, str]]  # (column index, first column index, field)
    unknown: list[str]  # headers that name no column


def map_header(columns: Sequence[Column], number: int, values: Sequence[Any]) -> Header:
    """Map the header cells ``values`` (row ``number``) onto ``columns`` by header and
    alias, in any order; a column named twice and an unknown header are noted."""
    aliases = alias_index(columns)
    header = Header(number=number, positions={}, duplicates=[], unknown=[])
    for index, value in enumerate(values):
        if cells.blank(value):
            continue
        found = aliases.get(cells.header_key(cells.cell_text(value)))
        if found is None:
            header.unknown.append(cells.cell_text(value))
        elif found in header.positions:
            header.duplicates.append((index, header.positions[found], found))
        else:
            header.positions[found] = index
    return header


def find_header(
    columns: Sequence[Column], rows: Sequence[tuple[int, Sequence[Any]]], *, scan: int = 5
) -> Header:
    """The first of the top ``scan`` rows that names at least two known columns (a title
    line above the header is tolerated); otherwise the first row, whose missing columns
    are then reported."""
    for number, values in rows[:scan]:
        header = map_header(columns, number, values)
        if len(header.positions) >= 2:
            return header
    number, values = rows[0]
    return map_header(columns, number, values)
