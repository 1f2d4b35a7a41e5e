"""Base filter set: Bootstrap classes and Chinese empty choices on every filter form, and
bounded numbers and ids (a value no database column could hold is a form error in
Chinese, never a 500 from the database driver)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from jiandu.core.scoping import ID_MAX, parse_id

BAD_NUMBER = "请输入有效的整数编号。"
BAD_CHOICE = "所选对象不存在，或您无权查看。"


def bounded_integer(value: Any) -> None:
    """A numeric filter value is a whole number a 64-bit column can hold."""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(BAD_NUMBER, code="invalid") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValidationError(BAD_NUMBER, code="invalid")
    if not -ID_MAX - 1 <= number <= ID_MAX:
        raise ValidationError(BAD_NUMBER, code="invalid")


def _bound_choice_field(field: forms.ModelChoiceField) -> None:
    """Check ids before the model choice field looks them up (the lookup of an id larger
    than 2⁶³-1 raises OverflowError on SQLite)."""
    if getattr(field, "to_field_name", None):
        return
    if isinstance(field, forms.ModelMultipleChoiceField):
        clean = field.clean

        def clean_many(value: Any) -> Any:
            for item in value if isinstance(value, (list, tuple)) else []:
                if parse_id(item) is None:
                    raise ValidationError(BAD_CHOICE, code="invalid_choice")
            return clean(value)

        field.clean = clean_many  # type: ignore[method-assign]
        return
    to_python = field.to_python

    def to_python_bounded(value: Any) -> Any:
        if value not in field.empty_values and parse_id(value) is None:
            raise ValidationError(BAD_CHOICE, code="invalid_choice")
        return to_python(value)

    field.to_python = to_python_bounded  # type: ignore[method-assign]


def bound_form_fields(form: forms.Form) -> None:
    """Bound every number and id field of a filter form (see the module docstring)."""
    for field in form.fields.values():
        if isinstance(field, (forms.DecimalField, forms.FloatField, forms.IntegerField)):
            field.validators.append(bounded_integer)
        elif isinstance(field, forms.ModelChoiceField):
            _bound_choice_field(field)


class StyledFilterSet(django_filters.FilterSet):
    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            bound_form_fields(form)
            for name, field in form.fields.items():
                widget = field.widget
                if isinstance(widget, forms.Select):
                    widget.attrs.setdefault("class", "form-select")
                    label = "默认排序" if name == "ordering" else f"全部{field.label or ''}"
                    if hasattr(field, "empty_label"):  # model and django-filter choice fields
                        field.empty_label = label
                        # The form's widget was copied shallowly from the filter's field
                        # and still iterates that field's choices: point it at this one.
                        widget.choices = field.choices
                    elif hasattr(field, "choices"):
                        field.choices = [
                            ("", label) if value in ("", None) else (value, text)
                            for value, text in field.choices
                        ]
                else:
                    widget.attrs.setdefault("class", "form-control")
            form._styled = True
        return form

    @property
    def qs(self):
        """The filtered rows; with an invalid value (an id too large, a word where a
        number goes) no rows, carrying the Chinese errors for the page
        (``core.pagination.paginate`` shows them; the API answers 400 before this)."""
        qs = super().qs
        if self.is_bound and not self.form.is_valid():
            qs = qs.none()
            qs.filter_errors = filter_error_text(self.form)
        return qs


def filter_error_text(form: forms.Form) -> str:
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = (field.label if field is not None else None) or name
        parts.append(f"{label}：{errors[0]}")
    return "筛选条件有误（" + "；".join(parts) + "）"
