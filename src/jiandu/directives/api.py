"""Deployed-task API: documents (upload as text, read the tree, publish) and tasks
(read, edit, report progress, send back, close), one POST action per step, each
calling its service. What the user may not see answers 404.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.core.api import (
    STALE_RESPONSE,
    ScopedPrimaryKeyRelatedField,
    choice_field,
    submitted_version,
    with_errors,
)
from jiandu.core.errors import NotFound
from jiandu.core.permissions import CapabilityPermission
from jiandu.directives import selectors, services, steps
from jiandu.directives.filters import DocumentFilter, TaskFilter
from jiandu.directives.models import (
    DirectiveDocument,
    DocumentKind,
    DocumentStatus,
    Task,
    TaskStatus,
)
from jiandu.org.models import Unit


class DirectiveOwnerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="unit.id")
    name = serializers.CharField(source="unit.name")


class DirectiveTaskSerializer(serializers.ModelSerializer):
    status = choice_field(TaskStatus, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    owners = DirectiveOwnerSerializer(source="ownerships", many=True, read_only=True)
    version = serializers.SerializerMethodField(
        help_text="版本号：修改任务时原样提交（version 字段或 If-Match 请求头）"
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "version",
            "document",
            "parent",
            "path",
            "citation",
            "title",
            "source_text",
            "source_start",
            "source_end",
            "is_task",
            "extracted_kind",
            "suggested_owners",
            "owners",
            "due_date",
            "due_phrase",
            "status",
            "status_display",
            "progress",
            "closed_at",
            "close_note",
        ]
        read_only_fields = fields

    def get_version(self, obj: Task) -> str:
        return services.task_version(obj)


class DirectiveDocumentSerializer(serializers.ModelSerializer):
    kind = choice_field(DocumentKind, read_only=True)
    status = choice_field(DocumentStatus, read_only=True)
    issuer_unit_name = serializers.CharField(source="issuer_unit.name", read_only=True)
    task_count = serializers.IntegerField(read_only=True, help_text="已交办的任务数")
    closed_count = serializers.IntegerField(read_only=True, help_text="已销号的任务数")
    overdue_count = serializers.IntegerField(read_only=True, help_text="超期未完成的任务数")

    class Meta:
        model = DirectiveDocument
        fields = [
            "id",
            "title",
            "kind",
            "document_date",
            "issuer_unit",
            "issuer_unit_name",
            "status",
            "published_at",
            "task_count",
            "closed_count",
            "overdue_count",
        ]
        read_only_fields = fields


class DirectiveDocumentDetailSerializer(DirectiveDocumentSerializer):
    tasks = serializers.SerializerMethodField()

    class Meta(DirectiveDocumentSerializer.Meta):
        fields = [*DirectiveDocumentSerializer.Meta.fields, "text", "tasks"]
        read_only_fields = fields

    @extend_schema(responses=DirectiveTaskSerializer(many=True))
    def get_tasks(self, obj: DirectiveDocument) -> list[dict]:
        user = self.context["request"].user
        return DirectiveTaskSerializer(
            selectors.document_tasks(user=user, document=obj), many=True
        ).data


class DirectiveUploadInput(serializers.Serializer):
    text = serializers.CharField(help_text="文件全文（讲话、会议纪要或工作方案）")
    title = serializers.CharField(required=False, allow_blank=True, default="")
    kind = choice_field(DocumentKind, required=False, default=DocumentKind.SPEECH)
    document_date = serializers.DateField()


class DirectiveTaskEditInput(serializers.Serializer):
    title = serializers.CharField(required=False)
    is_task = serializers.BooleanField(required=False, allow_null=True, default=None)
    owners = ScopedPrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), many=True, required=False
    )
    due_date = serializers.DateField(required=False, allow_null=True)
    version = serializers.CharField(
        required=False, max_length=64, help_text="读取任务时返回的版本号（或用 If-Match 请求头）"
    )


def _input(request: Request, cls: type[serializers.Serializer]) -> dict[str, Any]:
    serializer = cls(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class DirectiveDocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [CapabilityPermission]
    filterset_class = DocumentFilter

    @property
    def capability(self) -> str:
        return "directives.issue" if self.action in ("upload", "publish") else "directives.view"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DirectiveDocument.objects.none()
        return selectors.document_list(user=self.request.user)  # DocumentFilter filters

    def get_object(self) -> DirectiveDocument:
        try:
            return selectors.document_list(user=self.request.user).get(pk=self.kwargs["pk"])
        except (DirectiveDocument.DoesNotExist, ValueError):
            raise NotFound() from None

    def get_serializer_class(self):
        return (
            DirectiveDocumentDetailSerializer
            if self.action == "retrieve"
            else DirectiveDocumentSerializer
        )

    @extend_schema(
        request=DirectiveUploadInput, responses=with_errors(DirectiveDocumentDetailSerializer, 201)
    )
    @action(detail=False, methods=["post"])
    def upload(self, request: Request) -> Response:
        """上传部署文件（全文），识别任务树，保存为待发布。"""
        data = _input(request, DirectiveUploadInput)
        document = services.document_upload(actor=request.user, **data)
        document = selectors.document_list(user=request.user).get(pk=document.pk)
        body = DirectiveDocumentDetailSerializer(document, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=with_errors(DirectiveDocumentDetailSerializer))
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """发布交办已指定责任单位的任务。"""
        document = self.get_object()
        services.document_publish(actor=request.user, document=document)
        document = self.get_object()
        return Response(
            DirectiveDocumentDetailSerializer(document, context={"request": request}).data
        )


def _task_answer(view: Any, task: Task, result: Any) -> Response:
    return view._done(task)


# The capability each action needs (the services check it again); the steps' come from
# the one list in ``steps``.
TASK_CAPABILITIES: dict[str, str] = steps.WORKFLOW.capabilities({"edit": "directives.issue"})


@steps.WORKFLOW.api(response=DirectiveTaskSerializer, respond=_task_answer)
class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [CapabilityPermission]
    filterset_class = TaskFilter
    serializer_class = DirectiveTaskSerializer

    @property
    def capability(self) -> str:
        return TASK_CAPABILITIES.get(self.action or "", "directives.view")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Task.objects.none()
        return selectors.task_list(user=self.request.user)  # TaskFilter applies the filters

    def get_object(self) -> Task:
        return selectors.task_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def _done(self, task: Task) -> Response:
        data = DirectiveTaskSerializer(self.get_object()).data
        return Response(data, headers={"ETag": f'"{data["version"]}"'})

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._done(self.get_object())

    @extend_schema(
        request=DirectiveTaskEditInput,
        responses=with_errors(DirectiveTaskSerializer) | STALE_RESPONSE,
    )
    @action(detail=True, methods=["post"])
    def edit(self, request: Request, pk: str | None = None) -> Response:
        """修改任务：表述、是否列为督办任务、责任单位、完成时限。须提交读取时的版本号
        （version 字段或 If-Match 请求头）；他人已修改时返回409。"""
        task = self.get_object()
        data = _input(request, DirectiveTaskEditInput)
        if "due_date" not in data:
            data["due_date"] = False
        version = submitted_version(request, data)
        services.task_edit(actor=request.user, task=task, version=version, **data)
        return self._done(task)
