"""Display helpers: dates as 2026年11月23日, money as ¥1,234.00."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone
from django.utils.http import urlencode

from jiandu.core import formatting

register = template.Library()


register.filter("cn_date", formatting.cn_date)
register.filter("cn_datetime", formatting.cn_datetime)
register.filter("cn_weekday", formatting.cn_weekday)
register.filter("money", formatting.money)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (for pagination links)."""
    params = context["request"].GET.copy()
    for key, val in changes.items():
        if val in (None, ""):
            params.pop(key, None)
        else:
            params[key] = val
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def tenure(start: date | None, end: date | None = None) -> str:
    """Time in post, e.g. "9年3个月", up to ``end`` or today."""
    if not start:
        return ""
    end = end or timezone.localdate()
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    months = max(months, 0)
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{years}年{rest}个月"
    if years:
        return f"{years}年"
    return f"{rest}个月" if rest else "不足1个月"


@register.filter
def action_label(action: str) -> str:
    """An audit action in Chinese (``clues.clue.accept`` → 接收线索)."""
    from jiandu.core.labels import action_label as label

    return label(action)


@register.simple_tag(takes_context=True)
def ref(context, obj, testid: str = "", empty: str = ""):
    """A related object as the viewer may see it (``jiandu.core.scoping``): its number
    (or name) linked to its page when the viewer may open it, "（无权查看）" otherwise.
    Takes a ``ScopedRef`` (computed for a whole list at once by ``scoped_refs``) or a
    model instance (checked here, one query)."""
    from django.utils.html import format_html

    from jiandu.core.scoping import PLACEHOLDER, ScopedRef, scoped_ref, viewer_of

    if obj is None or obj == "":
        return empty
    if not isinstance(obj, ScopedRef):
        obj = scoped_ref(viewer_of(context), obj)
    if not obj.visible:
        return format_html(
            '<span class="text-secondary" data-testid="out-of-scope">{}</span>', PLACEHOLDER
        )
    if obj.url:
        if testid:
            return format_html('<a href="{}" data-testid="{}">{}</a>', obj.url, testid, obj.label)
        return format_html('<a href="{}">{}</a>', obj.url, obj.label)
    return obj.label


@register.simple_tag(takes_context=True)
def rebound(context, form, step: str, obj, item=None):
    """``{% rebound form "step" obj as form %}``: the step's form bound again to what was
    typed when the step was refused, its errors at their fields (``core.forms.rebound``)."""
    from jiandu.core.forms import rebound as rebind

    request = context.get("request")
    return rebind(request, form, step, obj, item=item) if request is not None else form


@register.inclusion_tag("core/partials/_urges.html", takes_context=True)
def urge_panel(context, target, actions, action_url: str):
    """The 催办 card of an item's page (``core.urging``): ``{% url 'clues:clue_action'
    clue.pk 'urge' as urge_url %}{% urge_panel clue actions urge_url %}``."""
    from jiandu.core.scoping import viewer_of
    from jiandu.core.urging import urge_panel_context

    out = urge_panel_context(
        user=viewer_of(context), target=target, actions=actions, action_url=action_url
    )
    out["csrf_token"] = context.get("csrf_token")
    return out
