"""催办 (urge): a leader's recorded push on an overdue item, one mechanism for every module.

A module declares what can be urged with :func:`register` (an :class:`Urgeable`, read in
its ``AppConfig.ready``): the model, the scope domain, the Chinese noun, the capability
that urges it, the units responsible for an item and when an item is overdue. It adds
:func:`urge_step` to the item's workflow steps, so the page's action panel, its POST
dispatcher and the API action ``POST /api/…/<id>/urge/`` all come from one declaration.

:func:`urge_record` is the one writer: only an overdue item is urged (otherwise it is
refused with the reason), one :class:`~jiandu.core.models.Urge` per responsible unit is
stored, an audit event ``<app>.<model>.urge`` is recorded on the item (so the urge shows
in the item's history with its message), and the unit's users are notified
(``core.notifications``). The urged unit sees the urge on its workbench (kind 催办)
until the item is no longer overdue (handled: closed, done or its time limit met) or a
user of the unit marks the urge read (:func:`urge_acknowledge`). The statistics count
urges per unit (figure ``core.urges``, registered by the stats app).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django_tasks import task

from jiandu.core.errors import DomainError, NotFound, PermissionDenied
from jiandu.core.formatting import cn_date
from jiandu.core.labels import register_actions
from jiandu.core.models import URGE_DOMAINS, DailyRun, NotificationKind, Urge
from jiandu.core.notifications import notify, unit_users
from jiandu.core.recording import record_event
from jiandu.core.scoping import ref_label, require_visible
from jiandu.core.services import locked
from jiandu.core.workbench import WorkItem, workbench_provider
from jiandu.core.workflow import Step

MESSAGE_MAX = 500
WORKBENCH_KIND = "催办"
WORKBENCH_LIMIT = 100


@dataclass(frozen=True)
class Urgeable:
    """What a module says about one kind of item that can be urged.

    - ``domain``: the scope domain of the item ("clues", "cases" …): who may see the
      urges is decided by it;
    - ``noun``: the item in Chinese (线索, 案件, 整改事项, 督办任务), ``module``: the
      workbench module the item belongs to;
    - ``capability``: who may urge it ("clues.urge" …);
    - ``units(obj)``: the units responsible for it (the handling unit, the lead unit,
      the responsible unit, the owners of a task);
    - ``overdue_on(obj, today)``: the due date it missed when it is overdue, else None;
    - ``due_soon(today, limit)``: the open items due from ``today`` to ``limit`` as
      (item, due date, what is due) — for the deadline reminders
      (``core.notifications``).
    """

    model: type[models.Model]
    domain: str
    noun: str
    module: str
    capability: str
    units: Callable[[Any], Sequence[Any]]
    overdue_on: Callable[[Any, date], date | None]
    due_soon: Callable[[date, date], Iterable[tuple[Any, date, str]]] | None = None

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


_REGISTRY: dict[str, Urgeable] = {}


def register(urgeable: Urgeable) -> Urgeable:
    _REGISTRY[urgeable.key] = urgeable
    URGE_DOMAINS[urgeable.key] = urgeable.domain
    register_actions({f"{urgeable.key}.urge": "催办", f"{urgeable.key}.urge_read": "已阅催办"})
    return urgeable


def registered() -> list[Urgeable]:
    return list(_REGISTRY.values())


def urgeable_of(obj: Any) -> Urgeable:
    try:
        return _REGISTRY[obj._meta.label_lower]
    except (KeyError, AttributeError):
        raise DomainError("该事项不能催办") from None


def is_overdue(obj: Any, today: date | None = None) -> bool:
    spec = _REGISTRY.get(obj._meta.label_lower)
    return spec is not None and spec.overdue_on(obj, today or timezone.localdate()) is not None


def target_url(target_type: str, target_id: int) -> str:
    spec = _REGISTRY.get(target_type)
    if spec is None:
        return ""
    obj = spec.model._default_manager.filter(pk=target_id).first()
    return obj.get_absolute_url() if obj is not None else ""  # type: ignore[attr-defined]


def visible_urls(*, user: Any, urges: Iterable[Urge]) -> dict[tuple[str, int], str]:
    """(target type, id) -> the item's page, for the items of ``urges`` the user may
    open; one query per kind of item."""
    wanted: dict[str, set[int]] = {}
    for urge in urges:
        wanted.setdefault(urge.target_type, set()).add(urge.target_id)
    out: dict[tuple[str, int], str] = {}
    for key, ids in wanted.items():
        spec = _REGISTRY.get(key)
        if spec is None:
            continue
        manager: Any = spec.model._default_manager
        for obj in manager.visible_to(user).filter(pk__in=ids):
            out[(key, obj.pk)] = obj.get_absolute_url()
    return out


# --- the services ---------------------------------------------------------------------------


@locked("target")
def urge_record(*, actor: Any, target: models.Model, message: str) -> list[Urge]:
    """Urge the units responsible for the overdue ``target`` with ``message``; refused
    (with the reason) when the item is not overdue, when the actor may not urge it or
    see it, or without a message."""
    spec = urgeable_of(target)
    if actor is None or not actor.has_capability(spec.capability):
        raise PermissionDenied(f"您的角色无权催办{spec.noun}")
    require_visible(actor, target, message=f"{spec.noun}不存在或您无权查看")
    today = timezone.localdate()
    due = spec.overdue_on(target, today)
    if due is None:
        raise DomainError(f"该{spec.noun}尚未超期，不能催办（只有已超期的{spec.noun}可以催办）")
    message = (message or "").strip()
    if not message:
        raise DomainError("请填写催办意见", fields={"message": ["请填写催办意见"]})
    units = list(spec.units(target))
    if not units:
        raise DomainError(f"该{spec.noun}没有责任单位，无法催办")
    now = timezone.now()
    label = ref_label(target)[:200]
    urges = [
        Urge.objects.create(
            target_type=spec.key,
            target_id=target.pk,
            target_repr=label,
            unit=unit,
            message=message[:MESSAGE_MAX],
            due_on=due,
            actor=actor,
            created_at=now,
        )
        for unit in units
    ]
    record_event(
        actor=actor,
        action=f"{spec.key}.urge",
        obj=target,
        reason=message[:MESSAGE_MAX],
        payload={"unit": "、".join(u.name for u in units), "missed_due": due.isoformat()},
    )
    notify(
        users=unit_users(units),
        kind=NotificationKind.URGE,
        title=f"催办：{spec.noun}{label}（{cn_date(due)}到期，已超期）",
        text=f"{actor}：{message[:200]}",
        url=target.get_absolute_url(),  # type: ignore[attr-defined]
        target=target,
    )
    return urges


@locked("urge")
def urge_acknowledge(*, actor: Any, urge: Urge) -> Urge:
    """A user of the urged unit marks the urge read: it leaves the unit's workbench."""
    if actor is None or actor.unit_id != urge.unit_id:
        raise DomainError("只有被催办单位的人员可以登记已阅")
    if urge.acknowledged_at is not None:
        raise DomainError("该催办已登记已阅")
    urge.acknowledged_at = timezone.now()
    urge.acknowledged_by = actor
    urge.save(update_fields=["acknowledged_at", "acknowledged_by"])
    spec = _REGISTRY.get(urge.target_type)
    target = spec.model._default_manager.filter(pk=urge.target_id).first() if spec else None
    record_event(
        actor=actor,
        action=f"{urge.target_type}.urge_read",
        obj=target,
        object_type=urge.target_type,
        object_id=str(urge.target_id),
        object_repr=urge.target_repr,
        payload={"urge": urge.pk},
    )
    return urge


