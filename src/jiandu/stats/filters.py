"""The publications list's filter set (the page's filter form)."""

from __future__ import annotations

import django_filters

from jiandu.core.filters import StyledFilterSet
from jiandu.stats.models import Publication, PublicationKind, PublicationStatus


class PublicationFilter(StyledFilterSet):
    kind = django_filters.ChoiceFilter(label="类别", choices=PublicationKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=PublicationStatus.choices)
    title = django_filters.CharFilter(label="标题", lookup_expr="contains")

    class Meta:
        model = Publication
        fields = ["kind", "status", "title"]
