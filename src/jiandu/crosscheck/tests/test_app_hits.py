"""Triage: a confirmed hit becomes a clue (source 大数据比对) carrying its evidence and
linked both ways; dismissal needs a reason; illegal moves are refused; precision per
rule from decisions and clue outcomes; scoping by the subject's unit, both ways."""

import pytest

from jiandu.audit.models import Event
from jiandu.clues import services as clue_services
from jiandu.clues.models import Clue, ClueSource, ClueStatus
from jiandu.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied
from jiandu.crosscheck import selectors, services
from jiandu.crosscheck.models import Hit, HitStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def hits(county, datasets, run_checks):
    """R01: the teacher (school under the education bureau, resident team 1's);
    R02: a dead pensioner paid by 东镇 (the town A commission's)."""
    run_checks()
    return {h.rule_code: h for h in Hit.objects.all()}


def test_confirm_makes_a_clue_with_the_evidence(county, hits):
    actor = county.users["case_management"]
    hit = services.hit_confirm(actor=actor, hit=hits["R01"], note="与学校工资表核对一致")
    clue = hit.clue
    assert hit.status == HitStatus.CONFIRMED and hit.decided_by == actor
    assert clue.source == ClueSource.CROSSCHECK and clue.status == ClueStatus.REGISTERED
    assert clue.subject_cadre == county.cadres["teacher"]
    assert clue.subject_unit == county.units["school"]
    assert clue.registered_by == actor
    assert clue.transfer_ref == f"比对疑点R01-{hit.pk}"
    assert "李娜（测试县第一中学）为财政供养人员" in clue.summary
    assert "大数据比对规则R01" in clue.summary
    assert "补贴/救助发放第2行：领取人姓名：李娜" in clue.summary
    assert "财政供养人员第2行" in clue.summary and "payee_name" not in clue.summary
    assert "研判意见：与学校工资表核对一致" in clue.summary
    assert set(clue.categories.values_list("code", flat=True)) == {"mass", "fm_mass", "livelihood"}
    assert list(clue.crosscheck_hits.all()) == [hit]
    event = Event.objects.get(action="crosscheck.hit.confirm")
    assert event.payload["clue"] == clue.number and event.to_state == "已转线索"
    assert Event.objects.filter(action="clues.clue.create", object_id=str(clue.pk)).exists()


def test_an_office_that_may_not_register_clues_confirms_and_the_system_registers(county, hits):
    team = county.users["resident_team"]
    hit = services.hit_confirm(actor=team, hit=hits["R01"])
    assert hit.decided_by == team and hit.clue.registered_by is None
    assert Clue.objects.visible_to(team).filter(pk=hit.clue_id).exists()
    event = Event.objects.get(action="crosscheck.hit.confirm")
    assert event.actor_id == team.pk


