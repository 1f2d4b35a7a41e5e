"""The people of a clearance request from Excel (姓名 + 身份证号 + 单位职务) on the import
runner (``core.imports``): every row read, its ID number checked by its check digit and
matched to the register's cadre; a wrong ID number, an unmatched row or a name that is
not the register's is reported with its row and column and nothing is submitted. A file
without errors becomes ONE request with all its people (``clearance_request_submit``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from jiandu.core.errors import PermissionDenied
from jiandu.core.imports import Column, Importer, ImportResult, ParsedRow, RowErrors
from jiandu.integrity import clearance_services as services
from jiandu.integrity.models import ClearanceRequest

COLUMNS = (
    Column("seq", "序号", parse="int", width=6),
    Column("name", "姓名", required=True, parse="person_name", max_length=40),
    Column(
        "citizen_id",
        "身份证号",
        required=True,
        aliases=("公民身份号码", "身份证号码"),
        parse="citizen_id",
        text_format=True,
        width=22,
    ),
    Column(
        "unit_text",
        "单位职务",
        aliases=("单位及职务", "工作单位及职务", "现任职务", "单位"),
        max_length=100,
        width=30,
    ),
)


class ClearanceImport(Importer):
    kind, label, columns = "clearance_people", "意见回复人员名单", COLUMNS
    capability, action = "clearance.request", "integrity.import.clearance"
    row_noun = "人员"
    ignore = frozenset({"seq"})
    star_required = True
    guide_notes = (
        "每行一人；身份证号须为干部名册中已登记的18位号码（请把该列设为文本格式）。",
        "只要有一行有误，整个名单都不会提交；请按错误提示修改后重新上传。",
    )

    def __init__(self, actor: Any, *, particulars: dict[str, Any]):
        super().__init__(actor)
        self.particulars = particulars
        self.request: ClearanceRequest | None = None

    def check(self) -> None:
        if self.actor is not None and not (
            self.actor.has_capability("clearance.request")
            or self.actor.has_capability("clearance.handle")
        ):
            raise PermissionDenied()

    def validate(self, rows: list[ParsedRow], errors: RowErrors) -> list[dict[str, Any]]:
        usable = [r for r in rows if r.ok("name", "citizen_id")]
        matched, problems = services.match_people([r.data for r in usable])
        for index, field_name, message in problems:
            errors.add(usable[index].number, field_name, message)
        return matched

    def create(self, plan: list[dict[str, Any]]) -> int:
        self.request = services.clearance_request_submit(
            actor=self.actor, people=plan, **self.particulars
        )
        return len(plan)

    def summary_payload(self) -> dict[str, Any]:
        return {"request": self.request.number if self.request else ""}


def import_people(
    *, actor: Any, file: Any, purpose: str, received_on: date | None = None, **particulars: Any
) -> tuple[ImportResult, ClearanceRequest | None]:
    """Validate the whole file, then submit one request with every person or nothing."""
    importer = ClearanceImport(
        actor, particulars={"purpose": purpose, "received_on": received_on, **particulars}
    )
    result = importer.run(file)
    return result, importer.request if result.ok else None
