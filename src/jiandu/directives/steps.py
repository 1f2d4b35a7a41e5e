"""The deployed task's workflow steps: one list, from which the task page's action
panel, its POST dispatcher, the API's step actions and their capabilities all come
(``jiandu.core.workflow``). The state machine is ``rules.MACHINE``; the services check
it, the capability, the owner or issuing unit and the evidence again.

Editing a task (its text, owners and date, with the version read) and publishing a
document are edits of the review, not steps of a task's life: they keep their own
endpoints.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jiandu.core.urging import urge_step
from jiandu.core.workflow import Step, Workflow
from jiandu.directives import forms, rules, services
from jiandu.directives.models import Task

# --- API input ------------------------------------------------------------------------------


class DirectiveReportInput(serializers.Serializer):
    text = serializers.CharField()
    percentage = serializers.IntegerField(min_value=0, max_value=100)


class DirectiveCloseInput(serializers.Serializer):
    note = serializers.CharField()


class DirectiveSendBackInput(serializers.Serializer):
    reason = serializers.CharField()


# --- who may act --------------------------------------------------------------------------


def is_owner(user: Any, task: Task) -> bool:
    """A unit responsible for the task reports its progress."""
    return any(o.unit_id == user.unit_id for o in task.ownerships.all())


def is_issuer(user: Any, task: Task) -> bool:
    """The issuing unit (or a role seeing every unit's directives) sends back and
    closes."""
    return user.unit_id == task.document.issuer_unit_id or user.unit_scope("directives").all


# --- the steps ----------------------------------------------------------------------------

L = rules.ACTION_LABELS

STEPS = [
    Step(
        "report",
        L["report"],
        "directives.report",
        service=services.progress_report,
        who=is_owner,
        form=forms.ReportForm,
        input=DirectiveReportInput,
        done="已报告进展。",
        help="责任单位报告进展（100%即报告完成）。",
    ),
    Step(
        "send_back",
        L["send_back"],
        "directives.issue",
        service=services.task_send_back,
        who=is_issuer,
        form=forms.SendBackForm,
        input=DirectiveSendBackInput,
        style="outline-secondary",
        done="已退回。",
        help="交办单位退回已报告完成的任务。",
    ),
    Step(
        "close_out",
        L["close"],
        "directives.issue",
        service=services.task_close_out,
        transition="close",
        aliases=("close",),
        page_aliases=("close",),
        who=is_issuer,
        form=forms.CloseForm,
        input=DirectiveCloseInput,
        style="success",
        done="已销号。",
        help="交办单位销号（须有佐证材料：进展报告所附或网页上传）。",
    ),
]

# 催办: a leader urges the owners of an overdue task (``core.urging``).
STEPS.append(urge_step(capability="directives.urge", noun="督办任务"))

WORKFLOW = Workflow(machine=rules.MACHINE, object_arg="task", steps=STEPS)
