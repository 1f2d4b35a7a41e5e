"""Every write of the cross-check module: importing a dataset version, exporting the
organisation register as internal datasets, starting and executing a run (storing its
hits under their stable identity), and triaging a hit (confirm → a clue with source
大数据比对 and the evidence; dismiss with a reason; reopen a dismissal).

The data engine (``jiandu.crosscheck.engine``) is imported lazily: DuckDB and pyarrow
are loaded by the processes that import or run, not by every web request.

One module per concern; the package exports every service, so callers write
``services.run_start(...)``."""

from jiandu.crosscheck.services.common import (
    INTERNAL_SOURCE,
    INTERNAL_TYPES,
    REJECTIONS_SHOWN,
    TEMP_MAX_AGE,
    UPLOADS,
    dataset_path,
    save_upload,
    storage_root,
    temp_dir,
    temp_sweep,
)
from jiandu.crosscheck.services.datasets import (
    ImportRejected,
    current_versions,
    dataset_import,
    importable_types,
    internal_datasets_export,
)
from jiandu.crosscheck.services.hits import (
    evidence_lines,
    hit_confirm,
    hit_dismiss,
    hit_reopen,
    rule_names,
)
from jiandu.crosscheck.services.runs import (
    active_run,
    run_cancel,
    run_checks_task,
    run_execute,
    run_params,
    run_start,
)
from jiandu.crosscheck.services.uploads import (
    UPLOAD_MAX_BYTES,
    dataset_import_cancel,
    dataset_import_execute,
    dataset_import_task,
    dataset_upload,
)

__all__ = [
    "INTERNAL_SOURCE",
    "INTERNAL_TYPES",
    "REJECTIONS_SHOWN",
    "TEMP_MAX_AGE",
    "UPLOADS",
    "UPLOAD_MAX_BYTES",
    "ImportRejected",
    "active_run",
    "current_versions",
    "dataset_import",
    "dataset_import_cancel",
    "dataset_import_execute",
    "dataset_import_task",
    "dataset_path",
    "dataset_upload",
    "evidence_lines",
    "hit_confirm",
    "hit_dismiss",
    "hit_reopen",
    "importable_types",
    "internal_datasets_export",
    "rule_names",
    "run_cancel",
    "run_checks_task",
    "run_execute",
    "run_params",
    "run_start",
    "save_upload",
    "storage_root",
    "temp_dir",
    "temp_sweep",
]
