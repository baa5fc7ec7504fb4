"""Quotes are the tracker's promise: each must occur verbatim in its article's text.

Comparison forgives only what typesetting changes: curly vs straight quotes, dash kinds,
ellipsis characters and spacing. Everything else, case and typos included, must match.
"""

from __future__ import annotations

import difflib
import re

TYPOGRAPHY = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ", "\u2026": "...",
})
# Markdown markup that may sit inside a quoted passage: emphasis, code, link brackets.
_MARKUP = re.compile(r"[*_`]+|\[|\]\([^)]*\)")


def normalise(text: str) -> str:
    """Text as compared for quotes: typographic quotes, dashes and spacing made plain."""
    return " ".join(text.translate(TYPOGRAPHY).split())


class QuoteChecker:
    """Finds quotes in one article's text; normalises the text only once, and only if asked."""

    def __init__(self, body: str) -> None:
        self.body = body
        self._plain: str | None = None
        self._unmarked: str | None = None

    def find(self, quote: str) -> str | None:
        """None if the quote is in the text; otherwise the nearest passage ("" if none)."""
        if self._plain is None:
            self._plain = normalise(self.body)
        wanted = normalise(quote)
        if wanted in self._plain:
            return None
        if self._unmarked is None:
            self._unmarked = normalise(_MARKUP.sub("", self.body))
        if normalise(_MARKUP.sub("", quote)) in self._unmarked:
            return None
        return nearest_passage(self._unmarked, wanted)


def nearest_passage(text: str, wanted: str) -> str:
    """The stretch of `text` most like `wanted`, anchored on their longest common run."""
    if not text or not wanted:
        return ""
    matcher = difflib.SequenceMatcher(None, text, wanted, autojunk=False)
    match = matcher.find_longest_match(0, len(text), 0, len(wanted))
    if match.size < 4:
        return ""
    start = max(0, match.a - match.b)
    end = start + len(wanted)
    while end < len(text) and text[end].isalnum():  # finish the last word
        end += 1
    passage = text[start:end]
    return passage if len(passage) <= 300 else passage[:297] + "..."
