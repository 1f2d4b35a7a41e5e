"""The 涉案财物 steps of the case workflow (``steps.CASE``): register, decide the
disposal, send with the referral, confiscate, return. Page and API use the same names;
a step on one item names it ``item`` (a scoped id of the case's property)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jiandu.cases import property_forms as forms
from jiandu.cases import services
from jiandu.cases.models import Case, CasePerson, CaseProperty
from jiandu.cases.rules.property import PROPERTY_LABELS, PropertyKind, PropertyMeasure
from jiandu.cases.selectors import people_of_visible_cases, rows_of_visible_cases
from jiandu.cases.services.common import handler_refusal
from jiandu.core.api import ScopedPrimaryKeyRelatedField, choice_field
from jiandu.core.errors import NotFound
from jiandu.core.scoping import parse_id
from jiandu.core.workflow import Step

H = "cases.handle"


def _handles(user: Any, case: Case) -> bool:
    return user.unit_id in services.handling_unit_ids(case)


HANDLER: dict[str, Any] = {"who": _handles, "refusal": handler_refusal}


def _item(case: Case, row: Any) -> CaseProperty:
    pk = row.pk if isinstance(row, CaseProperty) else parse_id(row)
    prop = CaseProperty.objects.filter(case=case, pk=pk or 0).first()
    if prop is None:
        raise NotFound()
    return prop


def _person(case: Case, row: Any) -> CasePerson | None:
    if not row:
        return None
    pk = row.pk if isinstance(row, CasePerson) else parse_id(row)
    person = case.people.filter(pk=pk or 0).first()
    if person is None:
        raise NotFound()
    return person


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None, **kwargs
    )


class PropertyRegisterInput(serializers.Serializer):
    kind = choice_field(PropertyKind)
    description = serializers.CharField(max_length=300)
    measure = choice_field(PropertyMeasure)
    measure_on = serializers.DateField(help_text="采取措施日期")
    person = ScopedPrimaryKeyRelatedField(
        queryset=CasePerson.objects.all(),
        scope=people_of_visible_cases,
        required=False,
        allow_null=True,
        default=None,
        help_text="涉及人员（CasePerson）编号",
    )
    quantity = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    amount = _money(help_text="金额（元）")
    estimated_value = _money(help_text="估价（元）")
    holder = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    custody_place = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    custodian = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PropertyItemInput(serializers.Serializer):
    item = ScopedPrimaryKeyRelatedField(
        queryset=CaseProperty.objects.all(), scope=rows_of_visible_cases, help_text="涉案财物编号"
    )
    on = serializers.DateField()


class PropertyDecideInput(PropertyItemInput):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PropertyReturnInput(PropertyItemInput):
    returned_to = serializers.CharField(max_length=100, help_text="退还对象（签收人）")


def _register(actor: Any, case: Case, d: dict[str, Any]) -> Any:
    d["person"] = _person(case, d.get("person"))
    return services.property_register(actor=actor, case=case, **d)


def _on_item(service: Any) -> Any:
    def run(actor: Any, case: Case, d: dict[str, Any]) -> Any:
        prop = _item(case, d.pop("item"))
        return service(actor=actor, case_property=prop, **d)

    return run


def _step(name: str, run: Any, form: Any, input: Any, help: str) -> Step:
    return Step(
        name,
        PROPERTY_LABELS.get(name, "登记涉案财物"),
        H,
        run=run,
        transition=None,
        form=form,
        input=input,
        help=help,
        **HANDLER,
    )


PROPERTY_STEPS = [
    _step(
        "property_register",
        _register,
        forms.PropertyRegisterForm,
        PropertyRegisterInput,
        "登记查封、扣押、冻结或主动上交的涉案财物及其保管情况（《监察法实施条例》第一百二十五条至"
        "第一百三十条）。",
    ),
    _step(
        "property_decide_confiscation",
        _on_item(services.property_decide_confiscation),
        forms.PropertyDecideForm,
        PropertyDecideInput,
        "决定追缴（没收）涉案财物：自处置决定作出之日起一个月以内执行完毕（第二百零九条）。",
    ),
    _step(
        "property_decide_return",
        _on_item(services.property_decide_return),
        forms.PropertyDecideForm,
        PropertyDecideInput,
        "决定退还不属于违法所得的财物（第二百零八条第四款）。",
    ),
    _step(
        "property_transfer",
        _on_item(services.property_transfer),
        forms.PropertyDateForm,
        PropertyItemInput,
        "随案移送检察机关，列入《移送司法机关涉案财物清单》（第二百零八条第一款）。",
    ),
    _step(
        "property_confiscate",
        _on_item(services.property_confiscate),
        forms.PropertyDateForm,
        PropertyItemInput,
        "追缴（没收）执行完毕，上缴国库。",
    ),
    _step(
        "property_return",
        _on_item(services.property_return),
        forms.PropertyReturnForm,
        PropertyReturnInput,
        "退还涉案财物并办理签收（第二百零八条第四款）。",
    ),
]
