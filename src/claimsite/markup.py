"""How much work an article's Markdown would give Python-Markdown, measured before it runs.

Python-Markdown (3.x) is quadratic, or recursive, on some texts (SECURITY.md has each case
with a minimal input): a `[` or `](` left open is read to the end of its paragraph once per
opener; an HTML tag, comment or CDATA section left open is read to the end of the text once
per `<`, and every raw HTML tag copies the text after it; every inline match rebuilds its
paragraph's string; each level of a nested quote or list copies its block again and is
serialised by a recursive call; and each element costs tens of microseconds. `check` measures
each with one pass that stops at its limit (limits.py) and refuses the text, naming the line,
so the build never sees it. Every estimate counts at least the work Markdown does: what it
cannot tell (a backslash, a backtick or a quotation mark inside an open link may hide its
end) it counts as read to the end.
"""

from __future__ import annotations

import re

from .limits import (MAX_HTML_WORK, MAX_INLINE_WORK, MAX_MARKDOWN_ELEMENTS, MAX_NESTING,
                     MAX_OPEN_SCAN)

_BLANK = re.compile(r"\n[ \t]*(?:\n|$)")  # a paragraph ends at a blank line
# A line that may start a block (quote, list item, heading, rule, numbered item, HTML), or
# one indented past the nesting limit (indentation nests list items too).
_BLOCK_LINE = re.compile(r"^(?:[ \t]*[>\-*+#=_<0-9]|(?:[ ]{4}|\t){%d})" % (MAX_NESTING + 1), re.M)
_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
_MARKS = "*_`[<&\\!"  # characters that start an inline element (each a match at most)
# What ends a construct the HTML parser opened, and what starts one (group 1: which).
_HTML_START = re.compile(r"<(!--|!\[CDATA\[|\?|!|/?[A-Za-z])")
_HTML_END = {"!--": "-->", "![CDATA[": "]]>", "?": "?>", "!": ">"}
_TAG = re.compile(r"""<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""")  # quoted values may hold >
_INDENT = re.compile(r"[ \t]*")
_LINK_EVENT = re.compile(r"""\]\(|[\[\]()"'\\`]""")


def problems(text: str) -> list[tuple[int, str]]:
    """[(line in `text`, message)] for the first limit the text is past; [] when within
    them all. Elements first: within that limit the other passes loop a bounded number of
    times."""
    for check in (_elements, _nesting, _inline_work, _open_scans, _html):
        problem = check(text)
        if problem:
            return [problem]
    return []


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _paragraphs(text: str):
    """(start, end) of each paragraph: text between blank lines, a superset of what
    Python-Markdown processes inline as one string."""
    start = 0
    for blank in _BLANK.finditer(text):
        yield start, blank.start()
        start = blank.end()
    yield start, len(text)


def _depth(text: str, position: int) -> int:
    """How deep the line at `position` nests (up to MAX_NESTING + 1): each marker (`>`, `-`,
    `1.`) is a level, and so are each four columns it is indented by."""
    indent = _INDENT.match(text, position, position + 4 * MAX_NESTING + 8)[0]
    depth = (len(indent) + 3 * indent.count("\t")) // 4
    while depth <= MAX_NESTING:
        marker = _CONTAINER.match(text, position)
        if marker is None:
            break
        depth += 1
        position = marker.end()
    return depth


def _nesting(text: str) -> tuple[int, str] | None:
    """Quotes and lists nested deeper than MAX_NESTING on any line."""
    for line in _BLOCK_LINE.finditer(text):
        if _depth(text, line.start()) > MAX_NESTING:
            return _line(text, line.start()), (
                f"quotes, lists or indentation nested more than {MAX_NESTING} deep; "
                "flatten the nesting")
    return None


def _elements(text: str) -> tuple[int, str] | None:
    """More than MAX_MARKDOWN_ELEMENTS paragraphs, block lines and inline marks."""
    count = sum(text.count(mark) for mark in _MARKS) + text.count("  \n")
    if count > MAX_MARKDOWN_ELEMENTS:
        return 1, (f"the text holds {count:,} Markdown marks ({_MARKS}, line breaks); at "
                   f"most {MAX_MARKDOWN_ELEMENTS:,}: most are likely not meant as markup")
    for block in _BLOCK_LINE.finditer(text):
        count += 1
        if count > MAX_MARKDOWN_ELEMENTS:
            return _line(text, block.start()), _too_many_elements()
    for start, _ in _paragraphs(text):
        count += 1
        if count > MAX_MARKDOWN_ELEMENTS:
            return _line(text, start), _too_many_elements()
    return None


def _too_many_elements() -> str:
    return (f"the text has more than {MAX_MARKDOWN_ELEMENTS:,} paragraphs, list items, "
            "headings and Markdown marks together; split the article")


