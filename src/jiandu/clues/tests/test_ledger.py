"""The clue ledger (问题线索台账): filters, scope, the Excel export, and a query count
that does not grow with the rows."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jiandu.accounts.models import User
from jiandu.clues import services

pytestmark = pytest.mark.django_db

EXPORT_COLUMNS = [
    "序号",
    "线索编号",
    "收到日期",
    "线索来源",
    "被反映人",
    "单位及职务",
    "职级",
    "问题类别",
    "主要问题",
    "承办单位",
    "处置方式",
    "办理状态",
    "了结方式",
    "核查结论",
    "是否超期",
    "需向上级报告",
]


@pytest.fixture
def ledger(people, new_clue, routed):
    """Four clues: registered (overdue), accepted by team 1, accepted by team 2 (the
    finance head), and one about the town A head handled by the town A commission."""
    u = people.users
    today = timezone.localdate()

    def route(clue, unit_key, user):
        services.clue_propose_routing(
            actor=u["case_management"], clue=clue, unit=people.units[unit_key]
        )
        services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
        services.clue_accept(actor=user, clue=clue)
        clue.refresh_from_db()
        return clue

    team2_user = User.objects.create_user(
        username="t_team2", password="pw-12345678", role="resident_team", unit=people.units["team2"]
    )
    old = new_clue(received_on=today - timedelta(days=70))  # disposition limit passed
    team1 = routed()
    fin = route(new_clue(cadre_key="fin_head"), "team2", team2_user)
    town = route(new_clue(cadre_key="town_a_head"), "town_a_commission", u["township_commission"])
    return {"old": old, "team1": team1, "fin": fin, "town": town}


def numbers(html: str, ledger: dict) -> set[str]:
    return {key for key, clue in ledger.items() if clue.number in html}


def get(client, **params):
    return client.get(reverse("clues:clue_list"), params).content.decode()


def test_ledger_lists_every_visible_clue_with_its_columns(client_for, people, ledger):
    html = get(client_for(people.users["leader"]))
    assert numbers(html, ledger) == {"old", "team1", "fin", "town"}
    for header in ["线索编号", "收到日期", "来源", "被反映人", "单位职务", "主要问题"]:
        assert header in html
    assert "派驻第一纪检监察组" in html and "测试县教育局局长" in html
    assert 'data-testid="upward-flag"' in html  # the bureau heads ([规则] 22)
    # The registered clue's disposition limit has passed: red, with days overdue.
    assert 'data-state="overdue"' in html and "已超期" in html


def test_ledger_is_limited_to_the_users_scope(client_for, people, ledger):
    assert numbers(get(client_for(people.users["township_commission"])), ledger) == {"town"}
    # Team 1 sees its own clue and the registered one about a unit it supervises.
    assert numbers(get(client_for(people.users["resident_team"])), ledger) == {"old", "team1"}


def test_status_filter_takes_several_statuses(client_for, people, ledger):
    client = client_for(people.users["leader"])
    assert numbers(get(client, status="registered"), ledger) == {"old"}
    html = client.get(
        reverse("clues:clue_list"), {"status": ["registered", "accepted"]}
    ).content.decode()
    assert numbers(html, ledger) == {"old", "team1", "fin", "town"}
    assert numbers(get(client, status="closed"), ledger) == set()


def test_overdue_filter(client_for, people, ledger):
    client = client_for(people.users["leader"])
    assert numbers(get(client, overdue="true"), ledger) == {"old"}
    assert numbers(get(client, overdue="false"), ledger) == {"team1", "fin", "town"}


def test_handling_unit_filter(client_for, people, ledger):
    client = client_for(people.users["leader"])
    html = get(client, handling_unit=people.units["team2"].pk)
    assert numbers(html, ledger) == {"fin"}
    # The select lists the commission's bodies, not the supervised units.
    assert f'<option value="{people.units["team2"].pk}"' in html
    assert f'<option value="{people.units["dept_edu"].pk}"' not in html


def test_search_by_subject_or_number(client_for, people, ledger):
    client = client_for(people.users["leader"])
    assert numbers(get(client, q="王强"), ledger) == {"fin"}
    assert numbers(get(client, q=ledger["team1"].number), ledger) == {"team1"}
    html = get(client, q="不存在的人")
    assert 'data-testid="empty-state"' in html and "没有找到问题线索" in html


def test_received_date_range_and_category(client_for, people, ledger):
    client = client_for(people.users["leader"])
    today = timezone.localdate()
    since = (today - timedelta(days=10)).isoformat()
    assert numbers(get(client, received_from=since), ledger) == {"team1", "fin", "town"}
    assert numbers(get(client, received_to=since), ledger) == {"old"}
    assert numbers(get(client, category="hd_gifts"), ledger) == set(ledger)
    assert numbers(get(client, category="hd_dining"), ledger) == set()


def test_sorting_by_received_date(client_for, people, ledger):
    client = client_for(people.users["leader"])
    newest_first = get(client)
    oldest_first = get(client, ordering="received_on")
    old = ledger["old"].number
    assert newest_first.index(old) > newest_first.index(ledger["town"].number)
    assert oldest_first.index(old) < oldest_first.index(ledger["town"].number)


def test_htmx_filtering_returns_the_table_fragment(client_for, people, ledger):
    response = client_for(people.users["leader"]).get(
        reverse("clues:clue_list"), {"q": "王强"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert ledger["fin"].number in html and "<html" not in html
    assert 'data-testid="clue-table"' in html


def test_export_has_the_ledger_columns_and_real_dates(client_for, people, ledger):
    response = client_for(people.users["leader"]).get(
        reverse("clues:clue_export"), {"status": ["accepted"]}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_COLUMNS
    body = {row[1]: dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in rows[1:]}
    assert set(body) == {ledger[k].number for k in ("team1", "fin", "town")}
    fin = body[ledger["fin"].number]
    assert isinstance(fin["收到日期"], datetime)
    assert fin["收到日期"].date() == ledger["fin"].received_on
    assert fin["被反映人"] == "王强" and fin["单位及职务"] == "测试县财政局局长"
    assert fin["职级"] and fin["处置方式"] is None
    assert fin["问题类别"] == "违反廉洁纪律、违规收送名贵特产和礼品礼金"
    assert fin["承办单位"] == "派驻第二纪检监察组" and fin["办理状态"] == "待处置"
    assert (fin["是否超期"], fin["需向上级报告"]) == ("否", "是")
    assert sorted(row[0] for row in rows[1:]) == [1, 2, 3]


def test_export_contains_only_visible_rows(client_for, people, ledger):
    response = client_for(people.users["township_commission"]).get(reverse("clues:clue_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == [ledger["town"].number]
    response = client_for(people.users["leader"]).get(
        reverse("clues:clue_export"), {"overdue": "true"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [(row[1], row[14]) for row in rows[1:]] == [(ledger["old"].number, "是")]


def _make_clues(people, n: int, start: int = 0) -> None:
    u = people.users
    for i in range(start, start + n):
        clue = services.clue_create(
            actor=u["case_management"],
            source="audit" if i % 2 else "inspection",
            summary=f"测试线索{i}",
            received_on=date(2026, 1, 1) + timedelta(days=i),
            subject_cadre=people.cadres["teacher"],
            category_codes=["integrity"],
        )
        if i % 3 == 0:
            services.clue_propose_routing(
                actor=u["case_management"], clue=clue, unit=people.units["team1"]
            )
            services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)


@pytest.mark.parametrize("role", ["leader", "resident_team"])
def test_ledger_query_count_does_not_grow_with_rows(
    client_for, people, role, django_assert_max_num_queries
):
    client = client_for(people.users[role])
    url = reverse("clues:clue_list")
    _make_clues(people, 3)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.content.decode().count('data-testid="clue-row"') == 3
    _make_clues(people, 57, start=3)
    with django_assert_max_num_queries(15):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('data-testid="clue-row"') == 50  # one page
    assert 'data-testid="next-page"' in html
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"page": 2, "status": ["registered", "assigned"], "overdue": "true"})
    assert len(many.captured_queries) <= len(few.captured_queries) + 1  # + the EXISTS count
    with CaptureQueriesContext(connection) as export:
        response = client.get(reverse("clues:clue_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 61
    assert len(export.captured_queries) <= 12


def test_a_limit_due_within_five_working_days_is_amber(client_for, people, new_clue):
    clue = new_clue(received_on=timezone.localdate() - timedelta(days=28))
    html = get(client_for(people.users["leader"]))
    assert 'data-state="due_soon"' in html and "text-warning" in html
    assert clue.number in html and 'data-state="overdue"' not in html


def test_a_due_date_in_a_year_not_entered_is_marked_provisional(client_for, people, new_clue):
    from jiandu.core.models import CalendarYear

    today = timezone.localdate()
    CalendarYear.objects.filter(year__in=[today.year, today.year + 1]).delete()
    clue = new_clue()
    assert clue.deadlines.get().provisional
    html = (
        client_for(people.users["leader"])
        .get(reverse("clues:clue_detail", args=(clue.pk,)))
        .content.decode()
    )
    assert "暂按法定节日和双休日推算" in html
