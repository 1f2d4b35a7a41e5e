"""Importing a dataset version (checked, converted to Parquet, recorded once per content),
and exporting the organisation register as internal datasets."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from jiandu.audit.services import event_record
from jiandu.core.errors import DomainError
from jiandu.core.permissions import require_capability
from jiandu.core.storage import file_sha256
from jiandu.crosscheck.models import (
    DatasetVersion,
)
from jiandu.crosscheck.services.common import (
    INTERNAL_SOURCE,
    REJECTIONS_SHOWN,
    dataset_path,
    next_version,
    storage_root,
)


class ImportRejected(DomainError):
    """Nothing could be imported: every row was rejected. ``rejections`` says why."""

    def __init__(self, message: str, rejections: list[dict[str, Any]]):
        super().__init__(message)
        self.rejections = rejections


def _rejection_dict(r: Any) -> dict[str, Any]:
    return {"row": r.row, "column": r.column, "value": str(r.value)[:100], "reason": r.reason}


def importable_types() -> dict[str, Any]:
    """The dataset types a person may upload (the internal ones come from the register)."""
    from jiandu.crosscheck.engine.datasets import DATASET_TYPES

    return {code: t for code, t in DATASET_TYPES.items() if not t.internal}


def dataset_import(
    *,
    actor: Any,
    dataset_type: str,
    source: Path,
    original_name: str = "",
    mapping: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> DatasetVersion:
    """Import a CSV, XLSX or Parquet file as the next version of ``dataset_type``.

    Headers are mapped automatically (or by ``mapping``: canonical column → source
    header); values are normalised and validated by the engine. Rejected rows do not
    stop the import: they go to the downloadable report. The same file (same SHA-256)
    is not imported twice for a type.

    The file is read and written outside the database transaction (a large file takes a
    while, and SQLite would hold its write lock all that time); the version is numbered
    and recorded, with its audit event, in one short transaction at the end. The file is
    streamed (memory bounded whatever its length); ``progress(rows_read)`` is called as
    it goes. Pages and the API run this in a background task (:func:`dataset_upload`);
    the CLI and the demo call it directly.
    """
    from jiandu.crosscheck.engine.datasets import MappingError, import_file

    require_capability(actor, "crosscheck.import")
    kinds = importable_types()
    if dataset_type not in kinds:
        raise DomainError("数据类型不存在", fields={"dataset_type": ["请选择数据类型"]})
    source = Path(source)
    name = (original_name or source.name)[:200]
    if Path(name).suffix.lower() not in (".csv", ".xlsx", ".parquet"):
        raise DomainError(
            "只能导入CSV、XLSX或Parquet文件", fields={"file": ["文件格式应为.csv、.xlsx或.parquet"]}
        )
    sha = file_sha256(source)
    _refuse_repeat(dataset_type, sha)
    stem = Path("datasets") / dataset_type / f"{sha[:16]}-{uuid.uuid4().hex[:8]}"
    out = storage_root() / stem.with_suffix(".parquet")
    report = str(stem) + "-rejections.xlsx"
    # The engine writes both files under temporary names and renames them when complete;
    # they are removed again on every way out but success (a refusal, an error, a cancel).
    try:
        try:
            result = import_file(
                dataset_type,
                source,
                out,
                mapping=mapping or None,
                original_name=name,
                report_path=storage_root() / report,
                progress=progress,
            )
        except MappingError as exc:
            raise DomainError(exc.message, fields={"mapping": [exc.message]}) from None
        rejections = [_rejection_dict(r) for r in result.rejections]
        if result.rows_accepted == 0:
            raise ImportRejected(
                f"文件共{result.rows_total}行，全部未通过校验，未导入。请按下表修改后重新上传。",
                rejections[:REJECTIONS_SHOWN],
            )
        return _record_import(
            actor=actor,
            dataset_type=dataset_type,
            name=name,
            sha=sha,
            parquet=str(stem.with_suffix(".parquet")),
            result=result,
            rejections=rejections,
            report=report if result.report_path else "",
        )
    except BaseException:
        out.unlink(missing_ok=True)
        (storage_root() / report).unlink(missing_ok=True)
        raise


def _refuse_repeat(dataset_type: str, sha: str) -> None:
    earlier = (
        DatasetVersion.objects.filter(dataset_type=dataset_type, source_sha256=sha)
        .order_by("-version")
        .first()
    )
    if earlier is not None:
        raise DomainError(
            f"该文件已于{timezone.localtime(earlier.imported_at):%Y年%m月%d日}导入为"
            f"{earlier.label}第{earlier.version}版，无需重复导入",
            fields={"file": ["该文件已导入过"]},
        )


@transaction.atomic
def _record_import(
    *,
    actor: Any,
    dataset_type: str,
    name: str,
    sha: str,
    parquet: str,
    result: Any,
    rejections: list[dict[str, Any]],
    report: str,
) -> DatasetVersion:
    _refuse_repeat(dataset_type, sha)  # again, now under the write lock
    version = next_version(dataset_type)
    dv = DatasetVersion.objects.create(
        dataset_type=dataset_type,
        version=version,
        source_name=name,
        source_sha256=sha,
        parquet_path=parquet,
        rows_total=result.rows_total,
        rows_accepted=result.rows_accepted,
        rows_rejected=result.rows_rejected or len({r["row"] for r in rejections}),
        header_mapping=dict(result.header_mapping),
        rejections=rejections[:REJECTIONS_SHOWN],
        rejections_path=report,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    event_record(
        actor=actor,
        action="crosscheck.dataset.import",
        obj=dv,
        to_state=f"第{version}版",
        payload={
            "type": dataset_type,
            "file": name,
            "sha256": sha,
            "rows": result.rows_total,
            "accepted": result.rows_accepted,
            "rejected": dv.rows_rejected,
        },
    )
    return dv


def _register_rows() -> dict[str, list[dict[str, Any]]]:
    """The organisation register in the engine's internal columns, in a stable order."""
    from jiandu.org.models import (
        Company,
        CompanyPerson,
        CompanyRole,
        Post,
        Rank,
        Relation,
        Relative,
    )

    ranks = dict(Rank.choices)
    officials = [
        {
            "name": p.cadre.name,
            "citizen_id": p.cadre.citizen_id,
            "unit": p.unit.name,
            "post": p.title,
            "rank": ranks.get(p.cadre.rank, p.cadre.rank),
        }
        for p in Post.objects.current()
        .select_related("cadre", "unit")
        .only("title", "cadre__name", "cadre__citizen_id", "cadre__rank", "unit__name")
        .order_by("cadre__citizen_id", "unit__name", "title", "id")
    ]
    relations = dict(Relation.choices)
    relatives = [
        {
            "official_citizen_id": r.cadre.citizen_id,
            "official_name": r.cadre.name,
            "name": r.name,
            "citizen_id": r.citizen_id,
            "relation": relations.get(r.relation, r.relation),
        }
        for r in Relative.objects.select_related("cadre")
        .only("name", "citizen_id", "relation", "cadre__name", "cadre__citizen_id")
        .order_by("cadre__citizen_id", "id")
    ]
    companies = [
        {
            "uscc": c.uscc,
            "name": c.name,
            "address": c.address,
            "phone": c.phone,
            "registered_on": c.registered_on,
        }
        for c in Company.objects.order_by("uscc").only(
            "uscc", "name", "address", "phone", "registered_on"
        )
    ]
    roles = dict(CompanyRole.choices)
    company_people = [
        {
            "uscc": p.company.uscc,
            "person_name": p.person_name,
            "person_citizen_id": p.person_citizen_id,
            "role": roles.get(p.role, p.role),
            "share_ratio": p.share_ratio,
        }
        for p in CompanyPerson.objects.select_related("company")
        .only("person_name", "person_citizen_id", "role", "share_ratio", "company__uscc")
        .order_by("company__uscc", "id")
    ]
    return {
        "officials": officials,
        "relatives": relatives,
        "companies": companies,
        "company_people": company_people,
    }


