"""Clue pages: the ledger (问题线索台账) and its Excel export, registering a clue, and
the clue page with its deadlines, approvals, timeline, triage panel and the action
panel. Every write goes through ``jiandu.clues.services``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiandu.audit.models import Event
from jiandu.clues import exports, forms, rules, selectors, services
from jiandu.clues.models import (
    Clue,
    ClueApproval,
    ClueDeadline,
    ClueDeadlineKind,
    ClueSource,
    ClueStatus,
    Disposition,
    FirstFormMeasureKind,
    InquiryMode,
    VerificationResult,
)
from jiandu.core import calendar
from jiandu.core.downloads import xlsx_response
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.formatting import cn_date
from jiandu.core.pagination import paginate
from jiandu.core.permissions import capability_required
from jiandu.core.scoping import scoped_refs
from jiandu.org.models import COMMISSION_BODY_KINDS, Cadre, Rank, Unit

STATUS_BADGE = {
    ClueStatus.REGISTERED: "bg-blue-lt",
    ClueStatus.ROUTING_PROPOSED: "bg-purple-lt",
    ClueStatus.ASSIGNED: "bg-purple-lt",
    ClueStatus.ACCEPTED: "bg-orange-lt",
    ClueStatus.DISPOSITION_PROPOSED: "bg-purple-lt",
    ClueStatus.INQUIRY: "bg-cyan-lt",
    ClueStatus.VERIFICATION: "bg-cyan-lt",
    ClueStatus.SHELVED: "bg-secondary-lt",
    ClueStatus.PENDING_CASE: "bg-red-lt",
    ClueStatus.CASE_FILED: "bg-red-lt",
    ClueStatus.TRANSFERRED: "bg-green-lt",
    ClueStatus.CLOSED: "bg-green-lt",
}
# Limits counted in working days show "还剩N个工作日"; the others count calendar days.
WORKING_DAY_KINDS = frozenset({ClueDeadlineKind.INQUIRY_REPLY, ClueDeadlineKind.TALK_EXPLANATION})
# The triage panel helps while a disposition is being decided ([规则] 21).
TRIAGE_STATUSES = frozenset(
    {ClueStatus.ACCEPTED, ClueStatus.DISPOSITION_PROPOSED, ClueStatus.SHELVED}
)
APPROVAL_STEPS = {"routing": "分办", "disposition": "处置意见"}
# Who acts next, said on the clue page to someone who has nothing to do on it now.
NEXT_STEP = {
    ClueStatus.REGISTERED: "下一步：由案管室提出分办意见。",
    ClueStatus.ROUTING_PROPOSED: "下一步：由委领导审批分办意见。",
    ClueStatus.ASSIGNED: "下一步：由承办单位接收线索。",
    ClueStatus.ACCEPTED: "下一步：由承办单位提出处置意见。",
    ClueStatus.DISPOSITION_PROPOSED: "下一步：由委领导审批处置意见。",
    ClueStatus.INQUIRY: "承办单位正在谈话函询。",
    ClueStatus.VERIFICATION: "承办单位正在初步核实。",
    ClueStatus.SHELVED: "线索暂存待查，由承办单位定期复查。",
    ClueStatus.PENDING_CASE: "初步核实后拟立案审查调查，线索办理完毕。",
    ClueStatus.CASE_FILED: "已立案审查调查，线索办理完毕。",
    ClueStatus.TRANSFERRED: "线索已移送，办理完毕。",
    ClueStatus.CLOSED: "线索已了结。",
}
ORDERINGS = [
    ("", "最近收到在前"),
    ("received_on", "最早收到在前"),
    ("number", "编号升序"),
    ("-number", "编号降序"),
    ("status", "按状态"),
]


# --- deadline display ---------------------------------------------------------------------


def deadline_view(deadline: ClueDeadline, today: date) -> dict[str, Any]:
    """How a time limit reads today: its state (``selectors.deadline_state``) and the
    words for it (已完成 / 已超期N天 / 还剩N个工作日 or 天)."""
    state = selectors.deadline_state(deadline, today)
    if state == "met":
        text = f"已完成（{cn_date(deadline.met_on)}）"
    elif state == "overdue":
        text = f"已超期{(today - deadline.due_on).days}天"
    elif deadline.kind in WORKING_DAY_KINDS:
        left = calendar.working_days_between(today, deadline.due_on)
        text = f"还剩{left}个工作日" if left else "今日到期"
    else:
        left = (deadline.due_on - today).days
        text = f"还剩{left}天" if left else "今日到期"
    css = {"met": "text-success", "overdue": "text-danger", "due_soon": "text-warning"}
    return {"deadline": deadline, "state": state, "text": text, "css": css.get(state, "")}


# --- the ledger ---------------------------------------------------------------------------


def _handling_unit_choices(user: Any) -> Any:
    return (
        Unit.objects.visible_to(user)
        .filter(kind__in=COMMISSION_BODY_KINDS)
        .exclude(kind="commission")
        .only("id", "name")
        .order_by("sort_order", "code")
    )


@capability_required("clues.view")
def clue_list(request):
    request.nav_key = "clues"
    qs = selectors.clue_list(user=request.user, filters=request.GET)
    page_obj = paginate(request, qs)
    today = timezone.localdate()
    for clue in page_obj.object_list:
        clue.status_badge = STATUS_BADGE.get(clue.status, "bg-secondary-lt")
        clue.next_deadline = (
            deadline_view(clue.open_deadlines[0], today) if clue.open_deadlines else None
        )
    if request.htmx:  # the filter form asks for the table only
        return render(request, "clues/partials/_clue_table.html", {"page_obj": page_obj})
    return render(
        request,
        "clues/clue_list.html",
        {
            "page_obj": page_obj,
            "units": _handling_unit_choices(request.user),
            "categories": forms.category_groups(),
            "statuses": ClueStatus.choices,
            "sources": ClueSource.choices,
            "dispositions": Disposition.choices,
            "selected_statuses": request.GET.getlist("status"),
            "orderings": ORDERINGS,
        },
    )


@capability_required("clues.export")
def clue_export(request):
    content = exports.export_xlsx(user=request.user, filters=request.GET)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, f"clues-{stamp}.xlsx")


# --- registering a clue -------------------------------------------------------------------


@capability_required("clues.register")
def clue_create(request):
    request.nav_key = "clues"
    form = forms.ClueCreateForm(
        request.POST or None, user=request.user, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            clue = services.clue_create(
                actor=request.user,
                source=data["source"],
                summary=data["summary"],
                received_on=data["received_on"],
                subject_name=data["subject_name"],
                subject_cadre=data["subject_cadre"],
                subject_unit=data["subject_unit"],
                category_codes=data["categories"],
                transfer_ref=data["transfer_ref"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
            for field, errors in exc.fields.items():
                if field in form.fields:
                    for error in errors:
                        form.add_error(field, error)
        else:
            messages.success(request, f"已登记问题线索{clue.number}（{clue.subject_name}）")
            if Clue.objects.visible_to(request.user).filter(pk=clue.pk).exists():
                return redirect("clues:clue_detail", pk=clue.pk)
            return redirect("clues:clue_create")
    selected_cadre = None
    if form.is_bound and form.data.get("subject_cadre", "").isdigit():
        selected_cadre = (
            form.fields["subject_cadre"].queryset.filter(pk=form.data["subject_cadre"]).first()
        )
    return render(
        request,
        "clues/clue_form.html",
        {
            "form": form,
            "selected_cadre": selected_cadre,
            "category_groups": forms.category_groups(
                form.data.getlist("categories") if form.is_bound else []
            ),
        },
    )


@capability_required("clues.register")
def cadre_search(request):
    """``<option>``s of the visible cadres whose name (or citizen ID) matches ``q``."""
    from jiandu.org.selectors import cadre_list

    q = (request.GET.get("q") or "").strip()
    cadres = cadre_list(user=request.user, filters={"q": q})[:20] if q else []
    return render(request, "clues/partials/_cadre_options.html", {"cadres": cadres, "q": q})


# --- the clue page ------------------------------------------------------------------------


def _is_handler(user: Any, clue: Clue) -> bool:
    """The handling unit's staff act on its clues (first-handler responsibility)."""
    return bool(clue.handling_unit_id and user.unit_id == clue.handling_unit_id)


