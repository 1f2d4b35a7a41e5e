"""Early alerts: each kind with hand-worked examples, the computation's idempotency,
the handling steps and their audit events, scope, precision, the task and the daily
schedule. The test county's heads took their posts on 2020-03-01."""

from __future__ import annotations

from datetime import date

import pytest

from jiandu.audit.models import Event
from jiandu.core.errors import DomainError, IllegalTransition, NotFound
from jiandu.core.testing import make_uscc
from jiandu.integrity import alert_detectors as detectors
from jiandu.integrity import alert_selectors as selectors
from jiandu.integrity.alert_services import alert_handle, alerts_compute
from jiandu.integrity.alert_tasks import alerts_schedule_daily
from jiandu.integrity.models import Alert, AlertKind, AlertRun, AlertStatus

pytestmark = pytest.mark.django_db


def _keys(candidates, cadre=None, kind=None):
    return sorted(
        c.key
        for c in candidates
        if (cadre is None or c.cadre_id == cadre.pk) and (kind is None or c.kind == kind)
    )


# --- (a) tenure --------------------------------------------------------------------------


def test_a_head_is_alerted_on_the_day_five_years_are_reached(county):
    head = county.cadres["edu_head"]  # 局长 of the education bureau since 2020-03-01
    post = head.posts.get()
    # 2025-02-28: five years less a day; 2025-03-01: five years.
    before = list(detectors.long_tenure(on=date(2025, 2, 28)))
    assert _keys(before, head) == []
    after = list(detectors.long_tenure(on=date(2025, 3, 1)))
    assert _keys(after, head) == [f"long_key_post:post:{post.pk}:5"]
    alert = next(c for c in after if c.cadre_id == head.pk)
    assert alert.unit_id == county.units["dept_edu"].pk
    assert "2020年3月1日" in alert.reason and "满5年" in alert.reason
    assert alert.evidence[0]["kind"] == "post" and alert.evidence[0]["id"] == post.pk


def test_a_post_that_is_neither_key_nor_leading_is_not_alerted(county):
    teacher = county.cadres["teacher"]  # 教师 since 2020-03-01
    assert _keys(detectors.long_tenure(on=date(2031, 1, 1)), teacher) == []


def test_a_key_title_without_leadership_is_a_key_post(county):
    from jiandu.org import services as org

    cadre = county.cadres["teacher"]
    post = org.post_create(
        actor=None,
        cadre=cadre,
        unit=county.units["dept_fin"],
        title="预算财务股股长",
        is_head=False,
        start_date=date(2019, 7, 1),
    )
    # 2019-07-01 + 5 years = 2024-07-01
    assert _keys(detectors.long_tenure(on=date(2024, 6, 30)), cadre) == []
    assert _keys(detectors.long_tenure(on=date(2024, 7, 1)), cadre) == [
        f"long_key_post:post:{post.pk}:5"
    ]


def test_ten_years_in_a_leading_post(county):
    head = county.cadres["fin_head"]
    post = head.posts.get()
    # 2020-03-01 + 10 years = 2030-03-01: both the key-post and the leading-post alert
    assert _keys(detectors.long_tenure(on=date(2030, 2, 28)), head) == [
        f"long_key_post:post:{post.pk}:5"
    ]
    assert _keys(detectors.long_tenure(on=date(2030, 3, 1)), head) == [
        f"long_key_post:post:{post.pk}:5",
        f"long_leading_post:post:{post.pk}:10",
    ]


def test_an_ended_post_is_not_alerted(county):
    head = county.cadres["town_b_head"]
    head.posts.update(end_date=date(2024, 12, 31))
    assert _keys(detectors.long_tenure(on=date(2025, 3, 1)), head) == []


def test_the_threshold_is_the_policy_value_of_the_day(county):
    from jiandu.core.models import PolicyValue

    PolicyValue.objects.create(
        key="alerts.key_post_years", value=4, unit="年", valid_from=date(2024, 1, 1), label="t"
    )
    head = county.cadres["edu_head"]
    post = head.posts.get()
    # from 2024 the key-post threshold is 4 years: 2020-03-01 + 4 = 2024-03-01
    assert _keys(detectors.long_tenure(on=date(2024, 3, 1)), head) == [
        f"long_key_post:post:{post.pk}:4"
    ]


