"""Addresses that never break, for the records with a key: a speaker, an outlet or a topic
whose key is renamed keeps its old addresses (its page, its pages by year, its feeds) when
it lists `former_keys`; without them the build refuses, naming each address it would drop."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimsite import build_site
from claimsite.cli import main
from claimsite.verify import differences

from .conftest import REPO
from .htmlcheck import broken_links
from .test_permalinks import build, edit, redirect_of


def rename(content: Path, former: bool) -> None:
    """Speaker ada-speaker becomes ada, outlet daily becomes daily-example, topic nato
    becomes alliance, in the registries and in every article; with `former`, each entry
    lists the key it had."""
    keep = lambda old: f"\n  former_keys: [{old}]" if former else ""  # noqa: E731
    edit(content / "people.yaml", "ada-speaker:", "ada:" + keep("ada-speaker"))
    edit(content / "outlets.yaml", "daily:", "daily-example:" + keep("daily"))
    site = content / "site.yaml"
    if "  nato: NATO" in site.read_text(encoding="utf-8"):
        edit(site, "  nato: NATO", "  alliance:\n    name: NATO" + keep("nato").replace("\n", "\n  "))
    else:  # named in each language
        edit(site, "  nato:\n    uk: НАТО\n    en: NATO",
             "  alliance:\n    name: {uk: НАТО, en: NATO}" + keep("nato").replace("\n", "\n  "))
    for article in (content / "articles").glob("*.md"):
        text = article.read_text(encoding="utf-8")
        text = text.replace("speaker: ada-speaker", "speaker: ada").replace("outlet: daily\n", "outlet: daily-example\n")
        article.write_text(text.replace("[nato]", "[alliance]"), encoding="utf-8")


MOVED = {"speakers/ada-speaker.html": "ada.html", "outlets/daily.html": "daily-example.html",
         "topics/nato.html": "alliance.html"}


def test_a_renamed_key_without_former_keys_stops_the_build_naming_each_address(site, tmp_path, capsys):
    content, out = site(), tmp_path / "out"
    assert build(content, out) == 0
    before = (out / "speakers" / "ada-speaker.html").read_bytes()
    capsys.readouterr()
    rename(content, former=False)
    assert build(content, out) == 1
    err = capsys.readouterr().err
    # at the entry that looks renamed: its line, the address, the field that keeps it
    for where, old, field in [("content/people.yaml:1", "speakers/ada-speaker.html", "former_keys: [ada-speaker]"),
                              ("content/outlets.yaml:1", "outlets/daily.html", "former_keys: [daily]"),
                              ("content/site.yaml:5", "topics/nato.html", "former_keys: [nato]")]:
        [line] = [line for line in err.splitlines() if f" {old} " in line]
        assert line.startswith(f"{where}: {old} would no longer be published")
        assert field in line and "removed_pages" in line
    assert (out / "speakers" / "ada-speaker.html").read_bytes() == before  # the site as it was
    assert not (out / "speakers" / "ada.html").exists()


@pytest.mark.parametrize("overlay, prefix", [((), ""), (("multilingual",), "en/")])
def test_with_former_keys_each_old_address_leads_to_the_page_now(site, tmp_path, overlay, prefix):
    content, out = site(*overlay), tmp_path / "out"
    assert build(content, out, "--base-url", "https://tracker.example.org/x/") == 0
    rename(content, former=True)
    assert build(content, out, "--base-url", "https://tracker.example.org/x/") == 0
    for old, new in MOVED.items():
        folder = prefix + old.rpartition("/")[0]
        assert (out / folder / new).exists()
        canonical, refresh, links = redirect_of(out / prefix / old)
        assert canonical == f"https://tracker.example.org/x/{folder}/{new}"
        assert refresh.replace(" ", "") == f"0;url={new}"
        assert new in links  # for a reader whose browser follows neither
    assert broken_links(out) == []
    # a feed followed at the old address goes on: the feed of the page now
    for old, new in [("speakers/ada-speaker", "speakers/ada"), ("topics/nato", "topics/alliance")]:
        for extension in ("xml", "json"):
            assert (out / prefix / f"{old}.{extension}").read_bytes() == \
                   (out / prefix / f"{new}.{extension}").read_bytes()
    # a redirect is not a page of its own
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "speakers/ada.html" in sitemap and "speakers/ada-speaker.html" not in sitemap
    # and the next build, with nothing changed, keeps them
    assert build(content, out, "--base-url", "https://tracker.example.org/x/") == 0
    assert redirect_of(out / prefix / "topics" / "nato.html")[1].replace(" ", "") == "0;url=alliance.html"


def test_a_long_list_keeps_its_pages_by_year_at_the_old_key(site, tmp_path):
    """Past 100 claims a speaker's page has a page per year: those move with it."""
    content, out = site(), tmp_path / "out"
    claims = "".join(f"  - id: busy-{n}\n    speaker: ada-speaker\n    date: {2022 + n % 2}-01-0{1 + n % 9}\n"
                     f"    assertion: Claim number {n}.\n" for n in range(101))
    (content / "articles" / "busy.md").write_text(
        f"---\ntitle: Many claims\noutlet: weekly\npublished: 2024-01-01\nclaims:\n{claims}---\n", encoding="utf-8")
    assert build(content, out) == 0
    assert (out / "speakers" / "ada-speaker" / "2022.html").exists()
    rename(content, former=True)
    assert build(content, out) == 0
    for year in ("2022", "2023"):
        canonical, _, links = redirect_of(out / "speakers" / "ada-speaker" / f"{year}.html")
        assert canonical == f"../../speakers/ada/{year}.html" and canonical in links
        assert (out / "speakers" / "ada" / f"{year}.html").exists()
    assert broken_links(out) == []


