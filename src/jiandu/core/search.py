"""One search box for everything the user may see (issue 15 item 4).

**The registry.** Each app declares its searchable kinds in its own ``search.py``
(``register(SearchKind(...))``, imported from its ``AppConfig.ready``), so core imports
no app. A kind says: its model, the capability of its ledger, the *scoped selector* it
reads through (``selector(user)``: the rows the user may see, as the ledger shows them),
the texts of a row that are searchable (``document``), how a result line reads
(``line``), where the full list is, and optionally an exact lookup by citizen ID.

**Scope.** The index below only says which rows contain the words; what a user finds,
and every count shown, is ``kind.selector(user).filter(pk__in=<matching entries>)``:
a resident team never finds another unit's clue, not even its count. For speed the ids
come first (one index query for all kinds, ``matched_ids``) and the scoped selector is
then applied to that set of ids (``scoped``), never to a join with the index.

**Tokens (Chinese without a dictionary at index time).** A row's texts are normalised
(NFKC, lower case, spaces between Chinese characters dropped) and cut into tokens: each
run of Chinese characters gives its overlapping character pairs in order plus its last
character (王建国 → 王建 建国 国), each run of letters and digits one token (XF2026-00001
→ xf2026 00001). This needs no dictionary and does not depend on the sentence around a
name, which jieba's segmentation does (王建国反映… is not always cut at 王建国).
The *query* is segmented with jieba: 王建国受贿 → 王建国 + 受贿; each word must occur as
a phrase of its pairs (王建 followed by 建国), a one-character word as the start of a pair
(王:*), letters and digits as a phrase whose last token may be a prefix (XS2026 finds
XS2026-00017). So a query finds the rows that contain each of its words, like a
substring search, but through an index.

**Storage.** ``core.SearchEntry`` holds one row per searchable object. On PostgreSQL its
``tokens`` column is a ``tsvector`` written as a literal with positions (no text parser
involved: PostgreSQL's parser and pg_trgm drop Chinese characters under the C locale
this database runs with) and queried with ``@@ '<tsquery>'::tsquery`` (phrases ``<->``,
prefixes ``:*``) through a GIN index. Elsewhere (SQLite) the same tokens are stored as
text and a phrase is a ``LIKE '% t1 t2 %'``: the same results, without an index.

**Private tokens.** A kind may add tokens that only users with a capability may match
(the reporter's name, phone and ID for the petition office): they are stored as keyed
hashes (``~`` + HMAC, never the text), matched only against the whole query, and only
when the user holds the capability. A user's query never produces a ``~`` token.

Kept up to date by ``post_save``/``post_delete`` signals of each kind's model and of the
models its text comes from (``related``); bulk writes call ``index_objects``; ``jiandu
search_reindex`` rebuilds everything (after ``jiandu synth``, a restore or a key change).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, F, Func, Model, Q, QuerySet
from django.db.models.signals import post_delete, post_save

from jiandu.core.models import SEPARATOR, tokens_for_database  # noqa: F401 - part of the API

logger = logging.getLogger(__name__)

# --- tokens ---------------------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_RUNS = re.compile(f"([{_CJK}]+)|([0-9a-z]+)")
_CJK_GAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
_CJK_ONLY = re.compile(f"^[{_CJK}]+$")
PRIVATE_MARK = "~"
MAX_WORD = 64  # a longer run of letters and digits is cut
MAX_TOKENS = 16_000  # a tsvector position is at most 16383
MAX_QUERY = 100  # characters of a query that are used
MAX_GROUPS = 12
STOP_CHARS = frozenset("的了和与及或在是等之")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _CJK_GAP.sub("", text)


def text_tokens(text: str) -> list[str]:
    """The tokens of one text, in order (see the module's docstring)."""
    out: list[str] = []
    for match in _RUNS.finditer(normalise(text)):
        cjk, word = match.groups()
        if cjk:
            if len(cjk) > 1:
                out.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
            out.append(cjk[-1])
        else:
            out.append(word[:MAX_WORD])
    return out


def document_tokens(texts: Iterable[Any], private: Iterable[str] = ()) -> list[str]:
    """The tokens of a row: its texts' tokens, a separator between two texts, then the
    private tokens."""
    out: list[str] = []
    for text in texts:
        if text in (None, ""):
            continue
        tokens = text_tokens(str(text))
        if tokens:
            if out:
                out.append(SEPARATOR)
            out.extend(tokens)
    out = out[:MAX_TOKENS]
    out.extend(private_token(value) for value in private if value)
    return out


def _private_key() -> bytes:
    key = getattr(settings, "FIELD_ENCRYPTION_KEY", b"") or settings.SECRET_KEY.encode()
    return hashlib.sha256(b"jiandu-search-private:" + key).digest()


def private_value(value: str) -> str:
    """How a private value is compared: letters, digits and Chinese only, upper case."""
    text = unicodedata.normalize("NFKC", value or "")
    return re.sub(f"[^0-9A-Za-z{_CJK}]", "", text).upper()


def private_token(value: str) -> str:
    """A keyed hash of a private value (never the value): ``~`` + 32 hex digits."""
    digest = hmac.new(_private_key(), private_value(value).encode(), hashlib.sha256)
    return PRIVATE_MARK + digest.hexdigest()[:32]


# --- the query -----------------------------------------------------------------------------

_tokenizer_lock = threading.Lock()
_tokenizer: Any = None


def _jieba() -> Any:
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # jieba imports pkg_resources
                    import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.dt.initialize()
                _tokenizer = jieba.dt
    return _tokenizer


def _words(cjk: str) -> list[str]:
    if len(cjk) <= 2:
        return [cjk]
    return [w for w in _jieba().lcut(cjk, HMM=True) if w.strip()]


@dataclass(frozen=True)
class Phrase:
    """Tokens that must follow each other; the last one may be a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False

    def tsquery(self) -> str:
        parts = [f"'{t}'" for t in self.tokens]
        if self.prefix:
            parts[-1] += ":*"
        return " <-> ".join(parts)

    def like(self) -> str:
        body = " ".join(self.tokens)
        return f"% {body}%" if self.prefix else f"% {body} %"


@dataclass(frozen=True)
class TextQuery:
    """A parsed query: every phrase must occur, or any of the private tokens."""

    phrases: tuple[Phrase, ...] = ()
    private: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.phrases or self.private)

    def with_private(self, raw: str) -> TextQuery:
        value = private_value(raw)
        if len(value) < 2:
            return self
        return TextQuery(self.phrases, (private_token(value),))

    def tsquery(self) -> str:
        terms = []
        if self.phrases:
            terms.append(" & ".join(f"({p.tsquery()})" for p in self.phrases))
        terms.extend(f"'{t}'" for t in self.private)
        return " | ".join(f"({t})" for t in terms)

    def like(self, column: str) -> tuple[str, list[str]]:
        clauses: list[str] = []
        params: list[str] = []
        if self.phrases:
            clauses.append("(" + " AND ".join(f"{column} LIKE %s" for _ in self.phrases) + ")")
            params.extend(p.like() for p in self.phrases)
        for token in self.private:
            clauses.append(f"{column} LIKE %s")
            params.append(f"% {token} %")
        return "(" + " OR ".join(clauses) + ")", params


def _phrases(term: str) -> Iterator[Phrase]:
    """The phrases of one whitespace-separated term of a query."""
    alnum: list[str] = []
    for match in _RUNS.finditer(normalise(term)):
        cjk, word = match.groups()
        if word:
            alnum.append(word[:MAX_WORD])
            continue
        if alnum:
            yield Phrase(tuple(alnum), prefix=True)
            alnum = []
        for w in _words(cjk):
            if len(w) == 1:
                yield Phrase((w,), prefix=True)
            else:
                yield Phrase(tuple(w[i : i + 2] for i in range(len(w) - 1)))
    if alnum:
        yield Phrase(tuple(alnum), prefix=True)


def parse_text(raw: str) -> TextQuery:
    phrases: list[Phrase] = []
    for term in (raw or "")[:MAX_QUERY].split():
        for phrase in _phrases(term):
            if phrase not in phrases:
                phrases.append(phrase)
    # One-character function words match nearly everything: dropped when more is asked.
    kept = [
        p for p in phrases if not (p.prefix and len(p.tokens) == 1 and p.tokens[0] in STOP_CHARS)
    ]
    return TextQuery(tuple((kept or phrases)[:MAX_GROUPS]))


class TokensMatch(Func):
    """``tokens`` matches a ``TextQuery`` (a boolean expression for ``filter``)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, expression: Any, *, query: TextQuery) -> None:
        super().__init__(expression)
        self.query = query

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]
        column, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"({column} @@ %s::tsquery)", [*params, self.query.tsquery()]
        if params:  # a column reference has none; keep the SQL simple
            raise ValueError("TokensMatch needs a plain column")
        return self.query.like(column)


