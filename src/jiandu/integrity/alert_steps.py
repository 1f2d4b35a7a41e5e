"""The handling steps of an early alert (``jiandu.core.workflow``): 谈话提醒, 纳入监督
重点, 排除 (with a reason). From this one list come the alert page's action panel, its
POST dispatcher and the API's actions (``/api/alerts/<id>/<step>/``); the service
(``alert_services.alert_handle``) checks capability, scope and state again."""

from __future__ import annotations

from rest_framework import serializers

from jiandu.core.workflow import Step, Workflow
from jiandu.integrity import alert_forms as forms
from jiandu.integrity import alert_rules as rules
from jiandu.integrity import alert_services as services


class NoteInput(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="处理说明（谈话时间、方式等）"
    )


class DismissInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="排除理由（必填）")


HANDLE = "alerts.handle"
L = rules.ACTION_LABELS

ALERT = Workflow(
    machine=rules.MACHINE,
    object_arg="alert",
    steps=[
        Step(
            "talk",
            L["talk"],
            HANDLE,
            service=services.alert_handle,
            params={"action": "talk"},
            form=forms.NoteForm,
            input=NoteInput,
            done="已登记谈话提醒",
            help="对提示对象进行谈话提醒，登记处理说明。",
        ),
        Step(
            "focus",
            L["focus"],
            HANDLE,
            service=services.alert_handle,
            params={"action": "focus"},
            form=forms.NoteForm,
            input=NoteInput,
            style="outline-primary",
            done="已纳入监督重点",
            help="将提示对象纳入监督重点，登记处理说明。",
        ),
        Step(
            "dismiss",
            L["dismiss"],
            HANDLE,
            service=services.alert_handle,
            params={"action": "dismiss"},
            form=forms.DismissForm,
            from_form=lambda d: {"reason": d["reason"]},
            input=DismissInput,
            style="outline-secondary",
            done="已排除该提示",
            help="排除提示（须说明理由）；排除的提示计入该类别的准确率。",
        ),
    ],
)
