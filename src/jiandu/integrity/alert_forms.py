"""The forms of the alert handling steps (page side; the API has its serializers)."""

from __future__ import annotations

from django import forms

from jiandu.core.forms import StyledFormMixin

DISMISS_REASONS = (
    "经核实情况正常",
    "已按规定轮岗交流或即将调整",
    "已按规定报告并经组织同意",
    "举报内容与本人无关或已查否",
    "数据有误",
)


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="处理说明", max_length=2000, required=False, widget=forms.Textarea)


class DismissForm(StyledFormMixin, forms.Form):
    preset = forms.ChoiceField(
        label="常见理由",
        choices=[("", "其他")] + [(r, r) for r in DISMISS_REASONS],
        required=False,
    )
    reason = forms.CharField(label="排除理由", max_length=2000, required=False)

    def clean(self):
        data = super().clean()
        parts = [p for p in (data.get("preset", ""), (data.get("reason") or "").strip()) if p]
        data["reason"] = "：".join(parts)
        return data
