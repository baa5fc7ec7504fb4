"""Cross-indexes over the checked content: what each page lists, computed once.

Every index is built in one pass over the claims, so building them grows linearly with the
content; pages then only read from these lists.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .dates import PartialDate
from .i18n import Interface
from .languages import primary
from .model import Article, Claim, Content, Correction
from .urls import path_of


def newest_first(claim: Claim) -> tuple:
    """Sort key: newest date first, undated last, then by id for a stable order."""
    return (*newest_date_first(claim.date), claim.id)


def newest_date_first(date: PartialDate | None) -> tuple:
    """Sort key of a (partial) date: the newest first, and of one day (or month) the more
    precise first: a time before the day alone, a day before its month; none last."""
    if date is None:
        return (1,)
    return (0, -date.year, -date.month, -date.day, not date.time, date.time.translate(_REVERSED))


# Later times first: each digit d read as 9-d, so plain string order is reversed.
_REVERSED = str.maketrans("0123456789", "9876543210")


@dataclass
class Period:
    """A heading on the timeline: a month, a year (for the dates known only to the year), or
    "Date not given"; its label in the interface language."""

    label: str
    anchor: str
    claims: list[Claim] = field(default_factory=list)


@dataclass
class Corrected:
    """One correction, with the record it corrects."""

    correction: Correction
    record: Claim | Article
    page: str  # the corrected record's page


@dataclass
class Index:
    claims: list[Claim]  # newest first
    by_speaker: dict[str, list[Claim]]
    by_outlet: dict[str, list[Claim]]
    by_topic: dict[str, list[Claim]]
    topics: dict[str, str]  # topic key -> display name, every topic in use, sorted by name
    timeline: list[Period]
    articles_by_outlet: dict[str, list]
    articles_without_outlet: list[Article]
    corrections: list[Corrected] = field(default_factory=list)  # newest first
    # the claims of each speaker, outlet and topic by year, for their pages by year:
    # {"speakers": {key: {year: claims}}}, years newest first ("undated" last)
    years: dict[str, dict[str, dict[str, list]]] = field(default_factory=dict)
    periods: dict[str, Period] = field(default_factory=dict)  # the timeline's, by anchor
    period_labels: list[tuple[str, str]] = field(default_factory=list)  # (anchor, label), in order
    articles_by_year: dict[str, list] = field(default_factory=dict)  # newest first
    # each dated year's articles by period, for the pages of a long year: {"2024": {"2024-06":
    # articles, ..., "2024": those whose month is not given}}, newest first
    articles_by_month: dict[str, dict[str, list]] = field(default_factory=dict)


def build_index(content: Content, interface: Interface) -> Index:
    claims = sorted(content.claims.values(), key=newest_first)
    by_speaker: dict[str, list[Claim]] = defaultdict(list)
    by_outlet: dict[str, list[Claim]] = defaultdict(list)
    by_topic: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_speaker[claim.speaker].append(claim)
        for outlet in dict.fromkeys(a.article.outlet for a in claim.appearances if a.article.outlet):
            by_outlet[outlet].append(claim)
        for topic in claim_topics(claim):
            by_topic[topic].append(claim)
    articles_by_outlet: dict[str, list] = defaultdict(list)
    for article in content.articles:
        articles_by_outlet[article.outlet].append(article)
    without_outlet = articles_by_outlet.pop("", [])
    names = {key: topic_name(content, key, interface.tag) for key in by_topic}
    topics = dict(sorted(names.items(), key=lambda item: (item[1].casefold(), item[0])))
    corrections = [Corrected(c, claim, path_of(claim))
                   for claim in claims for c in claim.corrections]
    corrections += [Corrected(c, article, path_of(article))
                    for article in content.articles for c in article.corrections]
    corrections.sort(key=lambda x: (x.correction.date, x.page), reverse=True)
    periods = timeline(claims, interface)
    groups = {"speakers": by_speaker, "outlets": by_outlet, "topics": by_topic}
    by_year = articles_by_year(content)
    return Index(claims=claims, by_speaker=dict(by_speaker), by_outlet=dict(by_outlet),
                 by_topic=dict(by_topic), topics=topics, timeline=periods,
                 articles_by_outlet=dict(articles_by_outlet), articles_without_outlet=without_outlet,
                 corrections=corrections,
                 years={folder: {key: claims_by_year(listed) for key, listed in group.items()}
                        for folder, group in groups.items()},
                 periods={p.anchor: p for p in periods},
                 period_labels=[(p.anchor, p.label) for p in periods],
                 articles_by_year=by_year, articles_by_month=articles_by_month(by_year))


def claim_topics(claim: Claim) -> list[str]:
    """The claim's own topics, else those of the articles reporting it."""
    if claim.topics:
        return claim.topics
    return list(dict.fromkeys(t for a in claim.appearances for t in a.article.topics))


