"""Near-duplicate detection of reports (DOMAIN.md §2: 重复件).

How a report is compared:

1. ``normalise``: NFKC (full-width letters and digits become half-width), lower case,
   punctuation, symbols and whitespace dropped. Changed punctuation therefore changes
   nothing.
2. Shingles: overlapping character 3-grams of the normalised text. Reordered sentences
   and a few added words change only the few 3-grams around each seam, so the shingle
   sets stay close; 3-grams (not 2-grams) keep unrelated petitions, which share much
   vocabulary, far apart (measured in ``bench_dedup``).
3. Signature: datasketch's ``MinHash`` (scheme "affine32", ``NUM_PERM`` permutations) of
   the shingle set, each shingle given as a stable 32-bit hash of its code points.
   ``signatures_bulk`` is the same computation vectorised over many texts at once (for
   the initial load and the benchmark); a test checks the two agree bit for bit.
4. Index: ``MinHashIndex``, LSH banding (``BANDS`` × ``ROWS``) over the signatures, kept in
   sorted numpy arrays (a million reports: 512 MB of signatures and 384 MB of band keys,
   where datasketch's dict-of-sets ``MinHashLSH`` took 925 MB per 100,000). Candidates
   from the bands are ranked by the Jaccard similarity estimated from the signatures.
5. Candidates: the best of them are re-checked with the exact shingle Jaccard of the
   stored texts; earlier reports of the last three years about the same subject are
   added (a matter retold in other words shares few 3-grams: the subject finds it).
6. Score: ``duplicate_score`` decides which candidates are shown as 疑似重复件: a near
   copy (3-gram Jaccard at least ``THRESHOLD``), or the same matter — the words of the
   matter (jieba, weighted by jieba's IDF; names, units and titles nearly ignored, as
   every candidate about the same person shares them) overlap enough, and the
   subjects, where both are known, are not different people. Only candidates scoring
   at least ``DUPLICATE_THRESHOLD`` are stored as ``DuplicateSuggestion``; the clerk
   confirms or rejects each one (``services.duplicate_decide``). The threshold was
   chosen on a hand-written labelled set (``tests/data/duplicate_pairs.json``;
   ``python -m jiandu.devtools.bench.dedup_calibration`` prints recall and precision).

Persistence: signatures are stored in ``ReportSignature`` (one row per report), so they
survive restarts and are shared by processes. Each process keeps an in-memory index,
built lazily from that table and caught up incrementally on each lookup.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import timedelta
from typing import Any

import numpy as np
from datasketch import MinHash

# --- parameters (chosen by measurement, see bench_dedup) --------------------------------

SHINGLE = 3  # characters per shingle
NUM_PERM = 128  # MinHash permutations
BANDS, ROWS = 32, 4  # LSH banding: a pair becomes a candidate at Jaccard ≈ (1/32)^(1/4) ≈ 0.42
SEED = 1  # datasketch's permutation seed; changing it invalidates stored signatures
THRESHOLD = 0.5  # minimum Jaccard similarity of a near copy (always suggested)
CANDIDATE_SLACK = 0.12  # estimated Jaccard may err; exact re-check decides
MAX_SUGGESTIONS = 10
SAME_SUBJECT_YEARS = 3

_MASK32 = np.uint64(0xFFFFFFFF)
_ROW_SALT = np.array([(k + 1) * 0x9E3779B97F4A7C15 % 2**64 for k in range(ROWS)], dtype=np.uint64)
_NON_WORD = re.compile(r"[\W_]+")

# datasketch's permutation parameters (a odd, b), shared by every signature.
_PERMUTATIONS: np.ndarray = MinHash(num_perm=NUM_PERM, seed=SEED).permutations
_EMPTY = np.iinfo(np.uint32).max


# --- text → shingles → signature -----------------------------------------------------------


def normalise(text: str) -> str:
    """NFKC, lower case, without punctuation, symbols and whitespace."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text or "").lower())


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser (wrapping uint64 arithmetic)."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, as datasketch applies it before permuting."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _codes(normalised: str) -> np.ndarray:
    return np.frombuffer(normalised.encode("utf-32-le"), dtype="<u4").astype(np.uint64)


def _gram_keys(codes: np.ndarray) -> np.ndarray:
    """Each n-gram's code points packed into one uint64 (21 bits a code point), exact."""
    count = codes.size - SHINGLE + 1
    keys = codes[:count].copy()
    for k in range(1, SHINGLE):
        keys |= codes[k : k + count] << np.uint64(21 * k)
    return keys


