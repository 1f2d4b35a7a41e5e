"""The unit profile (政治生态画像): every figure hand-counted in a small county
(``profile_county``: the working is in its docstring), the medians of the units of the
same kind, each figure's link listing exactly the records it counts, the viewer's scope
in every figure, and a fixed number of queries whatever the number of units."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone

from jiandu.integrity import profile_selectors
from jiandu.integrity.tests import profile_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return profile_county.TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return profile_county.TODAY


@pytest.fixture
def pc(county, today):
    return profile_county.build(county)


def figures(profile, key):
    row = profile.row(key)
    return [c.value for c in row.cells]


def medians(profile, key):
    return [c.median for c in profile.row(key).cells]


def test_unit_figures_are_the_hand_counted_ones(pc, county):
    p = profile_selectors.unit_profile(user=county.users["leader"], unit=pc.units["dept_edu"])
    assert p.years == [2024, 2025, 2026]
    assert figures(p, "staff") == [3, 2, 2]
    assert figures(p, "reports") == [0, 1, 1]  # R1 names two people of the unit: once
    assert figures(p, "reports_per_100") == [0.0, 50.0, 50.0]
    assert figures(p, "clues") == [1, 1, 0]
    assert figures(p, "cases") == [0, 1, 0]  # K1 has two people of the unit: one case
    assert figures(p, "four_forms") == [1, 3, 0]
    assert [c.parts for c in p.row("four_forms").cells] == [
        "1 / 0 / 0 / 0",
        "2 / 1 / 0 / 0",
        "0 / 0 / 0 / 0",
    ]
    assert figures(p, "rectification_rate") == [None, 33.3, None]  # no items: no rate
    assert figures(p, "rectification_overdue") == [0, 1, 0]
    assert figures(p, "overdue_tasks") == [0, 1, 1]  # T2 has two owners of the unit: once
    assert figures(p, "hits") == [0, 0, 1]


def test_another_department(pc, county):
    p = profile_selectors.unit_profile(user=county.users["leader"], unit=pc.units["dept_fin"])
    assert figures(p, "staff") == [1, 1, 1]
    assert figures(p, "reports_per_100") == [0.0, 100.0, 0.0]
    assert figures(p, "clues") == [0, 1, 0]
    assert figures(p, "cases") == [0, 0, 1]
    assert figures(p, "four_forms") == [0, 0, 1]
    assert p.row("four_forms").cells[2].parts == "0 / 0 / 0 / 1"  # 开除党籍 + 移送: form 4
    assert figures(p, "rectification_rate") == [100.0, None, None]
    assert figures(p, "hits") == [0, 1, 0]


def test_medians_of_the_units_of_the_same_kind(pc, county):
    """Departments: 教育局, 财政局 and 组织部 (nothing at all)."""
    p = profile_selectors.unit_profile(user=county.users["leader"], unit=pc.units["dept_edu"])
    assert p.peers == 3
    # staff 2024: 3, 1, 0 → 1; reports 2025: 1, 1, 0 → 1
    assert medians(p, "staff") == [1.0, 1.0, 1.0]
    assert medians(p, "reports") == [0.0, 1.0, 0.0]
    # per 100 staff, 组织部 has no staff (no figure): 2025: 50, 100 → 75; 2026: 50, 0 → 25
    assert medians(p, "reports_per_100") == [0.0, 75.0, 25.0]
    # rates: 2024 only 财政局 (100); 2025 only 教育局 (33.3)
    assert medians(p, "rectification_rate") == [100.0, 33.3, None]
    # four forms 2025: 3, 0, 0 → 0; clues 2025: 1, 1, 0 → 1
    assert medians(p, "four_forms") == [0.0, 0.0, 0.0]
    assert medians(p, "clues") == [0.0, 1.0, 0.0]
    assert p.row("clues").cells[1].warn is False
    assert p.row("four_forms").cells[1].warn is True  # 3 > 0
    assert p.row("staff").cells[0].warn is False  # 3 > 1, but the staff count is no sign
    # 教育局's rate 2025 is the median itself (the only department with items): no sign
    assert p.row("rectification_rate").cells[1].warn is False


LEDGERS = {
    "intake:report_list": "jiandu.intake.selectors.report_list",
    "clues:clue_list": "jiandu.clues.selectors.clue_list",
    "cases:case_list": "jiandu.cases.selectors.case_list",
    "inspections:item_list": "jiandu.inspections.selectors.item_list",
    "directives:task_list": "jiandu.directives.selectors.task_list",
    "crosscheck:hit_list": "jiandu.crosscheck.selectors.hit_list",
    "org:cadre_list": "jiandu.org.selectors.cadre_list",
}


def ledger_rows(user, url):
    """The rows the ledger page lists for a figure's link (its selector and filters)."""
    from importlib import import_module

    parsed = urlparse(url)
    match = resolve(parsed.path)
    module, name = LEDGERS[f"{match.namespace}:{match.url_name}"].rsplit(".", 1)
    selector = getattr(import_module(module), name)
    return selector(user=user, filters=dict(parse_qsl(parsed.query)))


