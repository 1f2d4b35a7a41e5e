from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PAGE_SIZE = 50


def paginate(request, queryset: QuerySet, *, per_page: int = PAGE_SIZE) -> Page:
    """The requested page of a list; an out-of-range or malformed page gives the nearest."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
