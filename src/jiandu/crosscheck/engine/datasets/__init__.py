"""Dataset types (数据集类型) and the import of a source file into normalised Parquet.

- :mod:`.catalogue`: the dataset types, their canonical columns and Parquet schema;
- :mod:`.mapping`: source headers → canonical columns (automatic or by a mapping file);
- :mod:`.readers`: CSV, XLSX and Parquet read as a stream of rows;
- :mod:`.convert`: :func:`import_file` (the streaming import: normalise, validate, write
  Parquet and the rejected-rows report) and :func:`write_internal` (register data).

Values are read with the cell parsers every import shares
(:mod:`jiandu.core.imports.cells`).
"""

from jiandu.core.imports.cells import BadValue, normalise_text
from jiandu.core.imports.cells import parse_value as normalise_value
from jiandu.crosscheck.engine.datasets.catalogue import (
    ARROW_TYPES,
    DATASET_TYPES,
    DatasetType,
    arrow_schema,
)
from jiandu.crosscheck.engine.datasets.convert import (
    ParquetResult,
    Rejection,
    import_file,
    partial_path,
    rejections_xlsx,
    write_internal,
)
from jiandu.crosscheck.engine.datasets.mapping import (
    MappingError,
    map_headers,
    read_mapping_file,
)

__all__ = [
    "ARROW_TYPES",
    "DATASET_TYPES",
    "BadValue",
    "DatasetType",
    "MappingError",
    "ParquetResult",
    "Rejection",
    "arrow_schema",
    "import_file",
    "map_headers",
    "normalise_text",
    "normalise_value",
    "partial_path",
    "read_mapping_file",
    "rejections_xlsx",
    "write_internal",
]