def _inquiry_stage(deadlines: list[ClueDeadline]) -> str:
    """Where the current round of an inquiry stands: ``start`` (nothing sent yet),
    ``reply`` (waiting for the reply or written explanation), ``report`` (reply in,
    the report and proposal due)."""
    open_kinds = {d.kind for d in deadlines if d.met_on is None}
    if open_kinds & {ClueDeadlineKind.INQUIRY_REPLY, ClueDeadlineKind.TALK_EXPLANATION}:
        return "reply"
    if ClueDeadlineKind.INQUIRY_REPORT in open_kinds:
        return "report"
    return "start"


def available_actions(user: Any, clue: Clue, deadlines: list[ClueDeadline]) -> set[str]:
    """The actions of ``rules.TRANSITIONS`` this user may take on the clue now."""
    actions = set()
    for action, (allowed, _) in rules.TRANSITIONS.items():
        spec = ACTIONS.get(action)
        if spec is None or clue.status not in allowed:
            continue
        if not user.has_capability(spec.capability):
            continue
        if spec.capability == "clues.handle" and not _is_handler(user, clue):
            continue
        actions.add(action)
    if clue.status == ClueStatus.INQUIRY:
        stage = _inquiry_stage(deadlines)
        wanted = {"start": "inquiry_start", "reply": "inquiry_reply", "report": "inquiry_conclude"}
        actions -= {"inquiry_start", "inquiry_reply", "inquiry_conclude"} - {wanted[stage]}
    if clue.verification_extended:
        actions.discard("verification_extend")
    return actions


def _event_rows(clue: Clue) -> list[dict[str, Any]]:
    events = Event.objects.filter(object_type="clues.clue", object_id=str(clue.pk)).order_by("seq")
    rows = []
    for event in events:
        name = event.action.rsplit(".", 1)[-1]
        label = "登记线索" if name == "create" else rules.ACTION_LABELS.get(name, event.action)
        notes = []
        payload = event.payload or {}
        if payload.get("unit"):
            notes.append(f"承办单位：{payload['unit']}")
        if payload.get("disposition") in Disposition.values:
            notes.append(f"处置方式：{Disposition(payload['disposition']).label}")
        if payload.get("outcome") in rules.Outcome.LABELS:
            notes.append(f"结果：{rules.Outcome.LABELS[payload['outcome']]}")
        if payload.get("finding") in VerificationResult.values:
            notes.append(f"核查结论：{VerificationResult(payload['finding']).label}")
        if payload.get("on"):
            notes.append(f"日期：{cn_date(payload['on'])}")
        if payload.get("due"):
            notes.append(f"期限延至：{cn_date(payload['due'])}")
        rows.append({"event": event, "label": label, "notes": notes})
    return rows


@capability_required("clues.view")
def clue_detail(request, pk: int):
    request.nav_key = "clues"
    user = request.user
    clue = selectors.clue_get_for(user=user, pk=pk)
    today = timezone.localdate()
    deadlines = list(clue.deadlines.order_by("due_on", "id"))
    actions = available_actions(user, clue, deadlines)
    approvals = list(
        ClueApproval.objects.filter(clue=clue).select_related("proposed_by", "approver")
    )
    pending = {a.step: a for a in approvals if a.decided_at is None}
    categories = list(clue.categories.all())
    context: dict[str, Any] = {
        "clue": clue,
        "next_step": NEXT_STEP.get(clue.status, ""),
        "subject_rank": _label(Rank, clue.subject_rank),
        "status_badge": STATUS_BADGE.get(clue.status, "bg-secondary-lt"),
        "subject_link": bool(
            clue.subject_cadre_id
            and Cadre.objects.visible_to(user).filter(pk=clue.subject_cadre_id).exists()
        ),
        "categories": categories,
        "deadlines": [deadline_view(d, today) for d in deadlines],
        "approvals": [(a, APPROVAL_STEPS.get(a.step, a.step)) for a in approvals],
        "pending_routing": pending.get("routing"),
        "pending_disposition": pending.get("disposition"),
        "measures": list(clue.measures.all()),
        "reports": scoped_refs(user, clue.reports.only("id", "number").order_by("number")),
        "events": _event_rows(clue),
        "actions": actions,
        "today": today,
    }
    if actions & {"propose_routing"}:
        context["routing_units"] = forms.handling_units()
        suggested = services.suggested_handling_unit(clue)
        context["suggested_unit_id"] = suggested.pk if suggested else None
    if actions & {"propose_disposition"}:
        context["dispositions"] = Disposition.choices
        context["inquiry_modes"] = InquiryMode.choices
    if actions & {"inquiry_conclude", "verification_conclude"}:
        context["findings"] = VerificationResult.choices
        context["measure_kinds"] = FirstFormMeasureKind.choices
        context["inquiry_outcomes"] = forms.outcome_choices("inquiry")
        context["verification_outcomes"] = forms.outcome_choices("verification")
    if clue.status in TRIAGE_STATUSES:
        context["triage"] = _triage(user, clue, categories)
    if clue.status in (ClueStatus.PENDING_CASE, ClueStatus.CASE_FILED):
        context.update(_case_link(user, clue))
    return render(request, "clues/clue_detail.html", context)


