"""The bulletin (通报) as an official document (``core.documents``, GB/T 9704): title,
its number, the text a person edited, each included table as issued, and the issuer (the
commission as the register names it) with the date."""

from __future__ import annotations

from typing import Any

from jiandu.core.documents import (
    Block,
    DocumentContext,
    DocumentKind,
    body,
    heading1,
    number,
    render_kind,
    signature,
    table,
    title,
)


def _cell(value: Any, ratio: bool) -> str:
    if value is None:
        return "—"
    if ratio:
        return f"{float(value):.1f}%"
    return f"{value:,}" if isinstance(value, int) else str(value)


def bulletin_parts(ctx: DocumentContext) -> list[Block]:
    parts = [title(ctx.title("通报"))]
    if ctx.get("number", ""):
        parts.append(number(ctx.get("number")))
    parts += [body(line) for line in ctx.lines("text")]
    for t in ctx.data.get("tables") or []:
        parts.append(heading1(f"附表：{t.get('title', t.get('table', ''))}"))
        cols = t.get("columns", [])
        rows = [["单位", *(c["label"] for c in cols)]]
        for r in t.get("rows", []):
            values = t.get("values", {}).get(r["key"], {})
            rows.append([r["name"], *(_cell(values.get(c["key"]), c["ratio"]) for c in cols)])
        parts.append(table(rows))
    parts += signature(ctx.issuer, ctx.today)
    return parts


BULLETIN = DocumentKind("stats_bulletin", "通报", bulletin_parts)


def render_bulletin(context: dict[str, Any]) -> bytes:
    return render_kind(
        BULLETIN, DocumentContext(context), keywords=str(context.get("number") or "")
    )
