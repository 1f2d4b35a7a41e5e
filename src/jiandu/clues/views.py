"""Clue pages: the ledger (问题线索台账) and its Excel export, registering a clue, and
the clue page with its deadlines, approvals, timeline, triage panel and the action
panel. Every write goes through ``jiandu.clues.services``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiandu.audit.models import Event
from jiandu.clues import (
    clearing_api,
    clearing_selectors,
    clearing_steps,
    exports,
    forms,
    rules,
    selectors,
    services,
    steps,
)
from jiandu.clues.filters import ClueFilter
from jiandu.clues.models import (
    Clue,
    ClueApproval,
    ClueDeadline,
    ClueDeadlineKind,
    ClueStatus,
    Disposition,
    FirstFormMeasureKind,
    InquiryMode,
    VerificationResult,
)
from jiandu.clues.tables import STATUS_BADGES, ClueTable
from jiandu.core.deadlines import deadline_text
from jiandu.core.errors import DomainError
from jiandu.core.formatting import cn_date
from jiandu.core.forms import add_domain_error
from jiandu.core.labels import action_label
from jiandu.core.ledger import Ledger, export_view, ledger_view
from jiandu.core.permissions import capability_required
from jiandu.core.scoping import get_visible_or_404, scoped_refs
from jiandu.core.workflow import Panel
from jiandu.org.models import COMMISSION_BODY_KINDS, Cadre, Rank, Unit

# Limits counted in working days show "还剩N个工作日"; the others count calendar days.
# The triage panel helps while a disposition is being decided ([规则] 21).
TRIAGE_STATUSES = frozenset(
    {ClueStatus.ACCEPTED, ClueStatus.DISPOSITION_PROPOSED, ClueStatus.SHELVED}
)
APPROVAL_STEPS = {
    "routing": "分办",
    "disposition": "处置意见",
    "clarification": "澄清正名",
    "false_accusation": "诬告陷害认定",
}
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

# --- deadline display ---------------------------------------------------------------------


def deadline_view(deadline: ClueDeadline, today: date) -> dict[str, Any]:
    """How a time limit reads today: its state and words (``core.deadlines``)."""
    state, text = deadline_text(deadline, today)
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


def _prepare(clues: list[Clue], request: Any) -> None:
    today = timezone.localdate()
    for clue in clues:
        clue.next_deadline = (
            deadline_view(clue.open_deadlines[0], today) if clue.open_deadlines else None
        )


CLUE_LEDGER = Ledger(
    selector=selectors.clue_list,
    filterset=ClueFilter,
    table=ClueTable,
    template="clues/clue_list.html",
    nav_key="clues",
    filter_fields=(
        "q",
        "handling_unit",
        "source",
        "disposition",
        "overdue",
        "category",
        "received_from",
        "received_to",
        "status",
        "clearing",
    ),
    filter_choices={
        "handling_unit": lambda request: [
            (u.pk, u.name) for u in _handling_unit_choices(request.user)
        ],
        "category": lambda request: [
            (g["label"], [(c["code"], c["name"]) for c in g["items"]])
            for g in forms.category_groups()
        ],
    },
    filter_attrs={"q": {"placeholder": "如 XS2026-00012 或 张伟", "data-testid": "clue-search"}},
    target="clue-table",
    empty_title="没有找到问题线索",
    empty_hint="没有符合条件的线索，可调整筛选条件后再试。新线索由案管室登记，或由信访室从信访举报转为线索。",
    prepare=_prepare,
    export_columns=exports.COLUMNS,
    export_rows=exports.rows,
    export_sheet=exports.SHEET,
    export_filename=exports.FILENAME,
    export_freeze="C2",
    export_capability="clues.export",
)
clue_list = ledger_view(CLUE_LEDGER, capability="clues.view")
clue_export = export_view(CLUE_LEDGER, capability="clues.export")


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
            add_domain_error(form, exc)
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


def _inquiry_stage(deadlines: list[ClueDeadline]) -> str:
    """Where the current round of an inquiry stands: ``start`` (nothing sent yet),
    ``talk`` (a delegated talk not yet held), ``reply`` (waiting for the letter's reply
    or the written explanation asked for), ``report`` (the talk held or the reply in,
    the report and proposal due)."""
    open_kinds = {d.kind for d in deadlines if d.met_on is None}
    if ClueDeadlineKind.DELEGATED_TALK in open_kinds:
        return "talk"
    if open_kinds & {ClueDeadlineKind.INQUIRY_REPLY, ClueDeadlineKind.TALK_EXPLANATION}:
        return "reply"
    if ClueDeadlineKind.INQUIRY_REPORT in open_kinds:
        return "report"
    return "start"


def available_actions(user: Any, clue: Clue, deadlines: list[ClueDeadline]) -> Panel:
    """The steps (``steps.WORKFLOW``) this user may take on the clue now; of the inquiry
    steps only the one the current round is at."""
    panel = steps.WORKFLOW.panel(user, clue)
    if clue.status == ClueStatus.INQUIRY:
        wanted = {
            "start": "inquiry_start",
            "talk": "inquiry_talk",
            "reply": "inquiry_reply",
            "report": "inquiry_conclude",
        }
        stage = wanted[_inquiry_stage(deadlines)]
        panel = panel.discard(*(s for s in wanted.values() if s != stage))
    return panel


def _event_rows(clue: Clue) -> list[dict[str, Any]]:
    events = Event.objects.filter(object_type="clues.clue", object_id=str(clue.pk)).order_by("seq")
    rows = []
    first_approval = True
    for event in events:
        name = event.action.rsplit(".", 1)[-1]
        label = "登记线索" if name == "create" else action_label(event.action)
        # The business date of the step (the day it happened, as registered), which can
        # differ from the moment it was recorded (a history entered later, a talk
        # registered afterwards): the date the step names, else the clue's own date.
        on = _date_of(event.payload or {})
        if on is None and name == "create":
            on = clue.received_on
        elif on is None and name == "approve_disposition" and first_approval:
            on = clue.disposed_on
        elif on is None and name == "case_filed":
            on = clue.filed_on
        if name == "approve_disposition":
            first_approval = False
        recorded_on = timezone.localdate(event.created_at)
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
        if payload.get("entrusted_on"):
            notes.append(f"受托人收到委托函：{cn_date(payload['entrusted_on'])}")
        elif payload.get("talked_on"):
            notes.append(f"谈话日期：{cn_date(payload['talked_on'])}")
            if payload.get("explanation"):
                notes.append("要求作出书面说明")
        elif payload.get("on"):
            notes.append(f"日期：{cn_date(payload['on'])}")
        if payload.get("due"):
            notes.append(f"期限延至：{cn_date(payload['due'])}")
        rows.append(
            {
                "event": event,
                "label": label,
                "notes": notes,
                "on": on or recorded_on,
                "recorded_later": on is not None and on != recorded_on,
            }
        )
    return rows


def _date_of(payload: dict[str, Any]) -> date | None:
    for key in ("entrusted_on", "talked_on", "on"):
        value = payload.get(key)
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


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
        "status_badge": STATUS_BADGES.css(clue.status),
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
        "duplicates": selectors.duplicates_of_clue(user=user, clue=clue),
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
    context.update(_clearing(user, clue))
    # The steps that start a clearing process are drawn in its own panel, 催办 in its card.
    context["urge_actions"] = actions
    context["actions"] = actions.discard(*clearing_steps.START_LABELS, "urge")
    if clue.status in TRIAGE_STATUSES:
        context["triage"] = _triage(user, clue, categories)
    if clue.status in (ClueStatus.PENDING_CASE, ClueStatus.CASE_FILED):
        context.update(_case_link(user, clue))
    return render(request, "clues/clue_detail.html", context)


def _clearing(user: Any, clue: Clue) -> dict[str, Any]:
    """The clue's 澄清正名 and 诬告陷害 processes, each with its steps for this user
    (``clearing_steps``), the forms of those steps and the process's history."""
    processes = clearing_selectors.processes_of(user=user, clue=clue)
    rows: dict[str, list[dict[str, Any]]] = {}
    for key, prefix in (
        ("clarifications", "clarification"),
        ("false_accusations", "false-accusation"),
    ):
        workflow = clearing_steps.PROCESSES[prefix][0]
        rows[key] = []
        for obj in processes[key]:
            panel = workflow.panel(user, obj)
            rows[key].append(
                {
                    "obj": obj,
                    "prefix": prefix,
                    "steps": [
                        {"step": s, "form": s.form(user=user) if s.form else None} for s in panel
                    ],
                    "events": Event.objects.filter(
                        object_type=obj._meta.label_lower, object_id=str(obj.pk)
                    ).order_by("seq"),
                    "report": scoped_refs(user, [obj.report])[0]
                    if getattr(obj, "report_id", None)
                    else None,
                }
            )
    start = []
    panel = steps.WORKFLOW.panel(user, clue)
    for step in clearing_steps.START_STEPS:
        if step.name in panel:
            form = step.form(user=user) if step.form else None
            if form is not None and "report" in form.fields:
                form.fields["report"].limit_to(user, base=clue.reports.all())
            start.append({"step": step, "form": form})
    return {"clearing": rows, "clearing_start": start}


