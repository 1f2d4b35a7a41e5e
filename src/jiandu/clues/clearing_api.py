"""The 澄清正名 and 诬告陷害 processes in the API: list and read (scoped like their
clue), one action per step (``clearing_steps``), and the clearing letter as a Word
file. A process starts on its clue (``/api/clues/<id>/propose_clarification/``,
``/api/clues/<id>/propose_false_accusation/``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.clues import clearing_documents, clearing_selectors, clearing_steps
from jiandu.clues.models import (
    Clarification,
    ClarificationScope,
    ClarificationStatus,
    ClarificationWay,
    FalseAccusation,
    FalseAccusationStatus,
    FollowUpKind,
)
from jiandu.core.api import ScopedRefField, choice_field
from jiandu.core.downloads import docx_response
from jiandu.core.permissions import CapabilityPermission


class ClarificationSerializer(serializers.ModelSerializer):
    clue_number = serializers.CharField(source="clue.number", read_only=True)
    status = choice_field(ClarificationStatus, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    scope = choice_field(ClarificationScope, read_only=True)
    scope_display = serializers.CharField(source="get_scope_display", read_only=True)
    way = choice_field(ClarificationWay, read_only=True)
    way_display = serializers.CharField(source="get_way_display", read_only=True)
    proposed_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Clarification
        fields = [
            "id",
            "clue",
            "clue_number",
            "status",
            "status_display",
            "person_name",
            "person_title",
            "facts",
            "scope",
            "scope_display",
            "way",
            "way_display",
            "proposed_by_name",
            "proposed_on",
            "approved_on",
            "letter_number",
            "carried_out_on",
            "carried_out_note",
            "closed_on",
        ]

    def get_proposed_by_name(self, obj: Clarification) -> str:
        return str(obj.proposed_by)


class FalseAccusationSerializer(serializers.ModelSerializer):
    clue_number = serializers.CharField(source="clue.number", read_only=True)
    status = choice_field(FalseAccusationStatus, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    report_number = ScopedRefField(source="report", help_text="诬告陷害的信访件（无权查看时为空）")
    follow_up_kind = choice_field(FollowUpKind, blank=True, read_only=True)
    proposed_by_name = serializers.SerializerMethodField()

    class Meta:
        model = FalseAccusation
        fields = [
            "id",
            "clue",
            "clue_number",
            "status",
            "status_display",
            "evidence",
            "report_number",
            "reporter_identified",
            "aggravating",
            "proposed_by_name",
            "proposed_on",
            "submitted_on",
            "approving_body",
            "approved_on",
            "approval_ref",
            "follow_up_kind",
            "follow_up_on",
            "handed_to",
            "follow_up_note",
            "correction",
            "care_done",
            "exposed",
            "closed_on",
            "dropped_reason",
        ]

    def get_proposed_by_name(self, obj: FalseAccusation) -> str:
        return str(obj.proposed_by)


def _answer(view: Any, obj: Any, result: Any) -> Response:
    return Response(view.get_serializer(result).data)


CLARIFICATION_CAPABILITIES = clearing_steps.CLARIFICATION_WORKFLOW.capabilities(
    {"list": "clues.view", "retrieve": "clues.view", "letter": "clues.view"}
)
FALSE_ACCUSATION_CAPABILITIES = clearing_steps.FALSE_ACCUSATION_WORKFLOW.capabilities(
    {"list": "clues.view", "retrieve": "clues.view"}
)


@clearing_steps.CLARIFICATION_WORKFLOW.api(response=ClarificationSerializer, respond=_answer)
class ClarificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [CapabilityPermission]
    serializer_class = ClarificationSerializer

    @property
    def capability(self) -> str:
        return CLARIFICATION_CAPABILITIES.get(self.action or "", "clues.view")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Clarification.objects.none()
        return clearing_selectors.clarifications_visible(user=self.request.user)

    def get_object(self) -> Clarification:
        return clearing_selectors.clarification_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    @extend_schema(
        responses={
            (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"): (
                OpenApiTypes.BINARY
            ),
            404: OpenApiResponse(description="不存在或无权查看"),
        }
    )
    @action(detail=True, methods=["get"])
    def letter(self, request: Request, pk: str | None = None) -> Any:
        """澄清正名函（Word，GB/T 9704 版式），按记录填写；批准后可生成。"""
        return letter_response(self.get_object())


def letter_response(clarification: Clarification) -> Any:
    """The letter as a download (a clearing not approved yet has none: 404)."""
    from jiandu.core.errors import NotFound

    if clarification.approved_on is None:
        raise NotFound()
    content = clearing_documents.render_letter(clearing_selectors.letter_context(clarification))
    return docx_response(content, f"澄清正名函-{clarification.clue.number}.docx")


@clearing_steps.FALSE_ACCUSATION_WORKFLOW.api(response=FalseAccusationSerializer, respond=_answer)
class FalseAccusationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [CapabilityPermission]
    serializer_class = FalseAccusationSerializer

    @property
    def capability(self) -> str:
        return FALSE_ACCUSATION_CAPABILITIES.get(self.action or "", "clues.view")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return FalseAccusation.objects.none()
        return clearing_selectors.false_accusations_visible(user=self.request.user)

    def get_object(self) -> FalseAccusation:
        return clearing_selectors.false_accusation_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )
