"""Feeds a reader can follow: the site's, each speaker's and each topic's, as Atom and as
JSON Feed 1.1, found from the pages they belong to."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from claimsite import build_site, feeds, render
from claimsite.dates import PartialDate
from claimsite.i18n import Interface
from claimsite.index import Corrected
from claimsite.model import Appearance, Article, Claim, Content, Correction, Person, Site

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


@pytest.mark.site
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


@pytest.mark.site
def test_a_speakers_feed_holds_only_their_claims_with_what_they_said(built):
    feed = atom(built / "speakers" / "ada-speaker.xml")
    assert [entry.author for entry in feed.entries] == ["Ada Speaker"]
    assert feed.entries[0].title == "The plan is working."
    assert feed.entries[0].updated.startswith("2024-06-18")
    item = json_feed(built / "speakers" / "ada-speaker.json")["items"][0]
    assert item["title"] == "The plan is working." and item["authors"] == [{"name": "Ada Speaker"}]
    assert item["date_published"] == "2024-06-18T00:00:00Z"


@pytest.mark.site
def test_a_claim_dated_by_year_only_has_no_made_up_day_in_the_json_feed(built):
    # the ministry's claim is dated 2024 only; the others to the day
    by_url = {item["url"]: item for item in json_feed(built / "feed.json")["items"]}
    assert "date_published" not in by_url[BASE + "claims/second-report-2.html"]
    assert by_url[BASE + "claims/first-report-2.html"]["date_published"] == "2024-06-19T00:00:00Z"


@pytest.mark.site
def test_other_pages_name_the_sites_feeds_only(built):
    found = alternates(built / "claims" / "plan-works.html")
    assert found["application/atom+xml"] == [BASE + "feed.xml"]
    assert found["application/feed+json"] == [BASE + "feed.json"]


@pytest.mark.site
def test_without_the_sites_address_there_are_no_feeds_nor_links_to_them(tmp_path):
    out = tmp_path / "out"
    build_site(make_site(tmp_path), out, REPO / "templates", search_index=False)
    assert not [p.name for p in out.rglob("*") if p.suffix in (".xml", ".json") and p.name != "claims.json"]
    for page in ("index.html", "speakers/ada-speaker.html", "topics/nato.html"):
        assert alternates(out / page) == {}


@pytest.mark.site
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


# --- a feed made from records, no site built (fast enough for tests/mutation.py) ---------

SITE_URL = "https://t.example.org/claims/"
# The ids readers know entries by: a changed id shows every entry again as new.
SITE_FEED_ID = "urn:uuid:33e08198-3aa3-5491-af8a-ff090496a958"
PLAN_ID = "urn:uuid:cbb8c9f2-0e66-51fd-9415-2f1bc5223cc4"


def made_claim(claim_id: str, date: PartialDate | None, reports: int = 1) -> Claim:
    claim = Claim(id=claim_id, speaker="ada", assertion=f"{claim_id} works.",
                  assertions={"uk": f"{claim_id} працює."})
    article = Article(slug="a", path="p", title="A")
    claim.appearances = [Appearance(claim_id=claim_id, article=article, line=1, date=date,
                                    date_given=date is not None) for _ in range(reports)]
    return claim


def made_content(base_url: str = SITE_URL, description: str = "") -> Content:
    site = Site(title="Tracker", description=description, base_url=base_url, language="en",
                languages=["en", "uk"])
    return Content(site=site, people={"ada": Person(key="ada", name="Ada Speaker", names={"uk": "Ада"})},
                   outlets={}, articles=[], claims={})


def correction_of(record, page: str, date: PartialDate) -> Corrected:
    return Corrected(correction=Correction(date=date, what="The figure", why="It was 40, not 14."),
                     record=record, page=page)


def test_an_entry_says_who_said_what_when_and_in_how_many_reports():
    plan = made_claim("plan", PartialDate(2024, 6, 18), reports=2)
    once = made_claim("once", PartialDate(2024, 6, 17))
    updated, made = feeds.entries(made_content(), feeds.Feed("T", "index.html", [plan, once]), Interface("en"))
    assert updated == "2024-06-18T00:00:00Z"
    assert made[0] == {"title": "plan works.", "id": PLAN_ID, "date": "2024-06-18T00:00:00Z", "day": True,
                       "author": "Ada Speaker", "link": SITE_URL + "claims/plan.html",
                       "summary": "Ada Speaker, June 18, 2024: plan works. (reported by 2 articles)"}
    assert made[1]["summary"] == "Ada Speaker, June 17, 2024: once works. (reported by 1 article)"


def test_an_entry_in_another_language_names_things_in_it():
    plan = made_claim("plan", PartialDate(2024, 6, 18))
    _, made = feeds.entries(made_content(), feeds.Feed("T", "index.html", [plan]), Interface("uk"), "uk/")
    assert (made[0]["title"], made[0]["author"], made[0]["link"]) == (
        "plan працює.", "Ада", SITE_URL + "uk/claims/plan.html")
    assert made[0]["id"] == PLAN_ID  # the same entry in every language's feed
    assert made[0]["summary"].startswith("Ада, 18 червня 2024\u202fр.: plan працює.")


@pytest.mark.parametrize("date, stamp, day", [
    (PartialDate(2024, 6, 20, "00:17", "+03:00"), "2024-06-20T00:17:00+03:00", True),
    (PartialDate(2024, 6, 20, "00:17:05"), "2024-06-20T00:17:05Z", True),
    (PartialDate(2024, 6), "2024-06-01T00:00:00Z", False),  # Atom needs a time: its first moment
    (PartialDate(2024), "2024-01-01T00:00:00Z", False),
])
def test_an_entry_is_dated_in_rfc_3339_and_says_whether_its_day_is_known(date, stamp, day):
    _, made = feeds.entries(made_content(), feeds.Feed("T", "index.html", [made_claim("c", date)]), Interface("en"))
    assert (made[0]["date"], made[0]["day"]) == (stamp, day)


def test_a_feed_is_as_new_as_the_newest_claim_it_follows_or_correction(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    old, new = made_claim("old", PartialDate(2023, 1, 2)), made_claim("new", PartialDate(2024, 5, 6))
    content, en = made_content(), Interface("en")
    # a feed showing only some of the claims it follows is as new as all of them
    assert feeds.entries(content, feeds.Feed("T", "x.html", [old], all_claims=[old, new]), en)[0] == (
        "2024-05-06T00:00:00Z")
    assert feeds.entries(content, feeds.Feed("T", "x.html", [old]), en)[0] == "2023-01-02T00:00:00Z"
    fixed = correction_of(old, "claims/old.html", PartialDate(2024, 7, 1))
    assert feeds.entries(content, feeds.Feed("T", "x.html", [old, new], [fixed]), en)[0] == (
        "2024-07-01T00:00:00Z")
    undated = made_claim("undated", None)
    updated, made = feeds.entries(content, feeds.Feed("T", "x.html", [undated]), en)
    assert updated == "1970-01-01T00:00:00Z"  # nothing dated: not the time of the build
    assert (made[0]["date"], made[0]["day"]) == ("", False)
    assert "Ada Speaker, date not given: undated works." in made[0]["summary"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718841600")
    assert feeds.entries(content, feeds.Feed("T", "x.html", [undated]), en)[0] == "2024-06-20T00:00:00Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    assert feeds.entries(content, feeds.Feed("T", "x.html", [undated]), en)[0] == "1970-01-01T00:00:00Z"


def test_a_feed_is_as_new_as_the_latest_moment_not_the_latest_looking_clock():
    # 23:30 in New York on the 18th is 04:30 UTC on the 19th: later than 02:00 UTC that day,
    # though its text sorts first.
    west = made_claim("west", PartialDate(2024, 6, 18, "23:30", "-05:00"))
    utc = made_claim("utc", PartialDate(2024, 6, 19, "02:00"))
    feed = feeds.Feed("T", "x.html", [utc, west])
    assert feeds.entries(made_content(), feed, Interface("en"))[0] == "2024-06-18T23:30:00-05:00"


def test_a_correction_is_an_entry_saying_what_changed_and_why():
    plan = made_claim("plan", PartialDate(2024, 6, 18))
    article = Article(slug="a", path="p", title="Plan report")
    fixes = [correction_of(plan, "claims/plan.html", PartialDate(2024, 7, 1)),
             correction_of(article, "articles/a.html", PartialDate(2024, 7))]
    _, made = feeds.entries(made_content(), feeds.Feed("T", "index.html", [], fixes), Interface("en"))
    assert made[0] == {"title": "Correction: The figure",
                       "id": "urn:uuid:fc7a7b9d-8eb4-5487-b477-755257800728",
                       "date": "2024-07-01T00:00:00Z", "day": True, "author": "Tracker",
                       "link": SITE_URL + "claims/plan.html",
                       "summary": "Claim: plan works. Why: It was 40, not 14."}
    assert made[1]["summary"] == "Article: Plan report. Why: It was 40, not 14."
    assert (made[1]["day"], made[1]["link"]) == (False, SITE_URL + "articles/a.html")
    assert made[0]["id"] != made[1]["id"]
    _, made = feeds.entries(made_content(), feeds.Feed("T", "index.html", [], fixes[:1]), Interface("uk"), "uk/")
    assert made[0]["summary"] == "Твердження: plan працює. Причина: It was 40, not 14."


def test_an_atom_feed_has_its_own_id_and_addresses_and_dates_every_entry():
    env = render.environment(REPO / "templates", Interface("en"))
    dated, undated = made_claim("plan", PartialDate(2024, 6, 18)), made_claim("when", None)
    content = made_content()
    atom_ns = "{http://www.w3.org/2005/Atom}"
    for page, feed_id, self_url in [
            ("index.html", SITE_FEED_ID, SITE_URL + "feed.xml"),
            ("speakers/ada.html", "urn:uuid:4103355a-e0c2-5cf3-9611-3100b3763354", SITE_URL + "speakers/ada.xml")]:
        root = ET.fromstring(feeds.atom(env, content, feeds.Feed("Ada", page, [dated, undated]), Interface("en")))
        assert root.find(atom_ns + "id").text == feed_id
        assert (root.find(atom_ns + "title").text, root.find(atom_ns + "updated").text) == (
            "Ada", "2024-06-18T00:00:00Z")
        links = {link.get("rel"): link.get("href") for link in root.findall(atom_ns + "link")}
        assert links == {"self": self_url, "alternate": SITE_URL + page}
        assert [e.find(atom_ns + "updated").text for e in root.findall(atom_ns + "entry")] == [
            "2024-06-18T00:00:00Z", "2024-06-18T00:00:00Z"]  # undated: the feed's own time
    root = ET.fromstring(feeds.atom(env, content, feeds.Feed("Ada", "topics/x.html", [dated]), Interface("uk"),
                                    "uk/"))
    links = {link.get("rel"): link.get("href") for link in root.findall(atom_ns + "link")}
    assert links == {"self": SITE_URL + "uk/topics/x.xml", "alternate": SITE_URL + "uk/topics/x.html"}
    entry = root.find(atom_ns + "entry")  # its entries in that language too
    assert entry.find(atom_ns + "title").text == "plan працює."
    assert entry.find(atom_ns + "link").get("href") == SITE_URL + "uk/claims/plan.html"
    # a site without its address still names its feed by its title (a feed is only made with one)
    assert feeds._namespace(made_content("")) != feeds._namespace(made_content())


def test_a_json_feed_gives_a_date_only_where_the_day_is_known():
    plan, year = made_claim("plan", PartialDate(2024, 6, 18)), made_claim("year", PartialDate(2024))
    data = json.loads(feeds.json_feed(made_content(description="Who said what"),
                                      feeds.Feed("Ada's claims", "speakers/ada.html", [plan, year]), Interface("en")))
    assert {key: data[key] for key in ("version", "title", "home_page_url", "feed_url", "description",
                                       "language")} == {
        "version": "https://jsonfeed.org/version/1.1", "title": "Ada's claims",
        "home_page_url": SITE_URL + "speakers/ada.html", "feed_url": SITE_URL + "speakers/ada.json",
        "description": "Who said what", "language": "en"}
    assert data["items"][0] == {"id": PLAN_ID, "url": SITE_URL + "claims/plan.html", "title": "plan works.",
                                "content_text": "Ada Speaker, June 18, 2024: plan works. (reported by 1 article)",
                                "date_published": "2024-06-18T00:00:00Z", "authors": [{"name": "Ada Speaker"}]}
    assert "date_published" not in data["items"][1]
    raw = feeds.json_feed(made_content(), feeds.Feed("T", "index.html", [plan]), Interface("uk"), "uk/")
    assert "plan працює.".encode() in raw  # readable as it is, not \u-escaped
    data = json.loads(raw)
    assert "description" not in data and data["language"] == "uk"
    assert (data["items"][0]["title"], data["items"][0]["url"]) == ("plan працює.", SITE_URL + "uk/claims/plan.html")
    assert data["feed_url"] == SITE_URL + "uk/feed.json" and data["home_page_url"] == SITE_URL + "uk/index.html"
