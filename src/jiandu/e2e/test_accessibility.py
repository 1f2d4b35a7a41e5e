"""Accessibility: axe-core (vendored, ``e2e/vendor/axe-core-*``) in Chromium on the
workbench, every ledger, every detail page and the public portal. A violation of impact
*serious* or *critical* fails; the others are printed (``pytest -s``).

The pages are discovered, never listed by hand: each role of the test county (with the
objects the scope crawl plants: every type, in several units) is walked from its
workbench, every ledger and the page (``get_absolute_url``) of one object of every model,
through the links its pages show, with the test client; every full HTML page reached is
one URL pattern (view name and step). The ledgers are the views built by
``core.ledger.ledger_view`` and the detail pages the ``*_detail`` views of the URL
registry: the full sweep fails when one of them is reached by no role, so a new ledger or
detail page is checked without editing this file.

``make test`` checks a sample (the workbench of three roles, a few ledgers and detail
pages, the portal); ``JIANDU_A11Y_FULL=1`` (``make sweep``) checks every page pattern as
every role that reaches it, and the portal at phone width too.

axe runs under the application's Content-Security-Policy (``script-src 'self'``): a
``<script>`` tag with its text would be refused, so the library is evaluated in the page
through the DevTools protocol (``page.evaluate``), which the policy does not govern.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from jiandu.conftest import PASSWORD
from jiandu.core.testing import build_county
from jiandu.e2e.conftest import sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FULL = os.environ.get("JIANDU_A11Y_FULL") == "1"
AXE_DIR = next((Path(__file__).parent / "vendor").glob("axe-core-*"))
BLOCKING = ("critical", "serious")
SAMPLE_ROLES = ("leader", "resident_team", "admin")  # their workbenches
# One page of each of these patterns, as the leader, in the sample.
SAMPLE_PATTERNS = frozenset(
    {
        "clues:clue_list",
        "cases:case_list",
        "intake:report_list",
        "inspections:item_list",
        "clues:clue_detail",
        "cases:case_detail",
        "intake:report_detail",
        "crosscheck:hit_detail",
    }
)
# Never checked as a staff page: leaving, the portal (checked below, anonymously), the
# Django admin, the API and files.
SKIP_PREFIXES = ("/logout/", "/jubao/", "/django-admin/", "/api/", "/static/", "/media/")
MATTER = (
    "反映测试县教育局局长张伟收受第一中学食堂承包商礼金两万元，"
    "安排其亲属承揽学校维修工程，工程款虚报冒领。"
)


# --- axe -----------------------------------------------------------------------------------


@dataclass
class Finding:
    url: str
    rule: str
    impact: str
    help: str
    targets: list[str]


@dataclass
class Tally:
    pages: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.impact in BLOCKING]

    def summary(self) -> str:
        by_rule = Counter((f.impact, f.rule) for f in self.findings)
        lines = [f"{len(self.pages)} pages checked"]
        for (impact, rule), n in sorted(by_rule.items()):
            lines.append(f"  {impact:9} {rule}: {n} page(s)")
        return "\n".join(lines)


AXE_RESULTS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact || 'minor', help: v.help,
    targets: v.nodes.slice(0, 5).map(n => {
      const why = [...n.any, ...n.all, ...n.none].map(c => c.message).filter(Boolean)[0];
      return n.target.join(' ') + (why ? ` (${why})` : '');
    })
  }));
}"""


def axe_check(page, tally: Tally, label: str) -> None:
    """Run axe on the page as it stands; record its violations under ``label``."""
    # pages with htmx panels that load themselves; a poll that never rests: check as is
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=3000)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate((AXE_DIR / "axe.min.js").read_text(encoding="utf-8") + "\n;0")
    tally.pages.append(label)
    for v in page.evaluate(AXE_RESULTS):
        tally.findings.append(Finding(label, v["id"], v["impact"], v["help"], v["targets"]))


def report(tally: Tally) -> list[str]:
    """Print every finding; return the blocking ones."""
    print("\n" + tally.summary())
    for f in tally.findings:
        print(f"  [{f.impact}] {f.rule} {f.url}: {f.help} — {'; '.join(f.targets)}")
    return [
        f"[{f.impact}] {f.rule} on {f.url}: {f.help} — {'; '.join(f.targets)}"
        for f in tally.blocking()
    ]


# --- which pages ---------------------------------------------------------------------------


