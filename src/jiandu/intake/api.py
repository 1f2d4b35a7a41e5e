"""Report API: the register read as the pages read it, registration, and one POST action
per step. No serializer here carries the reporter's identity: it is read only through
the ``reporter`` action (petition office, every read logged)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.core.api import (
    ScopedPkField,
    ScopedRefField,
    ScopedRefsField,
    choice_field,
    with_errors,
)
from jiandu.core.permissions import CapabilityPermission
from jiandu.core.scoping import get_visible_or_404
from jiandu.intake import services, steps
from jiandu.intake.filters import ReportFilter
from jiandu.intake.models import Channel, Jurisdiction, Report, ReportStatus, ReportSubject

# --- output (never the reporter's identity) ---------------------------------------------


class ReportListSerializer(serializers.ModelSerializer):
    channel = choice_field(Channel, read_only=True)
    status = choice_field(ReportStatus, read_only=True)
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    handling_unit_name = serializers.SerializerMethodField()
    jurisdiction_overdue = serializers.SerializerMethodField(
        help_text="已登记但超过管辖决定期限（读取时计算）"
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "number",
            "channel",
            "channel_display",
            "received_at",
            "is_named",
            "subject_text",
            "unit_text",
            "status",
            "status_display",
            "handling_unit",
            "handling_unit_name",
            "jurisdiction_due",
            "jurisdiction_overdue",
            "about_principal_leader",
            "from_portal",
        ]

    def get_handling_unit_name(self, report: Report) -> str:
        return report.handling_unit.name if report.handling_unit_id else ""

    def get_jurisdiction_overdue(self, report: Report) -> bool:
        return bool(
            report.status == ReportStatus.REGISTERED
            and report.jurisdiction_due
            and report.jurisdiction_due < timezone.localdate()
        )


class ReportSubjectSerializer(serializers.ModelSerializer):
    cadre = ScopedPkField(help_text="已确认的干部（无权查看时为空）")

    class Meta:
        model = ReportSubject
        fields = ["id", "name", "unit_text", "cadre", "unit", "confirmed"]


class CategoryOutSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ReportDetailSerializer(ReportListSerializer):
    jurisdiction = choice_field(Jurisdiction, blank=True, read_only=True)
    jurisdiction_display = serializers.CharField(source="get_jurisdiction_display", read_only=True)
    categories = CategoryOutSerializer(many=True, read_only=True)
    subjects = ReportSubjectSerializer(many=True, read_only=True)
    # Cross-references pass through the viewer's scope (jiandu.core.scoping).
    duplicate_of = ScopedPkField()
    duplicate_of_number = ScopedRefField(source="duplicate_of")
    clue_numbers = ScopedRefsField(source="clues", help_text="由本件转成、您有权查看的问题线索")

    class Meta(ReportListSerializer.Meta):
        fields = [
            *ReportListSerializer.Meta.fields,
            "content",
            "categories",
            "subjects",
            "jurisdiction",
            "jurisdiction_display",
            "jurisdiction_due_provisional",
            "jurisdiction_decided_at",
            "forward_to",
            "duplicate_of",
            "duplicate_of_number",
            "ack_due",
            "ack_due_provisional",
            "ack_sent_on",
            "result_due",
            "result_due_provisional",
            "result_sent_on",
            "closed_on",
            "registered_at",
            "clue_numbers",
        ]


class ReporterIdentitySerializer(serializers.Serializer):
    name = serializers.CharField(required=False)
    id_number = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)
    address = serializers.CharField(required=False)


def report_detail_data(report: Report, *, user: Any) -> dict:
    report = (
        Report.objects.filter(pk=report.pk)
        .select_related("handling_unit", "duplicate_of")
        .prefetch_related("categories", "subjects__cadre")
        .get()
    )
    return ReportDetailSerializer(report, context={"user": user}).data


# --- input: one serializer per step -------------------------------------------------------


class ReporterInput(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=40)
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=30)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    address = serializers.CharField(required=False, allow_blank=True, max_length=200)


class SubjectInput(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    unit_text = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")


class ReportCreateInput(serializers.Serializer):
    channel = choice_field(Channel)
    received_at = serializers.DateTimeField()
    content = serializers.CharField(allow_blank=True)
    is_named = serializers.BooleanField(required=False, default=False)
    reporter = ReporterInput(required=False, allow_null=True, default=None)
    subjects = SubjectInput(many=True, required=False, default=list)
    subject_text = serializers.CharField(required=False, allow_blank=True, default="")
    unit_text = serializers.CharField(required=False, allow_blank=True, default="")
    category_codes = serializers.ListField(
        child=serializers.CharField(), required=False, default=list
    )
    about_principal_leader = serializers.BooleanField(required=False, default=False)


# --- the viewset -------------------------------------------------------------------------


def _no_store(response: Response) -> Response:
    """A response carrying a reporter's identity is never stored by a browser or proxy."""
    response["Cache-Control"] = "no-store, private, max-age=0"
    return response


# The capability each action needs (the services check it again); the steps' come from
# the one list in ``steps``.
CAPABILITIES: dict[str, str] = steps.WORKFLOW.capabilities(
    {
        "list": "reports.view",
        "retrieve": "reports.view",
        "create": "reports.register",
        "reporter": "reports.identity",
    }
)


def _answer(view: Any, report: Report, result: Any) -> Response:
    return Response(report_detail_data(report, user=view.request.user))


@steps.WORKFLOW.api(response=ReportDetailSerializer, respond=_answer)
class ReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [CapabilityPermission]
    filterset_class = ReportFilter

    @property
    def capability(self) -> str:
        return CAPABILITIES.get(self.action or "", "reports.view")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Report.objects.none()
        return (
            Report.objects.visible_to(self.request.user)
            .select_related("handling_unit")
            .order_by("-received_at", "-id")
        )

    def get_object(self) -> Report:
        return get_visible_or_404(
            Report.objects.all(), user=self.request.user, pk=self.kwargs["pk"]
        )

    def get_serializer_class(self):
        if self.action == "create":
            return ReportCreateInput
        if self.action == "list":
            return ReportListSerializer
        return ReportDetailSerializer

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(responses=with_errors(ReportDetailSerializer))
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(report_detail_data(self.get_object(), user=request.user))

    @extend_schema(request=ReportCreateInput, responses=with_errors(ReportDetailSerializer, 201))
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._input(ReportCreateInput)
        data["reporter"] = dict(data["reporter"] or {})
        data["subjects"] = [dict(s) for s in data["subjects"]]
        report = services.report_register(actor=request.user, **data)
        return Response(
            report_detail_data(report, user=request.user), status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=with_errors(ReporterIdentitySerializer))
    @action(detail=True, methods=["get"])
    def reporter(self, request: Request, pk: str | None = None) -> Response:
        """举报人身份信息（仅信访室，每次查阅均记录）。匿名举报返回空对象。"""
        report = self.get_object()
        identity = services.reporter_identity_read(user=request.user, report=report)
        return _no_store(Response(ReporterIdentitySerializer(identity).data))
