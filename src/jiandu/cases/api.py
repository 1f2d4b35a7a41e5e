"""Case API: the register read as the pages read it (``selectors.case_list`` and
``case_get_for``: a case the user may not see answers 404), and one POST action per
step of ``cases.steps`` (the case's and a track's), each with its own input serializer,
calling its service (which checks the stage, the capability, the scope, the documents
and [规则] 54 again)."""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.cases import rules, selectors, services, steps
from jiandu.cases.documents import DOCUMENT_KINDS
from jiandu.cases.filters import CaseFilter
from jiandu.cases.models import (
    Case,
    CaseApproval,
    CaseDeadline,
    CaseDocument,
    CasePerson,
    Detention,
    DocumentVersion,
)
from jiandu.cases.rules import CaseDeadlineKind, CaseKind, Stage
from jiandu.clues.models import Clue
from jiandu.core.api import (
    ScopedPkField,
    ScopedPrimaryKeyRelatedField,
    ScopedRefField,
    choice_field,
    with_errors,
)
from jiandu.core.deadlines import deadline_state
from jiandu.core.errors import NotFound
from jiandu.core.permissions import CapabilityPermission
from jiandu.core.scoping import unscoped, viewer_of
from jiandu.org.models import COMMISSION_BODY_KINDS, Cadre, Unit

CaseDeadlineKind = models.TextChoices(
    "CaseDeadlineKind", [(c.upper(), (c, lbl)) for c, lbl in CaseDeadlineKind.choices]
)

# --- output ------------------------------------------------------------------------------


