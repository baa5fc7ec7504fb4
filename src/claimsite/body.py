"""An article's text as a page shows it: Markdown, sanitised, with each quote marked.

Markdown becomes HTML (Python-Markdown), which nh3 sanitises (content is untrusted: no
script, no event handlers, only http(s) and mailto links, no images). Each quote is then
matched against the text a reader sees (tags ignored, entities decoded, typographic quotes,
dashes and spacing normalised as the checker does) and wrapped in `<mark>` elements: one
per text run it covers, so a quote crossing `<em>` stays valid HTML. Marking splits the
sanitised HTML at tags with a regular expression, which is sound only because nh3 (0.3.7
and later) escapes `<` and `>` inside attribute values.
"""

from __future__ import annotations

import bisect
import html
import re
from array import array
from dataclasses import dataclass

import markdown
import nh3
from markupsafe import Markup

from .model import Article, Claim
from .quotes import TYPOGRAPHY
from .render import path_of, quote_anchor, relative

_ALLOWED_SCHEMES = {"http", "https", "mailto"}
# nh3's safe defaults, less images: an article text would otherwise load third-party files
# into every reader's browser (tracking), and images copied from a report carry no alt text.
_ALLOWED_TAGS = nh3.ALLOWED_TAGS - {"img"}
_DEAD_LINK = re.compile(r"<a\b(?![^>]*\bhref=)[^>]*>")
# The article text sits under the page's h1 and an h2 "Article text": its top headings
# become h3 (and the rest follow) so the page outline stays in order.
_HEADING = re.compile(r"<(/?)h([1-6])\b")


class BodyRenderer:
    """Renders article texts; holds one Markdown converter, reset between articles."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(output_format="html")

    def render(self, article: Article, body: str, claims: dict[str, Claim]) -> tuple[Markup, set[str]]:
        """`body` (the article's Markdown) as safe HTML with its quotes marked, and the ids
        of the claims whose quote was found in it."""
        rendered = self._markdown.reset().convert(body)
        clean = nh3.clean(rendered, tags=_ALLOWED_TAGS, url_schemes=_ALLOWED_SCHEMES,
                          link_rel="noopener noreferrer nofollow")
        clean = _DEAD_LINK.sub("<a>", clean)  # href removed (javascript: ...): rel alone is invalid
        levels = [int(m[2]) for m in _HEADING.finditer(clean)]
        if levels:
            shift = 3 - min(levels)
            clean = _HEADING.sub(lambda m: f"<{m[1]}h{max(1, min(int(m[2]) + shift, 6))}", clean)
        page = path_of(article)
        quotes = [
            Quote(key=quote_anchor(a.claim_id), text=a.quote,
                  href=relative(path_of(claims[a.claim_id]), page),
                  label=f"Claim: {claims[a.claim_id].assertion}")
            for a in article.appearances if a.quote
        ]
        marked, found = highlight(clean, quotes)
        return Markup(marked), {key.removeprefix("quote-") for key in found}


_TAG = re.compile(r"(<[^>]*>)")


@dataclass
class Quote:
    key: str  # becomes the id of the first <mark>
    text: str
    href: str  # where the mark's link goes
    label: str  # accessible name of that link


def highlight(fragment: str, quotes: list[Quote]) -> tuple[str, set[str]]:
    """Return (HTML with marks, keys of the quotes that were found)."""
    parts = _TAG.split(fragment)  # even indexes: text, odd: tags
    texts = [html.unescape(p) if i % 2 == 0 else "" for i, p in enumerate(parts)]
    plain, owner, offset = _plain_text(texts)
    normal, positions = _normalised(plain)

    taken = _Spans()
    spans: list[tuple[int, int, Quote]] = []
    for quote in quotes:
        wanted = " ".join(quote.text.translate(TYPOGRAPHY).split())
        start = normal.find(wanted) if wanted else -1
        while start != -1 and taken.overlaps(start, start + len(wanted)):
            start = normal.find(wanted, start + 1)  # overlaps an earlier quote: try further on
        if start == -1:
            continue
        begin, end = positions[start], positions[start + len(wanted) - 1] + 1
        taken.add(start, start + len(wanted))
        spans.append((begin, end, quote))
    if not spans:
        return fragment, set()

    # Cut each covered text run at the span edges and wrap the covered pieces.
    inserts: dict[int, list[tuple[int, int, Quote, bool, bool]]] = {}
    for begin, end, quote in spans:
        first = True
        pos = begin
        while pos < end:
            part = owner[pos]
            part_end = offset[part] + len(texts[part])
            stop = min(end, part_end)
            inserts.setdefault(part, []).append((pos - offset[part], stop - offset[part], quote,
                                                 first, stop == end))
            first = False
            pos = stop
    out = []
    for i, part in enumerate(parts):
        if i % 2 or i not in inserts:
            out.append(part)
            continue
        text, cursor = texts[i], 0
        for start, stop, quote, first, last in sorted(inserts[i], key=lambda x: x[0]):
            out.append(html.escape(text[cursor:start], quote=False))
            attrs = f' id="{html.escape(quote.key)}"' if first else ""
            out.append(f"<mark{attrs}>{html.escape(text[start:stop], quote=False)}</mark>")
            if last:
                out.append(f'<a class="claim-ref" data-pagefind-ignore href="{html.escape(quote.href)}" '
                           f'aria-label="{html.escape(quote.label)}">&#8599;</a>')
            cursor = stop
        out.append(html.escape(text[cursor:], quote=False))
    return "".join(out), {quote.key for _, _, quote in spans}


class _Spans:
    """Non-overlapping [start, end) ranges, kept sorted so a check costs O(log n)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        return (i > 0 and self.ends[i - 1] > start) or (i < len(self.starts) and self.starts[i] < end)

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _plain_text(texts: list[str]) -> tuple[str, array, dict[int, int]]:
    """The visible text, and for each of its characters the index of its text run."""
    owner = array("l")
    offset: dict[int, int] = {}
    pieces = []
    total = 0
    for i, text in enumerate(texts):
        if i % 2 or not text:
            continue
        offset[i] = total
        owner.extend([i] * len(text))
        pieces.append(text)
        total += len(text)
    return "".join(pieces), owner, offset


def _normalised(plain: str) -> tuple[str, array]:
    """`plain` normalised like the quote checker, with each character's position in `plain`."""
    out = []
    positions = array("l")
    pending_space = False
    for pos, char in enumerate(plain):
        if char.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            positions.append(pos - 1)
            pending_space = False
        mapped = char.translate(TYPOGRAPHY)
        out.append(mapped)
        positions.extend([pos] * len(mapped))
    return "".join(out), positions
