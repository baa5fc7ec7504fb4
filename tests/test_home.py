"""The home page's two choices (issue 25): the claim it leads with, which the editors may name
(`featured:` in site.yaml), and "recently added", by the day each report was added (an
article's `added:`, which `build.py new` writes), never by a day the site has no record of."""

from __future__ import annotations

import datetime
import re

import pytest

from claimsite import build_site
from claimsite.cli import main

from .conftest import REPO, inodes, make_site
from .htmlcheck import reader_text

ALL_ADDED = "By the day each report was added to the site."
SOME_ADDED = ("By the day each report was added to the site; then reports with no record of that, "
              "by publication date.")
NONE_ADDED = "By publication date: the site does not record when a report was added."


def write_article(content, slug: str, published: str, added: str = "", claims: str = "") -> None:
    (content / "articles" / f"{slug}.md").write_text(
        f"---\ntitle: Report {slug}\noutlet: daily\npublished: {published}\n"
        + (f"added: {added}\n" if added else "") + claims + "---\nThe minister spoke.\n", encoding="utf-8")


def home(content, out) -> str:
    build_site(content, out, REPO / "templates", search_index=False)
    return (out / "index.html").read_text(encoding="utf-8")


def recent(page: str) -> tuple[str, list[str], list[str]]:
    """The "recently added" list: (its note, the reports' file names in order, each row's text)."""
    section = page[page.index('id="recent"'):]
    section = section[:section.index("</section>")]
    note = re.search(r'<p class="note-line">(.*?)</p>', section, re.S).group(1)
    rows = re.findall(r"<li>(.*?)</li>", section, re.S)
    names = [re.search(r'href="articles/([^"]+)\.html"', row).group(1) for row in rows]
    return note, names, [" ".join(re.sub(r"<[^>]+>", "", row).split()) for row in rows]


def test_reports_with_an_added_day_come_first_newest_added_first_the_others_after(tmp_path):
    content = make_site(tmp_path)  # first-report (published 2024-06-19), second-report (2024-06): no `added`
    write_article(content, "old-news-added-last", "2020-01-05", added="2025-03-02")
    write_article(content, "new-news-added-earlier", "2025-01-01", added="2025-02-10")
    note, names, rows = recent(home(content, tmp_path / "out"))
    assert note == SOME_ADDED
    # An old report added last leads; those with no record follow, by publication date.
    assert names == ["old-news-added-last", "new-news-added-earlier", "first-report", "second-report"]
    assert rows[0].endswith("added March 2, 2025") and rows[1].endswith("added February 10, 2025")
    assert not any("added" in row for row in rows[2:])  # no day is made up for them


def test_without_any_added_day_the_list_says_it_goes_by_publication_date(tmp_path):
    note, names, rows = recent(home(make_site(tmp_path), tmp_path / "out"))
    assert note == NONE_ADDED
    assert names == ["first-report", "second-report"] and not any("added" in row for row in rows)


def test_when_every_report_has_its_day_the_list_says_just_that(tmp_path):
    content = make_site(tmp_path)
    for name in ("first-report", "second-report"):
        path = content / "articles" / f"{name}.md"
        day = "2025-05-01" if name == "second-report" else "2025-04-01"
        path.write_text(path.read_text(encoding="utf-8").replace("claims:", f"added: {day}\nclaims:", 1),
                        encoding="utf-8")
    note, names, _ = recent(home(content, tmp_path / "out"))
    assert (note, names) == (ALL_ADDED, ["second-report", "first-report"])


def test_the_ukrainian_home_page_says_the_same_in_ukrainian(tmp_path):
    content = make_site(tmp_path, "uk")
    path = content / "articles" / "first-report.md"
    path.write_text(path.read_text(encoding="utf-8").replace("claims:", "added: 2025-04-01\nclaims:", 1),
                    encoding="utf-8")
    note, names, rows = recent(home(content, tmp_path / "out"))
    assert note.startswith("За днем, коли кожне повідомлення додали на сайт; далі")
    assert names[0] == "first-report" and rows[0].endswith("додано 1 квітня 2025 р.")