def _case_link(user: Any, clue: Clue) -> dict[str, Any]:
    """A clue in 拟立案 opens a case (the handling unit proposes the filing); once opened,
    the clue page links to the case for whoever may see it. The case model is the cases
    app's (a layer above): it is reached through the relation it declares, ``clue.case``."""
    case = getattr(clue, "case", None)
    if case is not None:
        visible = type(case).objects.visible_to(user).filter(pk=case.pk).exists()
        return {"linked_case": case if visible else None, "case_opened": True}
    can_open = user.has_capability("cases.handle") and _is_handler(user, clue)
    return {"can_open_case": can_open}


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label) if value else ""
    except ValueError:
        return value


def _triage(user: Any, clue: Clue, categories: list[Any]) -> dict[str, Any]:
    triage = selectors.triage_for(user=user, clue=clue)
    history = list(triage["history"])
    rate = triage["unfounded_rate"]
    return {
        "history": [(c, STATUS_BADGE.get(c.status, "bg-secondary-lt")) for c in history],
        "measures": list(triage["measures"]),
        "earlier_reports": list(triage["earlier_reports"]),
        "similar": list(triage["similar"]),
        "checked": rate["checked"],
        "unfounded": rate["unfounded"],
        "share": round(rate["share"] * 100) if rate["share"] is not None else None,
        "categories": "、".join(c.name for c in categories),
    }


# --- the workflow actions -----------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    capability: str
    form: Callable[..., forms.StyledForm] | None
    run: Callable[[Any, Clue, dict[str, Any]], Any]


def _outcome_input(d: dict[str, Any]) -> dict[str, Any]:
    """The conclude form's fields that belong to the chosen outcome (the page shows the
    others hidden, and they may still carry what was typed before the choice changed)."""
    outcome = d["outcome"]
    return {
        "outcome": outcome,
        "finding": d["finding"],
        "reason": d["reason"],
        "measure_kind": d["measure_kind"] if outcome == rules.Outcome.FIRST_FORM else "",
        "cleared": d["cleared"] and outcome == rules.Outcome.CLOSE,
    }


def _conclude_inquiry(user: Any, clue: Clue, d: dict[str, Any]) -> Any:
    return services.clue_inquiry_conclude(actor=user, clue=clue, **_outcome_input(d))


def _conclude_verification(user: Any, clue: Clue, d: dict[str, Any]) -> Any:
    transferred_to = d["transferred_to"] if d["outcome"] == rules.Outcome.TRANSFER else ""
    return services.clue_verification_conclude(
        actor=user, clue=clue, transferred_to=transferred_to, **_outcome_input(d)
    )


def _propose_disposition(user: Any, clue: Clue, d: dict[str, Any]) -> Any:
    disposition = d["disposition"]
    return services.clue_propose_disposition(
        actor=user,
        clue=clue,
        disposition=disposition,
        reason=d["reason"],
        inquiry_mode=d["inquiry_mode"] if disposition == Disposition.INQUIRY else "",
        # Before any check a clue can only be closed directly ([规则] 21; 查否了结 comes
        # after an inquiry or verification).
        close_kind="direct" if disposition == Disposition.CLOSE else "",
        transferred_to=d["transferred_to"] if disposition == Disposition.TRANSFER else "",
        verification_plan=d["verification_plan"] if disposition == Disposition.VERIFICATION else "",
        verification_team=d["verification_team"] if disposition == Disposition.VERIFICATION else "",
    )


