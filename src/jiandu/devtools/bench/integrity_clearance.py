"""Bench: proposing the clearance answers of a batch of 200 people against the demo
county (target ≤ 1 s). Two batches: a typical one (200 cadres in current posts drawn at
random) and a worst case (the 100 cadres with the most clues and 100 others); the
measured step is the whole service
(``clearance_propose``: one batch read of the 200 records, the rule, one bulk write).

Run inside ``make bench`` (after the demo county is built), or alone against an
existing demo database: ``JIANDU_VAR=<dir> python -m jiandu.devtools.bench.integrity_clearance``.
"""

from __future__ import annotations

import statistics
import time

BATCH = 200
REPEAT = 7


def _batch(kind: str) -> list[int]:
    """``typical``: 200 cadres in current posts drawn at random (seeded), as a real
    batch is; ``worst``: the 100 cadres with the most clues and 100 others."""
    import random

    from django.db.models import Count

    from jiandu.org.models import Cadre, Post

    if kind == "typical":
        ids = sorted(set(Post.objects.current().values_list("cadre_id", flat=True)))
        return random.Random(200).sample(ids, k=min(BATCH, len(ids)))
    busy = list(
        Cadre.objects.annotate(n=Count("clues"))
        .filter(n__gt=0)
        .order_by("-n", "id")
        .values_list("id", flat=True)[: BATCH // 2]
    )
    rest = Cadre.objects.exclude(id__in=busy).order_by("id").values_list("id", flat=True)
    return busy + list(rest[: BATCH - len(busy)])


def bench_clearance() -> dict[str, float]:
    from django.db import transaction
    from django.utils import timezone

    from jiandu.accounts.models import User
    from jiandu.integrity import clearance_services as services
    from jiandu.integrity.record import person_records
    from jiandu.org.models import Cadre, Unit

    handler = User.objects.get(username="anguan")
    asking = Unit.objects.filter(name__contains="组织部").order_by("id").first()
    today = timezone.localdate()
    figures: dict[str, float] = {}
    for kind in ("typical", "worst"):
        cadres = Cadre.objects.in_bulk(_batch(kind))
        people = [
            {"name": c.name, "citizen_id": c.citizen_id, "unit_text": ""} for c in cadres.values()
        ]
        times: list[float] = []
        with transaction.atomic():
            request = services.clearance_request_submit(
                actor=handler, purpose="promotion", people=people, asking_unit=asking
            )
            for _ in range(REPEAT):
                started = time.perf_counter()
                services.clearance_propose(actor=handler, clearance=request, on=today)
                times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            records = person_records(list(cadres), on=today)
            read = (time.perf_counter() - started) * 1000
            facts = sum(len(r.reports) + len(r.clues) + len(r.cases) for r in records.values())
            answers: dict[str, int] = {}
            for answer in request.people.values_list("answer", flat=True):
                answers[answer] = answers.get(answer, 0) + 1
            transaction.set_rollback(True)  # the bench leaves no request behind
        median = statistics.median(times)
        figures[kind] = median
        label = f"clearance: propose for {len(people)} people ({kind} batch)"
        print(f"{label:<58} median {median:8.2f} ms   max {max(times):8.2f} ms   n={len(times)}")
        label = f"clearance:   of which person_records read ({facts} facts)"
        print(f"{label:<58} {read:8.2f} ms   answers={answers}")
    return figures


def main() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiandu.settings")
    import django

    django.setup()
    bench_clearance()


if __name__ == "__main__":
    main()
