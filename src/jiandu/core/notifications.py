"""The in-app notification centre: what concerns a user, in the bell of every page.

:func:`notify` is the one way to tell users something. It is called by the services
whose event concerns someone else (and by the daily jobs below):

- an approval waiting for the user's role (a proposal of a clue, case, report or
  clearance step: :func:`approval_proposed`, on every ``core.approvals.Approval``);
- a clue assigned to the user's unit, a directive task assigned to it;
- a deadline within 5 working days (``core.urging.deadline_reminders``, daily, once
  per item, due date and user, to the units responsible for the clues, cases,
  rectification items and tasks that can be urged);
- an urge (``core.urging``);
- a message a reporter left on the portal (to the petition office).

**Scope**: a notification is about an object (``target``) and goes only to the users
who may see that object (``visible_to``), whatever list of users the caller gives; its
title and text name nothing else (never a reporter's identity, never another unit's
record). The list page links an object only while the user may still open it, and shows
a notification whose object went out of the user's sight without its title.

**Delivery**: each user chooses (settings page, :class:`NotificationPreference`):

- *immediate* (the default): a notification is delivered when it is made — it appears
  in the bell at once and is handed to the channels;
- *daily digest*: notifications are collected undelivered (the bell does not show
  them) and delivered together once a day by :func:`digest_deliver` (the daily job
  ``notifications.digest``, at the first schedule check from ``DIGEST_HOUR`` o'clock):
  they all appear in the bell then, and each channel receives the day's batch at once.

**Channels** (``settings.JIANDU_NOTIFICATION_CHANNELS``): dotted paths to callables
``channel(user, notifications, *, digest) -> None`` (the :class:`Channel` protocol),
called after the transaction commits with the notifications just delivered. The only
channel shipped is :func:`in_app`: the stored rows are the notifications, so it has
nothing more to do. No outside service (e-mail, SMS) is assumed; a deployment that has
one adds its channel to the setting. A failing channel is logged and does not stop
the others or the page.

Reading and marking read is the user's own state, not a record of the work: it is not
written to the audit chain. Changing one's delivery choice is recorded
(``core.notification.preference``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from jiandu.core.models import (
    DailyRun,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from jiandu.core.recording import record_event
from jiandu.core.scoping import PLACEHOLDER, ref_label

logger = logging.getLogger(__name__)

DIGEST_HOUR = 8
LIST_LIMIT = 10  # the bell's dropdown


class Channel(Protocol):
    """A delivery channel: receives the notifications just delivered to one user (one
    at a time when immediate, the day's batch when ``digest``)."""

    def __call__(
        self, user: Any, notifications: Sequence[Notification], *, digest: bool
    ) -> None: ...


def in_app(user: Any, notifications: Sequence[Notification], *, digest: bool) -> None:
    """The in-app channel: the rows themselves are shown in the bell and on the
    notifications page once delivered, so there is nothing to send."""


DEFAULT_CHANNELS = ("jiandu.core.notifications.in_app",)


def channels() -> list[Channel]:
    paths = getattr(settings, "JIANDU_NOTIFICATION_CHANNELS", DEFAULT_CHANNELS)
    return [import_string(p) for p in paths]


def _hand_over(batches: dict[Any, list[Notification]], *, digest: bool) -> None:
    for user, rows in batches.items():
        for channel in channels():
            try:
                channel(user, rows, digest=digest)
            except Exception:
                logger.exception("notification channel %r failed", channel)


def delivery_of(user: Any) -> str:
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref.delivery if pref is not None else Delivery.IMMEDIATE


# --- making notifications -------------------------------------------------------------------


def _may_see(user: Any, target: models.Model | None) -> bool:
    if target is None:
        return True
    manager: Any = type(target)._default_manager
    if not hasattr(manager, "visible_to"):
        return False  # an object without a scope is never named in a notification
    return bool(manager.visible_to(user).filter(pk=target.pk).exists())


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    title: str,
    url: str = "",
    target: models.Model | None = None,
    text: str = "",
    key: str = "",
    exclude: Any = None,
) -> list[Notification]:
    """Notify ``users`` (those active, who may see ``target``; not ``exclude``, e.g.
    the actor): once per user for a ``key``. Delivered at once to users who chose
    immediate delivery, kept for the daily digest for the others."""
    seen: set[int] = set()
    recipients = []
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if exclude is not None and user.pk == getattr(exclude, "pk", None):
            continue
        if _may_see(user, target):
            recipients.append(user)
    if not recipients:
        return []
    if key:
        done = set(
            Notification.objects.filter(user__in=recipients, key=key).values_list(
                "user_id", flat=True
            )
        )
        recipients = [u for u in recipients if u.pk not in done]
    digest = set(
        NotificationPreference.objects.filter(
            user__in=recipients, delivery=Delivery.DIGEST
        ).values_list("user_id", flat=True)
    )
    now = timezone.now()
    rows = [
        Notification(
            user=user,
            kind=kind,
            title=title[:200],
            text=text[:500],
            url=url[:300],
            target_type=target._meta.label_lower if target is not None else "",
            target_id=target.pk if target is not None else None,
            key=key[:200],
            created_at=now,
            delivered_at=None if user.pk in digest else now,
        )
        for user in recipients
    ]
    created = Notification.objects.bulk_create(rows)
    immediate = {u: [n] for u, n in zip(recipients, created, strict=True) if u.pk not in digest}
    if immediate:
        transaction.on_commit(lambda: _hand_over(immediate, digest=False))
    return created


