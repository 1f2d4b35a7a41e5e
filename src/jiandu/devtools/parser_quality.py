"""How well the directive parser extracts tasks and owners from the seed speeches.

The expected task trees are labelled by hand in ``tests/test_parser_seeds.py`` (one
entry per task: its numbering path and the owners the text names). A parsed task is
right when a task with the same path is expected; an owner is right when the same
(path, owner) pair is expected. Run ``python -m jiandu.devtools.parser_quality`` for the
table (no database needed).

The five seed speeches are copied unchanged from the product docs (``shared/seeds``)
into ``data/directive_seeds/``, so that the tests and the demo run from the repository
alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jiandu.directives.parsing import ParsedDocument, parse

SEEDS_DIR = Path(__file__).resolve().parent / "data" / "directive_seeds"


def seed_text(prefix: str) -> str:
    """The text of a seed speech by its number (000 … 004)."""
    (path,) = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Score:
    name: str
    expected_tasks: int
    found_tasks: int
    right_tasks: int
    expected_owners: int
    found_owners: int
    right_owners: int

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return 1.0 if b == 0 else a / b

    @property
    def task_precision(self) -> float:
        return self._ratio(self.right_tasks, self.found_tasks)

    @property
    def task_recall(self) -> float:
        return self._ratio(self.right_tasks, self.expected_tasks)

    @property
    def owner_precision(self) -> float:
        return self._ratio(self.right_owners, self.found_owners)

    @property
    def owner_recall(self) -> float:
        return self._ratio(self.right_owners, self.expected_owners)


def score(name: str, parsed: ParsedDocument, expected: dict[str, tuple[str, ...]]) -> Score:
    """Compare the tasks the parser proposes with the hand-labelled ``expected`` tasks
    (path → owner keys)."""
    found = {t.path: set(t.owner_keys) for t in parsed.task_list()}
    found_pairs = {(p, k) for p, keys in found.items() for k in keys}
    expected_pairs = {(p, k) for p, keys in expected.items() for k in keys}
    return Score(
        name=name,
        expected_tasks=len(expected),
        found_tasks=len(found),
        right_tasks=len(found.keys() & expected.keys()),
        expected_owners=len(expected_pairs),
        found_owners=len(found_pairs),
        right_owners=len(found_pairs & expected_pairs),
    )


def total(scores: list[Score]) -> Score:
    return Score(
        "合计",
        *(sum(getattr(s, f) for s in scores) for f in list(Score.__dataclass_fields__)[1:]),
    )


def measure() -> list[Score]:
    from jiandu.directives.tests.test_parser_seeds import EXPECTED, MADE_UP

    scores = [score(name, parse(seed_text(name)), tasks) for name, tasks in EXPECTED.items()]
    scores += [score(name, parse(text), tasks) for name, (text, tasks) in MADE_UP.items()]
    return scores


def table(scores: list[Score]) -> str:
    rows = [
        f"{'文本':<16}{'任务 标注/抽取/正确':<16}{'准确率':>6}{'召回率':>6}   "
        f"{'责任单位 标注/抽取/正确':<18}{'准确率':>6}{'召回率':>6}"
    ]
    for s in [*scores, total(scores)]:
        tasks = f"{s.expected_tasks}/{s.found_tasks}/{s.right_tasks}"
        owners = f"{s.expected_owners}/{s.found_owners}/{s.right_owners}"
        rows.append(
            f"{s.name:<18}{tasks:<20}{s.task_precision:>8.1%}{s.task_recall:>9.1%}   "
            f"{owners:<24}{s.owner_precision:>8.1%}{s.owner_recall:>9.1%}"
        )
    return "\n".join(rows)


def main() -> None:
    print(table(measure()))


if __name__ == "__main__":
    main()