# --- the registry --------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchLine:
    """One result as the page shows it."""

    title: str
    url: str
    detail: str = ""
    badge: str = ""
    text: str = ""  # where the words are shown in context (a snippet is cut from it)


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    model: type[Model]
    capability: str
    selector: Callable[[Any], QuerySet]
    document: Callable[[Any], Sequence[Any]]
    line: Callable[[Any], SearchLine]
    fields: frozenset[str] = frozenset()  # a save touching none of them keeps the entry
    ledger: str = ""  # URL name of the full list, which takes ``?q=``
    order: tuple[str, ...] = ()  # empty: the selector's order
    # What a result line reads besides the row and the selector's ``select_related``
    # (the selector's prefetches are dropped: they serve its ledger, not the line).
    prepare: Callable[[QuerySet], QuerySet] = lambda qs: qs
    index_queryset: Callable[[QuerySet], QuerySet] = lambda qs: qs
    citizen_id: Callable[[str], Q] | None = None
    # Models whose rows feed this kind's text: model → the ids of the rows to reindex.
    related: dict[type[Model], Callable[[Any], Iterable[int]]] = field(default_factory=dict)
    private: Callable[[Any], Sequence[str]] | None = None
    private_capability: str = ""
    sort: int = 100


REGISTRY: dict[str, SearchKind] = {}


