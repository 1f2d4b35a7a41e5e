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
from jiandu.core.validators import (
    InvalidCode,
    normalise_citizen_id,
    normalise_person_name,
    normalise_phone,
)

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
        queryset = scoped_choices(self.base_queryset, user, self.scope)
        related = getattr(queryset.model, "CHOICE_LABEL_RELATED", ())
        self.queryset = queryset.select_related(*related) if related else queryset

    def label_from_instance(self, obj: Any) -> str:
        """A model's own picker label (``choice_label()``, e.g. a village with its
        township: 茶园村（城关镇）), else its ``str``."""
        label = getattr(obj, "choice_label", None)
        return label() if callable(label) else str(obj)

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


class _CheckedCharField(forms.CharField):
    """A text field whose value is checked and normalised by one of
    ``core.validators``' functions (its ``InvalidCode`` becomes the field's error)."""

    check: Any = None

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if value in self.empty_values:
            return ""
        try:
            return type(self).check(value)
        except InvalidCode as exc:
            raise ValidationError(exc.message, code="invalid") from None


class CitizenIdField(_CheckedCharField):
    """A citizen ID number (GB 11643-1999, checksum included; 15 digits upgraded)."""

    check = staticmethod(normalise_citizen_id)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")


class PhoneField(_CheckedCharField):
    """A telephone number a person can be called back on (``normalise_phone``)."""

    check = staticmethod(normalise_phone)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.setdefault("inputmode", "tel")


class PersonNameField(_CheckedCharField):
    """A person's name (``normalise_person_name``: no digits or stray symbols)."""

    check = staticmethod(normalise_person_name)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)


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


def all_errors(form: Any) -> str:
    """Every error of ``form`` as one Chinese sentence ("标题：…；期限：…"), for a flash
    message where the form itself cannot be shown again."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            parts.append(f"{label}：{error}" if label and name != "__all__" else str(error))
    return "；".join(parts)


# --- a step form refused on a page that redirects ------------------------------------------
# A step's form is posted from an object's page and the answer is a redirect back to it
# (``core.workflow.Workflow.post``). When the form or the service refuses, what was typed
# and every error are kept in the session (``bounce``) for the next rendering of that page,
# where ``{% rebound form "step" obj as form %}`` (``rebound``) binds the step's form to
# them again: every error at its field, nothing typed lost.

BOUNCE_SESSION = "jiandu.bounced_form"
BOUNCE_SECONDS = 600


def _object_key(obj: Any) -> str:
    meta = getattr(obj, "_meta", None)
    return f"{meta.label_lower if meta else type(obj).__name__}:{getattr(obj, 'pk', '')}"


def bounce(request: Any, step: str, obj: Any, *, errors: dict[str, list[str]]) -> None:
    """Keep the posted data and ``errors`` (field → messages; ``__all__`` above the form)
    of ``step`` on ``obj`` for the page the user is sent back to."""
    import time

    session = getattr(request, "session", None)
    if session is None:
        return
    data = {
        key: request.POST.getlist(key)
        for key in request.POST
        if key not in ("csrfmiddlewaretoken", "version")
    }
    session[BOUNCE_SESSION] = {
        "step": step.replace("-", "_"),
        "object": _object_key(obj),
        "data": data,
        "errors": {k: [str(m) for m in v] for k, v in errors.items()},
        "at": time.time(),
    }


def rebound(request: Any, form: Any, step: str, obj: Any, *, item: Any = None) -> Any:
    """A copy of ``form`` bound to what was typed when ``step`` on ``obj`` (and, for a
    step on one row of the object, the row posted as ``item``) was refused, with the
    refusal's errors at their fields, once; otherwise ``form`` as it is."""
    import copy
    import time

    from django.utils.datastructures import MultiValueDict

    session = getattr(request, "session", None)
    if session is None or form is None:
        return form
    kept = session.get(BOUNCE_SESSION)
    if not kept:
        return form
    if kept.get("step") != step.replace("-", "_") or kept.get("object") != _object_key(obj):
        return form
    if item not in (None, "") and (kept.get("data") or {}).get("item") != [str(item)]:
        return form
    del session[BOUNCE_SESSION]
    if time.time() - float(kept.get("at") or 0) > BOUNCE_SECONDS:
        return form
    data = MultiValueDict(kept.get("data") or {})
    version = form["version"].value() if "version" in form.fields else None
    if version is not None:
        data["version"] = version
    form = copy.copy(form)  # a page may draw one form instance for several rows
    form._bound_fields_cache = {}
    form.is_bound = True
    form.data = data
    form.files = MultiValueDict()
    form._errors = None
    form.full_clean()
    for field, messages in (kept.get("errors") or {}).items():
        target = field if field in form.fields else None
        for message in messages:
            if message not in form.errors.get(field or "__all__", []):
                form.add_error(target, message)
    return form


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


