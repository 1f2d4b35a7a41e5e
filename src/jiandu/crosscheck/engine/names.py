"""Name-only matching (the second pass of the rules marked ``name_fallback``).

DOMAIN.md §10: exact citizen IDs are the rule; a name is only a second pass "for
namesakes", so a name match always carries a lower confidence than an ID match (1.0):

- the same name: 0.6 (同名: could be a namesake);
- the same sound (pypinyin, tones ignored), e.g. 张明 / 张铭: 0.5 (同音);
- a one-character typo or near sound (rapidfuzz ≥ 66 on the characters or ≥ 80 on the
  pinyin): 0.4 (形近或错字).
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz

SAME_NAME, HOMOPHONE, SIMILAR = 0.6, 0.5, 0.4
LABELS = {SAME_NAME: "同名", HOMOPHONE: "同音", SIMILAR: "形近或错字"}


@lru_cache(maxsize=100_000)
def pinyin_key(name: str) -> str:
    return "".join(lazy_pinyin(name or "", errors="ignore"))


def name_confidence(a: str | None, b: str | None) -> float | None:
    """The confidence that two names denote the same person, or None (no match)."""
    if not a or not b:
        return None
    if a == b:
        return SAME_NAME
    pa, pb = pinyin_key(a), pinyin_key(b)
    if pa and pa == pb:
        return HOMOPHONE
    if fuzz.ratio(a, b) >= 66 or (pa and pb and fuzz.ratio(pa, pb) >= 80):
        return SIMILAR
    return None
