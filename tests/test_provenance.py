"""Editorial trust: how each fact is known, the speaker's words apart from the editors'
summary, verdicts (with ClaimReview JSON-LD), corrections and the methodology page.

tests/sites/provenance/ uses every provenance field; tests/sites/invalid/provenance/ holds
the mistakes `check` must report (test_content.py runs it with the other invalid sites)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from claimsite import build_site
from claimsite.dates import PartialDate
from claimsite.i18n import Interface
from claimsite.model import Appearance, Article, Claim
from claimsite.provenance import date_basis

from .conftest import REPO
from .htmlcheck import broken_links, reader_text

TEMPLATES = REPO / "templates"


@pytest.fixture
def built(site, tmp_path):
    content = site("provenance")
    out = tmp_path / "out"
    build_site(content, out, TEMPLATES, search_index=False)
    return out


def text_of(path) -> str:
    return path.read_text(encoding="utf-8")


def json_ld(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])


@pytest.mark.site
def test_a_claim_page_leads_with_the_speaker_and_their_words(built):
    page = text_of(built / "claims" / "plan-saved-money.html")
    start = page.index('<header class="claim-head">')
    header = page[start:page.index("</header>", start)]
    assert header.index("Ada Speaker") < header.index("<h1") < header.index("Editors' summary")
    assert '<h1 class="words"><q>The plan saved 40 million</q></h1>' in header
    assert '(our words, not a quotation)</span></p>\n      <p class="assertion">The plan saved 40 million.</p>' in header
    # A claim no report quotes: the summary is the heading, and says what it is.
    paraphrase = text_of(built / "claims" / "first-report-2.html")
    assert "Editors' summary <span class=\"muted\">(no report quotes the words; this is our paraphrase)" in paraphrase
    assert '<h1 class="assertion">Talks will continue.</h1>' in paraphrase


@pytest.mark.site
def test_inferred_dates_titles_and_attributions_are_labelled_with_their_basis(built):
    page = text_of(built / "claims" / "plan-saved-money.html")
    assert 'title="Inferred by the editors: Same press conference as the first report' in page
    assert "<summary>How the date was inferred</summary><p>Same press conference" in page
    assert "not named here; attributed by the editors" in page
    assert "The paragraph continues the minister&#39;s remarks without naming her." in page
    assert "(title by the editors)" in page
    article = text_of(built / "articles" / "rated-report.html")
    assert "Title written by the editors" in article and "The page prints no headline" in article
    assert "<summary>inferred</summary><p>The page says &#34;Friday&#34;" in article
    assert 'href="https://web.archive.org/web/2024/https://daily.example.org/news/figure"' in article
    assert "<strong>Editor's note.</strong> This report was first recorded" in article
    # Inferred dates are dates everywhere, and marked where they are listed.
    timeline = text_of(built / "timeline.html")
    assert "The plan saved 40 million." in timeline and "(inferred)</abbr>" in timeline


@pytest.mark.site
def test_a_title_by_the_editors_is_shown_with_their_reason(site, tmp_path):
    """The reason is the editors' (`title_by_editors`), not always "no headline" (issue 25, 7)."""
    content = site("provenance")
    article = content / "articles" / "rated-report.md"
    reason = "The outlet's headline names another minister; this title names the speaker."
    article.write_text(text_of(article).replace(
        "The page prints no headline; the editors describe the report.", reason), encoding="utf-8")
    build_site(content, tmp_path / "out", TEMPLATES, search_index=False)
    page = reader_text(tmp_path / "out" / "articles" / "rated-report.html")
    assert f"Title written by the editors: {reason}" in page
    assert "prints no headline" not in page


@pytest.mark.site
def test_a_rated_claim_is_published_as_a_claim_review(built):
    page = text_of(built / "claims" / "plan-saved-money.html")
    assert "Verdict: <span class=\"rating rating-misleading\">Misleading</span>" in page
    review = json_ld(page)
    assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
    assert review["claimReviewed"] == "The plan saved 40 million."
    assert review["url"] == "https://tracker.example.org/claims/claims/plan-saved-money.html"
    assert review["datePublished"] == "2024-06-25"
    assert review["author"] == {"@type": "Organization", "name": "Test tracker",
                                "url": "https://tracker.example.org/claims/"}
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] == "Misleading"
    assert (rating["worstRating"], rating["ratingValue"], rating["bestRating"]) == (1, 2, 3)
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"] == {"@type": "Person", "name": "Ada Speaker"}
    assert item["datePublished"] == "2024-06-18"
    assert [a["url"] for a in item["appearance"]] == ["https://daily.example.org/news/figure"]
    assert item["appearance"][0]["archivedAt"].startswith("https://web.archive.org/")
    # An unrated claim stays a plain Claim: tracking is not rating.
    assert json_ld(text_of(built / "claims" / "plan-works.html"))["@type"] == "Claim"


@pytest.mark.site
def test_corrections_are_shown_listed_and_announced(built):
    claim = text_of(built / "claims" / "plan-saved-money.html")
    english = Interface("en")
    june, july = english.date(PartialDate(2024, 6, 26)), english.date(PartialDate(2024, 7, 1))
    assert f"{june}</time>: The assertion now says &#34;saved&#34; as the report does." in claim
    listing = text_of(built / "corrections.html")
    assert listing.index(july) < listing.index(june)  # newest first
    assert 'href="articles/rated-report.html">Article: Minister repeats the plan figure' in listing
    feed = ET.fromstring((built / "feed.xml").read_bytes())
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert "Correction: The outlet was changed from Weekly Example to The Daily Example." in titles
    assert broken_links(built) == []


