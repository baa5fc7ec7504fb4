"""How the reports of one claim differ: dates, attribution, and the quoted words themselves.

Two reports often quote one statement in different words (a paraphrase inside quotation
marks, a dropped figure, a shorter excerpt). The claim page lists where they disagree, and
marks the words that differ between two quotes. Words are compared only between quotes in
the same language: a Russian and an English report of one statement are listed as "also
quoted in Russian", never diffed word by word. What counts as the same wording is what the
quote check forgives (quotes.fold: typography, apostrophes, ё/е, Unicode forms) plus
punctuation and letter case. A quote whose words are all in another's, in the same order
and next to each other except where it marks words left out with an ellipsis, is a shorter
excerpt of it, not another wording.

The notes are data (Note, WordDiff); claim.html puts them into words, in the site's
language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .languages import primary, same_language
from .limits import MAX_FIGURE_NOTES, MAX_WORD_DIFFS
from .model import Appearance, Claim
from .quotes import fold, same_words

_KEY = re.compile(r"[^\w%]+")  # what a word is compared by: letters, digits and %
_GAP = "..."  # an ellipsis, as quotes.fold writes … : words left out of a quote
_FIGURE = re.compile(r"\d[\d.,]*\d%?|\d%?")


@dataclass
class Wording:
    """One report's quote, as (word, differs from the other quote) pieces."""

    source: Appearance
    pieces: list[tuple[str, bool]]


@dataclass
class WordDiff:
    """Two quotes of the same statement, with the words that differ marked in each."""

    first: Wording
    second: Wording
    language: str = ""  # the tag both quotes are in
    kind: str = "words"


@dataclass
class Note:
    """One way the reports disagree. `kind` says which, and what the other fields hold
    (the reports, as Appearances: the page names each by its outlet or headline):

    dates        dated: each report's (report, date)
    undated      sources: the reports that give no date
    wording      language: the quotes in it differ (WordDiffs follow)
    excerpt      sources: [shorter, longer]: the first quotes less of the second's words
    figure       sources: the reports having the figure `figure`
    languages    languages: [(language, [reports])] quoting it in other languages
    paraphrased  sources: the reports with no direct quote
    via          attributed: each report's (report, via or "")
    """

    kind: str
    sources: list[Appearance] = field(default_factory=list)
    dated: list[tuple] = field(default_factory=list)
    attributed: list[tuple[Appearance, str]] = field(default_factory=list)
    language: str = ""  # a language tag; "" for the claim's main language
    languages: list[tuple[str, list[Appearance]]] = field(default_factory=list)
    figure: str = ""


def differences(claim: Claim, site_language: str, page_language: str = "") -> list[Note | WordDiff]:
    """Where the articles reporting a claim disagree, as notes and word diffs, for a page in
    `page_language` (default: the site's; its quotes come first, the others are listed)."""
    if len(claim.appearances) < 2:
        return []
    notes: list[Note | WordDiff] = []
    dated = [a for a in claim.appearances if a.date_given and a.date]
    if len({a.date for a in dated}) > 1:
        notes.append(Note("dates", dated=[(a, a.date) for a in dated]))
    undated = [a for a in claim.appearances if not a.date_given]
    if dated and undated:
        notes.append(Note("undated", sources=undated))
    quoted = [a for a in claim.appearances if a.quote]
    groups = by_language(quoted, site_language, page_language or site_language)
    for number, (language, group) in enumerate(groups.items()):
        notes += _wording(group, language, number > 0)
    if len(groups) > 1:
        notes.append(Note("languages", languages=list(groups.items())[1:]))
    paraphrased = [a for a in claim.appearances if not a.quote]
    if quoted and paraphrased:
        notes.append(Note("paraphrased", sources=paraphrased))
    if len({a.via for a in claim.appearances}) > 1:
        notes.append(Note("via", attributed=[(a, a.via) for a in claim.appearances]))
    return notes


def lead(claim: Claim, site_language: str, page_language: str = "") -> tuple[Appearance | None, bool]:
    """The report whose words head the claim's page (in `page_language`, default the site's),
    and whether in its translation: the first quote in the page's language, else the first
    with a translation into it (translations are into the site's main language), else the
    first quote (shown in its own language); (None, False) when no report quotes it."""
    page_language = page_language or site_language
    quoted = [a for a in claim.appearances if a.quote]
    for a in quoted:
        if same_language(language_of(a, site_language), page_language):
            return a, False
    translated = next((a for a in quoted if a.translation), None)
    if translated is not None and same_language(page_language, site_language):
        return translated, True
    return (quoted[0], False) if quoted else (None, False)