# --- the selectors --------------------------------------------------------------------------


def urges_of(*, user: Any, target: models.Model) -> list[Urge]:
    """The urges of one item the user may see, the latest first."""
    return list(
        Urge.objects.visible_to(user)
        .filter(target_type=target._meta.label_lower, target_id=target.pk)
        .select_related("actor", "unit", "acknowledged_by")
    )


def urge_get_for(*, user: Any, pk: Any) -> Urge:
    from jiandu.core.scoping import parse_id

    if parse_id(pk) is None:
        raise NotFound()
    urge = Urge.objects.visible_to(user).filter(pk=pk).first()
    if urge is None:
        raise NotFound()
    return urge


def open_urges_for(*, user: Any, today: date | None = None) -> list[tuple[Urge, Any]]:
    """The urges addressed to the user's unit that still stand: not marked read, and
    the item still overdue and visible to the user; with their item."""
    if not getattr(user, "unit_id", None):
        return []
    today = today or timezone.localdate()
    urges = list(
        Urge.objects.visible_to(user)
        .filter(unit_id=user.unit_id, acknowledged_at__isnull=True)
        .select_related("actor")
        .order_by("-created_at", "-id")[: WORKBENCH_LIMIT * 2]
    )
    wanted: dict[str, set[int]] = {}
    for urge in urges:
        wanted.setdefault(urge.target_type, set()).add(urge.target_id)
    targets: dict[tuple[str, int], Any] = {}
    for key, ids in wanted.items():
        spec = _REGISTRY.get(key)
        if spec is None:
            continue
        manager: Any = spec.model._default_manager
        for obj in manager.visible_to(user).filter(pk__in=ids):
            targets[(key, obj.pk)] = obj
    out: list[tuple[Urge, Any]] = []
    seen: set[tuple[str, int]] = set()
    for urge in urges:
        item = (urge.target_type, urge.target_id)
        obj = targets.get(item)
        if obj is None or item in seen:
            continue
        if _REGISTRY[urge.target_type].overdue_on(obj, today) is None:
            continue  # handled: no longer overdue
        seen.add(item)
        out.append((urge, obj))
    return out[:WORKBENCH_LIMIT]