class HolidayEntryForm(forms.Form):
    """A year's arrangement (``core.holiday_entry``): pasted text, or the structured rows
    (one per statutory holiday: first and last rest day, make-up working days), or both;
    the rows become lines of the same text format."""

    year = forms.IntegerField(
        label="年份",
        min_value=1949,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    source = forms.CharField(
        label="来源",
        max_length=60,
        required=False,
        help_text="如：国办发明电〔2026〕×号",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    text = forms.CharField(
        label="安排原文",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 10, "class": "form-control", "data-testid": "arrangement-text"}
        ),
        help_text=(
            "粘贴国务院办公厅通知正文，或逐行填写，例如：“元旦：1月1日至3日放假”、"
            "“2027-01-01 至 2027-01-03 放假”、“2月14日（星期日）上班”。"
        ),
    )

    HOLIDAYS = (
        ("new_year", "元旦"),
        ("spring", "春节"),
        ("qingming", "清明节"),
        ("labour", "劳动节"),
        ("dragon_boat", "端午节"),
        ("mid_autumn", "中秋节"),
        ("national", "国庆节"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The table's cells have no <label>: each input is named by its field's label.
        for key, name in self.HOLIDAYS:
            self.fields[f"{key}_first"] = forms.DateField(
                label=f"{name}放假起",
                required=False,
                widget=forms.DateInput(
                    attrs={"type": "date", "class": "form-control", "aria-label": f"{name}放假起"}
                ),
            )
            self.fields[f"{key}_last"] = forms.DateField(
                label=f"{name}放假止",
                required=False,
                widget=forms.DateInput(
                    attrs={"type": "date", "class": "form-control", "aria-label": f"{name}放假止"}
                ),
            )
            self.fields[f"{key}_work"] = forms.CharField(
                label=f"{name}调休上班日",
                required=False,
                max_length=100,
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control",
                        "placeholder": "2027-02-14, 2027-02-20",
                        "aria-label": f"{name}调休上班日",
                    }
                ),
            )

    def structured_rows(self) -> list[tuple[str, Any, Any, Any]]:
        """(name, first, last, make-up days) bound fields of the structured rows."""
        return [
            (name, self[f"{key}_first"], self[f"{key}_last"], self[f"{key}_work"])
            for key, name in self.HOLIDAYS
        ]

    def clean(self) -> dict[str, Any]:
        from jiandu.core.holiday_entry import structured_text

        data = super().clean() or {}
        rows = []
        for key, name in self.HOLIDAYS:
            raw = (data.get(f"{key}_work") or "").replace("，", ",").replace("、", ",")
            workdays = []
            for part in filter(None, (p.strip() for p in raw.split(","))):
                try:
                    workdays.append(forms.DateField().clean(part))
                except ValidationError:
                    self.add_error(f"{key}_work", f"“{part}”不是日期，请写成 2027-02-14")
            rows.append((name, data.get(f"{key}_first"), data.get(f"{key}_last"), workdays))
        combined = "\n".join(
            part for part in ((data.get("text") or "").strip(), structured_text(rows)) if part
        )
        if not combined and not self.errors:
            raise ValidationError("请粘贴通知原文，或在下表中填写放假和调休上班日期")
        data["arrangement"] = combined
        return data
