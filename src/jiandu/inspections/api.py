"""Inspection API: rounds, inspected organisations and the rectification ledger, read as
the pages read them, and one POST action per ledger step (each with its own input
serializer, calling its service, which checks capability, scope and state again). An
object the user may not see answers 404 whether it exists or not."""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.core.api import ScopedPrimaryKeyRelatedField, choice_field, with_errors
from jiandu.core.errors import DomainError
from jiandu.core.permissions import CapabilityPermission
from jiandu.core.scoping import parse_id
from jiandu.inspections import selectors, services
from jiandu.inspections.filters import ItemFilter
from jiandu.inspections.models import (
    Escalation,
    EscalationLevel,
    Evidence,
    Finding,
    FindingCategory,
    InspectedOrganisation,
    InspectionRound,
    ItemProgress,
    ItemStatus,
    RectificationItem,
    RoundKind,
)
from jiandu.org.models import Unit

# --- output -------------------------------------------------------------------------------------


class InspectionRoundSerializer(serializers.ModelSerializer):
    kind = choice_field(RoundKind, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = InspectionRound
        fields = ["id", "name", "year", "ordinal", "kind", "kind_display", "started_on", "focus"]


class InspectedOrganisationSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    round_name = serializers.CharField(source="round.name", read_only=True)
    group_name = serializers.SerializerMethodField()

    class Meta:
        model = InspectedOrganisation
        fields = [
            "id",
            "round",
            "round_name",
            "unit",
            "unit_name",
            "group_name",
            "entered_on",
            "left_on",
            "feedback_on",
            "report_due_on",
            "report_due_provisional",
            "report_submitted_on",
        ]

    def get_group_name(self, target: InspectedOrganisation) -> str:
        return target.group.name if target.group_id else ""


class RectificationItemSerializer(serializers.ModelSerializer):
    status = choice_field(ItemStatus, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    category = choice_field(FindingCategory, read_only=True, source="finding.category")
    description = serializers.CharField(source="finding.description", read_only=True)
    target = serializers.IntegerField(source="finding.target_id", read_only=True)
    target_unit_name = serializers.CharField(source="finding.target.unit.name", read_only=True)
    responsible_unit_name = serializers.CharField(source="responsible_unit.name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = RectificationItem
        fields = [
            "id",
            "target",
            "target_unit_name",
            "finding",
            "category",
            "description",
            "seq",
            "measures",
            "responsible_unit",
            "responsible_unit_name",
            "responsible_person",
            "deadline",
            "immediate",
            "status",
            "status_display",
            "progress",
            "completed_on",
            "closed_on",
            "check_note",
            "overdue",
        ]

    def get_overdue(self, item: RectificationItem) -> bool:
        from django.utils import timezone

        from jiandu.inspections.rules import is_overdue

        return is_overdue(item.status, item.deadline, timezone.localdate())


class ItemProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = ItemProgress
        fields = ["id", "on", "text"]


class ItemEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "sha256", "note", "uploaded_at"]


class ItemEscalationSerializer(serializers.ModelSerializer):
    level = choice_field(EscalationLevel, read_only=True)

    class Meta:
        model = Escalation
        fields = ["id", "level", "doc_number", "issuer", "title", "issued_on", "addressee", "body"]


class RectificationItemDetailSerializer(RectificationItemSerializer):
    reports = ItemProgressSerializer(many=True, read_only=True)
    evidence = ItemEvidenceSerializer(many=True, read_only=True)
    escalations = ItemEscalationSerializer(many=True, read_only=True)

    class Meta(RectificationItemSerializer.Meta):
        fields = [*RectificationItemSerializer.Meta.fields, "reports", "evidence", "escalations"]


class InspectionFindingSerializer(serializers.ModelSerializer):
    category = choice_field(FindingCategory, read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "target", "category", "description"]


def _item_data(item: RectificationItem) -> dict:
    item = (
        RectificationItem.objects.filter(pk=item.pk)
        .select_related("finding__target__unit", "responsible_unit")
        .prefetch_related("reports", "evidence", "escalations")
        .get()
    )
    return RectificationItemDetailSerializer(item).data


class CheckDecision(models.TextChoices):
    CLOSE = "close", "验收销号"
    ACCEPT_LONG_TERM = "accept_long_term", "转长期坚持"
    REJECT = "reject", "退回重新整改"


# --- input ----------------------------------------------------------------------------------------


class InspectionFindingInput(serializers.Serializer):
    category = choice_field(FindingCategory)
    description = serializers.CharField(allow_blank=True)


class RectificationItemCreateInput(serializers.Serializer):
    finding = ScopedPrimaryKeyRelatedField(
        queryset=Finding.objects.all(), help_text="反馈问题编号（须属于该被巡察单位）"
    )
    measures = serializers.CharField(allow_blank=True)
    responsible_unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all())
    responsible_person = serializers.CharField(allow_blank=True)
    deadline = serializers.DateField()
    immediate = serializers.BooleanField(required=False, default=False)


class InspectionFeedbackInput(serializers.Serializer):
    feedback_on = serializers.DateField()


class RectificationReportInput(serializers.Serializer):
    on = serializers.DateField()
    note = serializers.CharField(allow_blank=True)


class ItemProgressInput(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class ItemEvidenceInput(serializers.Serializer):
    file = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ItemCheckInput(serializers.Serializer):
    decision = choice_field(CheckDecision)
    note = serializers.CharField(allow_blank=True)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class ItemReasonInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ItemEscalateInput(serializers.Serializer):
    level = choice_field(EscalationLevel)


# --- viewsets ---------------------------------------------------------------------------------


class _Base(viewsets.GenericViewSet):
    permission_classes = [CapabilityPermission]
    capabilities: dict[str, str] = {}

    @property
    def capability(self) -> str:
        return self.capabilities.get(self.action or "", "inspections.view")

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class InspectionRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    serializer_class = InspectionRoundSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InspectionRound.objects.none()
        return selectors.round_list(user=self.request.user)

    def get_object(self) -> InspectionRound:
        return selectors.round_get_for(user=self.request.user, pk=self.kwargs["pk"])


class InspectedOrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    serializer_class = InspectedOrganisationSerializer
    capabilities = {
        "feedback": "inspections.manage",
        "report": "inspections.rectify",
        "add_finding": "inspections.manage",
        "add_item": "inspections.manage",
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InspectedOrganisation.objects.none()
        qs = InspectedOrganisation.objects.visible_to(self.request.user).select_related(
            "round", "unit", "group"
        )
        round_id = parse_id(self.request.query_params.get("round"))
        return qs.filter(round_id=round_id) if round_id else qs

    def get_object(self) -> InspectedOrganisation:
        return selectors.target_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def _done(self, target: InspectedOrganisation) -> Response:
        return Response(
            InspectedOrganisationSerializer(
                selectors.target_get_for(user=self.request.user, pk=target.pk)
            ).data
        )

    @extend_schema(
        request=InspectionFeedbackInput, responses=with_errors(InspectedOrganisationSerializer)
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: str | None = None) -> Response:
        """登记巡察反馈日期（起算2个月整改报告时限）。"""
        target = self.get_object()
        services.target_record_feedback(
            actor=request.user, target=target, **self._input(InspectionFeedbackInput)
        )
        return self._done(target)

    @extend_schema(
        request=RectificationReportInput, responses=with_errors(InspectedOrganisationSerializer)
    )
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str | None = None) -> Response:
        """登记整改情况报告已报送。"""
        target = self.get_object()
        services.target_submit_report(
            actor=request.user, target=target, **self._input(RectificationReportInput)
        )
        return self._done(target)

    @extend_schema(
        request=InspectionFindingInput, responses=with_errors(InspectionFindingSerializer, 201)
    )
    @action(detail=True, methods=["post"])
    def add_finding(self, request: Request, pk: str | None = None) -> Response:
        """登记反馈问题。"""
        target = self.get_object()
        finding = services.finding_create(
            actor=request.user, target=target, **self._input(InspectionFindingInput)
        )
        return Response(InspectionFindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RectificationItemCreateInput,
        responses=with_errors(RectificationItemDetailSerializer, 201),
    )
    @action(detail=True, methods=["post"])
    def add_item(self, request: Request, pk: str | None = None) -> Response:
        """为反馈问题新增整改事项。"""
        target = self.get_object()
        data = self._input(RectificationItemCreateInput)
        finding = data.pop("finding")
        if finding.target_id != target.pk:
            raise DomainError("反馈问题不存在或不属于该单位", fields={"finding": ["不存在"]})
        item = services.item_create(actor=request.user, finding=finding, **data)
        return Response(_item_data(item), status=status.HTTP_201_CREATED)


class RectificationItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    filterset_class = ItemFilter
    capabilities = {
        "progress": "inspections.rectify",
        "done": "inspections.rectify",
        "evidence": "inspections.view",  # the service asks for rectify or check
        "close_out": "inspections.check",
        "check": "inspections.check",
        "reopen": "inspections.manage",
        "escalate": "inspections.manage",
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RectificationItem.objects.none()
        return selectors.item_list(user=self.request.user)

    def get_object(self) -> RectificationItem:
        return selectors.item_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_class(self):
        return (
            RectificationItemSerializer
            if self.action == "list"
            else RectificationItemDetailSerializer
        )

    @extend_schema(responses=with_errors(RectificationItemDetailSerializer))
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(_item_data(self.get_object()))

    def _step(self, service: Any, serializer_class: type[serializers.Serializer]) -> Response:
        item = self.get_object()
        service(actor=self.request.user, item=item, **self._input(serializer_class))
        return Response(_item_data(item))

    @extend_schema(
        request=ItemProgressInput, responses=with_errors(RectificationItemDetailSerializer)
    )
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        """责任单位报告整改进展。"""
        return self._step(services.item_report_progress, ItemProgressInput)

    @extend_schema(
        request=ItemProgressInput, responses=with_errors(RectificationItemDetailSerializer)
    )
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        """责任单位报告整改完成（须已上传佐证材料）。"""
        return self._step(services.item_report_done, ItemProgressInput)

    @extend_schema(
        request={"multipart/form-data": ItemEvidenceInput},
        responses=with_errors(RectificationItemDetailSerializer),
    )
    @action(detail=True, methods=["post"])
    def evidence(self, request: Request, pk: str | None = None) -> Response:
        """上传佐证材料。"""
        item = self.get_object()
        data = self._input(ItemEvidenceInput)
        upload = data["file"]
        services.evidence_add(
            actor=request.user,
            item=item,
            name=upload.name,
            content=upload.read(),
            note=data["note"],
        )
        return Response(_item_data(item))

    @extend_schema(request=ItemCheckInput, responses=with_errors(RectificationItemDetailSerializer))
    @action(detail=True, methods=["post"])
    def close_out(self, request: Request, pk: str | None = None) -> Response:
        """验收销号：销号、转长期坚持或退回（验收人不能是责任单位或报告人）。"""
        return self._step(services.item_close_out, ItemCheckInput)

    @extend_schema(
        request=ItemCheckInput,
        responses=with_errors(RectificationItemDetailSerializer),
        deprecated=True,
    )
    @action(detail=True, methods=["post"])
    def check(self, request: Request, pk: str | None = None) -> Response:
        """已停用的旧名称，请改用 close_out（保留一个版本）。"""
        return self._step(services.item_close_out, ItemCheckInput)

    @extend_schema(
        request=ItemReasonInput, responses=with_errors(RectificationItemDetailSerializer)
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        """重新打开已销号的事项（回头看发现反弹）。"""
        return self._step(services.item_reopen, ItemReasonInput)

    @extend_schema(
        request=ItemEscalateInput, responses=with_errors(RectificationItemDetailSerializer)
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, pk: str | None = None) -> Response:
        """逾期督办：逐级发出督办通知书、提醒书、告诫书、问责建议。"""
        return self._step(services.escalation_issue, ItemEscalateInput)
