"""Form pieces every app's forms share."""

from __future__ import annotations

from typing import Any

from django import forms


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
