"""The interface in the site's language: complete catalogs, no English left on a Ukrainian
site, plurals and dates by the language's rules, and English for a language with no catalog."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages import frontend
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from claimsite import build_site, fingerprint, lists
from claimsite.keeping import OnDisk
from claimsite.pipeline import build
from claimsite.warm import Warm
from claimsite.cli import main
from claimsite.dates import PartialDate
from claimsite.i18n import LOCALES, TEMPLATE, Interface, candidates

from .conftest import REPO, stable, tree

TEMPLATES = REPO / "templates"


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- the catalogs ------------------------------------------------------------------------

def extracted() -> dict:
    """Every message of the templates and the package code, as babel.cfg has
    `pybabel extract` find them: {msgid (or (singular, plural)): "file:line"}."""
    parse = getattr(frontend, "parse_mapping_cfg", None) or frontend.parse_mapping
    with open(REPO / "babel.cfg", encoding="utf-8") as file:
        method_map, options_map = parse(file)
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(REPO), method_map, options_map):
        key = tuple(message) if isinstance(message, (list, tuple)) else message
        found.setdefault(key, f"{filename}:{lineno}")
    return found


def untranslated(catalog_file: Path, messages: dict) -> list[str]:
    """Each message missing from the catalog, or without a translation in it (an empty
    msgstr, a plural form left empty, or marked fuzzy, which the build leaves out)."""
    with open(catalog_file, "rb") as file:
        catalog = read_po(file)
    problems = []
    for key, where in sorted(messages.items(), key=lambda kv: kv[1]):
        msgid = key[0] if isinstance(key, tuple) else key
        entry = catalog.get(key if not isinstance(key, tuple) else key[0])
        if entry is None:
            problems.append(f"{where}: {msgid!r} is not in the catalog")
            continue
        forms = entry.string if isinstance(entry.string, (list, tuple)) else (entry.string,)
        wanted = catalog.num_plurals if isinstance(key, tuple) else 1
        if entry.fuzzy or len(forms) < wanted or not all(forms):
            problems.append(f"{where}: {msgid!r} has no translation"
                            + (" in every plural form" if isinstance(key, tuple) else ""))
    return problems


def test_every_interface_message_has_a_ukrainian_translation():
    messages = extracted()
    assert len(messages) > 100  # the extraction found the templates' words and the code's
    assert untranslated(LOCALES / "uk" / "LC_MESSAGES" / "messages.po", messages) == []


def test_the_english_catalog_and_the_template_hold_every_message_too():
    """English is a catalog like any other (a newsroom may reword it), and messages.pot,
    which `pybabel update` brings into each catalog, is up to date with the sources."""
    messages = extracted()
    assert untranslated(LOCALES / "en" / "LC_MESSAGES" / "messages.po", messages) == []
    with open(TEMPLATE, "rb") as file:
        template = read_po(file)
    assert [key for key in messages if (key[0] if isinstance(key, tuple) else key) not in template] == []


def test_the_shipped_catalogs_compile_without_a_warning():
    for language in ("en", "uk"):
        assert Interface(language).warnings == []


def test_a_broken_translation_stays_in_english_with_a_warning(tmp_path):
    folder = tmp_path / "uk" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    source = text_of(LOCALES / "uk" / "LC_MESSAGES" / "messages.po")
    broken = source.replace('msgstr "Причина: %(why)s"', 'msgstr "Причина: %(чому)s"')
    assert broken != source
    (folder / "messages.po").write_text(broken, encoding="utf-8")
    interface = Interface("uk", locales=tmp_path)
    assert len(interface.warnings) == 1 and "Why: %(why)s" in interface.warnings[0]
    assert interface.gettext("Why: %(why)s") == "Why: %(why)s"  # shown, in English
    assert interface.gettext("Timeline") == "Хронологія"


def test_catalogs_are_found_from_the_most_specific_tag():
    assert candidates("pt-BR") == ["pt_BR", "pt"]
    assert candidates("zh-hant-tw") == ["zh_Hant_TW", "zh_Hant", "zh"]
    assert Interface("uk-UA").catalog == "uk" and Interface("uk-UA").warnings == []
    british = Interface("en-GB")
    assert british.catalog == "en" and british.warnings == []
    assert british.date(PartialDate(2024, 6, 19)) == format_date(dt.date(2024, 6, 19), "long", locale="en_GB")


def test_editing_a_catalog_changes_the_code_digest(tmp_path):
    """A changed translation re-renders the pages (the catalogs are part of the code)."""
    package = tmp_path / "claimsite"
    shutil.copytree(LOCALES.parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint.code_digest(package)
    assert before == fingerprint.code_digest()  # the copy is digested as the package is
    catalog = package / "locales" / "uk" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(text_of(catalog).replace("Хронологія", "Часопис"), encoding="utf-8")
    assert fingerprint.code_digest(package) != before


# --- a site in Ukrainian -----------------------------------------------------------------

class _Visible(HTMLParser):
    """What a reader meets on a page: its text, the words in aria-label, title, placeholder
    and alt attributes and the description's content, the search results' labels
    (data-pagefind-meta), and the words search.js shows (the page's JSON)."""

    SKIPPED = {"script", "style"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.stack: list[tuple[str, dict]] = []
        self.json = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("aria-label", "title", "placeholder", "alt"):
            if attrs.get(name):
                self.words.append(attrs[name])
        if tag == "meta" and attrs.get("name") == "description":
            self.words.append(attrs.get("content") or "")
        key, _, value = (attrs.get("data-pagefind-meta") or "").partition(":")
        if value and key != "lang":  # lang: a language tag (the result's lang), not a word
            self.words.append(value)
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        tags = [tag for tag, _ in self.stack]
        if tags and tags[-1] == "script" and self.stack[-1][1].get("id") == "search-words":
            self.json += data
        elif not self.SKIPPED & set(tags) and not any(
                tag == "textarea" and "readonly" in attrs for tag, attrs in self.stack):
            self.words.append(data)  # (a read-only textarea holds code to copy: the embed code)


def visible(page: Path) -> str:
    parser = _Visible()
    parser.feed(text_of(page))
    words = list(parser.words)
    if parser.json:
        def strings(value):
            if isinstance(value, dict):
                return [s for v in value.values() for s in strings(v)]
            return [value] if isinstance(value, str) else []
        data = json.loads(parser.json)
        data.pop("lang")  # a language tag, not a word
        words += [s.replace("{num}", "").replace("{error}", "") for s in strings(data)]
    return "\n".join(words)


# Not English words: names of formats and of the program that wrote the feed.
ALLOWED = {"Atom", "JavaScript", "claimsite"}
_ADDRESS = re.compile(r"\S+://\S+|\b(?:[\w-]+\.)+[a-z]{2,}\b")  # links, domains, claims.json
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")


def latin_words(text: str) -> set[str]:
    return set(_LATIN.findall(_ADDRESS.sub(" ", text))) - ALLOWED


def feed_text(path: Path) -> str:
    """The feed's words a reader's feed reader shows (not its ids, times and links)."""
    shown = {"title", "subtitle", "summary", "name", "generator"}
    return "\n".join(element.text or "" for element in ET.parse(path).getroot().iter()
                     if element.tag.rpartition("}")[2] in shown)


@pytest.fixture
def ukrainian(site, tmp_path):
    """The site of tests/sites/uk (its content is Ukrainian test data), built."""
    def build(split: bool = False) -> Path:
        content = site("uk")
        out = tmp_path / ("out-split" if split else "out")
        build_site(content, out, TEMPLATES)
        return out
    return build


@pytest.mark.parametrize("split", [False, True], ids=["one-page-lists", "lists-by-year"])
def test_a_ukrainian_site_has_no_english_interface_word_left(ukrainian, monkeypatch, split):
    if split:  # the pages of a large tracker: lists by year, the timeline by period
        for name in ("TIMELINE_ONE_PAGE", "ARTICLES_ONE_PAGE", "ARTICLES_YEAR_ONE_PAGE", "GROUP_ONE_PAGE",
                     "GROUP_NEWEST"):
            monkeypatch.setattr(lists, name, 1)
    out = ukrainian(split)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 25 and (out / "404.html") in pages and (out / "search.html") in pages
    if split:
        assert (out / "speakers" / "ministerstvo" / "undated.html").exists()
        assert (out / "timeline" / "2024-06.html").exists()
        assert (out / "articles-2024-06.html").exists()
    found = {page.relative_to(out).as_posix(): latin_words(visible(page)) for page in pages}
    found["feed.xml"] = latin_words(feed_text(out / "feed.xml"))
    assert {page: words for page, words in found.items() if words} == {}
    # and the Ukrainian is there (the checks above saw the pages' words)
    assert "Хронологія" in visible(out / "index.html")
    assert "Виправлення: " in feed_text(out / "feed.xml")
    assert "Як ми працюємо" in visible(out / "methodology.html")  # the theme's methodology.uk.md


def test_ukrainian_plurals_and_dates_follow_the_language(ukrainian):
    out = ukrainian()
    rule = Locale.parse("uk").plural_form
    # The catalog's forms of "report", by plural category (CLDR's, as Babel has them).
    report = {"one": "повідомлення", "few": "повідомлення", "many": "повідомлень"}
    timeline = text_of(out / "timeline.html")
    for claim, count in {"odne-povidomlennia": 1, "plan-pratsiuie": 2, "p-piat": 5}.items():
        row = timeline[timeline.index(f'href="claims/{claim}.html"'):]
        row = " ".join(re.sub(r"<[^>]*>", " ", row[:row.index("</li>")]).split())
        assert row.endswith(f"· {count} {report[rule(count)]}"), row
    assert {rule(1), rule(2), rule(5)} == {"one", "few", "many"}  # all three forms were seen

    claim = text_of(out / "claims" / "plan-pratsiuie.html")
    day = format_date(dt.date(2024, 6, 18), "long", locale="uk")
    assert f'<time datetime="2024-06-18">{day}</time>' in claim
    month = format_skeleton("yMMMM", dt.date(2024, 6, 1), locale="uk")  # stand-alone month
    assert f'<time datetime="2024-06">{month}</time>' in claim
    assert day != month and "2024" in day
    article = text_of(out / "articles" / "second-report.html")
    assert Locale.parse("uk").languages["ru"] in article  # the article's language, in Ukrainian
    # search.js gets a form for each category the language's numbers fall in
    words = _Visible()
    words.feed(text_of(out / "search.html"))
    results = json.loads(words.json)["results"]
    assert set(results) == {"one", "few", "many"} and len(set(results.values())) == 3


@pytest.mark.parametrize("process", ["new process", "serve"])
def test_switching_the_site_language_rebuilds_what_it_changes(site, tmp_path, process):
    """A build after `language: en` becomes `uk` gives the bytes a clean build gives, in a
    new process and in serve's (whose Jinja environment outlives the change)."""
    content = site()
    out, clean = tmp_path / "out", tmp_path / "clean"
    warm = Warm() if process == "serve" else OnDisk()
    build(content, out, TEMPLATES, search_index=False, keeping=warm)
    settings = content / "site.yaml"
    settings.write_text(text_of(settings).replace("language: en", "language: uk"), encoding="utf-8")
    build(content, out, TEMPLATES, search_index=False, keeping=warm)
    build_site(content, clean, TEMPLATES, search_index=False, use_cache=False)
    assert stable(tree(out)) == stable(tree(clean))
    assert "Хронологія" in text_of(out / "index.html")


def test_a_language_with_no_catalog_gets_english_and_one_warning(site, tmp_path, capsys):
    content = site()
    settings = content / "site.yaml"
    settings.write_text(text_of(settings).replace("language: en", "language: de"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--content", str(content), "--templates", str(TEMPLATES), "--out", str(out),
                 "--no-search"]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "pybabel" in line]
    assert len(lines) == 1 and [line for line in err.splitlines() if line.startswith("warning")] == lines
    assert "pybabel init -i " in lines[0] and " -l de" in lines[0]
    assert str(Path("src", "claimsite", "locales", "messages.pot")) in lines[0] or \
        str(TEMPLATE) in lines[0]
    page = text_of(out / "index.html")
    assert "Timeline" in page and '<html lang="de">' in page
    assert format_date(dt.date(2024, 6, 18), "long", locale="en") in text_of(out / "claims" / "plan-works.html")
