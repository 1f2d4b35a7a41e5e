"""The clue pages through the client: the generic page contract (CONVENTIONS 11), the
register form, each workflow step through the action panel, refused steps, the triage
panel and the workbench items."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from jiandu.audit.models import Event
from jiandu.clues import services
from jiandu.clues.models import Clue, ClueDeadlineKind, ClueStatus
from jiandu.core.downloads import XLSX
from jiandu.core.testing import Page, PageContract

PLAN = {"verification_plan": "调取账目，询问有关人员", "verification_team": "王某（组长）、李某"}

pytestmark = pytest.mark.django_db


class TestPages(PageContract):
    pages = [
        Page("clues:clue_list", allowed="township_commission", forbidden="inspection"),
        Page(
            "clues:clue_list",
            id="clues:clue_list[rows]",
            allowed="leader",
            htmx='data-testid="clue-row"',
            max_queries=20,
        ),
        Page(
            "clues:clue_detail",
            args=lambda c: (c.clue.pk,),
            allowed="resident_team",
            forbidden="inspection",
            hidden=lambda c: (c.clue.pk,),
            viewer="township_commission",
        ),
        Page(
            "clues:clue_print",
            args=lambda c: (c.clue.pk,),
            allowed="resident_team",
            forbidden="inspection",
            hidden=lambda c: (c.clue.pk,),
            viewer="township_commission",
        ),
        Page("clues:clue_create", allowed="case_management", forbidden="resident_team"),
        Page(
            "clues:cadre_search",
            allowed="case_management",
            forbidden="resident_team",
        ),
        Page("clues:transfer_import", allowed="case_management", forbidden="resident_team"),
        Page(
            "clues:transfer_template",
            allowed="case_management",
            forbidden="resident_team",
            content_type=XLSX,
        ),
        Page(
            "clues:clue_export",
            allowed="supervision_office",
            forbidden="inspection",
            content_type=XLSX,
        ),
        Page(
            "clues:clue_action",
            args=lambda c: (c.fresh.pk, "propose_routing"),
            get=False,
            allowed="case_management",
            forbidden="inspection",
            hidden=lambda c: (c.clue.pk, "propose_routing"),
            viewer="township_commission",
            data=lambda c: {"unit": c.units["team1"].pk, "note": "按联系关系"},
            audit="clues.clue.propose_routing",
        ),
    ]


@pytest.fixture
def ctx(people, routed, new_clue):
    """A clue handled by resident team 1 (``clue``) and a new one (``fresh``)."""
    return SimpleNamespace(clue=routed(), fresh=new_clue(), units=people.units)


@pytest.fixture
def users(people):
    return people.users


@pytest.fixture
def clue(routed):
    """A clue of the education bureau's head, handled by resident team 1."""
    return routed()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def act(client, clue, action, data=None, *, follow=True):
    return client.post(
        reverse("clues:clue_action", args=(clue.pk, action)), data or {}, follow=follow
    )


# --- beyond the generic contract ---------------------------------------------------------


def test_petition_office_registers_but_does_not_read_the_ledger(client_for, people):
    client = client_for(people.users["petition"])
    assert client.get(reverse("clues:clue_create")).status_code == 200
    assert client.get(reverse("clues:clue_list")).status_code == 403


def test_other_units_clue_is_404_like_a_missing_one(client_for, people, clue):
    client = client_for(people.users["township_commission"])
    assert client.get(reverse("clues:clue_detail", args=(clue.pk,))).status_code == 404
    assert client.get(reverse("clues:clue_detail", args=(987654,))).status_code == 404
    # Acting on it is refused the same way, and changes nothing.
    before = Event.objects.count()
    response = act(client, clue, "propose_disposition", {"disposition": "shelve"}, follow=False)
    assert response.status_code == 404
    assert Event.objects.count() == before


