"""Case pages: the ledger (案件台账) with its filters and Excel export, opening a case
(from a clue in 拟立案 or directly), and the case page with its people and their
measures, time limits, stage documents, approvals, recommendations, follow-ups, the
similar-cases panel at review and the timeline. The steps on the case and on each
track, their panels and their POSTs come from ``jiandu.cases.steps``; every write goes
through ``jiandu.cases.services``."""

from __future__ import annotations

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
from jiandu.cases import exports, forms, property_views, rules, selectors, services, steps
from jiandu.cases.documents import DOCUMENT_KINDS
from jiandu.cases.filters import CaseFilter
from jiandu.cases.models import (
    Case,
    CaseApproval,
    CasePerson,
    Detention,
    DocumentVersion,
    FollowUpForm,
    RecommendationStatus,
)
from jiandu.cases.rules import CaseKind, Stage
from jiandu.cases.tables import CaseTable
from jiandu.core.deadlines import deadline_text
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.files import serve_file
from jiandu.core.formatting import cn_date
from jiandu.core.forms import add_domain_error
from jiandu.core.ledger import Ledger, export_view, ledger_view
from jiandu.core.models import ProblemCategory
from jiandu.core.permissions import capability_required
from jiandu.core.scoping import parse_id
from jiandu.org.models import Rank

RANK_LABELS = dict(Rank.choices)
APPROVAL_STEPS = {
    "filing": "立案审批",
    "investigation_extension": "延长调查期限",
    "detention": "留置",
    "detention_extension": "延长留置时间",
    "execution_extension": "延长执行期限",
    "review_extension": "延长审理期限",
}


def _today():
    return timezone.localdate()


# --- the ledger -----------------------------------------------------------------------------


def _decorate(case: Case) -> Case:
    stages = [p.stage for p in case.tracks]
    case.stage = rules.case_stage(stages, filed=bool(case.filed_on))
    case.stage_label = Stage(case.stage).label
    case.stage_badge = selectors.STAGE_BADGE.get(case.stage, "bg-secondary-lt")
    case.detained = any(p.running_detentions for p in case.tracks)
    today = _today()
    late = [d for d in case.open_deadlines if d.paused_on is None and d.due_on < today]
    running = [d for d in case.open_deadlines if d.paused_on is None]
    case.overdue = bool(late)
    case.next_deadline = running[0] if running else None
    if case.next_deadline:
        case.next_state, case.next_text = deadline_text(case.next_deadline, today)
    return case


def _prepare(cases: list[Case], request: Any) -> None:
    for case in cases:
        _decorate(case)


def _category_choices(request: Any) -> list[tuple[str, str]]:
    categories = ProblemCategory.objects.order_by("group", "sort_order")
    return [(c.code, c.name) for c in categories]


CASE_LEDGER = Ledger(
    selector=selectors.case_list,
    filterset=CaseFilter,
    table=CaseTable,
    template="cases/case_list.html",
    nav_key="cases",
    filter_fields=(
        "q",
        "unit",
        "leader",
        "overdue",
        "detention",
        "category",
        "rank",
        "kind",
        "filed_from",
        "filed_to",
        "stage",
    ),
    filter_choices={
        "unit": lambda request: [
            (u.pk, u.name) for u in forms.commission_bodies().only("id", "name")
        ],
        "leader": lambda request: [(u.pk, str(u)) for u in forms.leaders()],
        "category": _category_choices,
    },
    filter_attrs={"q": {"placeholder": "如 AJ2026-00012 或 张伟", "data-testid": "case-search"}},
    target="case-table",
    empty_title="没有找到案件",
    empty_hint="没有符合条件的案件，可调整筛选条件后再试。案件由承办单位从拟立案线索或直接提出立案呈批。",
    prepare=_prepare,
    export_columns=exports.COLUMNS,
    export_rows=exports.rows,
    export_sheet=exports.SHEET,
    export_filename=exports.FILENAME,
    export_freeze="C2",
    export_capability="cases.export",
)
case_list = ledger_view(CASE_LEDGER, capability="cases.view")
case_export = export_view(CASE_LEDGER, capability="cases.export")


# --- opening ------------------------------------------------------------------------------