# --- (b) reports -------------------------------------------------------------------------


def test_three_reports_within_twelve_months(county, make_report):
    head = county.cadres["edu_head"]
    first = make_report(head, date(2025, 1, 10))
    make_report(head, date(2025, 6, 1))
    make_report(head, date(2026, 1, 9))  # before 2026-01-10: inside the 12 months
    found = list(detectors.reports(on=date(2026, 1, 20)))
    assert _keys(found, head, AlertKind.REPEATED_REPORTS) == [
        f"repeated_reports:cadre:{head.pk}:report:{first.pk}"
    ]
    alert = next(c for c in found if c.kind == AlertKind.REPEATED_REPORTS)
    assert "被反映3次" in alert.reason and "2025年1月10日" in alert.reason
    assert [e["kind"] for e in alert.evidence] == ["report"] * 3


def test_three_reports_spread_over_thirteen_months_are_not_alerted(county, make_report):
    head = county.cadres["edu_head"]
    make_report(head, date(2025, 1, 10))
    make_report(head, date(2025, 6, 1))
    make_report(head, date(2026, 2, 10))
    assert _keys(detectors.reports(on=date(2026, 2, 20)), head, AlertKind.REPEATED_REPORTS) == []


def test_duplicates_portal_submissions_and_unconfirmed_subjects_do_not_count(county, make_report):
    from jiandu.intake.models import ReportSubject

    head = county.cadres["edu_head"]
    original = make_report(head, date(2025, 1, 10))
    make_report(head, date(2025, 2, 1), duplicate_of=original)  # the same matter again
    make_report(head, date(2025, 3, 1), status="submitted")  # not registered yet
    unconfirmed = make_report(head, date(2025, 4, 1))
    ReportSubject.objects.filter(report=unconfirmed).update(confirmed=False)
    make_report(head, date(2025, 5, 1))
    assert _keys(detectors.reports(on=date(2025, 6, 1)), head, AlertKind.REPEATED_REPORTS) == []


def test_same_problem_from_different_reporters(county, make_report):
    head = county.cadres["town_a_head"]
    first = make_report(head, date(2025, 3, 1), categories=["hd_gifts", "integrity"])
    second = make_report(
        head, date(2025, 9, 1), categories=["hd_gifts", "integrity", "construction"]
    )
    make_report(head, date(2026, 3, 5), categories=["construction"])
    found = list(detectors.reports(on=date(2026, 3, 10)))
    # 2025-03-01 + 12 months = 2026-03-01: 3 reports are not within 12 months, so no
    # repeated-reports alert. 礼品礼金 and 廉洁纪律: the reports of 2025-03-01 and
    # 2025-09-01 (one alert naming both); 工程建设: 2025-09-01 and 2026-03-05.
    assert _keys(found, head, AlertKind.REPEATED_REPORTS) == []
    assert _keys(found, head, AlertKind.SAME_PROBLEM_REPORTS) == [
        f"same_problem:cadre:{head.pk}:report:{first.pk}",
        f"same_problem:cadre:{head.pk}:report:{second.pk}",
    ]
    alert = next(c for c in found if c.key.endswith(f":{first.pk}"))
    assert "2件不同来源的举报" in alert.reason
    assert "“违规收送名贵特产和礼品礼金”、“违反廉洁纪律”" in alert.reason
    assert alert.unit_id == county.units["town_a"].pk


def test_same_problem_inside_a_repeated_reports_alert_is_named_there(county, make_report):
    head = county.cadres["town_a_head"]
    make_report(head, date(2025, 3, 1), categories=["hd_gifts"])
    make_report(head, date(2025, 4, 1), categories=["hd_gifts"])
    make_report(head, date(2025, 5, 1), categories=["work"])
    found = list(detectors.reports(on=date(2025, 6, 1)))
    assert _keys(found, head, AlertKind.SAME_PROBLEM_REPORTS) == []
    (alert,) = [c for c in found if c.kind == AlertKind.REPEATED_REPORTS]
    assert alert.reason.endswith("其中2件反映“违规收送名贵特产和礼品礼金”")


