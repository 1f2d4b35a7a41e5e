"""Cross-check API: the rules with their precision, dataset versions (read and upload),
runs (read and start) and hits (read, and one POST action per triage step), scoped
exactly as the pages are. Each step calls its service, which checks the capability, the
scope and the state machine again."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.core.api import ScopedPkField, ScopedRefField, choice_field, with_errors
from jiandu.core.permissions import CapabilityPermission
from jiandu.crosscheck import selectors, services, steps
from jiandu.crosscheck.filters import HitFilter
from jiandu.crosscheck.models import (
    DatasetImport,
    DatasetVersion,
    Engine,
    Hit,
    HitStatus,
    Run,
    RunStatus,
    Severity,
)

# --- output ------------------------------------------------------------------------------


class PrecisionSerializer(serializers.Serializer):
    hits = serializers.IntegerField()
    pending = serializers.IntegerField(help_text="待研判")
    confirmed = serializers.IntegerField(help_text="已转线索")
    dismissed = serializers.IntegerField(help_text="已排除")
    substantiated = serializers.IntegerField(
        help_text="线索查实（属实、部分属实、第一种形态、拟立案）"
    )
    unfounded = serializers.IntegerField(help_text="线索查否（失实、无法查实、直接了结）")
    triage = serializers.FloatField(allow_null=True, help_text="研判准确率：转线索 ÷ 已研判")
    outcome = serializers.FloatField(allow_null=True, help_text="核实准确率：查实 ÷ 已办结")
    overall = serializers.FloatField(allow_null=True, help_text="综合：查实 ÷（查实+查否+排除）")


class RuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    meaning = serializers.CharField()
    datasets = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    key = serializers.ListField(child=serializers.CharField())
    severity = choice_field(Severity)
    source = serializers.CharField()
    name_fallback = serializers.BooleanField()
    version = serializers.CharField()
    precision = PrecisionSerializer()


def _rule_data(row: dict[str, Any]) -> dict[str, Any]:
    rule, p = row["rule"], row["precision"]
    return {
        "code": rule.code,
        "name": rule.name,
        "meaning": rule.meaning,
        "datasets": {k: list(v) for k, v in rule.datasets.items()},
        "key": list(rule.key),
        "severity": rule.severity,
        "source": rule.source,
        "name_fallback": rule.name_fallback,
        "version": rule.version,
        "precision": {
            "hits": p.hits,
            "pending": p.pending,
            "confirmed": p.confirmed,
            "dismissed": p.dismissed,
            "substantiated": p.substantiated,
            "unfounded": p.unfounded,
            "triage": p.triage,
            "outcome": p.outcome,
            "overall": p.overall,
        },
    }


class RejectionSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="原文件中的行号")
    column = serializers.CharField()
    value = serializers.CharField()
    reason = serializers.CharField()


class DatasetVersionSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    imported_by_name = serializers.SerializerMethodField()
    rejections = RejectionSerializer(many=True, read_only=True)

    class Meta:
        model = DatasetVersion
        fields = [
            "id",
            "dataset_type",
            "label",
            "version",
            "internal",
            "source_name",
            "source_sha256",
            "rows_total",
            "rows_accepted",
            "rows_rejected",
            "header_mapping",
            "rejections",
            "imported_by_name",
            "imported_at",
        ]

    def get_imported_by_name(self, version: DatasetVersion) -> str:
        return str(version.imported_by) if version.imported_by_id else "系统"


class DatasetImportSerializer(serializers.ModelSerializer):
    status = choice_field(RunStatus, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    label = serializers.CharField(read_only=True)
    rejections = RejectionSerializer(many=True, read_only=True)

    class Meta:
        model = DatasetImport
        fields = [
            "id",
            "dataset_type",
            "label",
            "source_name",
            "status",
            "status_display",
            "rows_read",
            "progress_note",
            "error",
            "rejections",
            "version",
            "created_at",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "cancel_requested_at",
        ]


class RunSerializer(serializers.ModelSerializer):
    engine = choice_field(Engine, read_only=True)
    status = choice_field(RunStatus, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    dataset_versions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Run
        fields = [
            "id",
            "engine",
            "rule_codes",
            "rule_versions",
            "status",
            "status_display",
            "percent",
            "progress_done",
            "progress_total",
            "progress_note",
            "hits_total",
            "hits_new",
            "skipped",
            "error",
            "dataset_versions",
            "created_at",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "cancel_requested_at",
        ]


class EvidenceSerializer(serializers.Serializer):
    dataset = serializers.CharField()
    row = serializers.IntegerField(allow_null=True)
    values = serializers.DictField()


class HitListSerializer(serializers.ModelSerializer):
    status = choice_field(HitStatus, read_only=True)
    severity = choice_field(Severity, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    subject_unit_name_matched = serializers.SerializerMethodField()
    # Cross-references pass through the viewer's scope (jiandu.core.scoping).
    subject_cadre = ScopedPkField()
    clue = ScopedPkField()
    clue_number = ScopedRefField(source="clue", help_text="转成的问题线索编号（无权查看时为空）")

    class Meta:
        model = Hit
        fields = [
            "id",
            "rule_code",
            "rule_version",
            "identity",
            "severity",
            "summary",
            "confidence",
            "amount",
            "subject_name",
            "subject_citizen_id",
            "subject_unit_name",
            "subject_unit",
            "subject_unit_name_matched",
            "subject_cadre",
            "status",
            "status_display",
            "reason",
            "clue",
            "clue_number",
            "first_run",
            "last_run",
        ]

    def get_subject_unit_name_matched(self, hit: Hit) -> str:
        return hit.subject_unit.name if hit.subject_unit_id else ""


class HitDetailSerializer(HitListSerializer):
    evidence = serializers.SerializerMethodField()
    dataset_versions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(HitListSerializer.Meta):
        fields = [*HitListSerializer.Meta.fields, "evidence", "dataset_versions", "decided_at"]

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, hit: Hit) -> list[dict]:
        return hit.evidence


# --- input -------------------------------------------------------------------------------


class DatasetUploadInput(serializers.Serializer):
    dataset_type = serializers.CharField(help_text="数据类型代码，如 payments")
    file = serializers.FileField(help_text=".csv、.xlsx 或 .parquet")
    mapping = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        default=dict,
        help_text="标准列 → 文件中的表头（表头不是常用中文列名时）",
    )


class RunStartInput(serializers.Serializer):
    rule_codes = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="空表示全部规则"
    )
    engine = choice_field(Engine, required=False, default=Engine.DUCKDB)


# --- viewsets ----------------------------------------------------------------------------


class RuleViewSet(viewsets.ViewSet):
    """比对规则及其准确率（按当前用户可见的疑点计算）。"""

    permission_classes = [CapabilityPermission]
    capability = "crosscheck.view"

    @extend_schema(responses=with_errors(RuleSerializer(many=True)))
    def list(self, request: Request) -> Response:
        rows = selectors.rule_overview(user=request.user)
        return Response(RuleSerializer([_rule_data(r) for r in rows], many=True).data)


class DatasetVersionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [CapabilityPermission]
    capability = "crosscheck.import"
    serializer_class = DatasetVersionSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DatasetVersion.objects.none()
        return selectors.dataset_list(user=self.request.user)

    def get_object(self) -> DatasetVersion:
        return selectors.dataset_get_for(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(
        request={"multipart/form-data": DatasetUploadInput},
        responses=with_errors(DatasetImportSerializer, 202),
    )
    def create(self, request: Request) -> Response:
        """上传数据文件：由后台任务逐批导入为该类型的新版本；返回导入任务，用
        GET /api/crosscheck/imports/{id}/ 查看进度和结果（版本或拒收行）。"""
        serializer = DatasetUploadInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        job = services.dataset_upload(
            actor=request.user,
            dataset_type=data["dataset_type"],
            upload=data["file"],
            mapping=data.get("mapping") or None,
        )
        job = selectors.import_get_for(user=request.user, pk=job.pk)
        return Response(DatasetImportSerializer(job).data, status=status.HTTP_202_ACCEPTED)


@steps.IMPORT.api(
    response=DatasetImportSerializer,
    respond=lambda view, job, result: Response(DatasetImportSerializer(result).data),
)
class DatasetImportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """数据文件的后台导入任务：进度、结果，可取消。"""

    permission_classes = [CapabilityPermission]
    capability = "crosscheck.import"
    serializer_class = DatasetImportSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DatasetImport.objects.none()
        return selectors.import_list(user=self.request.user)

    def get_object(self) -> DatasetImport:
        return selectors.import_get_for(user=self.request.user, pk=self.kwargs["pk"])


@steps.RUN.api(
    response=RunSerializer,
    respond=lambda view, run, result: Response(RunSerializer(result).data),
)
class RunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [CapabilityPermission]
    capability = "crosscheck.run"
    serializer_class = RunSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Run.objects.none()
        return selectors.run_list(user=self.request.user).prefetch_related("dataset_versions")

    def get_object(self) -> Run:
        return selectors.run_get_for(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=RunStartInput, responses=with_errors(RunSerializer, 201))
    def create(self, request: Request) -> Response:
        """发起比对（后台任务执行；用 GET 查看进度）。"""
        serializer = RunStartInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = services.run_start(actor=request.user, **serializer.validated_data)
        return Response(RunSerializer(run).data, status=status.HTTP_201_CREATED)


def _hit_data(view: Any, hit: Hit, result: Any) -> Response:
    user = view.request.user
    fresh = selectors.hit_get_for(user=user, pk=hit.pk)
    return Response(HitDetailSerializer(fresh, context={"user": user}).data)


HIT_CAPABILITIES = steps.HIT.capabilities()


@steps.HIT.api(response=HitDetailSerializer, respond=_hit_data)
class HitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [CapabilityPermission]
    filterset_class = HitFilter

    @property
    def capability(self) -> str:
        return HIT_CAPABILITIES.get(self.action or "", "crosscheck.view")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Hit.objects.none()
        return selectors.hit_list(user=self.request.user)

    def get_object(self) -> Hit:
        return selectors.hit_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_class(self):
        return HitListSerializer if self.action == "list" else HitDetailSerializer