class CaseDeadlineSerializer(serializers.ModelSerializer):
    kind = choice_field(CaseDeadlineKind, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    person_name = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField(
        help_text=(
            "met 已完成；paused 补充调查中暂停；overdue 已超期；"
            "due_soon 5个工作日内到期；running 进行中"
        )
    )

    class Meta:
        model = CaseDeadline
        fields = [
            "id",
            "kind",
            "kind_display",
            "person",
            "person_name",
            "started_on",
            "due_on",
            "provisional",
            "basis",
            "paused_on",
            "paused_days",
            "met_on",
            "state",
        ]

    def get_person_name(self, d: CaseDeadline) -> str:
        return d.person.name if d.person_id else ""

    def get_state(self, d: CaseDeadline) -> str:
        return deadline_state(d)


class CaseMeasureOutSerializer(serializers.Serializer):
    code = choice_field(steps.CaseMeasure)
    label = serializers.CharField()
    kind = serializers.CharField(help_text="处分类别（中文）")
    end = serializers.DateField(allow_null=True, help_text="该项影响期的最后一天")
    permanent = serializers.BooleanField()


class CaseDetentionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Detention
        fields = [
            "id",
            "kind",
            "started_on",
            "started_at",
            "due_on",
            "due_at",
            "extended",
            "second_extended",
            "recounted_on",
            "place",
            "released_on",
            "notice_due_at",
            "notified_at",
        ]


class CasePersonSerializer(serializers.ModelSerializer):
    stage = choice_field(Stage, read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    unit_name = serializers.SerializerMethodField()
    decided_on = serializers.SerializerMethodField()
    measures = serializers.SerializerMethodField()
    four_form = serializers.SerializerMethodField(help_text="由处分推导的四种形态（1–4）")
    influence_period_end = serializers.SerializerMethodField(
        help_text="影响期最后一天（按各项处分合并计算）；永久或无影响期时为空"
    )
    influence_permanent = serializers.SerializerMethodField()
    detentions = CaseDetentionSerializer(many=True, read_only=True)
    cadre = ScopedPkField(help_text="对应的干部（无权查看时为空）")

    class Meta:
        model = CasePerson
        fields = [
            "id",
            "name",
            "is_unit",
            "cadre",
            "unit",
            "unit_name",
            "title",
            "rank",
            "is_party_member",
            "is_village_staff",
            "amount_involved",
            "amount_recovered",
            "stage",
            "stage_display",
            "stage_since",
            "prosecution_returns",
            "decided_on",
            "measures",
            "four_form",
            "influence_period_end",
            "influence_permanent",
            "detentions",
        ]

    def _summary(self, person: CasePerson) -> dict:
        cache = self.context.setdefault("summaries", {})
        if person.pk not in cache:
            decisions = self.context.get("decisions", {}).get(person.pk, [])
            cache[person.pk] = selectors.person_summary(person, decisions)
        return cache[person.pk]

    def get_unit_name(self, p: CasePerson) -> str:
        return p.unit.name if p.unit_id else ""

    def get_decided_on(self, p: CasePerson) -> Any:
        d = self._summary(p)["decision"]
        return d.decided_on if d else None

    @extend_schema_field(CaseMeasureOutSerializer(many=True))
    def get_measures(self, p: CasePerson) -> list[dict]:
        return CaseMeasureOutSerializer(self._summary(p)["measures"], many=True).data

    def get_four_form(self, p: CasePerson) -> int | None:
        return self._summary(p)["form"]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_influence_period_end(self, p: CasePerson) -> Any:
        return self._summary(p)["period_end"]

    def get_influence_permanent(self, p: CasePerson) -> bool:
        return self._summary(p)["permanent"]


class CaseDocumentVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentVersion
        fields = ["id", "number", "generated", "signed", "filename", "size", "sha256", "created_at"]


class CaseDocumentSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    versions = CaseDocumentVersionSerializer(many=True, read_only=True)

    class Meta:
        model = CaseDocument
        fields = ["id", "kind", "label", "person", "doc_number", "versions"]

    def get_label(self, d: CaseDocument) -> str:
        return DOCUMENT_KINDS[d.kind].label if d.kind in DOCUMENT_KINDS else d.kind


class CaseApprovalSerializer(serializers.ModelSerializer):
    proposed_by_name = serializers.SerializerMethodField()
    approver_name = serializers.SerializerMethodField()

    class Meta:
        model = CaseApproval
        fields = [
            "id",
            "step",
            "person",
            "proposal",
            "proposed_by_name",
            "proposed_at",
            "approver_name",
            "approval_ref",
            "decided_at",
            "approved",
            "comment",
        ]

    def get_proposed_by_name(self, a: CaseApproval) -> str:
        return str(a.proposed_by)

    def get_approver_name(self, a: CaseApproval) -> str:
        return str(a.approver) if a.approver_id else ""


class CaseListSerializer(serializers.ModelSerializer):
    kind = choice_field(CaseKind, read_only=True)
    stage = serializers.SerializerMethodField(help_text="由各被审查调查人阶段推导的案件阶段")
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True)
    co_unit_names = serializers.SerializerMethodField()
    leader_name = serializers.SerializerMethodField()
    people = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "kind",
            "title",
            "proposed_on",
            "filed_on",
            "lead_unit",
            "lead_unit_name",
            "co_unit_names",
            "leader",
            "leader_name",
            "stage",
            "people",
        ]

    def _tracks(self, case: Case) -> list[CasePerson]:
        return getattr(case, "tracks", None) or list(case.people.order_by("id"))

    def get_stage(self, case: Case) -> str:
        return rules.case_stage([p.stage for p in self._tracks(case)], filed=bool(case.filed_on))

    def get_co_unit_names(self, case: Case) -> list[str]:
        return [u.name for u in case.co_units.all()]

    def get_leader_name(self, case: Case) -> str:
        return str(case.leader) if case.leader_id else ""

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_people(self, case: Case) -> list[dict]:
        return [{"id": p.pk, "name": p.name, "stage": p.stage} for p in self._tracks(case)]


class CaseDetailSerializer(CaseListSerializer):
    summary = serializers.CharField()
    supervision_law = serializers.BooleanField()
    # The source clue passes through the viewer's scope (the review office may not open
    # clues): its number, or null.
    clue_number = ScopedRefField(source="clue", help_text="来源线索编号（无权查看时为空）")
    people = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    approvals = CaseApprovalSerializer(many=True, read_only=True)

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "summary",
            "supervision_law",
            "clue_number",
            "investigation_extended",
            "deadlines",
            "documents",
            "approvals",
        ]

    @extend_schema_field(CasePersonSerializer(many=True))
    def get_people(self, case: Case) -> list[dict]:
        people = case.people.select_related("unit").prefetch_related("detentions").order_by("id")
        context = {
            "decisions": selectors.decisions_by_person(case),
            "user": viewer_of(self.context),
        }
        return CasePersonSerializer(people, many=True, context=context).data

    @extend_schema_field(CaseDeadlineSerializer(many=True))
    def get_deadlines(self, case: Case) -> list[dict]:
        rows = case.deadlines.select_related("person").order_by("due_on", "id")
        return CaseDeadlineSerializer(rows, many=True).data

    @extend_schema_field(CaseDocumentSerializer(many=True))
    def get_documents(self, case: Case) -> list[dict]:
        return CaseDocumentSerializer(selectors.documents_of(case), many=True).data


