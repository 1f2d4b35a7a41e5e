"""The form of the profiles part: a "一人一策" supervision note (or its correction)."""

from __future__ import annotations

from typing import Any

from django import forms

from jiandu.core.forms import ScopedModelChoiceField, StyledForm
from jiandu.integrity.models import SupervisionNote
from jiandu.integrity.profile_services import TEXT_MAX


class SupervisionNoteForm(StyledForm):
    noted_on = forms.DateField(
        label="日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        label="监督情况",
        max_length=TEXT_MAX,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "谈话提醒、重点监督事项、约谈情况等"}
        ),
    )
    corrects = ScopedModelChoiceField(
        SupervisionNote.objects.all(),
        label="更正哪条记录",
        required=False,
        empty_label="（不是更正）",
    )

    def __init__(self, *args: Any, cadre: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["corrects"]
        # Only an original note of this cadre can be corrected (not a correction).
        field.limit_to(
            self.user, SupervisionNote.objects.filter(cadre=cadre, corrects__isnull=True)
        )
        field.label_from_instance = lambda n: f"{n.noted_on:%Y-%m-%d} {n.text[:20]}"
