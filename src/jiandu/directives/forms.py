"""Forms of the task page's steps. They check the shape of the input only; the rules
(state machine, owners, evidence) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms

from jiandu.core.forms import StyledForm


class MultipleFileField(forms.FileField):
    """Any number of files under one name (``<input type="file" multiple>``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ReportForm(StyledForm):
    text = forms.CharField(label="进展情况", required=False)
    percentage = forms.CharField(label="完成进度", required=False)
    files = MultipleFileField(label="附件")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            data["percentage"] = int(data.get("percentage") or "")
        except ValueError:
            raise forms.ValidationError("请填写完成进度（0–100）。") from None
        return data


class CloseForm(StyledForm):
    note = forms.CharField(label="销号说明", required=False)
    files = MultipleFileField(label="佐证材料")


class SendBackForm(StyledForm):
    reason = forms.CharField(label="退回理由", required=False)