@pytest.mark.parametrize("role", ["leader", "resident_team"])
def test_each_figure_links_to_the_records_it_counts(pc, county, role):
    user = county.users[role]
    p = profile_selectors.unit_profile(user=user, unit=pc.units["dept_edu"])
    checked = 0
    for key in ("reports", "clues", "cases", "rectification_overdue", "overdue_tasks", "hits"):
        for cell in p.row(key).cells:
            assert cell.url, (key, cell.year)
            assert ledger_rows(user, cell.url).count() == cell.value, (key, cell.year)
            checked += 1
    for cell in p.row("rectification_rate").cells:
        total = int(cell.parts.split("/")[1])
        if total:
            assert ledger_rows(user, cell.url).count() == total
        else:  # no items that year: no rate and nothing to list
            assert (cell.value, cell.url) == (None, "")
    staff_now = p.row("staff").cells[-1]
    assert ledger_rows(user, staff_now.url).count() == staff_now.value
    assert checked == 18


def test_four_forms_link_to_the_cases_and_clues_behind_them(pc, county):
    user = county.users["leader"]
    p = profile_selectors.unit_profile(user=user, unit=pc.units["dept_edu"])
    cell = p.row("four_forms").cells[1]  # 2025
    links = dict(cell.extra_links)
    assert set(ledger_rows(user, links["案件"])) == {pc.cases[0]}
    assert set(ledger_rows(user, links["线索"])) == {pc.clues[1]}


def test_every_figure_is_in_the_viewers_scope(pc, county):
    """A case about the school's teacher led by 第二纪检监察室 is counted for a leader,
    not for 派驻第一纪检监察组 (it may open dept_edu's profile but not that case)."""
    from jiandu.cases.models import Case, CasePerson

    k3 = Case.objects.create(
        number="AJ-T-3", kind="person", title="违纪", summary="问题",
        lead_unit=pc.units["office2"], proposed_on=date(2026, 2, 1), filed_on=date(2026, 2, 1),
    )  # fmt: skip
    CasePerson.objects.create(
        case=k3, cadre=pc.cadres["teacher"], name="李娜", unit=pc.units["school"],
        stage="investigation", stage_since=date(2026, 2, 1),
    )  # fmt: skip
    unit = pc.units["dept_edu"]
    leader = profile_selectors.unit_profile(user=county.users["leader"], unit=unit)
    team = profile_selectors.unit_profile(user=county.users["resident_team"], unit=unit)
    assert figures(leader, "cases") == [0, 1, 1]
    assert figures(team, "cases") == [0, 1, 0]
    # The team sees only its own department: no median to compare with.
    assert team.peers == 1
    assert medians(team, "cases") == [None, None, None]


