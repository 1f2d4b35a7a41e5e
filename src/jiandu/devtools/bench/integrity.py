"""Bench of the integrity file (廉政档案): the file page of a cadre with ten years of
history, median of repeated GETs (target ≤ 150 ms, issue 13).

The history is made through the modules' services on the bench database (the demo
county): posts changing every few years, reports every year, clues with 谈话函询 and
their conclusions (one a 诫勉), and cases decided with party, government and
organisational measures — as the demo drives its own data, with the system as actor.

``python -m jiandu.devtools.bench.integrity`` builds the demo county on a throw-away
SQLite database and measures only this; ``make bench`` calls :func:`run` too."""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as day_time
from typing import Any

YEARS = 10
REPEAT = 30
TARGET_MS = 150.0


@contextmanager
def _today(day: date):
    """The services date their own steps "today" (a conclusion, a first-form measure):
    for a step in the past, today is that day while it runs."""
    from django.utils import timezone

    real_localdate, real_now = timezone.localdate, timezone.now
    moment = timezone.make_aware(datetime.combine(day, day_time(10)))

    def localdate(value=None, tz=None):
        return day if value is None else real_localdate(value, tz)

    timezone.localdate, timezone.now = localdate, lambda: moment  # type: ignore[assignment]
    try:
        yield
    finally:
        timezone.localdate, timezone.now = real_localdate, real_now  # type: ignore[assignment]


def _sign(case: Any, kind: str, person: Any, actor: Any) -> None:
    from jiandu.cases import services

    draft = services.document_generate(actor=actor, case=case, kind=kind, person=person)
    draft.file.open("rb")
    content = draft.file.read()
    draft.file.close()
    services.document_upload(
        actor=actor, case=case, kind=kind, person=person, content=content, filename=f"{kind}.docx"
    )


def _decide(cadre: Any, staff: dict[str, Any], on: date, measures: list[str]) -> None:
    from jiandu.cases import services

    handler, reviewer = staff["handler"], staff["reviewer"]
    with _today(on):
        case = services.case_open(
            actor=handler,
            kind="person",
            title=f"{cadre.name}违纪违法案",
            summary="收受管理服务对象礼金，违规插手工程项目。",
            proposed_on=on,
            lead_unit=handler.unit,
            people=[services.PersonInput(cadre=cadre)],
            category_codes=["integrity"],
        )
        services.case_decide_filing(actor=staff["leader"], case=case, approve=True, on=on)
        person = case.people.get()
        _sign(case, "filing_decision", person, handler)
        services.case_start_investigation(actor=handler, person=person, on=on)
        _sign(case, "investigation_report", person, handler)
        services.case_refer_review(actor=handler, person=person, on=on)
        services.case_accept_review(actor=reviewer, person=person, on=on)
        _sign(case, "review_report", person, reviewer)
        services.case_decide(actor=reviewer, person=person, on=on, measures=measures)


def _clue(cadre: Any, staff: dict[str, Any], on: date, *, outcome: str, measure: str = "") -> None:
    from datetime import timedelta

    from jiandu.clues import services

    handler, leader = staff["handler"], staff["leader"]
    with _today(on):
        clue = services.clue_create(
            actor=staff["registrar"],
            source="report",
            summary="反映其违规收受礼金、在工程项目中为他人谋利。",
            received_on=on,
            subject_cadre=cadre,
            category_codes=["integrity", "hd_gifts"],
        )
        services.clue_propose_routing(actor=staff["registrar"], clue=clue, unit=handler.unit)
        services.clue_decide_routing(actor=leader, clue=clue, approve=True)
        services.clue_accept(actor=handler, clue=clue)
        services.clue_propose_disposition(
            actor=handler, clue=clue, disposition="inquiry", reason="函询", inquiry_mode="letter"
        )
        services.clue_decide_disposition(actor=leader, clue=clue, approve=True)
        services.clue_inquiry_start(actor=handler, clue=clue, on=on)
    replied = on + timedelta(days=10)
    with _today(replied):
        services.clue_inquiry_reply(actor=handler, clue=clue, on=replied)
    with _today(on + timedelta(days=20)):
        services.clue_inquiry_conclude(
            actor=handler,
            clue=clue,
            outcome=outcome,
            reason="本人作出说明，经核所反映问题部分属实。",
            finding="partly_true",
            measure_kind=measure,
        )