@capability_required("cases.handle")
def case_open(request):
    """Open a case: from a clue in 拟立案 (``?clue=``) or directly."""
    request.nav_key = "cases"
    from jiandu.clues.selectors import clue_get_for

    clue = None
    clue_id = request.GET.get("clue") or request.POST.get("clue")
    if clue_id:
        try:
            clue = clue_get_for(user=request.user, pk=clue_id)
        except NotFound:
            raise Http404("未找到该线索") from None
    initial = {"proposed_on": _today(), "kind": "person", "supervision_law": True}
    if clue:
        initial.update(
            title=f"{clue.subject_name}涉嫌违纪违法案",
            summary=clue.summary,
            person_name=clue.subject_name,
            person_title=clue.subject_title,
        )
    form = forms.OpenForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        common = {
            "actor": request.user,
            "title": d["title"],
            "summary": d["summary"],
            "proposed_on": d["proposed_on"],
            "co_units": list(d["co_units"]),
            "leader": d["leader"],
            "supervision_law": d["supervision_law"],
            "designated": d.get("designated", False),
        }
        try:
            if clue is not None:
                case = services.case_open_from_clue(clue=clue, **common)
            else:
                people = []
                if d["person_name"].strip() and d["kind"] != CaseKind.ORGANISATION:
                    people.append(
                        services.PersonInput(
                            name=d["person_name"],
                            title=d["person_title"],
                            is_party_member=d["is_party_member"],
                            amount_involved=d["amount_involved"],
                        )
                    )
                case = services.case_open(
                    kind=d["kind"] or CaseKind.PERSON,
                    lead_unit=request.user.unit,
                    people=people,
                    target_unit=d["target_unit"],
                    **common,
                )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已提出立案呈批{case.number}，待委领导审批")
            return redirect("cases:case_detail", pk=case.pk)
    clue_fields = {
        "kind",
        "person_name",
        "person_title",
        "is_party_member",
        "amount_involved",
        "target_unit",
    }
    return render(
        request, "cases/case_form.html", {"form": form, "clue": clue, "clue_fields": clue_fields}
    )


# --- the case page --------------------------------------------------------------------------


def _person_or_none(case: Case, pk: Any) -> CasePerson | None:
    if not pk:
        return None
    person = case.people.filter(pk=parse_id(pk) or 0).first()
    if person is None:
        raise NotFound()
    return person


def person_actions(user: Any, person: CasePerson) -> list[tuple[str, str, Any]]:
    """The track steps ``user`` may take on ``person`` now (``steps.TRACK``), each with
    its form."""
    actions = []
    for step in steps.TRACK.panel(user, person):
        form = step.form(initial=forms.today_initial(), auto_id=f"{step.name}-{person.pk}-%s")
        if isinstance(form, forms.ProposeForm):
            form.for_track(steps.proposable(person))
        actions.append((step.name, step.label, form))
    return actions


def _event_rows(case: Case) -> list[dict[str, Any]]:
    from jiandu.core.labels import action_label

    events = Event.objects.filter(object_type="cases.case", object_id=str(case.pk)).order_by("seq")
    rows = []
    for event in events:
        p = event.payload or {}
        notes = []
        if p.get("label") and p.get("version"):  # a document's version
            notes.append(
                f"{p['label']} 第{p.get('version')}版{'（签署件）' if p.get('signed') else ''}"
            )
        elif p.get("label"):  # what a proposal or a property item is about
            notes.append(str(p["label"]))
        if p.get("measures"):
            labels = "、".join(
                rules.Measure(m).label for m in p["measures"] if m in rules.Measure.values
            )
            notes.append(f"处分：{labels}")
        if p.get("on"):
            notes.append(f"日期：{cn_date(p['on'])}")
        if p.get("due"):
            notes.append(f"期限至：{cn_date(p['due'])}")
        if p.get("unit"):
            notes.append(f"单位：{p['unit']}")
        rows.append({"event": event, "label": action_label(event.action), "notes": notes})
    return rows


