"""Rectification rates per round, organisation, category and responsible unit, overall
and on time, counted in the database exactly as ``rules.rates`` defines them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jiandu.inspections import rules, selectors, services
from jiandu.inspections.models import RectificationItem

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def _close(insp, item, pdf, *, done_on, decision="close"):
    services.evidence_add(actor=insp.users["inspection"], item=item, name="a.pdf", content=pdf)
    services.item_report_done(actor=insp.users["inspection"], item=item, text="完成", on=done_on)
    services.item_close_out(
        actor=insp.users["inspection2"], item=item, decision=decision, note="同意"
    )


@pytest.fixture
def mixed(insp, ledger, pdf):
    """Education: 4 items — closed on time, long-term but late, overdue, open.
    Finance: 2 items — done waiting for the check, open."""
    actor = insp.users["inspection"]
    edu, fin = ledger["findings"]["edu"], ledger["findings"]["fin"]
    today = timezone.localdate()

    def add(finding, unit_key, deadline, measures):
        return services.item_create(
            actor=actor,
            finding=finding,
            measures=measures,
            responsible_unit=insp.units[unit_key],
            responsible_person="某某",
            deadline=deadline,
        )

    on_time = ledger["items"]["edu"]
    _close(insp, on_time, pdf, done_on=days_ago(2))  # deadline today+30
    late = add(edu, "school", days_ago(10), "学校整改")
    _close(insp, late, pdf, done_on=days_ago(5), decision="accept_long_term")
    overdue = add(edu, "school", days_ago(3), "学校逾期")
    services.item_report_progress(actor=actor, item=overdue, text="推进中")
    add(edu, "dept_edu", today + timedelta(days=10), "教育局未到期")
    pending = ledger["items"]["fin"]
    services.evidence_add(actor=actor, item=pending, name="a.pdf", content=pdf)
    services.item_report_done(actor=actor, item=pending, text="完成")
    add(fin, "dept_fin", today + timedelta(days=10), "财政局未到期")
    return insp


def _facts(qs):
    return [rules.ItemFacts(i.status, i.deadline, i.completed_on) for i in qs]


def test_rates_by_organisation_agree_with_the_rule(mixed, ledger):
    user = mixed.users["leader"]
    rows = {r.label: r for r in selectors.rates_by(user=user, by="target")}
    edu, fin = rows["测试县教育局"], rows["测试县财政局"]
    assert (edu.rates.total, edu.rates.closed, edu.rates.closed_on_time, edu.rates.overdue) == (
        4,
        2,
        1,
        1,
    )
    assert edu.rate == "50.0%" and edu.on_time_rate == "25.0%"
    assert (fin.rates.total, fin.rates.closed, fin.rates.done_pending) == (2, 0, 1)
    assert fin.rate == "0.0%"
    for target_key, row in (("edu", edu), ("fin", fin)):
        items = RectificationItem.objects.filter(finding__target=ledger["targets"][target_key])
        assert rules.rates(_facts(items), timezone.localdate()) == row.rates


def test_rates_by_round_category_and_responsible_unit(mixed, ledger):
    user = mixed.users["inspection"]
    (by_round,) = selectors.rates_by(user=user, by="round")
    assert by_round.label == "县委第二轮巡察" and by_round.rates.total == 6
    assert by_round.rate == "33.3%" and by_round.on_time_rate == "16.7%"
    categories = {r.label: r.rates for r in selectors.rates_by(user=user, by="category")}
    assert categories["廉洁自律方面"].total == 4 and categories["政治建设方面"].total == 2
    units = {r.label: r.rates for r in selectors.rates_by(user=user, by="responsible_unit")}
    assert units["测试县第一中学"].total == 2 and units["测试县第一中学"].closed == 1
    assert units["测试县第一中学"].overdue == 1
    total = selectors.rates_total(user=user)
    assert (total.total, total.closed, total.overdue, total.done_pending) == (6, 2, 1, 1)


def test_rates_are_scoped_to_what_the_user_sees(mixed):
    rows = selectors.rates_by(user=mixed.users["fin_unit"], by="target")
    assert [r.label for r in rows] == ["测试县财政局"]
    assert selectors.rates_total(user=mixed.users["review"]).total == 0


def test_closing_an_item_changes_the_rate(insp, ledger, pdf):
    user = insp.users["leader"]
    assert selectors.rates_total(user=user).rate == 0
    _close(insp, ledger["items"]["edu"], pdf, done_on=days_ago(0))
    assert selectors.rates_total(user=user).rate == pytest.approx(0.5)


def test_the_overdue_list_holds_open_items_past_their_deadline(mixed):
    overdue = list(selectors.overdue_items(user=mixed.users["inspection"]))
    assert [i.measures for i in overdue] == ["学校逾期"]
