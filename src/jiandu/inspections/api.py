"""Inspection API: rounds, inspected organisations and the rectification ledger, read as
the pages read them, and one POST action per step of ``inspections.steps`` (each with its own input
serializer, calling its service, which checks capability, scope and state again). An
object the user may not see answers 404 whether it exists or not."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.core.api import choice_field, with_errors
from jiandu.core.permissions import CapabilityPermission
from jiandu.core.scoping import parse_id
from jiandu.inspections import selectors, steps
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


# --- viewsets ---------------------------------------------------------------------------------


class _Base(viewsets.GenericViewSet):
    permission_classes = [CapabilityPermission]
    capabilities: dict[str, str] = {}

    @property
    def capability(self) -> str:
        return self.capabilities.get(self.action or "", "inspections.view")


class InspectionRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    serializer_class = InspectionRoundSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InspectionRound.objects.none()
        return selectors.round_list(user=self.request.user)

    def get_object(self) -> InspectionRound:
        return selectors.round_get_for(user=self.request.user, pk=self.kwargs["pk"])


def _target_answer(view: Any, target: InspectedOrganisation, result: Any) -> Response:
    """The organisation as it is now; a new finding or item is answered itself (201)."""
    if isinstance(result, Finding):
        return Response(InspectionFindingSerializer(result).data, status=status.HTTP_201_CREATED)
    if isinstance(result, RectificationItem):
        return Response(_item_data(result), status=status.HTTP_201_CREATED)
    fresh = selectors.target_get_for(user=view.request.user, pk=target.pk)
    return Response(InspectedOrganisationSerializer(fresh).data)


@steps.TARGET.api(
    response=InspectedOrganisationSerializer,
    respond=_target_answer,
    responses={
        "add_finding": InspectionFindingSerializer,
        "add_item": RectificationItemDetailSerializer,
    },
)
class InspectedOrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    serializer_class = InspectedOrganisationSerializer
    capabilities = steps.TARGET.capabilities()

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


@steps.ITEM.api(
    response=RectificationItemDetailSerializer,
    respond=lambda view, item, result: Response(_item_data(item)),
)
class RectificationItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    filterset_class = ItemFilter
    capabilities = steps.ITEM.capabilities()

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