@pytest.mark.parametrize("file, old, new, message", [
    # a malformed key
    ("people.yaml", "  role: Spokesperson", "  role: Spokesperson\n  former_keys: [Bob Official]",
     "content/people.yaml:8: former_keys 'Bob Official' is not a valid key"),
    # a key an entry has now: its own, or another's
    ("people.yaml", "  role: Spokesperson", "  role: Spokesperson\n  former_keys: [bob-official]",
     "content/people.yaml:8: former_keys lists 'bob-official', its own key"),
    ("outlets.yaml", "  name: Weekly Example", "  name: Weekly Example\n  former_keys: [daily]",
     "content/outlets.yaml:7: former_keys lists 'daily', the key of outlet 'daily' now"),
    ("site.yaml", "  sanctions: Sanctions", "  sanctions:\n    name: Sanctions\n    former_keys: [nato]",
     "content/site.yaml:8: former_keys lists 'nato', the key of topic 'nato' now"),
    # a topic given as a record takes only its fields
    ("site.yaml", "  sanctions: Sanctions", "  sanctions:\n    name: Sanctions\n    former_key: [old]",
     "content/site.yaml:8: unknown field 'former_key' in topic 'sanctions'; did you mean 'former_keys'?"),
    ("site.yaml", "  sanctions: Sanctions", "  sanctions:\n    former_keys: [embargo, EU Sanctions]",
     "content/site.yaml:7: former_keys 'EU Sanctions' is not a valid key"),
])
def test_a_former_key_that_cannot_be_is_reported_at_its_line(site, capsys, file, old, new, message):
    content = site()
    edit(content / file, old, new)
    assert main(["--content", str(content), "check"]) == 1
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("file, entries, what, lines", [
    ("people.yaml", ("  role: Spokesperson", "  kind: organisation"), "speaker", (8, 12)),
    ("outlets.yaml", ("  country: GB", "  name: Weekly Example"), "outlet", (5, 8)),
    ("site.yaml", ("  nato: NATO", "  sanctions: Sanctions"), "topic", (7, 10)),
])
def test_one_former_key_on_two_entries_is_reported_naming_both(site, capsys, file, entries, what, lines):
    content = site()
    for entry in entries:
        if file == "site.yaml":
            key, name = entry.strip().split(": ")
            edit(content / file, entry, f"  {key}:\n    name: {name}\n    former_keys: [old-key]")
        else:
            edit(content / file, entry, f"{entry}\n  former_keys: [old-key]")
    assert main(["--content", str(content), "check"]) == 1
    err = capsys.readouterr().err
    first, second = lines
    assert f"content/{file}:{second}: former key 'old-key' is listed by {what} " in err
    assert f"here and by {what} " in err and f"at content/{file}:{first}: " in err


def test_an_incremental_build_after_renaming_keys_is_the_clean_build(site, tmp_path):
    content, out = site(), tmp_path / "out"
    templates = REPO / "templates"
    build_site(content, out, templates, search_index=False)
    rename(content, former=True)
    build_site(content, out, templates, search_index=False)
    assert differences(content, out, templates, search_index=False)[0] == []
    # a former key taken back out: its old address goes (build_site keeps nothing it is not told to)
    edit(content / "people.yaml", "\n  former_keys: [ada-speaker]", "")
    build_site(content, out, templates, search_index=False)
    assert differences(content, out, templates, search_index=False)[0] == []
    assert not (out / "speakers" / "ada-speaker.html").exists()


def test_an_article_naming_an_old_key_is_told_the_key_now(site, capsys):
    content = site()
    rename(content, former=True)
    edit(content / "articles" / "first-report.md", "outlet: daily-example", "outlet: daily")
    edit(content / "articles" / "first-report.md", "speaker: ada", "speaker: ada-speaker")
    edit(content / "articles" / "first-report.md", "topics: [alliance]", "topics: [nato]")
    assert main(["--content", str(content), "check"]) == 1
    err = capsys.readouterr().err
    for line, what, old, now in [(3, "outlet", "daily", "daily-example"), (8, "topic", "nato", "alliance"),
                                 (11, "speaker", "ada-speaker", "ada")]:
        assert f"content/articles/first-report.md:{line}: unknown {what} '{old}'; did you mean '{now}' (its key now)?" in err
