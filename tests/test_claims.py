"""Claims merged across articles: the reports that share a claim id are one claim, with a
report from each article; what a claim takes once (speaker, assertion, verdict) must agree,
and a date each report does not print is shown as inferred, with its basis."""

from __future__ import annotations

import shutil

import pytest

from claimsite import ContentErrors, build_site, load_content
from claimsite.dates import PartialDate
from claimsite.i18n import Interface
from claimsite.model import Claim

from .conftest import REPO, make_site
from .htmlcheck import reader_text



@pytest.fixture
def articles(tmp_path, monkeypatch):
    """Write the given articles (name -> front matter lines after `title`) into the base
    fixture site, in place of its own, and load it: its Content, or its problems as lines."""
    monkeypatch.chdir(tmp_path)

    def load(site_yaml: str = "", body: str = "The plan works, she said.", **fronts: str):
        shutil.rmtree(tmp_path / "content", ignore_errors=True)
        content = make_site(tmp_path)
        for old in (content / "articles").iterdir():
            old.unlink()
        if site_yaml:
            (content / "site.yaml").write_text(site_yaml, encoding="utf-8")
        for name, front in fronts.items():
            (content / "articles" / f"{name}.md").write_text(
                f"---\ntitle: {name}\n{front.strip()}\n---\n{body}\n", encoding="utf-8")
        try:
            return load_content(content)
        except ContentErrors as err:
            return [str(e) for e in err.errors]

    return load


TWO_REPORTS = dict(
    a="""
outlet: daily
published: 2024-06-19
claims:
  - id: plan-works
    speaker: ada-speaker
    date: 2024-06-18
    assertion: The plan is working.
    quote: The plan works
    context: Press conference
    via: Wire Agency
    topics: [nato]
""",
    b="""
outlet: weekly
published: 2024-06
language: en
claims:
  - id: plan-works
    speaker: The Minister
    quote: plan works
    attribution_inferred: Only the minister spoke.
    editor_note: Shortened.
    topics: [sanctions, nato]
  - speaker: bob-official
    assertion: Talks go on.
""")


def test_reports_sharing_an_id_are_one_claim_with_a_report_from_each(articles):
    content = articles(**TWO_REPORTS)
    claim = content.claims["plan-works"]
    assert (claim.speaker, claim.assertion, claim.topics) == ("ada-speaker", "The plan is working.",
                                                             ["nato", "sanctions"])
    first, second = claim.appearances
    assert [first.article.slug, second.article.slug] == ["a", "b"]
    assert (first.quote, first.context, first.via, first.attribution_inferred, first.editor_note) == \
        ("The plan works", "Press conference", "Wire Agency", "", "")
    assert (second.quote, second.context, second.via, second.attribution_inferred, second.editor_note) == \
        ("plan works", "", "", "Only the minister spoke.", "Shortened.")
    assert (first.claim_id, first.line, second.line) == ("plan-works", 6, 7)
    # each article lists its own reports, in its order; a claim without an id is the article's
    a, b = content.articles
    assert a.appearances == [first] and b.appearances[0] is second
    assert [x.claim_id for x in b.appearances] == ["plan-works", "b-2"]
    assert content.claims["b-2"].speaker == "bob-official"
    plain = b.appearances[1]  # a report that says only who and what
    assert (plain.quote, plain.translation, plain.translated_by, plain.translator, plain.context,
            plain.via, plain.attribution_inferred, plain.editor_note) == ("",) * 8
    assert sorted(content.claims) == ["b-2", "plan-works"]


# (the report's date lines, the article's date lines) -> (date, printed by the report, basis)
DATES = [
    ("date: 2024-06-18", "published: 2024-06-19", ("2024-06-18", True, "")),
    ("date: 2024-06-18\n    date_inferred: Same press conference.", "published: 2024-06-19",
     ("2024-06-18", True, "Same press conference.")),
    # the publication date: no basis of the editors' (the pages say where it comes from)
    ("", "published: 2024-06-19", ("2024-06-19", False, "")),
    ("", "published: 2024-06-19\npublished_inferred: The page says Wednesday.", ("2024-06-19", False, "")),
    ("date:", "published: 2024-06-19", (None, False, "")),  # the report does not say
    ("", "", (None, False, "")),
]


