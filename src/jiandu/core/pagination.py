from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PAGE_SIZE = 50


def paginate(request, queryset: QuerySet, *, per_page: int = PAGE_SIZE) -> Page:
    """The requested page of a list; an out-of-range or malformed page gives the nearest.

    A list whose filter values were invalid (``StyledFilterSet.qs``) is empty and the
    filter's Chinese error is shown on the page."""
    errors = getattr(queryset, "filter_errors", None)
    if errors and not getattr(request, "htmx", False):
        messages.error(request, errors)
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