def test_dismiss_needs_a_reason_and_can_be_reopened(county, hits):
    actor = county.users["case_management"]
    with pytest.raises(DomainError, match="排除疑点须说明理由"):
        services.hit_dismiss(actor=actor, hit=hits["R02"], reason="  ")
    hit = services.hit_dismiss(actor=actor, hit=hits["R02"], reason="同名不同人")
    assert (hit.status, hit.reason) == (HitStatus.DISMISSED, "同名不同人")
    with pytest.raises(DomainError, match="须说明理由"):
        services.hit_reopen(actor=actor, hit=hit, reason="")
    hit = services.hit_reopen(actor=actor, hit=hit, reason="身份证号核对有误，重新研判")
    assert hit.status == HitStatus.NEW and hit.reason == ""
    assert list(
        Event.objects.filter(action__startswith="crosscheck.hit")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == ["crosscheck.hit.dismiss", "crosscheck.hit.reopen"]


def test_illegal_moves_are_refused(county, hits):
    actor = county.users["case_management"]
    services.hit_confirm(actor=actor, hit=hits["R01"])
    for call in (
        lambda: services.hit_confirm(actor=actor, hit=hits["R01"]),
        lambda: services.hit_dismiss(actor=actor, hit=hits["R01"], reason="x"),
        lambda: services.hit_reopen(actor=actor, hit=hits["R01"], reason="x"),
        lambda: services.hit_reopen(actor=actor, hit=hits["R02"], reason="x"),
    ):
        with pytest.raises(IllegalTransition):
            call()
    services.hit_dismiss(actor=actor, hit=hits["R02"], reason="数据录入错误")
    with pytest.raises(IllegalTransition, match="已排除"):
        services.hit_confirm(actor=actor, hit=hits["R02"])
    assert Clue.objects.count() == 1


@pytest.mark.parametrize("role", ["leader", "petition", "review", "inspection"])
def test_roles_without_triage_may_not_decide(county, hits, role):
    with pytest.raises(PermissionDenied):
        services.hit_dismiss(actor=county.users[role], hit=hits["R01"], reason="x")


def test_scoping_both_ways(county, hits):
    team, town = county.users["resident_team"], county.users["township_commission"]
    office1 = county.users["supervision_office"]
    assert set(selectors.hit_list(user=team).values_list("rule_code", flat=True)) == {"R01"}
    assert set(selectors.hit_list(user=town).values_list("rule_code", flat=True)) == {"R02"}
    # The office that guides both (team 1 and town A's commission) sees both.
    assert selectors.hit_list(user=office1).count() == 2
    assert selectors.hit_list(user=county.users["leader"]).count() == 2
    with pytest.raises(NotFound):
        selectors.hit_get_for(user=team, pk=hits["R02"].pk)
    with pytest.raises(NotFound):
        services.hit_dismiss(actor=town, hit=hits["R01"], reason="越权")
    with pytest.raises(NotFound):
        services.hit_confirm(actor=team, hit=hits["R02"])
    assert Hit.objects.filter(status=HitStatus.NEW).count() == 2


def test_unmatched_hits_are_seen_only_by_roles_that_see_every_unit(
    county, datasets, write_csv, run_checks
):
    from jiandu.crosscheck.tests.conftest import OUTSIDER2_ID, PAYMENT_HEADERS

    rows = [["周平", OUTSIDER2_ID, "高龄津贴", "200", "2025-06-10", "不在名册的某单位"]]
    services.dataset_import(
        actor=county.users["case_management"],
        dataset_type="payments",
        source=write_csv(PAYMENT_HEADERS, rows),
    )
    services.dataset_import(
        actor=county.users["case_management"],
        dataset_type="deaths",
        source=write_csv(["姓名", "身份证号", "死亡日期"], [["周平", OUTSIDER2_ID, "2025-01-01"]]),
    )
    run_checks(rules=("R02",))
    hit = Hit.objects.get(subject_name="周平")
    assert hit.subject_unit is None
    assert selectors.hit_list(user=county.users["case_management"]).filter(pk=hit.pk).exists()
    for role in ("resident_team", "township_commission", "supervision_office"):
        assert not selectors.hit_list(user=county.users[role]).filter(pk=hit.pk).exists()


def _route_and_verify(county, clue, finding):
    """Drive a clue through routing, verification and its conclusion."""
    users = county.users
    from jiandu.accounts.models import User

    leader2 = User.objects.create_user(
        username="t_leader_b", password="x-12345678", role="leader", unit=county.units["commission"]
    )
    clue_services.clue_propose_routing(
        actor=users["case_management"], clue=clue, unit=county.units["team1"]
    )
    clue_services.clue_decide_routing(actor=users["leader"], clue=clue, approve=True)
    clue_services.clue_accept(actor=users["resident_team"], clue=clue)
    clue_services.clue_propose_disposition(
        actor=users["resident_team"],
        clue=clue,
        disposition="verification",
        reason="核实",
        verification_plan="调取发放台账",
        verification_team="王某",
    )
    clue_services.clue_decide_disposition(actor=leader2, clue=clue, approve=True)
    outcome = "case" if finding == "true" else "close"
    clue_services.clue_verification_conclude(
        actor=users["resident_team"], clue=clue, outcome=outcome, finding=finding, reason="已核实"
    )


def test_precision_from_decisions_and_clue_outcomes(county, hits, write_csv, run_checks):
    from jiandu.crosscheck.tests.conftest import PAYMENT_HEADERS, payment_rows

    actor = county.users["case_management"]
    # A second R01 hit: the finance head also draws a benefit.
    head = county.cadres["fin_head"]
    services.dataset_import(
        actor=actor,
        dataset_type="payments",
        source=write_csv(
            PAYMENT_HEADERS,
            [
                *payment_rows(county),
                [head.name, head.citizen_id, "临时救助金", "3000", "2025-07-01", "西镇"],
            ],
        ),
    )
    run_checks()
    r01 = list(Hit.objects.filter(rule_code="R01").order_by("id"))
    assert len(r01) == 2
    stats = selectors.rule_precision(user=county.users["leader"])
    assert stats["R01"].triage is None and stats["R01"].pending == 2
    first = services.hit_confirm(actor=actor, hit=r01[0])
    second = services.hit_confirm(actor=actor, hit=r01[1])
    services.hit_dismiss(actor=actor, hit=hits["R02"], reason="已另行处理")
    stats = selectors.rule_precision(user=county.users["leader"])
    assert stats["R01"].triage == 1.0 and stats["R01"].outcome is None  # clues still open
    assert stats["R02"].triage == 0.0 and stats["R02"].overall == 0.0
    _route_and_verify(county, first.clue, "true")
    stats = selectors.rule_precision(user=county.users["leader"])
    assert (stats["R01"].substantiated, stats["R01"].unfounded) == (1, 0)
    assert stats["R01"].outcome == 1.0
    # The second clue: closed directly (nothing to pursue) → counts against the rule.
    users = county.users
    clue = second.clue
    clue_services.clue_propose_routing(
        actor=users["case_management"], clue=clue, unit=county.units["team2"]
    )
    clue_services.clue_decide_routing(actor=users["leader"], clue=clue, approve=True)
    from jiandu.accounts.models import User

    team2 = User.objects.create_user(
        username="t_team2", password="x-12345678", role="resident_team", unit=county.units["team2"]
    )
    clue_services.clue_accept(actor=team2, clue=clue)
    clue_services.clue_propose_disposition(
        actor=team2, clue=clue, disposition="close", reason="系口径差异", close_kind="direct"
    )
    clue_services.clue_decide_disposition(actor=users["leader"], clue=clue, approve=True)
    stats = selectors.rule_precision(user=county.users["leader"])
    assert (stats["R01"].substantiated, stats["R01"].unfounded) == (1, 1)
    assert stats["R01"].outcome == 0.5 and stats["R01"].overall == 0.5
    # Scoped: resident team 1 sees only its own R01 hit (the school's), not the finance
    # bureau's nor the town's.
    mine = selectors.rule_precision(user=county.users["resident_team"])
    assert set(mine) == {"R01"} and (mine["R01"].confirmed, mine["R01"].substantiated) == (1, 1)


def test_workbench_lists_hits_waiting_per_rule(county, hits):
    from jiandu.core.workbench import items_for

    def labels(role):
        return [i.label for i in items_for(county.users[role]) if i.module == "数据比对"]

    assert labels("case_management") == [
        "比对疑点待研判：规则R01 1条",
        "比对疑点待研判：规则R02 1条",
    ]
    assert labels("resident_team") == ["比对疑点待研判：规则R01 1条"]
    assert labels("township_commission") == ["比对疑点待研判：规则R02 1条"]
    assert labels("leader") == []  # leaders read, they do not triage
    services.hit_confirm(actor=county.users["case_management"], hit=hits["R01"])
    assert labels("resident_team") == []
