"""The languages texts are written in: which tags name the same language, which way a
script runs, and the `lang`/`dir` attributes that tell browsers and screen readers.

A page is in the site's language (`<html lang>`); every text on it written in another (an
article's headline, text and quotes; a name given in its own language) carries its own
`lang`, and `dir` where its script runs the other way. Without them a screen reader reads
Russian with English rules, and a browser hyphenates and translates wrongly.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape


def primary(tag: str) -> str:
    """The language of a BCP 47 tag without region or script: en-GB -> en."""
    return tag.partition("-")[0].lower()


def same_language(a: str, b: str) -> bool:
    """True if the two tags name one language (en and en-GB do; a text is readable alike)."""
    return primary(a) == primary(b)


@lru_cache(maxsize=512)  # a pure function of the tag, asked on every page for the same few
def direction(tag: str) -> str:
    """"rtl" for a language written right to left (Arabic, Hebrew, Persian, Urdu...; also a
    tag with such a script: az-Arab), else "ltr"; by Babel's locale data."""
    from babel import Locale, UnknownLocaleError  # only pages need it, not the content check

    for candidate in (tag, primary(tag)):
        try:
            locale = Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        return "rtl" if locale.character_order == "right-to-left" else "ltr"
    return "ltr"


def lang_attrs(tag: str, page_language: str) -> Markup:
    """` lang="ru"` (and ` dir="rtl"` where the direction changes) for a text in `tag` on a
    page in `page_language`; nothing for a text in the page's own language, or unknown."""
    if not tag or tag == page_language:
        return Markup("")
    attrs = f' lang="{escape(tag)}"'
    if direction(tag) != direction(page_language):
        attrs += f' dir="{direction(tag)}"'
    return Markup(attrs)


@lru_cache(maxsize=64)
def autonym(tag: str) -> str:
    """A language's name in itself (Українська, English), for a language switch."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(tag, sep="-").get_display_name(Locale.parse(tag, sep="-"))
    except (UnknownLocaleError, ValueError, TypeError):
        return tag
    return name[:1].upper() + name[1:] if name else tag
