"""Case pages through the client: access (anonymous, wrong role, other unit → 404),
the ledger with its filters and a constant query count, the export, opening a case from
a clue, the case page and its actions."""

import io
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from jiandu.accounts.models import User
from jiandu.audit.models import Event
from jiandu.cases import services
from jiandu.cases.rules import Stage
from jiandu.cases.services import PersonInput
from jiandu.core.downloads import DOCX, XLSX
from jiandu.core.errors import DomainError
from jiandu.core.testing import Page, PageContract

pytestmark = pytest.mark.django_db
TODAY = date.today()


class TestPages(PageContract):
    pages = [
        Page("cases:case_list", allowed="case_management", forbidden="petition"),
        Page(
            "cases:case_list",
            id="cases:case_list[rows]",
            allowed="leader",
            htmx='data-testid="case-row"',
            max_queries=25,
        ),
        Page("cases:case_export", allowed="leader", forbidden="petition", content_type=XLSX),
        Page("cases:decision_list", allowed="case_management", forbidden="petition"),
        Page("cases:decision_export", allowed="leader", forbidden="petition", content_type=XLSX),
        Page("cases:recovery_list", allowed="resident_team", forbidden="petition"),
        Page("cases:case_open", allowed="resident_team", forbidden="petition"),
        Page(
            "cases:case_detail",
            args=lambda c: (c.filed.pk,),
            allowed="resident_team",
            forbidden="petition",
            hidden=lambda c: (c.filed.pk,),
            viewer="team2",
        ),
        Page(
            "cases:case_print",
            args=lambda c: (c.filed.pk,),
            allowed="resident_team",
            forbidden="petition",
            hidden=lambda c: (c.filed.pk,),
            viewer="team2",
        ),
        Page(
            "cases:case_action",
            args=lambda c: (c.proposed.pk, "approve_filing"),
            get=False,
            allowed="leader",
            forbidden="petition",
            hidden=lambda c: (c.proposed.pk, "approve_filing"),
            viewer="team2",
            data=lambda c: {"on": TODAY.isoformat(), "comment": "同意"},
            audit="cases.case.approve_filing",
        ),
        Page(
            "cases:document_download",
            args=lambda c: (c.filed.pk, c.version.pk),
            allowed="resident_team",
            forbidden="petition",
            hidden=lambda c: (c.filed.pk, c.version.pk),
            viewer="team2",
            content_type=DOCX,
        ),
    ]


@pytest.fixture
def ctx(staff, new_case):
    """A case of resident team 1 proposed today (``proposed``) and a filed one with a
    generated filing decision (``version``)."""
    filed = new_case()
    version = services.document_generate(
        actor=staff.users["resident_team"], case=filed, kind="filing_decision", person=None
    )
    return SimpleNamespace(proposed=new_case(filed=False), filed=filed, version=version)


@pytest.fixture
def users(staff):
    """The county's users and one of resident team 2, a unit outside the cases."""
    team2 = User.objects.create_user(
        username="t_team2", password="pw-12345678", role="resident_team", unit=staff.units["team2"]
    )
    return {**staff.users, "team2": team2}


def test_case_visibility_by_unit(client_for, staff, new_case):
    case = new_case()
    url = reverse("cases:case_detail", args=(case.pk,))
    # The lead unit, its guiding office, the leader and the case management office see it.
    for key in ("resident_team", "supervision_office", "leader", "case_management"):
        assert client_for(staff.users[key]).get(url).status_code == 200, key
    # The review office only once the case is referred to it.
    assert client_for(staff.users["review"]).get(url).status_code == 404


def test_review_office_sees_referred_cases(client_for, staff, new_case, advance):
    case = new_case()
    advance(case.people.get(), Stage.REFERRED)
    response = client_for(staff.users["review"]).get(reverse("cases:case_detail", args=(case.pk,)))
    assert response.status_code == 200
    assert "审理受理" in response.content.decode()
    listing = client_for(staff.users["review"]).get(reverse("cases:case_list"))
    assert case.number in listing.content.decode()


