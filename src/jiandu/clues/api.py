"""Clue API: the register read as the pages read it, and one POST action per workflow
step (declared once in ``jiandu.clues.steps``, with its input serializer and service);
the service checks the state machine, the capability and the scope again. A clue the
user may not see answers 404 whether it exists or not (``selectors.clue_get_for``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.clues import selectors, services, steps
from jiandu.clues.clearing_api import ClarificationSerializer, FalseAccusationSerializer
from jiandu.clues.filters import ClueFilter
from jiandu.clues.models import (
    CloseKind,
    Clue,
    ClueApproval,
    ClueDeadline,
    ClueDeadlineKind,
    ClueSource,
    ClueStatus,
    Disposition,
    FirstFormMeasure,
    FirstFormMeasureKind,
    InquiryMode,
    VerificationResult,
)
from jiandu.core.api import (
    ScopedPkField,
    ScopedPrimaryKeyRelatedField,
    ScopedRefsField,
    choice_field,
    with_errors,
)
from jiandu.core.deadlines import deadline_state
from jiandu.core.models import ProblemCategory
from jiandu.core.permissions import CapabilityPermission
from jiandu.org.models import Cadre, Unit

# --- output ------------------------------------------------------------------------------


class DeadlineSerializer(serializers.ModelSerializer):
    kind = choice_field(ClueDeadlineKind, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state = serializers.SerializerMethodField(
        help_text="met 已完成；overdue 已超期；due_soon 5个工作日内到期；running 进行中"
    )

    class Meta:
        model = ClueDeadline
        fields = [
            "id",
            "kind",
            "kind_display",
            "started_on",
            "due_on",
            "provisional",
            "basis",
            "met_on",
            "state",
        ]

    def get_state(self, deadline: ClueDeadline) -> str:
        return deadline_state(deadline)


class ApprovalSerializer(serializers.ModelSerializer):
    proposed_by_name = serializers.SerializerMethodField()
    approver_name = serializers.SerializerMethodField()

    class Meta:
        model = ClueApproval
        fields = [
            "id",
            "step",
            "proposal",
            "proposed_by_name",
            "proposed_at",
            "approver_name",
            "decided_at",
            "approved",
            "comment",
        ]

    def get_proposed_by_name(self, approval: ClueApproval) -> str:
        return str(approval.proposed_by)

    def get_approver_name(self, approval: ClueApproval) -> str:
        return str(approval.approver) if approval.approver_id else ""


class MeasureSerializer(serializers.ModelSerializer):
    kind = choice_field(FirstFormMeasureKind, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = FirstFormMeasure
        fields = ["id", "person_name", "kind", "kind_display", "decided_on", "note"]


class ClueListSerializer(serializers.ModelSerializer):
    source = choice_field(ClueSource, read_only=True)
    status = choice_field(ClueStatus, read_only=True)
    disposition = choice_field(Disposition, blank=True, read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    subject_unit_name = serializers.SerializerMethodField()
    handling_unit_name = serializers.SerializerMethodField()
    open_deadlines = serializers.SerializerMethodField()

    class Meta:
        model = Clue
        fields = [
            "id",
            "number",
            "source",
            "source_display",
            "received_on",
            "subject_name",
            "subject_unit",
            "subject_unit_name",
            "handling_unit",
            "handling_unit_name",
            "status",
            "status_display",
            "disposition",
            "report_upward",
            "open_deadlines",
        ]

    def get_subject_unit_name(self, clue: Clue) -> str:
        return clue.subject_unit.name if clue.subject_unit_id else ""

    def get_handling_unit_name(self, clue: Clue) -> str:
        return clue.handling_unit.name if clue.handling_unit_id else ""

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_open_deadlines(self, clue: Clue) -> list[dict]:
        rows = getattr(clue, "open_deadlines", None)  # prefetched by selectors.clue_list
        if rows is None:
            rows = [d for d in clue.deadlines.all() if d.met_on is None]
        return DeadlineSerializer(rows, many=True).data


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ClueDetailSerializer(ClueListSerializer):
    subject_cadre = ScopedPkField(help_text="被反映人对应的干部（无权查看时为空）")
    proposed_unit_name = serializers.SerializerMethodField()
    disposition_display = serializers.CharField(source="get_disposition_display", read_only=True)
    proposed_disposition = choice_field(Disposition, blank=True, read_only=True)
    inquiry_mode = choice_field(InquiryMode, blank=True, read_only=True)
    close_kind = choice_field(CloseKind, blank=True, read_only=True)
    finding = choice_field(VerificationResult, blank=True, read_only=True)
    categories = CategorySerializer(many=True, read_only=True)
    report_numbers = ScopedRefsField(source="reports", help_text="您有权查看的来源信访件")
    deadlines = DeadlineSerializer(many=True, read_only=True)
    approvals = ApprovalSerializer(many=True, read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)
    cleared = serializers.BooleanField(
        read_only=True, help_text="已澄清正名（澄清正名流程已登记澄清情况）"
    )
    clarifications = ClarificationSerializer(many=True, read_only=True, help_text="澄清正名")
    false_accusations = FalseAccusationSerializer(
        many=True, read_only=True, help_text="诬告陷害查处"
    )

    class Meta(ClueListSerializer.Meta):
        fields = [
            *(f for f in ClueListSerializer.Meta.fields if f != "open_deadlines"),
            "summary",
            "transfer_ref",
            "subject_cadre",
            "subject_title",
            "subject_rank",
            "categories",
            "proposed_unit",
            "proposed_unit_name",
            "report_upward_reason",
            "disposition_display",
            "proposed_disposition",
            "inquiry_mode",
            "inquiry_round",
            "finding",
            "close_kind",
            "closed_on",
            "cleared",
            "transferred_to",
            "verification_extended",
            "registered_at",
            "report_numbers",
            "deadlines",
            "approvals",
            "measures",
            "clarifications",
            "false_accusations",
        ]

    def get_proposed_unit_name(self, clue: Clue) -> str:
        return clue.proposed_unit.name if clue.proposed_unit_id else ""


def clue_detail_data(clue: Clue, *, user: Any) -> dict:
    """The detail of one clue (already fetched through the selector), related rows read
    in one query each."""
    clue = (
        Clue.objects.filter(pk=clue.pk)
        .select_related("handling_unit", "subject_unit", "proposed_unit")
        .prefetch_related(
            "categories",
            "deadlines",
            "approvals__proposed_by",
            "approvals__approver",
            "measures",
            "clarifications__proposed_by",
            "false_accusations__proposed_by",
            "false_accusations__report",
        )
        .get()
    )
    return ClueDetailSerializer(clue, context={"user": user}).data


# --- input ------------------------------------------------------------------------------


class ClueCreateInput(serializers.Serializer):
    source = choice_field(ClueSource)
    summary = serializers.CharField(allow_blank=True, help_text="线索反映的主要问题")
    received_on = serializers.DateField()
    subject_name = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="未关联干部时填写"
    )
    subject_cadre = ScopedPrimaryKeyRelatedField(
        queryset=Cadre.objects.all(), required=False, allow_null=True, default=None
    )
    subject_unit = ScopedPrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True, default=None
    )
    category_codes = serializers.ListField(
        child=serializers.CharField(), required=False, default=list
    )
    transfer_ref = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_category_codes(self, codes: list[str]) -> list[str]:
        codes = list(dict.fromkeys(codes))
        known = set(ProblemCategory.objects.filter(code__in=codes).values_list("code", flat=True))
        missing = [c for c in codes if c not in known]
        if missing:
            raise serializers.ValidationError(f"问题类别不存在：{'、'.join(missing)}")
        return codes


# --- the viewset -------------------------------------------------------------------------

# The capability each action needs (the service checks it again); the steps' come from
# the one list in ``steps``.
CAPABILITIES: dict[str, str] = steps.WORKFLOW.capabilities(
    {"list": "clues.view", "retrieve": "clues.view", "create": "clues.register"}
)


def _answer(view: Any, clue: Clue, result: Any) -> Response:
    return Response(clue_detail_data(clue, user=view.request.user))


@steps.WORKFLOW.api(response=ClueDetailSerializer, respond=_answer)
class ClueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [CapabilityPermission]
    filterset_class = ClueFilter

    @property
    def capability(self) -> str:
        return CAPABILITIES.get(self.action or "", "clues.view")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Clue.objects.none()
        return selectors.clue_list(user=self.request.user)

    def get_object(self) -> Clue:
        return selectors.clue_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_class(self):
        if self.action == "create":
            return ClueCreateInput
        if self.action == "list":
            return ClueListSerializer
        return ClueDetailSerializer

    @extend_schema(responses=with_errors(ClueDetailSerializer))
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(clue_detail_data(self.get_object(), user=request.user))

    @extend_schema(request=ClueCreateInput, responses=with_errors(ClueDetailSerializer, 201))
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._input(ClueCreateInput)
        clue = services.clue_create(actor=request.user, **data)
        return Response(clue_detail_data(clue, user=request.user), status=status.HTTP_201_CREATED)

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)
