"""The machine-readable files: claims.json, claims.csv, claims.db, the sitemap, and the site's
feed (made in feeds.py).

Each is made from the whole index, so it is rebuilt whenever any claim changes; none of
them holds a clock time, so the same content gives the same bytes. The claim files grow
with the site (tens of megabytes at 10,000 articles), so they come as a series of chunks,
written as they are made, never whole in memory; and claims.json and claims.csv are
made of one piece per claim, so a build after an edit copies every unchanged claim's piece
from the previous build's file (see Pieces) and encodes only the claims that changed.
"""

from __future__ import annotations

import csv
import io
import json
import os
from typing import Callable, Iterator

from . import feeds, urls
from .cache import open_regular
from .i18n import Interface
from .index import Index, claim_topics
from .model import Content
from .provenance import date_basis

FEED_ENTRIES = 100  # the newest claims, in the Atom feed
CHUNK = 500  # claims per chunk of a claim file


class Pieces:
    """One claim file as a piece per claim, each made only if the previous build's copy of
    the file does not hold it already.

    `keys` gives each claim's key (a digest of everything its piece shows); `old_spans`
    says where the previous file (`old_file`, of `old_size` bytes when the caller checked
    it intact) holds each claim's piece: [key, start, end]. While the file is assembled,
    `spans` records the same for the new file, for the next build.
    """

    def __init__(self, keys: dict[str, str] | None = None, old_file: str = "", old_size: int = -1,
                 old_spans: dict[str, list] | None = None) -> None:
        self.keys = keys or {}
        self.old_file = old_file
        self.old_size = old_size
        self.old_spans = old_spans or {}
        self.spans: dict[str, list] = {}

    def assemble(self, head: bytes, claims: list, make: Callable[[object], bytes],
                 separator: bytes = b"", tail: bytes = b"") -> Iterator[bytes]:
        """head, the claims' pieces (each copied or `make(claim)`) between separators, tail."""
        old = self._open_old()
        try:
            yield head
            position, first = len(head), True
            for start in range(0, len(claims), CHUNK):
                chunk = []
                for claim in claims[start:start + CHUNK]:
                    piece = self._copied(old, claim.id) if old is not None else None
                    if piece is None:
                        piece = make(claim)
                    if not first:
                        chunk.append(separator)
                        position += len(separator)
                    first = False
                    chunk.append(piece)
                    self.spans[claim.id] = [self.keys.get(claim.id, ""), position,
                                            position + len(piece)]
                    position += len(piece)
                yield b"".join(chunk)
            yield tail
        finally:
            if old is not None:
                os.close(old)

    def _copied(self, old: int, claim_id: str) -> bytes | None:
        """The claim's piece from the previous file, if it holds the piece this build needs."""
        key = self.keys.get(claim_id)
        span = self.old_spans.get(claim_id)
        if not key or span is None or span[0] != key or not 0 <= span[1] <= span[2] <= self.old_size:
            return None
        piece = os.pread(old, span[2] - span[1], span[1])
        return piece if len(piece) == span[2] - span[1] else None  # the file shrank meanwhile

    def _open_old(self) -> int | None:
        """The previous file, if it is still the regular file of the size the caller checked
        (never through a symbolic link, never waiting on a pipe), else None."""
        if not self.old_spans or not self.old_file:
            return None
        try:
            fd = open_regular(self.old_file, follow_links=False)
        except OSError:
            return None
        if os.fstat(fd).st_size != self.old_size:
            os.close(fd)
            return None
        return fd


def claims_json(content: Content, index: Index, pieces: Pieces | None = None,
                interface: Interface | None = None) -> Iterator[bytes]:
    """{"site": ..., "claims": [...]}, one claim per line: readable, diffable, and written by
    the json module's fast encoder (an `indent` would force its slow one)."""
    interface = interface or Interface(content.site.language)
    site = json.dumps({"title": content.site.title, "base_url": content.site.base_url or None},
                      ensure_ascii=False)
    yield from (pieces or Pieces()).assemble(
        f'{{"site": {site},\n "claims": [\n'.encode("utf-8"), index.claims,
        lambda claim: json.dumps(claim_record(claim, content, interface), ensure_ascii=False).encode("utf-8"),
        separator=b",\n", tail=b"\n]}\n")


