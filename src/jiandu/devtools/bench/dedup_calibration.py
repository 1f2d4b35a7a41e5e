"""Recall and precision of the duplicate score on the hand-written labelled set
(``jiandu/intake/tests/data/duplicate_pairs.json``), at the threshold the app uses
(``similarity.DUPLICATE_THRESHOLD``).

    python -m jiandu.devtools.bench.dedup_calibration

prints the figures, the recall by kind of repeat and the share of non-repeats shown by
kind, the threshold with the best F1 on the set, and a two-fold check: the threshold
chosen on the odd-numbered pairs measured on the even ones, and the other way round (the
set is small; this says how much the figures owe to choosing the threshold on it).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "intake" / "tests" / "data" / "duplicate_pairs.json"


@dataclass(frozen=True)
class Scored:
    id: str
    kind: str
    duplicate: bool
    score: float


def load(path: Path = DATA) -> list[dict[str, Any]]:
    pairs: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["pairs"]
    return pairs


def score_pairs(pairs: Sequence[dict[str, Any]]) -> list[Scored]:
    from jiandu.intake.similarity import duplicate_score

    return [
        Scored(
            id=p["id"],
            kind=p["kind"],
            duplicate=bool(p["duplicate"]),
            score=duplicate_score(
                p["a"], p["b"], [p.get("subject_a", "")], [p.get("subject_b", "")]
            ),
        )
        for p in pairs
    ]


def measure(rows: Sequence[Scored], threshold: float) -> dict[str, float]:
    """Recall, precision and F1 of "shown" (score ≥ threshold) against the labels."""
    shown = [r for r in rows if r.score >= threshold]
    true_pos = sum(r.duplicate for r in shown)
    positives = sum(r.duplicate for r in rows)
    recall = true_pos / positives if positives else 0.0
    precision = true_pos / len(shown) if shown else 1.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return {"recall": recall, "precision": precision, "f1": f1, "shown": len(shown)}


def best_threshold(rows: Sequence[Scored]) -> float:
    """The score, among those on the set, with the best F1 (ties: the lower one)."""
    candidates = sorted({r.score for r in rows if r.score > 0})
    return max(candidates, key=lambda t: (measure(rows, t)["f1"], -t))


def run(threshold: float | None = None, path: Path = DATA) -> dict[str, Any]:
    from jiandu.intake.similarity import DUPLICATE_THRESHOLD

    threshold = DUPLICATE_THRESHOLD if threshold is None else threshold
    rows = score_pairs(load(path))
    result: dict[str, Any] = {
        "pairs": len(rows),
        "repeats": sum(r.duplicate for r in rows),
        "non_repeats": sum(not r.duplicate for r in rows),
        "threshold": threshold,
        **measure(rows, threshold),
        "best_threshold": best_threshold(rows),
        "by_kind": {},
        "missed": [r.id for r in rows if r.duplicate and r.score < threshold],
        "wrongly_shown": [r.id for r in rows if not r.duplicate and r.score >= threshold],
    }
    for kind in dict.fromkeys(r.kind for r in rows):
        of_kind = [r for r in rows if r.kind == kind]
        shown = sum(r.score >= threshold for r in of_kind)
        result["by_kind"][kind] = (shown, len(of_kind), of_kind[0].duplicate)
    folds = []
    for train_parity in (0, 1):
        train = [r for i, r in enumerate(rows) if i % 2 == train_parity]
        test = [r for i, r in enumerate(rows) if i % 2 != train_parity]
        chosen = best_threshold(train)
        folds.append((chosen, measure(test, chosen)))
    result["folds"] = folds
    return result


def main(argv: Sequence[str] = ()) -> dict[str, Any]:
    threshold = float(argv[0]) if argv else None
    r = run(threshold)
    print(
        f"dedup calibration: {r['pairs']} pairs ({r['repeats']} repeats, "
        f"{r['non_repeats']} non-repeats), threshold {r['threshold']:.3f}: "
        f"recall {r['recall']:.3f}, precision {r['precision']:.3f}, F1 {r['f1']:.3f}"
    )
    for kind, (shown, total, duplicate) in r["by_kind"].items():
        what = "repeats shown" if duplicate else "non-repeats shown (wrongly)"
        print(f"  {kind:<26} {shown:>2}/{total:<2} {what}")
    print(f"  missed: {', '.join(r['missed']) or '—'}")
    print(f"  wrongly shown: {', '.join(r['wrongly_shown']) or '—'}")
    print(f"best-F1 threshold on the whole set: {r['best_threshold']:.3f}")
    for i, (chosen, m) in enumerate(r["folds"]):
        print(
            f"two-fold check {i + 1}: threshold {chosen:.3f} chosen on one half; on the other "
            f"recall {m['recall']:.3f}, precision {m['precision']:.3f}"
        )
    return r


if __name__ == "__main__":
    main(sys.argv[1:])
