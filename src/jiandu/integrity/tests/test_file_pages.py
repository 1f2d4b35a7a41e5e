"""The integrity file pages through the client: the page, its Excel export and its
printable page — contracts, sections and figures against the record, scope, the read
log, and a query count that does not grow with the history."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from jiandu.accounts.models import User
from jiandu.audit.models import ReadLog
from jiandu.core.downloads import XLSX
from jiandu.core.testing import Page, PageContract, assert_print_page
from jiandu.integrity.record import person_record
from jiandu.org import services as org
from jiandu.org.models import Post

pytestmark = pytest.mark.django_db
D = date
TODAY = D(2025, 6, 2)


@pytest.fixture
def ctx(staff, today_is):
    today_is(TODAY)
    return staff


@pytest.fixture
def users(staff):
    return staff.users


FILE_QUERIES = 40


class TestFilePages(PageContract):
    pages = [
        Page(
            "integrity:cadre_file",
            args=lambda c: (c.cadres["town_a_head"].pk,),
            allowed="township_commission",
            forbidden="org_department",
            hidden=lambda c: (c.cadres["town_b_head"].pk,),
            max_queries=FILE_QUERIES,
        ),
        Page(
            "integrity:cadre_file_print",
            args=lambda c: (c.cadres["town_a_head"].pk,),
            allowed="township_commission",
            forbidden="admin",
            hidden=lambda c: (c.cadres["town_b_head"].pk,),
            max_queries=FILE_QUERIES,
        ),
        Page(
            "integrity:cadre_file_export",
            args=lambda c: (c.cadres["edu_head"].pk,),
            allowed="resident_team",
            forbidden="org_department",
            hidden=lambda c: (c.cadres["fin_head"].pk,),
            content_type=XLSX,
        ),
    ]


@pytest.fixture
def history(staff, today_is, decided, clue_on, inquiry, report_about, hit_about):
    """The education bureau head's history: two reports, a clue concluded by letter
    with 诫勉, a party 警告 and a confirmed hit; today is frozen at 2025-06-02."""
    report_about("edu_head", D(2023, 5, 6), ("integrity",))
    report_about("edu_head", D(2024, 9, 3), ("integrity", "hd_gifts"))
    clue = clue_on("edu_head", D(2024, 10, 8))
    inquiry(
        clue,
        D(2024, 10, 10),
        D(2024, 10, 21),
        D(2024, 11, 4),
        "first_form",
        "first_admonition",
        reason="回复避重就轻，予以诫勉。",
    )
    decided("edu_head", D(2025, 1, 6), ["party_warning"])
    hit_about("edu_head")
    today_is(TODAY)
    return staff


def _get(client, name, cadre):
    return client.get(reverse(name, args=(cadre.pk,)))


def test_the_file_shows_every_section_with_the_record_figures(client_for, history):
    cadre = history.cadres["edu_head"]
    response = _get(client_for(history.users["leader"]), "integrity:cadre_file", cadre)
    html = response.content.decode()
    assert response.status_code == 200
    for testid in (
        "post-table",
        "relative-table",
        "measures-panel",
        "report-table",
        "clue-table",
        "inquiry-table",
        "case-table",
        "decision-table",
        "first-form-table",
        "finding-table",
        "hit-table",
    ):
        assert f'data-testid="{testid}"' in html, testid
    record = person_record(cadre.pk, on=TODAY)
    # 警告 from 2025-01-06: 12 months → 2026-01-05; 诫勉 from 2024-11-04 → 2025-05-03.
    assert record.influence_end == D(2026, 1, 5)
    assert "影响期至2026年1月5日" in html
    assert "2020年3月1日" in html  # the post, in Chinese dates
    running = html.split('data-testid="running-measures"')[1].split("</ul>")[0]
    assert "警告" in running and "诫勉" not in running  # 诫勉 ended 2025-05-03
    assert 'data-testid="report-total">2<' in html
    assert "回复避重就轻，予以诫勉。" in html and "采取第一种形态措施后了结" in html
    assert "本人领取低保" in html
    assert "举报人" not in html.replace("不显示举报人信息", "")
    assert "仅计入您有权查看的记录" not in html  # a leader sees the whole record


def test_opening_writes_the_read_log(client_for, history):
    cadre, user = history.cadres["edu_head"], history.users["resident_team"]
    client = client_for(user)
    for name in ("integrity:cadre_file", "integrity:cadre_file_print"):
        assert _get(client, name, cadre).status_code == 200
    assert _get(client, "integrity:cadre_file_export", cadre).status_code == 200
    logs = ReadLog.objects.filter(user=user, object_type="org.cadre", object_id=str(cadre.pk))
    assert sorted(logs.values_list("what", flat=True)) == sorted(
        ["廉政档案", "廉政档案（打印）", "廉政档案（导出）"]
    )


def test_a_hidden_cadre_writes_no_read_log(client_for, staff):
    client = client_for(staff.users["township_commission"])
    assert _get(client, "integrity:cadre_file", staff.cadres["town_b_head"]).status_code == 404
    assert not ReadLog.objects.exists()


def test_the_export_opens_and_holds_the_measures(client_for, history):
    cadre = history.cadres["edu_head"]
    response = _get(client_for(history.users["leader"]), "integrity:cadre_file_export", cadre)
    assert response["Content-Type"] == XLSX and "attachment" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames[0] == "概况" and "处分和措施" in book.sheetnames
    summary = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert summary["影响期"] == "影响期至2026年1月5日"
    assert summary["姓名"] == cadre.name
    rows = list(book["处分和措施"].iter_rows(min_row=2, values_only=True))
    assert [(r[3], r[4]) for r in rows] == [("诫勉", "第一种形态处置"), ("警告", "党纪处分")]
    assert rows[1][7].date() == D(2026, 1, 5)
    inquiries = list(book["谈话函询"].iter_rows(min_row=2, values_only=True))
    assert inquiries[0][8] == "回复避重就轻，予以诫勉。"
    reports = list(book["信访举报"].iter_rows(min_row=2, values_only=True))
    assert reports[-1] == ("合计（件）", 1, 1)


def test_the_print_page_is_a4_without_navigation(client_for, history):
    cadre = history.cadres["edu_head"]
    html = _get(
        client_for(history.users["leader"]), "integrity:cadre_file_print", cadre
    ).content.decode()
    assert_print_page(html)
    assert "影响期至2026年1月5日" in html and "回复避重就轻，予以诫勉。" in html


def test_a_township_commission_sees_only_its_own_peoples_files(client_for, staff):
    client = client_for(staff.users["township_commission"])
    assert _get(client, "integrity:cadre_file", staff.cadres["town_a_head"]).status_code == 200
    for key in ("town_b_head", "edu_head", "fin_head"):
        assert _get(client, "integrity:cadre_file", staff.cadres[key]).status_code == 404


def test_a_supervision_office_sees_the_file_but_not_another_units_clue(
    client_for, staff, clue_on, today_is
):
    """The finance head moved to the education bureau; the clue from his finance days is
    resident team 2's, outside the first office's liaison."""
    team2 = User.objects.create_user(
        username="t_team2", password="pw-12345678", role="resident_team", unit=staff.units["team2"]
    )
    staff.users["team2"] = team2
    cadre = staff.cadres["fin_head"]
    hidden = clue_on("fin_head", D(2024, 2, 1), handler_unit="team2", handler="team2")
    org.post_end(actor=None, post=Post.objects.get(cadre=cadre), end_date=D(2024, 6, 30))
    org.post_create(
        actor=None,
        cadre=cadre,
        unit=staff.units["dept_edu"],
        title="副局长",
        is_head=False,
        start_date=D(2024, 7, 1),
    )
    shown = clue_on("fin_head", D(2024, 9, 1))
    today_is(TODAY)
    html = _get(
        client_for(staff.users["supervision_office"]), "integrity:cadre_file", cadre
    ).content.decode()
    assert shown.number in html and hidden.number not in html
    assert "仅计入您有权查看的记录" in html
    leader = _get(client_for(staff.users["leader"]), "integrity:cadre_file", cadre)
    assert hidden.number in leader.content.decode()


def test_the_cadre_page_leads_to_the_file(client_for, staff):
    cadre = staff.cadres["edu_head"]
    response = client_for(staff.users["resident_team"]).get(
        reverse("org:cadre_detail", args=(cadre.pk,))
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("integrity:cadre_file", args=(cadre.pk,))


def test_the_administrator_keeps_the_register_page(client, staff):
    client.force_login(staff.users["admin"])
    cadre = staff.cadres["edu_head"]
    response = client.get(reverse("org:cadre_detail", args=(cadre.pk,)))
    assert response.status_code == 200 and 'data-testid="post-table"' in response.content.decode()
    assert client.get(reverse("integrity:cadre_file", args=(cadre.pk,))).status_code == 403


def _count(client, cadre):
    url = reverse("integrity:cadre_file", args=(cadre.pk,))
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_history(
    client_for, history, decided, clue_on, report_about, today_is
):
    client = client_for(history.users["leader"])
    cadre = history.cadres["edu_head"]
    before = _count(client, cadre)
    report_about("edu_head", D(2025, 2, 3), ("hd_gifts",))
    report_about("edu_head", D(2025, 3, 3), ("mass",))
    clue_on("edu_head", D(2025, 3, 10))
    clue_on("edu_head", D(2025, 4, 10))
    decided("edu_head", D(2025, 5, 6), ["gov_demerit"])
    today_is(TODAY)
    after = _count(client, cadre)
    assert before == after <= FILE_QUERIES, (before, after)


@pytest.mark.parametrize(
    ("end", "permanent", "state", "headline"),
    [
        (None, False, "none", "无"),
        (D(2025, 6, 1), False, "ended", "无（影响期已于2025年6月1日届满）"),  # the day before
        (D(2025, 6, 2), False, "running", "影响期至2025年6月2日"),  # its last day
        (None, True, "permanent", "永久"),
    ],
)
def test_the_panel_gives_one_answer(end, permanent, state, headline):
    from jiandu.integrity.record import PersonRecord
    from jiandu.integrity.selectors import measures_panel

    record = PersonRecord(cadre_id=1, on=TODAY, influence_end=end, permanent=permanent)
    panel = measures_panel(record)
    assert (panel.state, panel.headline) == (state, headline)


def test_the_file_lists_clearance_replies_and_alerts_as_the_viewer_may_see_them(client_for, county):
    """An approved reply naming 张伟 shows in his file for the leader (domain clearance),
    not for the resident team (no clearance domain); his alert shows for both (the team
    supervises the education bureau)."""
    from jiandu.integrity.clearance_services import clearance_request_submit
    from jiandu.integrity.models import Alert, ClearancePerson, ClearanceRequest
    from jiandu.integrity.tests.conftest import people_rows

    cadre = county.cadres["edu_head"]
    request = clearance_request_submit(
        actor=county.users["org_department"],
        purpose="promotion",
        people=people_rows(county, "edu_head"),
        received_on=date(2026, 3, 2),
    )
    ClearancePerson.objects.filter(request=request).update(answer="defer")  # planted
    ClearanceRequest.objects.filter(pk=request.pk).update(
        status="approved", approved_on=date(2026, 3, 6)
    )
    Alert.objects.create(
        kind="repeated_reports",
        key="test:1",
        cadre=cadre,
        unit=county.units["dept_edu"],
        reason="12个月内被反映3次",
        raised_on=date(2026, 3, 1),
    )
    html = _get(client_for(county.users["leader"]), "integrity:cadre_file", cadre).content
    html = html.decode()
    assert request.number in html and "暂缓" in html
    assert "12个月内被反映3次" in html
    team = _get(client_for(county.users["resident_team"]), "integrity:cadre_file", cadre)
    text = team.content.decode()
    assert request.number not in text and 'data-testid="file-clearances"' not in text
    assert "12个月内被反映3次" in text


def test_the_export_and_the_print_page_hold_the_register_entries(client_for, history):
    """A declaration (with a property) and a pre-appointment talk recorded through the
    services appear in the export's sheets and on the print page, without add buttons."""
    from jiandu.integrity import register_services

    cadre = history.cadres["edu_head"]
    actor = history.users["case_management"]
    register_services.declaration_create(
        actor=actor, cadre=cadre, year=2024, reported_on=D(2025, 1, 20),
        marital_status="married",
        real_estate=[{"owner": "本人", "address": "青山县幸福路1号", "area": "98", "use": "住宅"}],
    )  # fmt: skip
    register_services.talk_create(
        actor=actor, cadre=cadre, kind="pre_appointment", talked_on=D(2025, 3, 1),
        talked_by_name="王书记", summary="任前廉政谈话，提出三点要求。",
    )  # fmt: skip
    response = _get(client_for(history.users["leader"]), "integrity:cadre_file_export", cadre)
    book = load_workbook(BytesIO(response.content))
    declaration = list(book["个人有关事项报告"].iter_rows(min_row=2, values_only=True))
    assert declaration[0][0] == 2024 and "青山县幸福路1号" in declaration[0][4]
    talks = list(book["廉政谈话"].iter_rows(min_row=2, values_only=True))
    assert talks[0][1:3] == ("任前廉政谈话", "王书记")
    assert "党风廉政意见回复" in book.sheetnames and "廉政风险提示" in book.sheetnames
    printed = _get(client_for(actor), "integrity:cadre_file_print", cadre).content.decode()
    assert "任前廉政谈话，提出三点要求。" in printed
    assert 'data-testid="add-talks"' not in printed
    page = _get(client_for(actor), "integrity:cadre_file", cadre).content.decode()
    assert 'data-testid="add-talks"' in page
