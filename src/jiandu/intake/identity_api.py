"""Identity-access requests in the API: create (a written reason), approve or refuse
(a leader or the 信访室 head, never the requester), withdraw, and the one read an
approval allows (in the response only, never stored, the session OTP-verified)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from jiandu.core.api import ScopedPrimaryKeyRelatedField, choice_field, with_errors
from jiandu.core.permissions import CapabilityPermission
from jiandu.intake import identity_selectors, identity_services, identity_steps
from jiandu.intake.models import IdentityAccessRequest, IdentityRequestStatus, Report


class IdentityRequestSerializer(serializers.ModelSerializer):
    status = choice_field(IdentityRequestStatus, read_only=True)
    report_number = serializers.CharField(source="report.number", read_only=True)
    requester = serializers.CharField(source="requester.__str__", read_only=True)
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = IdentityAccessRequest
        fields = [
            "id",
            "report",
            "report_number",
            "requester",
            "reason",
            "status",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "expires_at",
            "read_at",
        ]

    def get_decided_by(self, obj: IdentityAccessRequest) -> str:
        return str(obj.decided_by) if obj.decided_by_id else ""


class IdentityRequestCreateInput(serializers.Serializer):
    report = ScopedPrimaryKeyRelatedField(queryset=Report.objects.all(), help_text="信访件 id")
    reason = serializers.CharField(help_text="查阅理由（至少10个字）")


# The capability each action needs (the services check it again); the steps' come from
# the one list in ``identity_steps``.
CAPABILITIES: dict[str, str] = identity_steps.WORKFLOW.capabilities(
    {"list": "reports.view", "retrieve": "reports.view", "create": "reports.identity_request"}
)


def _answer(view: Any, obj: IdentityAccessRequest, result: Any) -> Response:
    return view._out(result)


@identity_steps.WORKFLOW.api(response=IdentityRequestSerializer, respond=_answer)
class IdentityRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [CapabilityPermission]
    serializer_class = IdentityRequestSerializer

    @property
    def capability(self) -> str:
        return CAPABILITIES.get(self.action or "", "reports.view")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return IdentityAccessRequest.objects.none()
        return identity_selectors.identity_requests_visible(user=self.request.user)

    def get_object(self) -> IdentityAccessRequest:
        return identity_selectors.identity_request_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, context={"request": self.request})
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _out(self, obj: IdentityAccessRequest, code: int = 200) -> Response:
        return Response(IdentityRequestSerializer(obj).data, status=code)

    @extend_schema(
        request=IdentityRequestCreateInput,
        responses=with_errors(IdentityRequestSerializer, 201),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """申请查阅举报人信息（写明理由，待委领导或信访室负责人审批）。"""
        data = self._input(IdentityRequestCreateInput)
        obj = identity_services.identity_request_create(
            actor=request.user, report=data["report"], reason=data["reason"]
        )
        return self._out(obj, status.HTTP_201_CREATED)
