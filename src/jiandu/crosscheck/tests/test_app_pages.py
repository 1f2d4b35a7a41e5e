"""The cross-check pages through the client: the generic page contract (CONVENTIONS 11),
a run started on the page and its progress fragment, the hit page with its evidence
and provenance, triage through the page, the clue page's link back to the hit, query
counts on the lists, and the exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from jiandu.audit.models import Event
from jiandu.core.downloads import XLSX
from jiandu.core.testing import Page, PageContract
from jiandu.crosscheck import services
from jiandu.crosscheck.models import Hit, HitStatus, Run, RunStatus

pytestmark = pytest.mark.django_db


class TestPages(PageContract):
    pages = [
        Page("crosscheck:hit_list", allowed="township_commission", forbidden="petition"),
        Page(
            "crosscheck:hit_list",
            id="crosscheck:hit_list[rows]",
            allowed="resident_team",
            htmx='data-testid="hit-row"',
            max_queries=20,
        ),
        Page(
            "crosscheck:hit_export",
            allowed="resident_team",
            forbidden="review",
            content_type=XLSX,
        ),
        Page(
            "crosscheck:hit_export",
            id="crosscheck:hit_export[csv]",
            allowed="resident_team",
            content_type="text/csv",
            export={"format": "csv"},
        ),
        Page(
            "crosscheck:hit_detail",
            args=lambda c: (c["R01"].pk,),
            allowed="resident_team",
            forbidden="petition",
            hidden=lambda c: (c["R01"].pk,),
            viewer="township_commission",
        ),
        Page(
            "crosscheck:hit_action",
            args=lambda c: (c["R01"].pk, "dismiss"),
            get=False,
            allowed="resident_team",
            forbidden="leader",
            hidden=lambda c: (c["R01"].pk, "dismiss"),
            viewer="township_commission",
            data=lambda c: {"preset": "同名不同人", "reason": "出生日期不同"},
            audit="crosscheck.hit.dismiss",
        ),
        Page(
            "crosscheck:import_cancel",
            args=lambda c: (c["import"].pk,),
            get=False,
            allowed="case_management",
            forbidden="resident_team",
            data=lambda c: {},
            audit="crosscheck.import.cancel",
        ),
        Page(
            "crosscheck:run_cancel",
            args=lambda c: (c["run"].pk,),
            get=False,
            allowed="case_management",
            forbidden="resident_team",
        ),
        Page("crosscheck:rule_list", allowed="leader", forbidden="inspection"),
        Page("crosscheck:dataset_list", allowed="case_management", forbidden="leader"),
        Page(
            "crosscheck:dataset_detail",
            args=lambda c: (c["payments"].pk,),
            allowed="case_management",
            forbidden="supervision_office",
        ),
        Page(
            "crosscheck:dataset_rejections",
            args=lambda c: (c["payments"].pk,),
            allowed="case_management",
            forbidden="leader",
            content_type=XLSX,
        ),
        Page(
            "crosscheck:import_detail",
            args=lambda c: (c["import"].pk,),
            allowed="case_management",
            forbidden="leader",
        ),
        Page(
            "crosscheck:import_progress",
            args=lambda c: (c["import"].pk,),
            allowed="case_management",
            forbidden="resident_team",
        ),
        Page("crosscheck:run_list", allowed="case_management", forbidden="resident_team"),
        Page(
            "crosscheck:run_detail",
            args=lambda c: (c["run"].pk,),
            allowed="case_management",
            forbidden="leader",
        ),
        Page(
            "crosscheck:run_progress",
            args=lambda c: (c["run"].pk,),
            allowed="case_management",
            forbidden="township_commission",
        ),
    ]


@pytest.fixture
def ctx(county, datasets, run_checks):
    from jiandu.crosscheck.models import DatasetImport

    run = run_checks()
    hits = {h.rule_code: h for h in Hit.objects.all()}
    job = DatasetImport.objects.create(dataset_type="payments", source_name="p.csv")
    return {**hits, **datasets, "run": run, "import": job}


@pytest.fixture
def users(county):
    return county.users


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_other_units_hit_is_404_like_a_missing_one(client_for, county, ctx):
    client = client_for(county.users["township_commission"])  # town A: sees R02, not R01
    assert client.get(reverse("crosscheck:hit_detail", args=(ctx["R01"].pk,))).status_code == 404
    assert client.get(reverse("crosscheck:hit_detail", args=(987654,))).status_code == 404
    assert client.get(reverse("crosscheck:hit_detail", args=(ctx["R02"].pk,))).status_code == 200
    before = Event.objects.count()
    url = reverse("crosscheck:hit_action", args=(ctx["R01"].pk, "dismiss"))
    assert client.post(url, {"reason": "越权"}).status_code == 404
    assert Event.objects.count() == before
    html = client.get(reverse("crosscheck:hit_list")).content.decode()
    assert "孙秀英" in html and "李娜" not in html


def test_a_write_through_the_page_records_an_audit_event(client_for, county, ctx):
    user = county.users["resident_team"]
    url = reverse("crosscheck:hit_action", args=(ctx["R01"].pk, "dismiss"))
    response = client_for(user).post(url, {"preset": "同名不同人", "reason": "出生日期不同"})
    assert response.status_code == 302
    event = Event.objects.order_by("-seq").first()
    assert (event.action, event.actor_id, event.reason) == (
        "crosscheck.hit.dismiss",
        user.id,
        "同名不同人：出生日期不同",
    )


def test_a_leader_reads_but_may_not_triage(client_for, county, ctx):
    client = client_for(county.users["leader"])
    html = client.get(reverse("crosscheck:hit_detail", args=(ctx["R01"].pk,))).content.decode()
    assert 'data-testid="triage-panel"' not in html and 'data-testid="evidence"' in html
    url = reverse("crosscheck:hit_action", args=(ctx["R01"].pk, "confirm"))
    assert client.post(url).status_code == 403


def test_actions_need_a_post_and_a_known_action(client_for, county, ctx):
    client = client_for(county.users["case_management"])
    assert (
        client.get(reverse("crosscheck:hit_action", args=(ctx["R01"].pk, "confirm"))).status_code
        == 405
    )
    assert (
        client.post(reverse("crosscheck:hit_action", args=(ctx["R01"].pk, "approve"))).status_code
        == 404
    )


# --- the hit page and triage ----------------------------------------------------------------------


def test_hit_page_shows_evidence_and_provenance(client_for, county, ctx):
    hit = ctx["R01"]
    html = (
        client_for(county.users["resident_team"])
        .get(reverse("crosscheck:hit_detail", args=(hit.pk,)))
        .content.decode()
    )
    assert "李娜（测试县第一中学）为财政供养人员" in html
    assert html.count('data-testid="evidence-row"') == 3
    assert "补贴/救助发放" in html and "领取人身份证号" in html and "620.00" in html
    assert datasets_shown(html) == {"补贴/救助发放", "财政供养人员"}
    # Provenance in words: the source file's fingerprint is labelled, the hit's own
    # identity hash and the rule file's hash are not shown to staff.
    assert ctx["payments"].source_sha256[:16] in html and "数据指纹" in html
    assert hit.rule_version not in html and hit.identity not in html
    assert "SHA-256</th>" not in html


@pytest.mark.parametrize("code", ["R01", "R02"])
def test_hit_and_rule_pages_show_no_developer_text(client_for, county, ctx, code):
    """The rule's legal source in words (no DOMAIN.md), its key fields by Chinese names."""
    import re

    client = client_for(county.users["case_management"])
    html = client.get(reverse("crosscheck:hit_detail", args=(ctx[code].pk,))).content.decode()
    rules_page = client.get(reverse("crosscheck:rule_list")).content.decode()
    for page in (html, rules_page):
        assert "DOMAIN" not in page and "§" not in page
        assert "可能涉及：" in page and "比对方法：" in page
    keys = html.split('data-testid="key-labels">')[1].split("</div>")[0]
    assert keys == "身份证号、项目", keys
    assert not re.search(r"citizen_id|program|paid_month|subject_key|uscc_", html)