def _case_link(user: Any, clue: Clue) -> dict[str, Any]:
    """A clue in 拟立案 opens a case (the handling unit proposes the filing); once opened,
    the clue page links to the case for whoever may see it. The case model is the cases
    app's (a layer above): it is reached through the relation it declares, ``clue.case``."""
    case = getattr(clue, "case", None)
    if case is not None:
        visible = type(case).objects.visible_to(user).filter(pk=case.pk).exists()
        return {"linked_case": case if visible else None, "case_opened": True}
    can_open = user.has_capability("cases.handle") and steps.is_handler(user, clue)
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
        "history": [(c, STATUS_BADGES.css(c.status)) for c in history],
        "measures": list(triage["measures"]),
        "earlier_reports": list(triage["earlier_reports"]),
        "similar": list(triage["similar"]),
        "checked": rate["checked"],
        "unfounded": rate["unfounded"],
        "share": round(rate["share"] * 100) if rate["share"] is not None else None,
        "categories": "、".join(c.name for c in categories),
    }


# --- the workflow steps ------------------------------------------------------------------


@require_POST
@capability_required("clues.view")
def clue_action(request, pk: int, action: str):
    """One workflow step (``steps.WORKFLOW``): the role, the state and the handling unit
    are checked, then the service decides; its Chinese reason is shown when it refuses."""
    clue = selectors.clue_get_for(user=request.user, pk=pk)
    back = reverse("clues:clue_detail", args=(clue.pk,))
    process = clearing_steps.page_process(action)
    if process is not None:
        prefix, name = process
        workflow, model = clearing_steps.PROCESSES[prefix]
        obj = get_visible_or_404(
            model.objects.filter(clue=clue), user=request.user, pk=request.POST.get("process")
        )
        return workflow.post(request, obj, name, back=back)

    def after(clue: Clue, result: Any) -> str:
        if not Clue.objects.visible_to(request.user).filter(pk=clue.pk).exists():
            return reverse("clues:clue_list")
        return reverse("clues:clue_detail", args=(clue.pk,))

    return steps.WORKFLOW.post(
        request, clue, action, back=reverse("clues:clue_detail", args=(clue.pk,)), after=after
    )


@capability_required("clues.view")
def clarification_letter(request, pk: int, clarification: int):
    """The 澄清正名 letter of an approved clearing, as a Word file filled from the record
    (``clearing_documents``)."""
    clue = selectors.clue_get_for(user=request.user, pk=pk)
    obj = get_visible_or_404(
        clearing_selectors.clarifications_visible(user=request.user).filter(clue=clue),
        user=request.user,
        pk=clarification,
    )
    return clearing_api.letter_response(obj)