def _inline_work(text: str) -> tuple[int, str] | None:
    """Each inline match copies its paragraph, and so does each line of a list item at each
    level it nests (the item is joined line by line): (marks + lines x depth) x paragraph
    length, summed. Lines x depth count as elements too: each level handles each line in
    Python."""
    work = 0
    elements = 0
    for start, end in _paragraphs(text):
        marks = sum(text.count(mark, start, end) for mark in _MARKS)
        depth = max((_depth(text, line.start()) for line in _BLOCK_LINE.finditer(text, start, end)),
                    default=0)
        nested = depth * (text.count("\n", start, end) + 1)
        elements += nested
        if elements > MAX_MARKDOWN_ELEMENTS:
            return _line(text, start), (
                f"a quote or list of {text.count(chr(10), start, end) + 1:,} lines nested {depth} "
                "deep: too long for Markdown to unpack; put blank lines between its paragraphs")
        work += (marks + nested) * (end - start)
        if work > MAX_INLINE_WORK:
            return _line(text, start), (
                f"a paragraph of {end - start:,} characters with {marks:,} Markdown marks"
                + (f" in a quote or list {depth} deep" if depth else "")
                + ": too much markup for one paragraph; put blank lines between paragraphs")
    return None


def _open_scans(text: str) -> tuple[int, str] | None:
    """Characters Python-Markdown reads looking for the `]` of each `[` and the `)` of each
    `](` (to the end of the paragraph when there is none, or when a backslash, backtick or
    quotation mark on the way may hide it); at most MAX_OPEN_SCAN."""
    read = 0
    for start, end in _paragraphs(text):
        read += _paragraph_scan(text, start, end, MAX_OPEN_SCAN - read)
        if read > MAX_OPEN_SCAN:
            return _line(text, start), _too_much_open()
    return None


def _too_much_open() -> str:
    return ("too many unclosed `[`, `](` or `<` (or ones that close far away): Markdown would "
            f"read over {MAX_OPEN_SCAN:,} characters to find where they end; escape a literal "
            "bracket as \\[ or close it")


def _paragraph_scan(text: str, start: int, end: int, budget: int) -> int:
    """What `_open_scans` counts in one paragraph, stopping once past `budget`."""
    read = 0
    brackets = 0  # `[` open
    parens: list[bool] = []  # `(` open, True for those a `](` opened (they are scanning)
    scanning = 0  # of those, how many
    position = text.find("[", start, end)
    while 0 <= position < end:
        if not (brackets or scanning):  # nothing open: on to the next `[`
            position = text.find("[", position, end)
            if position < 0:
                break
        event = _LINK_EVENT.search(text, position, end)
        if event is None:
            break
        read += (brackets + scanning) * (event.end() - position)
        if read > budget:
            return read
        char = event[0]
        if char == "[":
            brackets += 1
        elif char == "]" and brackets:
            brackets -= 1
        elif char == "](" and brackets:  # a link's text closed: its address is looked for
            brackets -= 1
            parens.append(True)
            scanning += 1
        elif char == "](" and scanning:
            parens.append(False)
        elif char == "(" and scanning:
            parens.append(False)
        elif char == ")" and parens:
            scanning -= parens.pop()
        elif char in "\"'\\`":
            # Their ends may be hidden (an escape, code, a link's title): read to the end.
            read += (brackets + scanning) * (end - event.start())
            if read > budget:
                return read
            brackets, parens, scanning = 0, [], 0
        position = event.end()
    return read + (brackets + scanning) * (end - position) if position >= 0 else read


def _html(text: str) -> tuple[int, str] | None:
    """HTML constructs: each copies the text after it (MAX_HTML_WORK in all), and each left
    open is read to the end of the text (counted in MAX_OPEN_SCAN)."""
    copied = read = 0
    ends: dict[str, int] = {}  # where each end marker next occurs, searched once per stretch
    for construct in _HTML_START.finditer(text):
        position = construct.start()
        copied += len(text) - position
        if copied > MAX_HTML_WORK:
            return _line(text, position), (
                f"too much raw HTML for a text this long (Markdown copies the text after each "
                f"tag: over {MAX_HTML_WORK:,} characters); write it as Markdown or split the article")
        kind = construct[1]
        if kind in _HTML_END:
            marker = _HTML_END[kind]
            if ends.get(marker, -2) < position:
                ends[marker] = text.find(marker, construct.end())
            closed = ends[marker] >= 0
        else:
            closed = _TAG.match(text, position) is not None
        if not closed:
            read += len(text) - position
            if read > MAX_OPEN_SCAN:
                return _line(text, position), _too_much_open()
    return None
