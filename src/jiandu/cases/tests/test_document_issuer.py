"""A generated case document names the issuer and 文号 prefix configured for the lead
unit's commission in the register."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from docx import Document

from jiandu.cases import services
from jiandu.org import services as org

pytestmark = pytest.mark.django_db


def _paragraphs(version) -> list[str]:
    version.file.open("rb")
    try:
        return [p.text for p in Document(io.BytesIO(version.file.read())).paragraphs]
    finally:
        version.file.close()


def test_a_document_names_the_configured_issuer_and_prefix(staff, new_case):
    commission = staff.units["commission"]
    org.unit_update(
        actor=None,
        unit=commission,
        document_issuer_name="测试县纪委监委机关",
        document_number_prefix="测纪",
    )
    case = new_case()
    handler = staff.users["resident_team"]
    draft = services.document_generate(actor=handler, case=case, kind="filing_decision")
    texts = _paragraphs(draft)
    year = timezone.localdate().year
    assert texts[1] == f"测纪〔{year}〕\u3000号"  # a draft 文号, the serial written by hand
    signed_by = [t for t in texts if t.strip()][-2]
    assert signed_by == "测试县纪委监委机关"
    assert "经测试县纪委监委机关主要负责人审批" in "\n".join(texts)
    # a 文号 given when generating is used as it is
    numbered = services.document_generate(
        actor=handler, case=case, kind="filing_decision", doc_number="测纪立〔2026〕3号"
    )
    assert _paragraphs(numbered)[1] == "测纪立〔2026〕3号"