@pytest.mark.site
def test_the_exports_carry_the_same_provenance(built):
    record = next(c for c in json.loads(text_of(built / "claims.json"))["claims"]
                  if c["id"] == "plan-saved-money")
    assert record["date_inferred"].startswith("Same press conference")
    assert record["verdict"]["rating_name"] == "Misleading" and record["verdict"]["evidence"]
    assert record["corrections"][0]["date"] == "2024-06-26"
    report = record["appearances"][0]
    assert report["attribution_inferred"].startswith("The paragraph continues")
    assert report["article"]["title_by_editors"] and report["article"]["published_inferred"]
    assert report["article"]["archive_url"].startswith("https://web.archive.org/")
    rows = list(csv.DictReader(io.StringIO(text_of(built / "claims.csv"))))
    row = next(r for r in rows if r["claim_id"] == "plan-saved-money")
    assert row["verdict"] == "Misleading" and row["reported_date_inferred"].startswith("Same press")
    assert row["published_inferred"].startswith("The page says")


@pytest.mark.site
def test_the_methodology_page_is_linked_from_every_page(built):
    assert "<h1>How this tracker works</h1>" in text_of(built / "methodology.html")
    for page in built.rglob("*.html"):
        if page.parent.name != "embed":  # a claim's card, shown alone in other sites' iframes
            assert "methodology.html" in text_of(page), page


@pytest.mark.site
def test_the_trackers_own_methodology_replaces_the_default_text(site, tmp_path):
    content = site("provenance")
    (content / "methodology.md").write_text(
        "# How the Example Desk checks claims\n\nTwo editors read every report.\n", encoding="utf-8")
    out = tmp_path / "out"
    build_site(content, out, TEMPLATES, search_index=False)
    page = text_of(out / "methodology.html")
    assert "<h1>How the Example Desk checks claims</h1>" in page
    assert "Two editors read every report." in page
    assert "This site records what people in public life said" not in page  # the default


# --- a date's basis in words (provenance.py), from records: no site built ----------------

JUNE_19 = PartialDate(2024, 6, 19)
ONE = "The report does not say when it was said; this is the date it was published."
SEVERAL = "No report says when it was said; this is the date one of them was published."
THIS = "This report does not say when it was said; this is the date it was published."
WORKED_OUT = "The editors worked out the publication date: "


def reported(date: PartialDate | None, given: bool, inferred: str = "", published_inferred: str = "") -> Appearance:
    article = Article(slug="a", path="p", title="A", published=date, published_inferred=published_inferred)
    return Appearance(claim_id="c", article=article, line=1, date=date, date_given=given, date_inferred=inferred)


def claim_of(*reports: Appearance) -> Claim:
    return Claim(id="c", speaker="ada", assertion="A.", appearances=list(reports))


def test_a_date_the_report_gives_has_the_editors_basis_or_none():
    en = Interface("en")
    assert date_basis(en, claim_of(reported(JUNE_19, True))) == ""
    assert date_basis(en, claim_of(reported(JUNE_19, True, "Same press conference"))) == "Same press conference"
    assert date_basis(en, claim_of(reported(None, False))) == ""  # no date at all
    assert date_basis(en, reported(JUNE_19, True)) == ""
    assert date_basis(en, reported(JUNE_19, True, "Same press conference")) == "Same press conference"


def test_a_date_taken_from_the_publication_date_says_so_for_one_report_or_several():
    en = Interface("en")
    assert date_basis(en, claim_of(reported(JUNE_19, False))) == ONE
    assert date_basis(en, claim_of(reported(JUNE_19, False), reported(JUNE_19, False))) == SEVERAL
    assert date_basis(en, claim_of(reported(JUNE_19, False), reported(None, False))) == SEVERAL
    assert date_basis(en, reported(JUNE_19, False)) == THIS
    assert date_basis(Interface("uk"), claim_of(reported(JUNE_19, False))) == (
        "Повідомлення не каже, коли це було сказано; це дата його публікації.")
    assert date_basis(Interface("uk"), reported(JUNE_19, False)) == (
        "Це повідомлення не каже, коли це було сказано; це дата його публікації.")


def test_a_publication_date_the_editors_worked_out_gives_their_basis_too():
    en = Interface("en")
    worked = reported(JUNE_19, False, published_inferred="The page says Wednesday.")
    assert date_basis(en, worked) == f"{THIS} {WORKED_OUT}The page says Wednesday."
    # of the reports the date is taken from, the first whose publication date was worked out
    plain, other = reported(JUNE_19, False), reported(JUNE_19, False, published_inferred="Its URL.")
    assert date_basis(en, claim_of(plain, worked, other)) == f"{SEVERAL} {WORKED_OUT}The page says Wednesday."
    # not one the date is not taken from
    assert date_basis(en, claim_of(plain, reported(PartialDate(2024, 6), False, published_inferred="X"))) == SEVERAL
    assert date_basis(Interface("uk"), worked).endswith(
        "публікації. Дату публікації визначила редакція: The page says Wednesday.")
