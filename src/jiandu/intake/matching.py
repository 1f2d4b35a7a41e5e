"""Subject matching (DOMAIN.md §2): the names and units a report mentions, matched against
the organisation register. The clerk confirms (``services.subject_confirm``).

- A jieba tokenizer of our own (not jieba's global one) gets a user dictionary of every
  cadre's full name (tag ``nr_cadre``) and every unit's names (tag ``nt_unit``: the full
  name, the short name, and the name without the county prefix or parent's name, so
  "县教育局" and "教育局" find ××县教育局). The dictionary is rebuilt when the number or
  the highest id of cadres or units changes (two cheap queries a lookup).
- Names in the text that are cadres' names become candidate subjects. A name that is
  also an ordinary word (高明, 江山) counts only next to a title or a unit.
- Namesakes are told apart by the units the text mentions: the cadre whose current unit
  is mentioned ranks first, then one whose former unit or parent unit is mentioned.
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # jieba 0.42 imports the deprecated pkg_resources
    import jieba

jieba.setLogLevel(logging.WARNING)

NAME_TAG = "nr_cadre"
UNIT_TAG = "nt_unit"
NAME_FREQ = 20_000  # beats splitting a name into characters or into a common word
UNIT_FREQ = 50_000
COMMON_WORD_FREQ = 300  # a two-character name this frequent in jieba's dictionary is a word
MAX_NAME_LENGTH = 6  # a part of the 被反映人 field this short, not a cadre's name, is a name
RESOLVE_MIN_SCORE = 0.6
RESOLVE_MARGIN = 0.15

_TITLE = re.compile(
    r"(书记|支书|[局镇乡县村校院所站科股处部厅队行社馆庭组]长|主任|主席|经理|会计|出纳|委员|"
    r"干部|科员|秘书|同志)$"
)
_REPORTING = ("反映", "举报", "检举", "控告", "揭发")
_SPLIT_NAMES = re.compile(r"[\s,，、;；/|]+")
_PLACE_PREFIX = re.compile(r"^(.{2,6}?[省市县区旗])(.{2,})$")


def unit_aliases(name: str, short_name: str = "", parent_name: str = "") -> set[str]:
    """The ways a text may name a unit: ××县教育局 → ××县教育局, 县教育局, 教育局 (and
    its short name); ××镇石桥村 under ××镇 → ××镇石桥村, 石桥村. Aliases are at least
    two characters."""
    name = name.strip()
    aliases = {name, short_name.strip()}
    match = _PLACE_PREFIX.match(name)
    if name.startswith("县"):
        aliases.add(name[1:])
    elif match:
        place, rest = match.groups()
        aliases |= {rest, place[-1] + rest}
    if parent_name and name.startswith(parent_name) and len(name) - len(parent_name) >= 2:
        aliases.add(name[len(parent_name) :])
    return {a for a in aliases if len(a) >= 2 and not a.startswith("委")}


# --- the register's dictionary --------------------------------------------------------------


@dataclass(frozen=True)
class Register:
    version: tuple[Any, ...]
    tokenizer: Any  # jieba.Tokenizer
    names: frozenset[str]
    common_names: frozenset[str]
    unit_aliases: dict[str, frozenset[int]]


_base: Any = None
_register: Register | None = None
_lock = threading.Lock()


def _base_tokenizer() -> Any:
    """jieba's default dictionary, loaded once per process (about a second)."""
    global _base
    if _base is None:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        _base = tokenizer
    return _base