def register(kind: SearchKind) -> SearchKind:
    """Declare a kind (from its app's ``ready``) and keep its entries up to date."""
    REGISTRY[kind.key] = kind
    uid = f"search-{kind.key}"
    post_save.connect(_saved(kind), sender=kind.model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(_deleted(kind), sender=kind.model, weak=False, dispatch_uid=f"{uid}-delete")
    for model, parents in kind.related.items():
        name = model.__name__
        handler = _related_changed(kind, parents)
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"{uid}-{name}-save")
        post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"{uid}-{name}-del")
    return kind


def kinds_for(user: Any) -> list[SearchKind]:
    """The kinds whose ledger the user may open, in page order."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return sorted(
        (k for k in REGISTRY.values() if user.has_capability(k.capability)),
        key=lambda k: (k.sort, k.key),
    )


# --- keeping the index up to date -----------------------------------------------------------


def _saved(kind: SearchKind) -> Callable[..., None]:
    def handler(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
        if raw:
            return
        if update_fields is not None and kind.fields and not (set(update_fields) & kind.fields):
            return
        index_objects(kind.key, [instance.pk])

    return handler


def _deleted(kind: SearchKind) -> Callable[..., None]:
    def handler(sender, instance, **kwargs) -> None:
        from jiandu.core.models import SearchEntry

        SearchEntry.objects.filter(kind=kind.key, object_id=instance.pk).delete()

    return handler


def _related_changed(kind: SearchKind, parents: Callable[[Any], Iterable[int]]):
    def handler(sender, instance, raw=False, **kwargs) -> None:
        if raw:
            return
        ids = [pk for pk in parents(instance) if pk is not None]
        if ids:
            index_objects(kind.key, ids)

    return handler


def _entry(kind: SearchKind, obj: Any) -> Any:
    from jiandu.core.models import SearchEntry

    private = kind.private(obj) if kind.private is not None else ()
    # ``TokensField`` takes the token list and writes it as the database stores it.
    tokens: Any = document_tokens(kind.document(obj), private)
    return SearchEntry(kind=kind.key, object_id=obj.pk, tokens=tokens)


def index_objects(key: str, ids: Iterable[int]) -> int:
    """(Re)write the entries of these objects of a kind (call after a bulk write that
    sends no signals); an id whose row is gone loses its entry."""
    from jiandu.core.models import SearchEntry

    kind = REGISTRY[key]
    wanted = sorted({int(pk) for pk in ids})
    written = 0
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        objs = list(kind.index_queryset(kind.model._default_manager.filter(pk__in=chunk)))
        with transaction.atomic():
            SearchEntry.objects.filter(kind=key, object_id__in=chunk).delete()
            SearchEntry.objects.bulk_create([_entry(kind, o) for o in objs])
        written += len(objs)
    return written


def reindex(
    keys: Iterable[str] | None = None, *, chunk: int = 2000, progress=None
) -> dict[str, int]:
    """Rebuild the entries of every row of these kinds (all by default)."""
    from jiandu.core.models import SearchEntry

    counts: dict[str, int] = {}
    for key in list(keys or REGISTRY):
        kind = REGISTRY[key]
        SearchEntry.objects.filter(kind=key).delete()
        total = 0
        last = 0
        manager = kind.model._default_manager
        while True:
            objs = list(kind.index_queryset(manager.filter(pk__gt=last).order_by("pk"))[:chunk])
            if not objs:
                break
            SearchEntry.objects.bulk_create(
                [_entry(kind, o) for o in objs],
                batch_size=500,
            )
            last = objs[-1].pk
            total += len(objs)
            if progress is not None:
                progress(f"{kind.label}：{total}")
        counts[key] = total
    return counts


def backfill_if_empty(**kwargs: Any) -> None:
    """After ``migrate``: an empty index over a register with rows (a database from
    before the search, or a restore) is rebuilt once."""
    from django.db.utils import DatabaseError

    from jiandu.core.models import SearchEntry

    try:
        if SearchEntry.objects.exists():
            return
        if not any(k.model._default_manager.exists() for k in REGISTRY.values()):
            return
    except DatabaseError:  # tables not there yet (a partial migration)
        return
    reindex()


# --- searching -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    text: TextQuery
    citizen_id: str = ""  # a valid citizen ID: also looked up exactly
    id_error: str = ""  # looked like a citizen ID but is not one

    def __bool__(self) -> bool:
        return bool(self.text or self.citizen_id)


_ID_SHAPE = re.compile(r"^(\d{17}[\dX]|\d{15})$")


def parse_query(raw: str) -> ParsedQuery:
    from jiandu.core.validators import InvalidCode, normalise_citizen_id

    raw = (raw or "").strip()[:MAX_QUERY]
    compact = "".join(unicodedata.normalize("NFKC", raw).split()).upper()
    citizen_id = id_error = ""
    if _ID_SHAPE.match(compact):
        try:
            citizen_id = normalise_citizen_id(compact)
        except InvalidCode as exc:
            id_error = exc.message
    return ParsedQuery(raw=raw, text=parse_text(raw), citizen_id=citizen_id, id_error=id_error)


def _text_for(kind: SearchKind, user: Any, query: ParsedQuery) -> TextQuery:
    """The query's words for a kind, with the private tokens when the user may match them."""
    text = query.text
    private = kind.private is not None and kind.private_capability and query.raw
    if private and user.has_capability(kind.private_capability):
        text = text.with_private(query.raw)
    return text


