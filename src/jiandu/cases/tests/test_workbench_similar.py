"""The workbench items (running case deadlines, detentions ending soon) and the
similar-cases panel at review on a prepared set."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from jiandu.cases import selectors, services
from jiandu.cases.rules import Stage
from jiandu.cases.services import PersonInput
from jiandu.cases.workbench import case_items as _case_sources
from jiandu.core.workbench import expand


def case_items(user):
    return expand(_case_sources(user))


pytestmark = pytest.mark.django_db
TODAY = date.today()


def test_workbench_lists_deadlines_and_detention_ending(staff, new_case, advance, signer, propose):
    u = staff.users
    case = new_case(on=TODAY - timedelta(days=95))
    person = advance(case.people.get(), Stage.INVESTIGATION, on=TODAY - timedelta(days=94))
    signer(case, "detention_decision", u["resident_team"], person)
    propose(case, "detention", person)
    detention = services.detention_start(
        actor=u["leader"], person=person, on=TODAY - timedelta(days=85)
    )
    items = case_items(u["resident_team"])
    labels = [i.label for i in items]
    assert any("调查期限" in label for label in labels)
    ending = [i for i in items if "留置期满" in i.label]
    assert ending and ending[0].due == detention.due_on
    # Another team's user sees none of it.
    from jiandu.accounts.models import User

    team2 = User.objects.create_user(
        username="t_team2", password="pw-12345678", role="resident_team", unit=staff.units["team2"]
    )
    assert list(case_items(team2)) == []
    # The petition office has no case items at all.
    assert list(case_items(u["petition"])) == []


def _decided(staff, advance, signer, *, name, amount, codes, categories):
    u = staff.users
    case = services.case_open(
        actor=u["resident_team"],
        kind="person",
        title=f"{name}案",
        summary="违规收受礼金",
        proposed_on=TODAY,
        lead_unit=staff.units["team1"],
        people=[PersonInput(name=name, rank="township", amount_involved=Decimal(amount))],
        category_codes=categories,
    )
    services.case_decide_filing(actor=u["leader"], case=case, approve=True, on=TODAY)
    person = advance(case.people.get(), Stage.REVIEW)
    if codes:
        signer(case, "review_report", u["review"], person)
        services.case_decide(actor=u["review"], person=person, on=TODAY, measures=codes)
    return case, person


def test_similar_cases_panel_at_review(client_for, staff, advance, signer):
    gifts = ["integrity", "hd_gifts"]
    for i, amount in enumerate(("30000", "28000", "35000", "31000")):
        _decided(
            staff,
            advance,
            signer,
            name=f"甲{i}",
            amount=amount,
            codes=["party_warning"],
            categories=gifts,
        )
    _decided(
        staff,
        advance,
        signer,
        name="乙",
        amount="500",
        codes=["first_admonition"],
        categories=["work"],
    )
    case, person = _decided(
        staff, advance, signer, name="丙", amount="32000", codes=[], categories=gifts
    )
    panel = selectors.similar_panel(
        user=staff.users["review"], person=person, proposed=["party_expulsion"]
    )
    keys = [row["key"] for row in panel["rows"]]
    assert len(keys) == 4 and all("甲" in k for k in keys)  # 乙 shares nothing
    assert panel["distribution"][0][2] == 4
    assert panel["flag"]  # 开除党籍 is far heavier than every similar case
    assert any("金额相近" in r for row in panel["rows"] for r in row["reasons"])
    same = selectors.similar_panel(
        user=staff.users["review"], person=person, proposed=["party_warning"]
    )
    assert same["flag"] is None
    page = (
        client_for(staff.users["review"])
        .get(reverse("cases:case_detail", args=(case.pk,)), {"proposed": "party_expulsion"})
        .content.decode()
    )
    assert 'data-testid="similar-panel"' in page and 'data-testid="outlier-flag"' in page
    assert page.count('data-testid="similar-row"') == 4
