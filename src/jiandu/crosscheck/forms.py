"""Forms of the cross-check pages: upload a dataset, start a run, triage a hit."""

from __future__ import annotations

from django import forms

from jiandu.core.forms import StyledFormMixin
from jiandu.crosscheck.models import Engine
from jiandu.crosscheck.triage import DISMISS_REASONS

MAX_UPLOAD = 200 * 1024 * 1024  # 200 MB: a county's yearly payment file fits easily
MAX_MAPPING = 1024 * 1024  # a mapping file is a few lines


def _dataset_choices() -> list[tuple[str, str]]:
    from jiandu.crosscheck.services import importable_types

    return [(code, kind.label) for code, kind in importable_types().items()]


def _rule_choices() -> list[tuple[str, str]]:
    from jiandu.crosscheck.engine.rules import load_rules

    return [(r.code, f"{r.code} {r.name}") for r in load_rules()]


class DatasetUploadForm(StyledFormMixin, forms.Form):
    dataset_type = forms.ChoiceField(label="数据类型", choices=_dataset_choices)
    file = forms.FileField(label="数据文件（.csv、.xlsx或.parquet）")
    mapping = forms.FileField(
        label="列对应文件（可选）",
        required=False,
        help_text='表头不是常用中文列名时使用：JSON（{"标准列": "文件中的表头"}）或两列CSV',
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx", ".parquet")):
            raise forms.ValidationError("文件格式应为.csv、.xlsx或.parquet")
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件超过200MB，请用命令行导入（jiandu crosscheck import）")
        return upload

    def clean_mapping(self):
        upload = self.cleaned_data.get("mapping")
        if upload and upload.size > MAX_MAPPING:
            raise forms.ValidationError("列对应文件超过1MB，请检查文件")
        return upload


class RunForm(StyledFormMixin, forms.Form):
    rules = forms.MultipleChoiceField(
        label="比对规则",
        choices=_rule_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选则运行全部规则",
    )
    engine = forms.ChoiceField(label="比对引擎", choices=Engine.choices, initial=Engine.DUCKDB)


class ConfirmForm(forms.Form):
    note = forms.CharField(label="研判意见", max_length=300, required=False)


class DismissForm(forms.Form):
    preset = forms.ChoiceField(
        label="常见理由", choices=[("", "其他")] + [(r, r) for r in DISMISS_REASONS], required=False
    )
    reason = forms.CharField(label="排除理由", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        parts = [p for p in (data.get("preset", ""), data.get("reason", "").strip()) if p]
        data["reason"] = "：".join(parts)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=300, required=False)
