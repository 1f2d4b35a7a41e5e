"""The demo county's early alerts (廉政风险提示): computed over everything the other
parts loaded (posts of every tenure, reports with confirmed subjects, the confirmed
cross-check hits, the register's company roles), so that every kind this part detects
has alerts; then a first round of handling by the responsible offices (谈话提醒, 纳入监督
重点, 排除 with a reason), so that each kind's precision shows figures.

Where the generated data happens to lack a kind, a few targeted records are added
first, through the services (a report registered at the petition office with its
subject confirmed, a company role in the register). Everything goes through
``jiandu.integrity.alert_services``: one computation event, one event per handling.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

COUNT_LABELS = {
    "integrity_alerts": "廉政风险提示",
    "integrity_alerts_handled": "已处理的廉政风险提示",
}
# How each kind's handled alerts are handled in the demo (谈话提醒, 纳入监督重点, 排除), so
# that the kinds' precision differs as it would in practice.
MIX = {
    "long_key_post": ("talk", "talk", "dismiss", "focus", "dismiss"),
    "long_leading_post": ("talk", "focus", "talk", "dismiss"),
    "repeated_reports": ("focus", "talk", "focus", "talk", "dismiss"),
    "same_problem": ("talk", "dismiss", "dismiss", "focus"),
    "relative_contract": ("focus", "talk"),
    "company_role": ("talk", "dismiss", "focus"),
}
HANDLERS = ("supervision_office", "resident_team", "township_commission", "case_management")
NOTES = {
    "talk": ("已由监督室负责人进行谈话提醒，本人表示将严格要求自己", "已开展提醒谈话并形成记录"),
    "focus": ("纳入日常监督重点，列入一人一策监督清单", "纳入监督重点，每季度了解一次情况"),
    "dismiss": (
        "已按规定轮岗交流或即将调整：组织部门已列入年内交流计划",
        "经核实情况正常：该企业为本人亲属合法经营，已按规定报告",
        "举报内容与本人无关或已查否",
        "数据有误：该职务任职时间登记有误，已更正",
    ),
}


def _handlers() -> list[Any]:
    from jiandu.accounts.models import User

    return list(
        User.objects.filter(role__in=HANDLERS, is_active=True).select_related("unit").order_by("id")
    )


def _handler_for(alert: Any, users: list[Any], visible: dict[int, set[int]]) -> Any:
    """The first office account that may see the alert (the responsible office), else the
    case management office."""
    for user in users:
        if alert.pk in visible[user.pk]:
            return user
    return None


def _ensure_reports(rng: random.Random, today: date) -> int:
    """When the generated reports raise no such alert: three reports about one head
    within the last months (反复被反映), and two reports on one problem about another
    (不同举报人反映同类问题), registered at the petition office with the subject
    confirmed."""
    from django.utils import timezone

    from jiandu.accounts.models import User
    from jiandu.intake import services
    from jiandu.integrity.alert_detectors import reports
    from jiandu.org.models import Post

    kinds = {c.kind for c in reports(on=today)}
    clerk = User.objects.filter(role="petition", is_active=True).order_by("id").first()
    posts = list(
        Post.objects.current(today).filter(is_head=True).select_related("cadre", "unit")[:200]
    )
    rng.shuffle(posts)
    wanted = {
        "repeated_reports": (
            (150, ["hd_gifts"], "春节期间收受工程承包商所送购物卡"),
            (80, ["hd_dining"], "多次接受管理服务对象宴请"),
            (20, ["work"], "对群众反映的问题推诿拖延"),
        ),
        "same_problem": (
            (120, ["construction"], "在村道硬化工程验收中降低标准、为施工方开脱"),
            (30, ["construction"], "干预工程项目招投标，为亲友承揽工程提供便利"),
        ),
    }
    made = 0
    for kind, matters in wanted.items():
        if kind in kinds or not posts:
            continue
        post = posts.pop()
        for days, cats, matter in matters:
            moment = datetime.combine(today - timedelta(days=days), time(9, 30))
            services.report_register(
                actor=clerk,
                channel="letter",
                received_at=timezone.make_aware(moment),
                content=f"反映{post.unit.name}{post.title}{post.cadre.name}{matter}。",
                is_named=False,
                subjects=[
                    {"name": post.cadre.name, "cadre_id": post.cadre_id, "unit_id": post.unit_id}
                ],
                category_codes=cats,
            )
            made += 1
    return made


def _ensure_company_role(rng: random.Random, today: date) -> int:
    from jiandu.integrity.alert_detectors import company_role
    from jiandu.org.models import Company, CompanyPerson, Post

    if any(True for _ in company_role(on=today)):
        return 0
    post = rng.choice(list(Post.objects.current(today).filter(is_leadership=True)[:200]))
    company = Company.objects.order_by("id").first()
    if company is None:
        return 0
    CompanyPerson.objects.create(
        company=company,
        person_name=post.cadre.name,
        person_citizen_id=post.cadre.citizen_id,
        role="shareholder",
        cadre=post.cadre,
    )
    return 1


def load(*, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    from django.utils import timezone

    from jiandu.integrity.alert_services import alert_handle, alerts_compute
    from jiandu.integrity.models import Alert

    today = today or timezone.localdate()
    rng = random.Random(seed + 13)
    _ensure_reports(rng, today)
    _ensure_company_role(rng, today)
    summary = alerts_compute(on=today)
    if summary["failed"]:
        raise RuntimeError(f"演示数据：廉政风险提示未能计算：{summary['failed']}")

    users = _handlers()
    fallback = next((u for u in users if u.role == "case_management"), None)
    visible = {u.pk: set(Alert.objects.visible_to(u).values_list("pk", flat=True)) for u in users}
    handled = 0
    alerts = list(Alert.objects.filter(status="open").order_by("kind", "id"))
    by_kind: dict[str, list[Any]] = {}
    for alert in alerts:
        by_kind.setdefault(alert.kind, []).append(alert)
    for kind, rows in sorted(by_kind.items()):
        mix = MIX.get(kind, ("talk", "focus", "dismiss"))
        # about two in five of each kind handled (at least one, at most 40), the rest
        # left on the offices' workbenches
        rng.shuffle(rows)
        take = rows[: max(1, min(40, len(rows) * 2 // 5))]
        for i, alert in enumerate(take):
            action = mix[i % len(mix)]
            user = _handler_for(alert, users, visible) or fallback
            text = rng.choice(NOTES[action])
            if action == "dismiss":
                alert_handle(actor=user, alert=alert, action=action, reason=text)
            else:
                alert_handle(actor=user, alert=alert, action=action, note=text)
            handled += 1
    return {"integrity_alerts": summary["raised"], "integrity_alerts_handled": handled}
