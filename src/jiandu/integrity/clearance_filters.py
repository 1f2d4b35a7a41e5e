"""The clearance ledger's filter set, shared by the page, the export and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from jiandu.core.filters import StyledFilterSet
from jiandu.integrity.clearance_rules import ADVERSE_ANSWERS, OPEN_STATES, is_commission
from jiandu.integrity.models import (
    ClearancePerson,
    ClearancePurpose,
    ClearanceRequest,
    ClearanceStatus,
)


class ClearanceFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="编号、征求意见单位或人员", method="filter_q")
    status = django_filters.MultipleChoiceFilter(label="状态", choices=ClearanceStatus.choices)
    purpose = django_filters.ChoiceFilter(label="事由", choices=ClearancePurpose.choices)
    overdue = django_filters.BooleanFilter(label="超期", method="filter_overdue")
    received_from = django_filters.DateFilter(
        label="收到日期起", field_name="received_on", lookup_expr="gte"
    )
    received_to = django_filters.DateFilter(
        label="收到日期止", field_name="received_on", lookup_expr="lte"
    )
    cadre = django_filters.NumberFilter(label="干部", method="filter_cadre")
    # The unit profile's figure 意见回复否定或暂缓: requests answering someone now posted in
    # the unit (or below it) with 否定性意见 or 暂缓, approved in a period.
    adverse_unit = django_filters.NumberFilter(
        label="否定或暂缓的人员现任单位（含下级单位）", method="filter_adverse_unit"
    )
    approved_from = django_filters.DateFilter(
        label="审批日期起", field_name="approved_on", lookup_expr="gte"
    )
    approved_to = django_filters.DateFilter(
        label="审批日期止", field_name="approved_on", lookup_expr="lte"
    )

    class Meta:
        model = ClearanceRequest
        fields = ["q", "status", "purpose", "overdue", "received_from", "received_to"]

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        people = ClearancePerson.objects.filter(request=OuterRef("pk"), name__icontains=value)
        return queryset.filter(
            Q(number__icontains=value) | Q(asking_body__icontains=value) | Exists(people)
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        late = Q(status__in=OPEN_STATES, due_on__lt=today) | Q(
            issued_on__isnull=False, issued_on__gt=F("due_on")
        )
        return queryset.filter(late) if value else queryset.exclude(late)

    def _commission(self) -> bool:
        """The cadre and answer filters read the people's cadres and the answers: the
        commission's, never the asking body's (its own requests' answers are not its own
        before approval, and a cadre id is not one it may look up)."""
        user = getattr(self.request, "user", None)
        return user is not None and is_commission(user)

    def filter_cadre(self, queryset, name, value):
        if not value or not self._commission():
            return queryset
        return queryset.filter(
            Exists(ClearancePerson.objects.filter(request=OuterRef("pk"), cadre_id=value))
        )

    def filter_adverse_unit(self, queryset, name, value):
        if not value or not self._commission():
            return queryset
        from jiandu.org.models import Post
        from jiandu.org.tree import unit_subtree

        posted = Post.objects.current().filter(
            cadre=OuterRef("cadre_id"), unit_id__in=list(unit_subtree(value))
        )
        people = ClearancePerson.objects.filter(
            request=OuterRef("pk"), answer__in=list(ADVERSE_ANSWERS)
        ).filter(Exists(posted))
        return queryset.filter(Exists(people))
