"""Small fixed data sets for the rectification, directives and cross-check tables, built
through the services (shared by the hand-worked and drill-down tests)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def freeze(monkeypatch, day: date) -> None:
    """Today is ``day`` for the services too: dates and time stamps (a task's close-out is
    stamped with ``timezone.now()``), at 10:00 local time."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from django.conf import settings

    moment = datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def rectification(county, monkeypatch) -> dict:
    """Today 2026-06-30. One round (registered by 巡察办) inspecting 教育局 (team 1
    supervises it), 东镇 (东镇纪委) and 县委组织部 (no commission body supervises it).
    A edu: due 03-31, done 03-20, closed 03-25 (on time)
    B edu: due 03-31, done 04-10, closed 04-15 (late)
    C 东镇: due 02-28, never done (open past its due date)
    D 组织部: due 05-31, done 05-20, closed 05-30 (on time; counts for 巡察办)
    E edu (the school responsible): due 09-30, open."""
    from jiandu.inspections import services as s

    freeze(monkeypatch, date(2026, 6, 30))
    u, actor = county.units, county.users["inspection"]
    round_ = s.round_create(
        actor=actor,
        name="县委第一轮巡察",
        year=2026,
        ordinal=1,
        kind="regular",
        started_on=date(2026, 1, 5),
    )
    items = {}

    def item(target, key, unit, deadline):
        finding = s.finding_create(
            actor=actor, target=target, category="conduct", description=f"{key}问题"
        )
        items[key] = s.item_create(
            actor=actor,
            finding=finding,
            measures=f"{key}整改",
            responsible_unit=unit,
            responsible_person="张伟",
            deadline=deadline,
        )

    targets = {}
    for key in ("dept_edu", "town_a", "dept_org"):
        targets[key] = s.target_add(
            actor=actor, round=round_, unit=u[key], entered_on=date(2026, 1, 5)
        )
        s.target_record_feedback(actor=actor, target=targets[key], feedback_on=date(2026, 2, 1))
    item(targets["dept_edu"], "A", u["dept_edu"], date(2026, 3, 31))
    item(targets["dept_edu"], "B", u["dept_edu"], date(2026, 3, 31))
    item(targets["town_a"], "C", u["town_a"], date(2026, 2, 28))
    item(targets["dept_org"], "D", u["dept_org"], date(2026, 5, 31))
    item(targets["dept_edu"], "E", u["school"], date(2026, 9, 30))
    for key, done, closed in (
        ("A", date(2026, 3, 20), date(2026, 3, 25)),
        ("B", date(2026, 4, 10), date(2026, 4, 15)),
        ("D", date(2026, 5, 20), date(2026, 5, 30)),
    ):
        s.evidence_add(actor=None, item=items[key], name="佐证.pdf", content=PDF)
        items[key] = s.item_report_done(actor=None, item=items[key], text="已完成", on=done)
        items[key] = s.item_close_out(
            actor=actor, item=items[key], decision="close", note="验收合格", on=closed
        )
    return items


def directives(county, monkeypatch) -> dict:
    """Today 2026-12-05 (task close-outs are stamped then: ``freeze`` fixes now()).
    One plan dated 2026-03-02; three of its tasks kept as tasks:
    T1 owners 教育局 + 财政局 (teams 1 and 2), due 11-30, closed 12-05 (late)
    T2 owner 第一纪检监察室, due 12-31, closed 12-05 (on time)
    T3 owners 教育局 + 第一中学 (both team 1's), due 11-15, open."""
    from django.core.files.base import ContentFile

    from jiandu.directives import services as s
    from jiandu.directives.models import Task
    from jiandu.directives.tests.test_parser_seeds import WORK_PLAN

    freeze(monkeypatch, date(2026, 12, 5))
    u, leader = county.units, county.users["leader"]
    doc = s.document_upload(
        actor=leader, document_date=date(2026, 3, 2), kind="plan", text=WORK_PLAN
    )
    tasks = [
        t
        for t in Task.objects.filter(document=doc, is_task=True).order_by("position")
        if not t.children.exists()
    ]
    plan = {
        "T1": ([u["dept_edu"], u["dept_fin"]], date(2026, 11, 30)),
        "T2": ([u["office1"]], date(2026, 12, 31)),
        "T3": ([u["dept_edu"], u["school"]], date(2026, 11, 15)),
    }
    out = {}
    for task, (key, (owners, due)) in zip(tasks, plan.items(), strict=False):
        out[key] = s.task_edit(actor=None, task=task, owners=owners, due_date=due)
    for task in tasks[len(plan) :]:
        s.task_edit(actor=None, task=task, is_task=False, owners=[])
    for task in Task.objects.filter(document=doc, is_task=True).exclude(
        pk__in=[t.pk for t in out.values()]
    ):
        s.task_edit(actor=None, task=task, owners=[])
    s.document_publish(actor=None, document=doc)
    for key in ("T1", "T2"):
        out[key] = s.task_close_out(
            actor=None,
            task=Task.objects.get(pk=out[key].pk),
            note="已完成",
            files=[ContentFile("佐证".encode(), name="佐证.txt")],
        )
    return out
