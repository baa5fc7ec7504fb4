"""Which script (alphabet) a text is written in, and which one a language tag implies.

`new` writes the site's language for a title in the site's script, and a placeholder for a
title in another (Cyrillic on an English site: uk? ru? bg? it does not guess); `check`
reports an article whose `language` cannot be its text's (a mostly Cyrillic text marked
`en`). Only the scripts told apart here are judged: Latin, Cyrillic, Greek, Hebrew, Arabic.
"""

from __future__ import annotations

LATIN, CYRILLIC, GREEK, HEBREW, ARABIC = "Latin", "Cyrillic", "Greek", "Hebrew", "Arabic"

# BCP 47 script subtags (ISO 15924): `sr-Latn`, `kk-Latn` say which script a text is in.
_SUBTAGS = {"Latn": LATIN, "Cyrl": CYRILLIC, "Grek": GREEK, "Hebr": HEBREW, "Arab": ARABIC}

# The script a language is written in unless its tag names another: the Suppress-Script of
# IANA's language subtag registry (2024-03-06). Languages it gives none (sr, uz, az, ky, tg,
# mn, ku: written in two scripts) are never judged; nor are those missing here.
_USUAL_SCRIPT = {
    **dict.fromkeys("af bs ca cs cy da de en es et eu fi fr ga gl hr hu id is it lt lv ms mt "
                    "nb nl nn no pl pt ro sk sl sq sv sw tl tr vi".split(), LATIN),
    **dict.fromkeys("ru uk be bg mk kk ab".split(), CYRILLIC),
    "el": GREEK,
    **dict.fromkeys("he yi".split(), HEBREW),
    **dict.fromkeys("ar fa ur ps".split(), ARABIC),
}

# The languages to suggest for a text in each script: those a newsroom here most often reads.
_LIKELY = {LATIN: ("en", "de", "fr", "es", "pl"), CYRILLIC: ("uk", "ru", "be", "bg", "sr", "mk"),
           GREEK: ("el",), HEBREW: ("he", "yi"), ARABIC: ("ar", "fa", "ur")}

# A text is judged only with enough letters to go by, nearly all in one script: an English
# article quoting a few Russian sentences, or a Ukrainian one full of Latin link addresses,
# is not a mistake.
MIN_LETTERS = 200
MAJORITY_PERCENT = 80


def _letter_marks() -> tuple[bytes, bytes, dict[str, bytes]]:
    """The tables letter_counts passes to bytes.translate.

    Letters are counted by the first byte of their UTF-8 form, which for a character of two
    bytes names its block of 64 code points: U+0400-U+04FF (Cyrillic) start with 0xD0-0xD3.
    The few non-letters in those blocks count too: Arabic vowel marks and digits go with
    Arabic letters anyway, and × or ÷ are too rare to change a text's main script.
    One translate keeps a mark byte per letter and drops every other byte in one pass at C
    speed (a 1 MB text in a few milliseconds, where a Counter of its characters takes 50).
    """
    blocks = {  # code points whose blocks hold (almost) only that script's letters
        LATIN: [(0x41, 0x5A), (0x61, 0x7A), (0x00C0, 0x027F)],  # ASCII; Latin-1 to IPA
        GREEK: [(0x0380, 0x03FF)],
        CYRILLIC: [(0x0400, 0x04FF)],
        HEBREW: [(0x05C0, 0x05FF)],  # the letters (the points before them are not letters)
        ARABIC: [(0x0600, 0x06FF)],
    }
    table = bytearray(256)
    marks = {}
    for script, ranges in blocks.items():
        marks[script] = script[0].encode()  # L, G, C, H, A
        for first, last in ranges:
            if first < 0x80:  # ASCII: the byte is the letter
                table[first:last + 1] = marks[script] * (last - first + 1)
            else:
                table[0xC0 | first >> 6:(0xC0 | last >> 6) + 1] = \
                    marks[script] * ((last - first + 1) // 64)
    uncounted = bytes(b for b in range(256) if not table[b])
    return bytes(table), uncounted, marks


_TABLE, _UNCOUNTED, _MARKS = _letter_marks()


def letter_counts(text: str) -> dict[str, int]:
    """How many of the text's letters are in each script told apart here."""
    marked = text.encode("utf-8", "ignore").translate(_TABLE, _UNCOUNTED)
    return {script: marked.count(mark) for script, mark in _MARKS.items()}


def main_script(text: str) -> str | None:
    """The script most of the text's letters are in; None if it has none of them."""
    counts = letter_counts(text)
    script = max(counts, key=counts.__getitem__)
    return script if counts[script] else None


def usual_script(tag: str) -> str | None:
    """The script a text tagged `tag` is in: the one its tag names (sr-Latn), else the one
    its language is written in; None where that is not one script told apart here."""
    language, *subtags = tag.split("-")
    for subtag in subtags[:2]:  # the script comes first, or after an extended language
        if len(subtag) == 4 and subtag.isalpha():
            return _SUBTAGS.get(subtag.title())
    return _USUAL_SCRIPT.get(language.lower())


def likely_languages(script: str) -> str:
    """The languages to suggest for a text in `script`: 'uk, ru, be, bg, sr or mk'."""
    *most, last = _LIKELY[script]
    return f"{', '.join(most)} or {last}" if most else last


def mismatch(tag: str, text: str, declared: bool = True) -> str:
    """Why a text with these letters is unlikely to be in language `tag`, or "" when it
    may well be (or there are too few letters, or too mixed, to tell). `declared`: the
    article says `tag`; else it says nothing and `tag` is the site's language."""
    expected = usual_script(tag)
    if expected is None:
        return ""
    counts = letter_counts(text)
    total = sum(counts.values())
    script = max(counts, key=counts.__getitem__)
    share = counts[script] * 100 // max(total, 1)
    if total < MIN_LETTERS or share < MAJORITY_PERCENT or script == expected:
        return ""
    if not declared:
        return (f"no `language`, so the site's ('{tag}') is assumed, but the text is {share}% "
                f"{script} letters: add `language:` ({likely_languages(script)}?)")
    return (f"language '{tag}' but the text is {share}% {script} letters: is it "
            f"{likely_languages(script)}? (a likely mistake; if it really is '{tag}', add the "
            f"script to the tag: '{_with_script(tag, script)}')")


def _with_script(tag: str, script: str) -> str:
    """`tag` with its script subtag set to `script`'s: ('kk', Latin) -> 'kk-Latn'."""
    language, *subtags = tag.split("-")
    if subtags and len(subtags[0]) == 4 and subtags[0].isalpha():
        subtags = subtags[1:]
    code = next(code for code, name in _SUBTAGS.items() if name == script)
    return "-".join([language, code, *subtags])