ACTIONS: dict[str, Action] = {
    "propose_routing": Action(
        "clues.route",
        forms.RoutingForm,
        lambda u, c, d: services.clue_propose_routing(
            actor=u, clue=c, unit=d["unit"], note=d["note"]
        ),
    ),
    "approve_routing": Action(
        "clues.approve",
        forms.DecisionForm,
        lambda u, c, d: services.clue_decide_routing(
            actor=u, clue=c, approve=True, comment=d["comment"]
        ),
    ),
    "reject_routing": Action(
        "clues.approve",
        forms.DecisionForm,
        lambda u, c, d: services.clue_decide_routing(
            actor=u, clue=c, approve=False, comment=d["comment"]
        ),
    ),
    "accept": Action("clues.handle", None, lambda u, c, d: services.clue_accept(actor=u, clue=c)),
    "return": Action(
        "clues.handle",
        forms.ReasonForm,
        lambda u, c, d: services.clue_return(actor=u, clue=c, reason=d["reason"]),
    ),
    "propose_disposition": Action("clues.handle", forms.DispositionForm, _propose_disposition),
    "approve_disposition": Action(
        "clues.approve",
        forms.DecisionForm,
        lambda u, c, d: services.clue_decide_disposition(
            actor=u, clue=c, approve=True, comment=d["comment"]
        ),
    ),
    "reject_disposition": Action(
        "clues.approve",
        forms.DecisionForm,
        lambda u, c, d: services.clue_decide_disposition(
            actor=u, clue=c, approve=False, comment=d["comment"]
        ),
    ),
    "inquiry_start": Action(
        "clues.handle",
        forms.DateForm,
        lambda u, c, d: services.clue_inquiry_start(actor=u, clue=c, on=d["on"]),
    ),
    "inquiry_reply": Action(
        "clues.handle",
        forms.DateForm,
        lambda u, c, d: services.clue_inquiry_reply(actor=u, clue=c, on=d["on"]),
    ),
    "inquiry_conclude": Action("clues.handle", forms.ConcludeForm, _conclude_inquiry),
    "verification_extend": Action(
        "clues.approve",
        forms.ReasonForm,
        lambda u, c, d: services.clue_verification_extend(actor=u, clue=c, reason=d["reason"]),
    ),
    "verification_conclude": Action("clues.handle", forms.ConcludeForm, _conclude_verification),
    "shelve_review": Action(
        "clues.handle",
        forms.NoteForm,
        lambda u, c, d: services.clue_shelve_review(actor=u, clue=c, note=d["note"]),
    ),
}


@require_POST
@capability_required("clues.view")
def clue_action(request, pk: int, action: str):
    """One workflow step: check the role, then let the service decide; its Chinese
    reason is shown when it refuses."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这个操作")
    user = request.user
    clue = selectors.clue_get_for(user=user, pk=pk)
    if not user.has_capability(spec.capability):
        raise DjangoPermissionDenied("您的角色无权进行此操作。")
    detail = reverse("clues:clue_detail", args=(clue.pk,))
    label = rules.ACTION_LABELS[action]
    if spec.capability == "clues.handle" and action != "accept" and not _is_handler(user, clue):
        unit = clue.handling_unit.name if clue.handling_unit else "承办单位"
        messages.error(request, f"该线索由{unit}承办，只能由承办单位{label}")
        return redirect(detail)
    data: dict[str, Any] = {}
    if spec.form is not None:
        form = spec.form(request.POST, user=user)
        if not form.is_valid():
            messages.error(request, f"未能{label}：{form.first_error()}")
            return redirect(detail)
        data = form.cleaned_data
    try:
        spec.run(user, clue, data)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(detail)
    messages.success(request, f"已{label}")
    if not Clue.objects.visible_to(user).filter(pk=clue.pk).exists():
        return redirect("clues:clue_list")
    return redirect(detail)