def _version() -> tuple[Any, ...]:
    """Counts, highest ids and the latest creation time of cadres and units: one round
    trip (raw SQL, as this runs on every lookup)."""
    from django.db import connection

    from jiandu.org.models import Cadre, Unit

    quote = connection.ops.quote_name
    cadre, unit = quote(Cadre._meta.db_table), quote(Unit._meta.db_table)
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {cadre}), (SELECT MAX(id) FROM {cadre}), "  # noqa: S608
        f"(SELECT MAX(created_at) FROM {cadre}), (SELECT COUNT(*) FROM {unit}), "
        f"(SELECT MAX(id) FROM {unit})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def build_register(version: tuple[Any, ...] = ()) -> Register:
    """A tokenizer with the register's names and units (3,000 cadres and 200 units: well
    under a second once jieba's default dictionary is loaded)."""
    from jiandu.org.models import Cadre, Unit

    base = _base_tokenizer()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = dict(base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    names = set(Cadre.objects.values_list("name", flat=True).distinct())
    common = set()
    for name in names:
        if len(name) == 2 and base.FREQ.get(name, 0) >= COMMON_WORD_FREQ:
            common.add(name)
        tokenizer.add_word(name, max(NAME_FREQ, base.FREQ.get(name, 0)), NAME_TAG)
    units = list(Unit.objects.values_list("id", "name", "short_name", "parent__name"))
    aliases: dict[str, set[int]] = {}
    for unit_id, name, short_name, parent_name in units:
        for alias in unit_aliases(name, short_name, parent_name or ""):
            aliases.setdefault(alias, set()).add(unit_id)
    for alias in aliases:
        if alias not in names:
            tokenizer.add_word(alias, UNIT_FREQ, UNIT_TAG)
    return Register(
        version=version,
        tokenizer=tokenizer,
        names=frozenset(names),
        common_names=frozenset(common),
        unit_aliases={a: frozenset(ids) for a, ids in aliases.items()},
    )


def register() -> Register:
    """The cached dictionary, rebuilt when cadres or units were added or removed."""
    global _register
    version = _version()
    current = _register
    if current is not None and current.version == version:
        return current
    with _lock:
        if _register is None or _register.version != version:
            _register = build_register(version)
        return _register


def reset_register() -> None:
    global _register
    with _lock:
        _register = None


# --- finding names and units in a text ------------------------------------------------------


def _is_title(token: str) -> bool:
    return len(token) >= 2 and bool(_TITLE.search(token))


def tokens(text: str, reg: Register | None = None) -> list[str]:
    reg = reg or register()
    return [t for t in reg.tokenizer.cut(text or "") if t.strip()]


def _name_context(words: list[str], i: int, reg: Register) -> bool:
    """Whether the word at ``i`` reads as a name: a title or a unit right next to it, a
    verb of reporting right before it, or the same word again in the text."""
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    return (
        any(_is_title(w) or w in reg.unit_aliases for w in (before, after))
        or before.endswith(_REPORTING)
        or words.count(words[i]) > 1
    )


def names_in(text: str, reg: Register | None = None) -> list[str]:
    """Cadres' names the text mentions, in order of first mention."""
    reg = reg or register()
    words = tokens(text, reg)
    found: dict[str, None] = {}
    for i, word in enumerate(words):
        if word not in reg.names or word in found:
            continue
        if word in reg.common_names and not _name_context(words, i, reg):
            continue
        found[word] = None
    return list(found)


def units_in(text: str, reg: Register | None = None) -> set[int]:
    """Ids of the units the text mentions."""
    reg = reg or register()
    ids: set[int] = set()
    for word in tokens(text, reg):
        ids |= reg.unit_aliases.get(word, frozenset())
    return ids


def split_names(subject_text: str) -> list[str]:
    """The parts of the 被反映人 field (张三、李四)."""
    return [n for n in _SPLIT_NAMES.split(subject_text or "") if 2 <= len(n) <= 40]


def reported_names(subject_text: str, reg: Register | None = None) -> list[str]:
    """The names in the 被反映人 field: cadres' names found in each part ("县教育局张伟局长"
    gives 张伟), else the part itself when it is short enough to be a name."""
    names: dict[str, None] = {}
    for part in split_names(subject_text):
        found = names_in(part, reg)
        for name in found or ([part] if len(part) <= MAX_NAME_LENGTH else []):
            names[name] = None
    return list(names)


# --- candidates for one name ----------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    cadre: Any  # org.Cadre
    score: float
    reason: str
    unit: Any = None  # org.Unit the match rests on (or the cadre's current unit)
    title: str = ""
    by_unit: bool = False  # told apart by a unit the text mentions


def _mentions(unit: Any, haystack: str) -> bool:
    if unit is None or not haystack:
        return False
    parent = unit.parent.name if unit.parent_id else ""
    return any(alias in haystack for alias in unit_aliases(unit.name, unit.short_name, parent))


def _title_near(name: str, title: str, text: str) -> str:
    """A word of the post's title written right before or after the name (局长张伟)."""
    for part in re.split(r"[、，,\s]+", title):
        part = part.strip()
        if len(part) >= 2 and (f"{part}{name}" in text or f"{name}{part}" in text):
            return part
    return ""


def _score(cadre: Any, namesakes: int, text: str, unit_text: str) -> Candidate:
    today = timezone.localdate()
    posts = cadre.all_posts
    current = [
        p for p in posts if p.start_date <= today and (p.end_date is None or p.end_date >= today)
    ]
    current.sort(key=lambda p: (not p.is_head, not p.is_leadership, p.start_date))
    past = [p for p in posts if p not in current]
    main = current[0] if current else (past[0] if past else None)
    evidence, bonus, unit = "", 0.0, main.unit if main else None

    for post in current:
        if _mentions(post.unit, unit_text):
            evidence = f"反映的单位“{unit_text}”即其现任单位{post.unit.name}"
            bonus, unit = 0.45, post.unit
            break
        if _mentions(post.unit, text):
            evidence, bonus, unit = f"文中提及其现任单位{post.unit.name}", 0.4, post.unit
            break
    if not evidence:
        for post in past:
            if _mentions(post.unit, unit_text) or _mentions(post.unit, text):
                evidence = f"文中提及其曾任职单位{post.unit.name}（已离任）"
                bonus, unit = 0.25, post.unit
                break
    if not evidence:
        for post in current:
            parent = post.unit.parent
            if parent is not None and (_mentions(parent, unit_text) or _mentions(parent, text)):
                evidence = f"文中提及其所在单位的上级单位{parent.name}"
                bonus, unit = 0.2, post.unit
                break
    title = ""
    if main is not None:
        title = _title_near(cadre.name, main.title, text)
        if title:
            evidence += ("，" if evidence else "") + f"并提及其职务“{title}”"
            bonus += 0.05
    where = f"{main.unit.name}{main.title}" if main else "无任职记录"
    contrary = bool(unit_text.strip()) and not any(
        _mentions(p.unit, unit_text) or (p.unit.parent_id and _mentions(p.unit.parent, unit_text))
        for p in posts
    )
    if namesakes == 1:
        score = 0.6 + bonus
        reason = (
            f"姓名相同，{evidence}" if bonus >= 0.2 else f"姓名相同，登记册中仅此一人（{where}）"
        )
    else:
        score = 0.4 + bonus
        reason = (
            f"同名{namesakes}人，{evidence}"
            if bonus >= 0.2
            else f"同名{namesakes}人，无法按单位区分（此人：{where}）"
        )
    if contrary:
        score -= 0.3
        reason = f"姓名相同，但反映的单位“{unit_text}”与其任职单位（{where}）不符"
    score = round(min(max(score, 0.0), 1.0), 2)
    return Candidate(
        cadre=cadre, score=score, reason=reason, unit=unit, title=title, by_unit=bonus >= 0.2
    )


def candidates_for(name: str, text: str, unit_text: str = "") -> list[Candidate]:
    """The register's cadres called ``name``, best first, each with a score (0–1) and the
    reason in Chinese, for the clerk to choose from."""
    from jiandu.org.models import Cadre, Post

    name = (name or "").strip()
    if not name:
        return []
    posts = Post.objects.select_related("unit__parent").order_by("-start_date", "id")
    cadres = list(
        Cadre.objects.filter(name=name)
        .prefetch_related(Prefetch("posts", queryset=posts, to_attr="all_posts"))
        .order_by("id")
    )
    scored = [_score(c, len(cadres), text or "", unit_text or "") for c in cadres]
    if any(c.by_unit for c in scored):
        # Some namesakes were told apart: the others were simply not mentioned.
        scored = [
            c
            if c.by_unit or "无法按单位区分" not in c.reason
            else replace(c, reason=c.reason.replace("无法按单位区分", "文中未提及其单位"))
            for c in scored
        ]
    return sorted(scored, key=lambda c: (-c.score, c.cadre.pk))


def best_of(candidates: list[Candidate]) -> Candidate | None:
    """The candidate to link when there is a clear one: score at least
    ``RESOLVE_MIN_SCORE`` and ``RESOLVE_MARGIN`` ahead of the next."""
    if not candidates or candidates[0].score < RESOLVE_MIN_SCORE:
        return None
    if len(candidates) > 1 and candidates[1].score > candidates[0].score - RESOLVE_MARGIN:
        return None
    return candidates[0]


def resolve(name: str, text: str, unit_text: str = "") -> int | None:
    """The id of the one cadre ``name`` most likely means, or None if unclear."""
    best = best_of(candidates_for(name, text, unit_text))
    return best.cadre.pk if best else None


# --- at registration ------------------------------------------------------------------------


def context_of(report: Any) -> str:
    """Where units are looked for: the text and the 被反映人 field as written."""
    return f"{report.content}\n{report.subject_text}" if report.subject_text else report.content


def _new_subject_names(report: Any, existing: Iterable[str]) -> list[tuple[str, str]]:
    """(name, unit as written) of subjects to add: names in the 被反映人 field, then
    cadres' names found in the text."""
    seen = set(existing)
    new = []
    for name in reported_names(report.subject_text):
        if name not in seen:
            seen.add(name)
            new.append((name[:40], report.unit_text[:100]))
    for name in names_in(report.content):
        if name not in seen:
            seen.add(name)
            new.append((name, ""))
    return new


def suggest_subjects(report: Any) -> list[dict[str, Any]]:
    """Add the subjects the text names and link each unconfirmed subject to a cadre when
    exactly one fits (the clerk confirms; ``confirmed`` stays False). Returns, per
    subject, {"subject": ReportSubject, "candidates": [(cadre, score, reason), …]}."""
    from jiandu.intake.models import ReportSubject

    subjects = list(report.subjects.all())
    for name, unit_text in _new_subject_names(report, (s.name for s in subjects)):
        subjects.append(
            ReportSubject.objects.create(
                report=report, name=name, unit_text=unit_text, confirmed=False
            )
        )
    result = []
    for subject in subjects:
        candidates = candidates_for(
            subject.name, context_of(report), subject.unit_text or report.unit_text
        )
        best = best_of(candidates)
        if not subject.confirmed and subject.cadre_id is None and best is not None:
            subject.cadre, subject.unit = best.cadre, best.unit
            subject.save(update_fields=["cadre", "unit"])
        result.append(
            {
                "subject": subject,
                "candidates": [(c.cadre, c.score, c.reason) for c in candidates],
            }
        )
    return result