@pytest.mark.parametrize("said, published, expected", DATES)
def test_a_date_the_report_does_not_print_is_inferred_with_its_basis(articles, said, published, expected):
    content = articles(a=f"""
{published}
claims:
  - id: plan-works
    speaker: ada-speaker
    assertion: The plan is working.
    {said}
""")
    [report] = content.claims["plan-works"].appearances
    date, given, basis = expected
    assert (report.date.iso() if report.date else None, report.date_given, report.date_inferred) == \
        (date, given, basis)
    claim = content.claims["plan-works"]
    assert (claim.date.iso() if claim.date else None, claim.date_inferred) == (date, basis)


def test_the_claims_date_is_the_most_precise_a_report_prints(articles):
    content = articles(
        a="published: 2024-06-20\nclaims:\n  - {id: c, speaker: ada-speaker, assertion: A., date: 2024-06}",
        b="published: 2024-06-21\nclaims:\n  - {id: c, speaker: ada-speaker, date: 2024-06-18}",
        c="published: 2024-06-19\nclaims:\n  - {id: c, speaker: ada-speaker}",
        d="published: 2024-07-02\nclaims:\n  - {id: d, speaker: ada-speaker, assertion: D.}",
        e="published: 2024-07-03\nclaims:\n  - {id: d, speaker: ada-speaker}",
        h="claims:\n  - {id: h, speaker: ada-speaker, assertion: H., date: 2024-07}\n"
          "  - {id: i, speaker: ada-speaker, assertion: I., date: 2024-06-18, date_inferred: Guessed.}",
        i="claims:\n  - {id: h, speaker: ada-speaker, date: 2024-06-18}\n  - {id: i, speaker: ada-speaker, date: 2024-06-18}",
        f="claims:\n  - {id: f, speaker: ada-speaker, assertion: F., date: 2024}\n"
          "  - {id: g, speaker: ada-speaker, assertion: G., date: 2024-06-18,"
          " date_inferred: From the programme.}")
    c = content.claims["c"]
    assert (c.date, c.date_inferred) == (PartialDate(2024, 6, 18), "")  # printed beats published
    d = content.claims["d"]  # both dates from publication: the most precise, the later
    assert (d.date, d.date_inferred, d.dated_by_publication) == (PartialDate(2024, 7, 3), "", True)
    # reports that disagree: the most precise date, not the latest
    assert content.claims["h"].date == PartialDate(2024, 6, 18)
    # one report works the date out, another prints it: it is printed, not inferred
    assert (content.claims["i"].date, content.claims["i"].date_inferred) == (PartialDate(2024, 6, 18), "")
    assert content.claims["f"].date == PartialDate(2024)
    assert content.claims["g"].date_inferred == "From the programme."


def test_a_claim_page_says_a_date_is_the_reports_publication_date(articles, tmp_path):
    """A report that does not say when: its date is its publication date, said so in words
    and marked inferred; not "not dated by this report" beside a date (issue 25, 7)."""
    articles(a="published: 2024-06-19\npublished_inferred: The page says Wednesday.\n"
               "claims:\n  - {id: c, speaker: ada-speaker, assertion: A.}")
    out = tmp_path / "out"
    build_site(tmp_path / "content", out, REPO / "templates", search_index=False)
    page = reader_text(out / "claims" / "c.html")
    day = Interface("en").date(PartialDate(2024, 6, 19))
    basis = ("The report does not say when it was said; this is the date it was published. "
             "The editors worked out the publication date: The page says Wednesday.")
    assert f"Date: {day}, the report's publication date (inferred) · reported by 1 article" in page
    assert f"How the date was inferred {basis}" in page
    report = page[page.index("Reports"):]
    assert f"Date {day}, the report's publication date inferred This report does not say" in report
    assert "not dated by this report" not in page
    assert f'title="Inferred by the editors: {basis}"' in (out / "timeline.html").read_text(encoding="utf-8")


def test_a_report_dating_the_statement_is_the_basis_of_the_claims_date(articles):
    content = articles(
        a="published: 2024-06-19\nclaims:\n  - {id: c, speaker: ada-speaker, assertion: A.}",
        b="claims:\n  - {id: c, speaker: ada-speaker, date: 2024-06-19, date_inferred: Guessed.}")
    claim = content.claims["c"]
    assert (claim.date, claim.date_inferred, claim.dated_by_publication) == \
        (PartialDate(2024, 6, 19), "Guessed.", False)


def test_reports_that_give_a_claim_different_speakers_are_reported_at_both_places(articles):
    problems = articles(
        a="claims:\n  - id: c\n    speaker: ada-speaker\n    assertion: A.",
        b="claims:\n  - id: c\n    assertion: A.\n    speaker: bob-official\n  - {id: d, speaker: Speaker, assertion: D.}")
    assert problems == ["content/articles/b.md:6: claim 'c' has speaker 'bob-official' here but "
                        "'ada-speaker' in content/articles/a.md:5"]


