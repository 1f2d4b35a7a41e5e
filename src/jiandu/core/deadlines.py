"""Time limits (时限) every module keeps the same way.

A module's deadline model inherits :class:`Deadline` and adds the link to what it
times (a clue; a case and a track). The due date is fixed with the legal calendar when
the clock starts (``jiandu.core.calendar``; ``provisional`` when the year's holidays
are not entered yet) and ``met_on`` records when the step it waits for was done. The
state is never stored: :func:`deadline_state` derives it on the day it is read.

- met: ``met_on`` is set;
- paused: the clock stands still (a model that can pause has ``paused_on``);
- overdue: the due date is before today;
- due soon: due within :data:`DUE_SOON_WORKING_DAYS` working days (today included);
- running: otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone

from jiandu.core import calendar
from jiandu.core.formatting import cn_date

DUE_SOON_WORKING_DAYS = 5


class DeadlineState(models.TextChoices):
    RUNNING = "running", "进行中"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已超期"
    PAUSED = "paused", "暂停计算"
    MET = "met", "已完成"


class DeadlineQuerySet(models.QuerySet):
    """Running and meeting deadlines, read best through the owner's relation:
    ``case.deadlines.filter(person=p).meet(kind, on=d)``."""

    def running(self) -> DeadlineQuerySet:
        """Not met yet (paused ones included)."""
        return self.filter(met_on__isnull=True)

    def latest_running(self, kind: str) -> Any:
        """The running deadline of ``kind`` started last, or ``None``."""
        return self.running().filter(kind=kind).order_by("-id").first()

    def meet(self, *kinds: str, on: date) -> int:
        """The running deadlines of ``kinds`` are met ``on`` that day; returns how many."""
        return self.running().filter(kind__in=kinds).update(met_on=on)


_DeadlineManagerBase = models.Manager.from_queryset(DeadlineQuerySet)


class DeadlineManager(_DeadlineManagerBase):
    """Starts a deadline through the owner's relation (``clue.deadlines.start(...)``),
    which fills in the owner."""

    def start(
        self,
        kind: str,
        started_on: date,
        due: date,
        basis: str | Mapping[str, str],
        **fields: Any,
    ) -> Any:
        """Start the clock of ``kind`` on ``started_on``, due on ``due`` (a
        ``calendar.DueDate`` says whether it is provisional), on the ``basis`` of the
        rule that sets it: its words, or the module's table of them by kind (cut to
        the field's length)."""
        if not isinstance(basis, str):
            basis = basis[kind]
        return self.create(
            kind=kind,
            started_on=started_on,
            due_on=due,
            provisional=getattr(due, "provisional", False),
            basis=basis[: getattr(self.model._meta.get_field("basis"), "max_length", None)],
            **fields,
        )


class Deadline(models.Model):
    """A time limit. Subclasses add the foreign keys to what they time, give ``kind``
    its choices, and may set ``working_day_kinds`` (limits counted in working days,
    whose remaining time reads "还剩N个工作日") and ``pause_reason``."""

    kind = models.CharField("时限", max_length=24)
    started_on = models.DateField("起算日")
    due_on = models.DateField("到期日")
    provisional = models.BooleanField("暂按法定节日和双休日推算", default=False)
    basis = models.CharField("依据", max_length=120)
    met_on = models.DateField("完成日期", null=True, blank=True)

    objects = DeadlineManager()

    working_day_kinds: ClassVar[frozenset[str]] = frozenset()
    pause_reason: ClassVar[str] = ""

    class Meta:
        abstract = True
        ordering = ["due_on", "id"]


def due_soon_limit(today: date | None = None) -> date:
    """The last due date that counts as "due soon" today."""
    return calendar.add_working_days(today or timezone.localdate(), DUE_SOON_WORKING_DAYS)


def deadline_state(deadline: Deadline, today: date | None = None) -> str:
    """running / due_soon / overdue / met (/ paused) on ``today`` (default: today)."""
    today = today or timezone.localdate()
    if deadline.met_on:
        return DeadlineState.MET
    if getattr(deadline, "paused_on", None):
        return DeadlineState.PAUSED
    if deadline.due_on < today:
        return DeadlineState.OVERDUE
    if deadline.due_on <= due_soon_limit(today):
        return DeadlineState.DUE_SOON
    return DeadlineState.RUNNING