# --- input -------------------------------------------------------------------------------


class CasePersonInput(serializers.Serializer):
    cadre = ScopedPrimaryKeyRelatedField(
        queryset=Cadre.objects.all(), required=False, allow_null=True, default=None
    )
    name = serializers.CharField(required=False, allow_blank=True, default="")
    unit = ScopedPrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True, default=None
    )
    title = serializers.CharField(required=False, allow_blank=True, default="")
    is_party_member = serializers.BooleanField(required=False, allow_null=True, default=None)
    is_village_staff = serializers.BooleanField(required=False, allow_null=True, default=None)
    amount_involved = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )


class CaseOpenInput(serializers.Serializer):
    kind = choice_field(CaseKind)
    title = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    proposed_on = serializers.DateField()
    lead_unit = ScopedPrimaryKeyRelatedField(queryset=Unit.objects.all())
    people = CasePersonInput(many=True, required=False, default=list)
    target_unit = ScopedPrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True, default=None
    )
    # Any of the commission's own bodies may be asked to co-handle (室组地联合办案).
    co_units = ScopedPrimaryKeyRelatedField(
        queryset=Unit.objects.filter(kind__in=COMMISSION_BODY_KINDS),
        scope=unscoped,
        many=True,
        required=False,
        default=list,
    )
    category_codes = serializers.ListField(
        child=serializers.CharField(), required=False, default=list
    )
    supervision_law = serializers.BooleanField(required=False, default=True)
    clue = ScopedPrimaryKeyRelatedField(
        queryset=Clue.objects.all(), required=False, allow_null=True, default=None
    )


# --- the viewset -------------------------------------------------------------------------

CAPABILITIES = steps.TRACK.capabilities(
    steps.CASE.capabilities({"list": "cases.view", "retrieve": "cases.view", "create": steps.H})
)


def case_detail_data(case: Case, *, user: Any) -> dict:
    case = (
        Case.objects.select_related("lead_unit", "leader", "clue")
        .prefetch_related("co_units", "approvals__proposed_by", "approvals__approver")
        .get(pk=case.pk)
    )
    return CaseDetailSerializer(case, context={"user": user}).data


def _case_answer(view: Any, obj: Case | CasePerson, result: Any) -> Response:
    """The case as it is now; a document version generated or uploaded is answered
    itself (201)."""
    if isinstance(result, DocumentVersion):
        data = CaseDocumentVersionSerializer(result).data
        return Response(data, status=status.HTTP_201_CREATED)
    return Response(case_detail_data(steps.case_of(obj), user=view.request.user))


@steps.TRACK.api(response=CaseDetailSerializer, respond=_case_answer)
@steps.CASE.api(
    response=CaseDetailSerializer,
    respond=_case_answer,
    responses={
        "generate_document": CaseDocumentVersionSerializer,
        "upload_document": CaseDocumentVersionSerializer,
    },
)
class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [CapabilityPermission]
    filterset_class = CaseFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @property
    def capability(self) -> str:
        return CAPABILITIES.get(self.action or "", "cases.view")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return selectors.case_list(user=self.request.user)

    def get_object(self) -> Case | CasePerson:
        """The case; for a track step, the track of the case named by ``person`` in the
        body (a track of another case answers 404)."""
        case = selectors.case_get_for(user=self.request.user, pk=self.kwargs["pk"])
        step = steps.TRACK.get(self.action or "")
        if step is None or not step.api:
            return case
        ref = steps.CaseTrackRef(data=self.request.data, context=self.get_serializer_context())
        ref.is_valid(raise_exception=True)
        person = ref.validated_data["person"]
        if person.case_id != case.pk:
            raise NotFound()
        person.case = case
        return person

    def get_serializer_class(self):
        if self.action == "create":
            return CaseOpenInput
        if self.action == "list":
            return CaseListSerializer
        return CaseDetailSerializer

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(responses=with_errors(CaseDetailSerializer))
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(case_detail_data(self.get_object(), user=request.user))

    @extend_schema(request=CaseOpenInput, responses=with_errors(CaseDetailSerializer, 201))
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._input(CaseOpenInput)
        clue = data.pop("clue")
        people = [services.PersonInput(**p) for p in data.pop("people")]
        if clue is not None and not people:  # the clue's subject, which the clue grants
            people = services.people_from_clue(clue)
        case = services.case_open(actor=request.user, people=people, clue=clue, **data)
        return Response(case_detail_data(case, user=request.user), status=status.HTTP_201_CREATED)
