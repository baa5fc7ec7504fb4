"""Archived copies of the sources: the Robust Links attributes of a link to an original, and
the sources that have no archived copy (`check --unarchived`).

A link to an original article carries its archived copy (`archive_url`) as
`data-versionurl`, and the day that copy was taken as `data-versiondate`: the editors'
`archive_date`, else the date printed in the copy's own address (the Wayback Machine's
/web/20240620123456/..., archive.today's /2024.06.20-123456/...). No date is guessed.
See https://robustlinks.mementoweb.org/spec/.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup, escape

from .dates import parse_date
from .model import Article, Content

_DATED_COPY = (
    re.compile(r"^https?://web\.archive\.org/web/(\d{4})(\d{2})(\d{2})\d{0,6}[a-z_]*/", re.I),
    re.compile(r"^https?://archive\.(?:today|ph|is|li|vn|fo|md)/(\d{4})\.(\d{2})\.(\d{2})-\d{6}/", re.I),
)


def version_date(article: Article) -> str:
    """The day the article's archived copy was taken, as ISO text ("" if not known)."""
    if article.archive_date:
        return article.archive_date.iso()
    for pattern in _DATED_COPY:
        match = pattern.match(article.archive_url)
        if match:
            try:  # an address may hold a day the calendar lacks: then it says nothing
                return parse_date("-".join(match.groups())).iso()
            except ValueError:
                return ""
    return ""


def robust_link(article: Article) -> Markup:
    """The Robust Links attributes of a link to the article's original ("" without a copy)."""
    if not article.archive_url:
        return Markup("")
    attributes = f' data-versionurl="{escape(article.archive_url)}"'
    date = version_date(article)
    if date:
        attributes += f' data-versiondate="{escape(date)}"'
    return Markup(attributes)


def unarchived(content: Content) -> list[str]:
    """`path:line: ...` for each article with an original address and no archived copy, at
    its `url:` line."""
    return [f"{article.path}:{_url_line(article)}: no archived copy of {article.url}; "
            "add its address as `archive_url:` (Wayback Machine, archive.today)"
            for article in content.articles if article.url and not article.archive_url]


def _url_line(article: Article) -> int:
    """The line of `url:` in the article's front matter (a top-level key starts a line), 1
    if the file cannot be read again."""
    try:
        lines = Path(article.source).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == "---":
            break
        if re.match(r"url\s*:", line):
            return number
    return 1


