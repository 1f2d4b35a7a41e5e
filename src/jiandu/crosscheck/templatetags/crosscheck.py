"""``{% crosscheck_hits_of clue as hits %}``: the cross-check hits a clue came from, for
the clue page (the evidence is part of the clue; the hit's label and link are given only
to those who may see the hit, ``jiandu.core.scoping``)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def crosscheck_hits_of(context: Any, clue: Any) -> list[dict[str, Any]]:
    from jiandu.core.scoping import scoped_refs, viewer_of
    from jiandu.crosscheck.selectors import hits_of_clue

    if clue is None or getattr(clue, "source", "") != "crosscheck":
        return []
    hits = hits_of_clue(clue=clue)
    if not hits:
        return []
    refs = scoped_refs(viewer_of(context), hits, hidden="each")
    names = _rule_names()
    return [
        {"hit": h, "ref": ref, "visible": ref.visible, "rule_name": names.get(h.rule_code, "")}
        for h, ref in zip(hits, refs, strict=True)
    ]


def _rule_names() -> dict[str, str]:
    from jiandu.crosscheck.engine.rules import load_rules

    return {r.code: r.name for r in load_rules()}