def test_a_write_through_the_page_records_an_audit_event(client_for, people, new_clue):
    clue = new_clue()
    user = people.users["case_management"]
    before = Event.objects.count()
    response = act(
        client_for(user),
        clue,
        "propose_routing",
        {"unit": people.units["team1"].pk, "note": "按联系关系"},
        follow=False,
    )
    assert response.status_code == 302
    assert response.url == reverse("clues:clue_detail", args=(clue.pk,))
    event = Event.objects.order_by("-seq").first()
    assert Event.objects.count() == before + 1
    assert (event.action, event.actor_id) == ("clues.clue.propose_routing", user.id)


def test_actions_need_a_post(client_for, people, clue):
    response = client_for(people.users["resident_team"]).get(
        reverse("clues:clue_action", args=(clue.pk, "accept"))
    )
    assert response.status_code == 405


def test_an_action_the_role_lacks_is_403(client_for, people, clue):
    # The township commission cannot see it (404); the leader sees it but does not handle.
    response = act(client_for(people.users["leader"]), clue, "accept", follow=False)
    assert response.status_code == 403
    response = act(client_for(people.users["leader"]), clue, "no_such_step", follow=False)
    assert response.status_code == 404


# --- registering a clue -------------------------------------------------------------------


def test_register_a_transferred_clue_about_a_cadre(client_for, people):
    client = client_for(people.users["case_management"])
    cadre = people.cadres["edu_head"]
    response = client.post(
        reverse("clues:clue_create"),
        {
            "source": "inspection",
            "transfer_ref": "县委巡察办〔2026〕3号",
            "received_on": "2026-10-09",
            "subject_cadre": cadre.pk,
            "categories": ["integrity", "hd_dining"],
            "summary": "巡察发现其多次接受管理服务对象宴请。",
        },
    )
    clue = Clue.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("clues:clue_detail", args=(clue.pk,))
    assert (clue.subject_cadre, clue.subject_unit) == (cadre, people.units["dept_edu"])
    assert clue.transfer_ref == "县委巡察办〔2026〕3号" and clue.received_on == date(2026, 10, 9)
    assert set(clue.categories.values_list("code", flat=True)) == {"integrity", "hd_dining"}
    # An inspection transfer also starts the 3-month feedback limit ([巡视条例] 29).
    assert clue.deadlines.filter(kind=ClueDeadlineKind.INSPECTION_FEEDBACK).exists()
    html = client.get(response.url).content.decode()
    assert "已登记问题线索" in html and "巡察移交线索反馈" in html
    assert 'data-testid="upward-alert"' in html  # the bureau's head ([规则] 22)


def test_register_a_clue_about_someone_not_in_the_roster(client_for, people):
    client = client_for(people.users["case_management"])
    response = client.post(
        reverse("clues:clue_create"),
        {
            "source": "audit",
            "received_on": timezone.localdate().isoformat(),
            "subject_name": "赵某",
            "subject_unit": people.units["school"].pk,
            "summary": "审计发现食堂采购账目不清。",
        },
    )
    clue = Clue.objects.get()
    assert response.status_code == 302
    assert (clue.subject_name, clue.subject_cadre, clue.subject_unit) == (
        "赵某",
        None,
        people.units["school"],
    )
    assert not clue.report_upward


def test_register_form_refuses_a_clue_without_a_subject_or_in_the_future(client_for, people):
    client = client_for(people.users["case_management"])
    html = client.post(
        reverse("clues:clue_create"),
        {"source": "audit", "received_on": "2026-10-09", "summary": "x"},
    ).content.decode()
    assert "请从干部名册中选择被反映人" in html
    tomorrow = timezone.localdate() + timedelta(days=1)
    html = client.post(
        reverse("clues:clue_create"),
        {
            "source": "audit",
            "received_on": tomorrow.isoformat(),
            "subject_name": "赵某",
            "summary": "x",
        },
    ).content.decode()
    assert "收到日期不能晚于今天" in html
    assert not Clue.objects.exists()


def test_petition_office_registering_stays_on_the_form(client_for, people):
    """The petition office may register but not read the register."""
    client = client_for(people.users["petition"])
    response = client.post(
        reverse("clues:clue_create"),
        {
            "source": "higher",
            "received_on": timezone.localdate().isoformat(),
            "subject_name": "钱某",
            "summary": "上级交办。",
        },
    )
    assert response.status_code == 302 and response.url == reverse("clues:clue_create")
    assert Clue.objects.filter(subject_name="钱某").exists()


