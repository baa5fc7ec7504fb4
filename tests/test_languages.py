"""Every text in its own language: lang and dir on what is not in the site's language,
translations with who made them, quotes compared only within one language, and the
typography of other alphabets (ʼ, ё, composed letters) forgiven by the quote check."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest

from claimsite import build_site
from claimsite.cli import main
from claimsite.quotes import QuoteChecker

from .conftest import REPO
from .htmlcheck import element_tree

TEMPLATES = REPO / "templates"


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture
def built(site, tmp_path):
    """English, Ukrainian, Russian and Arabic reports of one statement, on an English site."""
    content = site("languages")
    out = tmp_path / "out"
    build_site(content, out, TEMPLATES, search_index=False)
    return out


def elements(page: str, tag: str) -> list:
    return [e for e in element_tree(page).iter() if e.tag == tag]


def test_the_page_is_in_the_site_language_and_each_report_in_its_own(built):
    page = text_of(built / "claims" / "plan-works.html")
    assert re.search(r'<html lang="en">', page)
    quotes = {e.get("lang"): e for e in elements(page, "blockquote")}
    assert set(quotes) == {None, "uk", "ru", "ar"}  # None: the English reports, as the page
    assert quotes["ar"].get("dir") == "rtl" and quotes["uk"].get("dir") is None
    headlines = [a for a in elements(page, "a") if a.get("href", "").startswith("../articles/")]
    assert {a.get("lang") for a in headlines} >= {"uk", "ru", "ar"}


def test_an_article_page_marks_its_headline_and_text(built):
    page = text_of(built / "articles" / "plan-uk.html")
    h1 = elements(page, "h1")[0]
    assert h1.get("lang") == "uk" and "Міністерка" in "".join(h1.itertext())
    body = next(e for e in elements(page, "div") if "body" in e.get("class", "").split())
    assert body.get("lang") == "uk"
    arabic = text_of(built / "articles" / "plan-ar.html")
    assert elements(arabic, "h1")[0].get("dir") == "rtl"
    english = text_of(built / "articles" / "first-report.html")
    assert elements(english, "h1")[0].get("lang") is None  # the site's own language: no mark


def test_names_keep_the_language_they_are_written_in(built):
    page = text_of(built / "claims" / "plan-works.html")
    assert '<span lang="ru">Московский пример</span>' in page
    assert '<span lang="ar" dir="rtl">مثال القاهرة</span>' in page
    outlet = text_of(built / "outlets" / "kyiv.html")
    assert elements(outlet, "h1")[0].find("span").get("lang") == "uk"


def test_quotes_in_other_languages_are_listed_not_compared_word_by_word(built):
    page = text_of(built / "claims" / "plan-works.html")
    differ = next(e for e in elements(page, "section") if e.get("aria-labelledby") == "differ")
    said = " ".join("".join(differ.itertext()).split())
    assert "different wording" not in said
    assert not [m for m in elements(page, "mark") if "differs" in m.get("class", "")]
    assert "Also quoted in" in said
    for outlet in ("Київський приклад", "Московский пример", "مثال القاهرة"):
        assert outlet in said.split("Also quoted in", 1)[1]
    # The English excerpt of the same words is said to be one, not another wording.
    assert "Weekly Example quotes less of the same words than The Daily Example" in said


def test_same_language_quotes_that_differ_are_still_compared(site, tmp_path):
    content = site("languages")
    extra = content / "articles" / "plan-uk-2.md"
    extra.write_text("---\ntitle: Інший звіт\noutlet: kyiv\nlanguage: uk\nclaims:\n"
                     "  - id: plan-works\n    speaker: ada-speaker\n"
                     "    quote: План працює чудово\n---\nВона сказала: «План працює чудово».\n",
                     encoding="utf-8")
    out = tmp_path / "out"
    build_site(content, out, TEMPLATES, search_index=False)
    page = text_of(out / "claims" / "plan-works.html")
    marked = {"".join(m.itertext()) for m in elements(page, "mark") if "differs" in m.get("class", "")}
    assert marked == {"і", "працює", "добре", "чудово"}  # Ukrainian against Ukrainian only
    words = [p for p in elements(page, "span") if p.get("lang") == "uk" and p.find("mark") is not None]
    assert words, "the compared words carry their language"


def test_a_translation_is_shown_beside_the_original_words_with_who_made_it(built):
    page = text_of(built / "claims" / "uniting.html")
    # The heading uses the words in the site's language: here, the outlet's translation.
    h1 = elements(page, "h1")[0]
    assert "".join(h1.itertext()) == "We are uniting" and h1.find("q").get("lang") is None
    quote = next(e for e in elements(page, "blockquote"))
    assert quote.get("lang") == "uk" and "".join(quote.itertext()).strip() == "Ми об'єднуємося"
    translation = next(e for e in elements(page, "div") if e.get("class") == "translation")
    text = " ".join("".join(translation.itertext()).split())
    assert "Київський приклад" in text and "We are uniting" in text


def test_without_a_translation_the_heading_keeps_the_original_marked(built):
    page = text_of(built / "claims" / "on-schedule.html")
    q = elements(page, "h1")[0].find("q")
    assert q.get("lang") == "ru" and "".join(q.itertext()) == "Все идет по плану"


def test_exports_carry_the_original_the_translation_and_the_language(built):
    record = next(c for c in json.loads(text_of(built / "claims.json"))["claims"] if c["id"] == "uniting")
    report = record["appearances"][0]
    assert report["quote"] == "Ми об'єднуємося" and report["translation"] == "We are uniting"
    assert report["translated_by"] == "outlet" and report["article"]["language"] == "uk"
    rows = list(csv.DictReader(io.StringIO(text_of(built / "claims.csv"))))
    row = next(r for r in rows if r["claim_id"] == "uniting")
    assert (row["quote"], row["translation"], row["translated_by"], row["language"]) == \
        ("Ми об'єднуємося", "We are uniting", "outlet", "uk")
    ld = json.loads(re.search(r'<script type="application/ld\+json">\s*(.*?)\s*</script>',
                              text_of(built / "claims" / "plan-works.html"), re.S)[1])
    assert {w["inLanguage"] for w in ld["appearance"]} == {"en", "uk", "ru", "ar"}


def test_apostrophes_yo_and_composed_letters_are_typography(built):
    # Typed with ' (U+0027); the article prints ʼ (U+02BC): found, and highlighted.
    page = text_of(built / "articles" / "plan-uk.html")
    mark = next(m for m in elements(page, "mark") if m.get("id") == "quote-uniting")
    assert "".join(mark.itertext()) == "Ми обʼєднуємося"
    # Typed with е; the article prints ё.
    russian = text_of(built / "articles" / "plan-ru.html")
    mark = next(m for m in elements(russian, "mark") if m.get("id") == "quote-on-schedule")
    assert "".join(mark.itertext()) == "Всё идёт по плану"


@pytest.mark.parametrize("text, quote", [
    ("don\u02bct", "don't"), ("don\u2019t", "don't"), ("don't", "don\u02bct"),
    ("Всё идёт", "Все идет"), ("Все идет", "Всё идёт"),
    (unicodedata.normalize("NFD", "Йде ёлка"), "Йде ёлка"), ("Йде ёлка", unicodedata.normalize("NFD", "Йде ёлка")),
])
def test_the_quote_check_forgives_typography_of_other_alphabets(text, quote):
    assert QuoteChecker(f"Вона сказала: «{text}».").find(quote) is None


def test_the_quote_check_still_refuses_other_letters():
    assert QuoteChecker("Він сказав: «обʼєднуємося»").find("обьєднуємося") is not None
    assert QuoteChecker("Він сказав: «так»").find("Так") is not None  # case is not typography


@pytest.mark.parametrize("entry, message", [
    ("    quote: План працює\n    translation: The plan works\n",
     "translation needs `translated_by`"),
    ("    translation: The plan works\n    translated_by: editors\n",
     "give the `quote` it translates"),
    ("    quote: План працює\n    translated_by: editors\n",
     "translated_by without a `translation`"),
    ("    quote: План працює\n    translation: The plan works\n    translated_by: a friend\n",
     "must be one of outlet, editors, machine"),
])
def test_a_translation_says_what_it_translates_and_who_made_it(site, capsys, entry, message):
    content = site()
    (content / "articles" / "uk.md").write_text(
        "---\ntitle: Звіт\nlanguage: uk\nclaims:\n  - speaker: ada-speaker\n"
        f"    assertion: The plan works.\n{entry}---\nВона сказала: «План працює».\n", encoding="utf-8")
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"content/articles/uk\.md:\d+: .*" + re.escape(message), err), err


def test_a_translation_of_words_already_in_the_site_language_is_refused(site, capsys):
    content = site()
    (content / "articles" / "en.md").write_text(
        "---\ntitle: Report\nclaims:\n  - speaker: ada-speaker\n    assertion: The plan works.\n"
        "    quote: the plan works\n    translation: the plan works\n    translated_by: editors\n"
        "---\nShe said the plan works.\n", encoding="utf-8")
    assert main(["check", "--content", str(content)]) == 1
    assert "content/articles/en.md:7: translation given, but the article is in the site's language" \
        in capsys.readouterr().err


# --- a site in several languages: the settings and the records ------------------------------

def test_the_main_language_is_the_first_of_the_sites_languages(site, capsys):
    content = site()
    settings = content / "site.yaml"
    settings.write_text(text_of(settings).replace("language: en", "language: en\nlanguages: [uk, en]"),
                        encoding="utf-8")
    assert main(["check", "--content", str(content)]) == 1
    assert re.search(r"content/site\.yaml:3: language en is not the first of languages \(uk, en\)",
                     capsys.readouterr().err)


@pytest.mark.parametrize("assertion, message", [
    ("{english: The plan works.}", "'english' is not a language tag"),
    ("{en: The plan works., uk: ''}", "in uk is empty"),
    ("[The plan works.]", "must be text, not a list"),
])
def test_an_assertion_in_several_languages_is_checked(site, capsys, assertion, message):
    content = site()
    (content / "articles" / "several.md").write_text(
        f"---\ntitle: Report\nclaims:\n  - speaker: ada-speaker\n    assertion: {assertion}\n"
        "---\nText.\n", encoding="utf-8")
    assert main(["check", "--content", str(content)]) == 1
    assert f"content/articles/several.md:5: assertion {message}" in capsys.readouterr().err


def test_an_assertion_is_given_once_in_each_language(site, capsys):
    content = site()
    for name, words in (("one", "План працює."), ("two", "План діє.")):
        (content / "articles" / f"{name}.md").write_text(
            f"---\ntitle: Report\nclaims:\n  - id: plan\n    speaker: ada-speaker\n"
            f"    assertion: {{en: The plan works., uk: {words}}}\n---\nText.\n", encoding="utf-8")
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "content/articles/two.md:6: claim 'plan' has a different assertion in uk in " \
           "content/articles/one.md:6" in err
    assert err.count("different assertion") == 1  # the English words agree


def test_a_quote_typed_with_the_sources_markdown_is_highlighted_as_the_check_accepts_it(site, tmp_path):
    content = site()
    (content / "articles" / "emphasis.md").write_text(
        "---\ntitle: Report\nclaims:\n  - id: stress\n    speaker: ada-speaker\n"
        "    assertion: The plan works.\n    quote: the plan *really* works\n"
        "---\nShe said: “the plan *really* works”.\n", encoding="utf-8")
    out = tmp_path / "out"
    build_site(content, out, TEMPLATES, search_index=False)
    page = text_of(out / "articles" / "emphasis.html")
    marks = [m for m in elements(page, "mark")]
    assert marks[0].get("id") == "quote-stress"
    assert "".join("".join(m.itertext()) for m in marks) == "the plan really works"
    assert 'href="../articles/emphasis.html#quote-stress"' in text_of(out / "claims" / "stress.html")