def matched_ids(kinds: Sequence[SearchKind], user: Any, query: ParsedQuery) -> dict[str, set[int]]:
    """kind → the ids of the rows the index (and the exact citizen ID) finds, *before*
    scope: one index query for all kinds that share the same words, then one small
    indexed lookup a kind for a citizen ID. Only ever used through ``scoped``."""
    from jiandu.core.models import SearchEntry

    found: dict[str, set[int]] = {k.key: set() for k in kinds}
    by_text: dict[TextQuery, list[str]] = {}
    for kind in kinds:
        text = _text_for(kind, user, query)
        if text:
            by_text.setdefault(text, []).append(kind.key)
    for text, keys in by_text.items():
        entries = (
            SearchEntry.objects.filter(kind__in=keys)
            .filter(TokensMatch(F("tokens"), query=text))
            .values_list("kind", "object_id")
        )
        for key, pk in _index_rows(entries):
            found[key].add(pk)
    if query.citizen_id:
        for kind in kinds:
            if kind.citizen_id is not None:
                exact = kind.model._default_manager.filter(kind.citizen_id(query.citizen_id))
                found[kind.key].update(exact.values_list("pk", flat=True))
    return found


def _index_rows(entries: QuerySet) -> list[tuple[str, int]]:
    """Run an index query. On PostgreSQL through the GIN index: the planner prices a
    ``@@`` per row as cheap and picks a sequential scan for common words, which reads
    and decompresses every row's tokens (≈3× slower than the index here). The setting
    is local to this query (restored right after, inside a transaction)."""
    if connection.vendor != "postgresql":
        return list(entries)
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)"
        )
        before = cursor.fetchone()[0]
        try:
            return list(entries)
        finally:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])


