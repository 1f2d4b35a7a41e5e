"""From a deployment speech, minutes or work plan to a task tree.

Pure Python, no ORM: the parser takes the document's text (and, for owners, a list of
the register's units) and returns a tree of ``ParsedTask``. Each task keeps its exact
source text as a span ``[start, end)`` of the document text, so ``text[start:end]`` is
what the speech said.

How the structure is read (the usual ways Chinese official documents number things):
- numbered markers at the start of a paragraph: ``一、``; ``（一）``; ``第一，``; ``1.``;
  ``（1）``; ``一要``/``一是``; ``首先，``;
- enumerations inside a paragraph, at the start of a sentence: ``一要…二要…``,
  ``一是…二是…``, ``第一，…第二，…``, ``首先…其次…最后``, ``一方面…另一方面``,
  ``（1）…（2）…`` — only as a run starting at one and counting up;
- levels are not fixed per marker style: the first style met is the top level, a new
  style opens a level below, a style met again closes the levels under it (the way
  these documents are written, and read);
- unnumbered paragraphs under a heading that has no numbered items are its items
  (each paragraph opens with a short lead sentence), and in a text with no numbering
  at all, consecutive paragraphs opening with the same words are items;
- run-in items inside a paragraph: two or more short lead sentences opening with the
  same words ("突出…。…突出…。…", "紧盯…。…紧盯…。"), each followed by its text.

Not every numbered part deploys work: speeches first review achievements ("一是抓理论
武装…召开XX次") and problems ("一是工作思路还不开阔") before they deploy. A part whose
heading names shortcomings, or whose own text is a list of figures, is kept in the tree
as context but not proposed as a task (``is_task`` False); the reviewer may change that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from jiandu.directives import rules

CN_DIGITS = "一二三四五六七八九十"
_CN = f"[{CN_DIGITS}]{{1,3}}"

# Paragraph-start markers: (style, regex). The regex's group 1 is the ordinal.
_BLOCK_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("cn_dun", re.compile(rf"({_CN})[、]")),
    ("paren_cn", re.compile(rf"[（(]({_CN})[)）][、，,.．]?")),
    # 第一点，/第一条/第一项/第一个方面/第一部分: one style per word
    *(
        (f"di_{word}", re.compile(rf"第({_CN}){word}(?![是的])[，,、：:．.\s\u3000]?"))
        for word in ("点", "条", "项", "个方面", "方面", "部分")
    ),
    ("di", re.compile(rf"第({_CN})[，,、：:．.](?=\S)")),
    ("paren_ar", re.compile(r"[（(](\d{1,2})[)）][、，,.．]?")),
    ("arabic", re.compile(r"(\d{1,2})(?:[、．]|\.(?!\d))(?=\S)")),
    ("cn_yao", re.compile(rf"({_CN})要(?![求素点])")),
    ("cn_shi", re.compile(rf"({_CN})是(?![否非])")),
    ("qi", re.compile(rf"其({_CN})[，,、：:]")),
    ("order", re.compile(r"(首先|其次|再次|最后)[，,：:]")),
    ("aspect", re.compile(r"(一方面|另一方面)[，,：:]")),
]
# Enumerations inside a paragraph: only at the start of a sentence.
_INLINE_STYLES = (
    "di",
    "di_点",
    "di_条",
    "di_项",
    "di_个方面",
    "di_方面",
    "qi",
    "paren_ar",
    "cn_yao",
    "cn_shi",
    "order",
    "aspect",
    "paren_cn",
)
_SENTENCE_START = re.compile(r"(?:(?<=[。；;！!？?：:])|^)\s*")
_SENTENCE_END = "。；;！!？?"
_ORDER_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 4, "一方面": 1, "另一方面": 2}

_NOISE_LINE = re.compile(r"如若转载|请注明出处|https?://|www\.", re.IGNORECASE)
_TAG = re.compile(r"^##\w+##")
_SALUTATION = re.compile(r"^(同志们|各位[^，。]{0,10}|大家好)[：:，,]?\s*$")

# "Figures": achievement lists count things (召开XX次, 立案12件, 降幅达XX％).
_FIGURE = re.compile(
    r"[XＸ×*\d０-９]+\s*(?:余)?(?:次|件|人次|人|个|名|起|场次|场|条|份|期|项|篇|册|万元|元|"
    r"案|％|%)"
)
# A heading that names shortcomings introduces problems, not tasks.
_PROBLEM_WORDS = re.compile(
    r"不足|差距|短板|薄弱|不够|不强|不高|不开阔|不均衡|不平衡|不及时|不充分|不精准|欠账|"
    r"不到位|滞后|缓慢|存在的问题|突出问题仍"
)
# Standard parts of a work plan that set the scene rather than deploy work.
_CONTEXT_TITLE = re.compile(
    r"^(?:总体要求|指导思想|工作目标|目标任务|基本原则|工作原则|适用范围|编制依据)$"
)
_REVIEW_WORDS = re.compile(r"稳步推进|取得.{0,6}成效|回顾|总结.{0,4}工作|主要成绩|进展情况")


def cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23."""
    if text.isdigit():
        return int(text)
    if text in _ORDER_WORDS:
        return _ORDER_WORDS[text]
    values = {c: i + 1 for i, c in enumerate(CN_DIGITS)}
    if "十" not in text:
        return values.get(text, 0)
    tens, _, ones = text.partition("十")
    return (values.get(tens, 1) if tens else 1) * 10 + (values.get(ones, 0) if ones else 0)


