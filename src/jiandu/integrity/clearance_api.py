"""Clearance requests in the API (``/api/clearance/requests/``), scoped like the pages:
list, read and submit (the people as JSON, or ``batch``: an Excel file of the people,
refused with each wrong row), one action per step (``clearance_steps``), the reply
(``reply``: for the asking body only once approved — the reply as sent) and the letter.
Errors have the one shape ``{"message", "fields"}``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.core.api import choice_field, with_errors
from jiandu.core.downloads import docx_response
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.permissions import CapabilityPermission
from jiandu.integrity import clearance_documents, clearance_imports, clearance_services
from jiandu.integrity import clearance_selectors as sel
from jiandu.integrity.clearance_filters import ClearanceFilter
from jiandu.integrity.clearance_steps import WORKFLOW
from jiandu.integrity.models import (
    ClearancePerson,
    ClearancePurpose,
    ClearanceRequest,
    ClearanceStatus,
)
from jiandu.integrity.rules import Answer


class FactSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField(allow_null=True)
    number = serializers.CharField()
    label = serializers.CharField()
    url = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    open = serializers.BooleanField()


class PersonSerializer(serializers.Serializer):
    """One person; the proposal, the facts and who changed what only for the commission;
    the answer for the asking body only once the reply is approved."""

    id = serializers.IntegerField()
    row = serializers.IntegerField()
    name = serializers.CharField()
    unit_text = serializers.CharField()
    citizen_id = serializers.CharField(required=False)
    cadre = serializers.IntegerField(required=False)
    answer = choice_field(Answer, blank=True, required=False)
    answer_display = serializers.CharField(required=False)
    answer_text = serializers.CharField(required=False)
    proposed_answer = choice_field(Answer, blank=True, required=False)
    changed_reason = serializers.CharField(required=False)
    facts = FactSerializer(many=True, required=False)


def person_data(p: ClearancePerson, *, commission: bool, reply: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"id": p.pk, "row": p.row, "name": p.name, "unit_text": p.unit_text}
    if commission:
        data.update(
            citizen_id=p.citizen_id,
            cadre=p.cadre_id,
            proposed_answer=p.proposed_answer,
            changed_reason=p.changed_reason,
            facts=p.facts,
        )
    if commission or reply:
        data.update(
            answer=p.answer, answer_display=p.get_answer_display(), answer_text=p.answer_text
        )
    return data


class ClearanceSerializer(serializers.ModelSerializer):
    purpose = choice_field(ClearancePurpose, read_only=True)
    purpose_display = serializers.CharField(source="get_purpose_display", read_only=True)
    status = choice_field(ClearanceStatus, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    people_count = serializers.SerializerMethodField()
    days_to_reply = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    reply_visible = serializers.SerializerMethodField()
    people = serializers.SerializerMethodField()

    class Meta:
        model = ClearanceRequest
        fields = [
            "id",
            "number",
            "asking_body",
            "purpose",
            "purpose_display",
            "purpose_note",
            "received_on",
            "due_on",
            "status",
            "status_display",
            "target_date",
            "approved_on",
            "issued_on",
            "reply_number",
            "people_count",
            "days_to_reply",
            "overdue",
            "reply_visible",
            "people",
        ]

    def _user(self) -> Any:
        return self.context["request"].user

    def to_representation(self, obj: ClearanceRequest) -> dict[str, Any]:
        data = super().to_representation(obj)
        user = self._user()
        if not sel.is_commission(user) and not sel.reply_visible(user, obj):
            # The day the answers read the record on is the commission's working detail
            # until the reply is approved (the page hides it as well).
            data["target_date"] = None
        return data

    def get_people_count(self, obj: ClearanceRequest) -> int:
        count = getattr(obj, "people_count", None)
        return count if count is not None else obj.people.count()

    def get_days_to_reply(self, obj: ClearanceRequest) -> int | None:
        return sel.days_to_reply(obj)

    def get_overdue(self, obj: ClearanceRequest) -> bool:
        return sel.is_overdue(obj)

    def get_reply_visible(self, obj: ClearanceRequest) -> bool:
        return sel.reply_visible(self._user(), obj)

    @extend_schema_field(PersonSerializer(many=True))
    def get_people(self, obj: ClearanceRequest) -> list[dict[str, Any]]:
        if self.context.get("list"):
            return []
        user = self._user()
        commission = sel.is_commission(user)
        reply = sel.reply_visible(user, obj)
        return [person_data(p, commission=commission, reply=reply) for p in sel.people_of(obj)]


class PersonInput(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    citizen_id = serializers.CharField(max_length=20)
    unit_text = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ClearanceCreateInput(serializers.Serializer):
    purpose = choice_field(ClearancePurpose)
    purpose_note = serializers.CharField(required=False, allow_blank=True, default="")
    asking_body = serializers.CharField(required=False, allow_blank=True, default="")
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    people = PersonInput(many=True)


class ClearanceBatchInput(serializers.Serializer):
    purpose = choice_field(ClearancePurpose)
    purpose_note = serializers.CharField(required=False, allow_blank=True, default="")
    asking_body = serializers.CharField(required=False, allow_blank=True, default="")
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    file = serializers.FileField(help_text="人员名单Excel（姓名、身份证号、单位职务）")


def _answer(view: Any, obj: ClearanceRequest, result: Any) -> Response:
    fresh = sel.clearance_get_for(user=view.request.user, pk=obj.pk)
    return Response(view.get_serializer(fresh).data)


CAPABILITIES = WORKFLOW.capabilities(
    {
        "list": "clearance.view",
        "retrieve": "clearance.view",
        "create": "clearance.request",
        "batch": "clearance.request",
        "reply": "clearance.view",
        "letter": "clearance.view",
    }
)


@WORKFLOW.api(response=ClearanceSerializer, respond=_answer)
class ClearanceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [CapabilityPermission]
    serializer_class = ClearanceSerializer
    filterset_class = ClearanceFilter

    @property
    def capability(self) -> str:
        return CAPABILITIES.get(self.action or "", "clearance.view")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return ClearanceRequest.objects.none()
        return sel.clearance_list(user=self.request.user)

    def get_object(self) -> ClearanceRequest:
        return sel.clearance_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["list"] = self.action == "list"
        return context

    @extend_schema(request=ClearanceCreateInput, responses=with_errors(ClearanceSerializer, 201))
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """组织部门提交征求意见（人员名单，每人须与干部名册相符）。"""
        serializer = ClearanceCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        people = [dict(p) for p in data.pop("people")]
        clearance = clearance_services.clearance_request_submit(
            actor=request.user, people=people, **data
        )
        return Response(
            self.get_serializer(sel.clearance_get_for(user=request.user, pk=clearance.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request={"multipart/form-data": ClearanceBatchInput},
        responses=with_errors(ClearanceSerializer, 201),
    )
    @action(detail=False, methods=["post"])
    def batch(self, request: Request) -> Response:
        """组织部门上传人员名单Excel批量征求意见；有错误的行逐行列出，整批不提交。"""
        serializer = ClearanceBatchInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        file = data.pop("file")
        result, clearance = clearance_imports.import_people(actor=request.user, file=file, **data)
        if clearance is None:
            lines = [
                f"第{e.row}行 {e.column}：{e.message}" if e.row else e.message
                for e in result.errors
            ]
            raise DomainError(
                f"名单有{len(lines)}处错误，未提交：{lines[0] if lines else ''}",
                fields={"file": lines},
            )
        return Response(
            self.get_serializer(sel.clearance_get_for(user=request.user, pk=clearance.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses=with_errors(ClearanceSerializer))
    @action(detail=True, methods=["get"])
    def reply(self, request: Request, pk: str | None = None) -> Response:
        """回复意见：组织部门只能在审批定稿后读取（即所发出的回复）。"""
        clearance = self.get_object()
        if not sel.reply_visible(request.user, clearance):
            raise NotFound()
        return Response(self.get_serializer(clearance).data)

    @extend_schema(
        responses={
            (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"): (
                OpenApiTypes.BINARY
            ),
            404: OpenApiResponse(description="不存在、无权查看或尚未出具回复函"),
        }
    )
    @action(detail=True, methods=["get"])
    def letter(self, request: Request, pk: str | None = None) -> Any:
        """回复函（Word，GB/T 9704 版式），出具后可下载。"""
        clearance = self.get_object()
        if not clearance.reply_number:
            raise NotFound()
        content = clearance_documents.render_letter(sel.letter_context(clearance))
        return docx_response(content, f"意见回复函-{clearance.number}.docx")
