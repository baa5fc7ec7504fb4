"""The pages that list claims or articles: a speaker's, an outlet's, a topic's; the lists of
speakers, outlets and topics; the articles by year (a long year by month) and the timeline
by period.

A list that grows with the tracker is split into pages once it is long: a page holding
every claim of a busy speaker grows without bound (a topic's was 210 KB, 2,700 elements, at
4,000 articles), loads slowly, and is rewritten whenever any of its claims changes. Then the
first page shows the newest claims and a link to a page per year; an edit rewrites the
year pages of the claims it touches, and the first page only if what it shows changes (the
newest claims, the years and their counts).
"""

from __future__ import annotations

from . import urls
from .index import newest_article, period_label, timeline_years
from .sources import Sources

# A timeline of more claims than this is split into a page per year: one page of every claim
# grows without bound (5 MB at 4,000 articles) and is rewritten whenever any claim changes.
TIMELINE_ONE_PAGE = 500
ARTICLES_ONE_PAGE = 500  # likewise, articles.html becomes an overview with a page per year
# And a year of more articles than this lists its months, each on a page of its own: a busy
# year on one page (80 KB of HTML, 350 articles, at 4,000) was the slowest page to show.
ARTICLES_YEAR_ONE_PAGE = 100
# Likewise a speaker's, outlet's or topic's page, beyond this many claims: the newest first,
# then the years, each on a page of its own.
GROUP_ONE_PAGE = 100
GROUP_NEWEST = 10


# --- a speaker's, an outlet's, a topic's page, and their pages by year --------------------

class _Group:
    """One of the kinds of page that list the claims of a record."""

    def __init__(self, folder: str, kicker, claims, name, page, former):
        self.folder = folder  # also the section of the site it is in
        self.page = page  # key -> the record's own page
        self.kicker = kicker  # (sources, key) -> "Topic"
        self.claims = claims  # (sources, key) -> the record's claims, newest first
        self.name = name  # (sources, key) -> its name, as headings show it
        self.former = former  # (sources, key) -> the keys it had before (`former_keys`)

    def years(self, s: Sources, key: str):
        """Its claims by year, if there are enough to split ({} if not)."""
        if len(self.claims(s, key)) <= GROUP_ONE_PAGE:
            return {}
        return s.index.years[self.folder].get(key, {})

    def context(self, s: Sources, key: str) -> dict:
        """What the record's own page shows of its claims: all, or the newest and the years."""
        claims, years = self.claims(s, key), self.years(s, key)
        return dict(section=self.folder, claims=claims[:GROUP_NEWEST] if years else claims, count=len(claims),
                    years=years, years_folder=urls.group_folder(self.folder, key))

    def year_pages(self, s: Sources, keys):
        for key in keys:
            for year in self.years(s, key):
                yield urls.year_path(urls.group_folder(self.folder, key), year), f"{key}/{year}"

    def former_pages(self, s: Sources, keys):
        """(the record's page at a key it had before, its key now) of each of `keys`."""
        for key in keys:
            for former in self.former(s, key):
                yield self.page(former), key

    def moved(self, s: Sources, keys):
        """(former address, address now) of the pages of each of `keys` at the keys they
        had before: the record's page and its pages by year (those it has now)."""
        for key in keys:
            for former in self.former(s, key):
                yield self.page(former), self.page(key)
                for year in self.years(s, key):
                    yield (urls.year_path(urls.group_folder(self.folder, former), year),
                           urls.year_path(urls.group_folder(self.folder, key), year))

    def year(self, s: Sources, page_key: str) -> dict:
        key, _, year = page_key.rpartition("/")
        years = self.years(s, key)
        newer, older = _around(list(years), year)
        return dict(section=self.folder, kicker=self.kicker(s, key), name=self.name(s, key),
                    group_page=self.page(key), folder=urls.group_folder(self.folder, key),
                    year=year, claims=years[year], show_speaker=self.folder != "speakers",
                    newer=newer, older=older)


def _around(order: list, item) -> tuple:
    """(newer, older): the items before and after `item` in `order`, None where none."""
    number = order.index(item)
    return (order[number - 1] if number > 0 else None,
            order[number + 1] if number + 1 < len(order) else None)


SPEAKER = _Group("speakers",
                 lambda s, key: s.i18n.gettext("Organisation") if s.content.people[key].kind == "organisation"
                 else s.i18n.gettext("Speaker"),
                 lambda s, key: s.index.by_speaker.get(key, []),
                 lambda s, key: s.content.people[key].name_in(s.language),
                 urls.speaker_path, lambda s, key: s.content.people[key].former_keys)
OUTLET = _Group("outlets", lambda s, key: s.i18n.gettext("Outlet"),
                lambda s, key: s.index.by_outlet.get(key, []),
                lambda s, key: s.content.outlets[key].name_in(s.language),
                urls.outlet_path, lambda s, key: s.content.outlets[key].former_keys)
TOPIC = _Group("topics", lambda s, key: s.i18n.gettext("Topic"),
               lambda s, key: s.index.by_topic[key], lambda s, key: s.index.topics[key],
               urls.topic_path, lambda s, key: s.content.site.topic_former_keys.get(key, []))


