"""The report register's filter set, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone

from jiandu.core.filters import StyledFilterSet
from jiandu.intake.models import Channel, Report, ReportStatus


def jurisdiction_overdue_q() -> Q:
    """Registered but the jurisdiction decision is past its due date (derived when read;
    [条例] 169: within 5 working days)."""
    return Q(status=ReportStatus.REGISTERED, jurisdiction_due__lt=timezone.localdate())


class ReportFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="编号或反映内容", method="filter_q")
    status = django_filters.MultipleChoiceFilter(label="状态", choices=ReportStatus.choices)
    channel = django_filters.ChoiceFilter(label="来源渠道", choices=Channel.choices)
    received_from = django_filters.DateFilter(
        label="收到日期起", field_name="received_at", lookup_expr="date__gte"
    )
    received_to = django_filters.DateFilter(
        label="收到日期止", field_name="received_at", lookup_expr="date__lte"
    )
    assignment = django_filters.ChoiceFilter(
        label="上级交办",
        method="filter_assignment",
        choices=[
            ("any", "全部交办件"),
            ("open", "办理中"),
            ("due_soon", "即将到期"),
            ("overdue", "已超期"),
            ("reported", "已报送结果"),
        ],
    )
    subject_unit = django_filters.NumberFilter(
        label="被反映人单位（含下级单位）", method="filter_subject_unit"
    )
    jurisdiction_overdue = django_filters.BooleanFilter(
        label="管辖决定已超期", method="filter_jurisdiction_overdue"
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("received_at", "received_at"),
            ("number", "number"),
            ("status", "status"),
            ("jurisdiction_due", "jurisdiction_due"),
        ),
        field_labels={
            "received_at": "收到时间",
            "number": "编号",
            "status": "状态",
            "jurisdiction_due": "管辖决定期限",
        },
        label="排序",
    )

    class Meta:
        model = Report
        fields = [
            "q",
            "status",
            "channel",
            "received_from",
            "received_to",
            "jurisdiction_overdue",
            "assignment",
            "subject_unit",
        ]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(number__icontains=value) | Q(content__contains=value))

    def filter_subject_unit(self, queryset, name, value):
        """Reports naming a subject of the unit or of a unit below it."""
        from django.db.models import Exists, OuterRef

        from jiandu.intake.models import ReportSubject
        from jiandu.org.tree import unit_subtree

        if value is None:
            return queryset
        units = list(unit_subtree(int(value)))
        subjects = ReportSubject.objects.filter(report=OuterRef("pk"), unit_id__in=units)
        return queryset.filter(Exists(subjects))

    def filter_jurisdiction_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = jurisdiction_overdue_q()
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_assignment(self, queryset, name, value):
        """Reports assigned from above ([检举控告规则] 21) by the state of their limits
        (due soon / overdue are derived on the day, ``core.deadlines``)."""
        from jiandu.core.deadlines import due_soon_limit
        from jiandu.intake.models import ReportDeadline

        if not value:
            return queryset
        if value == "any":
            return queryset.filter(assignment__isnull=False)
        if value == "reported":
            return queryset.filter(assignment__result_reported_on__isnull=False)
        running = ReportDeadline.objects.filter(met_on__isnull=True)
        today = timezone.localdate()
        if value == "overdue":
            running = running.filter(due_on__lt=today)
        elif value == "due_soon":
            running = running.filter(due_on__gte=today, due_on__lte=due_soon_limit(today))
        return queryset.filter(
            assignment__isnull=False, assignment__result_reported_on__isnull=True
        ).filter(pk__in=running.values("report_id"))
