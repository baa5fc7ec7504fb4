"""Direct quotations in an article's text: where each one is, word for word as printed.

English, Ukrainian and Russian mark quotations with «», „“, “”, ‘’, straight "..." or a dash
that opens a paragraph of speech ("— Так, — сказала вона."), and reports are not always
careful with them: "an act of desperation “." closes with an opening mark, a quotation
may have only its closing mark. A mark's role is told by its kind (« opens, » closes), by
what stands beside it (a letter after it: it opens; a letter before it and a space after:
it closes), and, for straight quotes, by pairing them in order within a paragraph.

One pass over the text: the marks are found by one regular expression without repetition
inside repetition, and each paragraph is read once, so the work is linear in the text.
A quotation is never longer than its paragraph (a quotation that runs on to the next
paragraph is one quotation per paragraph, as each passes the verbatim check on its own).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .reporting import reporting_tail, starts_with_reporting

# Straight and typographic double quotes, guillemets and the single typographic ones.
# ASCII ' is left out: it is far more often an apostrophe than a quotation mark.
_MARK = re.compile("[\"«»„“”‘’]")
_SPACED_DASH = re.compile(" [—–] ")
_CLOSING_PUNCT = set(".,;:!?)]»”…")
_OPENING_CONTEXT = set("([{—–-/:") | set("\"«»„“”‘’")
MAX_PARAGRAPH_CHARS = 20_000
# A quotation of one word ("rogue", «так») is a term being marked, not a statement.
MIN_WORDS = 2


@dataclass
class Paragraph:
    start: int  # offset in the body of its first character
    end: int  # offset just past its last character
    line: int  # body line (1-based) of its first character
    kind: str  # "text", "block" (> quotation), "heading", "code"


@dataclass
class Quotation:
    text: str  # the words as printed, ready to be a `quote`
    start: int  # offset of the words in the body
    end: int
    line: int  # body line (1-based) where the words start
    paragraph: int  # index in the list of paragraphs
    kind: str  # "marked", "closing-only", "unclosed", "block", "dash", "unmarked"
    open_at: int = -1  # offset of the opening mark (-1: none)
    close_at: int = -1  # offset of the closing mark (-1: none)
    continued: bool = False  # runs on into the next paragraph (which opens with a mark)


def paragraphs(body: str) -> list[Paragraph]:
    """The body's paragraphs: runs of lines between blank lines; fenced code is kept apart."""
    found: list[Paragraph] = []
    offset, line, start, start_line, fenced = 0, 1, -1, 0, False
    code_start = code_line = 0
    lines = body.split("\n")  # not splitlines(): line numbers count "\n" only, as check's do
    for number, text in enumerate(lines):
        text += "\n" if number + 1 < len(lines) else ""
        stripped = text.strip()
        if stripped.startswith(("```", "~~~")):
            if fenced:  # code is never speech: kept apart, not read for quotations
                found.append(Paragraph(code_start, offset + len(text), code_line, "code"))
            else:
                if start >= 0:
                    found.extend(_pieces(body, start, offset, start_line))
                code_start, code_line = offset, line
            start, fenced = -1, not fenced
        elif not fenced:
            if not stripped:
                if start >= 0:
                    found.extend(_pieces(body, start, offset, start_line))
                start = -1
            elif start < 0:
                start, start_line = offset, line
        offset += len(text)
        line += 1
    if start >= 0 and not fenced:
        found.extend(_pieces(body, start, offset, start_line))
    return found


def _pieces(body: str, start: int, end: int, line: int) -> list[Paragraph]:
    """A paragraph, in pieces of at most MAX_PARAGRAPH_CHARS cut after a sentence or a
    word where it is longer (no real one is): the work and memory of reading one paragraph
    stay bounded whatever a file holds."""
    pieces = []
    while end - start > MAX_PARAGRAPH_CHARS:
        cut = body.rfind(". ", start + 1, start + MAX_PARAGRAPH_CHARS) + 1
        if cut <= start:
            cut = body.rfind(" ", start + 1, start + MAX_PARAGRAPH_CHARS)
        if cut <= start:
            cut = start + MAX_PARAGRAPH_CHARS
        pieces.append(_paragraph(body, start, cut, line))
        line += body.count("\n", start, cut)
        start = cut
    return pieces + [_paragraph(body, start, end, line)]


