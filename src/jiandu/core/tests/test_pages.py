"""The generic page contract (CONVENTIONS 11), applied to every page of the foundation:
anonymous → login page, wrong role → 403, other unit's object → 404, allowed → 200,
and a write → an audit event."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiandu.audit.models import Event
from jiandu.core.downloads import XLSX
from jiandu.core.testing import Page, PageContract, make_uscc
from jiandu.org import services as org_services
from jiandu.org.models import Company

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(county):
    Company.objects.create(uscc=make_uscc(1), name="测试县建工有限公司")
    return county


@pytest.fixture
def users(county):
    return county.users


def _cadre_edit(c):
    cadre = c.cadres["teacher"]
    return {
        "name": "李娜",
        "political_status": "party_member",
        "rank": "township",
        "phone": "13800000000",
        "notes": "",
        "version": org_services.cadre_version(cadre),
    }


def _holiday_entry():
    from jiandu.core.models import HolidayEntry

    return HolidayEntry.objects.create(year=2027, source="国办发明电", text="元旦：1月1日放假")


class TestPages(PageContract):
    pages = [
        Page("core:workbench"),
        Page("core:module", args=lambda c: ("clues",)),
        Page("core:calendar"),
        Page(
            "core:calendar_enter",
            allowed="case_management",
            forbidden="petition",
            data=lambda c: {"year": "2027", "text": "元旦：1月1日至3日放假。", "confirm": "1"},
            audit="core.calendar.enter_year",
        ),
        Page(
            "core:holiday_entry_detail",
            args=lambda c: (_holiday_entry().pk,),
            allowed="admin",
            forbidden="petition",
        ),
        Page("org:unit_list", allowed="township_commission"),
        Page(
            "org:unit_detail",
            args=lambda c: (c.units["town_a"].pk,),
            allowed="township_commission",
            hidden=lambda c: (c.units["town_b"].pk,),
        ),
        Page(
            "org:unit_edit",
            args=lambda c: (c.units["commission"].pk,),
            allowed="case_management",
            forbidden="petition",
        ),
        Page(
            "org:cadre_list",
            allowed="resident_team",
            htmx='data-testid="cadre-link"',
            max_queries=12,
        ),
        # The register page is the administrator's (org.view without integrity.view);
        # whoever may read integrity files is sent on to the cadre's file
        # (integrity/tests/test_file_pages.py), after the same scope check.
        Page(
            "org:cadre_detail",
            args=lambda c: (c.cadres["town_a_head"].pk,),
            allowed="admin",
            hidden=lambda c: (c.cadres["town_b_head"].pk,),
            viewer="township_commission",
        ),
        Page(
            "org:cadre_edit",
            args=lambda c: (c.cadres["teacher"].pk,),
            allowed="case_management",
            forbidden="petition",
            data=_cadre_edit,
            audit="org.cadre.update",
        ),
        Page("org:company_list"),
        Page(
            "org:company_detail",
            args=lambda c: (Company.objects.get().pk,),
            allowed="resident_team",  # the register is public data: every staff role
        ),
        Page("org:import", allowed="admin", forbidden="petition"),
        Page(
            "org:import_template",
            args=lambda c: ("cadres",),
            allowed="admin",
            forbidden="petition",
            content_type=XLSX,
        ),
        Page(
            "org:export",
            args=lambda c: ("cadres",),
            allowed="resident_team",
            forbidden="petition",
            content_type=XLSX,
        ),
        Page("accounts:user_list", allowed="admin", forbidden="leader"),
        Page("accounts:user_create", allowed="admin", forbidden="case_management"),
        Page("accounts:password_change", allowed="petition"),
        Page("accounts:otp_setup", allowed="petition"),
        Page("audit:event_list", allowed="leader", forbidden="petition"),
        Page("audit:chain_verify", allowed="leader", forbidden="petition", get=False),
    ]


def test_a_write_through_the_page_records_an_audit_event(client_for, county):
    user = county.users["case_management"]
    cadre = county.cadres["teacher"]
    client = client_for(user)
    before = Event.objects.count()
    response = client.post(
        reverse("org:cadre_edit", args=(cadre.pk,)),
        {
            "name": "李娜",
            "political_status": "party_member",
            "rank": "township",
            "phone": "13800000000",
            "notes": "",
            "version": org_services.cadre_version(cadre),
        },
    )
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert cadre.rank == "township"
    event = Event.objects.order_by("-seq").first()
    assert Event.objects.count() == before + 1
    assert (event.action, event.actor_id) == ("org.cadre.update", user.id)


def test_navigation_lists_every_module_and_none_is_unbuilt(client_for, county):
    html = client_for(county.users["leader"]).get(reverse("core:workbench")).content.decode()
    for label in [
        "工作台",
        "信访举报",
        "问题线索",
        "审查调查",
        "巡察整改",
        "督办事项",
        "廉政档案",
        "数据比对",
        "统计分析",
        "系统管理",
    ]:
        assert label in html
    assert "建设中" not in html  # the statistics module was the last one planned


def test_system_menu_hidden_from_roles_without_admin_capabilities(client_for, county):
    # Every role may view the calendar, so the menu shows; but user management only for admin.
    html = client_for(county.users["petition"]).get(reverse("core:workbench")).content.decode()
    assert reverse("accounts:user_list") not in html
    html = client_for(county.users["admin"]).get(reverse("core:workbench")).content.decode()
    assert reverse("accounts:user_list") in html


def test_cadre_search_and_filters(client_for, county):
    client = client_for(county.users["leader"])
    html = client.get(reverse("org:cadre_list"), {"q": "张伟"}).content.decode()
    assert html.count('data-testid="cadre-link"') == 2  # namesakes in two units
    html = client.get(
        reverse("org:cadre_list"), {"q": "张伟", "unit": county.units["town_a"].pk}
    ).content.decode()
    assert html.count('data-testid="cadre-link"') == 1
    html = client.get(reverse("org:cadre_list"), {"q": "不存在的人"}).content.decode()
    assert 'data-testid="empty-state"' in html
    ident = county.cadres["fin_head"].citizen_id
    html = client.get(reverse("org:cadre_list"), {"q": ident[:10]}).content.decode()
    assert "王强" in html


def test_htmx_search_returns_the_table_fragment(client_for, county):
    response = client_for(county.users["leader"]).get(
        reverse("org:cadre_list"), {"q": "陈"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "陈静" in html and "<html" not in html


def test_cadre_list_query_count_does_not_grow_with_rows(
    client_for, county, django_assert_max_num_queries
):
    from datetime import date

    from jiandu.core.testing import make_citizen_id
    from jiandu.org import services

    client = client_for(county.users["leader"])
    url = reverse("org:cadre_list")
    client.get(url)  # warm the session
    for i in range(40):
        cadre = services.cadre_create(
            actor=None, name=f"测试{i}", citizen_id=make_citizen_id(100 + i), rank="general"
        )
        services.post_create(
            actor=None,
            cadre=cadre,
            unit=county.units["dept_fin"],
            title="科员",
            start_date=date(2022, 1, 1),
        )
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count('data-testid="cadre-link"') == 46


def test_dates_are_shown_in_chinese(client_for, county):
    html = (
        client_for(county.users["leader"])
        .get(reverse("org:cadre_detail", args=(county.cadres["edu_head"].pk,)), follow=True)
        .content.decode()
    )
    assert "2020年3月1日" in html


def test_pages_carry_a_content_security_policy(client_for, county):
    response = client_for(county.users["leader"]).get(reverse("core:workbench"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp


def test_workbench_reminds_the_calendar_manager_to_enter_a_missing_year(client_for, county):
    from django.utils import timezone

    from jiandu.core.models import CalendarYear

    today = timezone.localdate()
    target = today.year + 1 if today.month >= 10 else today.year
    CalendarYear.objects.filter(year=target).delete()
    office = client_for(county.users["case_management"])
    assert f"录入{target}年法定节假日" in office.get(reverse("core:workbench")).content.decode()
    # The administrator's workbench offers the entry of the missing year.
    admin = client_for(county.users["admin"])
    enter = f"{reverse('core:calendar_enter')}?year={target}"
    assert enter in admin.get(reverse("core:workbench")).content.decode()
    CalendarYear.objects.create(year=target)
    assert f"录入{target}年法定节假日" not in office.get(reverse("core:workbench")).content.decode()
    assert enter not in admin.get(reverse("core:workbench")).content.decode()


def test_roles_without_calendar_duty_have_an_empty_workbench(client_for, county):
    html = client_for(county.users["petition"]).get(reverse("core:workbench")).content.decode()
    assert "法定节假日和调休安排" not in html
    assert "暂无待办事项" in html


def test_recent_actions_read_in_chinese(client_for, county):
    from jiandu.org import services

    user = county.users["case_management"]
    services.cadre_update(actor=user, cadre=county.cadres["teacher"], phone="13912345678")
    html = client_for(user).get(reverse("core:workbench")).content.decode()
    assert "修改干部信息" in html and "org.cadre.update" not in html
