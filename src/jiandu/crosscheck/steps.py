"""The cross-check workflows (``jiandu.core.workflow``): the triage of a hit (state
machine ``triage.MACHINE``), and cancelling a background job (a run, a dataset
import). From each list come the page's action panel, its POST dispatcher, the API's
step actions and their capabilities; page and API use the same step names. Every
service checks the capability, the scope and the state again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from rest_framework import serializers

from jiandu.core.workflow import Step, Workflow
from jiandu.crosscheck import forms, services, triage
from jiandu.crosscheck.models import DatasetImport, Hit, Run

# --- API input ------------------------------------------------------------------------------


class ConfirmInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="理由")


# --- a hit's triage ------------------------------------------------------------------------


def _confirmed(data: dict[str, Any], hit: Hit) -> str:
    if hit.clue_id:
        return f"已确认疑点并登记为问题线索{hit.clue.number}"
    return f"已{triage.ACTION_LABELS['confirm']}"


TRIAGE = "crosscheck.triage"
HIT = Workflow(
    machine=triage.MACHINE,
    object_arg="hit",
    steps=[
        Step(
            "confirm",
            triage.ACTION_LABELS["confirm"],
            TRIAGE,
            service=services.hit_confirm,
            form=forms.ConfirmForm,
            input=ConfirmInput,
            done=_confirmed,
            help="确认疑点，登记为来源“大数据比对”的问题线索（证据写入线索）。",
        ),
        Step(
            "dismiss",
            triage.ACTION_LABELS["dismiss"],
            TRIAGE,
            service=services.hit_dismiss,
            form=forms.DismissForm,
            from_form=lambda d: {"reason": d["reason"]},
            input=ReasonInput,
            help="排除疑点（须说明理由）。",
        ),
        Step(
            "reopen",
            triage.ACTION_LABELS["reopen"],
            TRIAGE,
            service=services.hit_reopen,
            form=forms.ReasonForm,
            input=ReasonInput,
            help="已排除的疑点重新研判。",
        ),
    ],
)


# --- cancelling a background job -------------------------------------------------------------


def _cancel_step(capability: str, service: Any, url: str, running: str, help: str) -> Step:
    """A job's cancel step: a queued job ends at once, a running one at its worker's next
    step (``running`` says when); the page says which, on the job's page (``url``)."""

    def respond(request: Any, job: Any, result: Any) -> Any:
        if result.finished:
            messages.success(request, f"已取消{result}")
        else:
            messages.info(request, f"已请求取消{result}，{running}")
        return redirect(reverse(url, args=(result.pk,)))

    return Step(
        "cancel",
        "取消",
        capability,
        service=service,
        transition=None,
        when=lambda job: not job.finished,
        respond=respond,
        help=help,
    )


RUN = Workflow(
    object_arg="run",
    steps=[
        _cancel_step(
            "crosscheck.run",
            services.run_cancel,
            "crosscheck:run_detail",
            "将在当前步骤结束后停止",
            "取消比对：排队中的立即取消，运行中的在当前步骤（规则之间）结束后停止。",
        )
    ],
)
IMPORT = Workflow(
    object_arg="job",
    steps=[
        _cancel_step(
            "crosscheck.import",
            services.dataset_import_cancel,
            "crosscheck:import_detail",
            "将在读取下一批数据时停止",
            "取消导入：排队中的立即取消，导入中的在读取下一批数据时停止，不留下任何数据。",
        )
    ],
)
JOB_WORKFLOWS: dict[type, Workflow] = {Run: RUN, DatasetImport: IMPORT}
