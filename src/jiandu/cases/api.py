"""Case API: the register read as the pages read it (``selectors.case_list`` and
``case_get_for``: a case the user may not see answers 404), and one POST action per
step, each with its own input serializer, calling its service (which checks the stage,
the capability, the scope, the documents and [规则] 54 again)."""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.cases import rules, selectors, services
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
from jiandu.cases.rules import AppealKind, CaseDeadlineKind, CaseKind, Measure, Stage
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

CaseMeasure = models.TextChoices(
    "CaseMeasure", [(c.upper(), (c, lbl)) for c, lbl in Measure.choices]
)
CaseDeadlineKind = models.TextChoices(
    "CaseDeadlineKind", [(c.upper(), (c, lbl)) for c, lbl in CaseDeadlineKind.choices]
)
DocumentKindChoice = models.TextChoices(
    "CaseDocumentKind", [(k.upper(), (k, v.label)) for k, v in sorted(DOCUMENT_KINDS.items())]
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
    code = choice_field(CaseMeasure)
    label = serializers.CharField()
    kind = serializers.CharField(help_text="处分类别（中文）")
    end = serializers.DateField(allow_null=True, help_text="该项影响期的最后一天")
    permanent = serializers.BooleanField()


class CaseDetentionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Detention
        fields = ["id", "started_on", "due_on", "extended", "place", "released_on"]


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


def person_field(**kwargs: Any) -> ScopedPrimaryKeyRelatedField:
    return ScopedPrimaryKeyRelatedField(
        queryset=CasePerson.objects.all(), scope=selectors.people_of_visible_cases, **kwargs
    )


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


class CaseFilingInput(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true 批准立案，false 不予批准")
    on = serializers.DateField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CaseStepInput(serializers.Serializer):
    person = person_field(help_text="被审查调查人（CasePerson）编号")
    on = serializers.DateField(help_text="该步骤的日期")


class CaseReasonStepInput(CaseStepInput):
    reason = serializers.CharField(allow_blank=True)


class CaseExtendReviewInput(serializers.Serializer):
    person = person_field()
    reason = serializers.CharField(allow_blank=True)


class CaseDecideInput(CaseStepInput):
    measures = serializers.ListField(child=choice_field(CaseMeasure), allow_empty=True)
    basis = serializers.CharField(required=False, allow_blank=True, default="")
    amount_recovered = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )


class CaseCloseInput(CaseStepInput):
    amount_recovered = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )


class CaseExtendExecutionInput(serializers.Serializer):
    person = person_field()
    months = serializers.IntegerField(min_value=1, max_value=12)
    reason = serializers.CharField(allow_blank=True)
    approval_ref = serializers.CharField(required=False, allow_blank=True, default="")


class CaseAppealInput(CaseReasonStepInput):
    kind = choice_field(AppealKind)


class CaseAppealDecideInput(CaseReasonStepInput):
    upheld = serializers.BooleanField()
    measures = serializers.ListField(child=choice_field(CaseMeasure), required=False, default=list)


class CaseDetainInput(CaseStepInput):
    place = serializers.CharField(required=False, allow_blank=True, default="")
    approval_ref = serializers.CharField(required=False, allow_blank=True, default="")


class CaseDetentionExtendInput(serializers.Serializer):
    person = person_field()
    approval_ref = serializers.CharField(allow_blank=True)


class CaseDocumentGenerateInput(serializers.Serializer):
    kind = choice_field(DocumentKindChoice)
    person = person_field(required=False, allow_null=True, default=None)
    doc_number = serializers.CharField(required=False, allow_blank=True, default="")