def test_cadre_search_returns_options_of_visible_cadres(client_for, people):
    client = client_for(people.users["case_management"])
    html = client.get(reverse("clues:cadre_search"), {"q": "张伟"}).content.decode()
    assert html.count('<option value="') == 3  # the prompt and two namesakes
    assert "测试县教育局局长" in html and "东镇镇党委书记" in html
    assert f'value="{people.cadres["edu_head"].pk}"' in html
    html = client.get(reverse("clues:cadre_search"), {"q": "无此人"}).content.decode()
    assert "没有找到" in html
    forbidden = client_for(people.users["resident_team"]).get(
        reverse("clues:cadre_search"), {"q": "张伟"}
    )
    assert forbidden.status_code == 403


# --- the workflow through the page --------------------------------------------------------


def test_a_letter_inquiry_through_the_pages(client_for, people, new_clue):
    u = people.users
    clue = new_clue(received_on=date(2026, 9, 1))
    detail = reverse("clues:clue_detail", args=(clue.pk,))

    client = client_for(u["case_management"])
    html = client.get(detail).content.decode()
    assert 'data-testid="form-propose_routing"' in html
    # The routing select is pre-filled with the liaison suggestion.
    assert f'value="{people.units["team1"].pk}" selected' in html
    act(client, clue, "propose_routing", {"unit": people.units["team1"].pk})

    client = client_for(u["leader"])
    html = client.get(detail).content.decode()
    assert 'data-testid="form-decide_routing"' in html and "拟由派驻第一纪检监察组承办" in html
    html = act(client, clue, "approve_routing", {"comment": "同意"}).content.decode()
    assert "已批准分办" in html

    client = client_for(u["resident_team"])
    html = client.get(detail).content.decode()
    assert 'data-testid="form-accept"' in html
    act(client, clue, "accept")
    html = act(
        client,
        clue,
        "propose_disposition",
        {"disposition": "inquiry", "inquiry_mode": "letter", "reason": "问题较具体，先行函询"},
    ).content.decode()
    assert "已提出处置意见" in html

    client = client_for(u["leader"])
    html = client.get(detail).content.decode()
    assert 'data-testid="form-decide_disposition"' in html and "拟谈话函询（函询）" in html
    act(client, clue, "approve_disposition", {"comment": "同意函询"})

    client = client_for(u["resident_team"])
    html = client.get(detail).content.decode()
    assert 'data-testid="form-inquiry_start"' in html and "被反映人收到函件日期" in html
    html = act(client, clue, "inquiry_start", {"on": "2026-09-28"}).content.decode()
    # 15 working days across National Day ([规则] 29): due 2026-10-23.
    assert "函询回复" in html and "2026年10月23日" in html
    assert "日期：2026年9月28日" in html  # on the timeline
    assert 'data-testid="form-inquiry_reply"' in html
    clue.refresh_from_db()
    assert clue.status == ClueStatus.INQUIRY and clue.inquiry_mode == "letter"
    html = act(client, clue, "inquiry_reply", {"on": "2026-10-20"}).content.decode()
    assert "2026年11月20日" in html  # the report is due 1 month after the reply
    assert 'data-testid="form-inquiry_conclude"' in html
    html = act(
        client,
        clue,
        "inquiry_conclude",
        {
            "outcome": "first_form",
            "finding": "partly_true",
            "measure_kind": "first_talk_reminder",
            "cleared": "on",  # hidden with another outcome chosen: ignored
            "reason": "反映问题部分属实，予以谈话提醒",
        },
    ).content.decode()
    clue.refresh_from_db()
    assert clue.status == ClueStatus.CLOSED and not clue.cleared
    assert 'data-testid="measure-table"' in html and "谈话提醒" in html
    # Every step is on the timeline, in order, with who did it.
    events = list(
        Event.objects.filter(object_type="clues.clue", object_id=str(clue.pk)).order_by("seq")
    )
    assert [e.action.rsplit(".", 1)[-1] for e in events] == [
        "create",
        "propose_routing",
        "approve_routing",
        "accept",
        "propose_disposition",
        "approve_disposition",
        "inquiry_start",
        "inquiry_reply",
        "inquiry_conclude",
    ]
    assert html.count('data-testid="timeline-row"') == len(events)
    assert "当前没有需要您办理的操作" in html


