"""The register records of the integrity file in the API: for each kind
(``register_services.KINDS``) a list (``?cadre=<id>`` for one cadre's), a read and a
create, scoped through the cadre as the pages are (a cadre the user may not see is
"not found", its records are not listed). Creating goes through the kind's service
(capability ``integrity.record``, one audit event); errors have the one shape
``{"message", "fields"}``."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.core.api import ScopedPrimaryKeyRelatedField, choice_field, with_errors
from jiandu.core.filters import StyledFilterSet
from jiandu.core.permissions import CapabilityPermission
from jiandu.integrity import register_selectors as selectors
from jiandu.integrity import register_services as services
from jiandu.integrity.models import (
    DECLARATION_SECTIONS,
    Commendation,
    DutyRating,
    DutyReport,
    DutyReportForm,
    FamilyEventKind,
    FamilyEventReport,
    GiftHandIn,
    GiftHandling,
    IntegrityTalk,
    MaritalStatus,
    PersonalDeclaration,
    TalkKind,
)
from jiandu.org.models import Cadre

COMMON = ["id", "cadre", "cadre_name", "recorded_at"]


class RecordSerializer(serializers.ModelSerializer):
    cadre = ScopedPrimaryKeyRelatedField(queryset=Cadre.objects.all(), help_text="干部编号")
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)


def _section_field(name: str) -> serializers.ListField:
    title, keys = DECLARATION_SECTIONS[name]
    return serializers.ListField(
        child=serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=100)),
        required=False,
        max_length=100,
        help_text=f"{title}：每项为一个对象，键为 " + "、".join(f"{k}（{h}）" for k, h in keys),
    )


class DeclarationSerializer(RecordSerializer):
    marital_status = choice_field(MaritalStatus)
    relatives_abroad = _section_field("relatives_abroad")
    relatives_business = _section_field("relatives_business")
    real_estate = _section_field("real_estate")
    investments = _section_field("investments")

    class Meta:
        model = PersonalDeclaration
        fields = [
            *COMMON,
            "year",
            "reported_on",
            "marital_status",
            "marriage_changes",
            "relatives_abroad",
            "relatives_business",
            "real_estate",
            "investments",
            "notes",
        ]
        validators: list = []  # one a year: the service answers in Chinese


class TalkSerializer(RecordSerializer):
    kind = choice_field(TalkKind)

    class Meta:
        model = IntegrityTalk
        fields = [*COMMON, "kind", "talked_on", "talked_by_name", "talked_by_unit", "summary"]


class DutyReportSerializer(RecordSerializer):
    form = choice_field(DutyReportForm)
    rating = choice_field(DutyRating, blank=True, required=False)

    class Meta:
        model = DutyReport
        fields = [*COMMON, "year", "reported_on", "form", "rating", "remarks"]


class GiftSerializer(RecordSerializer):
    handling = choice_field(GiftHandling)

    class Meta:
        model = GiftHandIn
        fields = [*COMMON, "handed_in_on", "description", "value", "handling", "notes"]


class FamilyEventSerializer(RecordSerializer):
    kind = choice_field(FamilyEventKind)

    class Meta:
        model = FamilyEventReport
        fields = [
            *COMMON,
            "kind",
            "event_on",
            "scale",
            "guests",
            "reported_on",
            "reported_before",
        ]


class CommendationSerializer(RecordSerializer):
    class Meta:
        model = Commendation
        fields = [*COMMON, "awarded_on", "title", "awarded_by"]


class RecordFilter(StyledFilterSet):
    cadre = django_filters.NumberFilter(label="干部", field_name="cadre_id")


class RegisterRecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Base of the six viewsets below; ``kind`` is a slug of ``KINDS``."""

    kind: str
    permission_classes = [CapabilityPermission]
    filterset_class = RecordFilter

    @property
    def capability(self) -> str:
        return services.RECORD if self.action == "create" else "integrity.view"

    def get_queryset(self):
        model = services.KINDS[self.kind].model
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return model.objects.none()  # type: ignore[attr-defined]
        return selectors.records(user=self.request.user, kind=self.kind)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = services.SERVICES[self.kind](actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


def _viewset(kind: str, serializer: type[RecordSerializer], name: str) -> type:
    label = services.KINDS[kind].label
    cls = type(
        name,
        (RegisterRecordViewSet,),
        {"kind": kind, "serializer_class": serializer, "__module__": __name__},
    )
    return extend_schema_view(
        list=extend_schema(summary=f"{label}列表（可按干部筛选）"),
        retrieve=extend_schema(summary=f"一条{label}", responses=with_errors(serializer)),
        create=extend_schema(
            summary=f"登记{label}",
            request=serializer,
            responses=with_errors(serializer, 201),
        ),
    )(cls)


DeclarationViewSet = _viewset("declarations", DeclarationSerializer, "DeclarationViewSet")
TalkViewSet = _viewset("talks", TalkSerializer, "TalkViewSet")
DutyReportViewSet = _viewset("duty-reports", DutyReportSerializer, "DutyReportViewSet")
GiftViewSet = _viewset("gifts", GiftSerializer, "GiftViewSet")
FamilyEventViewSet = _viewset("family-events", FamilyEventSerializer, "FamilyEventViewSet")
CommendationViewSet = _viewset("commendations", CommendationSerializer, "CommendationViewSet")