@workbench_provider
def urge_items(user: Any) -> Iterable[WorkItem]:
    """催办 on the urged unit's workbench, one item per urged item (the latest urge)."""
    items = []
    for urge, obj in open_urges_for(user=user):
        spec = _REGISTRY[urge.target_type]
        items.append(
            WorkItem(
                label=f"被催办：{spec.noun}{urge.target_repr}（{urge.actor}，"
                f"{cn_date(timezone.localtime(urge.created_at).date())}）",
                url=obj.get_absolute_url(),
                module=spec.module,
                due=urge.due_on,
                kind=WORKBENCH_KIND,
                action=f"尽快办理被催办的{spec.noun}，或在页面上登记已阅",
            )
        )
    return items


# --- the workflow step ---------------------------------------------------------------------


class UrgeForm(forms.Form):
    message = forms.CharField(
        label="催办意见",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": "请填写催办意见"},
    )


def _urge_input() -> type:
    from rest_framework import serializers

    class UrgeInput(serializers.Serializer):
        message = serializers.CharField(max_length=MESSAGE_MAX, help_text="催办意见")

    return UrgeInput


UrgeInput = _urge_input()


def urge_step(*, capability: str, noun: str) -> Step:
    """The 催办 step of an item's workflow (offered on an overdue item only; the service
    refuses any other with its reason)."""
    return Step(
        "urge",
        "催办",
        capability,
        transition=None,
        run=lambda actor, obj, data: urge_record(actor=actor, target=obj, **data),
        when=lambda obj: is_overdue(obj),
        form=UrgeForm,
        input=UrgeInput,
        style="outline-danger",
        done=f"已催办，已通知责任单位办理该{noun}",
        help=f"委领导对已超期的{noun}催办（须填写催办意见）；记入办理过程，并通知责任单位。",
    )


def urge_panel_context(*, user: Any, target: Any, actions: Any, action_url: str) -> dict[str, Any]:
    """What the item page's 催办 card shows: the urges, whether the user may urge now
    (with the form) and which urges the user may mark read."""
    urges = urges_of(user=user, target=target)
    return {
        "urges": urges,
        "urge_target": target,
        "can_urge": actions is not None and "urge" in actions,
        "urge_form": UrgeForm(auto_id="urge-%s"),
        "urge_url": action_url,
        "urge_may_ack": {
            u.pk for u in urges if u.acknowledged_at is None and u.unit_id == user.unit_id
        },
    }


# --- the deadline reminders (a daily job, core.schedule) ----------------------------------


def deadline_reminders(*, today: date) -> int:
    """Tell the responsible units' users of every item due within
    ``DUE_SOON_WORKING_DAYS`` working days (today included) — once per item, due date
    and user (``core.notifications``). Returns how many notifications were made."""
    from jiandu.core.deadlines import DUE_SOON_WORKING_DAYS, due_soon_limit

    limit = due_soon_limit(today)
    made = 0
    for spec in _REGISTRY.values():
        if spec.due_soon is None:
            continue
        for obj, due, what in spec.due_soon(today, limit):
            when = "今日到期" if due == today else f"{cn_date(due)}到期"
            made += len(
                notify(
                    users=unit_users(spec.units(obj)),
                    kind=NotificationKind.DEADLINE,
                    title=f"即将到期：{spec.noun}{ref_label(obj)} {what}（{when}）",
                    text=f"{DUE_SOON_WORKING_DAYS}个工作日内到期，请按期办理。",
                    url=obj.get_absolute_url(),
                    target=obj,
                    key=f"deadline:{spec.key}:{obj.pk}:{due.isoformat()}",
                )
            )
    return made


@task()
def deadline_reminders_task(on: str) -> int:
    return deadline_reminders(today=date.fromisoformat(on))


def deadlines_daily(*, today: date) -> bool:
    """The deadline reminders, once a day (the first schedule check of the day)."""
    try:
        with transaction.atomic():
            DailyRun.objects.create(job="notifications.deadlines", on=today)
    except IntegrityError:
        return False
    transaction.on_commit(lambda: deadline_reminders_task.enqueue(on=today.isoformat()))
    return True
