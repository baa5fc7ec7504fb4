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
import itertools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import unicodedata

import markdown
import nh3
from markupsafe import Markup

from .i18n import Interface
from .limits import MAX_OVERLAP_TRIES
from .model import Article, Claim
from .quotes import SAME_LENGTH, fold, normalise, unmarked
from .urls import path_of, quote_anchor, relative

_ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Attributes holding an address (nh3 checks the scheme of href and src only; `cite` and a
# relative address pass): each keeps only an absolute http(s) or mailto address. A relative
# one pointed into the report's own site, which on this one is a broken or wrong link.
_URL_ATTRIBUTES = {"href", "src", "cite", "longdesc", "action", "usemap", "srcset", "poster"}
# nh3's safe defaults, less images: an article text would otherwise load third-party files
# into every reader's browser (tracking), and images copied from a report carry no alt text.
_ALLOWED_TAGS = nh3.ALLOWED_TAGS - {"img"}
_DEAD_LINK = re.compile(r"<a\b(?![^>]*\bhref=)[^>]*>")
# The article text sits under the page's h1 and an h2 "Article text": its top headings
# become h3 (and the rest follow) so the page outline stays in order.
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: an address is kept only with a promised scheme (and, for
    http(s), a host); every other attribute as nh3 allows it."""
    if attribute not in _URL_ATTRIBUTES:
        return value
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() == "mailto" or parts.scheme.lower() in ("http", "https") and parts.netloc:
        return value
    return None


class BodyRenderer:
    """Renders article texts; holds one Markdown converter, reset between articles. The
    link after each marked quote is labelled in the interface language (English without
    `interface`)."""

    def __init__(self, interface: Interface | None = None, main_language: str = "") -> None:
        self._markdown = markdown.Markdown(output_format="html")
        self.interface = interface or Interface()
        self.main_language = main_language or self.interface.tag  # the site's, for summaries

    def html(self, text: str, top_level: int = 3) -> str:
        """Markdown as sanitised HTML, its top heading level made `top_level`."""
        rendered = self._markdown.reset().convert(text)
        clean = nh3.clean(rendered, tags=_ALLOWED_TAGS, url_schemes=_ALLOWED_SCHEMES,
                          link_rel="noopener noreferrer nofollow", attribute_filter=_keep_attribute)
        clean = _DEAD_LINK.sub("<a>", clean)  # href removed (javascript: ...): rel alone is invalid
        levels = [int(m[2]) for m in _HEADING.finditer(clean)]
        if levels:
            shift = top_level - min(levels)
            clean = _HEADING.sub(lambda m: f"<{m[1]}h{max(1, min(int(m[2]) + shift, 6))}", clean)
        return clean

    def render(self, article: Article, body: str, claims: dict[str, Claim]) -> tuple[Markup, set[str]]:
        """`body` (the article's Markdown) as safe HTML with its quotes marked, and the ids
        of the claims whose quote was found in it."""
        clean = self.html(body)
        page = path_of(article)
        quotes = [
            Quote(key=quote_anchor(a.claim_id), text=a.quote,
                  href=relative(path_of(claims[a.claim_id]), page),
                  label=self.interface.gettext("Claim: %(assertion)s") % {
                      "assertion": claims[a.claim_id].assertion_in(self.interface.tag,
                                                                   self.main_language)[0]},
                  link_text=self.interface.gettext("claim"))
            for a in article.appearances if a.quote
        ]
        marked, found = highlight(clean, quotes)
        return Markup(marked), {key.removeprefix("quote-") for key in found}


_TAG = re.compile(r"(<[^>]*>)")
_SPACES = re.compile(r"(\s+)")


@dataclass
class Quote:
    key: str  # becomes the id of the first <mark>
    text: str
    href: str  # where the mark's link goes
    label: str  # accessible name of that link
    link_text: str = "claim"  # its visible text


def highlight(fragment: str, quotes: list[Quote]) -> tuple[str, set[str]]:
    """Return (HTML with marks, keys of the quotes that were found)."""
    parts = _TAG.split(fragment)  # even indexes: text, odd: tags
    texts = [html.unescape(p) if i % 2 == 0 else "" for i, p in enumerate(parts)]
    runs = [i for i in range(0, len(texts), 2) if texts[i]]  # text runs with characters
    run_starts = list(itertools.accumulate((len(texts[i]) for i in runs[:-1]), initial=0))
    normal = _Normalised("".join(texts[i] for i in runs))

    taken = _Spans()
    spans: list[tuple[int, int, Quote]] = []
    searched_to: dict[str, int] = {}  # where the search for the same words goes on from
    tries = 0
    for quote in quotes:
        wanted = normalise(quote.text)
        if wanted not in normal.text:  # typed with the source's Markdown (*emphasis*), as
            wanted = normalise(unmarked(quote.text))  # the check forgives: the page has none
        start = normal.text.find(wanted, searched_to.get(wanted, 0)) if wanted else -1
        while start != -1:
            # Overlapping an earlier quote's span, so would every start before its end: go on
            # from there. Quotes that overlap one another (nested ones) stop being placed
            # after MAX_OVERLAP_TRIES such steps in the article, so the work stays bounded.
            blocked = taken.blocking(start, start + len(wanted))
            if blocked is None:
                break
            tries += 1
            start = normal.text.find(wanted, blocked) if tries <= MAX_OVERLAP_TRIES else -1
        if start == -1:
            continue
        searched_to[wanted] = start + 1
        begin, end = normal.position(start), normal.position(start + len(wanted) - 1) + 1
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
            run = bisect.bisect_right(run_starts, pos) - 1
            part, offset = runs[run], run_starts[run]
            stop = min(end, offset + len(texts[part]))
            inserts.setdefault(part, []).append((pos - offset, stop - offset, quote,
                                                 first, stop == end))
            first = False
            pos = stop
    # A quote ending inside a link of the text gets its claim link after that one's end:
    # a link inside a link is invalid HTML, and browsers tear the page apart over it.
    closing = _closing_links(parts)
    after: dict[int, list[str]] = {}
    out = []
    for i, part in enumerate(parts):
        if i % 2 or i not in inserts:
            out.append(part)
            out.extend(after.pop(i, ()))
            continue
        text, cursor = texts[i], 0
        for start, stop, quote, first, last in sorted(inserts[i], key=lambda x: x[0]):
            out.append(html.escape(text[cursor:start], quote=False))
            attrs = f' id="{html.escape(quote.key)}"' if first else ""
            out.append(f"<mark{attrs}>{html.escape(text[start:stop], quote=False)}</mark>")
            if last:
                link = (f'<a class="claim-ref" data-pagefind-ignore href="{html.escape(quote.href)}" '
                        f'aria-label="{html.escape(quote.label)}">{html.escape(quote.link_text)}</a>')
                if i in closing:
                    after.setdefault(closing[i], []).append(link)
                else:
                    out.append(link)
            cursor = stop
        out.append(html.escape(text[cursor:], quote=False))
    return "".join(out), {quote.key for _, _, quote in spans}


_LINK_TAG = re.compile(r"<(/?)a\b", re.IGNORECASE)


def _closing_links(parts: list[str]) -> dict[int, int]:
    """For each text part inside a link (<a ...>...</a>), the index of the tag ending it."""
    closing: dict[int, int] = {}
    inside: list[int] = []
    in_link = False
    for i, part in enumerate(parts):
        if i % 2 == 0:
            if in_link:
                inside.append(i)
            continue
        tag = _LINK_TAG.match(part)
        if tag:
            if tag[1]:
                closing.update(dict.fromkeys(inside, i))
            in_link, inside = not tag[1], []
    return closing


class _Spans:
    """Non-overlapping [start, end) ranges, kept sorted so a check costs O(log n)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def blocking(self, start: int, end: int) -> int | None:
        """The end of a range that [start, end) overlaps; None if it overlaps none."""
        i = bisect.bisect_right(self.starts, start)
        if i > 0 and self.ends[i - 1] > start:
            return self.ends[i - 1]
        if i < len(self.starts) and self.starts[i] < end:
            return self.ends[i]
        return None

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


class _Normalised:
    """A text normalised like the quote checker (quotes.normalise: typography made plain,
    runs of spaces made one, ends trimmed), and the way back: `position(i)` is where the
    i-th character of the normalised text came from. Kept per word, not per character,
    and built with the string methods' own loops; only a word whose folding changes its
    length (an ellipsis, a letter and its accent as two characters) is mapped character
    by character."""

    def __init__(self, plain: str) -> None:
        parts = _SPACES.split(plain.translate(SAME_LENGTH))  # word, blank, word, ..., word
        offsets = list(itertools.accumulate(map(len, parts), initial=0))
        words, origins = parts[0::2], offsets[0::2]
        if words and not words[0]:  # the text starts with a blank
            words, origins = words[1:], origins[1:]
        if words and not words[-1]:  # or ends with one
            words, origins = words[:-1], origins[:-1]
        self.expanded: dict[int, list[int]] = {}  # such words: origin of each character
        if "\u2026" in plain or not unicodedata.is_normalized("NFC", plain):
            for number, word in enumerate(words):
                if "\u2026" in word or not unicodedata.is_normalized("NFC", word):
                    self.expanded[number], words[number] = _folded_with_origins(word)
        self.origins = origins  # where each word starts in `plain`
        self.starts = list(itertools.accumulate((len(w) + 1 for w in words), initial=0))  # and here
        self.text = " ".join(words)

    def position(self, index: int) -> int:
        word = bisect.bisect_right(self.starts, index) - 1
        within = index - self.starts[word]
        following = word + 1 < len(self.origins)
        if following and index >= self.starts[word + 1] - 1:
            return self.origins[word + 1] - 1  # the space before the next word: the last blank
        expanded = self.expanded.get(word)
        return self.origins[word] + (expanded[within] if expanded else within)


def _folded_with_origins(word: str) -> tuple[list[int], str]:
    """Where in `word` each character of its folded form comes from, and that form: each
    letter is folded with the accents that follow it."""
    origins: list[int] = []
    pieces = []
    start = 0
    for end in range(1, len(word) + 1):
        if end == len(word) or not unicodedata.combining(word[end]):
            piece = fold(word[start:end])
            pieces.append(piece)
            origins += [start] * len(piece)
            start = end
    return origins, "".join(pieces)