def case_record(user: Any, case: Case, today: date, *, actions: bool = True) -> dict[str, Any]:
    """What the case page and its print page show of the case: each person's track
    (decision, measures, detentions, incidents, stage documents; with ``actions``, the
    steps ``user`` may take on it), the time limits with their state, the case's stage
    and its most urgent running time limit (``urgent``)."""
    people = list(case.people.select_related("unit", "cadre").order_by("id"))
    decisions = selectors.decisions_by_person(case)
    detentions: dict[int, list[Detention]] = {}
    for det in Detention.objects.filter(person__case=case).order_by("started_on"):
        detentions.setdefault(det.person_id, []).append(det)
    documents = selectors.documents_of(case)
    for doc in documents:
        doc.label = DOCUMENT_KINDS[doc.kind].label if doc.kind in DOCUMENT_KINDS else doc.kind
    signed_case = {
        d.kind for d in documents if d.person_id is None and any(v.signed for v in d.versions.all())
    }
    drafted_case = {d.kind for d in documents if d.person_id is None}
    tracks = []
    for person in people:
        summary = selectors.person_summary(person, decisions.get(person.pk, []))
        mine = [d for d in documents if d.person_id == person.pk]
        signed = signed_case | {d.kind for d in mine if any(v.signed for v in d.versions.all())}
        drafted = drafted_case | {d.kind for d in mine}
        dets = [
            {
                "detention": d,
                **dict(zip(("state", "text"), selectors.detention_text(d, today), strict=True)),
                "notice": selectors.hours_text(d.notice_due_at) if d.notice_open else None,
            }
            for d in detentions.get(person.pk, [])
        ]
        incidents = [
            {
                "incident": i,
                "report": None if i.reported_up_at else selectors.hours_text(i.report_due_at),
            }
            for i in person.safety_incidents.order_by("occurred_at", "id")
        ]
        # What the panel asks of the track, read from the rows already loaded.
        person.case = case
        running = [d for d in detentions.get(person.pk, []) if d.released_on is None]
        person.__dict__["_running_detention"] = running[0] if running else None
        person.__dict__["_decided"] = summary["decision"] is not None
        tracks.append(
            {
                **summary,
                "rank_label": RANK_LABELS.get(person.rank, person.rank),
                "badge": selectors.STAGE_BADGE.get(person.stage, ""),
                "detentions": dets,
                "incidents": incidents,
                "stage_documents": selectors.stage_documents(person, signed, drafted),
                "actions": person_actions(user, person) if actions else [],
                "followups": list(person.followups.order_by("planned_on")),
            }
        )
    deadlines = []
    for d in case.deadlines.select_related("person").order_by("met_on", "due_on", "id"):
        state, text = deadline_text(d, today)
        css = {
            "met": "text-success",
            "overdue": "text-danger",
            "due_soon": "text-warning",
            "paused": "text-secondary",
        }
        deadlines.append({"deadline": d, "state": state, "text": text, "css": css.get(state, "")})
    stage = rules.case_stage(
        [p.stage for p in people],
        filed=bool(case.filed_on),
        refused=CaseApproval.objects.filter(case=case, step="filing", approved=False).exists(),
    )
    return {
        "people": people,
        "tracks": tracks,
        "deadlines": deadlines,
        "documents": documents,
        "stage_code": stage,
        "stage": Stage(stage).label,
        "stage_badge": selectors.STAGE_BADGE.get(stage, ""),
        "urgent": urgent_deadline(deadlines, many_people=len(people) > 1),
    }


URGENT_BADGES = {
    "overdue": "bg-red text-white",
    "due_soon": "bg-orange text-white",
    "running": "bg-blue-lt",
}


def urgent_deadline(deadlines: list[dict[str, Any]], *, many_people: bool) -> dict[str, Any] | None:
    """The most urgent running time limit of the case (the earliest due among those not
    met nor paused), as the page's header reads it: "审理期限 已超期279天", with the
    person when the case has several, and how many others are overdue too."""
    running = [d for d in deadlines if d["state"] in URGENT_BADGES]
    if not running:
        return None
    first = min(running, key=lambda d: (d["deadline"].due_on, d["deadline"].pk))
    deadline = first["deadline"]
    label = deadline.get_kind_display()
    if many_people and deadline.person_id:
        label += f"（{deadline.person.name}）"
    overdue = sum(1 for d in running if d["state"] == "overdue" and d is not first)
    return {
        "label": label,
        "text": first["text"],
        "state": first["state"],
        "badge": URGENT_BADGES[first["state"]],
        "others_overdue": overdue,
    }


