"""Excel/CSV imports: one runner for every import of records.

- :mod:`.cells`: reading one cell (text, IDs with their check digit, dates in the many
  Chinese forms, months, amounts, yes/no); shared with the cross-check dataset reader;
- :mod:`.columns`: :class:`Column` declarations and the header mapping (aliases);
- :mod:`.reading`: the XLSX and CSV readers (bounded, streaming);
- :mod:`.runner`: :class:`Importer`, read → map headers → validate every row → create in
  one transaction → one summary audit event;
- :mod:`.template`: the template workbook with its 填写说明 sheet.

A module's import is a subclass of :class:`Importer` declaring its columns and row
logic; see :mod:`jiandu.org.imports` for an example.
"""

from jiandu.core.imports.cells import BadValue
from jiandu.core.imports.columns import Column, Header, alias_index, map_header
from jiandu.core.imports.reading import NOT_XLSX, UnreadableFile
from jiandu.core.imports.runner import (
    FileRejected,
    Importer,
    ImportResult,
    ParsedRow,
    RowError,
    RowErrors,
    RowRefused,
    chunks,
)
from jiandu.core.imports.template import write_header

__all__ = [
    "NOT_XLSX",
    "BadValue",
    "Column",
    "FileRejected",
    "Header",
    "ImportResult",
    "Importer",
    "ParsedRow",
    "RowError",
    "RowErrors",
    "RowRefused",
    "UnreadableFile",
    "alias_index",
    "chunks",
    "map_header",
    "write_header",
]
