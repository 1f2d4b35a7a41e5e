"""Pages of the register part: one add page for every kind of record (driven by
``register_services.KINDS`` and ``register_forms.FORMS``) and the declaration import."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from jiandu.core.downloads import xlsx_response
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.forms import add_domain_error
from jiandu.core.permissions import capability_required
from jiandu.integrity import register_selectors as selectors
from jiandu.integrity import register_services as services
from jiandu.integrity.register_forms import FORMS, DeclarationImportForm
from jiandu.integrity.register_imports import DeclarationImport, declarations_import
from jiandu.org.models import Cadre


def file_url(cadre: Cadre) -> str:
    """The cadre's integrity file (the register's cadre page until the file exists)."""
    try:
        return reverse("integrity:cadre_file", args=(cadre.pk,))
    except NoReverseMatch:
        return cadre.get_absolute_url()


@capability_required(services.RECORD)
def register_add(request, cadre_pk: int, kind: str):
    request.nav_key = "cadres"
    if kind not in services.KINDS:
        raise NotFound()
    spec = services.KINDS[kind]
    cadre = selectors.cadre_get_for(user=request.user, pk=cadre_pk)
    form = FORMS[kind](request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.SERVICES[kind](actor=request.user, cadre=cadre, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记{spec.label}")
            return redirect(file_url(cadre))
    return render(
        request,
        "integrity/register_form.html",
        {"form": form, "cadre": cadre, "kind": spec, "back": file_url(cadre)},
    )


@capability_required("integrity.import")
def declaration_import(request):
    request.nav_key = "integrity_declarations"
    form = DeclarationImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        result = declarations_import(actor=request.user, file=form.cleaned_data["file"])
        if result.ok:
            messages.success(request, f"导入成功：新增{result.created}份个人有关事项报告")
            return redirect("integrity:declaration_import")
    return render(request, "integrity/declaration_import.html", {"form": form, "result": result})


@capability_required("integrity.import")
def declaration_template(request):
    return xlsx_response(DeclarationImport.template_xlsx(), "declarations-template.xlsx")
