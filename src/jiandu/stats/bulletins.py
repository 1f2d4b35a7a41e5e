"""Bulletins (通报): the text of a template (``BulletinTemplate``) filled from the figures.

Placeholders (in braces) a template may use:

- ``{period}`` (2026年1—10月), ``{unit}`` (the root commission's name), ``{year}``;
- for every figure (``core.figures``; also the agreed keys whose owners have not yet
  registered them), its key with ``_`` for ``.``: ``{clues_disposed}`` the figure for the
  period and the root's whole subtree, ``{clues_disposed_last}`` a year earlier,
  ``{clues_disposed_yoy}`` 同比 as words (增长12.5% / 下降3.0% / 持平 / 增加5件),
  ``{clues_disposed_mom}`` 环比 likewise;
- ``{cases_filed_ranking}``: the units under the root ranked by cases filed
  (“A 5件、B 3件”), ``{zero_filing_units}``: the units with no 自办 case filed (“无” when
  none), ``{zero_filing_count}``.

A placeholder outside these is refused when the template is saved (``template_errors``).
A figure or table a template names but no app has registered yet is refused when the
bulletin is generated, with its name, never printed blank.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jiandu.core import figures
from jiandu.core.errors import DomainError
from jiandu.org.models import Unit
from jiandu.stats import periods as P
from jiandu.stats import standard
from jiandu.stats.units import per_row, table_rows

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

# The figure keys agreed for the statistics (the owners register them; a template may
# name them before they exist).
AGREED_FIGURES = frozenset(
    {
        "reports.received",
        "reports.matters",
        "reports.accepted",
        "reports.forwarded",
        "reports.duplicates",
        "reports.accusations",
        "reports.ack_due",
        "reports.ack_on_time",
        "reports.result_due",
        "reports.result_on_time",
        "clues.received",
        "clues.disposed",
        "clues.outcome_closed",
        "clues.outcome_shelved",
        "clues.outcome_verified",
        "clues.outcome_filed",
        "clues.disposition_due",
        "clues.disposition_on_time",
        "clues.overdue",
        "clues.first_form_measures",
        "cases.filed",
        "cases.filed_people",
        "cases.detentions",
        "cases.referrals",
        "cases.closed",
        "cases.recovered",
        "sanctions.decisions",
        "sanctions.people_party",
        "sanctions.people_government",
        "sanctions.org_measures",
        "cases.overdue",
        "inspections.items_due",
        "inspections.items_done",
        "inspections.items_on_time",
        "inspections.items_overdue",
        "directives.tasks_due",
        "directives.tasks_done",
        "directives.tasks_on_time",
        "directives.tasks_overdue",
        "crosscheck.hits",
        "crosscheck.hits_confirmed",
        "crosscheck.hits_unfounded",
        "crosscheck.hits_to_clue",
    }
)
AGREED_TABLES = frozenset(
    {"reports", "clues", "cases", "sanctions", "rectification", "directives", "crosscheck"}
)
SPECIAL = {
    "period": "统计期间",
    "unit": "统计单位",
    "year": "年度",
    "cases_filed_ranking": "各单位立案数排名",
    "zero_filing_units": "自办立案为零的单位",
    "zero_filing_count": "自办立案为零的单位数",
}
SUFFIXES = ("", "_last", "_yoy", "_mom")
RANKING_FIGURE = "cases.filed"
SELF_FILED = (("kind", "self"),)


def _figure_names() -> dict[str, str]:
    """Placeholder stem -> figure key, for every known figure."""
    return {k.replace(".", "_"): k for k in AGREED_FIGURES | set(figures.REGISTRY)}


def placeholder_figure(name: str) -> tuple[str, str] | None:
    """(figure key, suffix) a placeholder names, or None."""
    stems = _figure_names()
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix) and name[: len(name) - len(suffix)] in stems:
            return stems[name[: len(name) - len(suffix)]], suffix
    return None


def placeholders(*texts: str) -> list[str]:
    out: list[str] = []
    for text in texts:
        for name in PLACEHOLDER.findall(text or ""):
            if name not in out:
                out.append(name)
    return out


def template_errors(*, title: str, text: str, tables: Iterable[str]) -> dict[str, list[str]]:
    """What is wrong with a template (field -> messages); empty when it may be saved."""
    errors: dict[str, list[str]] = {}
    for field, value in (("title", title), ("text", text)):
        value = value or ""
        if value.count("{") != value.count("}"):
            errors.setdefault(field, []).append("花括号不成对：占位符应写作 {名称}。")
        for name in placeholders(value):
            if name not in SPECIAL and placeholder_figure(name) is None:
                errors.setdefault(field, []).append(
                    f"占位符“{{{name}}}”不存在。可用：{{period}}、{{unit}}、统计指标如"
                    "{clues_disposed}（及其 _yoy 同比、_mom 环比、_last 去年同期）、"
                    "{cases_filed_ranking}、{zero_filing_units}。"
                )
    if not (text or "").strip():
        errors.setdefault("text", []).append("请填写正文。")
    known = AGREED_TABLES | set(standard.REGISTRY)
    if not isinstance(tables, list | tuple):
        errors["tables"] = ["附表应为报表代码的列表。"]
    else:
        for key in tables:
            if key not in known:
                errors.setdefault("tables", []).append(f"附表“{key}”不是标准报表。")
    return errors


def change_words(now: Any, before: Any, measure: str) -> str:
    """同比/环比 in words: 增长12.5% / 下降3.0% / 持平 / 增加5件 (the earlier figure 0)."""
    now_f, before_f = float(now or 0), float(before or 0)
    if now_f == before_f:
        return "持平"
    if not before_f:
        return f"增加{_number(now)}{measure}"
    pct = P.change(now_f, before_f)
    assert pct is not None
    return f"增长{pct:.1f}%" if pct > 0 else f"下降{abs(pct):.1f}%"


def _number(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


@dataclass
class Context:
    user: Any
    root: Unit
    period: P.Period


def _figure(key: str) -> figures.Figure:
    if key not in figures.REGISTRY:
        raise DomainError(f"通报模板引用的统计指标“{key}”尚未建立，暂不能生成通报。")
    return figures.get(key)


def _total(ctx: Context, key: str, period: P.Period, by: tuple = ()) -> Any:
    fig = _figure(key)
    return fig.total(
        user=ctx.user, cell=figures.Cell(key, period.start, period.end, ctx.root.pk, by=by)
    )


def _by_row(ctx: Context, key: str, by: tuple = ()) -> list[tuple[str, Any]]:
    """The figure per row unit under the root (the commission bodies and 本级)."""
    fig = _figure(key)
    rows = [r for r in table_rows(ctx.root, user=ctx.user, domain="cases") if not r.total]
    counts = per_row(
        fig, user=ctx.user, start=ctx.period.start, end=ctx.period.end, rows=rows, by=by
    )
    return [(r.name, counts[r.key]) for r in rows]


def compute(ctx: Context, names: Iterable[str]) -> dict[str, Any]:
    """The value of every placeholder named (as text ready to print)."""
    out: dict[str, Any] = {}
    cache: dict[tuple[str, str], Any] = {}

    def value(key: str, which: str) -> Any:
        if (key, which) not in cache:
            period = {
                "now": ctx.period,
                "last": P.year_earlier(ctx.period),
                "prev": P.preceding(ctx.period),
            }[which]
            cache[(key, which)] = _total(ctx, key, period)
        return cache[(key, which)]

    for name in names:
        if name == "period":
            out[name] = ctx.period.label
        elif name == "unit":
            out[name] = ctx.root.name
        elif name == "year":
            out[name] = f"{ctx.period.start.year}年"
        elif name == "cases_filed_ranking":
            rows = sorted(_by_row(ctx, RANKING_FIGURE), key=lambda r: -r[1])
            measure = _figure(RANKING_FIGURE).measure
            out[name] = "、".join(f"{n}{_number(v)}{measure}" for n, v in rows if v) or "无"
        elif name in ("zero_filing_units", "zero_filing_count"):
            zero = [n for n, v in _by_row(ctx, RANKING_FIGURE, SELF_FILED) if not v]
            zero = [n for n in zero if not n.endswith("（本级）")]
            out["zero_filing_units"] = "、".join(zero) or "无"
            out["zero_filing_count"] = str(len(zero))
        else:
            found = placeholder_figure(name)
            if found is None:
                raise DomainError(f"占位符“{{{name}}}”不存在。")
            key, suffix = found
            measure = _figure(key).measure
            if suffix == "":
                out[name] = _number(value(key, "now"))
            elif suffix == "_last":
                out[name] = _number(value(key, "last"))
            elif suffix == "_yoy":
                out[name] = change_words(value(key, "now"), value(key, "last"), measure)
            else:
                out[name] = change_words(value(key, "now"), value(key, "prev"), measure)
    return out


def fill(text: str, values: dict[str, Any]) -> str:
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)