class CaseDocumentUploadInput(CaseDocumentGenerateInput):
    file = serializers.FileField()
    signed = serializers.BooleanField(required=False, default=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --- the viewset -------------------------------------------------------------------------

H, R, A = "cases.handle", "cases.review", "cases.approve"
PERSON_STEPS: dict[str, tuple[Any, type[serializers.Serializer], str, str]] = {
    "start_investigation": (
        services.case_start_investigation,
        CaseStepInput,
        H,
        "宣布立案，开展审查调查（须已签发立案决定书）。",
    ),
    "refer_review": (
        services.case_refer_review,
        CaseStepInput,
        H,
        "移送审理（须已签发审查调查报告）。",
    ),
    "accept_review": (
        services.case_accept_review,
        CaseStepInput,
        R,
        "审理室受理（审查调查人员不得参与审理）。",
    ),
    "return_supplementary": (
        services.case_return_supplementary,
        CaseReasonStepInput,
        R,
        "退回补充调查（审理期限暂停计算）。",
    ),
    "resubmit": (services.case_resubmit, CaseStepInput, H, "补充调查完毕，重新移送审理。"),
    "return_reinvestigate": (
        services.case_return_reinvestigate,
        CaseReasonStepInput,
        R,
        "退回重新调查（审理期限重新计算）。",
    ),
    "extend_review": (
        services.case_extend_review,
        CaseExtendReviewInput,
        A,
        "延长审理期限（经批准）。",
    ),
    "refer_prosecution": (
        services.case_refer_prosecution,
        CaseStepInput,
        R,
        "移送检察机关（须已签发审理报告、起诉意见书）。",
    ),
    "prosecution_return": (
        services.case_prosecution_return,
        CaseStepInput,
        H,
        "检察机关退回补充调查（以二次为限）。",
    ),
    "prosecution_resubmit": (
        services.case_prosecution_resubmit,
        CaseStepInput,
        H,
        "补充调查完毕，重新移送检察机关。",
    ),
    "decide": (
        services.case_decide,
        CaseDecideInput,
        R,
        "作出处理决定（处分措施；四种形态和影响期由系统推导）。",
    ),
    "serve": (services.case_serve, CaseStepInput, H, "宣布送达（须已签发相应处分决定书）。"),
    "extend_execution": (
        services.case_extend_execution,
        CaseExtendExecutionInput,
        A,
        "延长执行期限（最长六个月）。",
    ),
    "close": (services.case_close, CaseCloseInput, H, "执行完毕，结案（须已签发执行情况报告）。"),
    "revoke": (
        services.case_revoke,
        CaseReasonStepInput,
        A,
        "撤销案件（须已签发撤销案件决定书）。",
    ),
    "appeal": (services.case_appeal, CaseAppealInput, R, "受理申诉、复审或复核。"),
    "appeal_decide": (
        services.case_appeal_decide,
        CaseAppealDecideInput,
        R,
        "作出申诉（复审复核）决定。",
    ),
    "detain": (
        services.detention_start,
        CaseDetainInput,
        A,
        "采取留置措施（三个月，不因节假日顺延）。",
    ),
    "extend_detention": (None, CaseDetentionExtendInput, A, "延长留置时间（一次，不超过三个月）。"),
}
ACTION_CAPABILITIES: dict[str, str] = {
    "list": "cases.view",
    "retrieve": "cases.view",
    "create": H,
    "decide_filing": A,
    "generate_document": "cases.view",
    "upload_document": "cases.view",
    **{name: spec[2] for name, spec in PERSON_STEPS.items()},
}


def case_detail_data(case: Case, *, user: Any) -> dict:
    case = (
        Case.objects.select_related("lead_unit", "leader", "clue")
        .prefetch_related("co_units", "approvals__proposed_by", "approvals__approver")
        .get(pk=case.pk)
    )
    return CaseDetailSerializer(case, context={"user": user}).data


def _person_step(name: str):
    service, input_class, _cap, doc = PERSON_STEPS[name]

    def step(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        data = self._input(input_class)
        person = data.pop("person")
        if person.case_id != case.pk:
            raise NotFound()
        person.case = case
        if name == "extend_detention":
            detention = person.detentions.filter(released_on__isnull=True).first()
            if detention is None:
                raise NotFound("该人员没有正在执行的留置")
            services.detention_extend(actor=request.user, detention=detention, **data)
        else:
            service(actor=request.user, person=person, **data)
        return Response(case_detail_data(case, user=request.user))

    step.__name__ = name
    step.__doc__ = doc
    return extend_schema(request=input_class, responses=with_errors(CaseDetailSerializer))(
        action(detail=True, methods=["post"])(step)
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
        return ACTION_CAPABILITIES.get(self.action or "", "cases.view")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return selectors.case_list(user=self.request.user)

    def get_object(self) -> Case:
        return selectors.case_get_for(user=self.request.user, pk=self.kwargs["pk"])

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

    @extend_schema(request=CaseFilingInput, responses=with_errors(CaseDetailSerializer))
    @action(detail=True, methods=["post"])
    def decide_filing(self, request: Request, pk: str | None = None) -> Response:
        """委领导批准或不予批准立案（《监督执纪工作规则》第三十八条）。"""
        case = self.get_object()
        services.case_decide_filing(actor=request.user, case=case, **self._input(CaseFilingInput))
        return Response(case_detail_data(case, user=request.user))

    def _person(self, case: Case, person: CasePerson | None) -> CasePerson | None:
        if person is not None and person.case_id != case.pk:
            raise NotFound()
        return person

    @extend_schema(
        request=CaseDocumentGenerateInput, responses=with_errors(CaseDocumentVersionSerializer, 201)
    )
    @action(detail=True, methods=["post"], url_path="documents/generate")
    def generate_document(self, request: Request, pk: str | None = None) -> Response:
        """按公文格式生成文书草稿（Word），作为新版本保存。"""
        case = self.get_object()
        data = self._input(CaseDocumentGenerateInput)
        version = services.document_generate(
            actor=request.user,
            case=case,
            kind=data["kind"],
            person=self._person(case, data["person"]),
            doc_number=data["doc_number"],
        )
        return Response(CaseDocumentVersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": CaseDocumentUploadInput},
        responses=with_errors(CaseDocumentVersionSerializer, 201),
    )
    @action(detail=True, methods=["post"], url_path="documents/upload")
    def upload_document(self, request: Request, pk: str | None = None) -> Response:
        """上传文书（签署件）；每一版本都保存。"""
        case = self.get_object()
        data = self._input(CaseDocumentUploadInput)
        upload = data["file"]
        version = services.document_upload(
            actor=request.user,
            case=case,
            kind=data["kind"],
            person=self._person(case, data["person"]),
            content=upload.read(),
            filename=upload.name,
            signed=data["signed"],
            note=data["note"],
        )
        return Response(CaseDocumentVersionSerializer(version).data, status=status.HTTP_201_CREATED)

    start_investigation = _person_step("start_investigation")
    refer_review = _person_step("refer_review")
    accept_review = _person_step("accept_review")
    return_supplementary = _person_step("return_supplementary")
    resubmit = _person_step("resubmit")
    return_reinvestigate = _person_step("return_reinvestigate")
    extend_review = _person_step("extend_review")
    refer_prosecution = _person_step("refer_prosecution")
    prosecution_return = _person_step("prosecution_return")
    prosecution_resubmit = _person_step("prosecution_resubmit")
    decide = _person_step("decide")
    serve = _person_step("serve")
    extend_execution = _person_step("extend_execution")
    close = _person_step("close")
    revoke = _person_step("revoke")
    appeal = _person_step("appeal")
    appeal_decide = _person_step("appeal_decide")
    detain = _person_step("detain")
    extend_detention = _person_step("extend_detention")
