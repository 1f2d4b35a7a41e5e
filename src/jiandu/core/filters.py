"""Base filter set: Bootstrap classes and Chinese empty choices on every filter form."""

from __future__ import annotations

import django_filters
from django import forms


class StyledFilterSet(django_filters.FilterSet):
    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for name, field in form.fields.items():
                widget = field.widget
                if isinstance(widget, forms.Select):
                    widget.attrs.setdefault("class", "form-select")
                    label = "默认排序" if name == "ordering" else f"全部{field.label or ''}"
                    if hasattr(field, "empty_label"):  # model and django-filter choice fields
                        field.empty_label = label
                    elif hasattr(field, "choices"):
                        field.choices = [
                            ("", label) if value in ("", None) else (value, text)
                            for value, text in field.choices
                        ]
                else:
                    widget.attrs.setdefault("class", "form-control")
            form._styled = True
        return form
