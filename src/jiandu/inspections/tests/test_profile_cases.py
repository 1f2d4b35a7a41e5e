"""The unit profile lists the cases about the unit's people, as far as the user may
see cases (the cases module's own scoping decides)."""

from datetime import date

from django.urls import reverse

from jiandu.cases import services as case_services
from jiandu.cases.services import PersonInput


def _case_on_edu_head(county):
    case = case_services.case_open(
        actor=county.users["resident_team"],
        kind="person",
        title="涉嫌违规收受礼金案",
        summary="收受管理服务对象礼金。",
        proposed_on=date(2026, 3, 2),
        lead_unit=county.units["team1"],
        people=[PersonInput(cadre=county.cadres["edu_head"])],
        category_codes=["integrity"],
    )
    case_services.case_decide_filing(
        actor=county.users["leader"], case=case, approve=True, on=date(2026, 3, 3)
    )
    return case


def test_profile_lists_cases_about_the_units_people(client_for, insp, ledger):
    case = _case_on_edu_head(insp)
    url = reverse("inspections:unit_profile", args=(insp.units["dept_edu"].pk,))
    page = client_for(insp.users["leader"]).get(url)
    assert page.status_code == 200
    assert page.context["cases"] == [case]
    assert case.number in page.content.decode()
    # Another unit's profile does not list it.
    other = client_for(insp.users["leader"]).get(
        reverse("inspections:unit_profile", args=(insp.units["dept_fin"].pk,))
    )
    assert other.context["cases"] == []


def test_profile_hides_cases_from_roles_that_read_no_cases(client_for, insp, ledger):
    _case_on_edu_head(insp)
    url = reverse("inspections:unit_profile", args=(insp.units["dept_edu"].pk,))
    page = client_for(insp.users["inspection"]).get(url)
    assert page.status_code == 200
    assert page.context["cases"] is None
    assert 'data-testid="profile-cases"' not in page.content.decode()