def test_verification_with_extension_and_a_cleared_close(client_for, people, clue):
    u = people.users
    services.clue_propose_disposition(
        actor=u["resident_team"], clue=clue, disposition="verification", reason="线索具体", **PLAN
    )
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    leader = client_for(u["leader"])
    html = act(leader, clue, "verification_extend", {"reason": "涉及账目较多"}).content.decode()
    assert "已初步核实延期" in html and "（已延期）" in html
    assert 'data-testid="form-verification_extend"' not in html  # only once
    team = client_for(u["resident_team"])
    html = act(
        team,
        clue,
        "verification_conclude",
        {"outcome": "close", "finding": "", "reason": "x"},
    ).content.decode()
    assert "请填写核查结论" in html
    html = act(
        team,
        clue,
        "verification_conclude",
        {"outcome": "close", "finding": "unfounded", "cleared": "on", "reason": "反映失实"},
    ).content.decode()
    clue.refresh_from_db()
    # 澄清正名 is no flag of the conclusion ("cleared" is no field of it any more): the
    # clearing panel offers the process ([检举控告规则] 50, test_clearing).
    assert (clue.status, clue.close_kind, clue.cleared) == (ClueStatus.CLOSED, "after_check", False)
    assert 'data-testid="form-propose_clarification"' in html


def test_shelved_clue_can_be_reviewed_or_redisposed(client_for, people, clue):
    u = people.users
    services.clue_propose_disposition(
        actor=u["resident_team"], clue=clue, disposition="shelve", reason="暂不具备核查条件"
    )
    services.clue_decide_disposition(actor=u["leader"], clue=clue, approve=True)
    client = client_for(u["resident_team"])
    html = client.get(reverse("clues:clue_detail", args=(clue.pk,))).content.decode()
    assert 'data-testid="form-shelve_review"' in html
    assert 'data-testid="form-propose_disposition"' in html
    act(client, clue, "shelve_review", {"note": "仍不具备条件"})
    assert (
        clue.deadlines.filter(kind=ClueDeadlineKind.SHELVE_REVIEW, met_on__isnull=True).count() == 1
    )
    assert clue.deadlines.filter(kind=ClueDeadlineKind.SHELVE_REVIEW).count() == 2


def test_rejected_routing_returns_to_the_register(client_for, people, new_clue):
    u = people.users
    clue = new_clue()
    services.clue_propose_routing(actor=u["case_management"], clue=clue, unit=people.units["team2"])
    html = act(
        client_for(u["leader"]), clue, "reject_routing", {"comment": "应由派驻一组承办"}
    ).content.decode()
    clue.refresh_from_db()
    assert clue.status == ClueStatus.REGISTERED and "已退回分办意见" in html
    assert "应由派驻一组承办" in html  # on the approvals table and the timeline


def test_an_illegal_action_shows_the_chinese_reason_and_changes_nothing(client_for, people, clue):
    before = Event.objects.count()
    response = act(client_for(people.users["resident_team"]), clue, "accept")
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("clues:clue_detail", args=(clue.pk,))
    assert "线索当前状态为“待处置”，不能接收线索" in html
    response = act(client_for(people.users["leader"]), clue, "approve_disposition")
    assert "不能批准处置意见" in response.content.decode()
    clue.refresh_from_db()
    assert clue.status == ClueStatus.ACCEPTED and Event.objects.count() == before


def test_a_missing_input_is_refused_with_a_chinese_reason(client_for, people, clue):
    client = client_for(people.users["resident_team"])
    html = act(
        client, clue, "propose_disposition", {"disposition": "inquiry", "reason": "函询"}
    ).content.decode()
    assert "请选择谈话、委托谈话或函询" in html
    html = act(client, clue, "propose_disposition", {"disposition": "shelve"}).content.decode()
    assert "未能提出处置意见：处置理由" in html
    clue.refresh_from_db()
    assert clue.status == ClueStatus.ACCEPTED


