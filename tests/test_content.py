"""The content loader: fixture sites in tests/sites/, each invalid one with expected.txt."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from claimsite import ContentErrors, load_content
from claimsite.cli import main
from claimsite.dates import PartialDate

from .conftest import SITES

INVALID = sorted(p.name for p in (SITES / "invalid").iterdir())


def expected_lines(case: str) -> list[re.Pattern]:
    """The messages expected.txt lists, one per line, as patterns matching a whole line.

    A line is the exact message, unless it starts with `~ `: then the rest is a regular
    expression. That is for messages partly worded by a dependency (PyYAML's syntax errors,
    Python's reason for a day a month does not have),
    where the test pins what a user relies on (file, line, cause) and not the library's words.
    """
    text = (SITES / "invalid" / case / "expected.txt").read_text(encoding="utf-8")
    return [re.compile(line[2:] if line.startswith("~ ") else re.escape(line))
            for line in text.splitlines()]


def unmatched(expected: list[re.Pattern], reported: list[str]) -> list[str]:
    return [pattern.pattern for pattern in expected
            if not any(pattern.fullmatch(line) for line in reported)]


@pytest.mark.parametrize("case", INVALID)
def test_invalid_site_reports_each_problem_with_path_and_line(case, site, capsys):
    site(f"invalid/{case}")
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    lines = err.splitlines()
    expected = expected_lines(case)
    assert len(lines[:-1]) == len(expected), lines
    assert all(pattern.fullmatch(line) for pattern, line in zip(expected, lines)), lines
    assert lines[-1].endswith("found; nothing was written.")
    assert "Traceback" not in err and out == ""


# Not merged with the others: its unreadable outlets.yaml would replace theirs, and a registry
# that cannot be read rightly silences the problems that depend on it.
ALONE = {"broken-registry"}


def test_every_mistake_at_once_is_reported_in_one_run(site, capsys):
    cases = [case for case in INVALID if case not in ALONE]
    site(*(f"invalid/{case}" for case in cases))
    assert main(["check"]) == 1
    reported = capsys.readouterr().err.splitlines()
    for case in cases:
        assert unmatched(expected_lines(case), reported) == [], case


def test_base_site_loads_into_linked_records(site):
    content = load_content(site())
    assert [a.slug for a in content.articles] == ["first-report", "second-report"]
    assert content.site.title == "Test tracker"
    assert content.site.topics == {"nato": "NATO", "sanctions": "Sanctions"}

    merged = content.claims["plan-works"]
    assert merged.speaker == "ada-speaker"  # "Speaker" in the second article is an alias
    assert merged.assertion == "The plan is working."
    assert [(a.article.slug, a.quote) for a in merged.appearances] == [
        ("first-report", "The plan works, and it works well."),
        ("second-report", "the plan works"),
    ]
    first, second = merged.appearances
    assert (first.date, first.date_given, first.context) == \
        (PartialDate(2024, 6, 18), True, "Press conference")
    assert (second.date, second.date_given, second.via) == (PartialDate(2024, 6), False, "Wire Agency")
    assert merged.date == PartialDate(2024, 6, 18)  # the most precise report wins

    unnamed = content.claims["first-report-2"]  # no id: article slug and position
    assert unnamed.speaker == "bob-official" and unnamed.appearances[0].quote == ""
    assert content.claims["second-report-2"].appearances[0].date == PartialDate(2024)
    assert content.people["ministry"].kind == "organisation"
    assert content.outlets["daily"].url == "https://daily.example.org/"


def speakers_claims(content: Path) -> tuple[Counter, int]:
    """Read from the files themselves: how many claims each speaker has (a claim is its id,
    or its article's name and its place there; its speaker given by key, name or alias),
    and how many reports there are."""
    people = yaml.safe_load((content / "people.yaml").read_text(encoding="utf-8"))
    who = {}
    for key, person in people.items():
        who.update({key: key, person["name"]: key, **{a: key for a in person.get("aliases", [])}})
    speaker_of, reports = {}, 0
    for path in sorted((content / "articles").glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---"))
        for place, claim in enumerate(front.get("claims") or [], 1):
            speaker_of.setdefault(claim.get("id") or f"{path.stem}-{place}", who[claim["speaker"]])
            reports += 1
    return Counter(speaker_of.values()), reports


def test_each_speaker_has_each_claim_once_however_many_report_it(site):
    content = site("languages")  # one statement reported in four articles, by key and alias
    expected, reports = speakers_claims(content)
    loaded = load_content(content)
    assert sum(expected.values()) < reports  # some claims are reported more than once
    assert Counter(claim.speaker for claim in loaded.claims.values()) == expected
    assert sum(len(claim.appearances) for claim in loaded.claims.values()) == reports


def test_bom_crlf_typographic_dashes_and_datetime_are_accepted(site):
    content = load_content(site("valid/bom-crlf"))
    article = next(a for a in content.articles if a.slug == "crlf")
    assert article.title == "BOM and CRLF"
    assert article.published == PartialDate(2024, 6, 20, "00:17")
    assert "\r" not in article.body
    [appearance] = article.appearances
    assert content.claims[appearance.claim_id].speaker == "ada-speaker"  # alias "The Minister"


def test_errors_carry_path_and_line(site):
    with pytest.raises(ContentErrors) as caught:
        load_content(site("invalid/unknown-speaker"))
    [error] = caught.value.errors
    assert (error.path, error.line) == ("content/articles/unknown-speaker.md", 4)


def test_missing_content_folder_is_a_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["--content", "nowhere", "check"]) == 1
    assert "nowhere:1: content folder not found" in capsys.readouterr().err


def test_a_mistake_in_one_report_is_not_blamed_on_another(site, capsys):
    content = site()
    first = content / "articles" / "first-report.md"
    # The report that gives plan-works' assertion misspells the speaker; the other report of
    # the claim, which rightly gives no assertion, must not be told to add one.
    first.write_text(first.read_text(encoding="utf-8").replace(
        "speaker: ada-speaker", "speaker: ada-speakr", 1), encoding="utf-8")
    assert main(["check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/articles/first-report.md:11: unknown speaker 'ada-speakr'; did you mean 'ada-speaker'?",
        "1 problem found; nothing was written."]
