"""The 涉案财物 section of the case page: the register of the case's property with the
steps each item allows now (``steps.CASE``'s property steps), and the register form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from jiandu.cases import property_forms
from jiandu.cases.models import Case, CaseProperty
from jiandu.cases.rules.property import PROPERTY_LABELS, PROPERTY_MACHINE, PropertyState
from jiandu.core.workflow import Panel

ITEM_FORMS = {
    "property_decide_confiscation": property_forms.PropertyDecideForm,
    "property_decide_return": property_forms.PropertyDecideForm,
    "property_transfer": property_forms.PropertyDateForm,
    "property_confiscate": property_forms.PropertyDateForm,
    "property_return": property_forms.PropertyReturnForm,
}
STATE_BADGE = {
    PropertyState.HELD: "bg-blue-lt",
    PropertyState.TO_CONFISCATE: "bg-yellow-lt",
    PropertyState.TO_RETURN: "bg-yellow-lt",
    PropertyState.TRANSFERRED: "bg-purple-lt",
    PropertyState.CONFISCATED: "bg-green-lt",
    PropertyState.RETURNED: "bg-secondary-lt",
}


def section(user: Any, case: Case, case_actions: Panel) -> dict[str, Any]:
    """What the case page's 涉案财物 card shows to ``user``."""
    today = {"on": timezone.localdate()}
    rows = []
    props = list(CaseProperty.objects.filter(case=case).select_related("person"))
    for prop in props:
        steps = [
            (
                name,
                PROPERTY_LABELS[name],
                ITEM_FORMS[name](initial=today, auto_id=f"{name}-{prop.pk}-%s"),
            )
            for name in PROPERTY_MACHINE.steps_from(prop.state)
            if name in case_actions
        ]
        rows.append({"item": prop, "badge": STATE_BADGE.get(prop.state, ""), "steps": steps})
    total = sum((p.value for p in props if p.value is not None), Decimal(0))
    return {
        "properties": rows,
        "property_total": total,
        "property_form": property_forms.PropertyRegisterForm(
            initial={"measure_on": today["on"]}, auto_id="property-%s"
        ),
    }
