from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from jiandu.core.downloads import xlsx_response
from jiandu.core.errors import DomainError
from jiandu.core.pagination import paginate
from jiandu.core.permissions import capability_required
from jiandu.org import exports, imports, selectors, services
from jiandu.org.filters import CadreFilter, CompanyFilter, UnitFilter
from jiandu.org.forms import CadreEditForm, ImportForm, UnitEditForm


@capability_required("org.view")
def unit_list(request):
    request.nav_key = "units"
    qs = selectors.unit_list(user=request.user, filters=request.GET)
    return render(
        request,
        "org/unit_list.html",
        {"page_obj": paginate(request, qs), "filter": UnitFilter(request.GET)},
    )


@capability_required("org.view")
def unit_detail(request, pk: int):
    request.nav_key = "units"
    unit = selectors.unit_get_for(user=request.user, pk=pk)
    return render(
        request, "org/unit_detail.html", selectors.unit_detail(user=request.user, unit=unit)
    )


@capability_required("org.edit")
def unit_edit(request, pk: int):
    request.nav_key = "units"
    unit = selectors.unit_get_for(user=request.user, pk=pk)
    form = UnitEditForm(
        request.POST or None,
        initial={f: getattr(unit, f) for f in services.UNIT_EDITABLE},
        version=services.unit_version(unit),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "单位发文设置已保存")
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})


@capability_required("org.view")
def cadre_list(request):
    request.nav_key = "cadres"
    qs = selectors.cadre_list(user=request.user, filters=request.GET)
    template = "org/partials/_cadre_table.html" if request.htmx else "org/cadre_list.html"
    return render(
        request,
        template,
        {
            "page_obj": paginate(request, qs),
            "filter": CadreFilter(request.GET, queryset=qs),
            "units": selectors.unit_choices(user=request.user),
        },
    )


@capability_required("org.view")
def cadre_detail(request, pk: int):
    request.nav_key = "cadres"
    cadre = selectors.cadre_get_for(user=request.user, pk=pk)
    return render(
        request, "org/cadre_detail.html", selectors.cadre_detail(user=request.user, cadre=cadre)
    )


@capability_required("org.edit")
def cadre_edit(request, pk: int):
    request.nav_key = "cadres"
    cadre = selectors.cadre_get_for(user=request.user, pk=pk)
    form = CadreEditForm(
        request.POST or None,
        initial={f: getattr(cadre, f) for f in services.CADRE_EDITABLE},
        version=services.cadre_version(cadre),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cadre_update(actor=request.user, cadre=cadre, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "干部信息已保存")
            return redirect("org:cadre_detail", pk=cadre.pk)
    return render(request, "org/cadre_form.html", {"form": form, "cadre": cadre})


@capability_required("org.view")
def company_list(request):
    request.nav_key = "companies"
    qs = selectors.company_list(user=request.user, filters=request.GET)
    return render(
        request,
        "org/company_list.html",
        {"page_obj": paginate(request, qs), "filter": CompanyFilter(request.GET)},
    )


@capability_required("org.view")
def company_detail(request, pk: int):
    request.nav_key = "companies"
    company = selectors.company_get_for(user=request.user, pk=pk)
    return render(
        request,
        "org/company_detail.html",
        selectors.company_detail(user=request.user, company=company),
    )


@capability_required("org.import")
def import_view(request):
    request.nav_key = "import"
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = imports.import_xlsx(
            actor=request.user, kind=form.cleaned_data["kind"], file=form.cleaned_data["file"]
        )
        if result.ok:
            messages.success(request, f"导入成功：新增{result.created}条{result.label}记录")
            return redirect("org:import")
    return render(
        request, "org/import.html", {"form": form, "result": result, "kinds": imports.KINDS}
    )


@capability_required("org.import")
def import_template(request, kind: str):
    content = imports.import_for(kind).template_xlsx()
    return xlsx_response(content, f"{kind}-template.xlsx")


@capability_required("org.export")
def export_view(request, kind: str):
    content = exports.export_xlsx(user=request.user, kind=kind, filters=request.GET)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, f"{kind}-{stamp}.xlsx")
