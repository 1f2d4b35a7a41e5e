"""The page for importing a batch of transferred clues from Excel."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from jiandu.clues import imports
from jiandu.clues.models import ClueSource
from jiandu.core.downloads import xlsx_response
from jiandu.core.forms import StyledFormMixin
from jiandu.core.permissions import capability_required


class TransferImportForm(StyledFormMixin, forms.Form):
    source = forms.ChoiceField(
        label="线索来源",
        choices=[(s, ClueSource(s).label) for s in imports.TRANSFER_SOURCES],
    )
    transfer_ref = forms.CharField(
        label="移交文号",
        max_length=60,
        required=False,
        help_text="如“县委巡察办〔2026〕5号”；文件中某行另填了移交文号的，以该行为准",
    )
    file = forms.FileField(label="Excel文件（.xlsx）")


@capability_required("clues.register")
def transfer_import(request):
    request.nav_key = "clues"
    form = TransferImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = imports.import_transfer_batch(
            actor=request.user,
            file=data["file"],
            source=data["source"],
            transfer_ref=data["transfer_ref"],
        )
        if result.ok:
            messages.success(request, f"导入成功：新登记{result.created}条移交线索")
            if request.user.has_capability("clues.view"):
                return redirect(f"{reverse('clues:clue_list')}?source={data['source']}")
            return redirect("clues:transfer_import")
    return render(request, "clues/transfer_import.html", {"form": form, "result": result})


@capability_required("clues.register")
def transfer_template(request):
    return xlsx_response(imports.TransferImport.template_xlsx(), "transfer-clues-template.xlsx")
