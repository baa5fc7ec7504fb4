"""The site's own content/: the five seed articles, checked and built as a reader gets them."""

from __future__ import annotations

import json
import sqlite3
import pytest
import yaml

from claimsite import load_content
from claimsite import build_site
from claimsite.dates import PartialDate
from claimsite.quotes import normalise

from .conftest import REPO
from .htmlcheck import broken_links, live_markup


@pytest.fixture(scope="module")
def content():
    return load_content(REPO / "content")


@pytest.fixture(scope="module")
def site(content, tmp_path_factory):
    out = tmp_path_factory.mktemp("real") / "_site"
    build_site(REPO / "content", out, REPO / "templates")
    return out


SEEDS = {"2023-north-korea-russia-strengthening-cooperation",
         "2024-06-19-24-kanal-nato-us-react-to-putin-dprk-visit",
         "2024-06-20-unn-stoltenberg-moscow-pyongyang-pact",
         "stoltenberg-blinken-washington-press-conference-putin-north-korea",
         "stoltenberg-putin-dependent-on-authoritarian-regimes"}


def test_every_seed_is_an_article_with_claims(content):
    assert SEEDS <= {a.slug for a in content.articles}
    assert all(article.appearances for article in content.articles)
    # Every claim a seed lists is one of its reports (counted from the file, as editors
    # add claims and articles).
    for article in content.articles:
        if article.slug in SEEDS:
            text = (REPO / "content" / "articles" / f"{article.slug}.md").read_text(encoding="utf-8")
            front = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---"))
            assert len(article.appearances) == len(front["claims"]), article.slug


def test_one_statement_reported_in_english_ukrainian_and_russian(content, site):
    claim = content.claims["stoltenberg-authoritarian-states-increasingly-uniting"]
    assert {"en", "uk", "ru"} <= {a.article.language for a in claim.appearances}
    # The Ukrainian and Russian words are as printed; their English is marked as a machine's.
    for a in claim.appearances:
        if a.article.language != "en":
            assert a.translation and a.translated_by == "machine"
    page = (site / "claims" / f"{claim.id}.html").read_text(encoding="utf-8")
    assert '<blockquote lang="uk">' in page and '<blockquote lang="ru">' in page
    assert "different wording" not in page  # no word-by-word comparison across languages


def test_washington_press_conference_is_one_claim_reported_twice(content):
    claim = content.claims["stoltenberg-putin-visit-confirms-ties-with-authoritarian-states"]
    seeds = [a for a in claim.appearances if a.article.slug in SEEDS]  # (other reports may come)
    outlets = [a.article.outlet for a in seeds]
    assert outlets == ["24-kanal", ""]  # 24 Kanal, and the report that names no outlet
    assert claim.date == PartialDate(2024, 6, 18)
    assert [bool(a.quote) for a in seeds] == [True, True]
    # Neither report prints the year: both dates are the editors' inference, with the basis.
    first, second = seeds
    assert "prints \"On June 18\"" in first.date_inferred
    assert "prints \"On June 18\" for the press conference but no year" in second.date_inferred
    assert claim.date_inferred


def test_what_the_seeds_do_not_print_is_marked_as_the_editors(content):
    titles = {a.slug: a.title_by_editors for a in content.articles}
    assert titles["stoltenberg-putin-dependent-on-authoritarian-regimes"]
    assert titles["stoltenberg-blinken-washington-press-conference-putin-north-korea"]
    assert not titles["2024-06-20-unn-stoltenberg-moscow-pyongyang-pact"]
    inferred = {a.slug for a in content.articles if a.published_inferred}
    assert inferred == {"2023-north-korea-russia-strengthening-cooperation",
                        "2024-06-19-24-kanal-nato-us-react-to-putin-dprk-visit"}
    projectiles = content.claims["stoltenberg-north-korea-transferred-one-million-projectiles"]
    assert "According to him" in projectiles.appearances[0].attribution_inferred
    assert content.outlets["unn"].name == "UNN"  # as printed; the seeds never spell it out
    assert "north-korea-denies-supplying-weapons-to-wagner" in content.claims
    assert "putin-calls-for-closer-ties-with-north-korea" in content.claims
    assert not any(c.verdict for c in content.claims.values())  # the demo rates nothing


def test_the_2023_article_is_dated_2023_not_2024(content):
    article = next(a for a in content.articles if a.slug.startswith("2023-"))
    assert article.published == PartialDate(2023)
    kim = content.claims["kim-russia-day-2023-justice-will-prevail"]
    assert kim.date == PartialDate(2023, 6, 12) and kim.appearances[0].via == "KCNA"


def test_claims_the_text_does_not_date_stay_undated(content):
    claim = content.claims["us-state-department-north-korea-supplied-weapons-to-wagner"]
    assert claim.date is None


def test_missing_figure_is_not_invented(content):
    claim = content.claims["blinken-china-support-sustains-russian-defence-industrial-base"]
    assert "90% of microelectronics" in claim.assertion
    assert "a share of the machine tools" in claim.assertion


def test_no_url_is_invented(content):
    # The seeds print no address; the reports added since are linked where they were read.
    assert all(article.url == "" for article in content.articles if article.slug in SEEDS)
    assert all(article.url.startswith("https://") for article in content.articles
               if article.slug not in SEEDS)
    assert all(outlet.url == "" for outlet in content.outlets.values())


def test_every_quote_is_verbatim_in_its_article(content):
    for claim in content.claims.values():
        for appearance in claim.appearances:
            if appearance.quote:
                assert normalise(appearance.quote) in normalise(appearance.article.body), claim.id


def test_built_site_links_resolve_and_nothing_is_live(site):
    assert broken_links(site) == []
    assert live_markup(site) == []


def test_claims_json_holds_every_claim(content, site):
    data = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    assert {c["id"] for c in data["claims"]} == set(content.claims)
    assert sum(len(c["appearances"]) for c in data["claims"]) == \
        sum(len(c.appearances) for c in content.claims.values())


def test_every_found_quote_is_highlighted_on_its_article_page(content, site):
    for article in content.articles:
        page = (site / "articles" / f"{article.slug}.html").read_text(encoding="utf-8")
        for appearance in article.appearances:
            if appearance.quote:
                assert f'<mark id="quote-{appearance.claim_id}">' in page, appearance.claim_id


def test_claims_db_of_the_seeds_has_every_reference_resolved(content, site):
    db = sqlite3.connect(site / "claims.db")
    try:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == \
            sum(len(c.appearances) for c in content.claims.values())
    finally:
        db.close()
