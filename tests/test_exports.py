"""claims.json and claims.csv are made of a piece per claim; a build after an edit copies the
unchanged pieces from the previous file. What is copied must be exactly what would be made."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from claimsite.exports import Pieces


def claims(*ids: str) -> list:
    return [SimpleNamespace(id=i) for i in ids]


def make(claim) -> bytes:
    return f'{{"id": "{claim.id}"}}'.encode()


def assemble(pieces: Pieces, *ids: str) -> bytes:
    return b"".join(pieces.assemble(b"[\n", claims(*ids), make, separator=b",\n", tail=b"\n]\n"))


def test_unchanged_pieces_are_copied_and_the_rest_made(tmp_path):
    keys = {"a": "ka", "b": "kb", "c": "kc"}
    first = Pieces(keys)
    old = assemble(first, "a", "b", "c")
    (tmp_path / "old.json").write_bytes(old)
    assert old == b'[\n{"id": "a"},\n{"id": "b"},\n{"id": "c"}\n]\n'

    made = []

    def counting(claim) -> bytes:
        made.append(claim.id)
        return make(claim)

    # b changed (new key), d is new, a and c are copied (in a new order).
    second = Pieces({**keys, "b": "kb2", "d": "kd"}, str(tmp_path / "old.json"), len(old), first.spans)
    new = b"".join(second.assemble(b"[\n", claims("c", "b", "a", "d"), counting,
                                   separator=b",\n", tail=b"\n]\n"))
    assert new == b'[\n{"id": "c"},\n{"id": "b"},\n{"id": "a"},\n{"id": "d"}\n]\n'
    assert made == ["b", "d"]
    # The new spans find each piece in the new file.
    for claim_id, (key, start, end) in second.spans.items():
        assert new[start:end] == make(SimpleNamespace(id=claim_id))


def test_spans_that_do_not_fit_the_old_file_are_not_trusted(tmp_path):
    (tmp_path / "old.json").write_bytes(b"short")
    spans = {"a": ["ka", 0, 999], "b": ["kb", 3, 1]}
    pieces = Pieces({"a": "ka", "b": "kb"}, str(tmp_path / "old.json"), 5, spans)
    assert assemble(pieces, "a", "b") == b'[\n{"id": "a"},\n{"id": "b"}\n]\n'
    # Nor a missing or empty old file, nor one of another size than the caller checked.
    (tmp_path / "empty.json").write_bytes(b"")
    for missing, size in (("gone.json", 3), ("empty.json", 0), ("old.json", 4)):
        pieces = Pieces({"a": "ka"}, str(tmp_path / missing), size, {"a": ["ka", 0, 3]})
        assert assemble(pieces, "a") == b'[\n{"id": "a"}\n]\n'


def test_a_span_is_trusted_up_to_the_old_files_very_edges(tmp_path):
    (tmp_path / "old.json").write_bytes(b"abc")
    # the whole file, from its first byte to its last, and an empty span at its end
    pieces = Pieces({"a": "ka", "b": "kb"}, str(tmp_path / "old.json"), 3,
                    {"a": ["ka", 0, 3], "b": ["kb", 3, 3]})
    assert assemble(pieces, "a", "b") == b'[\nabc,\n\n]\n'
    # a claim with no key is made, and its span recorded with an empty key
    pieces = Pieces()
    assert assemble(pieces, "a") == b'[\n{"id": "a"}\n]\n'
    assert pieces.spans == {"a": ["", 2, 13]}


def test_an_old_file_swapped_for_a_link_or_a_pipe_is_not_read(tmp_path):
    secret = tmp_path / "secret"
    secret.write_bytes(b"SECRET")
    (tmp_path / "link.json").symlink_to(secret)
    os.mkfifo(tmp_path / "pipe.json")
    for name in ("link.json", "pipe.json"):
        pieces = Pieces({"a": "ka"}, str(tmp_path / name), 6, {"a": ["ka", 0, 6]})
        assert assemble(pieces, "a") == b'[\n{"id": "a"}\n]\n'  # made, and no hang


def test_a_mistake_while_assembling_is_reported_as_itself(tmp_path):
    (tmp_path / "old.json").write_bytes(b"x" * 10)

    def broken(claim) -> bytes:
        raise ValueError("the real problem")

    pieces = Pieces({"a": "ka"}, str(tmp_path / "old.json"), 10, {"a": ["other", 0, 3]})
    with pytest.raises(ValueError, match="the real problem"):
        b"".join(pieces.assemble(b"", claims("a"), broken))


# --- the files themselves, from a fixture site with every provenance field ---------------

import csv  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import sqlite3  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402

from claimsite import build_site, exports, load_content, render  # noqa: E402
from claimsite.exports import CSV_COLUMNS, claims_csv, claims_db, claims_json, feed_xml, sitemap_xml  # noqa: E402
from claimsite.dates import PartialDate  # noqa: E402
from claimsite.i18n import Interface  # noqa: E402
from claimsite.model import Correction  # noqa: E402
from claimsite.index import build_index  # noqa: E402

from .conftest import REPO, make_site  # noqa: E402
from .htmlcheck import reader_text  # noqa: E402

ATOM = "{http://www.w3.org/2005/Atom}"


class _Any:
    def __eq__(self, other) -> bool:
        return True


ANY_SUMMARY = _Any()
# Where a date comes from, in the words of the claim page (provenance.py): a report's, a claim's.
PUBLISHED = "This report does not say when it was said; this is the date it was published."
CLAIM_PUBLISHED = "The report does not say when it was said; this is the date it was published."


@pytest.fixture(scope="module")
def provenance(tmp_path_factory):
    """tests/sites/provenance: (content, index) of four claims in three articles."""
    content = load_content(make_site(tmp_path_factory.mktemp("exports"), "provenance"))
    return content, build_index(content, Interface("en"))


def joined(chunks) -> bytes:
    return b"".join(chunks)


RATED = {
    "id": "plan-saved-money", "page": "claims/plan-saved-money.html",
    "speaker": {"key": "ada-speaker", "name": "Ada Speaker", "kind": "person", "role": "Minister of Tests"},
    "date": "2024-06-18",
    "date_inferred": "Same press conference as the first report, which dates it 18 June 2024.",
    "assertion": "The plan saved 40 million.", "assertions": None, "topics": [],
    "verdict": {"rating": "misleading", "rating_name": "Misleading", "reviewer": "Jo Checker",
                "date": "2024-06-25", "explanation": "The 40 million counts savings planned, not made.",
                "evidence": ["https://example.org/budget-report"]},
    "corrections": [{"date": "2024-06-26", "what": 'The assertion now says "saved" as the report does.',
                     "why": 'It said "will save".'}],
    "appearances": [{
        "article": {
            "slug": "rated-report", "page": "articles/rated-report.html",
            "title": "Minister repeats the plan figure", "outlet": "daily", "outlet_name": "The Daily Example",
            "url": "https://daily.example.org/news/figure", "published": "2024-06-21",
            "published_inferred": 'The page says "Friday"; the only Friday after the press conference '
                                  "of 18 June 2024 that week is 21 June.",
            "added": "2024-06-22",
            "title_by_editors": "The page prints no headline; the editors describe the report.",
            "archive_url": "https://web.archive.org/web/2024/https://daily.example.org/news/figure",
            "author": None, "language": "en",
            "editor_note": "This report was first recorded with the wrong outlet.",
            "corrections": [{"date": "2024-07-01",
                             "what": "The outlet was changed from Weekly Example to The Daily Example.",
                             "why": "The page's masthead names The Daily Example."}]},
        "date": "2024-06-18",
        "date_inferred": "Same press conference as the first report, which dates it 18 June 2024.",
        "attribution_inferred": "The paragraph continues the minister's remarks without naming her.",
        "editor_note": "The figure is not broken down in the report.",
        "quote": "The plan saved 40 million", "translation": None, "translated_by": None,
        "translator": None, "context": None, "via": None,
        "text_fragment_url": "https://daily.example.org/news/figure#:~:text=The%20plan%20saved%2040%20million"}],
}

# a report that is not dated: its date is the claim's, inferred, and the report's own is null
UNDATED_REPORT = {
    "article": {"slug": "second-report", "page": "articles/second-report.html", "title": "Plan praised again",
                "outlet": "weekly", "outlet_name": "Weekly Example", "url": None, "published": "2024-06",
                "published_inferred": None, "added": None, "title_by_editors": None, "archive_url": None, "author": None,
                "language": "en", "editor_note": None, "corrections": []},
    "date": None, "date_inferred": PUBLISHED, "attribution_inferred": None, "editor_note": None,
    "quote": "the plan works", "translation": None, "translated_by": None, "translator": None,
    "context": None, "via": "Wire Agency", "text_fragment_url": None}


def test_claims_json_holds_every_claim_with_its_reports_and_their_provenance(provenance):
    content, index = provenance
    data = joined(claims_json(content, index))
    assert data.startswith(b'{"site": {"title": "Test tracker", "base_url": "https://tracker.example.org/claims/"},\n'
                           b' "claims": [\n{"id": "first-report-2", ')
    assert data.endswith(b"}]}\n]}\n") and data.count(b"\n") == 7  # a claim per line
    record = json.loads(data)
    assert [c["id"] for c in record["claims"]] == ["first-report-2", "plan-saved-money", "plan-works",
                                                  "second-report-2"]  # newest first
    claims = {c["id"]: c for c in record["claims"]}
    assert claims["plan-saved-money"] == RATED
    assert claims["plan-works"]["appearances"][1] == UNDATED_REPORT
    assert claims["plan-works"]["date_inferred"] is None  # one report prints it
    assert claims["first-report-2"]["date_inferred"] == CLAIM_PUBLISHED
    assert claims["second-report-2"]["speaker"] == {"key": "ministry", "name": "Ministry of Examples",
                                                    "kind": "organisation", "role": None}
    assert claims["second-report-2"]["date"] == "2024"


def test_claims_json_on_a_site_without_base_url_says_null(provenance):
    content, index = provenance
    content.site.base_url, base_url = "", content.site.base_url
    try:
        assert json.loads(joined(claims_json(content, index)))["site"] == {"title": "Test tracker",
                                                                          "base_url": None}
    finally:
        content.site.base_url = base_url


def test_claims_csv_has_a_row_per_report_in_its_columns(provenance):
    content, index = provenance
    rows = list(csv.reader(io.StringIO(joined(claims_csv(content, index)).decode("utf-8"), newline="")))
    assert rows[0] == CSV_COLUMNS
    table = [dict(zip(CSV_COLUMNS, row)) for row in rows[1:]]
    assert [(r["claim_id"], r["article"]) for r in table] == [
        ("first-report-2", "first-report"), ("plan-saved-money", "rated-report"),
        ("plan-works", "first-report"), ("plan-works", "second-report"), ("second-report-2", "second-report")]
    assert table[1] == {
        "claim_id": "plan-saved-money", "speaker": "ada-speaker", "speaker_name": "Ada Speaker",
        "claim_date": "2024-06-18", "assertion": "The plan saved 40 million.", "topics": "",
        "article": "rated-report", "title": "Minister repeats the plan figure", "outlet": "daily",
        "outlet_name": "The Daily Example", "published": "2024-06-21",
        "url": "https://daily.example.org/news/figure", "reported_date": "2024-06-18",
        "quote": "The plan saved 40 million", "context": "", "via": "",
        "claim_date_inferred": RATED["date_inferred"], "reported_date_inferred": RATED["date_inferred"],
        "published_inferred": RATED["appearances"][0]["article"]["published_inferred"],
        "title_by_editors": "The page prints no headline; the editors describe the report.",
        "attribution_inferred": "The paragraph continues the minister's remarks without naming her.",
        "archive_url": "https://web.archive.org/web/2024/https://daily.example.org/news/figure",
        "verdict": "Misleading", "language": "en", "translation": "", "translated_by": "", "translator": "", "added": "2024-06-22"}
    undated = table[3]
    assert (undated["claim_date"], undated["reported_date"], undated["reported_date_inferred"],
            undated["topics"], undated["url"], undated["via"], undated["verdict"]) == \
        ("2024-06-18", "", PUBLISHED, "nato", "", "Wire Agency", "")
    assert joined(claims_csv(content, index)).count(b"\r\n") == 6  # spreadsheet line ends


# (what an editor typed, the cell a spreadsheet gets): no cell starts a formula
CELLS = [
    ("=HYPERLINK(\"https://evil.example\")", "'=HYPERLINK(\"https://evil.example\")"),
    ("+1 555 0100", "'+1 555 0100"),
    ("-2 percent", "'-2 percent"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tindented", "'\tindented"),
    ("\rreturn", "'\rreturn"),
    ("a = b", "a = b"),
    ("plain words", "plain words"),
]


def test_no_cell_of_claims_csv_starts_a_spreadsheet_formula(tmp_path):
    content = make_site(tmp_path)
    lines = "".join(f"  - speaker: ada-speaker\n    assertion: Claim {n}.\n    context: {json.dumps(typed)}\n"
                    for n, (typed, _) in enumerate(CELLS))
    (content / "articles" / "cells.md").write_text(f"---\ntitle: Cells\nclaims:\n{lines}---\nText.\n",
                                                   encoding="utf-8")
    loaded = load_content(content)
    # The check strips a text's ends; the guard does not count on it: a record holding a
    # leading tab or return (another reader, a later field) is guarded too.
    for n, (typed, _) in enumerate(CELLS):
        loaded.claims[f"cells-{n + 1}"].appearances[0].context = typed
    index = build_index(loaded, Interface("en"))
    rows = csv.DictReader(io.StringIO(joined(claims_csv(loaded, index)).decode("utf-8"), newline=""))
    contexts = {row["assertion"]: row["context"] for row in rows if row["article"] == "cells"}
    assert contexts == {f"Claim {n}.": cell for n, (_, cell) in enumerate(CELLS)}


def test_claims_db_holds_the_same_records_in_tables_joined_by_keys(provenance, tmp_path):
    content, index = provenance
    path = tmp_path / "claims.db"
    path.write_bytes(joined(claims_db(content, index)))
    db = sqlite3.connect(path)
    try:
        query = lambda sql: db.execute(sql).fetchall()  # noqa: E731
        assert query("SELECT * FROM speakers") == [
            ("ada-speaker", "Ada Speaker", "person", "Minister of Tests"),
            ("bob-official", "Bob Official", "person", "Spokesperson"),
            ("ministry", "Ministry of Examples", "organisation", None)]
        assert query("SELECT * FROM outlets") == [
            ("daily", "The Daily Example", "https://daily.example.org/", "GB"),
            ("weekly", "Weekly Example", None, None)]
        assert query("SELECT * FROM topics") == [("nato", "NATO")]
        assert query("SELECT * FROM articles WHERE slug = 'rated-report'") == [(
            "rated-report", "articles/rated-report.html", "Minister repeats the plan figure",
            "The page prints no headline; the editors describe the report.", "daily",
            "https://daily.example.org/news/figure",
            "https://web.archive.org/web/2024/https://daily.example.org/news/figure", "2024-06-21",
            RATED["appearances"][0]["article"]["published_inferred"], None, "en", "2024-06-22")]
        assert query("SELECT * FROM articles WHERE slug = 'second-report'") == [(
            "second-report", "articles/second-report.html", "Plan praised again", None, "weekly",
            None, None, "2024-06", None, None, "en", None)]
        assert query("SELECT * FROM claims WHERE id = 'plan-saved-money'") == [(
            "plan-saved-money", "claims/plan-saved-money.html", "ada-speaker", "2024-06-18",
            RATED["date_inferred"], "The plan saved 40 million.", "misleading", "Misleading", "Jo Checker",
            "2024-06-25", "The 40 million counts savings planned, not made.")]
        assert query("SELECT * FROM claims WHERE id = 'plan-works'") == [(
            "plan-works", "claims/plan-works.html", "ada-speaker", "2024-06-18", None,
            "The plan is working.", None, None, None, None, None)]
        assert query("SELECT * FROM reports WHERE claim = 'plan-works' ORDER BY article") == [
            ("plan-works", "first-report", "2024-06-18", None, "The plan works, and it works well.",
             "Press conference", None, None, None, None, None),
            ("plan-works", "second-report", None, PUBLISHED, "the plan works", None, "Wire Agency",
             None, None, None, None)]
        assert query("SELECT attribution_inferred FROM reports WHERE claim = 'plan-saved-money'") == [
            ("The paragraph continues the minister's remarks without naming her.",)]
        assert query("SELECT * FROM claim_topics") == [("first-report-2", "nato"), ("plan-works", "nato")]
        assert query("SELECT claim, speaker, quotes FROM claims_search WHERE claims_search MATCH 'well'") == [
            ("plan-works", "Ada Speaker", "The plan works, and it works well.\nthe plan works")]
        assert query("PRAGMA foreign_key_check") == []
    finally:
        db.close()
    assert joined(claims_db(content, index)) == path.read_bytes()  # the same content, the same bytes


def entries(feed: bytes) -> list[dict[str, str]]:
    root = ET.fromstring(feed)
    return [{"title": e.findtext(f"{ATOM}title"), "id": e.findtext(f"{ATOM}id"),
             "updated": e.findtext(f"{ATOM}updated"), "author": e.findtext(f"{ATOM}author/{ATOM}name"),
             "link": e.find(f"{ATOM}link").get("href"), "summary": e.findtext(f"{ATOM}summary")}
            for e in root.iter(f"{ATOM}entry")]


def test_the_feed_has_the_newest_claims_and_the_corrections_with_ids_that_never_change(provenance):
    content, index = provenance
    interface = Interface("en")
    env = render.environment(REPO / "templates", interface)
    feed = feed_xml(env, content, index, interface)
    root = ET.fromstring(feed)
    assert root.findtext(f"{ATOM}id") == "urn:uuid:2e091e94-e49c-5dd3-a3c5-f433cd6a104c"
    assert root.findtext(f"{ATOM}title") == f"{content.site.title}: claims"
    # as new as its newest entry: here a correction (an Atom feed is never older than an entry)
    assert root.findtext(f"{ATOM}updated") == "2024-07-01T00:00:00Z"
    site = "https://tracker.example.org/claims/"
    assert entries(feed) == [
        {"title": "Talks will continue.", "id": "urn:uuid:5b430be7-a464-520b-844e-d481c539535b",
         "updated": "2024-06-19T00:00:00Z", "author": "Bob Official",
         "link": f"{site}claims/first-report-2.html",
         "summary": "Bob Official, June 19, 2024: Talks will continue. (reported by 1 article)"},
        {"title": "The plan saved 40 million.", "id": "urn:uuid:eae5598c-98ae-5af5-9f63-ba3e0ce2d5a2",
         "updated": "2024-06-18T00:00:00Z", "author": "Ada Speaker",
         "link": f"{site}claims/plan-saved-money.html",
         "summary": "Ada Speaker, June 18, 2024: The plan saved 40 million. (reported by 1 article)"},
        {"title": "The plan is working.", "id": "urn:uuid:3c675633-e1bc-5ee1-bfb4-32e680390314",
         "updated": "2024-06-18T00:00:00Z", "author": "Ada Speaker", "link": f"{site}claims/plan-works.html",
         "summary": "Ada Speaker, June 18, 2024: The plan is working. (reported by 2 articles)"},
        {"title": "The ministry counted 3 sites.", "id": "urn:uuid:71a55863-657d-5a77-910d-4f1a00c6ee4f",
         "updated": "2024-01-01T00:00:00Z", "author": "Ministry of Examples",
         "link": f"{site}claims/second-report-2.html",
         "summary": "Ministry of Examples, 2024: The ministry counted 3 sites. (reported by 1 article)"},
        {"title": "Correction: The outlet was changed from Weekly Example to The Daily Example.",
         "id": "urn:uuid:6f241098-c272-5a40-9284-ec2add3d26a7", "updated": "2024-07-01T00:00:00Z",
         "author": "Test tracker", "link": f"{site}articles/rated-report.html",
         "summary": "Article: Minister repeats the plan figure. Why: The page's masthead names The Daily Example."},
        {"title": 'Correction: The assertion now says "saved" as the report does.',
         "id": "urn:uuid:d3fc9b3c-cc7f-5935-8993-cb564e621225", "updated": "2024-06-26T00:00:00Z",
         "author": "Test tracker", "link": f"{site}claims/plan-saved-money.html",
         "summary": ANY_SUMMARY},
    ]
    # the record corrected, then why (the claim's summary ends in its own full stop)
    summary = entries(feed)[-1]["summary"]
    assert summary.startswith("Claim: The plan saved 40 million.") and summary.endswith('. Why: It said "will save".')


def test_the_feed_in_another_language_links_to_that_languages_pages(provenance):
    content, index = provenance
    interface = Interface("uk")
    feed = feed_xml(render.environment(REPO / "templates", interface), content, index, interface, "uk/")
    first = entries(feed)[0]
    assert first["link"] == "https://tracker.example.org/claims/uk/claims/first-report-2.html"
    assert first["summary"].endswith("Talks will continue. (повідомлено в 1 статті)")
    assert entries(feed)[-1]["summary"].startswith("Твердження: The plan saved 40 million.")
    assert entries(feed)[-2]["title"].startswith("Виправлення: ")


@pytest.mark.parametrize("written, stamp", [
    ("2024-06-20 00:17", "2024-06-20T00:17:00Z"),
    ("2024-06-20T23:59:05", "2024-06-20T23:59:05Z"),
    ("2024-06", "2024-06-01T00:00:00Z"),
    ("2024", "2024-01-01T00:00:00Z"),
])
def test_a_feed_entry_is_dated_by_what_its_claim_says(tmp_path, written, stamp):
    content = make_site(tmp_path)
    for old in (content / "articles").iterdir():
        old.unlink()
    (content / "articles" / "a.md").write_text(
        f"---\ntitle: A\nclaims:\n  - {{speaker: ada-speaker, assertion: A., date: '{written}'}}\n---\nText.\n",
        encoding="utf-8")
    loaded = load_content(content)
    loaded.site.base_url = "https://tracker.example.org/"
    interface = Interface("en")
    feed = feed_xml(render.environment(REPO / "templates", interface), loaded,
                    build_index(loaded, interface), interface)
    assert ET.fromstring(feed).findtext(f"{ATOM}updated") == stamp
    assert entries(feed)[0]["updated"] == stamp


def test_a_feed_of_undated_claims_is_dated_by_source_date_epoch_or_1970(tmp_path, monkeypatch):
    content = make_site(tmp_path)
    for old in (content / "articles").iterdir():
        old.unlink()
    (content / "articles" / "a.md").write_text(
        "---\ntitle: A\nclaims:\n  - {speaker: ada-speaker, assertion: A.}\n---\nText.\n", encoding="utf-8")
    loaded = load_content(content)
    loaded.site.base_url = "https://tracker.example.org/"
    interface = Interface("en")
    env = render.environment(REPO / "templates", interface)
    index = build_index(loaded, interface)
    updated = lambda: ET.fromstring(feed_xml(env, loaded, index, interface)).findtext(f"{ATOM}updated")  # noqa: E731
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert updated() == "1970-01-01T00:00:00Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718755200")
    assert updated() == "2024-06-19T00:00:00Z"
    assert entries(feed_xml(env, loaded, index, interface))[0]["updated"] == "2024-06-19T00:00:00Z"
    assert entries(feed_xml(env, loaded, index, interface))[0]["summary"] == \
        "Ada Speaker, date not given: A. (reported by 1 article)"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")
    assert updated() == "1970-01-01T00:00:00Z"


def test_the_feed_names_at_most_the_newest_claims_and_corrections(provenance, monkeypatch):
    content, index = provenance
    interface = Interface("en")
    env = render.environment(REPO / "templates", interface)
    monkeypatch.setattr(exports, "FEED_ENTRIES", 1)
    assert [e["title"] for e in entries(feed_xml(env, content, index, interface))] == [
        "Talks will continue.", "Correction: The outlet was changed from Weekly Example to The Daily Example."]


def test_a_feed_is_as_new_as_every_claim_even_those_it_has_no_room_for(tmp_path, monkeypatch):
    content = make_site(tmp_path)
    for old in (content / "articles").iterdir():
        old.unlink()
    (content / "articles" / "a.md").write_text(
        "---\ntitle: A\nclaims:\n  - {speaker: ada-speaker, assertion: On the day., date: '2024-06-21'}\n"
        "  - {speaker: ada-speaker, assertion: At night., date: '2024-06-20 23:00-05:00'}\n---\nText.\n",
        encoding="utf-8")
    loaded = load_content(content)
    loaded.site.base_url = "https://tracker.example.org/"
    interface = Interface("en")
    monkeypatch.setattr(exports, "FEED_ENTRIES", 1)
    feed = feed_xml(render.environment(REPO / "templates", interface), loaded, build_index(loaded, interface),
                    interface)
    # The index lists the 21st first (its day is later where it was said); the claim said at
    # night in New York, 04:00 UTC on the 21st, has no room, yet it is the feed's latest moment.
    assert [e["title"] for e in entries(feed)] == ["On the day."]
    assert ET.fromstring(feed).findtext(f"{ATOM}updated") == "2024-06-20T23:00:00-05:00"


def test_the_sitemap_lists_every_page_but_the_404_page(provenance):
    content, _ = provenance
    env = render.environment(REPO / "templates", Interface("en"))
    sitemap = sitemap_xml(env, content, ["index.html", "404.html", "claims/a.html", "feed.xml", "uk/404.html"])
    locations = [e.text for e in ET.fromstring(sitemap).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations == ["https://tracker.example.org/claims/claims/a.html",
                         "https://tracker.example.org/claims/index.html",
                         "https://tracker.example.org/claims/uk/404.html"]


def test_exports_of_a_report_with_no_outlet_date_or_publication_say_so(tmp_path):
    content = make_site(tmp_path)
    (content / "articles" / "bare.md").write_text(
        "---\ntitle: Bare\nclaims:\n  - speaker: bob-official\n    assertion: Bare.\n"
        "    topics: [nato, sanctions]\n---\nText.\n", encoding="utf-8")
    loaded = load_content(content)
    index = build_index(loaded, Interface("en"))
    record = next(c for c in json.loads(joined(claims_json(loaded, index)))["claims"] if c["id"] == "bare-1")
    assert (record["date"], record["date_inferred"], record["topics"]) == (None, None, ["nato", "sanctions"])
    article = record["appearances"][0]["article"]
    assert (article["outlet"], article["outlet_name"], article["published"], article["url"]) == (None,) * 4
    row = next(r for r in csv.DictReader(io.StringIO(joined(claims_csv(loaded, index)).decode("utf-8"),
                                                     newline="")) if r["claim_id"] == "bare-1")
    assert (row["claim_date"], row["outlet"], row["outlet_name"], row["published"], row["topics"]) == \
        ("", "", "", "", "nato sanctions")
    path = tmp_path / "claims.db"
    path.write_bytes(joined(claims_db(loaded, index)))
    db = sqlite3.connect(path)
    try:
        assert db.execute("SELECT date FROM claims WHERE id = 'bare-1'").fetchall() == [(None,)]
        assert db.execute("SELECT outlet, published FROM articles WHERE slug = 'bare'").fetchall() == [(None, None)]
        # every topic in use, with its name
        assert db.execute("SELECT * FROM topics").fetchall() == [("nato", "NATO"), ("sanctions", "Sanctions")]
        assert db.execute("SELECT * FROM claim_topics WHERE claim = 'bare-1'").fetchall() == [
            ("bare-1", "nato"), ("bare-1", "sanctions")]
    finally:
        db.close()


def test_a_topic_only_an_article_has_is_in_claims_db(tmp_path):
    content = make_site(tmp_path)
    (content / "articles" / "tagged.md").write_text(
        "---\ntitle: Tagged\ntopics: [sanctions]\nclaims:\n  - {speaker: bob-official, assertion: T., topics: [nato]}\n"
        "---\nText.\n", encoding="utf-8")
    loaded = load_content(content)
    path = tmp_path / "claims.db"
    path.write_bytes(joined(claims_db(loaded, build_index(loaded, Interface("en")))))
    db = sqlite3.connect(path)
    try:
        assert db.execute("SELECT * FROM topics").fetchall() == [("nato", "NATO"), ("sanctions", "Sanctions")]
    finally:
        db.close()


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory):
    """tests/sites/multilingual: a site in Ukrainian and English, Ukrainian first."""
    content = load_content(make_site(tmp_path_factory.mktemp("multilingual"), "multilingual"))
    content.site.base_url = "https://tracker.example.org/"
    return content


def test_the_exports_are_utf_8_text_not_escapes(multilingual):
    data = joined(claims_json(multilingual, build_index(multilingual, Interface("uk"))))
    assert "Тестовий трекер".encode("utf-8") in data.split(b"\n")[0]
    assert "План працює.".encode("utf-8") in data and b"\\u" not in data


def test_the_feed_of_a_sites_other_language_shows_names_and_summaries_in_it(multilingual):
    interface = Interface("en")
    claim = multilingual.claims["plan-works"]
    claim.corrections.append(Correction(PartialDate(2024, 6, 20), "The date.", "A typo."))
    try:
        feed = feed_xml(render.environment(REPO / "templates", interface), multilingual,
                        build_index(multilingual, interface), interface, "en/")
    finally:
        claim.corrections.clear()
    assert entries(feed)[-1]["summary"] == "Claim: The plan is working. Why: A typo."
    shown = {e["title"]: (e["author"], e["link"]) for e in entries(feed)}
    assert shown["The plan is working."] == ("Ada Speaker", "https://tracker.example.org/en/claims/plan-works.html")
    assert shown["Переговори триватимуть."][0] == "Боб Посадовець"  # given in Ukrainian only
    summary = next(e["summary"] for e in entries(feed) if e["title"] == "The plan is working.")
    assert summary.startswith("Ada Speaker, ") and ": The plan is working. (reported by " in summary


def test_the_data_files_say_where_a_date_comes_from_as_the_pages_do(tmp_path):
    """A claim its report does not date takes the report's publication date: claims.json,
    claims.csv and claims.db say so in the words of the claim's page, in the site's language
    (here Ukrainian), the editors' basis for the publication date after it (issue 25)."""
    content = make_site(tmp_path, "uk")
    (content / "articles" / "z-dated-by-publication.md").write_text(
        "---\ntitle: Звіт без дати заяви\npublished: 2024-06-20\n"
        "published_inferred: Дату видно з тексту.\nlanguage: uk\nclaims:\n"
        "  - id: z-dated\n    speaker: olena-testova\n    assertion: План працює.\n---\n"
        "Міністерка сказала, що план працює.\n", encoding="utf-8")
    out = tmp_path / "out"
    build_site(content, out, REPO / "templates", search_index=False)
    ukrainian = Interface("uk")
    worked_out = " " + ukrainian.gettext("The editors worked out the publication date: %(basis)s") % {
        "basis": "Дату видно з тексту."}
    claim_basis = ukrainian.gettext(
        "The report does not say when it was said; this is the date it was published.") + worked_out
    report_basis = ukrainian.gettext(
        "This report does not say when it was said; this is the date it was published.") + worked_out
    assert claim_basis.startswith("Повідомлення не каже, коли")  # the site's language, not English
    page = reader_text(out / "claims" / "z-dated.html")
    assert claim_basis in page and report_basis in page
    record = next(c for c in json.loads((out / "claims.json").read_bytes())["claims"] if c["id"] == "z-dated")
    assert (record["date"], record["date_inferred"]) == ("2024-06-20", claim_basis)
    assert (record["appearances"][0]["date"], record["appearances"][0]["date_inferred"]) == (None, report_basis)
    row = next(r for r in csv.DictReader(io.StringIO((out / "claims.csv").read_text(encoding="utf-8"), newline=""))
               if r["claim_id"] == "z-dated")
    assert (row["claim_date_inferred"], row["reported_date_inferred"]) == (claim_basis, report_basis)
    db = sqlite3.connect(out / "claims.db")
    try:
        assert db.execute("SELECT date_inferred FROM claims WHERE id = 'z-dated'").fetchall() == [(claim_basis,)]
        assert db.execute("SELECT date_inferred FROM reports WHERE claim = 'z-dated'").fetchall() == [(report_basis,)]
    finally:
        db.close()
