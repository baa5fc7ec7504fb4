"""The feeds a reader can follow: the site's newest claims and corrections, and each
speaker's and each topic's newest claims, each as Atom and as JSON Feed 1.1.

Feed readers need absolute addresses, so there are feeds only where the site's `base_url` is
known (pages.py plans none without it). Dates come from content only, so the same content
gives the same bytes; an entry has the same id in every feed it is in.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import uuid
from dataclasses import dataclass, field

from . import urls
from .i18n import Interface
from .model import Content

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"


@dataclass
class Feed:
    """One feed's title, the page it belongs to (site paths), and what it lists."""

    title: str
    page: str  # the HTML page the feed follows ("index.html", "speakers/ada.html")
    claims: list  # newest first, at most the feed's length
    corrections: list = field(default_factory=list)  # index.Corrected, newest first
    all_claims: list | None = None  # every claim it follows, for its date (default: claims)


def feed_path(page: str, extension: str) -> str:
    """Where the feed of a page is: "feed.xml" for the home page's (the site's), else beside
    the page ("speakers/ada.html" -> "speakers/ada.xml")."""
    if page == "index.html":
        return f"feed.{extension}"
    return page.removesuffix(".html") + "." + extension


def _stamp(date) -> str:
    """An RFC 3339 time for a (partial) date: its first moment, in its offset or UTC."""
    clock = date.time or "00:00"
    return (f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}T"
            f"{clock + (':00' if len(clock) == 5 else '')}{date.offset or 'Z'}")


def _moment(stamp: str) -> dt.datetime:
    """The instant an RFC 3339 time names: times in different offsets compare as instants,
    not as text."""
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _day_known(date) -> bool:
    """A date to the day: JSON Feed's dates are optional, so a year or a month is not
    passed off as its first day there (Atom needs a time for every entry: it gets one)."""
    return bool(date and date.day)


def _fallback_time() -> str:
    """The time of a feed with no dated entry: the build's SOURCE_DATE_EPOCH, else 1970."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(epoch)))
    return "1970-01-01T00:00:00Z"


def _namespace(content: Content) -> uuid.UUID:
    site = content.site
    return uuid.uuid5(uuid.NAMESPACE_URL, site.base_url or f"claimsite:{site.title}")


def entries(content: Content, feed: Feed, interface: Interface, prefix: str = "") -> tuple[str, list[dict]]:
    """(the feed's updated time, its entries): the claims, then the corrections, each with
    its title, id, time ("" where its record gives none) and whether its day is known,
    author, link and summary."""
    _, ngettext = interface.gettext, interface.ngettext
    site = content.site
    language = prefix[:-1] or site.language
    link = lambda path: urls.absolute(site.base_url, urls.localised(path, prefix))  # noqa: E731
    # A feed is as new as its newest entry, a claim's or a correction's.
    followed = feed.claims if feed.all_claims is None else feed.all_claims
    stamps = [_stamp(c.date) for c in followed if c.date] + [_stamp(x.correction.date)
                                                            for x in feed.corrections]
    updated = max(stamps, key=_moment) if stamps else _fallback_time()
    namespace = _namespace(content)
    made = []
    for claim in feed.claims:
        speaker = content.people[claim.speaker].name_in(language)
        assertion = claim.assertion_in(language, site.language)[0]
        made.append({
            "title": assertion, "id": f"urn:uuid:{uuid.uuid5(namespace, claim.id)}",
            "date": _stamp(claim.date) if claim.date else "", "day": _day_known(claim.date),
            "author": speaker,
            "link": link(urls.path_of(claim)),
            "summary": ngettext("%(speaker)s, %(date)s: %(assertion)s (reported by %(num)s article)",
                                "%(speaker)s, %(date)s: %(assertion)s (reported by %(num)s articles)",
                                len(claim.appearances)) % {
                "speaker": speaker,
                "date": interface.date(claim.date) if claim.date else _("date not given"),
                "assertion": assertion, "num": interface.number(len(claim.appearances))}})
    for x in feed.corrections:
        made.append({
            "title": _("Correction: %(what)s") % {"what": x.correction.what},
            "id": f"urn:uuid:{uuid.uuid5(namespace, f'correction {x.page} {x.correction.date} {x.correction.what}')}",
            "date": _stamp(x.correction.date), "day": _day_known(x.correction.date),
            "author": site.title, "link": link(x.page),
            # (a summary's own full stop is the sentence's: not doubled)
            "summary": _("%(corrected)s. Why: %(why)s") % {
                "corrected": corrected_label(x, interface, site.language).removesuffix("."),
                "why": x.correction.why}})
    return updated, made


def atom(env, content: Content, feed: Feed, interface: Interface, prefix: str = "") -> bytes:
    """The feed as Atom (RFC 4287); an entry with no date of its own takes the feed's."""
    updated, made = entries(content, feed, interface, prefix)
    link = lambda path: urls.absolute(content.site.base_url, urls.localised(path, prefix))  # noqa: E731
    namespace = _namespace(content)
    # The site's feed keeps the id it always had; another's is named by its page.
    feed_id = namespace if feed.page == "index.html" else uuid.uuid5(namespace, f"feed {feed.page}")
    return env.get_template("feed.xml").render(
        site=content.site, feed_title=feed.title, feed_id=f"urn:uuid:{feed_id}", updated=updated,
        entries=[{**entry, "updated": entry["date"] or updated} for entry in made],
        self_url=link(feed_path(feed.page, "xml")), page_url=link(feed.page)).encode("utf-8")


def json_feed(content: Content, feed: Feed, interface: Interface, prefix: str = "") -> bytes:
    """The feed as JSON Feed 1.1: the same entries; a date only where the record gives the day."""
    _, made = entries(content, feed, interface, prefix)
    site = content.site
    link = lambda path: urls.absolute(site.base_url, urls.localised(path, prefix))  # noqa: E731
    data = {"version": JSON_FEED_VERSION, "title": feed.title, "home_page_url": link(feed.page),
            "feed_url": link(feed_path(feed.page, "json")),
            **({"description": site.description} if site.description else {}),
            "language": prefix[:-1] or site.language,
            "items": [{"id": entry["id"], "url": entry["link"], "title": entry["title"],
                       "content_text": entry["summary"],
                       **({"date_published": entry["date"]} if entry["day"] else {}),
                       "authors": [{"name": entry["author"]}]} for entry in made]}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def corrected_label(corrected, interface: Interface, main_language: str) -> str:
    """What a correction corrects, in words: the claim's summary (in the interface's
    language where it is given in it) or the article's title."""
    record = corrected.record
    if hasattr(record, "assertion"):
        return interface.gettext("Claim: %(assertion)s") % {
            "assertion": record.assertion_in(interface.tag, main_language)[0]}
    return interface.gettext("Article: %(title)s") % {"title": record.title}
