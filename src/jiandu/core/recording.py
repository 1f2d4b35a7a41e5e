"""How code in ``core`` leaves an audit record without importing the audit app above it.

The audit app installs its two writers when it is ready (``audit/apps.py``):
``event`` (``audit.services.event_record``: a step that changed something, written in the
caller's transaction) and ``read`` (``audit.services.read_record``: who read what).
The kit calls :func:`record_event` (the import runner's summary event) and
:func:`record_read` (a stored file served by ``core.files.serve_file``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Recorder = Callable[..., Any]
_recorders: dict[str, Recorder] = {}


def use_recorders(*, event: Recorder, read: Recorder) -> None:
    """Install the audit app's writers (called once, from its ``ready``)."""
    _recorders.update(event=event, read=read)


def _recorder(kind: str) -> Recorder:
    try:
        return _recorders[kind]
    except KeyError:
        raise RuntimeError("no audit recorder installed (is jiandu.audit installed?)") from None


def record_event(**kwargs: Any) -> Any:
    """An audit event, as ``audit.services.event_record(actor=…, action=…, obj=…, …)``."""
    return _recorder("event")(**kwargs)


def record_read(**kwargs: Any) -> Any:
    """A read-log entry, as ``audit.services.read_record(user=…, obj=…, what=…)``."""
    return _recorder("read")(**kwargs)