def test_same_problem_sharing_a_report_with_a_repeated_reports_alert_is_left_out(
    county, make_report
):
    head = county.cadres["town_a_head"]
    make_report(head, date(2025, 1, 1), categories=["work"])
    make_report(head, date(2025, 2, 1), categories=["work"])
    make_report(head, date(2025, 3, 1), categories=["hd_gifts"])
    make_report(head, date(2025, 12, 1), categories=["hd_gifts"])
    # repeated: 2025-01-01 … 2025-03-01 (3 within 12 months); 礼品礼金: 2025-03-01 and
    # 2025-12-01 share the report of 2025-03-01 with it, so no second alert
    found = list(detectors.reports(on=date(2025, 12, 10)))
    assert len(_keys(found, head, AlertKind.REPEATED_REPORTS)) == 1
    assert _keys(found, head, AlertKind.SAME_PROBLEM_REPORTS) == []


def test_a_duplicate_is_not_a_second_reporter(county, make_report):
    head = county.cadres["town_a_head"]
    original = make_report(head, date(2025, 3, 1), categories=["hd_gifts"])
    make_report(head, date(2025, 4, 1), categories=["hd_gifts"], duplicate_of=original)
    found = detectors.reports(on=date(2025, 5, 1))
    assert _keys(found, head, AlertKind.SAME_PROBLEM_REPORTS) == []


def test_an_old_episode_is_not_alerted(county, make_report):
    head = county.cadres["edu_head"]
    for day in (date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1)):
        make_report(head, day)
    # the last report is more than 12 months old on 2022-03-01
    assert _keys(detectors.reports(on=date(2022, 2, 28)), head, AlertKind.REPEATED_REPORTS)
    assert not _keys(detectors.reports(on=date(2022, 3, 1)), head, AlertKind.REPEATED_REPORTS)


# --- (c) companies -----------------------------------------------------------------------


def test_a_relatives_company_contracting_with_the_own_unit(county, make_hit):
    from jiandu.org.models import Company

    head = county.cadres["fin_head"]
    uscc = make_uscc(7)
    company = Company.objects.create(uscc=uscc, name="青山建筑工程有限公司")
    rows = [
        {
            "dataset": "contracts",
            "row": 2,
            "values": {
                "contract_id": "HT-1",
                "supplier_uscc": uscc,
                "supplier_name": "青山建筑工程有限公司",
            },
        },
        {"dataset": "relatives", "row": 3, "values": {"relation": "配偶", "name": "赵敏"}},
    ]
    make_hit("R03", head, county.units["dept_fin"], rows)
    more = [{**rows[0], "values": {**rows[0]["values"], "contract_id": "HT-2"}}, rows[1]]
    make_hit("R03", head, county.units["dept_fin"], more)
    make_hit("R03", head, county.units["dept_fin"], rows, status="new")  # not confirmed
    found = list(detectors.relative_contract(on=date(2025, 6, 1)))
    assert _keys(found) == [f"relative_contract:cadre:{head.pk}:company:{uscc}"]
    alert = found[0]
    assert "配偶赵敏" in alert.reason and "签订合同2份" in alert.reason
    assert [e["kind"] for e in alert.evidence] == ["hit", "hit", "company"]
    assert alert.evidence[-1]["id"] == company.pk
    assert alert.unit_id == county.units["dept_fin"].pk


def test_a_cadre_holding_a_company_role(county, make_hit):
    from jiandu.org.models import Company, CompanyPerson

    head = county.cadres["town_b_head"]
    company = Company.objects.create(uscc=make_uscc(8), name="西镇农业开发有限公司")
    CompanyPerson.objects.create(
        company=company,
        person_name=head.name,
        person_citizen_id=head.citizen_id,
        role="shareholder",
        cadre=head,
    )
    other = make_uscc(9)  # only in a confirmed R04 hit, not in the register
    make_hit(
        "R04",
        head,
        county.units["town_b"],
        [
            {
                "dataset": "company_people",
                "row": 5,
                "values": {"uscc": other, "role": "legal_representative"},
            }
        ],
    )
    found = list(detectors.company_role(on=date(2025, 6, 1)))
    assert _keys(found) == sorted(
        [
            f"company_role:cadre:{head.pk}:company:{company.uscc}",
            f"company_role:cadre:{head.pk}:company:{other}",
        ]
    )
    registered = next(c for c in found if company.uscc in c.key)
    assert "西镇农业开发有限公司登记为股东" in registered.reason
    assert "干部名册企业信息" in registered.reason
    from_hit = next(c for c in found if other in c.key)
    assert "法定代表人" in from_hit.reason and "比对疑点已确认" in from_hit.reason


