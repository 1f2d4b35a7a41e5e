"""The steps of an identity-access request (举报人信息查阅申请): approve, refuse,
withdraw and the one read an approval allows. One list, from which the report page's
request panel, its POST dispatcher (``identity-<step>`` on the report page) and the
API's actions (``/api/identity-requests/<id>/<step>/``) come (``jiandu.core.workflow``).
The state machine is ``identity_rules.MACHINE``; the services check it, the capability
and that the requester never decides their own request.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers
from rest_framework.response import Response

from jiandu.core.errors import DomainError, NotFound
from jiandu.core.workflow import Step, Workflow
from jiandu.intake import forms, identity_rules, identity_services
from jiandu.intake.api import ReporterIdentitySerializer, _no_store
from jiandu.intake.models import IdentityAccessRequest

OTP_REFUSAL = "查阅举报人信息须先启用两步验证并在登录时通过验证（右上角用户菜单）"


class DecisionInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EmptyInput(serializers.Serializer):
    pass


def is_requester(user: Any, request: IdentityAccessRequest) -> bool:
    return request.requester_id == user.pk


def is_not_requester(user: Any, request: IdentityAccessRequest) -> bool:
    """Nobody approves their own request."""
    return request.requester_id != user.pk


def _own_only(request: IdentityAccessRequest) -> str:
    """Someone else's request is not there for whoever would withdraw or read it."""
    raise NotFound()


def _not_own(request: IdentityAccessRequest) -> str:
    return "申请人不能审批自己的查阅申请，须由另一名负责人审批"


def _read(actor: Any, request: IdentityAccessRequest, data: dict[str, Any]) -> dict[str, str]:
    """The one read: whoever reads has passed the TOTP step in this session."""
    if not actor.is_verified():
        raise DomainError(OTP_REFUSAL)
    return identity_services.identity_request_read(actor=actor, request=request)


def _not_expired(request: IdentityAccessRequest) -> bool:
    return not identity_rules.is_expired(request.status, request.expires_at, timezone.now())


def _identity_answer(view: Any, request: IdentityAccessRequest, identity: Any) -> Response:
    return _no_store(Response(ReporterIdentitySerializer(identity).data))


L = identity_rules.STEP_LABELS

STEPS = [
    Step(
        "approve",
        L["approve"],
        "reports.identity_approve",
        service=identity_services.identity_request_decide,
        params={"approve": True},
        who=is_not_requester,
        refusal=_not_own,
        form=forms.NoteForm,
        input=DecisionInput,
        done="已批准查阅申请（申请人可在批准后24小时内查阅一次）",
        help="批准（申请人不能审批自己的申请）；申请人可在24小时内查阅一次。",
    ),
    Step(
        "refuse",
        L["refuse"],
        "reports.identity_approve",
        service=identity_services.identity_request_decide,
        params={"approve": False},
        who=is_not_requester,
        refusal=_not_own,
        form=forms.NoteForm,
        input=DecisionInput,
        style="outline-danger",
        done="已不予批准查阅申请",
        help="不予批准（须写明理由）。",
    ),
    Step(
        "withdraw",
        L["withdraw"],
        "reports.identity_request",
        service=identity_services.identity_request_withdraw,
        who=is_requester,
        refusal=_own_only,
        # The page offers it while the request waits; an approval runs out by itself.
        when=lambda r: r.status == identity_rules.PENDING,
        input=EmptyInput,
        done="已撤回查阅申请",
        help="撤回自己的申请。",
    ),
    Step(
        "read",
        L["read"],
        "reports.identity_request",
        run=_read,
        who=is_requester,
        refusal=_own_only,
        when=_not_expired,
        input=EmptyInput,
        done="已显示举报人信息（经审批，仅此一次，本次查阅已记录）",
        api_respond=_identity_answer,
        api_response=ReporterIdentitySerializer,
        help="经批准的一次查阅：返回举报人信息（仅本次响应，不缓存）；须已通过两步验证。",
    ),
]

WORKFLOW = Workflow(
    machine=identity_rules.MACHINE, object_arg="request", state="status", steps=STEPS
)
