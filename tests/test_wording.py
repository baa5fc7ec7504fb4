"""Wording a reader can trust (issue 25, item 7): how the reports of a claim are compared.

A report that quotes fewer of the same words is "a shorter excerpt", not "different
wording": the same words after the one normaliser (quotes.fold), letter case and punctuation,
with a dash or an ellipsis between words, or words left out at an ellipsis."""

from __future__ import annotations

import pytest

from claimsite import build_site

from .conftest import REPO, make_site
from .htmlcheck import reader_text

# claim id -> (the Daily's quote, the Weekly's quote, the Daily's text, the Weekly's text)
CLAIMS = {
    "dash": ("The pact is a threat—to Europe and to Asia.", "to Europe and to Asia",
             "He said: “The pact is a threat—to Europe and to Asia.”",
             "The pact, he said, is dangerous “to Europe and to Asia”."),
    "elided": ("We must realize that authoritarian states are increasingly uniting.",
               "We must realize … authoritarian states are increasingly uniting",
               "He said: “We must realize that authoritarian states are increasingly uniting.”",
               "“We must realize … authoritarian states are increasingly uniting”, he said."),
    "reworded": ("The plan works, and it works well.", "the plan works well",
                 "She said: “The plan works, and it works well.”",
                 "She said “the plan works well”."),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("wording")
    content = make_site(root)
    for old in (content / "articles").iterdir():
        old.unlink()
    for outlet, number in (("daily", 0), ("weekly", 1)):
        claims = "".join(f"  - id: {key}\n    speaker: ada-speaker\n    date: 2024-06-18\n"
                         f"    assertion: A claim.\n    quote: {quotes[number]!r}\n"
                         for key, quotes in CLAIMS.items())
        body = "\n\n".join(quotes[number + 2] for quotes in CLAIMS.values())
        (content / "articles" / f"{outlet}.md").write_text(
            f"---\ntitle: The {outlet} report\noutlet: {outlet}\npublished: 2024-06-19\n"
            f"claims:\n{claims}---\n{body}\n", encoding="utf-8")
    build_site(content, root / "out", REPO / "templates", search_index=False)
    return root / "out"


@pytest.mark.parametrize("claim", ["dash", "elided"])
def test_a_shorter_excerpt_of_the_same_words_is_called_one(built, claim):
    page = reader_text(built / "claims" / f"{claim}.html")
    assert "Weekly Example quotes less of the same words than The Daily Example." in page
    assert "different wording" not in page


def test_other_words_are_still_different_wording(built):
    page = reader_text(built / "claims" / "reworded.html")
    assert "The reports quote different wording; the words that differ are marked:" in page
    assert "quotes less of the same words" not in page