# --- the computation ---------------------------------------------------------------------


def test_compute_creates_each_alert_once_and_records_one_event(county, make_report):
    head = county.cadres["edu_head"]
    for day in (date(2025, 1, 10), date(2025, 2, 1), date(2025, 3, 1)):
        make_report(head, day)
    on = date(2025, 3, 2)
    events = Event.objects.count()
    summary = alerts_compute(on=on)
    # five heads reached five years on 2025-03-01; edu_head was reported 3 times
    assert summary["by_kind"] == {"long_key_post": 5, "repeated_reports": 1}
    assert summary["raised"] == Alert.objects.count() == 6
    assert Event.objects.count() == events + 1
    event = Event.objects.order_by("-seq").first()
    assert event.action == "integrity.alerts.compute" and event.payload["raised"] == 6
    run = AlertRun.objects.get(pk=summary["run"])
    assert (run.status, run.raised) == ("done", 6)

    again = alerts_compute(on=on)
    assert again["raised"] == 0 and again["candidates"] == 6
    assert Alert.objects.count() == 6


def test_a_handled_or_dismissed_alert_is_not_raised_again(county):
    on = date(2025, 3, 1)
    alerts_compute(on=on)
    user = county.users["case_management"]
    first, second = Alert.objects.order_by("id")[:2]
    alert_handle(actor=user, alert=first, action="talk", note="已谈话")
    alert_handle(actor=user, alert=second, action="dismiss", reason="即将轮岗")
    summary = alerts_compute(on=date(2025, 4, 1))
    assert summary["raised"] == 0
    assert Alert.objects.filter(key=first.key).count() == 1
    assert Alert.objects.get(pk=second.pk).status == AlertStatus.DISMISSED


def test_a_failing_detector_keeps_neither_the_others_back_nor_quiet(county, monkeypatch):
    from jiandu.integrity.detectors import DETECTORS

    def broken(*, on):
        raise ValueError("数据源不可用")

    monkeypatch.setitem(DETECTORS, "broken", broken)
    summary = alerts_compute(on=date(2025, 3, 1))
    assert summary["raised"] == 5 and summary["failed"] == {"broken": "数据源不可用"}
    run = AlertRun.objects.get(pk=summary["run"])
    assert run.status == "failed" and "数据源不可用" in run.error
    event = Event.objects.order_by("-seq").first()
    assert "broken未能计算" in event.reason


def test_the_task_computes(county):
    from jiandu.integrity.alert_tasks import alerts_compute_task

    result = alerts_compute_task.enqueue(on="2025-03-01")  # immediate backend in tests
    assert result.return_value["raised"] == 5
    assert Alert.objects.filter(kind="long_key_post").count() == 5


def test_the_daily_schedule_enqueues_once_a_day(county, django_capture_on_commit_callbacks):
    from jiandu.core.schedule import daily_jobs, run_due

    assert "integrity.alerts" in daily_jobs()
    with django_capture_on_commit_callbacks(execute=True):
        assert run_due(today=date(2025, 3, 1))["integrity.alerts"] is True
    assert Alert.objects.count() == 5
    run = AlertRun.objects.get(trigger="schedule")
    assert (run.on, run.status) == (date(2025, 3, 1), "done")
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_schedule_daily(today=date(2025, 3, 1)) is False  # claimed already
        assert alerts_schedule_daily(today=date(2025, 3, 2)) is True
    assert AlertRun.objects.filter(trigger="schedule").count() == 2


def test_the_command_computes(county):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("alerts", "compute", "--on", "2025-03-01", stdout=out)
    assert "新提示5条" in out.getvalue()
    assert AlertRun.objects.get().trigger == "command"


# --- handling ------------------------------------------------------------------------------


@pytest.fixture
def alerts(county):
    alerts_compute(on=date(2025, 3, 1))
    return {a.cadre_id: a for a in Alert.objects.all()}


