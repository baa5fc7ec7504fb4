"""The interface in the site's language: every word the site prints that is not content.

`content/site.yaml`'s `language` (a BCP 47 tag, default `en`) names it. Its words come from
a message catalog, `locales/<language>/LC_MESSAGES/messages.po` beside this module, found
for the tag from the most specific form to the least (`pt-BR`: `pt_BR`, then `pt`), and
compiled in memory when a build starts; a language with no catalog gets English, and the
build says, once, how to add one. Dates, numbers, plural rules and the names of languages
and countries come from Babel's locale data (CLDR) for the tag itself, so `en-GB` has
British dates with the English catalog.

An `Interface` is made per build and passed to what needs it: the Jinja environment
(`render.install`), the page kinds (`Sources.i18n`), the feed. Nothing here is global;
what it works out (a date as words, a number) is remembered for the build, since the long
lists show the same dates thousands of times.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from .dates import PartialDate
from .files import shown_path

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
TEMPLATE = LOCALES / f"{DOMAIN}.pot"  # every message, as `pybabel extract` writes it
FALLBACK = "en"
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def candidates(tag: str) -> list[str]:
    """The catalog names to try for a language tag, most specific first: `pt-BR` -> pt_BR,
    pt; `zh-hant-tw` -> zh_Hant_TW, zh_Hant, zh (BCP 47 is case-insensitive; catalogs are
    named as Babel names locales)."""
    parts = []
    for number, part in enumerate(tag.replace("_", "-").split("-")):
        if not part:
            break
        if number == 0:
            parts.append(part.lower())
        elif len(part) == 4 and part.isalpha():
            parts.append(part.title())  # a script
        elif len(part) in (2, 3):
            parts.append(part.upper())  # a region
        else:
            break  # a variant or extension: not part of a catalog's name
    return ["_".join(parts[:n]) for n in range(len(parts), 0, -1)]


class Interface:
    """The interface language of one build: its catalog, compiled, and Babel's locale data."""

    def __init__(self, tag: str = FALLBACK, locales: Path = LOCALES) -> None:
        self.tag = tag or FALLBACK
        self.warnings: list[str] = []  # for the build's summary: one line each
        names = candidates(self.tag)
        found = next((name for name in names if _catalog(locales, name).is_file()), None)
        if found is None:
            self.warnings.append(
                f"language {self.tag!r} has no translation of the interface yet, so the site's "
                f"interface is in English; to add one: pybabel init -i {shown_path(locales / TEMPLATE.name)} "
                f"-d {shown_path(locales)} -l {names[0] if names else self.tag}, translate the "
                f"messages in {shown_path(_catalog(locales, names[0] if names else self.tag))}, "
                "and build again")
            found = FALLBACK
            self.locale = Locale.parse(FALLBACK)
        else:
            self.locale = _locale(names, found)
        self.catalog = found  # the catalog's name: en, uk, pt_BR ...
        self.translations = self._compile(_catalog(locales, found))
        # BCP 47 form of the locale the interface is in, for lang attributes and the
        # browser's own plural rules and number format (search.js)
        self.lang = str(self.locale).replace("_", "-")
        self.gettext = self.translations.gettext
        self.ngettext = self.translations.ngettext
        self._dates: dict[PartialDate, str] = {}
        self._numbers: dict[int, str] = {}
        self._languages: dict[str, str] = {}

    def _compile(self, path: Path) -> Translations:
        """The .po file as gettext translations, made in memory. A translation that would
        break a page is left out (that message stays in English), with a warning: one with
        a plural form missing, or whose %(name)s placeholders are not the original's."""
        with open(path, "rb") as file:
            source = file.read()
        # What the interface's words are made from: templates compiled with them (render.py)
        # are kept for the next build only while this is the same.
        self.key = f"{self.catalog} {hashlib.sha256(source).hexdigest()}"
        catalog = read_po(io.BytesIO(source), locale=self.catalog, domain=DOMAIN)
        for message in list(catalog)[1:]:
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
            strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
            problem = ""
            if not all(strings) or len(ids) > 1 and len(strings) < catalog.num_plurals:
                problem = "a plural form is not translated"
            else:
                allowed = {name for text in ids for name in _PLACEHOLDER.findall(text)}
                for text in strings:
                    try:
                        text % {name: "" for name in allowed}
                    except (KeyError, ValueError, TypeError) as err:
                        problem = f"it cannot be filled in ({type(err).__name__}: {err})"
                        break
            if problem:
                message.string = ("",) * len(strings) if len(strings) > 1 else ""
                if not message.fuzzy:
                    self.warnings.append(f"{shown_path(path)}:{message.lineno}: the translation "
                                         f"of {ids[0]!r} is left out: {problem}")
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(buffer, domain=DOMAIN)

    # --- what pages show --------------------------------------------------------------

    def date(self, date: PartialDate) -> str:
        """A date at the precision it is known, as the language writes it: the year; the
        month (its stand-alone name) and year; or the day, month and year (Babel's long
        format). The time of day, where a report gives one, is not shown."""
        text = self._dates.get(date)
        if text is None:
            text = self._dates[date] = self._format_date(date)
        return text

    def _format_date(self, date: PartialDate) -> str:
        import datetime as dt

        day = dt.date(date.year, date.month or 1, date.day or 1)
        if date.day:
            return format_date(day, "long", locale=self.locale)
        if date.month:
            return format_skeleton("yMMMM", day, locale=self.locale)
        return format_skeleton("y", day, locale=self.locale)

    def number(self, number: int) -> str:
        """A count as the language writes it (1,234; 1 234; 1.234)."""
        text = self._numbers.get(number)
        if text is None:
            text = self._numbers[number] = format_decimal(number, locale=self.locale)
        return text

    def language_name(self, tag: str) -> str:
        """The name of the language of a tag, in the interface language ("Portuguese
        (Brazil)"; in Ukrainian "португальська (Бразилія)"); a tag Babel does not know is
        shown as it is written."""
        name = self._languages.get(tag)
        if name is None:
            name = self._languages[tag] = self._language_name(tag)
        return name

    def _language_name(self, tag: str) -> str:
        names = candidates(tag)
        if not names:
            return tag
        try:
            return Locale.parse(names[0]).get_display_name(self.locale) or tag
        except (UnknownLocaleError, ValueError):
            pass
        language = names[-1]
        return self.locale.languages.get(language) or tag

    def country_name(self, code: str) -> str:
        """A country's name from its ISO 3166 code (GB: "United Kingdom"), or the code."""
        return self.locale.territories.get(code.upper(), code) if code else code

    def plural_forms(self, form) -> dict[str, str]:
        """`form(n)` for one number of each of the language's plural categories (CLDR's:
        one, few, many, other), for a script that picks among them with the browser's
        Intl.PluralRules. Categories no whole number falls in (Ukrainian "other", for
        fractions) are left out."""
        rule = self.locale.plural_form
        samples: dict[str, int] = {}
        for n in range(0, 1000):
            samples.setdefault(rule(n), n)
            if len(samples) == len(rule.tags | {"other"}):
                break
        return {category: str(form(n)) for category, n in sorted(samples.items())}


def _catalog(locales: Path, name: str) -> Path:
    return locales / name / "LC_MESSAGES" / f"{DOMAIN}.po"


def _locale(names: list[str], found: str) -> Locale:
    """The most specific locale Babel knows of the tag, down to the catalog's own."""
    for name in names[:names.index(found) + 1]:
        try:
            return Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(FALLBACK)
