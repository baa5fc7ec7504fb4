"""How the reports of one claim differ: dates, attribution, and the quoted words themselves.

Two reports often quote one statement in different words (a translation, a paraphrase
inside quotation marks, a dropped figure). The claim page lists where they disagree, in
plain language, and marks the words that differ between two quotes. Differences of
punctuation, typography, spacing and letter case alone count as the same wording.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .index import source_name
from .model import Appearance, Claim, Content
from .quotes import TYPOGRAPHY

_KEY = re.compile(r"[^\w%]+")  # what a word is compared by: letters, digits and %
_FIGURE = re.compile(r"\d[\d.,]*\d%?|\d%?")


@dataclass
class Wording:
    """One report's quote, as (word, differs from the other quote) pieces."""

    source: str
    pieces: list[tuple[str, bool]]


@dataclass
class WordDiff:
    """Two quotes of the same statement, with the words that differ marked in each."""

    first: Wording
    second: Wording


def differences(claim: Claim, content: Content) -> list[str | WordDiff]:
    """Notes on where the articles reporting a claim disagree: sentences, and word diffs."""
    if len(claim.appearances) < 2:
        return []
    notes: list[str | WordDiff] = []
    dated = [a for a in claim.appearances if a.date_given and a.date]
    if len({a.date for a in dated}) > 1:
        notes.append("The reports date it differently: " + "; ".join(
            f"{source_name(a, content)} says {a.date.human()}" for a in dated) + ".")
    undated = [a for a in claim.appearances if not a.date_given]
    if dated and undated:
        notes.append("Not dated by " + ", ".join(source_name(a, content) for a in undated)
                     + "; the date shown comes from the other reports.")
    quoted = [a for a in claim.appearances if a.quote]
    distinct = list({_keys(a.quote): a for a in quoted}.values())
    if len(distinct) > 1:
        notes.append("The reports quote different wording; the words that differ are marked:")
        first = distinct[0]
        notes += [word_diff(first, other, content) for other in distinct[1:]]
        notes += _figures(quoted, content)
    paraphrased = [a for a in claim.appearances if not a.quote]
    if quoted and paraphrased:
        notes.append("Paraphrased without a direct quote by "
                     + ", ".join(source_name(a, content) for a in paraphrased) + ".")
    vias = {a.via for a in claim.appearances}
    if len(vias) > 1:
        notes.append("The reports attribute it differently: " + "; ".join(
            f"{source_name(a, content)}: {'via ' + a.via if a.via else 'no secondary source named'}"
            for a in claim.appearances) + ".")
    return notes


def word_diff(first: Appearance, second: Appearance, content: Content) -> WordDiff:
    """The two quotes word by word, each word marked if the other quote lacks it there."""
    words_a, words_b = first.quote.split(), second.quote.split()
    keys_a, keys_b = [_key(w) for w in words_a], [_key(w) for w in words_b]
    same_a, same_b = [not k for k in keys_a], [not k for k in keys_b]  # a lone dash: no word
    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            same_a[block.a + offset] = same_b[block.b + offset] = True
    return WordDiff(Wording(source_name(first, content), list(zip(words_a, [not s for s in same_a]))),
                    Wording(source_name(second, content), list(zip(words_b, [not s for s in same_b]))))


def _figures(quoted: list[Appearance], content: Content) -> list[str]:
    """"Only X gives the figure 90%": a number one quote has and another lacks."""
    figures = {id(a): set(_FIGURE.findall(a.quote)) for a in quoted}
    notes = []
    for figure in sorted(set().union(*figures.values())):
        having = [a for a in quoted if figure in figures[id(a)]]
        if len(having) < len(quoted):
            notes.append(f"Only {', '.join(source_name(a, content) for a in having)} "
                         f"give{'s' if len(having) == 1 else ''} the figure {figure}.")
    return notes


def _key(word: str) -> str:
    return _KEY.sub("", word.translate(TYPOGRAPHY).casefold())


def _keys(quote: str) -> tuple[str, ...]:
    return tuple(k for k in map(_key, quote.split()) if k)