def _many(staff, n):
    u = staff.users
    for i in range(n):
        case = services.case_open(
            actor=u["resident_team"],
            kind="person",
            title=f"案件{i}",
            summary="问题",
            proposed_on=TODAY - timedelta(days=i),
            lead_unit=staff.units["team1"],
            people=[PersonInput(name=f"人员{i}"), PersonInput(name=f"同案{i}")],
            co_units=[staff.units["town_a_commission"]],
        )
        services.case_decide_filing(actor=u["leader"], case=case, approve=True, on=TODAY)


def test_ledger_query_count_does_not_grow(client_for, staff):
    client = client_for(staff.users["case_management"])
    _many(staff, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("cases:case_list")).status_code == 200
    _many(staff, 12)
    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse("cases:case_list"))
    assert response.content.decode().count('data-testid="case-row"') == 15
    assert len(more.captured_queries) == len(few.captured_queries)


def test_ledger_filters(client_for, staff, new_case, advance, signer, propose):
    u = staff.users
    a = new_case(title="甲案")
    b = new_case(title="乙案", people=[PersonInput(cadre=staff.cadres["teacher"])])
    advance(b.people.get(), Stage.INVESTIGATION)
    signer(b, "detention_decision", u["resident_team"], b.people.get())
    propose(b, "detention", b.people.get())
    services.detention_start(actor=u["leader"], person=b.people.get(), on=TODAY)
    client = client_for(u["leader"])

    def numbers(**params):
        html = client.get(reverse("cases:case_list"), params).content.decode()
        return {c.number for c in (a, b) if c.number in html}

    assert numbers() == {a.number, b.number}
    assert numbers(stage="investigation") == {b.number}
    assert numbers(stage="filed") == {a.number}
    assert numbers(detention="true") == {b.number}
    assert numbers(rank="general") == {b.number}
    assert numbers(q="甲案") == {a.number}
    assert numbers(unit=staff.units["team1"].pk) == {a.number, b.number}
    assert numbers(unit=staff.units["team2"].pk) == set()
    assert numbers(category="hd_gifts") == {a.number, b.number}
    assert numbers(overdue="true") == set()