def shingle_hashes(text: str) -> np.ndarray:
    """The 32-bit hashes of the text's distinct shingles (a text shorter than a shingle is
    one shingle). Stable across processes and Python versions."""
    codes = _codes(normalise(text))
    if codes.size == 0:
        return np.empty(0, dtype=np.uint32)
    if codes.size < SHINGLE:
        codes = np.concatenate([codes, np.zeros(SHINGLE - codes.size, dtype=np.uint64)])
    return np.unique((_fmix64(_gram_keys(codes)) & _MASK32).astype(np.uint32))


def shingles(text: str) -> set[str]:
    """The text's shingles as strings (for the exact similarity)."""
    norm = normalise(text)
    if len(norm) <= SHINGLE:
        return {norm} if norm else set()
    return {norm[i : i + SHINGLE] for i in range(len(norm) - SHINGLE + 1)}


def similarity_score(text_a: str, text_b: str) -> float:
    """Exact Jaccard similarity of the two texts' shingle sets, 0.0 … 1.0."""
    a, b = shingles(text_a), shingles(text_b)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _minhash(hashes: np.ndarray) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, hashfunc=int, permutations=_PERMUTATIONS, scheme="affine32")
    m.update_batch(hashes)
    return m


def signature_of(text: str) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32) of the text's shingle set: datasketch's
    ``MinHash.update_batch`` over ``shingle_hashes``. An empty text gives all 0xFFFFFFFF."""
    return _minhash(shingle_hashes(text)).hashvalues.astype(np.uint32, copy=False)


def signatures_bulk(texts: Sequence[str], chunk: int = 2048) -> np.ndarray:
    """``signature_of`` for many texts at once, vectorised: one (len, NUM_PERM) uint32
    array, row for row equal to ``signature_of`` (about 20 µs a text instead of 150)."""
    out = np.full((len(texts), NUM_PERM), _EMPTY, dtype=np.uint32)
    a = _PERMUTATIONS[0].astype(np.uint32)[:, None]
    b = _PERMUTATIONS[1].astype(np.uint32)[:, None]
    for first in range(0, len(texts), chunk):
        norm = [normalise(t) for t in texts[first : first + chunk]]
        norm = [t + "\0" * (SHINGLE - len(t)) if 0 < len(t) < SHINGLE else t for t in norm]
        lengths = np.fromiter((len(t) for t in norm), dtype=np.int64, count=len(norm))
        grams = np.maximum(lengths - SHINGLE + 1, 0)
        has = np.flatnonzero(grams)
        if has.size == 0:
            continue
        codes = _codes("".join(norm))
        keys = _gram_keys(codes)
        # Keep the n-grams that lie inside one text: gram i of text t starts at
        # starts[t] + i for i < grams[t].
        starts = np.cumsum(lengths) - lengths
        inside = np.zeros(keys.size + 1, dtype=np.int32)
        np.add.at(inside, starts[has], 1)
        np.add.at(inside, starts[has] + grams[has], -1)
        keys = keys[np.cumsum(inside[: keys.size]) > 0]
        hv = _fmix32((_fmix64(keys) & _MASK32).astype(np.uint32))
        # Permute and take the minimum per text, a few thousand shingles at a time (the
        # (NUM_PERM, shingles) block then stays in the CPU cache).
        ends = np.cumsum(grams[has])
        text_lo = 0
        while text_lo < has.size:
            lo = 0 if text_lo == 0 else int(ends[text_lo - 1])
            text_hi = max(text_lo + 1, int(np.searchsorted(ends, lo + 8192, side="right")))
            hi = int(ends[text_hi - 1])
            block = np.multiply.outer(a[:, 0], hv[lo:hi])
            block += b
            offsets = np.concatenate([[0], ends[text_lo : text_hi - 1] - lo])
            out[first + has[text_lo:text_hi]] = np.minimum.reduceat(block, offsets, axis=1).T
            text_lo = text_hi
    return out


# --- the LSH index -------------------------------------------------------------------------


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """(n, BANDS) uint64: each band's rows hashed to 32 bits, with the band number in the
    high 32 bits so that all bands can share one sorted array."""
    sigs = np.atleast_2d(sigs)
    n = sigs.shape[0]
    used = sigs[:, : BANDS * ROWS].astype(np.uint64).reshape(n, BANDS, ROWS)
    h = np.zeros((n, BANDS), dtype=np.uint64)
    for k in range(ROWS):
        h = _fmix64(h ^ (used[:, :, k] + _ROW_SALT[k]))
    band = np.arange(BANDS, dtype=np.uint64) << np.uint64(32)
    return (h >> np.uint64(32)) | band


class MinHashIndex:
    """An LSH index of MinHash signatures keyed by integers (report ids).

    Band keys of the bulk of the entries live in one sorted uint64 array with a parallel
    array of row numbers (12 bytes a band a report); recent additions live in a small
    dict and are merged in when it grows. Signatures are kept in one (n, NUM_PERM)
    array, for ranking candidates by estimated Jaccard. Thread-safe.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._ids = np.empty(0, dtype=np.int64)
        self._sigs = np.empty((0, NUM_PERM), dtype=np.uint32)
        self._counts = np.empty(0, dtype=np.int64)  # shingle counts, to spot reused ids
        self._n = 0
        self._row_of: dict[int, int] = {}
        self._bkeys = np.empty(0, dtype=np.uint64)
        self._brows = np.empty(0, dtype=np.uint32)
        self._pending: dict[int, list[int]] = {}
        self._pending_rows = 0

    def __len__(self) -> int:
        return self._n

    def __contains__(self, key: int) -> bool:
        return int(key) in self._row_of

    def shingle_count(self, key: int) -> int | None:
        row = self._row_of.get(int(key))
        return None if row is None else int(self._counts[row])

    def _reserve(self, extra: int) -> None:
        need = self._n + extra
        if need <= self._ids.size:
            return
        cap = max(need, self._ids.size * 2, 1024)
        for name in ("_ids", "_counts"):
            grown = np.empty(cap, dtype=np.int64)
            grown[: self._n] = getattr(self, name)[: self._n]
            setattr(self, name, grown)
        sigs = np.empty((cap, NUM_PERM), dtype=np.uint32)
        sigs[: self._n] = self._sigs[: self._n]
        self._sigs = sigs

    def add_many(
        self,
        keys: Iterable[int] | np.ndarray,
        sigs: np.ndarray,
        counts: Sequence[int] | np.ndarray | None = None,
    ) -> None:
        """Add (or replace) entries. ``sigs`` is (len(keys), NUM_PERM); ``counts`` the
        shingle counts (optional; used to notice an id reused for another text)."""
        keys = np.fromiter(keys, dtype=np.int64)
        sigs = np.asarray(sigs, dtype=np.uint32).reshape(keys.size, NUM_PERM)
        if counts is None:
            counts_arr = np.full(keys.size, -1, dtype=np.int64)
        else:
            counts_arr = np.asarray(counts, dtype=np.int64).reshape(keys.size)
        with self._lock:
            self._reserve(keys.size)
            rows = np.empty(keys.size, dtype=np.int64)
            for i, key in enumerate(keys.tolist()):
                row = self._row_of.get(key)
                if row is None:
                    row = self._n
                    self._n += 1
                    self._row_of[key] = row
                    self._ids[row] = key
                rows[i] = row
            self._sigs[rows] = sigs
            self._counts[rows] = counts_arr
            bkeys = band_keys(sigs).ravel()
            brows = np.repeat(rows.astype(np.uint32), BANDS)
            if keys.size > 4096:
                self._merge(bkeys, brows)
            else:
                for bk, row in zip(bkeys.tolist(), brows.tolist(), strict=True):
                    self._pending.setdefault(bk, []).append(row)
                self._pending_rows += keys.size
                if self._pending_rows > max(4096, self._n // 32):
                    self._flush()

    def add(self, key: int, sig: np.ndarray, shingle_count: int = -1) -> None:
        self.add_many([key], np.asarray(sig).reshape(1, NUM_PERM), [shingle_count])

    def _flush(self) -> None:
        if not self._pending:
            return
        pairs = [(bk, row) for bk, rows in self._pending.items() for row in rows]
        self._pending, self._pending_rows = {}, 0
        bkeys = np.fromiter((p[0] for p in pairs), dtype=np.uint64, count=len(pairs))
        brows = np.fromiter((p[1] for p in pairs), dtype=np.uint32, count=len(pairs))
        self._merge(bkeys, brows)

    def _merge(self, bkeys: np.ndarray, brows: np.ndarray) -> None:
        order = np.argsort(bkeys, kind="stable")
        bkeys, brows = bkeys[order], brows[order]
        if self._bkeys.size == 0:
            self._bkeys, self._brows = bkeys, brows
            return
        at = np.searchsorted(self._bkeys, bkeys, side="right")
        self._bkeys = np.insert(self._bkeys, at, bkeys)
        self._brows = np.insert(self._brows, at, brows)

    def candidates(self, sig: np.ndarray) -> np.ndarray:
        """Rows sharing at least one band with ``sig`` (unique, unranked)."""
        q = band_keys(sig)[0]
        with self._lock:
            lo = np.searchsorted(self._bkeys, q, side="left")
            hi = np.searchsorted(self._bkeys, q, side="right")
            parts = [
                self._brows[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a
            ]
            if self._pending:
                for bk in q.tolist():
                    rows = self._pending.get(bk)
                    if rows:
                        parts.append(np.asarray(rows, dtype=np.uint32))
        if not parts:
            return np.empty(0, dtype=np.int64)
        return np.unique(np.concatenate(parts)).astype(np.int64)

    def query(self, sig: np.ndarray, threshold: float = THRESHOLD) -> list[tuple[int, float]]:
        """(key, estimated Jaccard) of the entries estimated at least ``threshold`` similar,
        most similar first."""
        sig = np.asarray(sig, dtype=np.uint32)
        if sig.size != NUM_PERM or bool((sig == _EMPTY).all()):
            return []
        rows = self.candidates(sig)
        if rows.size == 0:
            return []
        with self._lock:
            if rows.size > 256:
                # Shared boilerplate puts some texts in crowded buckets: screen those
                # candidates on the first 32 hash values (a quarter of the memory reads)
                # with a generous margin, then estimate on all of them.
                head = np.count_nonzero(self._sigs[rows, :32] == sig[:32], axis=1)
                rows = rows[head >= int(32 * threshold * 0.5)]
            est = np.count_nonzero(self._sigs[rows] == sig, axis=1) / NUM_PERM
            keep = est >= threshold
            ids, est = self._ids[rows[keep]], est[keep]
        order = np.lexsort((ids, -est))
        return [(int(ids[i]), float(est[i])) for i in order]


def find_near_duplicates(
    index: MinHashIndex,
    text: str,
    texts_of: Callable[[list[int]], dict[int, str]],
    *,
    exclude: int | None = None,
) -> list[tuple[int, float]]:
    """Checking one new text: its signature, the LSH lookup (estimated Jaccard at least
    ``THRESHOLD - CANDIDATE_SLACK``), then the exact shingle Jaccard of the best
    candidates' texts (``texts_of(ids) -> {id: text}``; ids it leaves out are dropped).
    Returns (id, exact similarity ≥ ``THRESHOLD``), most similar first."""
    near = index.query(signature_of(text), THRESHOLD - CANDIDATE_SLACK)
    ids = [pk for pk, _ in near if pk != exclude][: MAX_SUGGESTIONS * 5]
    if not ids:
        return []
    query = shingles(text)
    scored = []
    for pk, other in texts_of(ids).items():
        theirs = shingles(other)
        score = len(query & theirs) / len(query | theirs) if query and theirs else 0.0
        if score >= THRESHOLD:
            scored.append((pk, score))
    scored.sort(key=lambda e: (-e[1], e[0]))
    return scored


# --- the duplicate score: the same matter, not only the same words --------------------------

DUPLICATE_THRESHOLD = 0.12
"""The least ``duplicate_score`` of a candidate shown as 疑似重复件.

Chosen on the labelled set ``intake/tests/data/duplicate_pairs.json`` (76 hand-written
pairs: 44 repeats — retold by another reporter, phone transcript vs letter, follow-ups
adding facts, short vs long, near copies — and 32 non-repeats about the same person,
the same unit or the same kind of problem): the threshold with the best F1 was 0.129;
0.12 is rounded down so that a repeat at the margin is shown rather than hidden (the
clerk rejects a wrong suggestion in one click; a hidden repeat becomes a second clue).
Measured at 0.12: recall 0.932 (41 of 44 repeats shown), precision 0.932 (3 of the 44
shown are not repeats: two about the same person and the same kind of problem, one
about the same school with no names). Missed: follow-ups that share no word of the
matter with the first report ("上次反映罗红收钱的事" against "索要好处费"), and a retold
report using none of the letter's words. Two-fold check: a threshold chosen on one half
gave recall 0.864–0.909 and precision 0.909–0.950 on the other.
``python -m jiandu.devtools.bench.dedup_calibration`` prints recall and precision at
this threshold, by kind, and a two-fold check (threshold chosen on one half, measured
on the other). Re-run it after changing anything in this section."""

DUPLICATE_HIGH = 0.25
"""From this score on the page says 内容高度相近 (相似程度 高) instead of 内容相近: no
non-repeat of the labelled set scored as high (the highest, 0.209), 24 of the 44
repeats did."""

ENTITY_WEIGHT = 0.1  # names, units and titles: shared by every report about the person
NEAR_COPY = THRESHOLD  # a 3-gram Jaccard this high is a repeat whatever the subjects

_UNIT_END = re.compile(
    r"(省|市|县|区|镇|乡|村|街道|社区|局|委|办|站|所|科|股|院|校|中学|小学|中心|林场|"
    r"大队|分局|处|厅|医院|派出所|办事处|政府|党委|党支部|支部|党组|村委会|居委会)$"
)
_TITLE_END = re.compile(
    r"(书记|支书|主任|局长|站长|所长|科长|股长|队长|场长|校长|院长|经理|会计|委员|干部|"
    r"工作人员|同志|领导|老板)$"
)
_NOUNS = frozenset({"n", "j", "ns", "nt", "nz", "nr", "ng", "nrt", "nrfg", "s", "l", "eng"})
# Words of reporting and of the petition's frame, not of the matter reported.
_FRAME_TEXT = (
    "反映 举报 实名 检举 控告 请求 恳请 希望 调查 查处 核实 处理 "
    "组织 纪委 上级 问题 情况 以上 属实 现在 目前 已经 没有 知道 "
    "听说 据说 一下 这个 那个 我们 他们 大家 其中 以及 并且 同时 "
    "另外 还有 就是 但是 可是 而且 所以 因为 一起 一直 今年 去年 "
    "至今 多次 经常 长期 利用 职务 便利 职权 请查 尊敬 补充 再次 "
    "之前 上次 继续 一并 认真 尽快 具体 来电 来电人 来信 信访人 电话 "
    "记录 村民 群众 单位 违规 万元 村里 村上 镇上 镇里 乡里 县里 "
    "县城 单位里 "
)
_FRAME_WORDS = frozenset(_FRAME_TEXT.split())
_CN_DIGIT = {"一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6"}
_CN_DIGIT |= {"七": "7", "八": "8", "九": "9"}
_CN_AMOUNT = re.compile(r"([一二两三四五六七八九])(?=[十百千万亿])")

_pos_tokenizer: Any = None
_idf: tuple[dict[str, float], float] | None = None
_nlp_lock = threading.Lock()


def _nlp() -> tuple[Any, dict[str, float], float]:
    """jieba's part-of-speech tokenizer and IDF table (jieba.analyse's ``idf.txt``),
    loaded once per process (about a second)."""
    global _pos_tokenizer, _idf
    with _nlp_lock:
        if _pos_tokenizer is None or _idf is None:
            import logging
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # jieba imports the deprecated pkg_resources
                import jieba
                import jieba.posseg
                from jieba.analyse.tfidf import DEFAULT_IDF, IDFLoader

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
            tokenizer.tokenizer.initialize()
            _pos_tokenizer = tokenizer
            _idf = IDFLoader(DEFAULT_IDF).get_idf()
        return _pos_tokenizer, _idf[0], _idf[1]


def matter_words(text: str, names: Iterable[str] = ()) -> dict[str, float]:
    """The words of the text with their weights: jieba's IDF; a tenth of it for names
    (``names`` are taken out of the text first, others by jieba's tags), units (a word
    ending 局/镇/村/站…, with the nouns that run into it: 县人|社局, 市场|监管局) and
    titles; nothing for one-character words and the words of the petition's frame.
    Amounts in Chinese numerals are written with digits (八万 → 8万)."""
    tokenizer, idf, median = _nlp()
    text = _CN_AMOUNT.sub(lambda m: _CN_DIGIT[m.group(1)], unicodedata.normalize("NFKC", text))
    for name in sorted({n for n in names if len(n) >= 2}, key=len, reverse=True):
        text = text.replace(name, "，")
    words = [(w.word.strip(), w.flag) for w in tokenizer.cut(text)]
    kind = [""] * len(words)
    for i in range(len(words) - 1, -1, -1):
        word, flag = words[i]
        if _UNIT_END.search(word):
            kind[i] = "unit"
        elif _TITLE_END.search(word) or flag.startswith("nr") or flag in ("ns", "nt"):
            kind[i] = "entity"
        elif i + 1 < len(words) and kind[i + 1] == "unit" and flag in _NOUNS:
            kind[i] = "unit"
    weights: dict[str, float] = {}
    for (word, _), k in zip(words, kind, strict=True):
        if len(word) < 2 or word in _FRAME_WORDS or not _NON_WORD.sub("", word):
            continue
        weight = idf.get(word, median) * (ENTITY_WEIGHT if k else 1.0)
        weights[word] = max(weights.get(word, 0.0), weight)
    return weights


def matter_similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """The weighted overlap of two texts' ``matter_words``: the shared words' weight
    over the geometric mean of the two totals, 0.0 … 1.0."""
    total_a, total_b = sum(a.values()), sum(b.values())
    if not total_a or not total_b:
        return 0.0
    shared = sum(min(a[w], b[w]) for w in a.keys() & b.keys())
    return shared / float(np.sqrt(total_a * total_b))


def duplicate_score(
    text_a: str,
    text_b: str,
    subjects_a: Iterable[str] = (),
    subjects_b: Iterable[str] = (),
) -> float:
    """How surely ``text_b`` repeats the matter of ``text_a``, 0.0 … 1.0: a near copy
    scores its 3-gram Jaccard; otherwise reports about different people (both subject
    lists known and no name in common) score 0, and the rest ``matter_similarity``.
    Shown as 疑似重复件 from ``DUPLICATE_THRESHOLD`` on."""
    jaccard = similarity_score(text_a, text_b)
    if jaccard >= NEAR_COPY:
        return jaccard
    names_a = {n.strip() for n in subjects_a if n and n.strip()}
    names_b = {n.strip() for n in subjects_b if n and n.strip()}
    if names_a and names_b and not names_a & names_b:
        return 0.0
    names = names_a | names_b
    return matter_similarity(matter_words(text_a, names), matter_words(text_b, names))


# --- the app's index: built from ReportSignature, caught up on each lookup -----------------

LOAD_BATCH = 5000
CATCH_UP_OVERLAP = 256  # recent ids re-checked on each lookup (late commits, reused ids)

_index: MinHashIndex | None = None
_last_pk = 0  # the highest ReportSignature pk seen in the database
_index_lock = threading.Lock()


def reset_index() -> None:
    """Forget the in-memory index (tests; after restoring a database)."""
    global _index, _last_pk
    with _index_lock:
        _index, _last_pk = None, 0


def signature_bytes(sig: np.ndarray) -> bytes:
    return np.asarray(sig, dtype="<u4").tobytes()


def signature_from_bytes(blob: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(blob), dtype="<u4").astype(np.uint32)


def signature_rows(rows: Iterable[tuple[int, str]]) -> Iterator[tuple[int, bytes, int]]:
    """(pk, signature bytes, shingle count) for (pk, text) rows."""
    for pk, text in rows:
        hashes = shingle_hashes(text)
        yield pk, signature_bytes(_minhash(hashes).hashvalues), int(hashes.size)


def _load_rows(rows: Iterable[tuple[int, bytes, int]], index: MinHashIndex) -> None:
    keys, sigs, counts = [], [], []
    for pk, blob, count in rows:
        sig = signature_from_bytes(blob)
        if sig.size != NUM_PERM:
            continue  # written with other parameters: ``reindex_all`` rewrites them
        keys.append(pk)
        sigs.append(sig)
        counts.append(count)
    if keys:
        index.add_many(keys, np.vstack(sigs), counts)


def get_index(*, skip_pk: int | None = None) -> MinHashIndex:
    """The process's index: loaded in batches on first use, then caught up with the rows
    other processes added (those with a pk above the last one seen, and the last
    ``CATCH_UP_OVERLAP`` again, for transactions that committed late). ``skip_pk``: a row
    of the caller's own open transaction, which may yet roll back."""
    from jiandu.intake.models import ReportSignature

    global _index, _last_pk
    table = ReportSignature.objects.exclude(pk=skip_pk) if skip_pk else ReportSignature.objects
    with _index_lock:
        if _index is None:
            index, last = MinHashIndex(), 0
            while True:
                batch = list(
                    table.filter(pk__gt=last)
                    .order_by("pk")
                    .values_list("pk", "signature", "shingle_count")[:LOAD_BATCH]
                )
                if not batch:
                    break
                _load_rows(batch, index)
                last = batch[-1][0]
            _index, _last_pk = index, last
            return index
        index = _index
        recent = list(
            table.filter(pk__gt=max(0, _last_pk - CATCH_UP_OVERLAP)).values_list(
                "pk", "shingle_count"
            )
        )
        stale = [pk for pk, count in recent if index.shingle_count(pk) != count]
        for first in range(0, len(stale), LOAD_BATCH):
            rows = table.filter(pk__in=stale[first : first + LOAD_BATCH]).values_list(
                "pk", "signature", "shingle_count"
            )
            _load_rows(rows, index)
        _last_pk = max([_last_pk, *(pk for pk, _ in recent)])
        return index


def reindex_all() -> int:
    """Recompute every report's signature (after a change of the parameters above) and
    drop the in-memory index. Returns the number of reports."""
    from jiandu.intake.models import Report, ReportSignature, ReportStatus

    rows = Report.objects.exclude(status=ReportStatus.SUBMITTED).order_by("pk")
    total = 0
    batch: list[tuple[int, str]] = []
    for row in rows.values_list("pk", "content").iterator(chunk_size=LOAD_BATCH):
        batch.append(row)
        if len(batch) == LOAD_BATCH:
            total += _store_bulk(batch, ReportSignature)
            batch = []
    total += _store_bulk(batch, ReportSignature)
    reset_index()
    return total


def _store_bulk(rows: list[tuple[int, str]], model: Any) -> int:
    if not rows:
        return 0
    sigs = signatures_bulk([text for _, text in rows])
    counts = [int(shingle_hashes(text).size) for _, text in rows]
    objs = [
        model(report_id=pk, signature=signature_bytes(sig), shingle_count=count)
        for (pk, _), sig, count in zip(rows, sigs, counts, strict=True)
    ]
    model.objects.bulk_create(
        objs,
        update_conflicts=True,
        unique_fields=["report"],
        update_fields=["signature", "shingle_count"],
    )
    return len(objs)


# --- the service functions called at registration -------------------------------------------


def index_report(report: Any) -> None:
    """Store the report's signature. The process's in-memory index takes it when the
    transaction commits (other processes catch up from the table on their next lookup)."""
    from django.db import transaction

    from jiandu.intake.models import ReportSignature

    hashes = shingle_hashes(report.content)
    sig = _minhash(hashes).hashvalues.astype(np.uint32)
    count = int(hashes.size)
    ReportSignature.objects.update_or_create(
        report=report, defaults={"signature": signature_bytes(sig), "shingle_count": count}
    )
    pk = report.pk

    def publish() -> None:
        with _index_lock:
            if _index is not None:
                _index.add(pk, sig, count)

    transaction.on_commit(publish)


def _subject_keys(report: Any) -> tuple[set[int], set[tuple[str, int]], set[tuple[str, str]]]:
    """What identifies the report's subjects: their cadres (as linked, or else as the
    matcher resolves them), (name, unit id) and (name, unit as written)."""
    from jiandu.intake import matching

    cadres: set[int] = set()
    by_unit: set[tuple[str, int]] = set()
    by_text: set[tuple[str, str]] = set()
    subjects = [(s.name, s.cadre_id, s.unit_id, s.unit_text) for s in report.subjects.all()]
    # Subjects the matcher will add (named in the 被反映人 field or in the text), in case
    # it has not run yet.
    known = {name for name, *_ in subjects}
    for name in matching.reported_names(report.subject_text) + matching.names_in(report.content):
        if name not in known:
            known.add(name)
            subjects.append((name, None, None, ""))
    for name, cadre_id, unit_id, unit_text in subjects:
        unit_text = unit_text or report.unit_text
        if cadre_id is None:
            cadre_id = matching.resolve(name, matching.context_of(report), unit_text)
        if cadre_id is not None:
            cadres.add(cadre_id)
        if unit_id:
            by_unit.add((name, unit_id))
        if normalise(unit_text):
            by_text.add((name, normalise(unit_text)))
    return cadres, by_unit, by_text


def _same_subject_reports(report: Any) -> set[int]:
    """Earlier reports of the last three years about one of the report's subjects: the
    same cadre, or the same name with the same unit."""
    from django.db.models import Q

    from jiandu.intake.models import ReportSubject

    cadres, by_unit, by_text = _subject_keys(report)
    names = {name for name, _ in by_unit} | {name for name, _ in by_text}
    if not cadres and not names:
        return set()
    condition = Q(cadre_id__in=cadres) | Q(name__in=names)
    since = report.received_at - timedelta(days=round(365.25 * SAME_SUBJECT_YEARS))
    rows = (
        ReportSubject.objects.filter(condition)
        .filter(report__received_at__gte=since, report__received_at__lte=report.received_at)
        .exclude(report_id=report.pk)
        .values_list("report_id", "cadre_id", "name", "unit_id", "unit_text", "report__unit_text")
    )
    found = set()
    for report_id, cadre_id, name, unit_id, unit_text, report_unit_text in rows:
        if (
            cadre_id in cadres
            or (name, unit_id) in by_unit
            or (name, normalise(unit_text or report_unit_text)) in by_text
        ):
            found.add(report_id)
    return found


def _subject_names(report: Any) -> set[str]:
    """The names of the report's subjects: as registered, in the 被反映人 field and the
    cadres' names in the text (the matcher adds these as subjects; it may not have run)."""
    from jiandu.intake import matching

    names = {s.name for s in report.subjects.all()}
    names.update(matching.reported_names(report.subject_text))
    names.update(matching.names_in(report.content))
    return names


MAX_CANDIDATES = 50  # candidates scored per report (text neighbours, then same subject)


def suggest_duplicates(report: Any) -> list[Any]:
    """Earlier reports about the same matter. Candidates: the text's neighbours in the
    index (estimated 3-gram Jaccard at least ``THRESHOLD - CANDIDATE_SLACK``) and the
    earlier reports of the last three years about the same subject (latest first); each
    is scored with ``duplicate_score`` and kept from ``DUPLICATE_THRESHOLD`` on, most
    similar first. Creates at most ``MAX_SUGGESTIONS`` ``DuplicateSuggestion`` rows for
    the clerk to confirm or reject, and returns them."""
    from jiandu.intake.models import DuplicateSuggestion, Report, ReportSubject

    earlier = Report.objects.filter(received_at__lte=report.received_at).exclude(pk=report.pk)
    index = get_index(skip_pk=report.pk)
    near = index.query(signature_of(report.content), THRESHOLD - CANDIDATE_SLACK)
    ids = [pk for pk, _ in near if pk != report.pk][:MAX_CANDIDATES]
    same = _same_subject_reports(report)
    others = same - set(ids)
    if others and len(ids) < MAX_CANDIDATES:
        latest = earlier.filter(pk__in=others).order_by("-received_at", "-pk")
        ids += list(latest.values_list("pk", flat=True)[: MAX_CANDIDATES - len(ids)])
    if not ids:
        return []
    texts = dict(earlier.filter(pk__in=ids).values_list("pk", "content"))
    names: dict[int, set[str]] = {}
    for pk, name in ReportSubject.objects.filter(report_id__in=texts).values_list(
        "report_id", "name"
    ):
        names.setdefault(pk, set()).add(name)
    mine = _subject_names(report)
    scored = []
    for pk, text in texts.items():
        score = duplicate_score(text, report.content, names.get(pk, ()), mine)
        if score >= DUPLICATE_THRESHOLD:
            scored.append((pk, score))
    scored.sort(key=lambda e: (-e[1], e[0]))
    chosen = scored[:MAX_SUGGESTIONS]
    if not chosen:
        return []
    existing = {
        s.candidate_id: s
        for s in DuplicateSuggestion.objects.filter(
            report=report, candidate_id__in=[pk for pk, _ in chosen]
        )
    }
    suggestions = []
    for pk, score in chosen:
        suggestion = existing.get(pk)
        if suggestion is None:
            suggestion = DuplicateSuggestion.objects.create(
                report=report,
                candidate_id=pk,
                similarity=round(score, 4),
                same_subject=pk in same,
            )
        suggestions.append(suggestion)
    return suggestions