def _label(style: str, ordinal: str) -> str:
    if style.startswith("di_"):
        return f"第{ordinal}{style[3:]}"
    return {
        "cn_dun": ordinal,
        "paren_cn": f"（{ordinal}）",
        "di": f"第{ordinal}",
        "paren_ar": f"（{ordinal}）",
        "arabic": f"{ordinal}.",
        "cn_yao": f"{ordinal}要",
        "cn_shi": f"{ordinal}是",
        "qi": f"其{ordinal}",
        "order": ordinal,
        "aspect": ordinal,
    }.get(style, ordinal)


@dataclass
class ParsedTask:
    style: str  # marker style, "para" (unnumbered paragraph) or "runin" (run-in lead)
    label: str  # 三, （四）, 二要, 第一, ¶2, ·1 …
    start: int  # the task's span in the document text, children included
    end: int
    title_start: int
    title_end: int
    line: int
    inline: bool = False
    clause: bool = False
    title: str = ""
    is_task: bool = True
    kind: str = "task"  # "task", "review" (achievements), "problem" (shortcomings)
    children: list[ParsedTask] = field(default_factory=list)
    owners: list[rules.OwnerMention] = field(default_factory=list)
    due: rules.DueSuggestion | None = None
    path: str = ""  # structural key: labels joined by "/" (三/（四）/二要, 一要/¶2)
    citation: str = ""  # how people cite it: 三、（四）二要, 一要，第2段 (see ``_assign_paths``)

    @property
    def own_end(self) -> int:
        """Where the task's own text ends: at its first sub-task."""
        return self.children[0].start if self.children else self.end

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def owner_keys(self) -> list[str]:
        return sorted({key for mention in self.owners for key in mention.key.split("|")})


@dataclass
class ParsedDocument:
    text: str
    title: str
    tasks: list[ParsedTask]

    def walk(self):
        for task in self.tasks:
            yield from task.walk()

    def task_list(self) -> list[ParsedTask]:
        """Every node proposed as a task, in document order."""
        return [t for t in self.walk() if t.is_task]


# --- reading files ----------------------------------------------------------------------


