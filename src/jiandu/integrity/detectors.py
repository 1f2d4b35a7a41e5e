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


# The model behind each ``evidence`` kind (``"app_label.Model"``): an alert page shows an
# evidence record's number and link only to a viewer who may open that record (its
# model's ``visible_to``); a kind not registered here is shown as “（无权查看）”. Each
# part registers the kinds its detectors write, e.g. ``register_evidence_kind("talk",
# "integrity.IntegrityTalk")``.
EVIDENCE_MODELS: dict[str, str] = {
    "post": "org.Post",
    "company": "org.Company",
    "report": "intake.Report",
    "clue": "clues.Clue",
    "case": "cases.Case",
    "hit": "crosscheck.Hit",
}


def register_evidence_kind(kind: str, model: str) -> None:
    EVIDENCE_MODELS[kind] = model


def evidence(
    kind: str, object_id: int, number: str, label: str = "", url: str = ""
) -> dict[str, Any]:
    """One evidence record of an alert, in the shape ``Alert.evidence`` keeps."""
    return {"kind": kind, "id": object_id, "number": number, "label": label, "url": url}