def moved_pages(s: Sources):
    """(former address, address now) of every speaker's, outlet's and topic's pages at the
    keys they had before (permalinks.py: each is a redirect)."""
    yield from SPEAKER.moved(s, s.content.people)
    yield from OUTLET.moved(s, s.content.outlets)
    yield from TOPIC.moved(s, s.index.topics)


def speaker_pages(s: Sources):
    for key, person in s.content.people.items():
        yield urls.path_of(person), key


def speaker_feed_pages(s: Sources):
    """The pages a speaker's feed is beside: its page, and its page at each key it had
    before (a reader following the feed there keeps it)."""
    yield from speaker_pages(s)
    yield from SPEAKER.former_pages(s, s.content.people)


def speaker(s: Sources, key: str) -> dict:
    return dict(person=s.content.people[key], **SPEAKER.context(s, key))


def outlet_pages(s: Sources):
    for key, outlet in s.content.outlets.items():
        yield urls.path_of(outlet), key


def outlet(s: Sources, key: str) -> dict:
    return dict(outlet=s.content.outlets[key], articles=s.index.articles_by_outlet.get(key, []),
                **OUTLET.context(s, key))


def topic_pages(s: Sources):
    for key in s.index.topics:
        yield urls.topic_path(key), key


def topic_feed_pages(s: Sources):
    """The pages a topic's feed is beside: its page, and its page at each key it had before."""
    yield from topic_pages(s)
    yield from TOPIC.former_pages(s, s.index.topics)


def topic(s: Sources, key: str) -> dict:
    return dict(name=s.index.topics[key], **TOPIC.context(s, key))


def speaker_year_pages(s: Sources):
    return SPEAKER.year_pages(s, s.content.people)


def outlet_year_pages(s: Sources):
    return OUTLET.year_pages(s, s.content.outlets)


def topic_year_pages(s: Sources):
    return TOPIC.year_pages(s, s.index.topics)


# --- the lists of speakers, outlets, topics, articles; the timeline ---------------------

def speakers(s: Sources, key: str) -> dict:
    return dict(section="speakers", index=s.index, speakers=sorted(
        s.content.people.values(), key=lambda p: (p.name_in(s.language).casefold(), p.key)))


def outlets(s: Sources, key: str) -> dict:
    return dict(section="outlets", index=s.index, outlet_list=sorted(
        s.content.outlets.values(), key=lambda o: (o.name_in(s.language).casefold(), o.key)),
        unnamed=s.index.articles_without_outlet)


def articles(s: Sources, key: str) -> dict:
    count = len(s.content.articles)
    if count > ARTICLES_ONE_PAGE:
        return dict(section="articles", article_list=[], years=s.index.articles_by_year, count=count)
    return dict(section="articles", years={}, count=count,
                article_list=sorted(s.content.articles, key=newest_article))


def timeline(s: Sources, key: str) -> dict:
    split = len(s.index.claims) > TIMELINE_ONE_PAGE
    return dict(section="timeline", index=s.index, years=timeline_years(s.index) if split else {})


def timeline_period_pages(s: Sources):
    if len(s.index.claims) <= TIMELINE_ONE_PAGE:
        return
    for period in s.index.timeline:
        yield urls.period_path(period.anchor), period.anchor


def timeline_period(s: Sources, key: str) -> dict:
    order = [anchor for anchor, _ in s.index.period_labels]
    labels = dict(s.index.period_labels)
    newer, older = (dict(path=urls.period_path(a), label=labels[a]) if a else None
                    for a in _around(order, key))
    return dict(section="timeline", period=s.index.periods[key], newer=newer, older=older)


def articles_year_pages(s: Sources):
    if len(s.content.articles) <= ARTICLES_ONE_PAGE:
        return
    for year in s.index.articles_by_year:
        yield urls.year_path("articles-", year), year


def articles_year(s: Sources, key: str) -> dict:
    """A year's articles; of a long year, its months (each a page) and the articles whose
    month is not given."""
    years = s.index.articles_by_year
    newer, older = _around(list(years), key)
    months = _article_months(s, key)
    if months:  # on the year's own page only the articles whose month is not given
        listed = months[key] if key in months else []
    else:
        listed = years[key]
    return dict(section="articles", year=key, count=len(years[key]), newer=newer, older=older,
                months=[dict(key=month, label=period_label(month, s.i18n), count=len(articles))
                        for month, articles in months.items() if month != key],
                month_not_given=period_label(key, s.i18n), article_list=listed)


def articles_month_pages(s: Sources):
    if len(s.content.articles) <= ARTICLES_ONE_PAGE:
        return
    for year in s.index.articles_by_year:
        for month in _article_months(s, year):
            if month != year:  # (the articles whose month is not given are on the year's page)
                yield urls.year_path("articles-", month), month


def articles_month(s: Sources, key: str) -> dict:
    year = key.rpartition("-")[0]
    months = [month for month in s.index.articles_by_month[year] if month != year]
    newer, older = (dict(path=urls.year_path("articles-", m), label=period_label(m, s.i18n)) if m else None
                    for m in _around(months, key))
    return dict(section="articles", year=year, month=period_label(key, s.i18n),
                article_list=s.index.articles_by_month[year][key], newer=newer, older=older)


def _article_months(s: Sources, year: str):
    """A year's articles by month if there are too many for one page ({} if not)."""
    if year == "undated" or len(s.index.articles_by_year[year]) <= ARTICLES_YEAR_ONE_PAGE:
        return {}
    return s.index.articles_by_month[year]