def language_of(appearance: Appearance, site_language: str) -> str:
    """The language a report's words are in: its article's, else the site's (an article
    without `language` is shown, and read, as the site's)."""
    return appearance.article.language or site_language


def by_language(quoted: list[Appearance], site_language: str,
                first: str = "") -> dict[str, list[Appearance]]:
    """The quotes grouped by language (en-GB with en), those in `first` (default: the
    site's language) first, then in the order the reports come."""
    first = primary(first or site_language)
    groups: dict[str, list[Appearance]] = {}
    for a in sorted(quoted, key=lambda a: primary(language_of(a, site_language)) != first):
        tag = language_of(a, site_language)
        key = next((k for k in groups if primary(k) == primary(tag)), tag)
        groups.setdefault(key, []).append(a)
    return groups


def _wording(quoted: list[Appearance], language: str, named: bool) -> list[Note | WordDiff]:
    """Notes on quotes in one `language`: shorter excerpts of the same words, then the
    wordings that differ, word by word, and the figures only some of them give. `named`:
    the notes name the language (it is not the claim's first)."""
    distinct: dict[tuple[str, ...], Appearance] = {}
    for a in quoted:
        distinct.setdefault(_keys(a.quote), a)
    if len(distinct) < 2:
        return []
    notes: list[Note | WordDiff] = []
    joined = {keys: _joined(keys) for keys in distinct}
    whole = []  # wordings that are not an excerpt of a longer one
    for keys, a in distinct.items():
        longer = next((other for other in distinct if len(other) > len(keys)
                       and _excerpt(a.quote, joined[other])), None)
        if longer is None:
            whole.append(a)
        else:
            notes.append(Note("excerpt", sources=[a, distinct[longer]],
                              language=language if named else ""))
    if len(whole) > 1:
        notes.append(Note("wording", language=language if named else ""))
        # The first wordings only: every report's quote is on the page anyway.
        notes += [word_diff(whole[0], other, language) for other in whole[1:MAX_WORD_DIFFS + 1]]
        notes += _figures(quoted)
    return notes


def word_diff(first: Appearance, second: Appearance, language: str) -> WordDiff:
    """The two quotes word by word, each word marked if the other quote lacks it there."""
    words_a, words_b = first.quote.split(), second.quote.split()
    keys_a, keys_b = [_key(w) for w in words_a], [_key(w) for w in words_b]
    same_a, same_b = same_words(keys_a, keys_b)
    same_a = [s or not k for s, k in zip(same_a, keys_a)]  # a lone dash: no word
    same_b = [s or not k for s, k in zip(same_b, keys_b)]
    return WordDiff(Wording(first, list(zip(words_a, [not s for s in same_a]))),
                    Wording(second, list(zip(words_b, [not s for s in same_b]))), language)


def _figures(quoted: list[Appearance]) -> list[Note]:
    """"Only X gives the figure 90%": a number one quote has and another lacks."""
    figures = {id(a): set(_FIGURE.findall(a.quote)) for a in quoted}
    some = set().union(*figures.values()) - set.intersection(*figures.values())
    return [Note("figure", sources=[a for a in quoted if figure in figures[id(a)]], figure=figure)
            for figure in sorted(some)[:MAX_FIGURE_NOTES]]


def _key(word: str) -> str:
    return _KEY.sub("", fold(word).casefold())


def _keys(quote: str) -> tuple[str, ...]:
    """A quote's words as compared: folded, in lower case, split at spaces and punctuation
    (a dash between two words, "threat—to", is two words)."""
    return tuple(k for k in _KEY.split(fold(quote).casefold()) if k)


def _joined(keys: tuple[str, ...]) -> str:
    return "\0" + "\0".join(keys) + "\0"


def _excerpt(quote: str, longer: str) -> bool:
    """True if the words of `quote` are in `longer` (as _joined), in order: next to each
    other, except at an ellipsis in `quote`, where words may be left out."""
    start = 0
    for part in fold(quote).split(_GAP):
        keys = _keys(part)
        if not keys:
            continue
        found = longer.find(_joined(keys), start)
        if found < 0:
            return False
        start = found + len(_joined(keys)) - 1  # the next part starts at a word's edge
    return True