def test_export_has_one_row_per_person(client_for, staff, new_case, advance):
    case = new_case(
        people=[PersonInput(cadre=staff.cadres["edu_head"], amount_involved=Decimal("32000"))]
    )
    advance(case.people.get(), Stage.EXECUTION)
    response = client_for(staff.users["leader"]).get(reverse("cases:case_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, row = rows[0], rows[1]
    data = dict(zip(header, row, strict=True))
    assert data["案件编号"] == case.number
    assert data["被审查调查人"] == "张伟"
    assert data["处分和处理"] == "严重警告、记过"
    assert data["四种形态"] == "第二种形态"
    assert data["涉案金额（元）"] == 32000
    assert data["影响期至"].date() > TODAY
    # The petition office may not export.
    assert client_for(staff.users["petition"]).get(reverse("cases:case_export")).status_code == 403


def test_open_a_case_from_a_clue_in_pending_case(client_for, staff):
    from jiandu.clues import services as clue_services
    from jiandu.clues.models import ClueStatus

    u = staff.users
    clue = clue_services.clue_create(
        actor=u["case_management"],
        source="report",
        summary="反映其收受礼金。",
        received_on=TODAY,
        subject_cadre=staff.cadres["edu_head"],
        category_codes=["integrity"],
    )
    clue_services.clue_propose_routing(
        actor=u["case_management"], clue=clue, unit=staff.units["team1"]
    )
    clue_services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
    clue_services.clue_accept(actor=u["resident_team"], clue=clue)
    client = client_for(u["resident_team"])
    # Not yet in 拟立案: refused with the reason.
    response = client.post(
        reverse("cases:case_open") + f"?clue={clue.pk}",
        {"title": "张伟案", "summary": "收受礼金", "proposed_on": TODAY, "kind": "person"},
    )
    assert "只有“拟立案”的线索可以立案" in response.content.decode()
    clue.status = ClueStatus.PENDING_CASE  # (the clue tests drive verification to here)
    clue.save(update_fields=["status"])
    page = client.get(reverse("clues:clue_detail", args=(clue.pk,))).content.decode()
    assert reverse("cases:case_open") + f"?clue={clue.pk}" in page
    response = client.post(
        reverse("cases:case_open") + f"?clue={clue.pk}",
        {
            "title": "张伟涉嫌违纪违法案",
            "summary": "收受礼金",
            "proposed_on": TODAY,
            "kind": "person",
            "supervision_law": "on",
        },
    )
    assert response.status_code == 302
    case = clue.case
    assert case.people.get().cadre == staff.cadres["edu_head"]
    assert case.lead_unit == staff.units["team1"]
    page = client.get(reverse("clues:clue_detail", args=(clue.pk,))).content.decode()
    assert case.number in page
    # The clue stays 拟立案 until a leader approves the filing; then it is 已立案.
    clue.refresh_from_db()
    assert clue.status == ClueStatus.PENDING_CASE
    services.case_decide_filing(actor=u["leader"], case=case, approve=True, on=TODAY)
    clue.refresh_from_db()
    assert clue.status == ClueStatus.CASE_FILED
    page = client.get(reverse("clues:clue_detail", args=(clue.pk,))).content.decode()
    assert case.number in page and "已立案" in page
    event = Event.objects.filter(action="clues.clue.case_filed", object_id=str(clue.pk)).get()
    assert event.payload["case"] == case.number
    # A filed clue cannot be filed again.
    with pytest.raises(DomainError, match="不能立案审查调查"):
        clue_services.clue_case_filed(actor=u["leader"], clue=clue, case_number="X", on=TODAY)


def test_case_page_actions_through_the_client(client_for, staff, new_case, signer):
    u = staff.users
    case = new_case(filed=False)
    person = case.people.get()
    leader = client_for(u["leader"])
    url = reverse("cases:case_detail", args=(case.pk,))
    assert "批准立案" in leader.get(url).content.decode()
    response = leader.post(
        reverse("cases:case_action", args=(case.pk, "approve_filing")),
        {"on": TODAY.isoformat(), "comment": "同意"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.stage == Stage.FILED
    handler = client_for(u["resident_team"])
    # The gate answers in Chinese on the page.
    handler.post(
        reverse("cases:case_action", args=(case.pk, "start_investigation")),
        {"person": person.pk, "on": TODAY.isoformat()},
    )
    page = handler.get(url).content.decode()
    assert "缺少已签发的立案决定书" in page
    # Generate, then upload the signed version through the page.
    handler.post(
        reverse("cases:case_action", args=(case.pk, "generate_document")),
        {"kind": "filing_decision", "person": "", "doc_number": "青纪立〔2026〕1号"},
    )
    version = case.documents.get().versions.get()
    version.file.open("rb")
    content = version.file.read()
    version.file.close()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = handler.post(
        reverse("cases:case_action", args=(case.pk, "upload_document")),
        {
            "kind": "filing_decision",
            "person": "",
            "signed": "on",
            "file": SimpleUploadedFile("立案决定书.docx", content),
        },
    )
    assert response.status_code == 302
    handler.post(
        reverse("cases:case_action", args=(case.pk, "start_investigation")),
        {"person": person.pk, "on": TODAY.isoformat()},
    )
    person.refresh_from_db()
    assert person.stage == Stage.INVESTIGATION
    page = handler.get(url).content.decode()
    assert "青纪立〔2026〕1号" in page and "签署件" in page
    # A version is downloaded through the scoped view, and the read is logged.
    from jiandu.audit.models import ReadLog

    signed = case.documents.get().versions.get(number=2)
    response = handler.get(reverse("cases:document_download", args=(case.pk, signed.pk)))
    assert response.status_code == 200
    assert ReadLog.objects.filter(object_id=str(case.pk)).exists()
    assert Event.objects.filter(action="cases.document.upload").count() == 1


def test_decided_person_shows_measures_and_period_end(client_for, staff, new_case, advance):
    from jiandu.cases.rules import combined_period_end

    case = new_case()
    advance(case.people.get(), Stage.DECIDED)
    page = (
        client_for(staff.users["resident_team"])
        .get(reverse("cases:case_detail", args=(case.pk,)))
        .content.decode()
    )
    end = combined_period_end([("party_serious_warning", TODAY), ("gov_demerit", TODAY)])
    assert f"{end.year}年{end.month}月{end.day}日" in page
    assert "严重警告" in page and "第二种形态" in page