def test_only_the_handling_unit_acts_on_its_clue(client_for, people, clue):
    """The first supervision office guides team 1 and sees its clues, but does not handle
    them: neither the panel nor a POST lets it."""
    client = client_for(people.users["supervision_office"])
    detail = reverse("clues:clue_detail", args=(clue.pk,))
    html = client.get(detail).content.decode()
    assert 'data-testid="no-actions"' in html and "由承办单位提出处置意见" in html
    html = act(
        client, clue, "propose_disposition", {"disposition": "shelve", "reason": "x"}
    ).content.decode()
    assert "只能由承办单位提出处置意见" in html
    clue.refresh_from_db()
    assert clue.status == ClueStatus.ACCEPTED


def test_the_panel_offers_only_what_the_user_may_do_now(client_for, people, new_clue):
    clue = new_clue()
    detail = reverse("clues:clue_detail", args=(clue.pk,))
    html = client_for(people.users["leader"]).get(detail).content.decode()
    assert 'data-testid="form-' not in html and "由案管室提出分办意见" in html
    html = client_for(people.users["case_management"]).get(detail).content.decode()
    assert 'data-testid="form-propose_routing"' in html
    assert 'data-testid="form-decide_routing"' not in html


# --- the clue page ------------------------------------------------------------------------


def test_clue_page_shows_deadlines_subject_and_upward_flag(client_for, people, new_clue):
    clue = new_clue(received_on=date(2026, 9, 1))
    html = (
        client_for(people.users["leader"])
        .get(reverse("clues:clue_detail", args=(clue.pk,)))
        .content.decode()
    )
    assert clue.number in html and "待分办" in html
    assert reverse("org:cadre_detail", args=(people.cadres["edu_head"].pk,)) in html
    assert "第二十二条" in html  # the reason for reporting upward
    # The disposition limit: 1 month from 2026-09-01 → 2026-10-08 (National Day), overdue.
    assert "2026年10月8日" in html and "已超期" in html
    assert "第二十一条" in html  # its basis


def test_source_reports_are_listed_by_number(client_for, people):
    from jiandu.intake.models import Report

    report = Report.objects.create(
        number="XF2026-00001",
        channel="letter",
        received_at=timezone.now(),
        content="反映某局长收受礼金。",
    )
    clue = services.clue_create(
        actor=people.users["case_management"],
        source="report",
        summary="收受礼金",
        received_on=timezone.localdate(),
        subject_name="某局长",
        reports=[report],
    )
    html = (
        client_for(people.users["leader"])
        .get(reverse("clues:clue_detail", args=(clue.pk,)))
        .content.decode()
    )
    assert "XF2026-00001" in html
    assert reverse("intake:report_detail", args=(report.pk,)) in html


def test_triage_panel_shows_the_subjects_earlier_clues(client_for, people, routed):
    u = people.users
    earlier = routed(received_on=date(2025, 3, 1))
    services.clue_propose_disposition(
        actor=u["resident_team"], clue=earlier, disposition="verification", reason="核实", **PLAN
    )
    services.clue_decide_disposition(actor=u["leader"], clue=earlier, approve=True)
    services.clue_verification_conclude(
        actor=u["resident_team"],
        clue=earlier,
        outcome="close",
        finding="unfounded",
        reason="反映失实",
    )
    clue = routed()
    html = (
        client_for(u["resident_team"])
        .get(reverse("clues:clue_detail", args=(clue.pk,)))
        .content.decode()
    )
    assert 'data-testid="triage"' in html
    assert 'data-testid="triage-history"' in html and earlier.number in html
    assert 'data-testid="triage-similar"' in html
    assert "近三年核查<strong>1</strong>件，其中失实<strong>1</strong>件（100%）" in html


def test_triage_panel_has_an_honest_empty_state(client_for, people, clue):
    html = (
        client_for(people.users["resident_team"])
        .get(reverse("clues:clue_detail", args=(clue.pk,)))
        .content.decode()
    )
    assert 'data-testid="triage-no-history"' in html
    assert "近三年没有核查结论可供参考" in html


