"""Early-alert API: list and read the alerts the user may see (scoped as the pages),
and one POST action per handling step (``alert_steps.ALERT``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.core.api import ScopedPkField, choice_field, with_errors
from jiandu.core.permissions import CapabilityPermission
from jiandu.integrity import alert_selectors as selectors
from jiandu.integrity import alert_steps as steps
from jiandu.integrity.alert_filters import AlertFilter
from jiandu.integrity.models import Alert, AlertKind, AlertStatus


class AlertEvidenceSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="记录类别：post、report、hit、company …")
    visible = serializers.BooleanField(help_text="当前用户可否查看该记录")
    id = serializers.IntegerField(required=False, help_text="记录编号（无权查看时无）")
    number = serializers.CharField(help_text="记录编号或名称（无权查看时为“（无权查看）”）")
    label = serializers.CharField(required=False)
    url = serializers.CharField(required=False)


class AlertSerializer(serializers.ModelSerializer):
    kind = choice_field(AlertKind, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status = choice_field(AlertStatus, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    cadre = ScopedPkField()
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit_name = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = [
            "id",
            "kind",
            "kind_display",
            "key",
            "cadre",
            "cadre_name",
            "unit",
            "unit_name",
            "reason",
            "raised_on",
            "status",
            "status_display",
            "handled_on",
            "handling_note",
        ]

    def get_unit_name(self, alert: Alert) -> str:
        return alert.unit.name if alert.unit_id else ""


class AlertDetailSerializer(AlertSerializer):
    evidence = serializers.SerializerMethodField()

    class Meta(AlertSerializer.Meta):
        fields = [*AlertSerializer.Meta.fields, "evidence"]

    @extend_schema_field(AlertEvidenceSerializer(many=True))
    def get_evidence(self, alert: Alert) -> list[dict[str, Any]]:
        user = self.context.get("user") or getattr(self.context.get("request"), "user", None)
        return selectors.evidence_for(user=user, alert=alert)


class KindPrecisionSerializer(serializers.Serializer):
    kind = choice_field(AlertKind)
    label = serializers.CharField()
    open = serializers.IntegerField(help_text="待处理")
    talked = serializers.IntegerField(help_text="谈话提醒")
    focus = serializers.IntegerField(help_text="纳入监督重点")
    dismissed = serializers.IntegerField(help_text="排除")
    handled = serializers.IntegerField()
    acted = serializers.IntegerField(help_text="谈话提醒 + 纳入监督重点")
    share = serializers.FloatField(allow_null=True, help_text="准确率：acted ÷ handled")


def _alert_data(view: Any, alert: Alert, result: Any) -> Response:
    user = view.request.user
    fresh = selectors.alert_get_for(user=user, pk=alert.pk)
    return Response(AlertDetailSerializer(fresh, context={"user": user}).data)


ALERT_CAPABILITIES = steps.ALERT.capabilities()


@steps.ALERT.api(response=AlertDetailSerializer, respond=_alert_data)
class AlertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """廉政风险提示：按干部现任职务所在单位限定可见范围；处理步骤与页面相同。"""

    permission_classes = [CapabilityPermission]
    filterset_class = AlertFilter

    @property
    def capability(self) -> str:
        return ALERT_CAPABILITIES.get(self.action or "", "alerts.view")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Alert.objects.none()
        return selectors.alert_list(user=self.request.user)

    def get_object(self) -> Alert:
        return selectors.alert_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_class(self):
        return AlertSerializer if self.action == "list" else AlertDetailSerializer

    @extend_schema(responses=with_errors(KindPrecisionSerializer(many=True)))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def precision(self, request: Request) -> Response:
        """各类提示的处理情况与准确率（按当前用户可见的提示计算）。"""
        rows = [
            {"kind": r["kind"], "label": r["label"], **r["precision"].as_dict()}
            for r in selectors.precision_by_kind(user=request.user)
        ]
        return Response(KindPrecisionSerializer(rows, many=True).data)