def _paragraph(body: str, start: int, end: int, line: int) -> Paragraph:
    while end > start and body[end - 1].isspace():
        end -= 1
    first = body[start:min(end, start + 8)].lstrip()
    kind = "heading" if first.startswith("#") else "block" if first.startswith(">") else "text"
    if kind == "block" and any(not part.lstrip().startswith(">")
                               for part in body[start:end].split("\n")):
        kind = "text"  # a > line inside ordinary text
    return Paragraph(start, end, line, kind)


class Lines:
    """Line numbers of offsets in a text, looked up by bisection."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


def find_quotations(body: str, found_paragraphs: list[Paragraph] | None = None) -> list[Quotation]:
    """Every quotation of at least MIN_WORDS words in the body, in the order printed."""
    paras = paragraphs(body) if found_paragraphs is None else found_paragraphs
    lines = Lines(body)
    quotations: list[Quotation] = []
    for index, para in enumerate(paras):
        if para.kind in ("heading", "code"):
            continue
        text = body[para.start:para.end]
        spans = _block_lines(text) if para.kind == "block" and not _MARK.search(text) else \
            _dash_speech(text) or _marked(text) or _unmarked(text)
        for start, end, kind, open_at, close_at in spans:
            start, end = _trimmed(text, start, end, kind)
            words = text[start:end]
            if len(words.split()) < MIN_WORDS or not any(c.isalpha() for c in words):
                continue
            quotations.append(Quotation(
                words, para.start + start, para.start + end, lines.of(para.start + start), index,
                kind, para.start + open_at if open_at >= 0 else -1,
                para.start + close_at if close_at >= 0 else -1))
    for quotation in quotations:
        if quotation.kind == "unclosed" and quotation.paragraph + 1 < len(paras):
            after = paras[quotation.paragraph + 1]
            quotation.continued = body[after.start:after.start + 1] in "\"«„“"
    return quotations


def _trimmed(text: str, start: int, end: int, kind: str) -> tuple[int, int]:
    """The span without the spaces around it and the comma or colon that leads on to the
    reporting words (`in line with it,” she said`): those are the sentence's, not the quote's.
    So is the full stop after words that do not start a sentence (`a “powerful country.”`)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–"):
        end -= 1
    if end > start and text[end - 1] == "." and text[start].islower() and kind == "marked" \
            and text[end - 3:end] != "...":
        end -= 1
    return start, end


def _block_lines(text: str) -> list[tuple]:
    """A > block quotation without marks: each line's words (lines are quoted one by one,
    since the > between them is not in the words)."""
    spans, offset = [], 0
    for part in text.split("\n"):
        at = part.find(">")
        spans.append((offset + at + 1, offset + len(part), "block", -1, -1))
        offset += len(part) + 1
    return spans


def _dash_speech(text: str) -> list[tuple]:
    """A paragraph of speech opened by a dash: "— Слова, — сказала вона. — Ще слова."
    The author's words between spaced dashes are told by a reporting verb near their start."""
    lead = len(text) - len(text.lstrip())
    if text[lead:lead + 2] not in ("— ", "– "):
        return []
    spans, start, speech = [], lead + 2, True
    for dash in _SPACED_DASH.finditer(text, lead + 2):
        if speech:
            if starts_with_reporting(text[dash.end():dash.end() + 80]):
                spans.append((start, dash.start(), "dash", -1, -1))
                speech = False
        else:
            start, speech = dash.end(), True
    if speech:
        spans.append((start, len(text), "dash", -1, -1))
    return spans


def _unmarked(text: str) -> list[tuple]:
    """A one-sentence paragraph of speech without marks: "This must stop, the official
    said." or "Це має припинитися, - сказав він." (words, a comma, the reporting words)."""
    if _MARK.search(text) or not text.rstrip().endswith("."):
        return []
    comma = text.rfind(",")
    body = text[:comma]
    if comma < 0 or any(mark in body for mark in ".!?") or not reporting_tail(text[comma + 1:]):
        return []
    return [(0, comma, "unmarked", -1, -1)]