def test_triage_panel_only_while_a_disposition_is_pending(client_for, people, new_clue):
    clue = new_clue()
    html = (
        client_for(people.users["leader"])
        .get(reverse("clues:clue_detail", args=(clue.pk,)))
        .content.decode()
    )
    assert 'data-testid="triage"' not in html


# --- the workbench ------------------------------------------------------------------------


def test_workbench_lists_the_handling_units_limits_soonest_first(client_for, people, routed):
    today = timezone.localdate()
    later = routed(received_on=today - timedelta(days=2))
    sooner = routed(received_on=today - timedelta(days=20))
    html = client_for(people.users["resident_team"]).get(reverse("core:workbench")).content.decode()
    first = html.index(f"{sooner.number} 张伟：提出处置意见")
    second = html.index(f"{later.number} 张伟：提出处置意见")
    assert first < second
    assert reverse("clues:clue_detail", args=(sooner.pk,)) in html
    # Another unit's clues are not on it.
    html = (
        client_for(people.users["township_commission"])
        .get(reverse("core:workbench"))
        .content.decode()
    )
    assert sooner.number not in html


def test_workbench_lists_the_approvals_waiting_for_the_leader(client_for, people, routed):
    u = people.users
    clue = routed()
    services.clue_propose_disposition(
        actor=u["resident_team"], clue=clue, disposition="shelve", reason="暂不具备核查条件"
    )
    html = client_for(u["leader"]).get(reverse("core:workbench")).content.decode()
    assert f"待审批处置意见：{clue.number} 张伟" in html
    # Its disposition limit is that item's due date, not a second item.
    assert f"{clue.number} 张伟：提出处置意见" not in html
    # The handling unit has proposed: the clue waits for the leader, not for it.
    html = client_for(u["resident_team"]).get(reverse("core:workbench")).content.decode()
    assert f"{clue.number} 张伟：提出处置意见" not in html
    html = client_for(u["case_management"]).get(reverse("core:workbench")).content.decode()
    assert f"待审批处置意见：{clue.number}" not in html


def test_workbench_lists_routing_and_accepting(client_for, people, new_clue):
    u = people.users
    clue = new_clue()
    html = client_for(u["case_management"]).get(reverse("core:workbench")).content.decode()
    assert f"待分办：{clue.number} 张伟" in html
    services.clue_propose_routing(actor=u["case_management"], clue=clue, unit=people.units["team1"])
    html = client_for(u["leader"]).get(reverse("core:workbench")).content.decode()
    assert f"待审批分办：{clue.number} 张伟" in html
    services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
    html = client_for(u["resident_team"]).get(reverse("core:workbench")).content.decode()
    assert f"待接收：{clue.number} 张伟" in html


def test_workbench_queries_do_not_grow_with_clues(people, routed, django_assert_max_num_queries):
    from jiandu.clues.workbench import clue_items as sources
    from jiandu.core.workbench import expand

    def clue_items(user):
        return expand(sources(user))

    user = people.users["resident_team"]
    for _ in range(3):
        routed()
    user = type(user).objects.get(pk=user.pk)
    with django_assert_max_num_queries(8) as few:
        assert len(list(clue_items(user))) == 3
    for _ in range(12):
        routed()
    user = type(user).objects.get(pk=user.pk)
    with django_assert_max_num_queries(8) as many:
        assert len(list(clue_items(user))) == 15
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_assigned_unit_may_return_a_clue_with_a_reason(client_for, people, new_clue):
    u = people.users
    clue = new_clue()
    services.clue_propose_routing(actor=u["case_management"], clue=clue, unit=people.units["team1"])
    services.clue_decide_routing(actor=u["leader"], clue=clue, approve=True)
    client = client_for(u["resident_team"])
    html = act(client, clue, "return", {"reason": ""}).content.decode()
    assert "未能退回线索：理由" in html
    html = act(client, clue, "return", {"reason": "不属于本组联系范围"}).content.decode()
    clue.refresh_from_db()
    assert clue.status == ClueStatus.REGISTERED and "已退回线索" in html
