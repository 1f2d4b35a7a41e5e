"""An escalation is signed by the issuing office as the register configures it: its
issuer name in the 版头 and 落款 and its prefix in front of the 文号."""

from __future__ import annotations

import io

import pytest
from docx import Document

from jiandu.inspections import documents, services
from jiandu.org import services as org

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def test_the_escalation_names_the_configured_issuer_and_prefix(insp, ledger):
    office = insp.units["inspection"]
    org.unit_update(
        actor=None,
        unit=office,
        document_issuer_name="中共测试县委巡察工作领导小组办公室",
        document_number_prefix="测",
    )
    item = ledger["items"]["edu"]
    actor = insp.users["inspection"]
    services.item_change_deadline(actor=actor, item=item, deadline=days_ago(40), reason="原定")
    notice = services.escalation_issue(actor=actor, item=item, level="notice", on=days_ago(35))
    assert notice.doc_number == f"测巡整督〔{days_ago(35).year}〕1号"
    assert notice.issuer == "中共测试县委巡察工作领导小组办公室"
    document = Document(io.BytesIO(documents.escalation_docx(notice)))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:2] == ["中共测试县委巡察工作领导小组办公室", notice.doc_number]
    assert texts[-2] == "中共测试县委巡察工作领导小组办公室"
    assert document.sections[0].footer.paragraphs[0].text == "— 1 —"