def test_a_domain_the_viewer_does_not_see_is_not_shown(pc, county):
    """The petition office reads reports but not clues or cases: no figure, not 0."""
    p = profile_selectors.unit_profile(user=county.users["petition"], unit=pc.units["dept_edu"])
    assert p.row("reports").visible and figures(p, "reports") == [0, 1, 1]
    for key in ("clues", "cases", "four_forms", "rectification_rate", "hits"):
        assert not p.row(key).visible and p.row(key).cells == []


def test_the_township_commission_counts_its_own_town(pc, county):
    user = county.users["township_commission"]
    p = profile_selectors.unit_profile(user=user, unit=pc.units["town_a"])
    assert p.peers == 1  # it sees no other town: nothing to compare with
    assert medians(p, "clues") == [None, None, None]
    assert figures(p, "staff") == [2, 2, 2]  # 镇党委书记 + 红星村党支部书记
    assert figures(p, "reports") == [0, 0, 1]
    assert figures(p, "clues") == [0, 0, 1]


def test_the_query_count_does_not_grow_with_the_units(pc, county):
    from jiandu.org import services as org

    user = county.users["leader"]
    unit = pc.units["dept_edu"]
    with CaptureQueriesContext(connection) as before:
        profile_selectors.unit_profile(user=user, unit=unit)
    for i in range(6):
        extra = org.unit_create(
            actor=None, name=f"测试县局{i}", code=f"X{i:03d}", kind="department"
        )
        org.unit_create(actor=None, name=f"下属{i}", code=f"Y{i:03d}", kind="other", parent=extra)
    with CaptureQueriesContext(connection) as after:
        p = profile_selectors.unit_profile(user=user, unit=unit)
    assert p.peers == 9
    assert len(after) == len(before) <= 16, [q["sql"] for q in after]


def test_clearance_answers_that_hold_people_back_are_counted_and_linked(pc, county):
    """Two replies approved in the current year name 张伟 (教育局长) with 否定性意见 and
    王强 (财政局长) with 暂缓; a third person cleared is not counted. The figure counts
    people by their current unit and links to the replies behind it; roles without the
    clearance domain do not see the figure."""
    from jiandu.integrity.clearance_services import clearance_request_submit
    from jiandu.integrity.models import ClearancePerson, ClearanceRequest
    from jiandu.integrity.tests.conftest import people_rows

    year = profile_county.TODAY.year
    request = clearance_request_submit(
        actor=county.users["org_department"],
        purpose="promotion",
        people=people_rows(county, "edu_head", "fin_head", "teacher"),
        received_on=date(year, 1, 5),
    )
    answers = {"edu_head": "negative", "fin_head": "defer", "teacher": "clear"}
    for key, answer in answers.items():  # planted: the steps are tested in test_clearance
        ClearancePerson.objects.filter(request=request, cadre=pc.cadres[key]).update(answer=answer)
    ClearanceRequest.objects.filter(pk=request.pk).update(
        status="approved", approved_on=date(year, 1, 9)
    )
    leader = county.users["leader"]
    edu = profile_selectors.unit_profile(user=leader, unit=pc.units["dept_edu"])
    fin = profile_selectors.unit_profile(user=leader, unit=pc.units["dept_fin"])
    assert figures(edu, "clearance_adverse") == [0, 0, 1]  # the teacher's clear answer: no
    assert figures(fin, "clearance_adverse") == [0, 0, 1]
    cell = edu.row("clearance_adverse").cells[-1]
    match = resolve(urlparse(cell.url).path)
    assert (match.namespace, match.url_name) == ("integrity", "clearance_list")
    from jiandu.integrity.clearance_selectors import clearance_list

    rows = clearance_list(user=leader, filters=dict(parse_qsl(urlparse(cell.url).query)))
    assert list(rows) == [request]
    team = profile_selectors.unit_profile(
        user=county.users["resident_team"], unit=pc.units["dept_edu"]
    )
    assert not team.row("clearance_adverse").visible
