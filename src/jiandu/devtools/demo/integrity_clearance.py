"""The demo county's clearance replies (党风廉政意见回复): the ``zuzhibu`` account (组织部门,
县委组织部) and 30 requests over three years from the organisation department and a few
other asking bodies, with answers of every kind (read from the demo record on each
target date: running influence periods, open clues, closed matters, clean records), a
few overdue (replied late, or still open past the due date) and one "found after
reply" (a clue about a cleared person registered after the reply, within 12 months).

Everything goes through ``jiandu.integrity.clearance_services`` with the demo accounts
(``zuzhibu`` submits, ``anguan`` proposes and issues, ``leader`` approves); the dates of
the steps of past requests are then moved back to their days in one recorded step
(``demo.integrity.clearance.backdate``), as the other demo modules do.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

COUNT_LABELS = {
    "clearance_requests": "意见回复",
    "clearance_people": "意见回复对象",
    "clearance_overdue": "超期的意见回复",
}
USERNAME = "zuzhibu"
ORG_DEPARTMENT = "县委组织部"
OTHER_BODIES = ("县人大常委会办公室", "县委统战部", "县人力资源和社会保障局")
REQUESTS = 30
# Of the 30, by index: still open (the last few), replied late, and the one found after.
OPEN = (27, 28, 29)  # 27 and 29 wait for proposals (29 past its due date), 28 is under review
LATE = (4, 11, 19, 23)
FOUND_AFTER = 25
NOTES = {
    "promotion": "拟提拔为副科级领导干部",
    "award": "拟评选优秀共产党员",
    "confirmation": "试用期满拟转正",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _unit(name: str) -> Any:
    from jiandu.org.models import Unit

    return (
        Unit.objects.filter(name=name).first()
        or Unit.objects.filter(name__contains=name.removeprefix("县")).order_by("id").first()
    )


def _account(password: str) -> Any:
    from jiandu.accounts.models import User
    from jiandu.accounts.rules import Role
    from jiandu.accounts.services import user_create

    existing = User.objects.filter(username=USERNAME).first()
    if existing is not None:
        return existing
    unit = _unit(ORG_DEPARTMENT)
    if unit is None:
        return None
    return user_create(
        actor=None,
        username=USERNAME,
        full_name=f"{ORG_DEPARTMENT}干部监督科",
        role=Role.ORG_DEPARTMENT,
        unit=unit,
        password=password,
        validate=False,
    )


def existing() -> list[tuple[str, str, str]]:
    from jiandu.accounts.models import User
    from jiandu.accounts.rules import Role

    user = User.objects.select_related("unit").filter(username=USERNAME).first()
    if user is None:
        return []
    return [(USERNAME, Role.ORG_DEPARTMENT.label, user.unit.name if user.unit else "")]


SAMPLE = 700  # cadres whose records are read to choose the people of each request


def _pools(on: date, sample: list[int]) -> dict[str, list[int]]:
    """The sampled demo cadres in a post on ``on``, by what their record says that day."""
    from jiandu.integrity.record import person_records
    from jiandu.org.models import Post

    ids = list(
        dict.fromkeys(
            Post.objects.current(on).filter(cadre_id__in=sample).values_list("cadre_id", flat=True)
        )
    )
    records = person_records(ids, on=on)
    pools: dict[str, list[int]] = {"negative": [], "defer": [], "closed": [], "clear": []}
    for cid, r in records.items():
        if r.in_period:
            pools["negative"].append(cid)
        elif r.open_matters:
            pools["defer"].append(cid)
        elif r.closed_matters or r.measures:
            pools["closed"].append(cid)
        else:
            pools["clear"].append(cid)
    return pools


def load(*, seed: int = 2026, password: str = "", today: date | None = None) -> dict[str, int]:
    from jiandu.accounts.models import User
    from jiandu.audit.services import event_record
    from jiandu.clues import services as clue_services
    from jiandu.core import calendar
    from jiandu.integrity import clearance_services as services
    from jiandu.integrity.models import ClearanceApproval, ClearanceRequest
    from jiandu.org.models import Cadre, Post

    today = today or timezone.localdate()
    rng = random.Random(seed + 13)
    counts = dict.fromkeys(COUNT_LABELS, 0)
    asker = _account(password or "jiandu-demo-2026")
    handler = User.objects.filter(username="anguan").first()
    leader = User.objects.filter(username="leader").first()
    if asker is None or handler is None or leader is None:
        return counts
    others = [u for u in (_unit(n) for n in OTHER_BODIES) if u is not None]
    titles = {
        p.cadre_id: f"{p.unit.name}{p.title}"
        for p in Post.objects.current(today).select_related("unit").order_by("-is_head")
    }
    everyone = sorted(set(Post.objects.values_list("cadre_id", flat=True)))
    sample = rng.sample(everyone, k=min(SAMPLE, len(everyone)))
    start = today - timedelta(days=3 * 365)
    days = sorted(rng.sample(range(0, 3 * 365 - 20), REQUESTS))
    backdated: list[int] = []
    for index, offset in enumerate(days):
        received = start + timedelta(days=offset)
        if index in OPEN:
            received = today - timedelta(days=(2, 4, 12)[OPEN.index(index)])
        if index == FOUND_AFTER:
            received = today - timedelta(days=95)
        pools = _pools(received, sample)
        size = rng.choice((1, 2, 3, 5, 8, 12)) if index % 7 else rng.choice((20, 30))
        chosen: list[int] = []
        if index == FOUND_AFTER:  # cleared people, one of whom is reported later
            chosen = rng.sample(pools["clear"], k=min(3, len(pools["clear"])))
        # Every kind of answer shows up over the thirty requests.
        for kind in ("negative", "defer", "closed") if index != FOUND_AFTER else ():
            if pools[kind] and (index % 3 == ("negative", "defer", "closed").index(kind)):
                chosen.append(rng.choice(pools[kind]))
        rest = [c for c in pools["clear"] + pools["closed"] if c not in chosen]
        chosen += rng.sample(rest, k=min(len(rest), max(0, size - len(chosen))))
        cadres = Cadre.objects.in_bulk(chosen)
        people = [
            {
                "name": cadres[c].name,
                "citizen_id": cadres[c].citizen_id,
                "unit_text": titles.get(c, ""),
            }
            for c in chosen
        ]
        if index % 5 == 3 and others:
            body = rng.choice(others)
            request = services.clearance_request_submit(
                actor=handler,
                purpose=rng.choice(("award", "election", "other")),
                people=people,
                asking_unit=body,
                asking_body=body.name,
                received_on=received,
            )
        else:
            purpose = rng.choice(("promotion", "promotion", "award", "confirmation"))
            request = services.clearance_request_submit(
                actor=asker,
                purpose=purpose,
                purpose_note=NOTES[purpose],
                people=people,
                received_on=received,
            )
        counts["clearance_requests"] += 1
        counts["clearance_people"] += len(people)
        if index in (OPEN[0], OPEN[2]):
            continue  # waiting for proposals (one of them past its due date)
        late = index in LATE
        replied = calendar.add_working_days(received, 7 if late else rng.choice((2, 3, 4)))
        target = min(replied, today)
        services.clearance_propose(actor=handler, clearance=request, on=target)
        if index in OPEN:
            continue  # proposed, under review
        services.clearance_submit(actor=handler, clearance=request)
        services.clearance_decide(actor=leader, clearance=request, approve=True, comment="同意")
        services.clearance_issue(actor=handler, clearance=request)
        from django.core.files.uploadedfile import SimpleUploadedFile

        services.clearance_upload_scan(
            actor=handler,
            clearance=request,
            file=SimpleUploadedFile(f"{request.number}签发件.pdf", PDF),
        )
        ClearanceRequest.objects.filter(pk=request.pk).update(
            proposed_on=target, approved_on=target, issued_on=target, scan_uploaded_on=target
        )
        morning = timezone.make_aware(datetime.combine(target, datetime.min.time()))
        ClearanceApproval.objects.filter(request=request).update(
            proposed_at=morning + timedelta(hours=9), decided_at=morning + timedelta(hours=15)
        )
        backdated.append(request.pk)
        if late:
            counts["clearance_overdue"] += 1
        if index == FOUND_AFTER:
            cleared = request.people.filter(answer="clear").first()
            if cleared is not None:
                clue_services.clue_create(
                    actor=handler,
                    source="own",
                    summary=f"反映{cleared.name}在工程项目中接受管理服务对象宴请",
                    received_on=target + timedelta(days=40),
                    subject_name=cleared.name,
                    subject_cadre=cleared.cadre,
                )
    late_open = ClearanceRequest.objects.filter(
        status__in=("submitted", "proposed"), due_on__lt=today
    ).count()
    counts["clearance_overdue"] += late_open
    if backdated:
        from django.db import transaction

        with transaction.atomic():
            event_record(
                actor=None,
                action="demo.integrity.clearance.backdate",
                object_type="integrity.clearancerequest",
                object_repr=f"演示数据：{len(backdated)}件意见回复的办理日期回溯到各自的日期",
                payload={"requests": backdated},
            )
    return counts