def build_history(cadre: Any, staff: dict[str, Any], *, end: date, years: int = YEARS) -> None:
    """Ten years of supervision history ending before ``end`` on ``cadre`` (a cadre of
    the demo register with a current post): three earlier posts, 3 reports a year, a
    clue with an inquiry every year (one ending in 诫勉, one turned to a case), and three
    decided cases (党内警告 + 记过, 严重警告 + 调整职务, and a 警告 inside the running
    party period — [处分条例] 21). ``staff``: the users who act — ``registrar`` (案管室),
    ``leader``, ``handler`` (of the body supervising the cadre's unit), ``reviewer``."""
    from jiandu.intake import services as intake
    from jiandu.org import services as org
    from jiandu.org.models import Post, Unit
    from jiandu.org.selectors import commission_of

    post = Post.objects.filter(cadre=cadre, end_date__isnull=True).select_related("unit").first()
    assert post is not None, "the bench cadre has a current post"
    unit = post.unit
    first_year = end.year - years
    # The current post is held since before the ten years (the body that supervises its
    # unit handles every matter of them); three earlier posts elsewhere before that.
    Post.objects.filter(pk=post.pk).update(start_date=date(first_year - 1, 3, 1))
    others = list(Unit.objects.filter(kind=unit.kind).exclude(pk=unit.pk)[:3]) or [unit]
    for i, other in enumerate(others):
        start = date(first_year - 10 + 3 * i, 3, 1)
        org.post_create(
            actor=None,
            cadre=cadre,
            unit=other,
            title="副局长" if i < 2 else "局长",
            is_head=False,
            is_leadership=True,
            start_date=start,
            end_date=date(start.year + 3, 2, 28),
        )
    for year in range(first_year, end.year):
        for month in (3, 7, 11):
            on = date(year, month, 12)
            with _today(on):
                intake.report_register(
                    actor=staff["petition"],
                    channel="letter",
                    received_at=datetime.combine(on, day_time(10)).astimezone(),
                    content="反映其收受礼金、违规吃喝。",
                    subjects=[{"name": cadre.name, "cadre_id": cadre.pk}],
                    category_codes=["integrity"] if month != 7 else ["hd_gifts"],
                    handling_unit=commission_of(unit),
                )
        outcome, measure = ("first_form", "first_admonition") if year % 4 == 1 else ("close", "")
        _clue(cadre, staff, date(year, 5, 6), outcome=outcome, measure=measure)
    _decide(cadre, staff, date(first_year + 2, 9, 1), ["party_warning", "gov_demerit"])
    _decide(
        cadre, staff, date(first_year + 6, 4, 1), ["party_serious_warning", "org_post_adjustment"]
    )
    _decide(cadre, staff, date(end.year - 1, 2, 1), ["party_warning"])


def file_page(client: Any, cadre: Any, repeat: int = REPEAT) -> list[float]:
    """Times (ms) of ``repeat`` GETs of the cadre's file page (after one warm-up)."""
    from django.urls import reverse

    url = reverse("integrity:cadre_file", args=(cadre.pk,))
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return times


def pick_cadre(team: Any) -> Any:
    """A department's cadre with a current post, supervised by ``team``'s unit."""
    from jiandu.org.models import Cadre, Liaison

    supervised = Liaison.objects.filter(supervisor=team.unit).values("supervised_id")
    return (
        Cadre.objects.filter(
            posts__end_date__isnull=True,
            posts__unit__kind="department",
            posts__unit__in=supervised,
        )
        .order_by("posts__is_head", "pk")
        .first()
    )


def run(client: Any, users: dict[str, Any], staff: dict[str, Any]) -> None:
    """Build the history on one cadre and print the file page's figure for each of
    ``users`` (label → user): the leader reads the whole record, the cadre's resident
    team the scoped one. ``staff``: see :func:`build_history`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from jiandu.integrity.record import person_record

    cadre = pick_cadre(staff["handler"])
    started = time.perf_counter()
    build_history(cadre, staff, end=timezone.localdate())
    record = person_record(cadre.pk)
    print(
        f"{'integrity: 10 years of history built':<58} {time.perf_counter() - started:8.2f} s"
        f"   ({len(record.reports)} reports, {len(record.clues)} clues, "
        f"{len(record.inquiries)} inquiries, {len(record.decisions)} decisions, "
        f"{len(record.measures)} measures)"
    )
    for label, user in users.items():
        client.force_login(user)
        times = file_page(client, cadre)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("integrity:cadre_file", args=(cadre.pk,)))
        median = statistics.median(times)
        verdict = "ok" if median <= TARGET_MS else f"OVER {TARGET_MS:.0f} ms"
        name = f"GET integrity file (10 years) as {label}"
        print(
            f"{name:<58} median {median:8.2f} ms   max {max(times):8.2f} ms   "
            f"n={len(times)}   {len(queries)} queries   {verdict}"
        )


def main() -> None:
    tmp = tempfile.mkdtemp(prefix="jiandu-bench-integrity-")
    os.environ["JIANDU_VAR"] = tmp
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from jiandu.core.testing import patch_test_client_login

    patch_test_client_login()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo", stdout=io.StringIO())
    print(f"{'demo county (3,000 cadres) built':<58} {time.perf_counter() - started:8.2f} s")
    users, staff = bench_users()
    run(Client(), users, staff)
    sys.stdout.flush()


def bench_users() -> tuple[dict[str, Any], dict[str, Any]]:
    """The demo accounts: who reads the file, and who makes the history."""
    from jiandu.accounts.models import User

    get = User.objects.get
    leader, team = get(username="leader"), get(username="paizhu1")
    staff = {
        "registrar": get(username="anguan"),
        "petition": get(username="xinfang"),
        "leader": leader,
        "handler": team,
        "reviewer": get(username="shenli"),
    }
    return {"委领导": leader, "派驻组": team}, staff


if __name__ == "__main__":
    main()
