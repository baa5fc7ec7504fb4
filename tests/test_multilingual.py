"""A site in several languages (site.yaml `languages: [uk, en]`): the main language's pages at
the top, each other language's in a folder of its own, every page linked to itself in the
others; names, topics, summaries and the editors' pages in each language where given, and
marked as not translated where not."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from claimsite import build_site
from claimsite.pipeline import build
from claimsite.warm import Warm

from .conftest import REPO, pages_first, stable, tree
from .htmlcheck import broken_links, element_tree

TEMPLATES = REPO / "templates"


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def elements(page: str, tag: str) -> list:
    return [e for e in element_tree(page).iter() if e.tag == tag]


def words(element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.fixture
def content(site):
    """Ukrainian first, English second; the test data is Ukrainian with some English."""
    return site("multilingual")


@pytest.fixture
def built(content, tmp_path):
    out = tmp_path / "out"
    build_site(content, out, TEMPLATES)
    return out


def test_each_language_has_the_whole_site_and_the_site_files_are_shared(built):
    main = {p.relative_to(built).as_posix() for p in built.rglob("*.html")
            if not p.relative_to(built).as_posix().startswith("en/")}
    english = {p.relative_to(built / "en").as_posix() for p in (built / "en").rglob("*.html")}
    assert english == main - {"404.html"}  # every page in both; the 404 page once, at the top
    for shared in ("claims.json", "claims.csv", "claims.db", "static", "404.html"):
        assert (built / shared).exists() and not (built / "en" / shared).exists()
    assert list((built / "pagefind").iterdir()) and list((built / "en" / "pagefind").iterdir())
    assert broken_links(built) == []
    assert re.search(r'<html lang="uk">', text_of(built / "claims" / "plan-works.html"))
    assert re.search(r'<html lang="en">', text_of(built / "en" / "claims" / "plan-works.html"))


def test_every_page_links_to_itself_in_the_other_languages(built):
    for page, other in (("claims/plan-works.html", "en/claims/plan-works.html"),
                        ("en/topics/nato.html", "topics/nato.html")):
        html = text_of(built / page)
        alternates = {e.get("hreflang"): e.get("href") for e in elements(html, "link")
                      if e.get("rel") == "alternate" and e.get("hreflang")}
        assert set(alternates) == {"uk", "en", "x-default"}
        target = (built / page).parent / alternates["uk" if other.count("/") < page.count("/") else "en"]
        assert target.resolve() == (built / other).resolve()
        switch = next(e for e in elements(html, "nav") if e.get("class") == "languages")
        links = {a.get("lang"): a for a in switch.iter("a")}
        current = "en" if page.startswith("en/") else "uk"
        assert links[current].get("aria-current") == "page"
        assert words(links["uk"]) == "Українська" and words(links["en"]) == "English"


def test_names_topics_and_summaries_are_in_the_pages_language(built):
    uk = text_of(built / "claims" / "plan-works.html")
    en = text_of(built / "en" / "claims" / "plan-works.html")
    assert "Ада Спікер" in uk and "Ada Speaker" in en and "Ада Спікер" not in en
    assert "Щоденний приклад" in uk and "The Daily Example" in en
    assert "НАТО" in uk and ">NATO<" in en
    summary = lambda html: words(next(e for e in elements(html, "p") if e.get("class") == "assertion"))  # noqa: E731
    assert summary(uk) == "План працює." and summary(en) == "The plan is working."


def test_what_is_not_translated_shows_in_its_language_and_says_so(built):
    # "talks-continue" has its summary in Ukrainian only.
    page = text_of(built / "en" / "claims" / "talks-continue.html")
    summary = next(e for e in element_tree(page).iter() if e.get("class") == "assertion")
    original = summary.find("span")
    assert original.get("lang") == "uk" and words(original) == "Переговори триватимуть."
    assert summary.find("span[@class='untranslated']") is not None
    # The editors' methodology exists in Ukrainian only: shown, marked, with a note.
    methodology = text_of(built / "en" / "methodology.html")
    article = next(e for e in elements(methodology, "article"))
    assert article.get("lang") == "uk" and "Як працює цей трекер" in words(article)
    note = next(e for e in article.iter("p") if e.get("class") == "note")
    assert note.get("lang") == "en"


def test_the_editors_page_in_another_language_is_used_where_given(content, tmp_path):
    (content / "methodology.en.md").write_text("# How this tracker works\n\nWe record who said what.\n",
                                                encoding="utf-8")
    out = tmp_path / "out"
    build_site(content, out, TEMPLATES, search_index=False)
    page = text_of(out / "en" / "methodology.html")
    assert "We record who said what." in page and "Ми записуємо" not in page
    assert "Ми записуємо" in text_of(out / "methodology.html")


def test_the_interface_is_in_each_pages_language(built):
    uk = text_of(built / "claims" / "plan-works.html")
    en = text_of(built / "en" / "claims" / "plan-works.html")
    heading = lambda html: words(next(e for e in elements(html, "h2") if e.get("id") == "differ"))  # noqa: E731
    assert heading(en) == "How the reports differ"
    assert heading(uk) != heading(en) and not re.search("[A-Za-z]", heading(uk))


def test_feeds_and_structured_data_point_to_the_pages_language(content, tmp_path):
    settings = content / "site.yaml"
    settings.write_text(text_of(settings) + "base_url: https://tracker.example.org/\n", encoding="utf-8")
    out = tmp_path / "out"
    build_site(content, out, TEMPLATES, search_index=False)
    atom = "{http://www.w3.org/2005/Atom}"
    links = [e.get("href") for e in ET.parse(out / "en" / "feed.xml").getroot().iter(f"{atom}link")]
    assert "https://tracker.example.org/en/claims/plan-works.html" in links
    titles = [e.text for e in ET.parse(out / "en" / "feed.xml").getroot().iter(f"{atom}title")]
    assert "The plan is working." in titles
    main_links = [e.get("href") for e in ET.parse(out / "feed.xml").getroot().iter(f"{atom}link")]
    assert "https://tracker.example.org/claims/plan-works.html" in main_links
    ld = json.loads(re.search(r'<script type="application/ld\+json">\s*(.*?)\s*</script>',
                              text_of(out / "en" / "claims" / "plan-works.html"), re.S)[1])
    assert ld["url"] == "https://tracker.example.org/en/claims/plan-works.html"
    assert ld["inLanguage"] == "en" and ld["name"] == "The plan is working."
    sitemap = text_of(out / "sitemap.xml")
    assert "https://tracker.example.org/en/claims/plan-works.html" in sitemap
    assert "https://tracker.example.org/claims/plan-works.html" in sitemap


@pytest.mark.parametrize("edit", ["english summary", "english topic name", "languages"])
def test_an_edit_rebuilds_to_what_a_clean_build_makes(content, tmp_path, edit):
    out = tmp_path / "out"
    build_site(content, out, TEMPLATES)
    if edit == "english summary":
        path = content / "articles" / "first-report.md"
        path.write_text(text_of(path).replace("en: The plan is working.", "en: The plan works."),
                        encoding="utf-8")
    elif edit == "english topic name":
        path = content / "site.yaml"
        path.write_text(text_of(path).replace("en: NATO", "en: North Atlantic Treaty Organization"),
                        encoding="utf-8")
    else:  # a language added: its pages appear; and then removed again, they go
        path = content / "site.yaml"
        path.write_text(text_of(path).replace("languages: [uk, en]", "languages: [uk, en, ru]"),
                        encoding="utf-8")
    build_site(content, out, TEMPLATES)
    clean = tmp_path / "clean"
    build_site(content, clean, TEMPLATES, use_cache=False)
    assert stable(tree(out)) == stable(tree(clean))
    if edit == "languages":
        assert (out / "ru" / "index.html").exists()
        path.write_text(text_of(path).replace("languages: [uk, en, ru]", "languages: [uk]"),
                        encoding="utf-8")
        build_site(content, out, TEMPLATES)
        assert not (out / "en").exists() and not (out / "ru").exists()
        assert not elements(text_of(out / "index.html"), "nav")[-1].get("class") == "languages"


def test_the_preview_follows_an_edit_in_every_language(content, tmp_path):
    """As serve builds: in memory from one build to the next, the pages first after a save."""

    warm, out = Warm(), tmp_path / "preview"
    build(content, out, TEMPLATES, keeping=warm)
    path = content / "articles" / "first-report.md"
    path.write_text(text_of(path).replace("en: The plan is working.", "en: The plan works."),
                    encoding="utf-8")
    pages_first(content, out, TEMPLATES, warm=warm)
    assert "The plan works." in text_of(out / "en" / "claims" / "plan-works.html")
    build(content, out, TEMPLATES, keeping=warm)  # the data files and indexes, after
    clean = tmp_path / "clean"
    build_site(content, clean, TEMPLATES, use_cache=False)
    assert stable(tree(out)) == stable(tree(clean))
