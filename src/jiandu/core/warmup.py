"""Work done once per web worker at its start instead of on the first request that needs
it: jieba's dictionaries, the duplicate index of reports and the like (about a second
each, paid by the first person to open a report otherwise). Apps register their loaders
in ``AppConfig.ready``; gunicorn's ``post_worker_init`` (``core.gunicorn_conf``, used by
``jiandu serve`` and production) runs them. Tests and management commands never call
:func:`warm_up`, so they do not pay for it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

_LOADERS: list[tuple[str, Callable[[], object]]] = []


def register(name: str, loader: Callable[[], object]) -> None:
    if all(existing != name for existing, _ in _LOADERS):
        _LOADERS.append((name, loader))


def loaders() -> list[str]:
    return [name for name, _ in _LOADERS]


def warm_up(tick: Callable[[], object] | None = None) -> dict[str, float]:
    """Run every registered loader; a failing one is logged and skipped (the request that
    needs it loads it then, as without a warm-up). ``tick`` is called after each loader
    (gunicorn's ``worker.notify``: the master does not take a slow start for a hung
    worker). Returns seconds per loader."""
    from django.db import close_old_connections

    took: dict[str, float] = {}
    for name, loader in _LOADERS:
        start = time.perf_counter()
        try:
            loader()
        except Exception:  # a warm-up never stops a worker from serving
            logger.exception("warm-up %s failed", name)
            continue
        took[name] = round(time.perf_counter() - start, 3)
        if tick is not None:
            tick()
    close_old_connections()  # the worker's requests open their own
    logger.info("warm-up done: %s", took)
    return took
