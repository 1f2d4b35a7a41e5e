"""澄清正名 ([检举控告规则] 50) and 诬告陷害 ([检举控告规则] 39–45) as processes on a
clue: their state machines, who decides (the principal leader; never the proposer),
the letter filled from the record, the scope of whoever may see them, and the same
step names on the page and in the API."""

from __future__ import annotations

import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from jiandu.audit.models import Event
from jiandu.clues import clearing_rules, clearing_selectors, clearing_services, clearing_steps
from jiandu.clues import services as clue_services
from jiandu.clues.models import (
    Clarification,
    ClarificationStatus,
    ClueApproval,
    FalseAccusationStatus,
)
from jiandu.core.errors import DomainError, IllegalTransition, NotFound
from jiandu.core.testing import Page, PageContract
from jiandu.intake import services as intake_services

pytestmark = pytest.mark.django_db

PLAN = {"verification_plan": "调取账目，询问有关人员", "verification_team": "王某（组长）、李某"}
FACTS = "反映其在学校食堂承包中收受他人财物"


@pytest.fixture
def staff(people):
    """The county; ``leader`` is the commission's principal leader (本单位负责人),
    ``leader2`` a deputy."""
    leader = people.users["leader"]
    leader.is_unit_head = True
    leader.save(update_fields=["is_unit_head"])
    return people


@pytest.fixture
def verifying(staff, routed):
    """A clue under preliminary verification by resident team 1."""

    def make(**kw):
        u = staff.users
        clue = routed(**kw)
        clue_services.clue_propose_disposition(
            actor=u["resident_team"], clue=clue, disposition="verification", reason="具体", **PLAN
        )
        clue_services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
        clue.refresh_from_db()
        return clue

    return make


@pytest.fixture
def found_false(staff, verifying):
    """A clue closed after verification (查否了结) with the report found false."""

    def make(finding="unfounded", **kw):
        clue = verifying(**kw)
        clue_services.clue_verification_conclude(
            actor=staff.users["resident_team"],
            clue=clue,
            outcome="close",
            finding=finding,
            reason="经核查，反映问题失实",
        )
        clue.refresh_from_db()
        return clue

    return make


def propose_clarification(staff, clue, **kw):
    data = {"facts": FACTS, "scope": "unit", "way": "written", **kw}
    return clearing_services.clarification_propose(
        actor=staff.users["resident_team"], clue=clue, **data
    )


def letter_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


# --- the state machines -----------------------------------------------------------------------


def test_illegal_moves_are_refused_with_the_chinese_reason():
    with pytest.raises(IllegalTransition) as refused:
        clearing_rules.CLARIFICATION.check(ClarificationStatus.PROPOSED, "close")
    assert str(refused.value) == (
        "澄清正名当前状态为“待主要负责人审批”，不能澄清正名办结（只有“已澄清”的澄清正名可以）"
    )
    with pytest.raises(IllegalTransition, match="只有“已报上级待批”的诬告陷害查处可以"):
        clearing_rules.FALSE_ACCUSATION.check(FalseAccusationStatus.PROPOSED, "record_approval")
    # Nothing moves out of a final state.
    for state in (ClarificationStatus.CLOSED, ClarificationStatus.REJECTED):
        assert clearing_rules.CLARIFICATION.steps_from(state) == []
    for state in (FalseAccusationStatus.CLOSED, FalseAccusationStatus.DROPPED):
        assert clearing_rules.FALSE_ACCUSATION.steps_from(state) == []


def test_where_each_process_may_start():
    ok = {"status": "closed", "close_kind": "after_check", "finding": "unfounded"}
    assert clearing_rules.clarification_refusal(**ok) == ""
    assert clearing_rules.false_accusation_refusal(**ok) == ""
    verifying = {"status": "verification", "close_kind": "", "finding": ""}
    assert "查否了结" in clearing_rules.clarification_refusal(**verifying)
    assert clearing_rules.false_accusation_refusal(**verifying) == ""
    direct = {"status": "closed", "close_kind": "direct", "finding": ""}
    assert clearing_rules.clarification_refusal(**direct)
    assert clearing_rules.false_accusation_refusal(**direct)
    true = {"status": "closed", "close_kind": "after_check", "finding": "true"}
    assert "失实" in clearing_rules.clarification_refusal(**true)
    assert "失实" in clearing_rules.false_accusation_refusal(**true)