def _views() -> tuple[set[str], set[str]]:
    """(ledger view names, detail view names) from the URL registry."""
    ledgers: set[str] = set()
    details: set[str] = set()

    def walk(patterns, ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, ns + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name and ns:
                name = ns + p.name
                if hasattr(p.callback, "ledger"):
                    ledgers.add(name)
                elif p.name.endswith("_detail"):
                    details.add(name)

    walk(get_resolver().url_patterns)
    return ledgers, details


class _Links:
    HREF = re.compile(r'<a\b[^>]*?\shref="([^"#][^"]*)"', re.I)

    @classmethod
    def of(cls, html: str) -> list[str]:
        return [h.replace("&amp;", "&") for h in cls.HREF.findall(html)]


def _pattern(path: str) -> str | None:
    try:
        match = resolve(path)
    except Exception:  # not a page of this site
        return None
    action = match.kwargs.get("action")
    return f"{match.view_name}:{action}" if action else match.view_name


def discover(user, wanted: frozenset[str] | None = None) -> dict[str, str]:
    """pattern → the first URL of it that ``user`` reaches from the workbench (full HTML
    pages only; the query string is dropped, the page without filters is the one checked).
    With ``wanted``, the walk stops as soon as it has found those patterns."""
    client = Client()
    client.force_login(user)
    found: dict[str, str] = {}
    queued = {"core:workbench"}  # one URL per pattern is enough
    queue = ["/workbench/"]
    # Then every ledger, and the page of one object of every model, linked or not (a
    # pattern the links reached already is not tried again).
    seeds: list[str] = []
    if wanted is None:
        seeds += [reverse(name) for name in sorted(_views()[0])]
        for model in apps.get_models():
            if hasattr(model, "get_absolute_url"):
                obj = model.objects.order_by("pk").first()
                with contextlib.suppress(Exception):  # no row, or a URL that needs more
                    seeds.append(urlsplit(obj.get_absolute_url()).path)
    while (queue or seeds) and not (wanted and wanted <= found.keys()):
        if not queue:
            seed = seeds.pop(0)
            if not seed.startswith(SKIP_PREFIXES) and _pattern(seed) not in found:
                queue.append(seed)
            continue
        path = queue.pop(0)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode("utf-8", "replace")
        if "<html" not in html[:500].lower():
            continue
        pattern = _pattern(path)
        if pattern and pattern not in found:
            found[pattern] = path
        for href in _Links.of(html):
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP_PREFIXES):
                continue
            nxt = _pattern(parts.path)
            if nxt is None or nxt in queued:
                continue
            queued.add(nxt)
            queue.append(parts.path)
    return found