def deadline_text(deadline: Deadline, today: date | None = None) -> tuple[str, str]:
    """The state and how it reads: 已完成（日期） / 暂停计算 / 已超期N天 / 还剩N天 (or
    N个工作日 for a limit counted in working days) / 今日到期."""
    today = today or timezone.localdate()
    state = deadline_state(deadline, today)
    if state == DeadlineState.MET:
        return state, f"已完成（{cn_date(deadline.met_on)}）"
    if state == DeadlineState.PAUSED:
        paused = f"自{cn_date(deadline.paused_on)}起暂停计算"  # type: ignore[attr-defined]
        return state, f"{deadline.pause_reason}，{paused}" if deadline.pause_reason else paused
    if state == DeadlineState.OVERDUE:
        return state, f"已超期{(today - deadline.due_on).days}天"
    if deadline.kind in deadline.working_day_kinds:
        left = calendar.working_days_between(today, deadline.due_on)
        return state, f"还剩{left}个工作日" if left else "今日到期"
    left = (deadline.due_on - today).days
    return state, f"还剩{left}天" if left else "今日到期"


# ------------------------------------------------ the registry of stored due dates
#
# A due date is fixed when its clock starts and stored; when it depended on a year
# nobody had entered it is stored provisional. When that year is entered, every open
# provisional due date is recomputed (``core.holiday_entry``). ``core`` cannot import
# the modules above it, so each module declares here, from its ``deadlines.py`` (read in
# its ``AppConfig.ready``), how each due date it stores is worked out again.


@dataclass(frozen=True)
class StoredDue:
    """One kind of stored due date: where it is kept and how it is computed again.

    ``recompute(row)`` gives the due date as the rule computes it with the calendar of
    the moment (a ``calendar.DueDate``; ``None`` when it cannot say, and the row is
    left alone). ``open`` selects the rows whose time limit still runs. ``owner`` is the
    path from the row to the report, clue, case … it belongs to (``""``: the row
    itself); that object's model has ``objects.visible_to(user)``, which decides whose
    workbench hears of a change, and its ``get_absolute_url`` is the link.
    """

    key: str
    label: str
    model: type[models.Model]
    recompute: Callable[[Any], date | None]
    open: Q
    due_field: str = "due_on"
    provisional_field: str = "provisional"
    owner: str = ""

    def owner_of(self, row: Any) -> Any:
        obj = row
        for part in filter(None, self.owner.split("__")):
            obj = getattr(obj, part)
        return obj

    @property
    def owner_model(self) -> type[models.Model]:
        model = self.model
        for part in filter(None, self.owner.split("__")):
            model = model._meta.get_field(part).related_model  # type: ignore[assignment]
        return model

    def open_provisional(self) -> models.QuerySet:
        """The rows whose due date runs and is provisional."""
        related = self.owner or None
        qs = self.model._default_manager.filter(self.open, **{self.provisional_field: True})
        return (qs.select_related(related) if related else qs).order_by(self.due_field, "pk")


_STORED_DUES: dict[str, StoredDue] = {}


def register_due(stored: StoredDue) -> StoredDue:
    """Declare one stored due date (see :class:`StoredDue`); the key is unique."""
    _STORED_DUES[stored.key] = stored
    return stored


def register_deadline_kinds(
    model: type[Deadline], rules: Mapping[str, Callable[[Any], date | None]], *, owner: str
) -> None:
    """Declare how each ``kind`` of a :class:`Deadline` model is recomputed from its row:
    ``{kind: lambda d: rules.x_due(d.started_on)}``. A running (not met) deadline of a
    kind left out is listed for a person to check instead (:func:`unregistered_provisional`).
    """
    labels = dict(model._meta.get_field("kind").choices or ())
    for kind, recompute in rules.items():
        register_due(
            StoredDue(
                key=f"{model._meta.label_lower}.{kind}",
                label=str(labels.get(kind, kind)),
                model=model,
                recompute=recompute,
                open=Q(met_on__isnull=True, kind=kind),
                owner=owner,
            )
        )


def registered_dues() -> list[StoredDue]:
    return list(_STORED_DUES.values())


def unregistered_provisional() -> list[Any]:
    """Running provisional deadlines of a registered :class:`Deadline` model whose kind
    no module declared how to recompute: a person has to check them."""
    kinds: dict[type[models.Model], set[str]] = {}
    for stored in _STORED_DUES.values():
        if issubclass(stored.model, Deadline):
            kinds.setdefault(stored.model, set()).add(stored.key.rsplit(".", 1)[1])
    rows: list[Any] = []
    for model, known in kinds.items():
        rows += list(
            model._default_manager.filter(met_on__isnull=True, provisional=True).exclude(
                kind__in=known
            )
        )
    return rows
