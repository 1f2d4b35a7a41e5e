from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from jiandu.core.downloads import xlsx_response
from jiandu.core.errors import DomainError
from jiandu.core.forms import add_domain_error
from jiandu.core.ledger import Ledger, ledger_view
from jiandu.core.permissions import capability_required
from jiandu.org import exports, imports, selectors, services
from jiandu.org.filters import CadreFilter, CompanyFilter, UnitFilter
from jiandu.org.forms import CadreEditForm, ImportForm, UnitEditForm
from jiandu.org.tables import CadreTable, CompanyTable, UnitTable

UNIT_LEDGER = Ledger(
    selector=selectors.unit_list,
    filterset=UnitFilter,
    table=UnitTable,
    template="org/unit_list.html",
    nav_key="units",
    filter_fields=("q", "kind"),
    filter_attrs={"q": {"placeholder": "输入单位名称或编码"}},
    empty_title="没有找到单位",
    empty_hint="没有符合条件的记录，可调整筛选条件后再试。",
)
unit_list = ledger_view(UNIT_LEDGER, capability="org.view")


@capability_required("org.view")
def unit_detail(request, pk: int):
    request.nav_key = "units"
    unit = selectors.unit_get_for(user=request.user, pk=pk)
    return render(
        request, "org/unit_detail.html", selectors.unit_detail(user=request.user, unit=unit)
    )


def _edit_page(request, obj, *, form_class, editable, version, update, saved, detail, template):
    """An edit page of the register: the form holds the record's values and version; the
    service saves them (a refusal, e.g. a stale version, is shown above the form)."""
    form = form_class(
        request.POST or None,
        initial={f: getattr(obj, f) for f in editable},
        version=version(obj),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update(form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, saved)
            return redirect(detail, pk=obj.pk)
    return render(request, template, {"form": form, obj._meta.model_name: obj})


@capability_required("org.edit")
def unit_edit(request, pk: int):
    request.nav_key = "units"
    unit = selectors.unit_get_for(user=request.user, pk=pk)
    return _edit_page(
        request,
        unit,
        form_class=UnitEditForm,
        editable=services.UNIT_EDITABLE,
        version=services.unit_version,
        update=lambda data: services.unit_update(actor=request.user, unit=unit, **data),
        saved="单位信息已保存",
        detail="org:unit_detail",
        template="org/unit_form.html",
    )


# The integrity file of a cadre (jiandu.integrity), by URL name.
INTEGRITY_FILE = "integrity:cadre_file"

CADRE_LEDGER = Ledger(
    selector=selectors.cadre_list,
    filterset=CadreFilter,
    table=CadreTable,
    template="org/cadre_list.html",
    nav_key="cadres",
    filter_fields=("q", "unit", "rank"),
    filter_choices={"unit": lambda request: selectors.unit_choice_pairs(user=request.user)},
    filter_attrs={"q": {"placeholder": "输入姓名或身份证号", "data-testid": "cadre-search"}},
    target="cadre-table",
    empty_title="没有找到干部",
    empty_hint="没有符合条件的记录，可调整筛选条件后再试。",
)
cadre_list = ledger_view(CADRE_LEDGER, capability="org.view")


@capability_required("org.view")
def cadre_detail(request, pk: int):
    """The cadre's register page. Whoever may read integrity files is sent to the
    cadre's file (廉政档案), which holds this page's register part and the supervision
    part (the integrity app, a higher layer: named by its URL only, never imported);
    the others (the system administrator) keep the register page."""
    request.nav_key = "cadres"
    cadre = selectors.cadre_get_for(user=request.user, pk=pk)
    if request.user.has_capability("integrity.view"):
        return redirect(INTEGRITY_FILE, pk=cadre.pk)
    return render(
        request, "org/cadre_detail.html", selectors.cadre_detail(user=request.user, cadre=cadre)
    )


@capability_required("org.edit")
def cadre_edit(request, pk: int):
    request.nav_key = "cadres"
    cadre = selectors.cadre_get_for(user=request.user, pk=pk)
    return _edit_page(
        request,
        cadre,
        form_class=CadreEditForm,
        editable=services.CADRE_EDITABLE,
        version=services.cadre_version,
        update=lambda data: services.cadre_update(actor=request.user, cadre=cadre, **data),
        saved="干部信息已保存",
        detail="org:cadre_detail",
        template="org/cadre_form.html",
    )


COMPANY_LEDGER = Ledger(
    selector=selectors.company_list,
    filterset=CompanyFilter,
    table=CompanyTable,
    template="org/company_list.html",
    nav_key="companies",
    filter_fields=("q",),
    empty_title="没有找到企业",
    empty_hint="没有符合条件的记录，可调整筛选条件后再试。",
)
company_list = ledger_view(COMPANY_LEDGER, capability="org.view")


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