def sign_in(page, user) -> None:
    """The browser takes the session of a test-client login (OTP-verified, see conftest)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    sign_out(page)
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": page.base, "httpOnly": True}]
    )


# --- the county ----------------------------------------------------------------------------


# Detail views no role reaches in the test county, with the reason; every other ledger
# and ``*_detail`` view must be reached in the full sweep.
NOT_PLANTED = {
    "crosscheck:import_detail": "an upload through the page runs as a background job",
}


def plant_more(county) -> None:
    """What the scope crawl does not plant: a calendar year entered by hand, a published
    statistics table, a clearance request and integrity alerts."""
    from datetime import date, datetime

    from django.utils import timezone

    from jiandu.core.holiday_entry import calendar_year_enter
    from jiandu.core.tests.test_holiday_entry import NOTICE_2027
    from jiandu.intake.models import Report, ReportStatus, ReportSubject
    from jiandu.integrity.alert_services import alerts_compute
    from jiandu.integrity.clearance_services import clearance_request_submit
    from jiandu.stats import periods
    from jiandu.stats.publication_services import table_publish

    users, cadres = county.users, county.cadres
    calendar_year_enter(
        actor=users["admin"], year=2027, text=NOTICE_2027, source="国办发明电〔2026〕×号"
    )
    table_publish(actor=users["leader"], table_key="clues", period=periods.parse("2026"))
    clearance_request_submit(
        actor=users["org_department"],
        purpose="promotion",
        people=[
            {"name": cadres[k].name, "citizen_id": cadres[k].citizen_id, "unit_text": "测试县"}
            for k in ("edu_head", "fin_head")
        ],
        received_on=date(2025, 12, 1),
    )
    head = cadres["edu_head"]  # three reports in three months: an alert
    for n, day in enumerate((date(2025, 1, 10), date(2025, 2, 1), date(2025, 3, 1)), start=1):
        report = Report.objects.create(
            number=f"XF2025-{900 + n:05d}",
            channel="letter",
            received_at=timezone.make_aware(datetime(day.year, day.month, day.day, 10)),
            content="反映其违规收受礼金。",
            status=ReportStatus.ACCEPTED,
        )
        ReportSubject.objects.create(report=report, name=head.name, cadre=head, confirmed=True)
    alerts_compute(on=date(2025, 3, 2))


@pytest.fixture
def county(settings, tmp_path):
    from jiandu.core.tests.test_scope_crawl import ROLES, plant
    from jiandu.intake import matching, similarity

    settings.MEDIA_ROOT = tmp_path / "files"
    settings.CROSSCHECK_DIR = tmp_path / "crosscheck"
    settings.JIANDU_PORTAL_POW_BITS = 8
    similarity.reset_index()
    matching.reset_register()
    county = build_county(PASSWORD)
    plant(county, settings.CROSSCHECK_DIR)
    if FULL:
        plant_more(county)
    yield {role: county.users[role] for role in (*ROLES, "org_department")}
    similarity.reset_index()
    matching.reset_register()


# --- the checks ----------------------------------------------------------------------------


def check_portal(page, tally: Tally, width: str = "") -> None:
    """The reporter's path: the form, the form refused (errors at the fields), the
    receipt, the status query and its answer."""
    sign_out(page)
    page.goto(page.base + "/jubao/")
    axe_check(page, tally, f"/jubao/{width}")
    page.get_by_role("button", name="提交举报").click()
    page.wait_for_load_state()
    axe_check(page, tally, f"/jubao/ (refused){width}")
    page.fill("#id_subject_text", "张伟")
    page.fill("#id_unit_text", "测试县教育局")
    page.fill("#id_content", MATTER)
    page.get_by_role("button", name="提交举报").click()
    page.wait_for_url("**/jubao/huizhi/")
    axe_check(page, tally, f"/jubao/huizhi/{width}")
    code = page.get_by_test_id("receipt-code").inner_text().replace(" ", "")
    page.goto(page.base + "/jubao/chaxun/")
    axe_check(page, tally, f"/jubao/chaxun/{width}")
    page.fill("#id_code", "1" * 16)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    axe_check(page, tally, f"/jubao/chaxun/ (unknown code){width}")
    page.goto(page.base + "/jubao/chaxun/")
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    page.get_by_test_id("report-status").wait_for()
    axe_check(page, tally, f"/jubao/chaxun/jieguo/{width}")


def test_no_serious_or_critical_accessibility_violation(page, county):
    tally = Tally()
    ledgers, details = _views()

    # 1. the portal, anonymously (at phone width as well in the full sweep)
    check_portal(page, tally)
    if FULL:
        page.set_viewport_size({"width": 390, "height": 844})
        check_portal(page, tally, " @390px")
        page.set_viewport_size({"width": 1366, "height": 768})

    # 2. the staff pages, as discovered per role
    checked_patterns: set[str] = set()
    for role, user in county.items():
        if FULL:
            targets = discover(user)
        elif role == SAMPLE_ROLES[0]:
            found = discover(user, wanted=SAMPLE_PATTERNS | {"core:workbench"})
            targets = {p: u for p, u in found.items() if p in SAMPLE_PATTERNS | {"core:workbench"}}
        elif role in SAMPLE_ROLES:
            targets = {"core:workbench": "/workbench/"}
        else:
            continue
        sign_in(page, user)
        for pattern, url in sorted(targets.items()):
            page.goto(page.base + url)
            assert urlsplit(page.url).path == url, f"{role} {url} went to {page.url}"
            axe_check(page, tally, f"{url} [{role}]")
            checked_patterns.add(pattern)

    failures = report(tally)
    assert page.recorder.off_host == []
    if FULL:
        missing = (ledgers | details) - checked_patterns - NOT_PLANTED.keys()
        print(f"ledger and detail views reached by no role: {sorted(missing)}")
        if missing:
            failures.append(f"reached by no role (plant an object or a link): {sorted(missing)}")
    else:
        assert checked_patterns >= SAMPLE_PATTERNS, SAMPLE_PATTERNS - checked_patterns
    assert not failures, "\n".join(failures)
