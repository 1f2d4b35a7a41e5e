"""Issue 12 item 13: every approval of a case step has a proposer (呈批, by the handling
unit or, for the review's extension, the review office) and an approver who is someone
else ([规则] 23, 25, 38; ``core.approvals``). The 留置 approved by its own proposer is
refused; without a proposal the approving step is refused; a leader may refuse a
proposal; page and API use the same steps."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jiandu.cases import services, steps
from jiandu.cases.models import CaseApproval, Detention
from jiandu.cases.rules import Stage
from jiandu.core.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _investigating(staff, new_case, advance, signer):
    case = new_case(on=TODAY - timedelta(days=10))
    person = advance(case.people.get(), Stage.INVESTIGATION, on=TODAY - timedelta(days=9))
    signer(case, "detention_decision", staff.users["resident_team"], person)
    return case, person


def test_a_detention_proposed_by_its_approver_is_refused(staff, new_case, advance, signer):
    """The demo's fault: a 留置 whose proposer approved it. A proposal recorded in the
    leader's name (as an import or an old record would) cannot be approved by that
    leader; another leader may, and nothing was written by the refused attempt."""
    u = staff.users
    case, person = _investigating(staff, new_case, advance, signer)
    CaseApproval.objects.create(
        case=case,
        person=person,
        step="detention",
        proposal="拟对张伟采取留置措施",
        proposed_by=u["leader"],
        proposed_at=timezone.now(),
    )
    with pytest.raises(DomainError, match="拟办人不能审批自己的呈批"):
        services.detention_start(actor=u["leader"], person=person, on=TODAY)
    assert not Detention.objects.filter(person=person).exists()
    services.detention_start(actor=u["leader2"], person=person, on=TODAY, approval_ref="青纪留1号")
    approval = CaseApproval.objects.get(case=case, step="detention")
    assert (approval.proposed_by, approval.approver) == (u["leader"], u["leader2"])


def test_no_approval_without_a_proposal_and_a_refused_proposal_stops_the_step(
    staff, new_case, advance, signer, propose
):
    u = staff.users
    case, person = _investigating(staff, new_case, advance, signer)
    with pytest.raises(DomainError, match="须先由承办部门呈批"):
        services.detention_start(actor=u["leader"], person=person, on=TODAY)
    propose(case, "detention", person)
    with pytest.raises(DomainError, match="已经呈批"):
        propose(case, "detention", person)
    services.case_reject_proposal(
        actor=u["leader"], case=case, person=person, step="detention", comment="证据尚不充分"
    )
    refused = CaseApproval.objects.get(case=case, step="detention")
    assert (refused.approved, refused.approver, refused.comment) == (
        False,
        u["leader"],
        "证据尚不充分",
    )
    with pytest.raises(DomainError, match="没有待审批"):
        services.detention_start(actor=u["leader"], person=person, on=TODAY)
    # Proposed again, approved by the leader.
    propose(case, "detention", person)
    services.detention_start(actor=u["leader"], person=person, on=TODAY)
    assert person.detentions.count() == 1


def test_who_proposes_what(staff, new_case, advance, propose):
    u = staff.users
    case = new_case(on=TODAY - timedelta(days=40))
    person = advance(case.people.get(), Stage.REVIEW, on=TODAY - timedelta(days=30))
    # The review's extension is the review office's proposal, not the investigators'.
    with pytest.raises(PermissionDenied):
        propose(case, "review_extension", person, actor=u["resident_team"])
    # A leader approves; a leader does not propose.
    with pytest.raises(PermissionDenied):
        propose(case, "detention", person, actor=u["leader"])
    with pytest.raises(DomainError, match="不需要呈批"):
        propose(case, "filing", person, actor=u["resident_team"])
    propose(case, "review_extension", person)
    services.case_extend_review(actor=u["leader"], person=person, reason="案情复杂")
    approval = CaseApproval.objects.get(case=case, step="review_extension")
    assert (approval.proposed_by, approval.approver, approval.approved) == (
        u["review"],
        u["leader"],
        True,
    )


def test_the_investigation_extension_is_proposed_for_the_whole_case(
    staff, new_case, advance, propose
):
    u = staff.users
    case = new_case(on=TODAY - timedelta(days=30))
    person = advance(case.people.get(), Stage.INVESTIGATION, on=TODAY - timedelta(days=29))
    with pytest.raises(DomainError, match="延长调查期限"):
        services.case_extend_investigation(
            actor=u["leader"], case=case, approval_ref="市纪〔2026〕8号", reason="案情复杂"
        )
    # The leader is offered the step only while a proposal waits.
    assert "extend_investigation" not in steps.CASE.panel(u["leader"], case).names
    propose(case, "investigation_extension", person)  # proposed from a track, for the case
    assert "extend_investigation" in steps.CASE.panel(u["leader"], case).names
    services.case_extend_investigation(
        actor=u["leader"], case=case, approval_ref="市纪〔2026〕8号", reason="案情复杂"
    )
    approval = CaseApproval.objects.get(case=case, step="investigation_extension")
    assert approval.person is None and approval.approval_ref == "市纪〔2026〕8号"
    assert (approval.proposed_by, approval.approver) == (u["resident_team"], u["leader"])


def test_the_case_page_and_the_api_propose_and_refuse(client_for, staff, new_case, advance, signer):
    u = staff.users
    case, person = _investigating(staff, new_case, advance, signer)
    url = reverse("cases:case_detail", args=(case.pk,))
    html = client_for(u["resident_team"]).get(url).content.decode()
    assert f'action="{reverse("cases:case_action", args=(case.pk, "propose"))}"' in html
    response = client_for(u["resident_team"]).post(
        reverse("cases:case_action", args=(case.pk, "propose")),
        {"person": person.pk, "step": "detention", "proposal": "拟对张伟采取留置措施"},
    )
    assert response.status_code == 302
    pending = CaseApproval.objects.get(case=case, step="detention")
    assert pending.is_pending and pending.proposed_by == u["resident_team"]
    html = client_for(u["leader"]).get(url).content.decode()
    assert "reject_proposal" in html and "待审批" in html
    response = client_for(u["leader"]).post(
        f"/api/cases/{case.pk}/reject_proposal/",
        {"person": person.pk, "step": "detention", "comment": "暂缓"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    pending.refresh_from_db()
    assert pending.approved is False and pending.approver == u["leader"]
    response = client_for(u["resident_team"]).post(
        f"/api/cases/{case.pk}/propose/",
        {"person": person.pk, "step": "detention"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    waiting = CaseApproval.objects.filter(case=case, step="detention", approved__isnull=True)
    assert waiting.count() == 1
