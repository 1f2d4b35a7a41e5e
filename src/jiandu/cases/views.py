"""Case pages: the ledger (案件台账) with its filters and Excel export, opening a case
(from a clue in 拟立案 or directly), and the case page with its people and their
measures, time limits, stage documents, approvals, recommendations, follow-ups, the
similar-cases panel at review and the timeline. Every write goes through
``jiandu.cases.services``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jiandu.audit.models import Event
from jiandu.cases import exports, forms, rules, selectors, services
from jiandu.cases.documents import DOCUMENT_KINDS
from jiandu.cases.filters import CaseFilter
from jiandu.cases.models import (
    Case,
    CaseApproval,
    CasePerson,
    Detention,
    DocumentVersion,
    FollowUp,
    FollowUpForm,
    Recommendation,
    RecommendationStatus,
    ReformItem,
)
from jiandu.cases.rules import CaseKind, Stage
from jiandu.cases.tables import CaseTable
from jiandu.core.deadlines import deadline_text
from jiandu.core.errors import DomainError, NotFound
from jiandu.core.files import serve_file
from jiandu.core.formatting import cn_date
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
            form.add_error(None, exc.message)
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


@dataclass(frozen=True)
class Action:
    capability: str
    role: str  # "handle", "review", "approve"
    form: Callable[..., Any] | None
    run: Callable[[Any, Case, CasePerson | None, dict[str, Any], Any], Any]
    person: bool = True


def _p(service: Callable[..., Any], *keys: str) -> Callable[..., Any]:
    """A runner calling ``service(actor, person, **the form's keys)``."""

    def run(user: Any, case: Case, person: CasePerson | None, d: dict, request: Any) -> Any:
        return service(actor=user, person=person, **{k: d[k] for k in keys})

    return run


def _decide(user, case, person, d, request):
    return services.case_decide(
        actor=user,
        person=person,
        on=d["on"],
        measures=d["measures"],
        basis=d["basis"],
        amount_recovered=d["amount_recovered"],
    )


def _detain(user, case, person, d, request):
    return services.detention_start(
        actor=user, person=person, on=d["on"], place=d["place"], approval_ref=d["approval_ref"]
    )


def _running_detention(person: CasePerson) -> Detention:
    detention = person.detentions.filter(released_on__isnull=True).first()
    if detention is None:
        raise DomainError(f"{person.name}没有正在执行的留置")
    return detention


def _extend_detention(user, case, person, d, request):
    return services.detention_extend(
        actor=user, detention=_running_detention(person), approval_ref=d["approval_ref"]
    )


def _release(user, case, person, d, request):
    return services.detention_release(
        actor=user, detention=_running_detention(person), on=d["on"], reason=d["reason"]
    )


def _filing(approve: bool):
    def run(user, case, person, d, request):
        return services.case_decide_filing(
            actor=user, case=case, approve=approve, on=d["on"], comment=d["comment"]
        )

    return run


def _set_team(user, case, person, d, request):
    return services.case_set_team(
        actor=user,
        case=case,
        co_units=list(d["co_units"]),
        leader=d["leader"],
        investigators=list(d["investigators"]),
    )


def _add_person(user, case, person, d, request):
    return services.case_add_person(
        actor=user,
        case=case,
        on=d["on"],
        person=services.PersonInput(
            name=d["name"], title=d["title"], is_party_member=d["is_party_member"]
        ),
    )


def _person_or_none(case: Case, pk: Any) -> CasePerson | None:
    if not pk:
        return None
    if isinstance(pk, CasePerson):  # a scoped form field's choice
        pk = pk.pk
    person = case.people.filter(pk=parse_id(pk) or 0).first()
    if person is None:
        raise NotFound()
    return person


def _generate(user, case, person, d, request):
    return services.document_generate(
        actor=user,
        case=case,
        kind=d["kind"],
        person=_person_or_none(case, d["person"]),
        doc_number=d["doc_number"],
    )


def _upload(user, case, person, d, request):
    upload = d["file"]
    return services.document_upload(
        actor=user,
        case=case,
        kind=d["kind"],
        person=_person_or_none(case, d["person"]),
        content=upload.read(),
        filename=upload.name,
        signed=d["signed"],
        note=d["note"],
    )


def _child(model: Any, case: Case, request: Any, field: str = "case") -> Any:
    obj = model.objects.filter(**{field: case}, pk=parse_id(request.POST.get("item")) or 0).first()
    if obj is None:
        raise NotFound()
    return obj


def _rec_issue(user, case, person, d, request):
    return services.recommendation_issue(
        actor=user,
        case=case,
        unit=d["unit"],
        content=d["content"],
        issued_on=d["issued_on"],
        reply_days=d["reply_days"],
        doc_number=d["doc_number"],
    )


def _rec_reply(user, case, person, d, request):
    return services.recommendation_reply(
        actor=user,
        recommendation=_child(Recommendation, case, request),
        on=d["on"],
        reply=d["reply"],
    )


def _rec_close(user, case, person, d, request):
    return services.recommendation_close(
        actor=user, recommendation=_child(Recommendation, case, request), on=d["on"]
    )


def _reform_add(user, case, person, d, request):
    return services.reform_item_add(
        actor=user, case=case, unit=d["unit"], description=d["description"], due_on=d["due_on"]
    )


def _reform_done(user, case, person, d, request):
    return services.reform_item_done(
        actor=user, item=_child(ReformItem, case, request), on=d["on"], result=d["result"]
    )


def _followup_schedule(user, case, person, d, request):
    return services.followup_schedule(actor=user, person=person, planned_on=d["planned_on"])


def _followup_record(user, case, person, d, request):
    return services.followup_record(
        actor=user,
        followup=_child(FollowUp, case, request, field="person__case"),
        on=d["on"],
        form=d["form"],
        findings=d["findings"],
    )


def _extend_investigation(user, case, person, d, request):
    return services.case_extend_investigation(
        actor=user, case=case, approval_ref=d["approval_ref"], reason=d["reason"]
    )


class _ExtendInvestigationForm(forms.StyledForm):
    approval_ref = forms.forms.CharField(label="上一级监察机关批准文号", max_length=100)
    reason = forms.forms.CharField(label="理由", max_length=300)


H, R, A = "cases.handle", "cases.review", "cases.approve"
ACTIONS: dict[str, Action] = {
    # tracks
    "start_investigation": Action(
        H, "handle", forms.DateForm, _p(services.case_start_investigation, "on")
    ),
    "refer_review": Action(H, "handle", forms.DateForm, _p(services.case_refer_review, "on")),
    "accept_review": Action(R, "review", forms.DateForm, _p(services.case_accept_review, "on")),
    "return_supplementary": Action(
        R, "review", forms.ReasonDateForm, _p(services.case_return_supplementary, "on", "reason")
    ),
    "resubmit": Action(H, "handle", forms.DateForm, _p(services.case_resubmit, "on")),
    "return_reinvestigate": Action(
        R, "review", forms.ReasonDateForm, _p(services.case_return_reinvestigate, "on", "reason")
    ),
    "extend_review": Action(
        A, "approve", forms.ReasonForm, _p(services.case_extend_review, "reason")
    ),
    "refer_prosecution": Action(
        R, "review", forms.DateForm, _p(services.case_refer_prosecution, "on")
    ),
    "prosecution_return": Action(
        H, "handle", forms.DateForm, _p(services.case_prosecution_return, "on")
    ),
    "prosecution_resubmit": Action(
        H, "handle", forms.DateForm, _p(services.case_prosecution_resubmit, "on")
    ),
    "decide": Action(R, "review", forms.DecideForm, _decide),
    "serve": Action(H, "handle", forms.DateForm, _p(services.case_serve, "on")),
    "extend_execution": Action(
        A,
        "approve",
        forms.ExecutionExtendForm,
        _p(services.case_extend_execution, "months", "reason", "approval_ref"),
    ),
    "close": Action(
        H, "handle", forms.CloseForm, _p(services.case_close, "on", "amount_recovered")
    ),
    "revoke": Action(A, "approve", forms.ReasonDateForm, _p(services.case_revoke, "on", "reason")),
    "appeal": Action(
        R, "review", forms.AppealForm, _p(services.case_appeal, "on", "kind", "reason")
    ),
    "appeal_decide": Action(
        R,
        "review",
        forms.AppealDecideForm,
        _p(services.case_appeal_decide, "on", "upheld", "reason", "measures"),
    ),
    "detain": Action(A, "approve", forms.DetentionForm, _detain),
    "extend_detention": Action(A, "approve", forms.DetentionExtendForm, _extend_detention),
    "release": Action(H, "handle", forms.ReasonDateForm, _release),
    "followup_schedule": Action(H, "handle", forms.FollowUpScheduleForm, _followup_schedule),
    # the case
    "approve_filing": Action(A, "approve", forms.FilingDecisionForm, _filing(True), False),
    "reject_filing": Action(A, "approve", forms.FilingDecisionForm, _filing(False), False),
    "extend_investigation": Action(
        A, "approve", _ExtendInvestigationForm, _extend_investigation, False
    ),
    "set_team": Action(H, "handle", forms.TeamForm, _set_team, False),
    "add_person": Action(H, "handle", forms.AddPersonForm, _add_person, False),
    "generate": Action("cases.view", "document", forms.GenerateForm, _generate, False),
    "upload": Action("cases.view", "document", forms.UploadForm, _upload, False),
    "recommendation_issue": Action(H, "handle", forms.RecommendationForm, _rec_issue, False),
    "recommendation_reply": Action(H, "handle", forms.ReplyForm, _rec_reply, False),
    "recommendation_close": Action(H, "handle", forms.DateForm, _rec_close, False),
    "reform_add": Action(H, "handle", forms.ReformForm, _reform_add, False),
    "reform_done": Action(H, "handle", forms.ReformDoneForm, _reform_done, False),
    "followup_record": Action(H, "handle", forms.FollowUpRecordForm, _followup_record, False),
}
LABELS = {
    **rules.ACTION_LABELS,
    "detain": "采取留置措施",
    "extend_detention": "延长留置时间",
    "release": "解除留置",
    "followup_schedule": "安排回访",
    "extend_investigation": "延长调查期限",
    "set_team": "调整办案力量",
    "add_person": "增加被审查调查人",
    "generate": "生成文书草稿",
    "upload": "上传文书",
    "recommendation_issue": "发出纪检监察建议书",
    "recommendation_reply": "登记建议书回复",
    "recommendation_close": "建议书整改销号",
    "reform_add": "增加以案促改事项",
    "reform_done": "登记以案促改完成",
    "followup_record": "登记回访",
}


def _roles(user: Any, case: Case) -> set[str]:
    """What the user may do on this case: handle (lead or co-handling unit), review (the
    review office, not an investigator of the case, [规则] 54), approve (leaders)."""
    roles = set()
    if user.has_capability("cases.handle") and user.unit_id in services.handling_unit_ids(case):
        roles.add("handle")
    if user.has_capability("cases.review") and not case.investigators.filter(pk=user.pk).exists():
        roles.add("review")
    if user.has_capability("cases.approve"):
        roles.add("approve")
    if roles & {"handle", "review"}:
        roles.add("document")
    return roles


def person_actions(person: CasePerson, roles: set[str], detained: bool, decided: bool) -> list:
    names = []
    for name, (allowed, _target) in rules.TRANSITIONS.items():
        spec = ACTIONS.get(name)
        if spec and spec.role in roles and person.stage in allowed:
            names.append(name)
    if person.stage in rules.INVESTIGATING and not person.is_unit:
        if detained:
            names += [n for n in ("extend_detention", "release") if ACTIONS[n].role in roles]
        elif "approve" in roles:
            names.append("detain")
    if decided and "handle" in roles and person.stage in (Stage.EXECUTION, Stage.CLOSED):
        names.append("followup_schedule")
    names = [n for n in names if n not in ("approve_filing", "reject_filing")]
    return [
        (
            n,
            LABELS[n],
            ACTIONS[n].form(initial=forms.today_initial(), auto_id=f"{n}-{person.pk}-%s"),
        )
        for n in names
    ]


def _event_rows(case: Case) -> list[dict[str, Any]]:
    from jiandu.core.labels import action_label

    events = Event.objects.filter(object_type="cases.case", object_id=str(case.pk)).order_by("seq")
    rows = []
    for event in events:
        p = event.payload or {}
        notes = []
        if p.get("label"):
            notes.append(
                f"{p['label']} 第{p.get('version')}版{'（签署件）' if p.get('signed') else ''}"
            )
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


@capability_required("cases.view")
def case_detail(request, pk: int):
    request.nav_key = "cases"
    user = request.user
    case = selectors.case_get_for(user=user, pk=pk)
    today = _today()
    roles = _roles(user, case)
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
            }
            for d in detentions.get(person.pk, [])
        ]
        running = any(d.released_on is None for d in detentions.get(person.pk, []))
        tracks.append(
            {
                **summary,
                "rank_label": RANK_LABELS.get(person.rank, person.rank),
                "badge": selectors.STAGE_BADGE.get(person.stage, ""),
                "detentions": dets,
                "stage_documents": selectors.stage_documents(person, signed, drafted),
                "actions": person_actions(person, roles, running, summary["decision"] is not None),
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
    pending_filing = (
        CaseApproval.objects.filter(case=case, step="filing", decided_at__isnull=True)
        .select_related("proposed_by")
        .first()
    )
    context: dict[str, Any] = {
        "case": case,
        "stage": Stage(stage).label,
        "stage_badge": selectors.STAGE_BADGE.get(stage, ""),
        "tracks": tracks,
        "deadlines": deadlines,
        "documents": documents,
        "document_kinds": [(k, v.label) for k, v in DOCUMENT_KINDS.items()],
        "approvals": [
            (a, APPROVAL_STEPS.get(a.step, a.step))
            for a in case.approvals.select_related("proposed_by", "approver", "person")
        ],
        "pending_filing": pending_filing,
        "roles": roles,
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
        "extend_investigation_form": _ExtendInvestigationForm(),
        "add_person_form": forms.AddPersonForm(initial=forms.today_initial()),
        "recommendation_statuses": RecommendationStatus,
        "measure_groups": forms.measure_groups(),
    }
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
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这个操作")
    user = request.user
    case = selectors.case_get_for(user=user, pk=pk)
    if not user.has_capability(spec.capability):
        raise DjangoPermissionDenied("您的角色无权进行此操作。")
    detail = reverse("cases:case_detail", args=(case.pk,))
    label = LABELS[action]
    person = None
    if spec.person:
        person = _person_or_none(case, request.POST.get("person"))
        if person is None:
            messages.error(request, f"未能{label}：请选择被审查调查人")
            return redirect(detail)
        person.case = case
    form = spec.form(request.POST, request.FILES, user=user) if spec.form else None
    if form is not None and not form.is_valid():
        messages.error(request, f"未能{label}：{form.first_error()}")
        return redirect(detail)
    try:
        spec.run(user, case, person, form.cleaned_data if form else {}, request)
    except NotFound:
        raise Http404("未找到该记录，或您无权查看。") from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(detail)
    messages.success(request, f"已{label}")
    return redirect(detail)


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