@capability_required("cases.view")
def case_detail(request, pk: int):
    request.nav_key = "cases"
    user = request.user
    case = selectors.case_get_for(user=user, pk=pk)
    today = _today()
    record = case_record(user, case, today)
    people = record.pop("people")
    pending_filing = (
        CaseApproval.objects.filter(case=case, step="filing", decided_at__isnull=True)
        .select_related("proposed_by")
        .first()
    )
    context: dict[str, Any] = {
        "case": case,
        **record,
        "document_kinds": [(k, v.label) for k, v in DOCUMENT_KINDS.items()],
        "approvals": [
            (a, APPROVAL_STEPS.get(a.step, a.step))
            for a in case.approvals.select_related("proposed_by", "approver", "person")
        ],
        "pending_filing": pending_filing,
        "case_actions": steps.CASE.panel(user, case),
        "co_units": list(case.co_units.all()),
        "investigators": list(case.investigators.all()),
        "reviewers": list(case.reviewers.all()),
        "categories": list(case.categories.all()),
        "recommendations": list(case.recommendations.select_related("unit")),
        "reform_items": list(case.reform_items.select_related("unit")),
        "events": _event_rows(case),
        "today": today,
        "filing_form": forms.FilingDecisionForm(initial=forms.today_initial()),
        "team_form": forms.TeamForm(
            user=user,
            initial={
                "co_units": [u.pk for u in case.co_units.all()],
                "leader": case.leader_id,
                "investigators": [u.pk for u in case.investigators.all()],
            },
        ),
        "recommendation_form": forms.RecommendationForm(
            initial={"issued_on": today, "reply_days": 30}, user=user
        ),
        "reply_form": forms.ReplyForm(initial=forms.today_initial()),
        "reform_form": forms.ReformForm(user=user),
        "reform_done_form": forms.ReformDoneForm(initial=forms.today_initial()),
        "followup_form": forms.FollowUpRecordForm(initial=forms.today_initial()),
        "followup_forms": FollowUpForm.choices,
        "extend_investigation_form": forms.ExtendInvestigationForm(),
        "add_person_form": forms.AddPersonForm(initial=forms.today_initial()),
        "recommendation_statuses": RecommendationStatus,
        "measure_groups": forms.measure_groups(),
    }
    context.update(property_views.section(user, case, context["case_actions"]))
    # The similar-cases panel (issue part 8) while a track is in review or decided.
    in_review = [
        p
        for p in people
        if p.stage in (Stage.REVIEW, Stage.PROSECUTION, Stage.DECIDED) and not p.is_unit
    ]
    if in_review:
        proposal = request.GET.getlist("proposed") or None
        context["similar"] = [
            {"person": p, **selectors.similar_panel(user=user, person=p, proposed=proposal)}
            for p in in_review[:3]
        ]
    return render(request, "cases/case_detail.html", context)


@require_POST
@capability_required("cases.view")
def case_action(request, pk: int, action: str):
    """A step on the case (``steps.CASE``) or on one person's track (``steps.TRACK``,
    the track named by ``person``)."""
    user = request.user
    case = selectors.case_get_for(user=user, pk=pk)
    detail = reverse("cases:case_detail", args=(case.pk,))
    step = steps.TRACK.get(action)
    if step is None or not step.page:
        return steps.CASE.post(request, case, action, back=detail)
    if not user.has_capability(step.capability):
        raise DjangoPermissionDenied("您的角色无权进行此操作。")
    person = _person_or_none(case, request.POST.get("person"))
    if person is None:
        messages.error(request, f"未能{step.label}：请选择被审查调查人")
        return redirect(detail)
    person.case = case
    return steps.TRACK.post(request, person, action, back=detail)


@capability_required("cases.view")
def document_download(request, pk: int, version: int):
    """A document version, read through the case's scope and logged."""
    case = selectors.case_get_for(user=request.user, pk=pk)
    row = (
        DocumentVersion.objects.filter(document__case=case, pk=version)
        .select_related("document")
        .first()
    )
    if row is None:
        raise Http404("未找到该文书")
    return serve_file(
        request,
        row.file,
        filename=row.filename,
        owner=case,
        what=f"document:{row.document.kind}:v{row.number}",
    )
