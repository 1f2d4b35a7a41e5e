"""Issue 12 item 15: 涉案财物 — the register of what a case seized, froze, detained or was
handed, with custody; the list that goes with a referral to the procuratorate
([条例] 208); the one-month limit after the disposal decision ([条例] 209 第三款); returns
and confiscation; scoping; page and API through the same steps."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from jiandu.accounts.models import User
from jiandu.audit.models import Event
from jiandu.cases import services
from jiandu.cases.models import CaseDeadline, CaseProperty
from jiandu.cases.rules import CaseDeadlineKind, Stage
from jiandu.cases.rules.property import PropertyState, disposal_due
from jiandu.cases.selectors import properties_visible_to
from jiandu.core.errors import DomainError, IllegalTransition, NotFound

pytestmark = pytest.mark.django_db


# --- the one-month limit, worked by hand ([条例] 209 第三款; [条例] 285) -------------------


@pytest.mark.parametrize(
    ("decided", "due", "why"),
    [
        # 2026-05-10 is a Sunday (the Labour Day make-up working day is 05-09, a Saturday):
        # the last day moves to Monday 05-11.
        (date(2026, 4, 10), date(2026, 5, 11), "Sunday → Monday"),
        # 2026-10-01 falls in the National Day holiday (10-01 to 10-07): first working
        # day after it is Thursday 10-08.
        (date(2026, 9, 1), date(2026, 10, 8), "National Day → 10-08"),
        # 01-31 + 1 month is the month's last day, 02-28, a Saturday that is a make-up
        # working day after the Spring Festival (02-15 to 02-23): it stays.
        (date(2026, 1, 31), date(2026, 2, 28), "month end, make-up Saturday"),
        # 2026-07-15 + 1 month is Saturday 08-15, an ordinary weekend: Monday 08-17.
        (date(2026, 7, 15), date(2026, 8, 17), "Saturday → Monday"),
    ],
)
def test_disposal_is_due_one_month_after_the_decision(decided, due, why):
    assert disposal_due(decided) == due, why


# --- the register and its steps -------------------------------------------------------------


@pytest.fixture
def filed(staff, new_case, advance):
    """A case filed on 2026-04-01, its track under investigation from 04-02."""
    case = new_case(on=date(2026, 4, 1))
    person = advance(case.people.get(), Stage.INVESTIGATION, on=date(2026, 4, 2))
    return case, person


def _register(staff, case, person=None, **kw):
    fields = {
        "kind": "money",
        "description": "人民币现金",
        "measure": "detained",
        "measure_on": date(2026, 4, 3),
        "amount": Decimal("50000.00"),
        "custody_place": "县纪委监委涉案款专用账户",
        "custodian": "案件监督管理室",
        **kw,
    }
    return services.property_register(
        actor=staff.users["resident_team"], case=case, person=person, **fields
    )


def test_register_with_custody_and_an_audit_event(staff, filed):
    case, person = filed
    prop = _register(staff, case, person, holder="张伟")
    assert prop.state == PropertyState.HELD and prop.value == Decimal("50000.00")
    assert (prop.custody_place, prop.custodian) == ("县纪委监委涉案款专用账户", "案件监督管理室")
    event = Event.objects.get(action="cases.property.register", object_id=str(case.pk))
    assert event.payload["measure"] == "扣押" and "人民币现金" in event.to_state
    with pytest.raises(DomainError, match="名称及特征"):
        _register(staff, case, description=" ")
    with pytest.raises(DomainError, match="不能早于2026年4月1日"):
        _register(staff, case, measure_on=date(2026, 3, 30))
    with pytest.raises(DomainError, match="负数"):
        _register(staff, case, amount=Decimal("-1"))


def test_illegal_steps_are_refused_with_the_reason(staff, filed):
    case, person = filed
    prop = _register(staff, case, person)
    handler = staff.users["resident_team"]
    with pytest.raises(IllegalTransition, match="当前状态为“在案保管”，不能上缴国库"):
        services.property_confiscate(actor=handler, case_property=prop, on=date(2026, 4, 20))
    # Sent with the referral only once the track went to the procuratorate.
    with pytest.raises(DomainError, match="尚未移送检察机关"):
        services.property_transfer(actor=handler, case_property=prop, on=date(2026, 4, 20))
    services.property_return(
        actor=handler, case_property=prop, on=date(2026, 4, 20), returned_to="张伟本人"
    )
    prop.refresh_from_db()
    assert (prop.state, prop.returned_on, prop.returned_to) == (
        PropertyState.RETURNED,
        date(2026, 4, 20),
        "张伟本人",
    )
    with pytest.raises(IllegalTransition, match="当前状态为“已退还”，不能退还"):
        services.property_return(
            actor=handler, case_property=prop, on=date(2026, 4, 21), returned_to="张伟"
        )
    with pytest.raises(IllegalTransition, match="不能决定追缴"):
        services.property_decide_confiscation(
            actor=handler, case_property=prop, on=date(2026, 4, 21)
        )


def test_the_confiscation_month_is_a_deadline_on_the_case(staff, filed):
    case, person = filed
    prop = _register(staff, case, person)
    handler = staff.users["resident_team"]
    services.property_decide_confiscation(
        actor=handler, case_property=prop, on=date(2026, 4, 10), reason="违纪所得，予以收缴"
    )
    deadline = CaseDeadline.objects.get(case=case, kind=CaseDeadlineKind.PROPERTY_DISPOSAL)
    # 2026-04-10 + 1 month = Sunday 05-10 → Monday 05-11 ([条例] 209, 285).
    assert (deadline.started_on, deadline.due_on, deadline.person) == (
        date(2026, 4, 10),
        date(2026, 5, 11),
        person,
    )
    assert "第二百零九条" in deadline.basis and deadline.met_on is None
    with pytest.raises(DomainError, match="不能早于2026年4月10日"):
        services.property_confiscate(actor=handler, case_property=prop, on=date(2026, 4, 9))
    services.property_confiscate(actor=handler, case_property=prop, on=date(2026, 5, 8))
    deadline.refresh_from_db()
    prop.refresh_from_db()
    assert prop.state == PropertyState.CONFISCATED and prop.confiscated_on == date(2026, 5, 8)
    assert deadline.met_on == date(2026, 5, 8)


def test_the_month_is_met_only_when_every_decided_item_is_done(staff, filed):
    case, person = filed
    handler = staff.users["resident_team"]
    a = _register(staff, case, person)
    b = _register(staff, case, person, kind="vehicle", description="小型轿车一辆", amount=None)
    for prop in (a, b):
        services.property_decide_return(actor=handler, case_property=prop, on=date(2026, 6, 1))
    services.property_return(
        actor=handler, case_property=a, on=date(2026, 6, 5), returned_to="张伟"
    )
    running = CaseDeadline.objects.filter(
        case=case, kind=CaseDeadlineKind.PROPERTY_DISPOSAL, met_on__isnull=True
    )
    assert running.count() == 2  # one clock per decision; b still waits
    services.property_return(
        actor=handler, case_property=b, on=date(2026, 6, 8), returned_to="张伟妻子李某"
    )
    assert not running.exists()


def test_only_the_handling_units_act_and_others_do_not_see_it(staff, filed):
    case, person = filed
    prop = _register(staff, case, person)
    team2 = User.objects.create_user(
        username="t_team2", password="pw-12345678", role="resident_team", unit=staff.units["team2"]
    )
    assert not properties_visible_to(team2).exists()
    assert list(properties_visible_to(staff.users["leader"])) == [prop]
    with pytest.raises(NotFound):
        services.property_return(
            actor=team2, case_property=prop, on=date(2026, 4, 20), returned_to="张伟"
        )
    with pytest.raises(NotFound):
        services.property_register(
            actor=team2,
            case=case,
            kind="money",
            description="现金",
            measure="detained",
            measure_on=date(2026, 4, 3),
        )


def _docx_text(version) -> str:
    with version.file.open("rb") as fh:
        document = Document(fh)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_list_goes_with_the_referral(staff, filed, advance, signer):
    case, person = filed
    handler = staff.users["resident_team"]
    cash = _register(staff, case, person)
    watch = _register(
        staff,
        case,
        person,
        kind="valuables",
        description="劳力士手表一块（表号A123）",
        amount=None,
        estimated_value=Decimal("86000"),
        measure="handed_over",
        custody_place="涉案财物保管库",
    )
    phone = _register(staff, case, person, kind="goods", description="个人手机一部", amount=None)
    services.property_return(
        actor=handler, case_property=phone, on=date(2026, 4, 10), returned_to="张伟"
    )
    person = advance(person, Stage.REVIEW, on=date(2026, 5, 6))
    signer(case, "review_report", staff.users["review"], person)
    signer(case, "prosecution_opinion", staff.users["review"], person)
    services.case_refer_prosecution(actor=staff.users["review"], person=person, on=date(2026, 6, 1))
    text = _docx_text(
        services.document_generate(actor=handler, case=case, kind="property_list", person=person)
    )
    assert "移送司法机关涉案财物清单" in text
    assert "人民币现金" in text and "劳力士手表一块（表号A123）" in text
    assert "个人手机一部" not in text  # returned, not sent
    assert "50,000.00" in text and "86,000.00" in text
    assert "共2项" in text and "合计金额（估价）人民币136,000.00元" in text
    for prop in (cash, watch):
        services.property_transfer(actor=handler, case_property=prop, on=date(2026, 6, 1))
        prop.refresh_from_db()
        assert prop.state == PropertyState.TRANSFERRED and prop.transferred_on == date(2026, 6, 1)


def test_page_and_api_use_the_same_steps(client_for, staff, filed):
    case, person = filed
    handler = staff.users["resident_team"]
    url = reverse("cases:case_detail", args=(case.pk,))
    html = client_for(handler).get(url).content.decode()
    assert 'data-testid="property-card"' in html and "登记涉案财物" in html
    response = client_for(handler).post(
        reverse("cases:case_action", args=(case.pk, "property_register")),
        {
            "kind": "money",
            "description": "银行存款（冻结）",
            "measure": "frozen",
            "measure_on": "2026-04-05",
            "amount": "120000",
            "person": person.pk,
            "custody_place": "县农商银行",
        },
    )
    assert response.status_code == 302
    prop = CaseProperty.objects.get(case=case)
    assert (prop.measure, prop.amount, prop.person) == ("frozen", Decimal("120000"), person)
    html = client_for(handler).get(url).content.decode()
    assert "银行存款（冻结）" in html and 'data-testid="property-action-property_return"' in html
    assert "登记涉案财物" in html and "cases.property.register" not in html  # the history
    response = client_for(handler).post(
        f"/api/cases/{case.pk}/property_decide_return/",
        {"item": prop.pk, "on": "2026-04-20", "reason": "经查与案件无关"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    prop.refresh_from_db()
    assert prop.state == PropertyState.TO_RETURN and prop.decided_on == date(2026, 4, 20)
    response = client_for(handler).post(
        f"/api/cases/{case.pk}/property_confiscate/",
        {"item": prop.pk, "on": "2026-04-21"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "不能上缴国库" in response.json()["message"]
    # An item of a case the user does not see: the same answer as a missing one.
    team2 = User.objects.create_user(
        username="t_team2b", password="pw-12345678", role="resident_team", unit=staff.units["team2"]
    )
    response = client_for(team2).post(
        f"/api/cases/{case.pk}/property_return/",
        {"item": prop.pk, "on": "2026-04-21", "returned_to": "张伟"},
        content_type="application/json",
    )
    assert response.status_code == 404