def _rows_sha256(rows: list[dict[str, Any]]) -> str:
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def internal_datasets_export(*, actor: Any) -> list[DatasetVersion]:
    """Export the organisation register (cadres' current posts, relatives, companies and
    their people) as internal dataset versions; a type whose content has not changed
    since its last export keeps its version. Returns the versions created."""
    from jiandu.crosscheck.engine.datasets import write_internal

    require_capability(actor, "crosscheck.run")
    created = []
    for dataset_type, rows in _register_rows().items():
        sha = _rows_sha256(rows)
        latest = (
            DatasetVersion.objects.filter(dataset_type=dataset_type, internal=True)
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.source_sha256 == sha and dataset_path(latest).exists():
            continue
        version = next_version(dataset_type)
        relative = Path("datasets") / dataset_type / f"v{version}-register.parquet"
        out = storage_root() / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        count = write_internal(dataset_type, rows, out)
        created.append(
            DatasetVersion.objects.create(
                dataset_type=dataset_type,
                version=version,
                internal=True,
                source_name=INTERNAL_SOURCE,
                source_sha256=sha,
                parquet_path=str(relative),
                rows_total=count,
                rows_accepted=count,
                imported_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
    if created:
        event_record(
            actor=actor,
            action="crosscheck.dataset.export_register",
            object_type="crosscheck.datasetversion",
            object_repr="干部名册导出为比对数据集",
            payload={v.dataset_type: v.version for v in created},
        )
    return created


def current_versions() -> dict[str, DatasetVersion]:
    """The version of each dataset type a run reads: the latest imported one, or for a
    type never imported (officials, relatives; companies and their people until a
    registration file is imported) the latest export of the organisation register."""
    chosen: dict[str, DatasetVersion] = {}
    for dv in DatasetVersion.objects.order_by("dataset_type", "internal", "-version"):
        chosen.setdefault(dv.dataset_type, dv)
    return chosen
