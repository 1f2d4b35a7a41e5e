"""``{% crosscheck_hits_of clue as hits %}``: the cross-check hits a clue came from, for
the clue page (the evidence is part of the clue; the link to the hit page is given only
to those who may see the hit)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def crosscheck_hits_of(context: Any, clue: Any) -> list[dict[str, Any]]:
    from jiandu.crosscheck.models import Hit
    from jiandu.crosscheck.selectors import hits_of_clue

    if clue is None or getattr(clue, "source", "") != "crosscheck":
        return []
    hits = hits_of_clue(clue=clue)
    if not hits:
        return []
    request = context.get("request")
    user = getattr(request, "user", None)
    visible = set(
        Hit.objects.visible_to(user)
        .filter(pk__in=[h.pk for h in hits])
        .values_list("pk", flat=True)
    )
    names = _rule_names()
    return [
        {"hit": h, "visible": h.pk in visible, "rule_name": names.get(h.rule_code, "")}
        for h in hits
    ]


def _rule_names() -> dict[str, str]:
    from jiandu.crosscheck.engine.rules import load_rules

    return {r.code: r.name for r in load_rules()}
