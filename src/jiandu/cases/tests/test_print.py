"""The case's print page: the case with its people, measures and time limits, scoped
like the case page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from jiandu.accounts.models import User
from jiandu.cases.rules import Stage
from jiandu.core.testing import assert_print_page

pytestmark = pytest.mark.django_db
TODAY = date.today()


def test_the_print_page_holds_people_measures_and_deadlines(client_for, staff, new_case, advance):
    case = new_case(on=TODAY - timedelta(days=60))
    advance(case.people.get(), Stage.EXECUTION, on=TODAY - timedelta(days=50))
    client = client_for(staff.users["resident_team"])
    detail = client.get(reverse("cases:case_detail", args=(case.pk,))).content.decode()
    url = reverse("cases:case_print", args=(case.pk,))
    assert f'href="{url}"' in detail
    html = client.get(url).content.decode()
    assert_print_page(html)
    assert case.number in html and case.title in html and "张伟" in html
    measures = html.split('data-testid="print-measures"', 1)[1].split("</table>", 1)[0]
    assert "严重警告" in measures and "记过" in measures
    deadlines = html.split('data-testid="print-deadlines"', 1)[1].split("</section>", 1)[0]
    for label in ("调查期限", "审理期限", "执行期限"):
        assert label in deadlines
    assert 'data-testid="print-urgent"' in html  # the execution's limit runs
    assert f"{case.filed_on.year}年{case.filed_on.month}月{case.filed_on.day}日" in html


def test_another_units_case_is_not_found(client_for, staff, new_case):
    case = new_case()
    team2 = User.objects.create_user(
        username="t_team2p", password="pw-12345678", role="resident_team", unit=staff.units["team2"]
    )
    assert client_for(team2).get(reverse("cases:case_print", args=(case.pk,))).status_code == 404
