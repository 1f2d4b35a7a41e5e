"""Assessment pages (考核): the ranking (with Excel export and publishing), one unit's
scores with their formulas and drill-down links, an issued (frozen) assessment, and the
scheme of a year with its indicators (copied and edited by 案管室: ``stats.publish``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiandu.core.errors import DomainError, NotFound
from jiandu.core.permissions import capability_required
from jiandu.core.scoping import get_visible_or_404
from jiandu.org.models import COMMISSION_BODY_KINDS, Unit, UnitKind
from jiandu.stats import assessment as A
from jiandu.stats import assessment_services as services
from jiandu.stats.models import (
    AssessmentScheme,
    IndicatorKind,
    Publication,
    PublicationKind,
    PublicationStatus,
    WhenEmpty,
)
from jiandu.stats.publication_services import publication_issue
from jiandu.stats.units import commissions, default_root, may_choose_root
from jiandu.stats.views import period_choices, period_from_request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _root(request: HttpRequest) -> Unit:
    user: Any = request.user
    root_id = request.GET.get("unit") or request.POST.get("unit")
    if root_id and may_choose_root(user, A.DOMAIN):
        return get_visible_or_404(Unit.objects.all(), user=user, pk=root_id)
    root = default_root(user, A.DOMAIN)
    if root is None:
        raise NotFound("未找到考核单位。")
    return root


def _compute(request: HttpRequest) -> tuple[A.Assessment | None, dict[str, Any]]:
    user: Any = request.user
    period, error = period_from_request(request)
    root = _root(request)
    context: dict[str, Any] = {
        "period": period,
        "period_error": error,
        "period_choices": period_choices(timezone.localdate()),
        "root": root,
        "roots": commissions(user) if may_choose_root(user, A.DOMAIN) else [],
    }
    try:
        return A.assessment_compute(user=user, root=root, period=period), context
    except NotFound as exc:  # no scheme for the period
        context["scheme_error"] = exc.message
        return None, context


def _publications(root: Unit, period_code: str, user: Any) -> list[Publication]:
    return list(
        Publication.objects.visible_to(user)
        .filter(kind=PublicationKind.ASSESSMENT, root=root, period_code=period_code)
        .select_related("issued_by")
        .order_by("-id")
    )


@capability_required("stats.view")
def ranking(request: HttpRequest) -> HttpResponse:
    request.nav_key = "stats"  # type: ignore[attr-defined]
    result, context = _compute(request)
    tables = A.ranking_tables(result) if result is not None else []
    if result is not None and request.GET.get("export") == "xlsx":
        user: Any = request.user
        if not user.has_capability("stats.export"):
            raise Http404
        title = f"{result.root.name}{result.period.label}考核排名"
        response = HttpResponse(A.ranking_xlsx(tables, title=title), content_type=XLSX)
        response["Content-Disposition"] = "attachment; filename=assessment.xlsx"
        return response
    context.update(
        assessment=result,
        tables=tables,
        publications=_publications(context["root"], context["period"].code, request.user),
        can_export=request.user.has_capability("stats.export"),  # type: ignore[union-attr]
        can_publish=request.user.has_capability("stats.publish"),  # type: ignore[union-attr]
    )
    return render(request, "stats/assessment/ranking.html", context)


@capability_required("stats.view")
def unit_page(request: HttpRequest, unit_id: int) -> HttpResponse:
    request.nav_key = "stats"  # type: ignore[attr-defined]
    result, context = _compute(request)
    if result is None:
        raise Http404
    found = next((u for u in result.units if u.unit.id == unit_id), None)
    if found is None:
        raise Http404
    context.update(assessment=result, unit=found)
    return render(request, "stats/assessment/unit.html", context)


@require_POST
@capability_required("stats.publish")
def publish(request: HttpRequest) -> HttpResponse:
    result, context = _compute(request)
    if result is None:
        messages.error(request, context["scheme_error"])
        return redirect("stats:assessment")
    pub = services.assessment_publish(actor=request.user, assessment=result)
    messages.success(request, "已生成考核结果发布稿，请核对后发布。")
    return redirect("stats:assessment_publication", pk=pub.pk)


@capability_required("stats.view")
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_key = "stats"  # type: ignore[attr-defined]
    user: Any = request.user
    pub = get_visible_or_404(
        Publication.objects.filter(kind=PublicationKind.ASSESSMENT).select_related(
            "root", "issued_by", "created_by"
        ),
        user=user,
        pk=pk,
    )
    if request.method == "POST":
        if not user.has_capability("stats.publish"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("您的角色无权发布考核结果。")
        try:
            publication_issue(actor=user, publication=pub)
            messages.success(request, "考核结果已发布。")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("stats:assessment_publication", pk=pub.pk)
    context = {
        "pub": pub,
        "issued": pub.status == PublicationStatus.ISSUED,
        "scheme": pub.numbers.get("scheme", {}),
        "tables": A.frozen_tables(pub.numbers),
        "can_publish": user.has_capability("stats.publish"),
    }
    return render(request, "stats/assessment/publication.html", context)


UNIT_KIND_CHOICES = [(k.value, k.label) for k in UnitKind if k in COMMISSION_BODY_KINDS]


@capability_required("stats.view")
def scheme_page(request: HttpRequest) -> HttpResponse:
    request.nav_key = "stats"  # type: ignore[attr-defined]
    schemes = list(AssessmentScheme.objects.order_by("-year"))
    year = request.GET.get("year")
    scheme = next((s for s in schemes if str(s.year) == year), None)
    if scheme is None:
        today = timezone.localdate()
        scheme = next((s for s in schemes if s.year == today.year), schemes[0] if schemes else None)
    specs = [A.Spec.of(i) for i in scheme.indicators.order_by("order", "id")] if scheme else []
    kinds = dict(UNIT_KIND_CHOICES)
    rows = [
        {
            "spec": s,
            "kinds": "、".join(kinds.get(k, k) for k in s.unit_kinds) or "全部",
        }
        for s in specs
    ]
    return render(
        request,
        "stats/assessment/scheme.html",
        {
            "schemes": schemes,
            "scheme": scheme,
            "rows": rows,
            "can_edit": request.user.has_capability("stats.publish"),  # type: ignore[union-attr]
        },
    )


@require_POST
@capability_required("stats.publish")
def scheme_copy(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = AssessmentScheme.objects.filter(pk=pk).first()
    if scheme is None:
        raise Http404
    try:
        year = int(request.POST.get("year") or scheme.year + 1)
        new = services.scheme_copy(actor=request.user, scheme=scheme, year=year)
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", "考核年度无效。"))
        return redirect(f"{reverse('stats:assessment_scheme')}?year={scheme.year}")
    messages.success(request, f"已复制为{new.year}年度考核方案，请逐项核改。")
    return redirect(f"{reverse('stats:assessment_scheme')}?year={new.year}")


FIELDS = (
    "order",
    "key",
    "label",
    "kind",
    "formula",
    "measure",
    "weight",
    "floor",
    "target",
    "step",
    "when_empty",
    "explanation",
)


@capability_required("stats.publish")
def indicator_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    request.nav_key = "stats"  # type: ignore[attr-defined]
    scheme = AssessmentScheme.objects.filter(pk=pk).first()
    if scheme is None:
        raise Http404
    existing = None if key == "new" else scheme.indicators.filter(key=key).first()
    if key != "new" and existing is None:
        raise Http404
    errors: dict[str, list[str]] = {}
    error = ""
    if request.method == "POST":
        data: dict[str, Any] = {f: request.POST.get(f, "") for f in FIELDS}
        data["unit_kinds"] = request.POST.getlist("unit_kinds")
        try:
            services.indicator_save(
                actor=request.user, scheme=scheme, key=None if existing is None else key, data=data
            )
        except DomainError as exc:
            error, errors = exc.message, exc.fields
            values = data
        else:
            messages.success(request, "考核指标已保存。")
            return redirect(f"{reverse('stats:assessment_scheme')}?year={scheme.year}")
    else:
        values = {f: "" if existing is None else getattr(existing, f) for f in FIELDS}
        values["unit_kinds"] = [] if existing is None else existing.unit_kinds
        if existing is None:
            values.update(kind=IndicatorKind.LINEAR, when_empty=WhenEmpty.FULL, floor="0")
    return render(
        request,
        "stats/assessment/indicator.html",
        {
            "scheme": scheme,
            "existing": existing,
            "values": values,
            "error": error,
            "errors": errors,
            "kinds": IndicatorKind.choices,
            "empties": WhenEmpty.choices,
            "unit_kinds": UNIT_KIND_CHOICES,
        },
    )