def unit_users(units: Iterable[Any]) -> models.QuerySet:
    """The active users of ``units``."""
    ids = [getattr(u, "pk", u) for u in units]
    return get_user_model().objects.filter(unit_id__in=ids, is_active=True)


def users_with(capability: str) -> list[Any]:
    """The active users whose role holds ``capability``."""
    return [
        u
        for u in get_user_model().objects.filter(is_active=True).exclude(role="")
        if u.has_capability(capability)
    ]


# --- the triggers ---------------------------------------------------------------------------


def approval_proposed(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A new proposal (``core.approvals.Approval``) waits for a decision: the users whose
    role decides it (``approve_capability``) and who may see its object are told."""
    if not created or instance.decided_at is not None or kwargs.get("raw"):
        return
    capability = getattr(instance, "approve_capability", "")
    owner = getattr(instance, instance.owner_field, None) if instance.owner_field else None
    if not capability or owner is None:
        return
    label = ref_label(owner)
    notify(
        users=users_with(capability),
        kind=NotificationKind.APPROVAL,
        title=f"待您审批：{owner._meta.verbose_name}{label}",
        text=str(instance.proposal)[:200],
        url=owner.get_absolute_url() if hasattr(owner, "get_absolute_url") else "",
        target=owner,
        exclude=instance.proposed_by,
    )


def assigned(*, obj: models.Model, units: Iterable[Any], noun: str, actor: Any = None) -> None:
    """A clue or a task was assigned to ``units``: their users are told."""
    notify(
        users=unit_users(units),
        kind=NotificationKind.ASSIGNED,
        title=f"交办本单位：{noun}{ref_label(obj)}",
        url=obj.get_absolute_url(),  # type: ignore[attr-defined]
        target=obj,
        exclude=actor,
    )


def reporter_replied(*, report: models.Model) -> None:
    """A reporter left a message on the portal: the petition office (who answers
    through the portal) is told the report's number only."""
    notify(
        users=users_with("reports.register"),
        kind=NotificationKind.REPLY,
        title=f"举报人留言：{ref_label(report)}",
        url=report.get_absolute_url(),  # type: ignore[attr-defined]
        target=report,
    )


def digest_deliver(*, now: datetime | None = None) -> int:
    """Deliver every notification kept for the digest: they appear in the bell now and
    each channel gets one user's batch at once. Returns how many were delivered."""
    now = now or timezone.now()
    pending = list(
        Notification.objects.filter(delivered_at__isnull=True)
        .select_related("user")
        .order_by("user_id", "created_at", "id")
    )
    if not pending:
        return 0
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(delivered_at=now)
    batches: dict[Any, list[Notification]] = {}
    for n in pending:
        n.delivered_at = now
        batches.setdefault(n.user, []).append(n)
    transaction.on_commit(lambda: _hand_over(batches, digest=True))
    return len(pending)


# --- the daily jobs (core.schedule) ----------------------------------------------------------


def _claim(job: str, today: date) -> bool:
    try:
        with transaction.atomic():
            DailyRun.objects.create(job=job, on=today)
    except IntegrityError:
        return False
    return True


@task()
def digest_task() -> int:
    with transaction.atomic():
        return digest_deliver()


def digest_daily(*, today: date, now: datetime | None = None) -> bool:
    """The daily digest, once a day from ``DIGEST_HOUR`` o'clock (local time)."""
    now = now or timezone.now()
    start = timezone.make_aware(datetime.combine(today, time(DIGEST_HOUR)))
    if now < start:
        return False
    if not _claim("notifications.digest", today):
        return False
    transaction.on_commit(lambda: digest_task.enqueue())
    return True


# --- reading --------------------------------------------------------------------------------


def inbox(*, user: Any) -> models.QuerySet:
    """The user's delivered notifications, the latest first."""
    return Notification.objects.filter(user=user, delivered_at__isnull=False).order_by(
        "-created_at", "-id"
    )


def unread_count(*, user: Any) -> int:
    return inbox(user=user).filter(read_at__isnull=True).count()


def shown(*, user: Any, notifications: Sequence[Notification]) -> list[dict[str, Any]]:
    """The notifications as the page shows them: a link to the object only while the
    user may open it; a notification whose object went out of sight keeps no title."""
    from django.apps import apps

    by_type: dict[str, set[int]] = {}
    for n in notifications:
        if n.target_type and n.target_id:
            by_type.setdefault(n.target_type, set()).add(n.target_id)
    visible: dict[str, set[int]] = {}
    for label, ids in by_type.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            visible[label] = set()
            continue
        manager: Any = model._default_manager
        if hasattr(manager, "visible_to"):
            visible[label] = set(
                manager.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
            )
        else:
            visible[label] = set()
    out = []
    for n in notifications:
        ok = not n.target_type or n.target_id in visible.get(n.target_type, set())
        out.append(
            {
                "n": n,
                "title": n.title if ok else f"一条{n.get_kind_display()}通知{PLACEHOLDER}",
                "text": n.text if ok else "",
                "url": n.url if ok else "",
            }
        )
    return out


# --- the user's own state -------------------------------------------------------------------


def notification_read(*, user: Any, pk: int) -> Notification | None:
    """Mark one of the user's notifications read (another user's is not found)."""
    n = inbox(user=user).filter(pk=pk).first()
    if n is not None and n.read_at is None:
        n.read_at = timezone.now()
        n.save(update_fields=["read_at"])
    return n


def notifications_read_all(*, user: Any) -> int:
    return inbox(user=user).filter(read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, actor: Any, delivery: str) -> NotificationPreference:
    """The user's delivery choice (immediate or daily digest). Switching to immediate
    delivers what was kept for the digest at once."""
    if delivery not in Delivery.values:
        from jiandu.core.errors import DomainError

        raise DomainError("接收方式无效")
    pref, _ = NotificationPreference.objects.get_or_create(user=actor)
    before = pref.delivery
    pref.delivery = delivery
    pref.save(update_fields=["delivery"])
    if delivery == Delivery.IMMEDIATE:
        now = timezone.now()
        pending = list(Notification.objects.filter(user=actor, delivered_at__isnull=True))
        if pending:
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(delivered_at=now)
            transaction.on_commit(lambda: _hand_over({actor: pending}, digest=True))
    record_event(
        actor=actor,
        action="core.notification.preference",
        object_type="accounts.user",
        object_id=str(actor.pk),
        object_repr=str(actor),
        from_state=Delivery(before).label,
        to_state=Delivery(delivery).label,
    )
    return pref