def test_a_speakers_line_is_the_claims_when_its_speaker_is_written_inline(articles):
    problems = articles(a="claims:\n  - {id: c, speaker: ada-speaker, assertion: A.}",
                        b="claims:\n  - {id: c, speaker: bob-official}")
    assert problems == ["content/articles/b.md:4: claim 'c' has speaker 'bob-official' here but "
                        "'ada-speaker' in content/articles/a.md:4"]


def test_an_assertion_is_given_once_or_in_the_same_words(articles):
    same = articles(a="claims:\n  - {id: c, speaker: ada-speaker, assertion: A.}",
                    b="claims:\n  - {id: c, speaker: ada-speaker, assertion: A.}")
    assert same.claims["c"].assertion == "A."
    problems = articles(a="claims:\n  - {id: c, speaker: ada-speaker, assertion: A.}",
                        b="claims:\n  - id: c\n    speaker: ada-speaker\n    assertion: B.")
    assert problems == ["content/articles/b.md:6: claim 'c' has a different assertion in "
                        "content/articles/a.md:4; give the assertion once, or the same words in both"]
    assert articles(a="claims:\n  - {id: c, speaker: ada-speaker}",
                    b="claims:\n  - {id: c, speaker: ada-speaker}") == [
        "content/articles/a.md:4: claim 'c' has no assertion: add a one-sentence 'assertion:'"]


UK_SITE = "title: T\nlanguages: [en, uk]\n"


def test_an_assertion_in_several_languages_is_the_main_ones_and_the_others(articles):
    content = articles(UK_SITE, a="claims:\n  - id: c\n    speaker: ada-speaker\n"
                                  "    assertion: {uk: План працює., en: The plan works.}",
                       b="claims:\n  - {id: c, speaker: ada-speaker, assertion: {uk: План працює.}}")
    claim = content.claims["c"]
    assert (claim.assertion, claim.assertions) == ("The plan works.", {"uk": "План працює."})
    # given only in another language: no main one, and no problem
    content = articles(UK_SITE, a="claims:\n  - {id: c, speaker: ada-speaker, assertion: {uk: План.}}")
    assert (content.claims["c"].assertion, content.claims["c"].assertions) == ("", {"uk": "План."})
    problems = articles(UK_SITE, a="claims:\n  - {id: c, speaker: ada-speaker, assertion: {uk: План.}}",
                        b="claims:\n  - {id: c, speaker: ada-speaker, assertion: {uk: Інший.}}")
    assert problems == ["content/articles/b.md:4: claim 'c' has a different assertion in uk in "
                        "content/articles/a.md:4; give it once, or the same words in both"]


RATED = "title: T\nratings:\n  accurate: Accurate\n  misleading: Misleading\n"
VERDICT = ("    verdict:\n      rating: {rating}\n      reviewer: Desk\n      date: 2024-06-20\n"
           "      explanation: Checked.")


def test_a_verdict_is_on_the_sites_scale_and_given_once(articles):
    claim = "claims:\n  - id: c\n    speaker: ada-speaker\n    assertion: A.\n"
    content = articles(RATED, a=claim + VERDICT.format(rating="misleading"),
                       b=claim + VERDICT.format(rating="misleading"))
    verdict = content.claims["c"].verdict
    assert (verdict.rating, verdict.reviewer, verdict.date, verdict.explanation) == \
        ("misleading", "Desk", PartialDate(2024, 6, 20), "Checked.")
    assert articles(RATED, a=claim + VERDICT.format(rating="misleading"),
                    b=claim + VERDICT.format(rating="accurate")) == [
        "content/articles/b.md:7: claim 'c' has a different verdict in content/articles/a.md:7; "
        "give the verdict once"]
    assert articles(RATED, a=claim + VERDICT.format(rating="baseless")) == [
        "content/articles/a.md:7: verdict rating 'baseless' is not on the site's scale "
        "(accurate, misleading)"]
    assert articles(a=claim + VERDICT.format(rating="accurate")) == [
        "content/articles/a.md:7: verdict rating 'accurate' is not on the site's scale "
        "(none yet: add `ratings:` to content/site.yaml)"]


