"""Bulletin pages: generate a draft 通报 from a template, edit its text, issue it
(frozen from then on) and download it as a Word file (``stats.documents``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiandu.core.downloads import docx_response
from jiandu.core.errors import DomainError, NotFound, PermissionDenied
from jiandu.core.forms import StyledFormMixin, VersionedFormMixin, add_domain_error
from jiandu.core.permissions import capability_required
from jiandu.org.selectors import document_issuer
from jiandu.stats import periods as P
from jiandu.stats import publication_selectors as selectors
from jiandu.stats import publication_services as services
from jiandu.stats.documents import render_bulletin
from jiandu.stats.models import BulletinTemplate, Publication, PublicationKind, PublicationStatus
from jiandu.stats.units import commissions, may_choose_root


def _bulletin(request: HttpRequest, pk: int) -> Publication:
    pub = selectors.publication_get(user=request.user, pk=pk)
    if pub.kind != PublicationKind.BULLETIN:
        raise Http404
    return pub


def bulletin_context(request: HttpRequest, pub: Publication) -> dict[str, Any]:
    user: Any = request.user
    return {
        "paragraphs": [p for p in pub.text.splitlines() if p.strip()],
        "bulletin_tables": pub.numbers.get("tables", []),
        "can_edit": pub.status == PublicationStatus.DRAFT and user.has_capability("stats.publish"),
    }


def _templates() -> list[BulletinTemplate]:
    today = timezone.localdate()
    return list(
        BulletinTemplate.objects.filter(valid_from__lte=today).order_by("kind", "-valid_from")
    )


@capability_required("stats.publish")
def bulletin_generate(request: HttpRequest) -> HttpResponse:
    request.nav_key = "stats"  # type: ignore[attr-defined]
    user: Any = request.user
    error = ""
    if request.method == "POST":
        try:
            period = P.parse(request.POST.get("period", ""))
            pub = services.bulletin_generate(
                actor=user,
                template_id=request.POST.get("template") or None,
                period=period,
                root_id=request.POST.get("unit"),
            )
        except (NotFound, PermissionDenied):
            raise
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "已生成通报稿，请核改正文后发布。")
            return redirect("stats:bulletin_edit", pub.pk)
    today = timezone.localdate()
    context = {
        "templates": _templates(),
        "period_choices": P.choices(today),
        "default_period": P.default(today).code,
        "roots": commissions(user) if may_choose_root(user, "stats") else [],
        "error": error,
    }
    return render(request, "stats/bulletin_generate.html", context, status=400 if error else 200)


class BulletinForm(StyledFormMixin, VersionedFormMixin):
    title = forms.CharField(label="标题", max_length=200)
    text = forms.CharField(label="正文（一段一行）", widget=forms.Textarea(attrs={"rows": 16}))


@capability_required("stats.publish")
def bulletin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    request.nav_key = "stats"  # type: ignore[attr-defined]
    pub = _bulletin(request, pk)
    if pub.status != PublicationStatus.DRAFT:
        messages.error(request, "已发布的通报不能修改。")
        return redirect("stats:publication_detail", pub.pk)
    form = BulletinForm(
        request.POST or None,
        initial={"title": pub.title, "text": pub.text},
        version=services.publication_version(pub),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_edit(
                actor=request.user,
                publication=pub,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"].replace("\r\n", "\n"),
                version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已保存通报稿。")
            return redirect("stats:publication_detail", pub.pk)
    return render(request, "stats/bulletin_edit.html", {"pub": pub, "form": form})


@require_POST
@capability_required("stats.publish")
def bulletin_issue(request: HttpRequest, pk: int) -> HttpResponse:
    pub = _bulletin(request, pk)
    try:
        services.publication_issue(actor=request.user, publication=pub)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "通报已发布，内容已冻结。")
    return redirect("stats:publication_detail", pub.pk)


@capability_required("stats.view")
def bulletin_download(request: HttpRequest, pk: int) -> HttpResponse:
    pub = _bulletin(request, pk)
    issuer = document_issuer(pub.root)
    content = render_bulletin(
        {
            "title": pub.title,
            "number": pub.number,
            "text": pub.text,
            "tables": pub.numbers.get("tables", []),
            "issuer": issuer.name if issuer else "",
            "date": timezone.localdate(pub.issued_at) if pub.issued_at else None,
        }
    )
    suffix = "" if pub.status == PublicationStatus.ISSUED else "（草稿）"
    return docx_response(content, f"{pub.title}{suffix}.docx")
