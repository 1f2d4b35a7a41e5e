"""How well the directive parser extracts tasks and owners: on the seed speeches, and
separately on the test set of texts in ``directives/tests/realtexts``.

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

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

from jiandu.directives.parsing import ParsedDocument, parse

SEEDS_DIR = Path(__file__).resolve().parent / "data" / "directive_seeds"
REALTEXTS_DIR = Path(__file__).resolve().parents[1] / "directives" / "tests" / "realtexts"


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
        f"{'文本':<24}{'任务 标注/抽取/正确':<16}{'准确率':>6}{'召回率':>6}   "
        f"{'责任单位 标注/抽取/正确':<18}{'准确率':>6}{'召回率':>6}"
    ]
    for s in [*scores, total(scores)]:
        tasks = f"{s.expected_tasks}/{s.found_tasks}/{s.right_tasks}"
        owners = f"{s.expected_owners}/{s.found_owners}/{s.right_owners}"
        rows.append(
            f"{s.name:<26}{tasks:<20}{s.task_precision:>8.1%}{s.task_recall:>9.1%}   "
            f"{owners:<24}{s.owner_precision:>8.1%}{s.owner_recall:>9.1%}"
        )
    return "\n".join(rows)


# --- the test set of texts not written against the parser -----------------------------
#
# One ``NAME.txt`` per text: a header line ("# 来源：…；标题：…") and the text as it
# stands (its own line breaks). Next to it ``NAME.json``: the hand-labelled tasks, each
# with its citation (二、（一）1., 第一点，首先, 一、第2段), the start of its title and
# the owners the text names (owner keys as in ``rules.OWNER_PHRASES``); or
# ``{"variant_of": "BASE"}`` for a copy of BASE in another layout (PDF hard wraps,
# lone quotation marks of docx-to-web exports), which has BASE's labels.


@dataclass(frozen=True)
class RealText:
    name: str
    header: str
    text: str
    labels: list[dict]


def real_texts(directory: Path = REALTEXTS_DIR) -> list[RealText]:
    out = []
    for path in sorted(directory.glob("*.txt")):
        header, _, text = path.read_text(encoding="utf-8").partition("\n")
        labels = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if "variant_of" in labels:
            base = directory / f"{labels['variant_of']}.json"
            labels = json.loads(base.read_text(encoding="utf-8"))
        out.append(RealText(path.stem, header, text, labels["tasks"]))
    return out


def _title_key(title: str) -> str:
    return re.sub(r"^要", "", title.strip())


def score_real(item: RealText, parsed: ParsedDocument) -> Score:
    """A proposed task is right when a labelled task has its citation and its title
    starts as labelled; an owner is right when the (citation, owner key) pair is
    labelled."""
    expected = {t["cite"]: t for t in item.labels}
    found = {t.citation: t for t in parsed.task_list()}
    right = {
        c
        for c, t in found.items()
        if c in expected and _title_key(t.title).startswith(_title_key(expected[c]["title"]))
    }
    found_pairs = {(c, k) for c, t in found.items() for k in t.owner_keys}
    expected_pairs = {(c, k) for c, t in expected.items() for k in t["owners"]}
    return Score(
        name=item.name,
        expected_tasks=len(expected),
        found_tasks=len(found),
        right_tasks=len(right),
        expected_owners=len(expected_pairs),
        found_owners=len(found_pairs),
        right_owners=len(found_pairs & expected_pairs),
    )


def measure_real(directory: Path = REALTEXTS_DIR) -> list[Score]:
    return [score_real(item, parse(item.text)) for item in real_texts(directory)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="督办任务识别的准确率和召回率")
    parser.add_argument("--dir", type=Path, default=REALTEXTS_DIR, help="测试文本目录")
    parser.add_argument("--detail", action="store_true", help="逐项列出识别结果与标注的差异")
    parser.add_argument("--make-variants", action="store_true", help="重新生成版式变体文件")
    args = parser.parse_args(argv)
    if args.make_variants:
        for path in make_variants(args.dir):
            print(f"已生成 {path.name}")
    print("种子讲话与自编文本（seeds）")
    print(table(measure()))
    print()
    print(f"测试文本集（{args.dir.name}）")
    print(table(measure_real(args.dir)))
    if args.detail:
        print(detail(args.dir))


def detail(directory: Path = REALTEXTS_DIR) -> str:
    """Per text: labelled tasks not found (−), proposed tasks not labelled (+)."""
    rows = []
    for item in real_texts(directory):
        parsed = parse(item.text)
        expected = {t["cite"]: t for t in item.labels}
        found = {t.citation: t for t in parsed.task_list()}
        for c in expected:
            t = found.get(c)
            if t is None or not _title_key(t.title).startswith(_title_key(expected[c]["title"])):
                got = f"（识别为：{t.title}）" if t else ""
                rows.append(f"{item.name} − {c} {expected[c]['title']}{got}")
            elif sorted(t.owner_keys) != sorted(expected[c]["owners"]):
                labelled = expected[c]["owners"]
                rows.append(f"{item.name} ≠ {c} 责任单位 {t.owner_keys} 标注 {labelled}")
        rows += [f"{item.name} + {c} {t.title}" for c, t in found.items() if c not in expected]
    return "\n".join(rows)


# --- layout variants --------------------------------------------------------------------

_CJK_WIDE = re.compile(r"[^\x00-\x7f]")
_NO_LINE_START = "，。、；：！？）》”’…"

# (variant name, base text, layout, wrap width)
VARIANTS = [
    ("11_speech_dian_pdf", "01_speech_dian", "pdf", 25),
    ("12_plenary_report_pdf", "02_plenary_report", "pdf_indent", 26),
    ("13_plenary_report_docx", "02_plenary_report", "docx", 0),
    ("14_warning_speech_docx", "08_warning_speech", "docx", 0),
]


def _width(ch: str) -> float:
    return 1.0 if _CJK_WIDE.match(ch) else 0.5


def pdf_wrap(text: str, width: int, indent: str = "") -> str:
    """``text`` as PDF-to-text exports give it: every paragraph broken into lines of
    ``width`` (a wide character counts 1, an ASCII one ½), a closing mark kept on the
    line before (no line starts with ，。）” …), the first line of a paragraph
    optionally indented."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            out.append(paragraph)
            continue
        line, used = indent, sum(_width(c) for c in indent)
        for ch in paragraph:
            if used + _width(ch) > width and ch not in _NO_LINE_START:
                out.append(line)
                line, used = "", 0.0
            line += ch
            used += _width(ch)
        out.append(line)
    return "\n".join(out)


def docx_quotes(text: str) -> str:
    """``text`` as some docx-to-web exports give it: each Chinese quotation mark on a
    line of its own (围绕\n“\n过去一年怎么看\n”\n，作了…)."""
    return re.sub(r"“([^”\n]*)”", "\n“\n\\1\n”\n", text)


def make_variants(directory: Path = REALTEXTS_DIR) -> list[Path]:
    written = []
    for name, base, layout, width in VARIANTS:
        header, _, text = (directory / f"{base}.txt").read_text(encoding="utf-8").partition("\n")
        if layout == "docx":
            body, how = docx_quotes(text), "引号单独成行（docx转网页样式）"
        else:
            indent = "\u3000\u3000" if layout == "pdf_indent" else ""
            body, how = pdf_wrap(text, width, indent), f"每行约{width}字硬换行（PDF导出样式）"
        header = f"# 版式变体：{base}，{how}。原文件首行：{header.lstrip('# ')}"
        path = directory / f"{name}.txt"
        path.write_text(f"{header}\n{body}", encoding="utf-8")
        labels = json.dumps({"variant_of": base}, ensure_ascii=False)
        path.with_suffix(".json").write_text(labels + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    main()