# --- 澄清正名 ---------------------------------------------------------------------------------


def test_a_clearing_from_proposal_to_close(staff, found_false):
    u = staff.users
    clue = found_false()
    c = propose_clarification(staff, clue)
    assert (c.status, c.person_name, c.proposed_by) == ("proposed", "张伟", u["resident_team"])
    assert ClueApproval.pending(step="clarification", clue=clue) is not None
    # Only one running clearing per clue.
    with pytest.raises(DomainError, match="已有办理中的澄清正名"):
        propose_clarification(staff, clue)
    # A deputy leader may not approve: [检举控告规则] 50 wants the principal leader.
    with pytest.raises(DomainError, match="主要负责人批准"):
        clearing_services.clarification_decide(actor=u["leader2"], clarification=c, approve=True)
    # Carried out before approval: refused by the machine.
    with pytest.raises(IllegalTransition, match="只有“已批准待澄清”"):
        clearing_services.clarification_carry_out(
            actor=u["resident_team"], clarification=c, on=timezone.localdate()
        )
    clearing_services.clarification_decide(
        actor=u["leader"], clarification=c, approve=True, comment="同意"
    )
    c.refresh_from_db()
    assert (c.status, c.approved_on) == ("approved", timezone.localdate())
    # A written clearing names the letter's 文号.
    with pytest.raises(DomainError, match="文号"):
        clearing_services.clarification_carry_out(
            actor=u["resident_team"], clarification=c, on=timezone.localdate()
        )
    with pytest.raises(DomainError, match="不能早于"):
        clearing_services.clarification_carry_out(
            actor=u["resident_team"],
            clarification=c,
            on=timezone.localdate() - timedelta(days=1),
            letter_number="青纪函〔2026〕3号",
        )
    clearing_services.clarification_carry_out(
        actor=u["resident_team"],
        clarification=c,
        on=timezone.localdate(),
        letter_number="青纪函〔2026〕3号",
        note="已向县教育局党组发函",
    )
    clearing_services.clarification_close(actor=u["resident_team"], clarification=c)
    c.refresh_from_db()
    assert (c.status, c.letter_number) == ("closed", "青纪函〔2026〕3号")
    actions = list(
        Event.objects.filter(object_type="clues.clarification", object_id=str(c.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "clues.clarification.propose",
        "clues.clarification.approve",
        "clues.clarification.carry_out",
        "clues.clarification.close",
    ]


def test_the_proposer_may_not_approve_their_own_clearing(staff, found_false, monkeypatch):
    from jiandu.accounts import rules as access

    # The principal leader working in the handling team (no role does both; the table is
    # patched for this test only).
    caps = access.ROLE_CAPABILITIES[access.Role.LEADER] | {"clues.handle"}
    monkeypatch.setitem(access.ROLE_CAPABILITIES, access.Role.LEADER, caps)
    clue = found_false()
    leader = staff.users["leader"]
    leader.unit = staff.units["team1"]
    leader.save()
    c = clearing_services.clarification_propose(
        actor=leader, clue=clue, facts=FACTS, scope="person", way="talk"
    )
    with pytest.raises(DomainError, match="拟办人不能审批"):
        clearing_services.clarification_decide(actor=leader, clarification=c, approve=True)
    c.refresh_from_db()
    assert c.status == "proposed"


def test_a_clearing_needs_a_report_found_false(staff, verifying, found_false):
    with pytest.raises(DomainError, match="查否了结"):
        propose_clarification(staff, verifying())
    with pytest.raises(DomainError, match="失实"):
        propose_clarification(staff, found_false(finding="partly_true"))
    clue = found_false()
    with pytest.raises(DomainError, match="通报范围"):
        propose_clarification(staff, clue, scope="everywhere")
    # Only the handling unit proposes.
    with pytest.raises(DomainError, match="只能由承办单位办理"):
        clearing_services.clarification_propose(
            actor=staff.users["supervision_office"],
            clue=clue,
            facts=FACTS,
            scope="unit",
            way="talk",
        )


def test_a_refused_clearing_ends_and_a_new_one_may_be_proposed(staff, found_false):
    u = staff.users
    clue = found_false()
    c = propose_clarification(staff, clue)
    clearing_services.clarification_decide(
        actor=u["leader"], clarification=c, approve=False, comment="暂不澄清"
    )
    c.refresh_from_db()
    assert c.status == "rejected"
    assert propose_clarification(staff, clue, scope="committee").status == "proposed"


def test_the_letter_is_filled_from_the_record(staff, found_false, client_for):
    u = staff.users
    clue = found_false()
    c = propose_clarification(staff, clue, scope="committee")
    url = reverse("clues:clarification_letter", args=(clue.pk, c.pk))
    client = client_for(u["resident_team"])
    assert client.get(url).status_code == 404  # no letter before the approval
    clearing_services.clarification_decide(actor=u["leader"], clarification=c, approve=True)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = letter_text(response.content)
    assert "关于为张伟同志澄清正名的函" in text
    assert FACTS in text
    assert "经核查，上述反映失实" in text
    assert "第五十条" in text and "经本委主要负责人于" in text
    assert "请在你单位党委（党组）范围内通报本函内容" in text
    assert "向所在单位党委（党组）通报" in text
    # The API gives the same letter.
    api = client.get(f"/api/clarifications/{c.pk}/letter/")
    assert api.status_code == 200 and FACTS in letter_text(api.content)


# --- 诬告陷害 ---------------------------------------------------------------------------------


@pytest.fixture
def reported(staff, verifying):
    """A clue from a named report, under verification."""
    report = intake_services.report_register(
        actor=staff.users["petition"],
        channel="letter",
        content="反映张伟在学校食堂承包中收受他人财物。",
        received_at=timezone.now(),
        subject_text="张伟",
        is_named=True,
        reporter={"name": "赵某某", "phone": "13800000000"},
    )
    clue = verifying(reports=[report])
    return SimpleNamespace(clue=clue, report=report)


def test_a_false_accusation_from_finding_to_close(staff, reported, client_for):
    u, clue, report = staff.users, reported.clue, reported.report
    other = intake_services.report_register(
        actor=u["petition"],
        channel="letter",
        content="反映王某违规经商办企业。",
        received_at=timezone.now(),
        subject_text="王某",
    )
    with pytest.raises(DomainError, match="不是该线索的来源信访件"):
        clearing_services.false_accusation_propose(
            actor=u["resident_team"], clue=clue, evidence="伪造收据", report=other
        )
    fa = clearing_services.false_accusation_propose(
        actor=u["resident_team"],
        clue=clue,
        evidence="举报所附收据系伪造，经笔迹鉴定为举报人所写",
        report=report,
        reporter_identified=True,
        aggravating="经调查已有明确结论，仍诬告陷害他人",
    )
    assert fa.status == "proposed"
    # Nothing about the reporter is copied into the record: only the report's link.
    assert "赵某某" not in str([getattr(fa, f.attname) for f in fa._meta.concrete_fields])
    with pytest.raises(IllegalTransition):
        clearing_services.false_accusation_follow_up(
            actor=u["resident_team"],
            false_accusation=fa,
            kind="party_discipline",
            on=timezone.localdate(),
        )
    clearing_services.false_accusation_review(
        actor=u["leader2"], false_accusation=fa, submit=True, comment="报市纪委监委批准"
    )
    fa.refresh_from_db()
    assert (fa.status, fa.submitted_on) == ("submitted", timezone.localdate())
    with pytest.raises(DomainError, match="批准机关"):
        clearing_services.false_accusation_record_decision(
            actor=u["resident_team"],
            false_accusation=fa,
            approved=True,
            approving_body="",
            on=timezone.localdate(),
        )
    with pytest.raises(DomainError, match="不能早于"):
        clearing_services.false_accusation_record_decision(
            actor=u["resident_team"],
            false_accusation=fa,
            approved=True,
            approving_body="××市纪委监委",
            on=timezone.localdate() - timedelta(days=1),
        )
    clearing_services.false_accusation_record_decision(
        actor=u["resident_team"],
        false_accusation=fa,
        approved=True,
        approving_body="××市纪委监委",
        on=timezone.localdate(),
        approval_ref="××纪批〔2026〕8号",
    )
    with pytest.raises(DomainError, match="移交的党组织或机关"):
        clearing_services.false_accusation_follow_up(
            actor=u["resident_team"],
            false_accusation=fa,
            kind="public_security",
            on=timezone.localdate(),
        )
    clearing_services.false_accusation_follow_up(
        actor=u["resident_team"],
        false_accusation=fa,
        kind="public_security",
        on=timezone.localdate(),
        handed_to="××县公安局",
        note="涉嫌诬告陷害罪，移送公安机关",
    )
    with pytest.raises(DomainError, match="谈心谈话"):
        clearing_services.false_accusation_close(
            actor=u["resident_team"], false_accusation=fa, care_done=False
        )
    clearing_services.false_accusation_close(
        actor=u["resident_team"], false_accusation=fa, care_done=True, exposed=True
    )
    fa.refresh_from_db()
    assert (fa.status, fa.approving_body, fa.follow_up_kind, fa.exposed) == (
        "closed",
        "××市纪委监委",
        "public_security",
        True,
    )
    assert (
        Event.objects.filter(object_type="clues.falseaccusation", object_id=str(fa.pk)).count() == 5
    )
    # The clue page shows the process with the report's number (never the reporter).
    response = client_for(u["resident_team"]).get(reverse("clues:clue_detail", args=(clue.pk,)))
    html = response.content.decode()
    assert 'data-testid="false-accusation" data-status="closed"' in html
    assert "××市纪委监委" in html and "移送公安机关依法处理" in html
    assert "赵某某" not in html
    # The report's number passes through the viewer's scope: the leader sees it.
    response = client_for(u["leader"]).get(reverse("clues:clue_detail", args=(clue.pk,)))
    html = response.content.decode()
    assert report.number in html and "赵某某" not in html


def test_a_leader_drops_a_mistaken_report_with_a_reason(staff, reported):
    u = staff.users
    fa = clearing_services.false_accusation_propose(
        actor=u["resident_team"], clue=reported.clue, evidence="举报内容与事实不符"
    )
    with pytest.raises(DomainError, match="写明理由"):
        clearing_services.false_accusation_review(
            actor=u["leader"], false_accusation=fa, submit=False
        )
    clearing_services.false_accusation_review(
        actor=u["leader"], false_accusation=fa, submit=False, comment="属错告，对举报人进行教育"
    )
    fa.refresh_from_db()
    assert (fa.status, fa.dropped_reason) == ("dropped", "属错告，对举报人进行教育")
    approval = ClueApproval.objects.get(clue=reported.clue, step="false_accusation")
    assert (approval.approver, approval.approved) == (u["leader"], False)


def test_the_proposer_may_not_submit_their_own_finding(staff, reported, monkeypatch):
    from jiandu.accounts import rules as access

    caps = access.ROLE_CAPABILITIES[access.Role.LEADER] | {"clues.handle"}
    monkeypatch.setitem(access.ROLE_CAPABILITIES, access.Role.LEADER, caps)
    leader = staff.users["leader2"]
    leader.unit = staff.units["team1"]
    leader.save()
    fa = clearing_services.false_accusation_propose(
        actor=leader, clue=reported.clue, evidence="伪造材料"
    )
    with pytest.raises(DomainError, match="拟办人不能审批"):
        clearing_services.false_accusation_review(actor=leader, false_accusation=fa, submit=True)


# --- scope ------------------------------------------------------------------------------------


def test_another_unit_cannot_see_them(staff, found_false, client_for):
    u = staff.users
    clue = found_false()
    c = propose_clarification(staff, clue)
    fa = clearing_services.false_accusation_propose(
        actor=u["resident_team"], clue=clue, evidence="伪造材料"
    )
    outsider = u["township_commission"]
    assert not clearing_selectors.clarifications_visible(user=outsider).exists()
    assert not clearing_selectors.false_accusations_visible(user=outsider).exists()
    with pytest.raises(NotFound):
        clearing_selectors.clarification_get_for(user=outsider, pk=c.pk)
    assert list(clearing_selectors.clarifications_visible(user=u["resident_team"])) == [c]
    assert list(clearing_selectors.false_accusations_visible(user=u["leader"])) == [fa]
    client = client_for(outsider)
    assert client.get(f"/api/clarifications/{c.pk}/").status_code == 404
    assert client.get(f"/api/false-accusations/{fa.pk}/").status_code == 404
    assert client.get("/api/clarifications/").json()["count"] == 0
    before = Event.objects.count()
    response = client.post(
        reverse("clues:clue_action", args=(clue.pk, "clarification-approve")), {"process": c.pk}
    )
    assert response.status_code == 404
    assert Event.objects.count() == before
    # The outsider also may not act on it through the API.
    response = client.post(
        f"/api/false-accusations/{fa.pk}/record_approval/", {}, content_type="application/json"
    )
    assert response.status_code in (403, 404)


# --- page and API -----------------------------------------------------------------------------


def api_step_names(basename: str) -> set[str]:
    from jiandu.api import router

    prefix = f"{basename}-"
    names = {u.name.removeprefix(prefix) for u in router.urls if u.name.startswith(prefix)}
    return {n.replace("-", "_") for n in names} - {"list", "detail", "letter"}


@pytest.mark.parametrize(
    ("workflow", "basename"),
    [
        (clearing_steps.CLARIFICATION_WORKFLOW, "clarification"),
        (clearing_steps.FALSE_ACCUSATION_WORKFLOW, "false-accusation"),
    ],
)
def test_page_and_api_expose_the_same_step_names(workflow, basename):
    page = {s.name for s in workflow.page_steps()}
    api = {s.name for s in workflow.api_steps()}
    assert page == api == set(workflow.machine) == api_step_names(basename)


def test_a_clearing_through_the_page_and_the_api(staff, found_false, client_for):
    u = staff.users
    clue = found_false()
    team = client_for(u["resident_team"])
    detail = reverse("clues:clue_detail", args=(clue.pk,))
    page = team.get(detail).content.decode()
    assert 'data-testid="form-propose_clarification"' in page
    assert 'data-testid="form-propose_false_accusation"' in page
    response = team.post(
        reverse("clues:clue_action", args=(clue.pk, "propose_clarification")),
        {"facts": FACTS, "scope": "system", "way": "meeting"},
    )
    assert response.status_code == 302
    c = Clarification.objects.get(clue=clue)
    assert (c.scope, c.way) == ("system", "meeting")
    page = team.get(detail).content.decode()
    assert 'data-testid="clarification" data-status="proposed"' in page
    assert "form-propose_clarification" not in page  # one running clearing at a time
    # The principal leader approves through the API, under the same step name.
    leader = client_for(u["leader"])
    assert 'data-testid="form-clarification-approve"' in leader.get(detail).content.decode()
    response = leader.post(
        f"/api/clarifications/{c.pk}/approve/", {"comment": "同意"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    # The deputy is offered nothing.
    assert not clearing_steps.CLARIFICATION_WORKFLOW.panel(u["leader2"], c)
    # The team carries it out on the page (one test client: logged in again).
    team = client_for(u["resident_team"])
    response = team.post(
        reverse("clues:clue_action", args=(clue.pk, "clarification-carry_out")),
        {
            "process": c.pk,
            "on": timezone.localdate().isoformat(),
            "note": "在全县教育系统会议上通报",
        },
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == "carried_out"
    api = team.get(f"/api/clues/{clue.pk}/").json()
    assert api["clarifications"][0]["status"] == "carried_out"


class TestClearingPages(PageContract):
    pages = [
        Page(
            "clues:clarification_letter",
            args=lambda c: (c.clue.pk, c.clarification.pk),
            allowed="resident_team",
            forbidden="inspection",
            hidden=lambda c: (c.clue.pk, c.clarification.pk),
            viewer="township_commission",
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ]


@pytest.fixture
def ctx(staff, found_false):
    clue = found_false()
    c = propose_clarification(staff, clue)
    clearing_services.clarification_decide(
        actor=staff.users["leader"], clarification=c, approve=True
    )
    return SimpleNamespace(clue=clue, clarification=c)


@pytest.fixture
def users(staff):
    return staff.users


def test_the_ledger_filters_clues_by_their_clearing(staff, found_false, routed, client_for):
    u = staff.users
    cleared, other = found_false(), routed()
    c = propose_clarification(staff, cleared)
    client = client_for(u["leader"])
    url = reverse("clues:clue_list")
    html = client.get(url, {"clearing": "clarification"}).content.decode()
    assert cleared.number in html and other.number not in html
    assert cleared.number not in client.get(url, {"clearing": "cleared"}).content.decode()
    clearing_services.clarification_decide(actor=u["leader"], clarification=c, approve=True)
    clearing_services.clarification_carry_out(
        actor=u["resident_team"], clarification=c, on=timezone.localdate(), letter_number="1号"
    )
    cleared.refresh_from_db()
    assert cleared.cleared  # derived from the process, no flag
    assert (
        cleared.number in client_for(u["leader"]).get(url, {"clearing": "cleared"}).content.decode()
    )
    api = client_for(u["leader"]).get("/api/clues/", {"clearing": "false_accusation"}).json()
    assert api["count"] == 0


def test_the_workbench_shows_whose_turn_it_is(staff, found_false):
    from jiandu.core.workbench import items_for

    u = staff.users
    clue = found_false()
    c = propose_clarification(staff, clue)

    def labels(user):
        return [i.label for i in items_for(user) if "澄清" in i.label or "诬告" in i.label]

    assert labels(u["leader"]) == [f"待批准澄清正名：{clue.number} 张伟"]
    assert labels(u["leader2"]) == []  # a deputy does not approve a clearing
    assert labels(u["township_commission"]) == []
    clearing_services.clarification_decide(actor=u["leader"], clarification=c, approve=True)
    assert labels(u["resident_team"]) == [f"待登记澄清情况：{clue.number} 张伟"]
    assert labels(u["leader"]) == []


def test_a_former_clearing_flag_becomes_a_closed_clearing():
    """Migration 0007: each clue flagged 澄清正名 gets a closed clearing dated on its
    closing, with what the flag never recorded (scope, way) left empty."""
    import importlib
    from datetime import date

    migration = importlib.import_module(
        "jiandu.clues.migrations.0008_clarification_and_false_accusation"
    )
    flagged = SimpleNamespace(subject_name="张伟", closed_on=date(2025, 3, 4), received_on=None)
    made = []

    class Rows:
        def __init__(self, rows):
            self.rows = rows

        def filter(self, **kw):
            assert kw == {"cleared": True}
            return self

        def iterator(self):
            return iter(self.rows)

    class Clarification(SimpleNamespace):
        objects = SimpleNamespace(bulk_create=lambda rows, batch_size: made.extend(rows))

    models = {"Clue": SimpleNamespace(objects=Rows([flagged])), "Clarification": Clarification}
    apps = SimpleNamespace(get_model=lambda app, name: models[name])
    migration.clearings_from_the_flag(apps, None)
    (row,) = made
    assert (row.clue, row.status, row.person_name) == (flagged, "closed", "张伟")
    assert row.proposed_on == row.carried_out_on == row.closed_on == date(2025, 3, 4)
    assert "未记录" in row.facts and not hasattr(row, "scope")
