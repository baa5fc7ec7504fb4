"""Quotes are the tracker's promise: each must occur verbatim in its article's text.

Comparison forgives only what typesetting changes: curly vs straight quotes, apostrophe
kinds (the Ukrainian U+02BC, U+2019 and a typed '), dash kinds, ellipsis characters, spacing,
Unicode normalisation (a letter and its accent as one character or two), and ё written as е
(Russian and Ukrainian print both). Everything else, case and typos included, must match.
This module is the one place that says so: the checker, the highlighter (body.py) and the
comparison of reports (compare.py) all fold text with `fold`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter

TYPOGRAPHY = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ", "\u2026": "...",
    "\u02bc": "'", "\u02b9": "'", "\uff07": "'",  # modifier letter apostrophe, prime, fullwidth
    "\u0451": "\u0435", "\u0401": "\u0415",  # ё, Ё: printed as е, Е as often as not
})
# Every entry above but one keeps a text's length (… becomes ...): the highlighter maps
# positions in folded text back to the page, one character for one where it can.
SAME_LENGTH = {code: text for code, text in TYPOGRAPHY.items() if len(text) == 1}
# Markdown markup that may sit inside a quoted passage: emphasis, code, link brackets. A
# link's address ends at its `)` or at the next `]` (so a text of many `](` is read once,
# not once per `](`).
_MARKUP = re.compile(r"[*_`]+|\[|\]\([^)\]]*\)")


def fold(text: str) -> str:
    """Text with typography made plain (NFC, then TYPOGRAPHY); spacing is left as it is."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text.translate(TYPOGRAPHY)


def unmarked(text: str) -> str:
    """Text without the Markdown markup a quoted passage may hold (a quote copied from an
    article's source with its `*emphasis*`), as a page shows it."""
    return _MARKUP.sub("", text)


def normalise(text: str) -> str:
    """Text as compared for quotes: typography made plain (`fold`), runs of spaces one space."""
    return " ".join(fold(text).split())


class QuoteChecker:
    """Finds quotes in one article's text; normalises the text only once, and only if asked.

    Work is bounded whatever the file holds: the same quote is looked up once, and a quote
    not found gets a "nearest passage" (a pass over the text) only while those passes have
    read fewer than HINT_BUDGET characters: every one in a usual article, a few in a huge one.
    """

    HINT_BUDGET = 30_000_000

    def __init__(self, body: str) -> None:
        self.body = body
        self._plain: str | None = None
        self._unmarked: str | None = None
        self._found: dict[str, str | None] = {}

    def find(self, quote: str) -> str | None:
        """None if the quote is in the text; otherwise the nearest passage ("" if none)."""
        if quote not in self._found:
            self._found[quote] = self._find(quote)
        return self._found[quote]

    def _find(self, quote: str) -> str | None:
        if self._plain is None:
            self._plain = normalise(self.body)
        wanted = normalise(quote)
        if wanted in self._plain:
            return None
        if self._unmarked is None:
            self._unmarked = normalise(unmarked(self.body))
        if normalise(unmarked(quote)) in self._unmarked:
            return None
        hints = sum(1 for hint in self._found.values() if hint is not None)
        if hints * len(self._unmarked) > self.HINT_BUDGET:
            return ""
        return nearest_passage(self._unmarked, wanted)


def nearest_passage(text: str, wanted: str) -> str:
    """The stretch of `text` most like `wanted`, whole words only ("" if nothing is alike).

    Linear in the text, so a long article cannot stall the check: every run of three words
    (else two, else one longer word) that the quote shares with the text votes for where the
    quote would start there; the place with most votes wins.
    """
    words, want = text.split(), wanted.split()
    for size in (3, 2, 1):
        if len(want) < size:
            continue
        runs: dict[tuple, int] = {}
        for j, run in enumerate(zip(*(want[k:] for k in range(size)))):
            if size > 1 or len(run[0]) >= 5:  # one short word ("the") says nothing
                runs.setdefault(run, j)
        votes: Counter = Counter()
        for i, run in enumerate(zip(*(words[k:] for k in range(size)))):
            j = runs.get(run)
            if j is not None:
                votes[i - j] += 1
        if votes:
            start = max(0, min(votes, key=lambda offset: (-votes[offset], offset)))
            # The quotation marks around a passage are the article's, not the speaker's words.
            passage = " ".join(words[start:start + len(want)]).strip("\"'")
            passage = mark_differences(passage, wanted)  # words x words at most: same_words
            return passage if len(passage) <= 300 else passage[:297] + "..."
    return ""


def mark_differences(passage: str, wanted: str) -> str:
    """The passage with each word the quote does not have there in [brackets]."""
    key = lambda word: re.sub(r"[^\w%]+", "", word.casefold())  # noqa: E731
    words = passage.split()
    same, _ = same_words([key(w) for w in words], [key(w) for w in wanted.split()])
    return " ".join(w if ok or not key(w) else f"[{w}]" for w, ok in zip(words, same))


# Word-by-word comparison (difflib) takes up to words x words steps: 500 x 500 words, about
# a tenth of a second, is more than any two quotes of one statement need to be aligned.
MAX_ALIGNED_WORDS = 250_000


def same_words(a: list[str], b: list[str]) -> tuple[list[bool], list[bool]]:
    """For each word of `a` and of `b`, whether the other has it at that place (the longest
    common stretches, as difflib aligns them). Past MAX_ALIGNED_WORDS the place is not
    looked for: a word counts as shared when the other has it at all (linear)."""
    same_a, same_b = [False] * len(a), [False] * len(b)
    if len(a) * len(b) > MAX_ALIGNED_WORDS:
        in_a, in_b = set(a), set(b)
        return [w in in_b for w in a], [w in in_a for w in b]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            same_a[block.a + offset] = same_b[block.b + offset] = True
    return same_a, same_b