def test_new_writes_the_day_the_report_is_added(site, capsys):
    content = site()
    before = datetime.date.today().isoformat()
    assert main(["new", "Minister speaks", "--date", "2024-06-19"]) == 0
    after = datetime.date.today().isoformat()
    text = (content / "articles" / "2024-06-19-minister-speaks.md").read_text(encoding="utf-8")
    added = re.search(r"^added: (\S+)", text, re.M).group(1)
    assert added in (before, after)


@pytest.mark.parametrize("value, message", [
    ("2024-13-01", "added '2024-13-01' is not a real date"),
    ("2024-06", "added 2024-06 is not a day: give the day the report was added, YYYY-MM-DD"),
    ("soon", "added 'soon' is not a date"),
])
def test_a_bad_added_day_is_named_at_its_line(site, capsys, value, message):
    content = site()
    path = content / "articles" / "first-report.md"
    path.write_text(path.read_text(encoding="utf-8").replace("author: Jo Writer", f"added: {value}\nauthor: Jo Writer"),
                    encoding="utf-8")
    assert main(["check"]) == 1
    [line] = [line for line in capsys.readouterr().err.splitlines() if "added" in line]
    assert line.startswith(f"content/articles/first-report.md:6: {message}"), line


# --- the featured claim ---------------------------------------------------------------------

def featured(page: str) -> str:
    section = page[page.index('class="featured"'):]
    return section[:section.index("</section>")]


def with_featured(content, claim_id: str) -> None:
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + f"featured: {claim_id}\n", encoding="utf-8")


def test_the_editors_name_the_claim_the_home_page_leads_with(tmp_path):
    content = make_site(tmp_path)
    write_article(content, "third", "2024-07-01", claims=(
        "claims:\n  - id: a-quiet-claim\n    speaker: bob-official\n    assertion: The minister spoke.\n"
        "    quote: The minister spoke.\n"))
    assert 'href="claims/plan-works.html"' in featured(home(content, tmp_path / "chosen"))  # most reports
    with_featured(content, "a-quiet-claim")
    section = featured(home(content, tmp_path / "named"))
    assert 'href="claims/a-quiet-claim.html"' in section and "plan-works" not in section
    assert "<q>The minister spoke.</q>" in section


def test_a_featured_claim_no_report_quotes_is_shown_in_the_editors_summary(tmp_path):
    content = make_site(tmp_path)
    with_featured(content, "first-report-2")  # "Talks will continue.", a paraphrase
    section = featured(home(content, tmp_path / "out"))
    assert "<q" not in section  # no words are put in the speaker's mouth
    assert '<a href="claims/first-report-2.html">Talks will continue.</a>' in section
    assert "(our words, not a quotation)" in section


def test_an_unknown_featured_id_stops_the_build_at_its_line_with_the_id_it_may_mean(site, capsys):
    content = site()
    with_featured(content, "plan-work")
    line = len((content / "site.yaml").read_text(encoding="utf-8").splitlines())
    assert main(["--templates", str(REPO / "templates"), "build", "--no-search"]) == 1
    assert f"content/site.yaml:{line}: featured: unknown claim id 'plan-work'; did you mean 'plan-works'?" \
        in capsys.readouterr().err
    assert not (content.parent / "_site").exists()


def test_a_featured_former_id_points_to_the_claims_id_now(site, capsys):
    content = site()
    path = content / "articles" / "first-report.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - id: plan-works\n", "  - id: plan-works\n    former_ids: [the-plan]\n", 1), encoding="utf-8")
    with_featured(content, "the-plan")
    assert main(["check"]) == 1
    assert "featured: unknown claim id 'the-plan'; did you mean 'plan-works' (its id now)?" in capsys.readouterr().err


def test_moving_the_featured_line_in_site_yaml_renders_no_page_again(tmp_path):
    content = make_site(tmp_path)
    with_featured(content, "plan-works")
    out = tmp_path / "out"
    build_site(content, out, REPO / "templates", search_index=False)
    before = inodes(out)
    site_yaml = content / "site.yaml"
    site_yaml.write_text("# Settings of the test tracker\n" + site_yaml.read_text(encoding="utf-8"), encoding="utf-8")
    build_site(content, out, REPO / "templates", search_index=False)
    assert inodes(out)["index.html"] == before["index.html"]  # kept, not rendered again
