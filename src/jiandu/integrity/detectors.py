"""The early-alert detectors, one registry: each part of the module registers the
detectors of the alert kinds it knows (``register_detector``); the alert computation
(``jiandu.integrity.alert_services``) runs all of them and creates each candidate once.

A detector is ``fn(*, on: date) -> Iterable[AlertCandidate]`` reading the whole record
(no user scope: the commission computes; the alert itself is scoped by ``unit``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AlertCandidate:
    kind: str  # AlertKind value
    key: str  # unique: kind + the records behind it (see Alert.key)
    cadre_id: int
    unit_id: int | None
    reason: str  # one Chinese sentence with the figures that raised it
    evidence: list[dict[str, Any]] = field(default_factory=list)


Detector = Callable[..., Iterable[AlertCandidate]]
DETECTORS: dict[str, Detector] = {}


def register_detector(name: str) -> Callable[[Detector], Detector]:
    def wrap(fn: Detector) -> Detector:
        DETECTORS[name] = fn
        return fn

    return wrap