def claim_record(claim, content: Content, interface: Interface) -> dict:
    """A claim with its reports. Where a date comes from (`date_inferred`) is said in the
    words of the site's pages in its main language (`interface`; provenance.py): the
    editors' basis, or that it is a report's publication date."""
    speaker = content.people[claim.speaker]
    return {
        "id": claim.id,
        "page": urls.path_of(claim),
        "speaker": {"key": speaker.key, "name": speaker.name, "kind": speaker.kind,
                    "role": speaker.role or None},
        "date": claim.date.iso() if claim.date else None,
        "date_inferred": date_basis(interface, claim) or None,
        "assertion": claim.assertion or None,
        "assertions": claim.assertions or None,  # in the site's other languages
        "topics": claim_topics(claim),
        "verdict": verdict_record(claim, content),
        "corrections": [correction_record(c) for c in claim.corrections],
        "appearances": [{
            "article": {
                "slug": a.article.slug, "page": urls.path_of(a.article),
                "title": a.article.title, "outlet": a.article.outlet or None,
                "outlet_name": content.outlets[a.article.outlet].name if a.article.outlet else None,
                "url": a.article.url or None,
                "published": a.article.published.iso() if a.article.published else None,
                "published_inferred": a.article.published_inferred or None,
                "added": a.article.added.iso() if a.article.added else None,
                "title_by_editors": a.article.title_by_editors or None,
                "archive_url": a.article.archive_url or None,
                "author": a.article.author or None,
                "language": a.article.language or content.site.language,
                "editor_note": a.article.editor_note or None,
                "corrections": [correction_record(c) for c in a.article.corrections],
            },
            "date": a.date.iso() if a.date_given and a.date else None,
            "date_inferred": date_basis(interface, a) or None,
            "attribution_inferred": a.attribution_inferred or None,
            "editor_note": a.editor_note or None,
            "quote": a.quote or None,
            "translation": a.translation or None,
            "translated_by": a.translated_by or None,
            "translator": a.translator or None,
            "context": a.context or None,
            "via": a.via or None,
            "text_fragment_url": (urls.text_fragment_url(a.article.url, a.quote)
                                  if a.article.url and a.quote else None),
        } for a in claim.appearances],
    }


def verdict_record(claim, content: Content) -> dict | None:
    verdict = claim.verdict
    if verdict is None:
        return None
    return {"rating": verdict.rating, "rating_name": content.site.ratings.get(verdict.rating),
            "reviewer": verdict.reviewer, "date": verdict.date.iso(),
            "explanation": verdict.explanation, "evidence": verdict.evidence}


def correction_record(correction) -> dict:
    return {"date": correction.date.iso(), "what": correction.what, "why": correction.why}


# New columns go at the end: scripts reading the file by position keep working.
CSV_COLUMNS = ["claim_id", "speaker", "speaker_name", "claim_date", "assertion", "topics",
               "article", "title", "outlet", "outlet_name", "published", "url", "reported_date",
               "quote", "context", "via", "claim_date_inferred", "reported_date_inferred",
               "published_inferred", "title_by_editors", "attribution_inferred", "archive_url",
               "verdict", "language", "translation", "translated_by", "translator", "added"]


def claims_csv(content: Content, index: Index, pieces: Pieces | None = None,
               interface: Interface | None = None) -> Iterator[bytes]:
    """One row per appearance. Cells that a spreadsheet would run as a formula get a `'`.
    The dates' bases as in claims.json (claim_record)."""
    interface = interface or Interface(content.site.language)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def rows(*claim_rows: list) -> bytes:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(claim_rows)
        return buffer.getvalue().encode("utf-8")

    def claim_rows(claim) -> bytes:
        return rows(*([_cell(v) for v in (
            claim.id, claim.speaker, content.people[claim.speaker].name,
            claim.date.iso() if claim.date else "", claim.assertion,
            " ".join(claim_topics(claim)), a.article.slug, a.article.title, a.article.outlet,
            content.outlets[a.article.outlet].name if a.article.outlet else "",
            a.article.published.iso() if a.article.published else "", a.article.url,
            a.date.iso() if a.date_given and a.date else "", a.quote, a.context, a.via,
            date_basis(interface, claim), date_basis(interface, a), a.article.published_inferred,
            a.article.title_by_editors, a.attribution_inferred, a.article.archive_url,
            content.site.ratings.get(claim.verdict.rating, "") if claim.verdict else "",
            a.article.language or content.site.language, a.translation, a.translated_by,
            a.translator, a.article.added.iso() if a.article.added else "")]
            for a in claim.appearances))

    yield from (pieces or Pieces()).assemble(rows(CSV_COLUMNS), index.claims, claim_rows)


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def feed_xml(env, content: Content, index: Index, interface: Interface, prefix: str = "") -> bytes:
    """Atom feed of the site's newest claims and corrections (feeds.py), its words in the
    interface language (on a site in several languages, the feed of the language whose
    pages are in `prefix`)."""
    return feeds.atom(env, content, site_feed(content, index, interface), interface, prefix)


def site_feed(content: Content, index: Index, interface: Interface) -> feeds.Feed:
    """The site's feed: its newest claims and corrections (FEED_ENTRIES of each)."""
    return feeds.Feed(interface.gettext("%(title)s: claims") % {"title": content.site.title},
                      "index.html", index.claims[:FEED_ENTRIES], index.corrections[:FEED_ENTRIES],
                      all_claims=index.claims)


def sitemap_xml(env, content: Content, pages: list[str]) -> bytes:
    """Every page but the 404 page, with absolute URLs when the site's base_url is known."""
    return env.get_template("sitemap.xml").render(
        locations=[urls.absolute(content.site.base_url, p) for p in sorted(pages)
                   if p.endswith(".html") and p != "404.html"]).encode("utf-8")