def test_a_leader_is_told_what_can_be_done_with_a_pending_hit_and_by_whom(client_for, county, ctx):
    """The leader does not triage: the page lists the open steps in words and names the
    units that triage this hit (案管室 for every hit; the liaison units answering for the
    person's unit, here the school's resident team and the office guiding it)."""
    hit = ctx["R01"]
    url = reverse("crosscheck:hit_detail", args=(hit.pk,))
    html = client_for(county.users["leader"]).get(url).content.decode()
    assert 'data-testid="hit-next-steps"' in html and "待研判：可进行的操作" in html
    assert html.count('data-testid="open-step"') == 2
    assert "确认并转为问题线索" in html and "排除疑点" in html and "重新研判" not in html
    units = html.split('data-testid="triage-units">')[1].split("</p>")[0]
    assert "由案件监督管理室、第一纪检监察室、派驻第一纪检监察组研判办理" in units, units
    assert "东镇纪委" not in units and "您可以查看疑点和证据，不直接研判" in units
    assert 'data-testid="confirm-form"' not in html
    # Whoever triages gets the forms, not the explanation.
    staff = client_for(county.users["case_management"]).get(url).content.decode()
    assert 'data-testid="confirm-form"' in staff and 'data-testid="hit-next-steps"' not in staff
    # A dismissed hit: the one open step is reopening it.
    services.hit_dismiss(actor=county.users["case_management"], hit=hit, reason="同名不同人")
    html = client_for(county.users["leader"]).get(url).content.decode()
    assert html.count('data-testid="open-step"') == 1 and "重新研判" in html


