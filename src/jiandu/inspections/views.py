"""Inspection pages: rounds, an organisation's rectification ledger, the items with
their progress, evidence, close-out (销号) and escalation, the rates, and the unit
profile. The steps on an organisation and on an item, their panels and their POSTs come
from ``jiandu.inspections.steps``; every write goes through
``jiandu.inspections.services``; a successful POST redirects."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiandu.core.downloads import docx_response, xlsx_response
from jiandu.core.errors import DomainError
from jiandu.core.files import serve_file
from jiandu.core.forms import add_domain_error
from jiandu.core.ledger import Ledger, export_view, ledger_view
from jiandu.core.permissions import capability_required
from jiandu.core.scoping import scoped_ref, scoped_refs
from jiandu.core.workflow import Panel
from jiandu.inspections import documents, exports, forms, imports, rules, selectors, services, steps
from jiandu.inspections.filters import ItemFilter
from jiandu.inspections.models import (
    FindingCategory,
    InspectedOrganisation,
    RectificationItem,
)
from jiandu.inspections.tables import STATUS_BADGES, ItemTable, RoundTable
from jiandu.org.models import Unit


def _nav(request) -> None:
    request.nav_key = "inspections"


# --- rounds ------------------------------------------------------------------------------------


@capability_required("inspections.view")
def round_list(request):
    _nav(request)
    user = request.user
    form = forms.RoundForm(initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not user.has_capability("inspections.manage"):
            raise DjangoPermissionDenied("您的角色无权进行此操作。")
        form = forms.RoundForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                round_ = services.round_create(
                    actor=user,
                    name=d["name"],
                    year=d["year"],
                    ordinal=d["ordinal"],
                    kind=d["kind"],
                    started_on=d["started_on"],
                    focus=d["focus"],
                    groups=form.group_rows(),
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, f"已登记{round_.name}")
                return redirect("inspections:round_detail", pk=round_.pk)
    total = selectors.rates_total(user=user)
    return ROUND_LEDGER.respond(
        request, form=form, total=total, total_rate=rules.percent(total.rate)
    )


@capability_required("inspections.view")
def round_detail(request, pk: int):
    _nav(request)
    user = request.user
    round_ = selectors.round_get_for(user=user, pk=pk)
    form = forms.TargetForm(
        round=round_, initial={"entered_on": round_.started_on}, user=request.user
    )
    if request.method == "POST":
        if not user.has_capability("inspections.manage"):
            raise DjangoPermissionDenied("您的角色无权进行此操作。")
        form = forms.TargetForm(request.POST, round=round_, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.target_add(
                    actor=user,
                    round=round_,
                    unit=d["unit"],
                    group=d["group"],
                    entered_on=d["entered_on"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, f"已将{d['unit'].name}列入本轮巡察")
                return redirect("inspections:round_detail", pk=round_.pk)
    return render(
        request,
        "inspections/round_detail.html",
        {
            "round": round_,
            "groups": list(round_.groups.all()),
            "targets": selectors.targets_of(user=user, round=round_),
            "by_category": selectors.rates_by(
                user=user, by="category", filters={"round": round_.pk}
            ),
            "form": form,
        },
    )


# --- an organisation's ledger ----------------------------------------------------------------


def _target_forms(target: InspectedOrganisation, user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "feedback_form": forms.FeedbackForm(initial={"feedback_on": today}),
        "report_form": forms.ReportForm(initial={"on": today}),
        "finding_form": forms.FindingForm(),
        "item_form": forms.ItemForm(target=target, user=user),
        "transfer_form": forms.TransferForm(initial={"received_on": today}),
        "import_form": forms.LedgerImportForm(),
    }


@capability_required("inspections.view")
def target_detail(request, pk: int):
    _nav(request)
    user = request.user
    target = selectors.target_get_for(user=user, pk=pk)
    ledger = selectors.target_ledger(user=user, target=target)
    for item in ledger["items"]:
        item.status_badge = STATUS_BADGES.css(item.status)
    today = timezone.localdate()
    report_state = ""
    if target.report_due_on and not target.report_submitted_on:
        report_state = "overdue" if target.report_due_on < today else "running"
    context = {
        "target": target,
        **ledger,
        "rate": rules.percent(ledger["rates"].rate),
        "on_time_rate": rules.percent(ledger["rates"].on_time_rate),
        "report_state": report_state,
        "report_basis": rules.REPORT_BASIS,
        **_target_forms(target, request.user),
        "actions": steps.TARGET.panel(request.user, target),
    }
    return render(request, "inspections/target_detail.html", context)


@require_POST
@capability_required("inspections.view")
def target_action(request, pk: int, action: str):
    """A step on the inspected organisation (``steps.TARGET``)."""
    target = selectors.target_get_for(user=request.user, pk=pk)
    back = reverse("inspections:target_detail", args=(target.pk,))
    return steps.TARGET.post(request, target, action, back=back)


@capability_required("inspections.export")
def target_export(request, pk: int):
    target = selectors.target_get_for(user=request.user, pk=pk)
    return ITEM_LEDGER.export(
        request, filters={"target": str(target.pk)}, filename=f"ledger-{target.pk}.xlsx"
    )


@capability_required("inspections.manage")
def target_import(request, pk: int):
    _nav(request)
    target = selectors.target_get_for(user=request.user, pk=pk)
    form = forms.LedgerImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = imports.import_ledger(
            actor=request.user, target=target, file=form.cleaned_data["file"]
        )
        if result.ok:
            messages.success(request, f"导入成功：新增{result.created}条整改事项")
            return redirect("inspections:target_detail", pk=target.pk)
    return render(
        request,
        "inspections/ledger_import.html",
        {"target": target, "form": form, "result": result},
    )


@capability_required("inspections.view")
def ledger_template(request):
    return xlsx_response(imports.LedgerImport.template_xlsx(), "ledger-template.xlsx")


# --- items -------------------------------------------------------------------------------------


def _prepare_items(items: list[RectificationItem], request: Any) -> None:
    today = timezone.localdate()
    for item in items:
        item.overdue = rules.is_overdue(item.status, item.deadline, today)
    targets = [item.finding.target for item in items]
    for item, ref in zip(items, scoped_refs(request.user, targets, hidden="each"), strict=True):
        item.target_ref = ref


def _rounds(*, user: Any, filters: Any) -> Any:
    return selectors.round_list(user=user)


ROUND_LEDGER = Ledger(
    selector=_rounds,
    filterset=None,
    table=RoundTable,
    template="inspections/round_list.html",
    nav_key="inspections",
    target="round-table",
    empty_title="还没有巡察轮次",
    empty_hint="巡察办登记巡察轮次后，在轮次中添加被巡察单位、反馈问题和整改台账。",
)
ITEM_LEDGER = Ledger(
    selector=selectors.item_list,
    filterset=ItemFilter,
    table=ItemTable,
    template="inspections/item_list.html",
    nav_key="inspections",
    filter_fields=("q", "round", "category", "overdue", "status"),
    filter_choices={
        "round": lambda request: [(r.pk, r.name) for r in selectors.round_list(user=request.user)]
    },
    target="item-table",
    empty_title="没有找到整改事项",
    empty_hint="没有符合条件的整改事项，可调整筛选条件后再试。",
    prepare=_prepare_items,
    export_columns=exports.COLUMNS,
    export_sheet=exports.SHEET,
    export_filename=exports.FILENAME,
    export_freeze="",
    export_capability="inspections.export",
)
item_list = ledger_view(ITEM_LEDGER, capability="inspections.view")
item_export = export_view(ITEM_LEDGER, capability="inspections.export")


def item_actions(user: Any, item: RectificationItem) -> Panel:
    """The steps this user may take on the item now (``steps.ITEM``); the close-out only
    for a checker other than the owner."""
    panel = steps.ITEM.panel(user, item)
    if not steps.may_close_out(user, item):
        panel = panel.discard("close_out")
    return panel


@capability_required("inspections.view")
def item_detail(request, pk: int):
    item = selectors.item_get_for(user=request.user, pk=pk)
    return _item_page(request, item)


def _item_page(request, item: RectificationItem, *, progress_form: Any = None, status: int = 200):
    """The item's page; ``progress_form``: the progress form as typed, with the reason a
    step refused it (the text is not lost)."""
    _nav(request)
    user = request.user
    today = timezone.localdate()
    detail = selectors.item_detail(item=item)
    actions = item_actions(user, item)
    next_step = None
    if "escalate" in actions and rules.is_overdue(item.status, item.deadline, today):
        issued = [(e.level, e.issued_on) for e in detail["escalations"]]
        next_step = selectors.escalation_due(item, issued, today)
    return render(
        request,
        "inspections/item_detail.html",
        {
            "item": item,
            "target": item.finding.target,
            # The item's responsible unit may see the item but not the inspected
            # organisation's ledger: the ledger is linked only for who may open it.
            "target_ref": scoped_ref(user, item.finding.target),
            "status_badge": STATUS_BADGES.css(item.status),
            "overdue": rules.is_overdue(item.status, item.deadline, today),
            "days_late": (today - item.deadline).days,
            "actions": actions.discard("urge"),
            "urge_actions": actions,
            "next_step": next_step,
            "next_step_ready": bool(next_step and next_step.due_on <= today),
            "next_step_label": documents.title_for(next_step.level) if next_step else "",
            "today": today,
            "progress_form": progress_form or forms.ProgressForm(initial={"on": today}),
            "evidence_form": forms.EvidenceForm(),
            "check_form": forms.CheckForm(initial={"on": today}),
            **detail,
        },
        status=status,
    )


@require_POST
@capability_required("inspections.view")
def item_action(request, pk: int, action: str):
    """A step on a rectification item (``steps.ITEM``)."""
    item = selectors.item_get_for(user=request.user, pk=pk)
    back = reverse("inspections:item_detail", args=(item.pk,))
    return steps.ITEM.post(request, item, action, back=back, refused=_progress_refused)


def _progress_refused(request, item: RectificationItem, step: Any, exc: DomainError) -> Any:
    """A progress or done report the service refused (no evidence yet): the page again
    with the typed text and the reason at the form, instead of a redirect losing it."""
    if step.name not in ("progress", "done"):
        return None
    form = forms.ProgressForm(request.POST)
    form.is_valid()
    form.add_error(None, exc.message)
    return _item_page(request, item, progress_form=form, status=422)


@capability_required("inspections.view")
def evidence_download(request, pk: int):
    evidence = selectors.evidence_get_for(user=request.user, pk=pk)
    return serve_file(
        request,
        evidence.file,
        filename=evidence.original_name,
        owner=evidence.item,
        what=f"佐证材料{evidence.pk}",
        content_type=evidence.content_type,
    )


@capability_required("inspections.view")
def escalation_download(request, pk: int):
    escalation = selectors.escalation_get_for(user=request.user, pk=pk)
    return docx_response(documents.escalation_docx(escalation), f"escalation-{escalation.pk}.docx")


# --- figures and the unit profile ---------------------------------------------------------------


@capability_required("inspections.view")
def rates(request):
    _nav(request)
    user = request.user
    by = request.GET.get("by") or "target"
    if by not in selectors.GROUPINGS:
        by = "target"
    filters = {k: v for k, v in request.GET.items() if k in ("round", "category")}
    total = selectors.rates_total(user=user, filters=filters)
    return render(
        request,
        "inspections/rates.html",
        {
            "by": by,
            "by_label": selectors.GROUPING_LABELS[by],
            "groupings": selectors.GROUPING_LABELS,
            "rows": selectors.rates_by(user=user, by=by, filters=filters),
            "total": total,
            "total_rate": rules.percent(total.rate),
            "total_on_time": rules.percent(total.on_time_rate),
            "rounds": selectors.round_list(user=user),
            "categories": FindingCategory.choices,
        },
    )


@capability_required("inspections.view")
def unit_profile(request, unit_pk: int):
    _nav(request)
    user = request.user
    try:
        unit = Unit.objects.get(pk=unit_pk)
    except Unit.DoesNotExist:
        raise Http404("未找到该单位") from None
    profile = selectors.unit_profile(user=user, unit=unit)
    if not profile["targets"]:
        raise Http404("未找到该单位的巡察记录，或您无权查看。")
    return render(request, "inspections/unit_profile.html", profile)
