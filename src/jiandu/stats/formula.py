"""Assessment formulas (考核计算公式): a small arithmetic language over figure keys,
parsed here and never handed to ``eval``.

    cases.filed[kind=self] / unit.staff
    100 * clues.disposition_on_time / clues.disposition_due

- a *reference* is a figure key (``jiandu.core.figures``), optionally with breakdown
  values in brackets (``cases.filed[kind=self,rank=county]``), or ``unit.staff`` (the
  unit's staff: its active user accounts, see ``stats.assessment``);
- numbers (``100``, ``0.5``), ``+ - * /``, unary minus and parentheses.

A division by zero makes the value undefined (``None``: e.g. no clue fell due), which
the indicator's scoring rule turns into a score (``AssessmentIndicator.when_empty``).
``parse`` raises ``FormulaError`` with a Chinese message naming what is wrong; ``check``
also requires every figure and breakdown to exist.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Union

from jiandu.core import figures
from jiandu.core.errors import DomainError

STAFF = "unit.staff"


class FormulaError(DomainError):
    pass


@dataclass(frozen=True)
class Ref:
    """A figure (or ``unit.staff``) with fixed breakdown values."""

    key: str
    by: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        if not self.by:
            return self.key
        return f"{self.key}[{','.join(f'{n}={v}' for n, v in self.by)}]"


@dataclass(frozen=True)
class Num:
    value: Decimal


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class Bin:
    op: str
    left: Node
    right: Node


Node = Union[Ref, Num, Neg, Bin]  # noqa: UP007 (a runtime alias for the dataclasses above)

_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<num>\d+(?:\.\d+)?)"
    r"|(?P<ref>[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+(?:\[[^\]]*\])?)"
    r"|(?P<op>[-+*/()])"
    r")"
)
_BY = re.compile(r"^([a-z][a-z0-9_]*)=([A-Za-z0-9_]+)$")
MAX_LENGTH = 300


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise FormulaError(f"计算公式第{pos + 1}个字符起无法识别：“{text[pos : pos + 12]}”。")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _ref(token: str) -> Ref:
    key, _, rest = token.partition("[")
    by: list[tuple[str, str]] = []
    if rest:
        for part in rest[:-1].split(","):
            m = _BY.match(part.strip())
            if m is None:
                raise FormulaError(f"“{token}”的分组写法无效，应为“名称=取值”，多个用逗号分隔。")
            by.append((m[1], m[2]))
    return Ref(key, tuple(by))


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens, self.i = tokens, 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise FormulaError("计算公式不完整：结尾缺少数字或统计指标。")
        self.i += 1
        return token

    def expr(self) -> Node:
        node = self.term()
        while (t := self.peek()) is not None and t[1] in "+-" and t[0] == "op":
            self.i += 1
            node = Bin(t[1], node, self.term())
        return node

    def term(self) -> Node:
        node = self.factor()
        while (t := self.peek()) is not None and t[1] in "*/" and t[0] == "op":
            self.i += 1
            node = Bin(t[1], node, self.factor())
        return node

    def factor(self) -> Node:
        kind, text = self.take()
        if kind == "num":
            return Num(Decimal(text))
        if kind == "ref":
            return _ref(text)
        if text == "-":
            return Neg(self.factor())
        if text == "(":
            node = self.expr()
            if self.peek() is None or self.take()[1] != ")":
                raise FormulaError("计算公式的括号不配对。")
            return node
        raise FormulaError(f"计算公式在“{text}”处缺少数字或统计指标。")


def parse(text: str) -> Node:
    """The formula's tree; ``FormulaError`` for a bad formula."""
    text = (text or "").strip()
    if not text:
        raise FormulaError("请填写计算公式。")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"计算公式不能超过{MAX_LENGTH}个字符。")
    parser = _Parser(_tokens(text))
    node = parser.expr()
    if parser.peek() is not None:
        raise FormulaError(f"计算公式在“{parser.peek()[1]}”处多余或括号不配对。")  # type: ignore[index]
    return node


def refs(node: Node) -> list[Ref]:
    """The references of a formula, each once, in order."""
    out: list[Ref] = []

    def walk(n: Node) -> None:
        if isinstance(n, Ref):
            if n not in out:
                out.append(n)
        elif isinstance(n, Neg):
            walk(n.operand)
        elif isinstance(n, Bin):
            walk(n.left)
            walk(n.right)

    walk(node)
    return out


def check(text: str) -> Node:
    """Parse and require every reference to be a registered figure (or ``unit.staff``)
    with breakdowns it has: the validation run when a formula is saved."""
    node = parse(text)
    for ref in refs(node):
        if ref.key == STAFF:
            if ref.by:
                raise FormulaError("“unit.staff”（单位人数）没有分组。")
            continue
        figure = figures.REGISTRY.get(ref.key)
        if figure is None:
            raise FormulaError(f"统计指标“{ref.key}”不存在。")
        for name, value in ref.by:
            by = figure.by.get(name)
            if by is None:
                raise FormulaError(f"统计指标“{figure.label}”没有分组“{name}”。")
            options = {v for v, _ in by.options()}
            if options and value not in options and value != figures.BLANK:
                raise FormulaError(f"统计指标“{figure.label}”的分组“{by.label}”没有取值“{value}”。")
    return node


def evaluate(node: Node, values: Mapping[Ref, Decimal | int | None]) -> Decimal | None:
    """The formula's value given each reference's value; ``None`` when undefined (a
    division by zero, or a reference with no value)."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        v = values.get(node)
        return None if v is None else Decimal(v)
    if isinstance(node, Neg):
        inner = evaluate(node.operand, values)
        return None if inner is None else -inner
    left, right = evaluate(node.left, values), evaluate(node.right, values)
    if left is None or right is None:
        return None
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if not right:
        return None
    try:
        return left / right
    except InvalidOperation:  # pragma: no cover - 0/0 is caught above
        return None


_OPS = {"+": "＋", "-": "－", "*": "×", "/": "÷"}
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def ref_in_words(ref: Ref) -> str:
    """A reference by its Chinese name: 立案数（本级自办）, 单位人数."""
    if ref.key == STAFF:
        return "单位人数"
    try:
        figure = figures.get(ref.key)
    except KeyError:
        return "（未知统计指标）"
    parts = []
    for name, value in ref.by:
        by = figure.by.get(name)
        labels = dict(by.options()) if by is not None else {}
        parts.append(labels.get(value, value) if by is not None else value)
    return figure.label + (f"（{'，'.join(parts)}）" if parts else "")


def in_words(text: str) -> str:
    """A formula as staff read it: figures by their Chinese names, × ÷ for * /
    (``cases.filed[kind=self] / unit.staff`` → 立案数（本级自办）÷ 单位人数). A formula
    that does not parse is returned as typed."""
    try:
        node = parse(text)
    except FormulaError:
        return text

    def show(n: Node, parent: int = 0, right: bool = False) -> str:
        if isinstance(n, Ref):
            return ref_in_words(n)
        if isinstance(n, Num):
            return format(n.value.normalize(), "f")
        if isinstance(n, Neg):
            return "－" + show(n.operand, 3)
        level = _PRECEDENCE[n.op]
        inner = f"{show(n.left, level)} {_OPS[n.op]} {show(n.right, level, right=True)}"
        wrap = level < parent or (right and level == parent)
        return f"（{inner}）" if wrap else inner

    return show(node)