def read_upload(name: str, data: bytes) -> str:
    """The text of an uploaded .txt (UTF-8 or GB18030) or .docx file, one paragraph a
    line. Anything else is refused with a Chinese message (ValueError)."""
    lower = name.lower()
    if lower.endswith(".docx"):
        import io
        import zipfile

        from docx import Document

        from jiandu.core.uploads import WORD_DOCX, UploadRefused, check_office_zip

        try:  # bounded before python-docx expands it (upload bombs)
            check_office_zip(data, limits=WORD_DOCX, what="Word文件")
        except UploadRefused as exc:
            raise ValueError(exc.message) from None
        try:
            document = Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise ValueError("无法读取该Word文件（.docx），请确认文件未损坏。") from exc
        return "\n".join(p.text for p in document.paragraphs)
    if lower.endswith(".txt"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ValueError("无法识别该文本文件的编码，请另存为UTF-8后上传。")
    raise ValueError("只支持上传.txt或.docx格式的文件。")


# --- lines ------------------------------------------------------------------------------


@dataclass
class _Line:
    index: int
    start: int  # content start (after any ##tag## and leading spaces)
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for index, raw in enumerate(text.split("\n")):
        start, end = offset, offset + len(raw)
        offset = end + 1
        content = raw.rstrip("\r")
        lead = len(content) - len(content.lstrip(" \t\u3000"))
        tag = _TAG.match(content[lead:])
        if tag:
            lead += tag.end()
        body = content[lead:].strip()
        if not body or _TAG.fullmatch(body):
            continue
        trailing = len(content) - len(content.rstrip(" \t\u3000"))
        lines.append(_Line(index, start + lead, start + len(content) - trailing, body))
    return lines


def _body_lines(lines: list[_Line]) -> tuple[str, list[_Line]]:
    """The title (lines before the salutation) and the body lines (noise dropped)."""
    title_parts: list[str] = []
    body = lines
    for i, line in enumerate(lines[:6]):
        if _SALUTATION.match(line.text):
            title_parts = [ln.text for ln in lines[:i]]
            body = lines[i + 1 :]
            break
    else:
        if lines and len(lines[0].text) <= 60 and lines[0].text[-1:] not in _SENTENCE_END:
            title_parts, body = [lines[0].text], lines[1:]
    kept = []
    for line in body:
        if _NOISE_LINE.search(line.text):
            break
        kept.append(line)
    title = "".join(title_parts).strip("—- ")
    return title, kept


# --- joining broken lines ---------------------------------------------------------------
#
# Texts copied out of PDF files are hard-wrapped: every line is about as wide as the page
# (~25 characters), so a title ends where its line ended. Texts exported from Word to web
# pages put a quotation mark on a line of its own (围绕\n“\n过去一年怎么看\n”\n，作了…).
# ``dewrap`` joins such lines back into their paragraph before anything else is read.

_LONE_MARKS = "“”‘’「」『』《》〈〉（）()【】\"'"
_CONTINUATION = "，。、；：！？）》」』”’…,.;:!?)"
_END_MARKS = "。！？!?；;：:…”’）)」』】》"


def _display_width(line: str) -> float:
    return sum(0.5 if ord(ch) < 0x80 else 1.0 for ch in line)


def _wrap_width(lines: list[str]) -> float | None:
    """The width a hard-wrapped text was broken at: most lines are that wide (give or
    take a character) and most of those stop mid-sentence. None for a text written one
    paragraph a line."""
    widths = [(_display_width(ln), ln) for ln in lines if _display_width(ln.strip()) >= 10]
    if len(widths) < 6:
        return None
    counts: dict[int, int] = {}
    for w, _ in widths:
        counts[int(w)] = counts.get(int(w), 0) + 1
    top = max(counts, key=lambda w: (counts[w] + counts.get(w - 1, 0), w))
    if top > 80:
        return None
    full = [ln for w, ln in widths if top - 1.5 <= w <= top + 1.5]
    open_ended = sum(1 for ln in full if ln.rstrip()[-1:] not in _END_MARKS)
    if len(full) < max(4, 0.3 * len(widths)) or open_ended < 0.5 * len(full):
        return None
    return float(top)


# Markers that also number items inside a paragraph (一是…二是…, 首先…其次…): after a
# full line they go on with the paragraph.
_RUN_ON_STYLES = ("cn_shi", "cn_yao", "order", "aspect", "qi")


def _opens_paragraph(line: str, after_full_line: bool = False) -> bool:
    """A line that starts a paragraph of its own: numbered, indented, or a salutation."""
    if line[:1] in " \u3000\t" and line.strip():
        return True
    body = line.strip()
    marker = _block_marker(_Line(0, 0, len(body), body))
    if marker and not (after_full_line and marker.style in _RUN_ON_STYLES):
        return True
    return bool(_SALUTATION.match(body) or _CLOSING.match(body))


def dewrap(text: str) -> str:
    """``text`` with hard-wrapped lines joined back into their paragraphs: a line about
    as wide as the text's wrap width continues on the next line (unless that one opens a
    paragraph: numbered or indented); a line holding only a quotation mark or bracket
    joins both its neighbours; a line starting with closing punctuation (，。）”) joins
    the line before. Blank lines always separate paragraphs."""
    lines = text.split("\n")
    width = _wrap_width(lines)
    out: list[str] = []
    last_piece = ""  # the physical line last added to out[-1]
    for raw in lines:
        line = raw.rstrip(" \t\u3000")
        body = line.strip(" \t\u3000")
        prev = out[-1].strip() if out else ""
        join = False
        if body and prev:
            lone = not body.strip(_LONE_MARKS)
            after_lone = not last_piece.strip().strip(_LONE_MARKS)
            if lone or body[0] in _CONTINUATION:
                join = True
            elif after_lone:
                join = not _opens_paragraph(line)
            elif width is not None and _display_width(last_piece) >= width - 1.5:
                join = not _opens_paragraph(line, after_full_line=True)
        if join:
            words = out[-1][-1:].isascii() and out[-1][-1:].isalnum()
            glue = " " if words and body[0].isascii() and body[0].isalnum() else ""
            out[-1] = out[-1] + glue + body
        else:
            out.append(line)
        last_piece = line
    return "\n".join(out)


# --- markers ----------------------------------------------------------------------------


@dataclass
class _Marker:
    style: str
    ordinal: str
    pos: int  # in the document text
    title_start: int
    line: _Line
    inline: bool
    clause: bool = False  # an item of "一是…，二是…，": it ends with its clause


def _block_marker(line: _Line) -> _Marker | None:
    for style, pattern in _BLOCK_MARKERS:
        match = pattern.match(line.text)
        if not match:
            continue
        if style == "arabic" and re.match(r"\d{1,2}[.．、]\d", line.text):
            continue
        return _Marker(style, match.group(1), line.start, line.start + match.end(), line, False)
    return None


def _inline_markers(
    line: _Line, text: str, from_pos: int, lead: _Marker | None = None
) -> list[_Marker]:
    """Enumerations inside one paragraph: each style's run must start at one and count up
    one by one; a run needs two items at least. A paragraph opening with 一是 (``lead``)
    goes on with its 二是, 三是."""
    found: dict[str, list[_Marker]] = {}
    segment = text[from_pos : line.end]
    for style, pattern in _BLOCK_MARKERS:
        if style not in _INLINE_STYLES:
            continue
        for start in _sentence_starts(segment, commas=style in ("cn_yao", "cn_shi")):
            match = pattern.match(segment, start)
            if not match:
                continue
            pos = from_pos + start
            marker = _Marker(style, match.group(1), pos, from_pos + match.end(), line, True)
            marker.clause = start > 0 and segment[start - 1] in "，,"
            found.setdefault(style, []).append(marker)
    markers: list[_Marker] = []
    for style, items in found.items():
        opened = lead is not None and lead.style == style and cn_number(lead.ordinal) == 1
        run: list[_Marker] = [lead] if opened and lead else []
        for item in items:
            number = cn_number(item.ordinal)
            follows = style == "order" and run and number > cn_number(run[-1].ordinal)
            if follows or number == len(run) + 1:
                run.append(item)
            elif number == 1 and len(run) < 2:
                run = [item]
        if len(run) >= 2:
            if any(m.clause for m in run):
                for m in run:
                    m.clause = True
            markers.extend(m for m in run if m is not lead)
    return sorted(markers, key=lambda m: m.pos)


def _sentence_starts(segment: str, commas: bool = False) -> list[int]:
    """Where sentences (and, for 一是…，二是…, clauses) start in ``segment``."""
    marks = "。；;！!？?：:" + ("，," if commas else "")
    starts = [0]
    for i, ch in enumerate(segment):
        if ch in marks and i + 1 < len(segment):
            starts.append(i + 1)
    return starts


# --- titles -----------------------------------------------------------------------------


def _title_end(text: str, start: int, limit: int) -> int:
    """End of a task's lead: its first sentence; a long first sentence is cut at its
    first comma (一要聚焦…强化监督，督促… → 聚焦…强化监督)."""
    end = start
    while end < limit and text[end] not in _SENTENCE_END and text[end] != "\n":
        end += 1
    if end - start > 40:
        for i in range(start, end):
            if text[i] in "，,：:" and i - start >= 4:
                return i
    return end


# Markdown and emphasis left by web or chat copies: **粗体**, __下划线__, `代码`, # 标题.
_MARKUP = re.compile(r"\*{2,}|_{2,}|~~|`+|\u200b|\ufeff|^#{1,6}\s*|^\*\s+")


def strip_markup(text: str) -> str:
    """``text`` without markdown/emphasis artefacts (a stray ``**`` in a title)."""
    return _MARKUP.sub("", text)


def _clean_title(raw: str) -> str:
    """A task's lead without the marker's punctuation, markup artefacts and a leading
    要 (第一，要… → …)."""
    title = strip_markup(raw).strip(" \u3000，,。；;：:").strip()
    if title.startswith("要") and len(title) > 4 and title[1] not in "求素点":
        title = title[1:]
    return title


# --- building the tree -----------------------------------------------------------------


def _build(text: str, lines: list[_Line]) -> list[ParsedTask]:
    roots: list[ParsedTask] = []
    stack: list[ParsedTask] = []
    markers: list[_Marker] = []
    for line in lines:
        block = _block_marker(line)
        if block:
            markers.append(block)
        inline_from = block.title_start if block else line.start
        markers.extend(
            m
            for m in _inline_markers(line, text, inline_from, block)
            if not block or m.pos > block.pos
        )

    for marker in markers:
        # an inline enumeration lives inside its paragraph: close those of earlier lines
        while stack and stack[-1].inline and stack[-1].line != marker.line.index:
            stack.pop()
        same = [i for i, node in enumerate(stack) if node.style == marker.style]
        if same:
            del stack[same[-1] :]
        title_end = _title_end(text, marker.title_start, marker.line.end)
        node = ParsedTask(
            style=marker.style,
            label=_label(marker.style, marker.ordinal),
            start=marker.pos,
            end=marker.line.end,
            title_start=marker.title_start,
            title_end=title_end,
            line=marker.line.index,
            inline=marker.inline,
            clause=marker.clause,
            title=_clean_title(text[marker.title_start : title_end]),
        )
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def _close_spans(text: str, nodes: list[ParsedTask], end: int, lines: list[_Line]) -> None:
    """A task runs to its next sibling or its parent's end; an inline item to the end of
    its paragraph at most. Its lead cannot run into the next item."""
    for i, node in enumerate(nodes):
        limit = nodes[i + 1].start if i + 1 < len(nodes) else end
        if node.inline:
            line_end = next(ln.end for ln in lines if ln.index == node.line)
            limit = min(limit, line_end)
        node.end = max(_trim(limit, lines), node.title_start)
        if node.title_end > node.end:
            node.title_end = node.end
            node.title = _clean_title(text[node.title_start : node.title_end])
        _close_spans(text, node.children, node.end, lines)


def _close_clauses(text: str, nodes: list[ParsedTask]) -> None:
    """Items of "一是…，二是…，三是…。" end with their clause; the last one with its
    sentence. Their lead is their clause."""
    for i, node in enumerate(nodes):
        if node.clause:
            last = i + 1 == len(nodes) or not nodes[i + 1].clause
            if last:
                stop = next(
                    (j + 1 for j in range(node.title_start, node.end) if text[j] in "。！？!?"),
                    node.end,
                )
                node.end = min(node.end, stop)
            while node.end > node.title_start and text[node.end - 1] in "，,；; \u3000":
                node.end -= 1
            node.title_end = min(node.title_end, node.end)
            node.title = _clean_title(text[node.title_start : node.title_end])
        _close_clauses(text, node.children)


def _trim(pos: int, lines: list[_Line]) -> int:
    """An end that falls between paragraphs moves back to the end of the paragraph
    before it (over the line break and blank lines)."""
    best = 0
    for line in lines:
        if line.end <= pos:
            best = line.end
        elif line.start < pos:
            return pos  # inside a paragraph
        else:
            break
    return best


def _paragraph_items(text: str, node_lines: list[_Line]) -> list[ParsedTask]:
    items = []
    for k, line in enumerate(node_lines, start=1):
        title_end = _title_end(text, line.start, line.end)
        items.append(
            ParsedTask(
                style="para",
                label=f"¶{k}",
                start=line.start,
                end=line.end,
                title_start=line.start,
                title_end=title_end,
                line=line.index,
                title=_clean_title(text[line.start : title_end]),
            )
        )
    return items


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _cjk_count(s: str) -> int:
    return sum(1 for ch in s if "\u4e00" <= ch <= "\u9fff")


def _add_paragraph_items(text: str, nodes: list[ParsedTask], lines: list[_Line]) -> None:
    """Unnumbered paragraphs under a heading with no numbered items become its items."""
    for node in nodes:
        if node.children:
            _add_paragraph_items(text, node.children, lines)
            continue
        if node.inline:
            continue
        inner = [ln for ln in lines if node.start < ln.start < node.end and ln.index != node.line]

        def item(ln: _Line) -> bool:
            return _lead_sentence(text, ln) or bool(_ASSIGNMENT.match(ln.text))

        if len(inner) >= 3 and not item(inner[0]):
            inner = inner[1:]  # an introduction, then the items
        if len(inner) >= 2 and all(item(ln) for ln in inner):
            node.children = _paragraph_items(text, inner)


# A paragraph that opens by telling someone to act: "各派驻纪检监察组要…", "案管室负责…".
_ASSIGNMENT = re.compile(r"^[^，,。；;：:！!？?]{2,16}?(?:要|负责|牵头)")


def _lead_sentence(text: str, line: _Line) -> bool:
    """A paragraph opening with a short lead sentence (a sub-heading) and going on."""
    end = line.start
    while end < line.end and text[end] not in _SENTENCE_END:
        end += 1
    return 4 <= end - line.start <= 32 and line.end - end > 10


def _root_paragraph_items(text: str, lines: list[_Line]) -> list[ParsedTask]:
    """A text with no numbering at all: consecutive paragraphs opening with the same
    words (聚焦办好两件大事强化…；聚焦办好两件大事净化…) are its items."""
    best: list[_Line] = []
    run: list[_Line] = []
    for line in lines:
        if run and _cjk_count(line.text[: _common_prefix(run[0].text, line.text)]) >= 4:
            run.append(line)
        else:
            run = [line]
        if len(run) > len(best):
            best = list(run)
    if len(best) < 2:
        return []
    return _paragraph_items(text, best)


_RUNIN_MAX = 32
_RUNIN_BODY_MIN = 30


def _add_runin_items(text: str, nodes: list[ParsedTask]) -> None:
    """Short lead sentences opening with the same words inside a task's own text, each
    followed by its explanation, are its items (突出…。…突出…。…突出…。…)."""
    for node in nodes:
        if node.children:
            _add_runin_items(text, node.children)
            continue
        sentences = _sentences(text, node.title_end, node.end)
        leads = [
            (s, e)
            for s, e in sentences
            if e - s <= _RUNIN_MAX and sum(text[s:e].count(c) for c in "，,") <= 1
        ]
        best: list[tuple[int, int]] = []
        for s, e in leads:
            group = [
                (s2, e2)
                for s2, e2 in leads
                if _cjk_count(text[s : s + _common_prefix(text[s:e], text[s2:e2])]) >= 2
            ]
            if len(group) > len(best):
                best = group
        if len(best) < 2:
            continue
        ends = [b[0] for b in best[1:]] + [node.end]
        if any(
            end - lead_end < _RUNIN_BODY_MIN for (_, lead_end), end in zip(best, ends, strict=True)
        ):
            continue
        node.children = [
            ParsedTask(
                style="runin",
                label=f"·{k}",
                start=s,
                end=end,
                title_start=s,
                title_end=e,
                line=node.line,
                inline=True,
                title=_clean_title(text[s:e]),
            )
            for k, ((s, e), end) in enumerate(zip(best, ends, strict=True), start=1)
        ]


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` (without their final mark)."""
    out = []
    s = start
    while s < end and text[s] in _SENTENCE_END + " \n\u3000":
        s += 1
    i = s
    while i < end:
        if text[i] in _SENTENCE_END or text[i] == "\n":
            if i > s:
                out.append((s, i))
            s = i + 1
            while s < end and text[s] in " \n\u3000":
                s += 1
            i = s
            continue
        i += 1
    if s < end:
        out.append((s, end))
    return out


# --- what is a task ---------------------------------------------------------------------


def _classify(text: str, node: ParsedTask, inherited: str = "task") -> None:
    """Mark achievements and shortcomings as context, not tasks (see the module doc)."""
    title = text[node.title_start : node.title_end]
    own = text[node.title_start : node.own_end]
    if inherited == "problem" or (inherited == "review" and node.style != "cn_yao"):
        node.kind = inherited
    elif _CONTEXT_TITLE.match(_clean_title(title)) and not node.children:
        node.kind = "context"
    elif _PROBLEM_WORDS.search(title) and node.style not in ("cn_yao",):
        node.kind = "problem"
    elif (
        node.style != "cn_yao"
        and (len(_FIGURE.findall(own)) >= 3 or _REVIEW_WORDS.search(title))
        and not rules.find_owners(title)  # "三是巡察办要每周汇总进展情况" deploys
    ):
        node.kind = "review"
    for child in node.children:
        _classify(text, child, node.kind if node.kind != "task" else "task")
    if node.kind == "review" and any(c.kind == "task" for c in node.children):
        node.kind = "task"  # figures first, then "一要…": the deployment wins
    if node.children and all(c.kind != "task" for c in node.children):
        node.kind = node.children[0].kind if node.kind == "task" else node.kind
    node.is_task = node.kind == "task"


def _assign_paths(
    text: str, nodes: list[ParsedTask], lines: list[_Line], parent: ParsedTask | None = None
) -> None:
    """Each node's ``path`` (the structural key) and ``citation`` (the numbering of the
    text itself, joined the way people cite it: 二、（一）1., 三、（四）二要, 第一，一是).
    An unnumbered paragraph is cited by its place under its heading (一要，第2段), a
    run-in lead by its order in the paragraph (第一，第2项); two enumerations with the
    same numbers under one heading are told apart by their paragraph (二、第3段一是)."""
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node.label] = counts.get(node.label, 0) + 1
    seen: dict[str, int] = {}
    prefix = parent.path if parent else ""
    cite_prefix = parent.citation if parent else ""
    for node in nodes:
        seen[node.label] = seen.get(node.label, 0) + 1
        label = node.label if seen[node.label] == 1 else f"{node.label}#{seen[node.label]}"
        node.path = f"{prefix}/{label}" if prefix else label
        token = _cite_token(node)
        if node.style == "para":
            token = f"第{_paragraph_number(text, node, parent, lines)}段"
        elif counts[node.label] > 1:
            token = f"第{_paragraph_number(text, node, parent, lines)}段{token}"
        node.citation = join_citation(cite_prefix, token)
        _assign_paths(text, node.children, lines, node)


def _cite_token(node: ParsedTask) -> str:
    if node.style == "cn_dun":
        return f"{node.label}、"
    if node.style == "runin":
        return f"第{node.label.lstrip('·')}项"
    return node.label


def join_citation(prefix: str, token: str) -> str:
    """二、 + （一） → 二、（一）; 第一 + 一是 → 第一，一是."""
    if not prefix:
        return token
    if prefix[-1] in "、）).．" or token[:1] in "（(":
        return prefix + token
    return f"{prefix}，{token}"


def _paragraph_number(
    text: str, node: ParsedTask, parent: ParsedTask | None, lines: list[_Line]
) -> int:
    """The paragraph ``node`` stands in, counted under its parent's heading (the whole
    body for a top-level node); a heading line of its own is not counted."""
    inside = [ln for ln in lines if parent is None or parent.start <= ln.start < parent.end]
    if parent is not None and inside and inside[0].start == parent.start:
        rest = text[parent.title_end : inside[0].end].strip(" \u3000。；;：:！!？?")
        if not rest:
            inside = inside[1:]
    return max(1, sum(1 for ln in inside if ln.start <= node.start))


# --- entry point ------------------------------------------------------------------------


def parse(
    text: str,
    *,
    document_date: date | None = None,
    register: list[rules.RegisterUnit] | None = None,
    calendar=None,
) -> ParsedDocument:
    """The task tree of a document (see the module doc). ``register`` (the organisation
    register's units) lets owners name specific units; ``document_date`` anchors the
    deadline phrases."""
    # "##paidbegin##"-style markers left by web copies are not part of the document
    text = re.sub(r"##[A-Za-z_]+##", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = dewrap(text)
    lines = _lines(text)
    title, body = _body_lines(lines)
    roots = _build(text, body)
    end = body[-1].end if body else len(text)
    if not roots:
        roots = _root_paragraph_items(text, body)
        _close_spans(text, roots, roots[-1].end if roots else end, body)
    else:
        # text after the last top-level part's paragraphs that closes the speech
        _close_spans(text, roots, end, body)
        _close_clauses(text, roots)
        _drop_closing(text, roots, body)
        _add_paragraph_items(text, roots, body)
    _add_runin_items(text, roots)
    for node in roots:
        _classify(text, node)
    _assign_paths(text, roots, body)
    for node in (n for root in roots for n in root.walk()):
        own = text[node.start : node.own_end]
        node.owners = rules.find_owners(own, offset=node.start, register=register or [])
        if document_date:
            node.due = rules.suggest_due(own, document_date, calendar=calendar)
    return ParsedDocument(text=text, title=title, tasks=roots)


_CLOSING = re.compile(r"^(同志们|最后|总之|我就讲这么多|发言完毕|谢谢)")


def _drop_closing(text: str, roots: list[ParsedTask], lines: list[_Line]) -> None:
    """The last part ends before the closing words (同志们，…；我就讲这么多，谢谢)."""
    node_lines = {n.line for root in roots for n in root.walk()}
    for line in lines:
        if (
            line.start > roots[-1].start
            and line.index not in node_lines
            and _CLOSING.match(line.text)
        ):
            cut = _trim(line.start, lines)
            for node in _last_chain(roots):
                node.end = min(node.end, cut)
            return


def _last_chain(nodes: list[ParsedTask]):
    while nodes:
        node = nodes[-1]
        yield node
        nodes = node.children
