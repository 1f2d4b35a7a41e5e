"""What every service builds on to stay correct when two people act at once.

- ``@locked("clue")``: a workflow step takes the row lock FIRST and only then checks
  the state. The decorator opens the transaction, locks the rows of the named keyword
  arguments (``SELECT ... FOR UPDATE``) and reloads those instances in place from the
  locked rows, so the step's own checks (state machine, "already decided", counters)
  always run on the fresh, locked row, never on what the caller loaded earlier. Two
  simultaneous ``accept`` on one clue: the second waits for the first to commit, then
  sees the new status and is refused. Every locked step is listed in ``LOCKED_STEPS``;
  a test requires every service that takes an existing object to be one of them.
- Version tokens for edit forms (lost updates): ``version_of`` hashes the current
  values a form edits; the form carries the token (``core.forms.VersionedFormMixin``), the service
  compares it under the row lock (``check_version``) and refuses a stale save with
  ``StaleVersion`` ("该记录已被他人修改，请刷新后重试", HTTP 409 in the API).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from django.db import models, transaction

from jiandu.core.errors import NotFound, StaleVersion

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=models.Model)

# "module.function" -> the dotted keyword arguments it locks, in locking order.
LOCKED_STEPS: dict[str, tuple[str, ...]] = {}


def lock_for_update(obj: M) -> M:
    """Lock ``obj``'s row until the end of the current transaction and reload the
    instance in place from the locked row (cached relations are dropped, so they are
    read fresh too). A row deleted meanwhile answers ``NotFound``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_update() needs a transaction (use @locked)")
    manager = type(obj)._base_manager
    try:
        obj.refresh_from_db(from_queryset=manager.select_for_update())
    except type(obj).DoesNotExist:  # type: ignore[attr-defined]
        raise NotFound() from None
    return obj


def _resolve(kwargs: dict[str, Any], path: str) -> Any:
    name, *attrs = path.split(".")
    obj = kwargs.get(name)
    for attr in attrs:
        if obj is None:
            return None
        obj = getattr(obj, attr)
    return obj


def locked(*paths: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Make a service a locked step: ``@locked("clue")`` or, to lock the parent first
    (one order everywhere: parent before child), ``@locked("person.case", "person")``.
    Each path is a keyword argument, optionally followed by attributes; a ``None``
    (an optional argument not given) is skipped, a list is locked row by row in id
    order. Replaces ``@transaction.atomic``."""
    if not paths:
        raise TypeError("@locked needs at least one argument to lock")

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        params = inspect.signature(func).parameters
        for path in paths:
            name = path.split(".")[0]
            if name not in params or params[name].kind is not inspect.Parameter.KEYWORD_ONLY:
                raise TypeError(f"{func.__qualname__}: {name!r} is not a keyword-only argument")

        @functools.wraps(func)
        def step(*args: P.args, **kwargs: P.kwargs) -> R:
            with transaction.atomic():
                for path in paths:
                    obj = _resolve(kwargs, path)
                    many = obj if isinstance(obj, (list, tuple)) else [obj]
                    for one in sorted((o for o in many if o is not None), key=lambda o: o.pk):
                        if one.pk is not None:
                            lock_for_update(one)
                return func(*args, **kwargs)

        step.locks = paths  # type: ignore[attr-defined]
        LOCKED_STEPS[f"{func.__module__}.{func.__qualname__}"] = paths
        return step

    return decorate


# --- version tokens (optimistic check of edit forms) ------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    return value


def version_of(obj: models.Model | None = None, fields: Iterable[str] = (), **extra: Any) -> str:
    """A short token for the current values a form edits: ``fields`` of ``obj`` (a
    foreign key by its id) plus ``extra`` values (e.g. the ids of many-to-many owners).
    Any change to one of them changes the token."""
    values: dict[str, Any] = {}
    if obj is not None:
        values["pk"] = obj.pk
        for name in fields:
            field = obj._meta.get_field(name)
            values[name] = getattr(obj, getattr(field, "attname", name))
    values.update({k: _plain(v) for k, v in extra.items()})
    text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def check_version(current: str, submitted: str | None) -> None:
    """Refuse a save made on an older state (``StaleVersion``). ``submitted=None`` is
    for system callers only (imports, jobs) and skips the check; a form or API client
    that sends an empty or wrong token is refused."""
    if submitted is None:
        return
    if str(submitted).strip().strip('"').removeprefix("W/").strip('"') != current:
        raise StaleVersion()