def datasets_shown(html: str) -> set[str]:
    import re

    table = html.split('data-testid="hit-versions"')[1].split("</table>")[0]
    return set(re.findall(r"<tr><td>([^<]+)</td>", table))


def test_confirm_through_the_page_and_the_clue_links_back(client_for, county, ctx):
    client = client_for(county.users["case_management"])
    hit = ctx["R01"]
    response = client.post(
        reverse("crosscheck:hit_action", args=(hit.pk, "confirm")), {"note": "已核对"}, follow=True
    )
    hit.refresh_from_db()
    assert hit.status == HitStatus.CONFIRMED and hit.clue is not None
    assert f"已确认疑点并登记为问题线索{hit.clue.number}" in messages_of(response)
    html = response.content.decode()
    assert 'data-testid="hit-clue"' in html and hit.clue.number in html
    clue_page = client.get(reverse("clues:clue_detail", args=(hit.clue_id,))).content.decode()
    assert 'data-testid="crosscheck-source"' in clue_page and "来源：大数据比对疑点" in clue_page
    assert reverse("crosscheck:hit_detail", args=(hit.pk,)) in clue_page
    assert "证据3行" in clue_page


def test_refused_step_shows_the_reason(client_for, county, ctx):
    client = client_for(county.users["case_management"])
    url = reverse("crosscheck:hit_action", args=(ctx["R02"].pk, "dismiss"))
    response = client.post(url, {"preset": "", "reason": ""}, follow=True)
    assert "排除疑点须说明理由" in messages_of(response)
    client.post(url, {"preset": "数据录入错误"})
    response = client.post(url, {"preset": "数据录入错误"}, follow=True)
    assert any("不能排除疑点" in m for m in messages_of(response))


# --- runs through the page ----------------------------------------------------------------------


def test_run_from_the_page_with_its_progress(
    client_for, county, datasets, django_capture_on_commit_callbacks
):
    client = client_for(county.users["case_management"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("crosscheck:run_list"), {"rules": ["R01", "R02"], "engine": "duckdb"}
        )
    run = Run.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "crosscheck:run_detail", args=(run.pk,)
    )
    assert run.status == RunStatus.SUCCEEDED  # the immediate task backend ran it on commit
    html = client.get(response.url).content.decode()
    assert 'data-testid="run-progress"' in html and "100%" in html
    assert 'data-testid="new-hits-link"' in html and "新发现的疑点（2）" in html
    fragment = client.get(
        reverse("crosscheck:run_progress", args=(run.pk,)), headers={"HX-Request": "true"}
    )
    assert fragment["HX-Refresh"] == "true" and "every 1s" not in fragment.content.decode()


