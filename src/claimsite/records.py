"""An article's checked record as plain JSON data, and back: the form the cache keeps.

A record is what content.py makes of one article file (the Article without its text, and
its claim entries); dates travel as ISO text.
"""

from __future__ import annotations

from pathlib import Path

from .dates import parse_date
from .files import absolute, shown_path
from .model import Article, Correction

_ARTICLE_TEXTS = ("slug", "title", "outlet", "url", "author", "language", "title_by_editors",
                  "published_inferred", "archive_url", "editor_note")
_ARTICLE_FIELDS = (*_ARTICLE_TEXTS, "topics", "body_line", "former_names", "former_names_line")


def record_to_json(article: Article, entries: list[dict]) -> dict:
    """An article's checked record (without its text) as plain JSON data."""
    data = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
    data["published"] = article.published.iso() if article.published else None
    data["archive_date"] = article.archive_date.iso() if article.archive_date else None
    data["added"] = article.added.iso() if article.added else None
    data["body_chars"] = len(article.body or "")
    data["corrections"] = [_dated(vars(c), str) for c in article.corrections]
    data["entries"] = [_entry_dates(entry, str) for entry in entries]
    return data


def record_from_json(data: dict, path: Path) -> tuple[Article, list[dict]]:
    """The record again, for the file at `path`; KeyError/TypeError/ValueError if malformed."""
    fields = {name: data[name] for name in _ARTICLE_FIELDS}
    if not all(isinstance(fields[n], str) for n in _ARTICLE_TEXTS) \
            or not isinstance(fields["topics"], list) or not isinstance(fields["body_line"], int) \
            or not isinstance(fields["former_names"], list) or not isinstance(fields["former_names_line"], int):
        raise TypeError("bad record")
    published = parse_date(data["published"]) if data["published"] else None
    archive_date = parse_date(data["archive_date"]) if data["archive_date"] else None
    added = parse_date(data["added"]) if data["added"] else None
    article = Article(path=shown_path(path), source=absolute(path), published=published,
                      archive_date=archive_date, added=added,
                      body_chars=int(data["body_chars"]), **fields,
                      corrections=[Correction(**_dated(c, parse_date)) for c in data["corrections"]])
    return article, [_entry_dates(entry, parse_date) for entry in data["entries"]]


def _entry_dates(entry: dict, convert) -> dict:
    """A claim entry with each of its dates (own, verdict's, corrections') passed through
    `convert`: to ISO text for the cache, back to PartialDate from it."""
    entry = _dated(entry, convert)
    if entry.get("verdict"):
        entry["verdict"] = _dated(entry["verdict"], convert)
    if entry.get("corrections"):
        entry["corrections"] = [_dated(c, convert) for c in entry["corrections"]]
    return entry


def _dated(record: dict, convert) -> dict:
    return {**record, "date": convert(record["date"])} if record.get("date") else dict(record)


