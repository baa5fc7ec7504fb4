"""Where a text names a speaker of people.yaml, in whatever grammatical case it prints them.

Ukrainian and Russian decline names: "За словами Блінкена", "визит Путина". A name's word
matches a text's word that is its stem (the name without a final vowel, й or ь) plus a case
ending; a name printed exactly as the registry has it is told apart (`exact`), since only
that form (the nominative) is a sentence's subject. Simple rules, no dictionary: a surname
that changes its stem ("Кравець" -> "Кравця") is found only as printed in the registry.
A person's single names ("Kim" of Kim Jong Un) also match, when no one else has them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Person
from .reporting import TOKEN
from .quotes import fold

_VOWEL_END = re.compile("[аеєиіїйоуюяыьэ]{1,2}$")
ENDINGS = frozenset("""
а я у ю і и ы е є ом ем ім им ым ой ей ою ею ові еві ого ому ій ої ая ую ий ый ь ого
""".split()) | {""}


@dataclass(frozen=True)
class Mention:
    start: int  # offsets in the text searched
    end: int
    key: str
    exact: bool  # printed as in the registry (for Ukrainian and Russian: the nominative)
    partial: bool  # one of the person's names only ("Kim")


@dataclass(frozen=True)
class _Form:
    words: tuple[str, ...]  # folded, casefolded
    stems: tuple[str, ...]
    key: str
    partial: bool
    cased: bool  # an acronym (US, DPRK): matched in capitals only


def _stem(word: str) -> str:
    if not any("\u0400" <= c <= "\u04ff" for c in word):
        return word
    stem = _VOWEL_END.sub("", word)
    return stem if len(stem) >= 3 else word


class NameFinder:
    """Mentions of the registry's speakers, by key, name, alias or a single name."""

    def __init__(self, people: dict[str, Person]) -> None:
        self.people = people
        forms: dict[tuple, _Form] = {}
        singles: dict[str, set[str]] = {}
        for person in people.values():
            for name in (person.name, *person.aliases):
                tokens = tuple(fold(t).casefold() for t in TOKEN.findall(name) if t[0].isalnum())
                if not tokens:
                    continue
                cased = name.replace(".", "").isupper()
                forms[tokens] = _Form(tokens, tuple(map(_stem, tokens)), person.key, False, cased)
                if person.kind == "person":
                    for raw in TOKEN.findall(name):
                        if len(raw) >= 3 and raw[0].isupper():
                            singles.setdefault(fold(raw).casefold(), set()).add(person.key)
        for word, keys in singles.items():
            if len(keys) == 1 and (word,) not in forms:
                forms[(word,)] = _Form((word,), (_stem(word),), next(iter(keys)), True, False)
        self.by_start: dict[str, list[_Form]] = {}
        for form in sorted(forms.values(), key=lambda f: -len(f.words)):
            self.by_start.setdefault(form.stems[0][:3], []).append(form)

    def mentions(self, text: str) -> list[Mention]:
        """The mentions in `text`, in order (the longest form where forms overlap). Only
        words are compared, so "U.S." matches the alias U.S."""
        tokens = [t for t in TOKEN.finditer(text) if t.group()[0].isalnum()]
        folded = [fold(t.group()).casefold() for t in tokens]
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            step = 1
            for form in self.by_start.get(folded[i][:3], ()):
                mention = _match(form, tokens, folded, i)
                if mention is not None:
                    found.append(mention)
                    step = len(form.words)
                    break
            i += step
        return found


def _match(form: _Form, tokens: list[re.Match], folded: list[str], i: int) -> Mention | None:
    if i + len(form.words) > len(tokens):
        return None
    exact = True
    for n, (word, stem) in enumerate(zip(form.words, form.stems)):
        seen = folded[i + n]
        printed = tokens[i + n].group()
        if form.cased and not printed.isupper():
            return None
        if form.partial and not printed[0].isupper():
            return None
        if seen == word or seen in (word + "'s",):
            continue
        if seen.startswith(stem) and seen[len(stem):] in ENDINGS and stem != seen:
            exact = False
            continue
        return None
    last = tokens[i + len(form.words) - 1]
    return Mention(tokens[i].start(), last.end(), form.key, exact, form.partial)