def test_each_step_records_its_audit_event(county, alerts):
    user = county.users["supervision_office"]  # office1 guides team1 → dept_edu
    edu = alerts[county.cadres["edu_head"].pk]
    before = Event.objects.count()
    alert_handle(actor=user, alert=edu, action="focus", note="列入日常监督重点")
    edu.refresh_from_db()
    assert (edu.status, edu.handled_by, edu.handling_note) == ("focus", user, "列入日常监督重点")
    assert edu.handled_on is not None
    assert Event.objects.count() == before + 1
    event = Event.objects.order_by("-seq").first()
    assert (event.action, event.actor, event.to_state) == (
        "integrity.alert.focus",
        user,
        "已纳入监督重点",
    )
    with pytest.raises(IllegalTransition):
        alert_handle(actor=user, alert=edu, action="talk")


def test_dismissal_needs_a_reason(county, alerts):
    user = county.users["case_management"]
    alert = alerts[county.cadres["fin_head"].pk]
    with pytest.raises(DomainError) as exc:
        alert_handle(actor=user, alert=alert, action="dismiss", reason="  ")
    assert exc.value.fields == {"reason": ["请说明排除理由"]}
    alert.refresh_from_db()
    assert alert.status == "open"


def test_a_township_commission_handles_only_its_own_units_alerts(county, alerts):
    town_a = county.users["township_commission"]  # 东镇纪委: 东镇 and its villages
    visible = set(Alert.objects.visible_to(town_a).values_list("cadre_id", flat=True))
    assert visible == {county.cadres["town_a_head"].pk, county.cadres["village_head"].pk}
    with pytest.raises(NotFound):
        alert_handle(actor=town_a, alert=alerts[county.cadres["town_b_head"].pk], action="talk")


def test_a_leader_reads_but_does_not_handle(county, alerts):
    from jiandu.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        alert_handle(
            actor=county.users["leader"], alert=alerts[county.cadres["edu_head"].pk], action="talk"
        )


def test_precision_by_kind(county, alerts):
    user = county.users["case_management"]
    c = county.cadres
    alert_handle(actor=user, alert=alerts[c["edu_head"].pk], action="talk")
    alert_handle(actor=user, alert=alerts[c["fin_head"].pk], action="focus")
    alert_handle(actor=user, alert=alerts[c["town_a_head"].pk], action="dismiss", reason="轮岗")
    rows = {r["kind"]: r["precision"] for r in selectors.precision_by_kind(user=user)}
    p = rows["long_key_post"]
    # 5 alerts: 2 open, 2 acted upon (talk, focus), 1 dismissed → 2/3
    assert (p.open, p.acted, p.dismissed) == (2, 2, 1)
    assert p.share == pytest.approx(2 / 3)
    assert rows["repeated_reports"].share is None
    # the township commission's figures count only its own alerts: 1 dismissed, 1 open
    mine = {
        r["kind"]: r["precision"]
        for r in selectors.precision_by_kind(user=county.users["township_commission"])
    }
    assert (mine["long_key_post"].open, mine["long_key_post"].dismissed) == (1, 1)


def test_workbench_lists_the_offices_open_alerts(county, alerts):
    from jiandu.core.workbench import items_for

    labels = [i.label for i in items_for(county.users["township_commission"])]
    assert sorted(label for label in labels if label.startswith("重要岗位")) == [
        "重要岗位任职时间较长：刘洋",
        "重要岗位任职时间较长：张伟",
    ]
    whole = [i.label for i in items_for(county.users["case_management"])]
    assert "重要岗位任职时间较长：待处理5条" in whole


def test_workbench_counts_a_kind_with_many_open_alerts(county, alerts):
    from jiandu.core.workbench import items_for

    # six more open alerts of one kind in 东镇 for the township commission
    for i in range(6):
        Alert.objects.create(
            kind="company_role",
            key=f"company_role:t:{i}",
            cadre=county.cadres["town_a_head"],
            unit=county.units["town_a"],
            reason="测试",
            raised_on=date(2025, 3, 1),
        )
    items = items_for(county.users["township_commission"])
    line = next(i for i in items if i.label.startswith("本人在企业任职或持股"))
    assert line.label == "本人在企业任职或持股：待处理6条"
    assert line.url.endswith("?kind=company_role&status=open")
