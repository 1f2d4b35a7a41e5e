"""The notification centre's pages (``core.notifications``) and the urge's "read" step
(``core.urging``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jiandu.core import notifications, urging
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.ledger import ExportColumn, Ledger, ledger_view
from jiandu.core.models import Delivery, Urge
from jiandu.core.pagination import paginate
from jiandu.core.redirects import safe_next
from jiandu.core.scoping import parse_id
from jiandu.core.tables import LedgerTable


@login_required
def notification_bell(request) -> HttpResponse:
    """The bell's fragment: the unread count, loaded by htmx after each page (it does
    not poll: a poll would be a request every minute and keep an idle session alive,
    defeating the idle timeout, settings.SESSION_SAVE_EVERY_REQUEST)."""
    count = notifications.unread_count(user=request.user)
    return render(request, "core/partials/_bell.html", {"unread": count})


@login_required
def notification_list(request) -> HttpResponse:
    user = request.user
    only_unread = request.GET.get("unread") == "1"
    qs = notifications.inbox(user=user)
    if only_unread:
        qs = qs.filter(read_at__isnull=True)
    page_obj = paginate(request, qs)
    return render(
        request,
        "core/notification_list.html",
        {
            "page_obj": page_obj,
            "rows": notifications.shown(user=user, notifications=list(page_obj.object_list)),
            "only_unread": only_unread,
            "unread": notifications.unread_count(user=user),
            "delivery": notifications.delivery_of(user),
        },
    )


@require_POST
@login_required
def notification_open(request, pk: int) -> HttpResponse:
    """Mark one notification read and go to its object (while the user may open it),
    else back to the list."""
    if parse_id(pk) is None:
        raise Http404()
    n = notifications.notification_read(user=request.user, pk=pk)
    if n is None:
        raise Http404("没有这条通知")
    if request.POST.get("go") == "1":
        row = notifications.shown(user=request.user, notifications=[n])[0]
        if row["url"]:
            return redirect(row["url"])
        messages.info(request, "该事项已不在您的查看范围内。")
    return redirect(safe_next(request, reverse("core:notification_list")))


@require_POST
@login_required
def notification_read_all(request) -> HttpResponse:
    count = notifications.notifications_read_all(user=request.user)
    messages.success(request, f"已将{count}条通知标为已读" if count else "没有未读通知")
    return redirect(safe_next(request, reverse("core:notification_list")))


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label="接收方式",
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择接收方式", "invalid_choice": "接收方式无效"},
    )


@login_required
def notification_settings(request) -> HttpResponse:
    """Immediate or daily digest (what each means is said on the page)."""
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            try:
                notifications.preference_set(
                    actor=request.user, delivery=form.cleaned_data["delivery"]
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "通知接收方式已保存")
                return redirect("core:notification_settings")
    else:
        form = PreferenceForm(initial={"delivery": notifications.delivery_of(request.user)})
    return render(
        request,
        "core/notification_settings.html",
        {"form": form, "digest_hour": notifications.DIGEST_HOUR},
    )


@require_POST
@login_required
def urge_acknowledge(request, pk: int) -> HttpResponse:
    """A user of the urged unit marks an urge read (it leaves the unit's workbench)."""
    try:
        urge = urging.urge_get_for(user=request.user, pk=pk)
    except NotFound:
        raise Http404() from None
    back = urging.target_url(urge.target_type, urge.target_id) or reverse("core:workbench")
    try:
        urging.urge_acknowledge(actor=request.user, urge=urge)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记已阅催办")
    return redirect(back)


# --- the urge ledger (the drill-down of the figure core.urges) -------------------------------


def urge_list_selector(*, user: Any, filters: Any) -> Any:
    return Urge.objects.visible_to(user).select_related("unit", "actor")


class UrgeTable(LedgerTable):
    import django_tables2 as tables

    created_at = tables.TemplateColumn(
        "{{ record.created_at|cn_datetime }}", verbose_name="催办时间", orderable=True
    )
    target_repr = tables.TemplateColumn(
        '{% if record.url %}<a href="{{ record.url }}">{{ record.target_repr }}'
        "</a>{% else %}{{ record.target_repr }}{% endif %}",
        verbose_name="事项",
        orderable=False,
    )
    unit = tables.Column(accessor="unit__name", verbose_name="被催办单位", orderable=False)
    actor = tables.Column(accessor="actor", verbose_name="催办人", orderable=False)
    message = tables.Column(verbose_name="催办意见", orderable=False)
    acknowledged_at = tables.TemplateColumn(
        "{% if record.acknowledged_at %}{{ record.acknowledged_at|cn_datetime }}"
        "{% else %}未阅{% endif %}",
        verbose_name="已阅",
        orderable=False,
    )

    class Meta(LedgerTable.Meta):
        model = Urge
        fields = ("created_at", "target_repr", "unit", "actor", "message", "acknowledged_at")


def _prepare_urges(rows: list[Any], request: Any) -> None:
    """Each row's link to its item, only for an item the viewer may open (one query per
    kind of item)."""
    urls = urging.visible_urls(user=request.user, urges=rows)
    for row in rows:
        row.url = urls.get((row.target_type, row.target_id), "")


URGE_LEDGER = Ledger(
    selector=urge_list_selector,
    filterset=None,
    table=UrgeTable,
    template="core/urge_list.html",
    nav_key="stats",
    prepare=_prepare_urges,
    empty_title="暂无催办记录",
    export_columns=(
        ExportColumn("催办时间", lambda u: u.created_at.date(), width=14),
        ExportColumn("事项", lambda u: u.target_repr, width=30),
        ExportColumn("被催办单位", lambda u: u.unit.name, width=20),
        ExportColumn("催办人", lambda u: str(u.actor), width=12),
        ExportColumn("催办意见", lambda u: u.message, width=40, wrap=True),
    ),
    export_sheet="催办记录",
    export_filename="催办记录-{date}.xlsx",
)
urge_list = ledger_view(URGE_LEDGER, capability="stats.view")