# --- claims.db: the same records as an SQLite database ----------------------------------

_SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE speakers (key TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, role TEXT);
CREATE TABLE outlets (key TEXT PRIMARY KEY, name TEXT NOT NULL, url TEXT, country TEXT);
CREATE TABLE topics (key TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE articles (
  slug TEXT PRIMARY KEY, page TEXT NOT NULL, title TEXT NOT NULL, title_by_editors TEXT,
  outlet TEXT REFERENCES outlets(key), url TEXT, archive_url TEXT, published TEXT,
  published_inferred TEXT, author TEXT, language TEXT, added TEXT);
CREATE TABLE claims (
  id TEXT PRIMARY KEY, page TEXT NOT NULL, speaker TEXT NOT NULL REFERENCES speakers(key),
  date TEXT, date_inferred TEXT, assertion TEXT NOT NULL, verdict_rating TEXT,
  verdict_name TEXT, verdict_reviewer TEXT, verdict_date TEXT, verdict_explanation TEXT);
CREATE TABLE reports (
  claim TEXT NOT NULL REFERENCES claims(id), article TEXT NOT NULL REFERENCES articles(slug),
  date TEXT, date_inferred TEXT, quote TEXT, context TEXT, via TEXT, attribution_inferred TEXT,
  translation TEXT, translated_by TEXT, translator TEXT,
  PRIMARY KEY (claim, article));
CREATE TABLE claim_topics (
  claim TEXT NOT NULL REFERENCES claims(id), topic TEXT NOT NULL REFERENCES topics(key),
  PRIMARY KEY (claim, topic));
CREATE VIRTUAL TABLE claims_search USING fts5(claim UNINDEXED, speaker, assertion, quotes);
"""


def claims_db(content: Content, index: Index, interface: Interface | None = None) -> Iterator[bytes]:
    """claims.json's records as an SQLite database (for Datasette, sqlite3, pandas): one table
    per kind of record, foreign keys between them, and a full-text table. The same content
    gives the same bytes: rows go in a fixed order into a new file (with no deletes,
    it has no free pages to vacuum)."""
    import sqlite3
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "claims.db")
        db = sqlite3.connect(path)
        try:
            # A scratch file read back at once: no journal, no waiting for the disk.
            db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
            _fill(db, content, index, interface or Interface(content.site.language))
            db.commit()
        finally:
            db.close()
        with open(path, "rb") as file:
            while chunk := file.read(1 << 20):
                yield chunk


def _fill(db, content: Content, index: Index, interface: Interface) -> None:
    site = content.site
    db.executemany("INSERT INTO speakers VALUES (?, ?, ?, ?)", [
        (p.key, p.name, p.kind, p.role or None) for p in sorted(content.people.values(), key=lambda p: p.key)])
    db.executemany("INSERT INTO outlets VALUES (?, ?, ?, ?)", [
        (o.key, o.name, o.url or None, o.country or None) for o in sorted(content.outlets.values(), key=lambda o: o.key)])
    topics = sorted({t for c in index.claims for t in claim_topics(c)} | {t for a in content.articles for t in a.topics})
    db.executemany("INSERT INTO topics VALUES (?, ?)", [(t, index.topics.get(t) or site.topics.get(t, t)) for t in topics])
    db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (a.slug, urls.path_of(a), a.title, a.title_by_editors or None, a.outlet or None, a.url or None,
         a.archive_url or None, a.published.iso() if a.published else None, a.published_inferred or None,
         a.author or None, a.language or site.language, a.added.iso() if a.added else None)
        for a in content.articles])
    claims = sorted(index.claims, key=lambda c: c.id)
    # One executemany per table: a statement per row took twice as long.
    db.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(
        claim.id, urls.path_of(claim), claim.speaker, claim.date.iso() if claim.date else None,
        date_basis(interface, claim) or None, claim.assertion, v.rating if v else None,
        site.ratings.get(v.rating) if v else None, v.reviewer if v else None,
        v.date.iso() if v else None, v.explanation if v else None)
        for claim in claims for v in (claim.verdict,)])
    db.executemany("INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (claim.id, a.article.slug, a.date.iso() if a.date_given and a.date else None,
         date_basis(interface, a) or None, a.quote or None, a.context or None, a.via or None,
         a.attribution_inferred or None, a.translation or None, a.translated_by or None,
         a.translator or None) for claim in claims for a in claim.appearances])
    db.executemany("INSERT INTO claim_topics VALUES (?, ?)",
                   [(claim.id, t) for claim in claims for t in claim_topics(claim)])
    db.executemany("INSERT INTO claims_search VALUES (?, ?, ?, ?)", [(
        claim.id, content.people[claim.speaker].name, claim.assertion,
        "\n".join(text for a in claim.appearances for text in (a.quote, a.translation) if text))
        for claim in claims])
