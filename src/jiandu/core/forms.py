"""Form pieces every app's forms share.

The one relation field every id a form accepts goes through:

``ScopedModelChoiceField`` (and its multiple-choice sibling) starts with no choices at
all; the form gives it its user (``ScopedFormMixin``, the ``user=`` keyword) and it
then offers and accepts exactly ``scope(user, queryset)`` (by default the rows the user
may see). A missing, forbidden or out-of-range id gets one Chinese error.

Edit forms carry the record's version (``VersionedFormMixin``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from jiandu.core.scoping import Scope, parse_id, scoped_choices

NOT_FOUND_CHOICE = "所选对象不存在，或您无权查看。"


class _Scoped:
    queryset: Any  # set by ModelChoiceField; limit_to() narrows it

    def __init__(self, queryset: Any, *, scope: Scope | None = None, **kwargs: Any) -> None:
        self.base_queryset = queryset
        self.scope = scope
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid_choice", NOT_FOUND_CHOICE)
        kwargs["error_messages"].setdefault("invalid_pk_value", NOT_FOUND_CHOICE)
        super().__init__(queryset.none(), **kwargs)  # type: ignore[call-arg]

    def limit_to(self, user: Any, base: Any = None) -> None:
        """Offer and accept what ``user`` may choose (of ``base``, when given)."""
        if base is not None:
            self.base_queryset = base
        self.queryset = scoped_choices(self.base_queryset, user, self.scope)

    def _check_id(self, value: Any) -> None:
        if getattr(self, "to_field_name", None) is None and parse_id(value) is None:
            raise ValidationError(NOT_FOUND_CHOICE, code="invalid_choice")


class ScopedModelChoiceField(_Scoped, forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        self._check_id(value)
        return super().to_python(value)


class ScopedModelMultipleChoiceField(_Scoped, forms.ModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            for item in value:
                self._check_id(item)
        return super().clean(value)


SCOPED_FIELDS = (ScopedModelChoiceField, ScopedModelMultipleChoiceField)


class ScopedFormMixin:
    """A form whose relation fields are scoped: it takes the requesting ``user``
    (without one its relation fields offer and accept nothing)."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, SCOPED_FIELDS):
                field.limit_to(user)


class VersionedFormMixin(forms.Form):
    """An edit form that carries the record's version token as a hidden field; the view
    passes ``version=...`` (from the service's ``*_version(obj)``) and hands
    ``cleaned_data["version"]`` to the service."""

    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, version: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = version

    def clean_version(self) -> str:
        return self.cleaned_data.get("version") or ""


class StyledFormMixin:
    """Tabler (Bootstrap) classes on every widget, and the first error as one sentence."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def first_error(self) -> str:
        """The first error, as one Chinese sentence for a flash message."""
        for name, errors in self.errors.items():  # type: ignore[attr-defined]
            if name == "__all__":
                return str(errors[0])
            fields = self.fields  # type: ignore[attr-defined]
            label = fields[name].label if name in fields else name
            return f"{label}：{errors[0]}"
        return ""


class StyledForm(StyledFormMixin, ScopedFormMixin, forms.Form):
    """The one form base: styled widgets; relation fields limited to what ``user`` (the
    keyword argument) may choose."""


def add_domain_error(form: forms.Form, exc: Any) -> None:
    """Show a service's refusal (a ``DomainError``) on the form: each field error at its
    field (or above the form for a field the form does not have), and the message above
    the form unless a field already says it."""
    said = set()
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
            said.add(str(error))
    if exc.message and exc.message not in said:
        form.add_error(None, exc.message)