class PkIn(Func):
    """``pk`` is one of these ids, as one parameter (an array on PostgreSQL, a JSON
    list elsewhere) however many there are."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, expression: Any, *, ids: Iterable[int]) -> None:
        super().__init__(expression)
        self.ids = sorted({int(pk) for pk in ids})

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]
        column, params = compiler.compile(self.source_expressions[0])
        listed = ",".join(map(str, self.ids))  # one string: ints need no quoting
        if connection.vendor == "postgresql":
            # A constant (only integers, formatted here): the planner sees how many ids
            # there are (a parameter cast to an array would be guessed as a few).
            return f"({column} = ANY('{{{listed}}}'::bigint[]))", params
        sql = f"({column} IN (SELECT value FROM json_each(%s)))"  # noqa: S608 - a column
        return sql, [*params, f"[{listed}]"]


def scoped(kind: SearchKind, user: Any, ids: Iterable[int], *, base: QuerySet | None = None):
    """These rows of a kind, as far as the user may see them (the kind's scoped
    selector, in its order; without its prefetches: ``prepare`` adds what a line shows).
    ``base``: that selector already built for this user."""
    ids = list(ids)
    rows = kind.selector(user).prefetch_related(None) if base is None else base
    if not ids:
        return rows.none()
    return rows.filter(PkIn(F("pk"), ids=ids))


def matching(kind: SearchKind, user: Any, query: ParsedQuery) -> QuerySet:
    """The rows of a kind the user may see that match the query (through the kind's
    scoped selector; the index only narrows)."""
    return scoped(kind, user, matched_ids([kind], user, query)[kind.key])


@dataclass
class Group:
    kind: SearchKind
    count: int
    lines: list[SearchLine]


def result_lines(kind: SearchKind, rows: Iterable[Any], query: ParsedQuery) -> list[SearchLine]:
    out = []
    for obj in rows:
        line = kind.line(obj)
        if line.text:
            line = SearchLine(
                line.title, line.url, line.detail, line.badge, snippet(line.text, query)
            )
        out.append(line)
    return out


# Up to this many matches a kind's visible ids come in one query (count and order
# together); beyond, a count and the first ids.
FEW_MATCHES = 2000


def search(user: Any, query: ParsedQuery, *, per_kind: int = 5) -> list[Group]:
    """The first ``per_kind`` results and the count of every kind the user may search:
    one index query for the ids, then for each kind with matches its visible ids in
    order (the scoped selector on those ids, no joins for display) and its shown rows."""
    groups: list[Group] = []
    if not query:
        return groups
    kinds = kinds_for(user)
    found = matched_ids(kinds, user, query)
    for kind in kinds:
        ids = found[kind.key]
        if not ids:
            continue
        base = kind.selector(user).prefetch_related(None)
        rows = scoped(kind, user, ids, base=base)
        pks = _in_order(kind, rows).values_list("pk", flat=True)
        if len(ids) <= FEW_MATCHES:
            visible = list(pks)
            count, first = len(visible), visible[:per_kind]
        else:
            count = rows.count()
            first = list(pks[:per_kind]) if count else []
        if not count:
            continue
        shown = {obj.pk: obj for obj in kind.prepare(scoped(kind, user, first, base=base))}
        lines = result_lines(kind, [shown[pk] for pk in first if pk in shown], query)
        groups.append(Group(kind, count, lines))
    return groups


def ordered(kind: SearchKind, user: Any, query: ParsedQuery) -> QuerySet:
    """All results of one kind, in its order (the page pages through them)."""
    return kind.prepare(_in_order(kind, matching(kind, user, query)))


def _in_order(kind: SearchKind, rows: QuerySet) -> QuerySet:
    """The kind's order, else its selector's (the ledger's)."""
    return rows.order_by(*kind.order) if kind.order else rows


def snippet(text: str, query: ParsedQuery, width: int = 60) -> str:
    """The part of ``text`` around the first query word it contains."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    folded = unicodedata.normalize("NFKC", text).lower()
    at = -1
    for term in query.raw.split():
        for word in [normalise(term), *(w for w in re.split(r"\W+", normalise(term)) if w)]:
            found = folded.find(word) if word else -1
            if found >= 0 and (at < 0 or found < at):
                at = found
    start = max(0, at - width // 3) if at > 0 else 0
    end = min(len(text), start + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def warm_up() -> None:
    """Load jieba's dictionary once (a worker at start), not in the first search."""
    _jieba()


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"
