"""Mapping a source file's headers onto a dataset type's canonical columns: an explicit
mapping (canonical → source header, from a JSON or CSV mapping file) first, then the
usual Chinese headers (the columns' aliases, compared by
:func:`jiandu.core.imports.cells.header_key`)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from jiandu.core.imports import UnreadableFile, alias_index
from jiandu.core.imports.cells import blank, header_key
from jiandu.core.imports.reading import decode_text
from jiandu.crosscheck.engine.datasets.catalogue import DATASET_TYPES


class MappingError(Exception):
    """Required canonical columns could not be found in the source headers."""

    def __init__(self, message: str, missing: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.missing = list(missing or [])


def map_headers(
    dataset_type: str, headers: list[str], mapping: dict[str, str] | None = None
) -> tuple[dict[str, int], list[str]]:
    """canonical column → header position, and the headers left unmapped.

    The explicit ``mapping`` (canonical → source header) wins; the other columns are found
    among the usual Chinese headers. Raises :class:`MappingError` when a required column
    is missing or the mapping names a header the file does not have.
    """
    dtype = DATASET_TYPES[dataset_type]
    keys = [header_key(h) for h in headers]
    positions: dict[str, int] = {}
    used: set[int] = set()
    problems: list[str] = []
    mapping = mapping or {}
    for canonical, source in mapping.items():
        if canonical not in dtype.column_names:
            raise MappingError(f"映射文件中的“{canonical}”不是“{dtype.label}”的列", [canonical])
        if not source:
            continue
        try:
            index = keys.index(header_key(source))
        except ValueError:
            problems.append(canonical)
            continue
        positions[canonical] = index
        used.add(index)
    if problems:
        names = "、".join(f"{mapping[c]}（{dtype.column(c).header}）" for c in problems)
        raise MappingError(f"映射文件指定的列在文件中不存在：{names}", problems)
    aliases = alias_index(dtype.columns, field_names=True)
    for index, key in enumerate(keys):
        if index in used or not key:
            continue
        found = aliases.get(key)
        if found and found not in positions:
            positions[found] = index
            used.add(index)
    missing = [c.field for c in dtype.columns if c.required and c.field not in positions]
    if missing:
        labels = "、".join(dtype.column(c).header for c in missing)
        raise MappingError(
            f"文件中找不到“{dtype.label}”的必填列：{labels}。请检查表头，或提供列映射文件。",
            missing,
        )
    unmapped = [str(h) for i, h in enumerate(headers) if i not in used and not blank(h)]
    return positions, unmapped


def read_mapping_file(path: Path | str) -> dict[str, str]:
    """canonical → source header, from a JSON object or a two-column CSV
    (canonical,source; a header line naming 列/column is skipped)."""
    path = Path(path)
    try:
        text = decode_text(path.read_bytes())
    except UnreadableFile as exc:
        raise MappingError(exc.message) from None
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise MappingError(f"映射文件不是有效的JSON：{exc.msg}") from None
        return {str(k).strip(): str(v).strip() for k, v in data.items() if v is not None}
    result: dict[str, str] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) < 2:
            raise MappingError(f"映射文件第{number}行应为两列：标准列名,源文件表头")
        if number == 1 and header_key(cells[0]) in {
            "canonical",
            "column",
            "列",
            "标准列",
            "标准列名",
        }:
            continue
        result[cells[0]] = cells[1]
    return result
