"""The workbench page (``core.workbench``) on clue items: the counts 待我审批 / 已超期 /
5个工作日内到期 / 其他 are true counts, the user's own decisions come first and apart,
groups by kind with their counts, filters, paging, and a query count that does not grow
with the items."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiandu.clues import services
from jiandu.clues.models import ClueDeadline
from jiandu.core.workbench import workbench_page

pytestmark = pytest.mark.django_db
MODULE = "问题线索"


@pytest.fixture
def bench(people, new_clue):
    """For the leader: 3 routings waiting for approval (待我审批), and the disposition
    limits of 2 overdue, 1 due tomorrow and 2 fresh clues (deadlines in scope)."""
    today = timezone.localdate()
    u = people.users
    waiting = []
    for _ in range(3):
        clue = new_clue()
        services.clue_propose_routing(
            actor=u["case_management"], clue=clue, unit=people.units["team1"]
        )
        waiting.append(clue)
    overdue = [new_clue(received_on=today - timedelta(days=90)) for _ in range(2)]
    soon = new_clue()
    ClueDeadline.objects.filter(clue=soon).update(due_on=today + timedelta(days=1))
    fresh = [new_clue() for _ in range(2)]
    return {"waiting": waiting, "overdue": overdue, "soon": soon, "fresh": fresh}


def _rows(html):
    return html.count('data-testid="work-item"')


def test_counts_are_true_counts_and_partition_the_items(people, bench):
    page = workbench_page(people.users["leader"], {"module": MODULE})
    clue_groups = {g.kind: g for g in page.groups if g.module == MODULE}
    assert clue_groups["待审批分办"].counts == {"mine": 3}
    assert clue_groups["待审批分办"].mine and clue_groups["待审批分办"].action == "审批分办意见"
    deadlines = clue_groups["线索办理期限"]
    assert (deadlines.counts["overdue"], deadlines.counts["soon"], deadlines.counts["other"]) == (
        2,
        1,
        2,
    )
    assert not deadlines.mine
    # The top counts are the sum of every group's (other modules may add their own).
    assert page.counts["mine"] == sum(g.counts.get("mine", 0) for g in page.groups)
    assert page.counts["mine"] >= 3 and page.counts["overdue"] >= 2
    # The case management office routes: its 待分办 are its decisions; the leader's not.
    office = workbench_page(people.users["case_management"], {})
    routing = next(g for g in office.groups if g.kind == "待分办")
    assert routing.mine and routing.counts["mine"] == 4 + 1  # overdue×2, soon, fresh×2
    assert not any(g.kind == "待分办" for g in page.groups)


def test_the_page_lists_my_decisions_first_with_counts_and_actions(client_for, people, bench):
    html = client_for(people.users["leader"]).get(reverse("core:workbench")).content.decode()
    assert 'data-testid="count-mine-value">3<' in html
    first = html.index('data-testid="work-item"')
    assert html[first : first + 200].count('data-mine="1"') == 1  # mine first
    mine_section = html.index("待我审批：需要我作出决定的事项")
    scope_section = html.index("我范围内的期限和待办", mine_section)
    assert html.rfind('data-mine="1"') < scope_section < html.index('data-mine="0"')
    assert "办理：审批分办意见" in html  # what to do
    assert reverse("clues:clue_detail", args=(bench["waiting"][0].pk,)) in html  # where
    # Labels are truncated with their full text in the title; badges never wrap.
    assert 'class="text-truncate flex-fill" title="待审批分办：' in html
    assert 'class="badge bg-secondary-lt text-nowrap">问题线索<' in html


def test_each_count_filters_the_list(client_for, people, bench):
    client = client_for(people.users["leader"])
    url = reverse("core:workbench")
    html = client.get(url, {"category": "mine"}).content.decode()
    assert _rows(html) == html.count('data-mine="1"') >= 3
    html = client.get(url, {"category": "overdue", "module": MODULE}).content.decode()
    assert _rows(html) == 2 and html.count("（已超期）") == 2
    html = client.get(url, {"category": "soon", "module": MODULE}).content.decode()
    assert _rows(html) == 1 and bench["soon"].number in html
    html = client.get(url, {"kind": "待审批分办"}).content.decode()
    assert _rows(html) == 3
    assert all(c.number in html for c in bench["waiting"])
    # An htmx request gets the fragment only.
    response = client.get(url, {"kind": "待审批分办"}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert "<html" not in fragment and _rows(fragment) == 3
    # An unknown category is no filter.
    assert _rows(client.get(url, {"category": "x", "module": MODULE}).content.decode()) == 8


def test_paging_and_query_count_do_not_grow_with_items(client_for, people, new_clue, bench):
    client = client_for(people.users["leader"])
    url = reverse("core:workbench")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        html = client.get(url).content.decode()
    assert _rows(html) < 50
    for _ in range(55):
        new_clue()
    client.get(url)  # the statistics warnings are counted again for the new records
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many.captured_queries) <= len(few.captured_queries)
    assert len(many.captured_queries) <= 60
    assert _rows(html) == 50 and 'data-testid="next-page"' in html
    page = workbench_page(people.users["leader"], {})
    total_rows = page.rows.count()
    html = client.get(url, {"page": 2}).content.decode()
    assert _rows(html) == total_rows - 50
    # The second page continues the group: its heading carries the group's whole count.
    assert "线索办理期限" in html and ">60<" in html  # 5 + 55 deadlines in scope


def test_a_resident_team_sees_only_its_own_units_clues(client_for, people, routed, bench):
    clue = routed()
    html = client_for(people.users["resident_team"]).get(reverse("core:workbench")).content
    html = html.decode()
    assert clue.number in html
    assert not any(c.number in html for c in bench["waiting"] + bench["overdue"])