def topic_name(content: Content, key: str, language: str = "") -> str:
    """A topic's name in `language` where site.yaml gives it in that one, else its name."""
    site = content.site
    return (site.topic_translations.get(key, {}).get(language) or site.topics.get(key)
            or key.replace("-", " ").capitalize())


def timeline(claims: list[Claim], interface: Interface) -> list[Period]:
    """Claims grouped by month, newest first; a date of year only gets its own group."""
    periods: dict[tuple, Period] = {}
    for claim in claims:  # already newest first, so groups come out in order
        date = claim.date
        key = (date.year, date.month) if date else (0, 0)
        period = periods.get(key)
        if period is None:
            period = periods[key] = _period(date, interface)
        period.claims.append(claim)
    return list(periods.values())


def _period(date: PartialDate | None, interface: Interface) -> Period:
    anchor = period_anchor(date)
    return Period(period_label(anchor, interface), anchor)


def period_anchor(date: PartialDate | None) -> str:
    """The period a date is in: its month ("2024-06"), its year where no month is given
    ("2024"), or "undated"."""
    if date is None:
        return "undated"
    return f"{date.year}-{date.month:02d}" if date.month else str(date.year)


def period_label(anchor: str, interface: Interface) -> str:
    """A period's heading in the interface language: "June 2024", "2024 (month not given)",
    "Date not given"."""
    if anchor == "undated":
        return interface.gettext("Date not given")
    year, _, month = anchor.partition("-")
    if month:
        return interface.date(PartialDate(int(year), int(month)))
    return interface.gettext("%(year)s (month not given)") % {"year": interface.date(PartialDate(int(year)))}


# --- groupings the list pages show ------------------------------------------------------

def top_speakers(index: Index) -> list:
    """The ten speakers with the most claims: [(key, claims)]."""
    return sorted(index.by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:10]


def timeline_years(index: Index) -> dict[str, tuple[str, list]]:
    """The timeline's periods by year, newest first: {key: (label, periods)}; the undated
    ones under their own period's label ("Date not given")."""
    years: dict[str, tuple[str, list]] = {}
    for period in index.timeline:
        key = period.anchor[:4] if period.anchor[:4].isdigit() else "undated"
        years.setdefault(key, (key if key != "undated" else period.label, []))[1].append(period)
    return years


def claims_by_year(claims: list[Claim]) -> dict[str, list]:
    """Claims (newest first) by the year of their date, newest first ("undated" last)."""
    return _by_year(claims, lambda claim: claim.date)


def articles_by_year(content: Content) -> dict[str, list]:
    """The articles by the year they were published, newest first ("undated" last)."""
    return _by_year(sorted(content.articles, key=newest_article), lambda article: article.published)


def articles_by_month(by_year: dict[str, list]) -> dict[str, dict[str, list]]:
    """Each dated year's articles (newest first) by period, as the timeline's: by month,
    newest first, then those whose month is not given, under the year ("2024")."""
    months: dict[str, dict[str, list]] = {}
    for year, articles in by_year.items():
        if year != "undated":
            periods = months[year] = {}
            for article in articles:
                periods.setdefault(period_anchor(article.published), []).append(article)
    return months


def _by_year(records: list, date_of) -> dict[str, list]:
    years: dict[str, list] = {}
    for record in records:
        date = date_of(record)
        years.setdefault(str(date.year) if date else "undated", []).append(record)
    return years


def years_in_use(content: Content) -> list[int]:
    """Every year a claim or an article is dated in, newest first (the search filter's)."""
    found = {c.date.year for c in content.claims.values() if c.date}
    found |= {a.published.year for a in content.articles if a.published}
    return sorted(found, reverse=True)


def report_languages(content: Content) -> list[str]:
    """The languages the articles are in (en-GB counted as en), the site's first (the search
    filter's)."""
    site = primary(content.site.language)
    found = {primary(a.language or site) for a in content.articles}
    return sorted(found, key=lambda tag: (tag != site, tag))


def newest_article(article) -> tuple:
    return (*newest_date_first(article.published), article.slug)
