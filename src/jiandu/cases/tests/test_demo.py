"""The cases demo: every approval it writes has a proposer and another person who
approved it (issue 12 item 13: the demo had a 留置 approved by its own proposer)."""

import pytest

from jiandu.cases.models import CaseApproval, Detention
from jiandu.devtools.demo import accounts as accounts_demo
from jiandu.devtools.demo import cases as demo
from jiandu.devtools.demo import org as org_demo

pytestmark = pytest.mark.django_db


def test_no_demo_approval_is_made_and_approved_by_one_person():
    org_demo.load(seed=2026, cadres=300)
    accounts_demo.load(password="demo-password-for-tests")
    demo.load(seed=2026, cadres=300, cases=60, password="demo-password-for-tests")
    decided = CaseApproval.objects.filter(decided_at__isnull=False)
    detentions = decided.filter(step="detention")
    assert Detention.objects.exists()
    assert detentions.count() == Detention.objects.count()
    assert not [a.pk for a in decided if a.approver_id == a.proposed_by_id]
    for approval in detentions.select_related("person", "proposed_by", "approver"):
        assert approval.proposed_by.role != "leader" and approval.approver.role == "leader"
        started = approval.person.detentions.get().started_on
        assert approval.proposed_at.date() <= started <= approval.decided_at.date()
    # Item 14: the demo's 留置决定书 drafts carry the period and the number on record.
    from docx import Document

    from jiandu.cases.models import DocumentVersion

    drafts = DocumentVersion.objects.filter(generated=True, document__kind="detention_decision")
    assert drafts.exists()
    for version in drafts:
        with version.file.open("rb") as fh:
            text = "\n".join(p.text for p in Document(fh).paragraphs)
        assert "留置时间自" in text and "×××" not in text.split("留置时间自")[1]
        assert "青纪留〔" in text
    # Item 15: the demo's detained people handed over money; the released ones' was
    # decided for confiscation, with its month on the case.
    from jiandu.cases.models import CaseDeadline, CaseProperty

    assert CaseProperty.objects.count() == Detention.objects.count()
    decided = CaseProperty.objects.filter(decided_on__isnull=False)
    assert decided.count() == Detention.objects.filter(released_on__isnull=False).count()
    assert CaseDeadline.objects.filter(kind="property_disposal").count() == decided.count()
