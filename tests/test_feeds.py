"""Feeds a reader can follow: the site's, each speaker's and each topic's, as Atom and as
JSON Feed 1.1, found from the pages they belong to."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest

from claimsite import build_site

from .conftest import REPO, make_site
from .htmlcheck import parse

BASE = "https://tracker.example.org/claims/"
RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """tests/sites/base built with the site's address known."""
    tmp = tmp_path_factory.mktemp("feeds")
    out = tmp / "out"
    build_site(make_site(tmp), out, REPO / "templates", search_index=False, base_url=BASE)
    return out


def local(out: Path, url: str) -> Path:
    """The file an absolute address of the site is, in the built folder."""
    assert url.startswith(BASE), url
    return out / url[len(BASE):]


def alternates(page: Path) -> dict[str, list[str]]:
    """{type: [href, ...]} of the page's <link rel="alternate" type=...>, in order."""
    found: dict[str, list[str]] = {}
    for tag, attrs in parse(page).tags:
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("type"):
            found.setdefault(attrs["type"], []).append(attrs["href"])
    return found


def atom(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def json_feed(path: Path) -> dict:
    """A JSON Feed, checked against what version 1.1 requires of a feed and of each item."""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(data["title"], str) and data["title"]
    assert isinstance(data["items"], list)
    for item in data["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_text") or item.get("content_html"), str)
        assert item["url"].startswith(BASE)
        if "date_published" in item:
            assert RFC_3339.match(item["date_published"]), item["date_published"]
        assert all(isinstance(author["name"], str) for author in item.get("authors", []))
    return data


@pytest.mark.parametrize("page, title, claims", [
    ("index.html", "Test tracker: claims", {"plan-works", "first-report-2", "second-report-2"}),
    ("speakers/ada-speaker.html", "Test tracker: claims by Ada Speaker", {"plan-works"}),
    ("speakers/ministry.html", "Test tracker: claims by Ministry of Examples", {"second-report-2"}),
    ("topics/nato.html", "Test tracker: claims on NATO", {"plan-works", "first-report-2"}),
])
def test_each_feed_is_found_from_its_page_and_parses(built, page, title, claims):
    found = alternates(built / page)
    atom_url, json_url = found["application/atom+xml"][0], found["application/feed+json"][0]
    # found from the page, at absolute addresses: the page's own feeds come first
    feed = atom(local(built, atom_url))
    assert feed.feed.title == title
    assert {link.rel: link.href for link in feed.feed.links} == {
        "self": atom_url, "alternate": BASE + page}
    shown = {entry.link.removeprefix(BASE + "claims/").removesuffix(".html") for entry in feed.entries}
    assert shown >= claims  # (the site's feed also announces corrections, none here)
    assert all(entry.link.startswith(BASE) for entry in feed.entries)
    data = json_feed(local(built, json_url))
    assert data["title"] == title
    assert data["feed_url"] == json_url and data["home_page_url"] == BASE + page
    assert {item["url"].removeprefix(BASE + "claims/").removesuffix(".html")
            for item in data["items"]} == claims
    # one entry, one id, whichever feed and format it is in
    assert {entry.id for entry in feed.entries} >= {item["id"] for item in data["items"]}


def test_a_speakers_feed_holds_only_their_claims_with_what_they_said(built):
    feed = atom(built / "speakers" / "ada-speaker.xml")
    assert [entry.author for entry in feed.entries] == ["Ada Speaker"]
    assert feed.entries[0].title == "The plan is working."
    assert feed.entries[0].updated.startswith("2024-06-18")
    item = json_feed(built / "speakers" / "ada-speaker.json")["items"][0]
    assert item["title"] == "The plan is working." and item["authors"] == [{"name": "Ada Speaker"}]
    assert item["date_published"] == "2024-06-18T00:00:00Z"


def test_a_claim_dated_by_year_only_has_no_made_up_day_in_the_json_feed(built):
    # the ministry's claim is dated 2024 only; the others to the day
    by_url = {item["url"]: item for item in json_feed(built / "feed.json")["items"]}
    assert "date_published" not in by_url[BASE + "claims/second-report-2.html"]
    assert by_url[BASE + "claims/first-report-2.html"]["date_published"] == "2024-06-19T00:00:00Z"


def test_other_pages_name_the_sites_feeds_only(built):
    found = alternates(built / "claims" / "plan-works.html")
    assert found["application/atom+xml"] == [BASE + "feed.xml"]
    assert found["application/feed+json"] == [BASE + "feed.json"]


def test_without_the_sites_address_there_are_no_feeds_nor_links_to_them(tmp_path):
    out = tmp_path / "out"
    build_site(make_site(tmp_path), out, REPO / "templates", search_index=False)
    assert not [p.name for p in out.rglob("*") if p.suffix in (".xml", ".json") and p.name != "claims.json"]
    for page in ("index.html", "speakers/ada-speaker.html", "topics/nato.html"):
        assert alternates(out / page) == {}


def test_each_language_of_a_site_has_its_own_feeds(tmp_path):
    out = tmp_path / "out"
    build_site(make_site(tmp_path, "multilingual"), out, REPO / "templates", search_index=False,
               base_url=BASE)
    found = alternates(out / "en" / "topics" / "nato.html")
    assert found["application/atom+xml"][0] == BASE + "en/topics/nato.xml"
    feed = atom(out / "en" / "topics" / "nato.xml")
    assert feed.feed.title.endswith("claims on NATO")
    assert all(entry.link.startswith(BASE + "en/claims/") for entry in feed.entries)
    data = json_feed(out / "en" / "topics" / "nato.json")
    assert data["language"] == "en"
    main = json_feed(out / "topics" / "nato.json")
    assert main["language"] == "uk" and main["title"].endswith("«НАТО»")