def test_corrections_and_topics_of_all_reports_are_kept_once_each(articles):
    fixed = "    corrections:\n      - {date: 2024-06-21, what: The date., why: A typo.}\n"
    content = articles(
        a="claims:\n  - id: c\n    speaker: ada-speaker\n    assertion: A.\n    topics: [nato]\n" + fixed,
        b="claims:\n  - id: c\n    speaker: ada-speaker\n    topics: [sanctions, nato]\n" + fixed
          + "      - {date: 2024-06-22, what: The quote., why: Checked again.}\n")
    claim = content.claims["c"]
    assert claim.topics == ["nato", "sanctions"]
    assert [(c.date.iso(), c.what, c.why) for c in claim.corrections] == [
        ("2024-06-21", "The date.", "A typo."), ("2024-06-22", "The quote.", "Checked again.")]


def test_a_report_with_a_mistake_of_its_own_is_not_merged_nor_blamed_on_the_others(articles):
    problems = articles(a="claims:\n  - {id: c, speaker: nobody-known, assertion: A.}",
                        b="claims:\n  - {id: c, speaker: ada-speaker}")
    assert problems == ["content/articles/a.md:4: unknown speaker 'nobody-known'; add them to "
                        "content/people.yaml"]


def test_a_translated_quote_keeps_its_translation_and_who_made_it(articles):
    content = articles(body="План працює, сказала вона.", a="""
language: uk
claims:
  - speaker: ada-speaker
    assertion: The plan works.
    quote: План працює
    translation: The plan works
    translated_by: editors
    translator: Jo Translator
""")
    [report] = content.claims["a-1"].appearances
    assert (report.quote, report.translation, report.translated_by, report.translator) == \
        ("План працює", "The plan works", "editors", "Jo Translator")


def test_every_mistake_in_merging_is_reported_in_one_run(articles):
    problems = articles(
        a="claims:\n  - {id: c, speaker: nobody-known, assertion: C.}\n  - {id: d, speaker: ada-speaker, assertion: D.}",
        b="claims:\n  - {id: d, speaker: bob-official}\n  - {id: e, speaker: ada-speaker, assertion: E.}",
        c="claims:\n  - {id: e, speaker: ada-speaker, assertion: Not E.}\n  - {id: f, speaker: ada-speaker}")
    assert problems == [
        "content/articles/a.md:4: unknown speaker 'nobody-known'; add them to content/people.yaml",
        "content/articles/b.md:4: claim 'd' has speaker 'bob-official' here but 'ada-speaker' in "
        "content/articles/a.md:5",
        "content/articles/c.md:4: claim 'e' has a different assertion in content/articles/b.md:5; "
        "give the assertion once, or the same words in both",
        "content/articles/c.md:5: claim 'f' has no assertion: add a one-sentence 'assertion:'"]


@pytest.mark.parametrize("assertion, assertions, page, shown", [
    ("Tax goes up.", {"uk": "Податок зросте."}, "en", ("Tax goes up.", "")),
    ("Tax goes up.", {"uk": "Податок зросте."}, "uk", ("Податок зросте.", "")),
    ("Tax goes up.", {}, "uk", ("Tax goes up.", "en")),  # not translated: marked as English
    ("", {"uk": "Податок зросте."}, "en", ("Податок зросте.", "uk")),
    ("", {"de": "Steuer steigt.", "uk": "Податок зросте."}, "en", ("Steuer steigt.", "de")),
])
def test_the_summary_on_a_page_is_in_its_language_or_marked_with_the_one_it_is_in(
        assertion, assertions, page, shown):
    claim = Claim(id="c", speaker="ada", assertion=assertion, assertions=assertions)
    assert claim.assertion_in(page, "en") == shown


def test_a_former_id_is_no_claims_id_now_and_leads_to_one_claim_only(articles):
    problems = articles(
        a="claims:\n  - id: c\n    speaker: ada-speaker\n    assertion: C.\n    former_ids: [d, old]",
        b="claims:\n  - {id: d, speaker: ada-speaker, assertion: D.}\n  - id: e\n    speaker: ada-speaker\n"
          "    assertion: E.\n    former_ids: [old]")
    assert problems == [
        "content/articles/a.md:7: former_ids lists 'd', the id of a claim published now: an id is former "
        "only once no claim has it",
        "content/articles/b.md:8: former id 'old' is listed by claim 'e' here and by claim 'c' in "
        "content/articles/a.md:7: the old address can lead to one claim only"]
    # the reports of one claim may each list its former id
    content = articles(a="claims:\n  - {id: c, speaker: ada-speaker, assertion: C., former_ids: [old]}",
                       b="claims:\n  - {id: c, speaker: ada-speaker, former_ids: [old, older]}")
    assert content.claims["c"].former_ids == ["old", "older"]