def _marked(text: str) -> list[tuple]:
    """Spans between quotation marks, outermost only (a quotation inside another is part
    of it); a closing mark with no opening one quotes from the paragraph's start, and an
    opening mark never closed quotes to the paragraph's end (the attribution then decides
    whether it is a quotation at all)."""
    marks = [m.start() for m in _MARK.finditer(text)]
    straight = sum(1 for i in marks if text[i] == '"')
    pair_straight = straight % 2 == 0
    straight_seen = 0
    openings = _Openings(text)
    spans: list[tuple] = []
    for i in marks:
        mark = text[i]
        if mark == '"':
            straight_seen += 1
            role = ("open" if straight_seen % 2 else "close") if pair_straight else \
                _role(text, i, bool(openings.closed_by(mark)))
        else:
            role = _typographic_role(text, i, openings)
        if role == "open":
            openings.push(i)
        elif role == "close":
            at = openings.closed_by(mark)
            if at:
                opened = openings.stack[at - 1]
                openings.pop_to(at - 1)
                if not openings.stack:
                    spans.append((opened + 1, i, "marked", opened, i))
            elif not openings.stack and not spans:
                lead = _content_start(text)
                if lead < i:
                    spans.append((lead, i, "closing-only", -1, i))
    if openings.stack:
        first = openings.stack[0]
        spans.append((first + 1, len(text), "unclosed", first, -1))
    return spans


def _content_start(text: str) -> int:
    """Where a paragraph's words start: after a list bullet or a > mark."""
    match = re.match(r"\s*(?:[-*+>]\s+|\d{1,9}[.)]\s+)?", text)
    return match.end() if match else 0


class _Openings:
    """The opening marks not closed yet, and where the last one of each family is: a
    closing mark finds its opening at once, however many are left open before it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[int] = []  # offsets of the opening marks
        self.last: dict[str, list[int]] = {"«": [], "‘": [], "double": []}  # stack indices

    def push(self, offset: int) -> None:
        mark = self.text[offset]
        self.last[mark if mark in "«‘" else "double"].append(len(self.stack))
        self.stack.append(offset)

    def top(self) -> str:
        return self.text[self.stack[-1]] if self.stack else ""

    def closed_by(self, mark: str) -> int:
        """1 + the stack index of the opening `mark` closes (0: none). A » closes its «
        past anything left open inside it; a double mark never closes past an open «; a ’
        closes only the innermost ‘."""
        guillemet = self.last["«"][-1] if self.last["«"] else -1
        if mark == "»":
            return guillemet + 1
        if mark == "’":
            single = self.last["‘"][-1] if self.last["‘"] else -1
            return single + 1 if single == len(self.stack) - 1 else 0
        double = self.last["double"][-1] if self.last["double"] else -1
        return double + 1 if double > guillemet else 0

    def pop_to(self, index: int) -> None:
        del self.stack[index:]
        for indices in self.last.values():
            while indices and indices[-1] >= index:
                indices.pop()


def _typographic_role(text: str, i: int, openings: _Openings) -> str:
    mark = text[i]
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if mark in "«„":
        return "open"
    if mark == "»":
        return "close"
    if mark in "‘’":
        if before.isalnum() and after.isalnum():
            return ""  # an apostrophe: don’t, Жан-П’єр
        if mark == "‘":
            return "open" if _opens(before, after) else ""
        return "close" if openings.closed_by(mark) and _closes(before, after) else ""
    if mark == "“" and openings.top() == "„":
        return "close"  # „…“ as Ukrainian and German print it
    can_close = bool(openings.closed_by(mark))
    if mark == "”":
        return "open" if not can_close and _opens(before, after) and not _closes(before, after) \
            else "close"
    return _role(text, i, can_close)


def _role(text: str, i: int, can_close: bool) -> str:
    """Open or close, for a mark that could be either (" and “), from its neighbours."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens, closes = _opens(before, after), _closes(before, after)
    if opens != closes:
        return "open" if opens else "close"
    return "close" if can_close else "open"


def _opens(before: str, after: str) -> bool:
    return not after.isspace() and after not in _CLOSING_PUNCT and \
        (before.isspace() or before in _OPENING_CONTEXT)


def _closes(before: str, after: str) -> bool:
    return (not before.isspace() and before not in "([{") or after in _CLOSING_PUNCT