def test_a_running_run_polls_its_progress(client_for, county, datasets):
    run = services.run_start(actor=county.users["case_management"], enqueue=False)
    Run.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING,
        progress_done=3,
        progress_total=11,
        progress_note="R04 干部在企业任职",
    )
    client = client_for(county.users["case_management"])
    response = client.get(
        reverse("crosscheck:run_progress", args=(run.pk,)), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html and "27%" in html and "R04 干部在企业任职" in html
    assert "HX-Refresh" not in response
    page = client.get(reverse("crosscheck:run_list")).content.decode()
    assert "完成后才能发起新的比对" in page
    response = client.post(reverse("crosscheck:run_list"), {"engine": "duckdb"})
    assert response.status_code == 200 and "正在运行中" in response.content.decode()


def test_run_page_lists_rules_skipped_and_versions(client_for, county, datasets, run_checks):
    run = run_checks(rules=("R01", "R05"))
    html = (
        client_for(county.users["case_management"])
        .get(reverse("crosscheck:run_detail", args=(run.pk,)))
        .content.decode()
    )
    assert "缺少数据集：合同/采购" in html
    assert 'data-testid="run-versions"' in html and "staff.csv" in html


def test_hit_list_shows_new_in_the_latest_run_and_filters(client_for, county, ctx):
    client = client_for(county.users["case_management"])
    html = client.get(reverse("crosscheck:hit_list")).content.decode()
    assert html.count('data-testid="new-badge"') == 2 and 'data-testid="latest-run"' in html
    html = client.get(reverse("crosscheck:hit_list"), {"rule": "R02"}).content.decode()
    assert "孙秀英" in html and "李娜" not in html
    html = client.get(reverse("crosscheck:hit_list"), {"new_in": 999}).content.decode()
    assert 'data-testid="empty-state"' in html
    fragment = client.get(
        reverse("crosscheck:hit_list"), {"q": "李娜"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in fragment.content.decode() and "李娜" in fragment.content.decode()


def test_rule_page_shows_every_rule_with_precision(client_for, county, ctx):
    services.hit_dismiss(actor=county.users["case_management"], hit=ctx["R02"], reason="已另行处理")
    html = client_for(county.users["leader"]).get(reverse("crosscheck:rule_list")).content.decode()
    assert html.count('data-testid="rule-row"') == 10
    row = html.split('data-code="R02"')[1].split("</tr>")[0]
    assert "0%" in row
    row = html.split('data-code="R01"')[1].split("</tr>")[0]
    assert "—" in row


# --- query counts ----------------------------------------------------------------------


def _more_hits(county, write_csv, n):
    """``n`` more staff members drawing benefits: ``n`` more R01 hits (the school's)."""
    from datetime import date

    from jiandu.core.testing import make_citizen_id
    from jiandu.crosscheck.tests.conftest import EMPLOYEE_HEADERS

    people = [(f"职工{i}", make_citizen_id(600 + i, born=date(1985, 1, 2))) for i in range(n)]
    actor = county.users["case_management"]
    services.dataset_import(
        actor=actor,
        dataset_type="public_employees",
        source=write_csv(
            EMPLOYEE_HEADERS, [[name, cid, "测试县第一中学", "职工"] for name, cid in people]
        ),
    )
    services.dataset_import(
        actor=actor,
        dataset_type="payments",
        source=write_csv(
            ["姓名", "身份证号", "补贴项目", "发放金额", "发放日期", "发放单位"],
            [[name, cid, "低保", "100", "2025-03-01", "东镇"] for name, cid in people],
        ),
    )


@pytest.mark.parametrize("n", [2, 12])
def test_list_queries_do_not_grow_with_the_hits(
    client_for, county, write_csv, run_checks, django_assert_max_num_queries, n
):
    _more_hits(county, write_csv, n)
    run_checks(rules=("R01",))
    assert Hit.objects.count() == n
    client = client_for(county.users["resident_team"])
    client.get(reverse("crosscheck:hit_list"))  # warm the session
    with django_assert_max_num_queries(14):
        response = client.get(reverse("crosscheck:hit_list"))
    assert response.content.decode().count('data-testid="hit-row"') == n
    api = client_for(county.users["resident_team"])
    with django_assert_max_num_queries(10):
        data = api.get("/api/crosscheck/hits/").json()
    assert data["count"] == n


# --- exports ----------------------------------------------------------------------


def test_exports_are_scoped(client_for, county, ctx):
    client = client_for(county.users["township_commission"])
    response = client.get(reverse("crosscheck:hit_export"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["疑点编号", "规则", "风险等级"] and [r[1] for r in rows[1:]] == ["R02"]
    response = client.get(reverse("crosscheck:hit_export"), {"format": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2 and sheet.cell(row=2, column=4).value == "孙秀英"


def test_navigation_entry(client_for, county):
    html = (
        client_for(county.users["case_management"])
        .get(reverse("crosscheck:hit_list"))
        .content.decode()
    )
    for label in ("比对疑点", "比对规则", "数据集", "比对运行"):
        assert label in html
    html = (
        client_for(county.users["resident_team"])
        .get(reverse("crosscheck:hit_list"))
        .content.decode()
    )
    assert (
        reverse("crosscheck:dataset_list") not in html
        and reverse("crosscheck:run_list") not in html
    )
    html = client_for(county.users["petition"]).get(reverse("core:workbench")).content.decode()
    assert reverse("crosscheck:hit_list") not in html


@pytest.mark.parametrize(
    "name,limit",
    [
        ("crosscheck:rule_list", 25),
        ("crosscheck:dataset_list", 25),
        ("crosscheck:run_list", 25),
        # the workbench counts every kind of item with one aggregate each (about 30 in
        # all, whatever the number of rows: clues/tests/test_workbench_page.py)
        ("core:workbench", 35),
    ],
)
def test_other_pages_read_in_a_bounded_number_of_queries(
    client_for, county, write_csv, run_checks, django_assert_max_num_queries, name, limit
):
    _more_hits(county, write_csv, 12)
    run_checks(rules=("R01",))
    run_checks(rules=("R01",))
    client = client_for(county.users["case_management"])
    client.get(reverse(name))
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(name)).status_code == 200
