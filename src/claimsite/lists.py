"""The pages that list claims or articles: a speaker's, an outlet's, a topic's; the lists of
speakers, outlets and topics; the articles by year and the timeline by period.

A list that grows with the tracker is split into pages once it is long: a page holding
every claim of a busy speaker grows without bound (a topic's was 210 KB, 2,700 elements, at
4,000 articles), loads slowly, and is rewritten whenever any of its claims changes. Then the
first page shows the newest claims and a link to a page per year; an edit rewrites the
year pages of the claims it touches, and the first page only if what it shows changes (the
newest claims, the years and their counts).
"""

from __future__ import annotations

from . import urls
from .index import articles_by_year, claims_by_year, newest_article, timeline_years
from .sources import Sources

# A timeline of more claims than this is split into a page per year: one page of every claim
# grows without bound (5 MB at 4,000 articles) and is rewritten whenever any claim changes.
TIMELINE_ONE_PAGE = 500
ARTICLES_ONE_PAGE = 500  # likewise, articles.html becomes an overview with a page per year
# Likewise a speaker's, outlet's or topic's page, beyond this many claims: the newest first,
# then the years, each on a page of its own.
GROUP_ONE_PAGE = 100
GROUP_NEWEST = 10


# --- a speaker's, an outlet's, a topic's page, and their pages by year --------------------

class _Group:
    """One of the kinds of page that list the claims of a record."""

    def __init__(self, folder: str, kicker, claims, made_from, name):
        self.folder = folder  # also the section of the site it is in
        self.kicker = kicker  # (sources, key) -> "Topic"
        self.claims = claims  # (sources, key) -> the record's claims, newest first
        self.made_from = made_from  # (sources, key) -> the digest of the record itself
        self.name = name  # (sources, key) -> its name, as headings show it

    def years(self, s: Sources, key: str) -> dict[str, list]:
        """Its claims by year, if there are enough to split ({} if not)."""
        if (self.folder, key) not in s.memo:
            claims = self.claims(s, key)
            s.memo[self.folder, key] = claims_by_year(claims) if len(claims) > GROUP_ONE_PAGE else {}
        return s.memo[self.folder, key]

    def context(self, s: Sources, key: str) -> dict:
        """What the record's own page shows of its claims: all, or the newest and the years."""
        claims, years = self.claims(s, key), self.years(s, key)
        return dict(section=self.folder, claims=claims[:GROUP_NEWEST] if years else claims,
                    years=years, years_folder=f"{self.folder}/{key}/")

    def made_from_claims(self, s: Sources, key: str) -> list[str]:
        years = self.years(s, key)
        if not years:
            return s.claims_of(self.claims(s, key))
        return [*s.claims_of(self.claims(s, key)[:GROUP_NEWEST]),
                *(f"{year} {len(claims)}" for year, claims in years.items())]

    def year_pages(self, s: Sources, keys):
        for key in keys:
            years = self.years(s, key)
            order = list(years)
            for number, year in enumerate(order):
                yield (f"{self.folder}/{key}/{year}.html", f"{key}/{year}",
                       [self.made_from(s, key), *map(str, _around(order, number)),
                        *s.claims_of(years[year])])

    def year(self, s: Sources, page_key: str) -> dict:
        key, _, year = page_key.rpartition("/")
        years = self.years(s, key)
        order = list(years)
        newer, older = _around(order, order.index(year))
        return dict(section=self.folder, kicker=self.kicker(s, key), name=self.name(s, key),
                    group_page=f"{self.folder}/{key}.html", folder=f"{self.folder}/{key}/",
                    year=year, claims=years[year], show_speaker=self.folder != "speakers",
                    newer=newer, older=older)


def _around(order: list, number: int) -> tuple:
    """(newer, older): the items before and after the one at `number`, None where none."""
    return (order[number - 1] if number > 0 else None,
            order[number + 1] if number + 1 < len(order) else None)


SPEAKER = _Group("speakers",
                 lambda s, key: s.i18n.gettext("Organisation") if s.content.people[key].kind == "organisation"
                 else s.i18n.gettext("Speaker"),
                 lambda s, key: s.index.by_speaker.get(key, []),
                 lambda s, key: s.person[key], lambda s, key: s.content.people[key].name_in(s.language))
OUTLET = _Group("outlets", lambda s, key: s.i18n.gettext("Outlet"),
                lambda s, key: s.index.by_outlet.get(key, []),
                lambda s, key: s.outlet[key], lambda s, key: s.content.outlets[key].name_in(s.language))
TOPIC = _Group("topics", lambda s, key: s.i18n.gettext("Topic"),
               lambda s, key: s.index.by_topic[key],
               lambda s, key: s.index.topics[key], lambda s, key: s.index.topics[key])


def speaker_pages(s: Sources):
    for key, person in s.content.people.items():
        yield urls.path_of(person), key, [s.person[key], *SPEAKER.made_from_claims(s, key)]


def speaker(s: Sources, key: str) -> dict:
    return dict(person=s.content.people[key], **SPEAKER.context(s, key))


def outlet_pages(s: Sources):
    for key, outlet in s.content.outlets.items():
        yield (urls.path_of(outlet), key,
               [s.outlet[key], *OUTLET.made_from_claims(s, key),
                *(s.article[a.slug] for a in s.index.articles_by_outlet.get(key, []))])


def outlet(s: Sources, key: str) -> dict:
    return dict(outlet=s.content.outlets[key], articles=s.index.articles_by_outlet.get(key, []),
                **OUTLET.context(s, key))


def topic_pages(s: Sources):
    for key, name in s.index.topics.items():
        yield urls.topic_path(key), key, [name, *TOPIC.made_from_claims(s, key)]


def topic(s: Sources, key: str) -> dict:
    return dict(name=s.index.topics[key], **TOPIC.context(s, key))


def speaker_year_pages(s: Sources):
    return SPEAKER.year_pages(s, s.content.people)


def outlet_year_pages(s: Sources):
    return OUTLET.year_pages(s, s.content.outlets)


def topic_year_pages(s: Sources):
    return TOPIC.year_pages(s, s.index.topics)


# --- the lists of speakers, outlets, topics, articles; the timeline ---------------------

def _articles_by_year(s: Sources) -> dict[str, list]:
    if "articles by year" not in s.memo:
        s.memo["articles by year"] = articles_by_year(s.content)
    return s.memo["articles by year"]


def speakers_page(s: Sources):
    yield "speakers.html", "", [f"{s.person[k]} {len(s.index.by_speaker.get(k, []))}"
                                for k in s.content.people]


def speakers(s: Sources, key: str) -> dict:
    return dict(section="speakers", index=s.index, speakers=sorted(
        s.content.people.values(), key=lambda p: (p.name_in(s.language).casefold(), p.key)))


def outlets_page(s: Sources):
    index = s.index
    yield "outlets.html", "", [
        *(f"{s.outlet[k]} {len(index.articles_by_outlet.get(k, []))} {len(index.by_outlet.get(k, []))}"
          for k in s.content.outlets),
        *(s.article[a.slug] for a in s.content.articles if not a.outlet)]


def outlets(s: Sources, key: str) -> dict:
    return dict(section="outlets", index=s.index, outlet_list=sorted(
        s.content.outlets.values(), key=lambda o: (o.name_in(s.language).casefold(), o.key)),
        unnamed=[a for a in s.content.articles if not a.outlet])


def topics_page(s: Sources):
    yield "topics.html", "", [f"{k} {n} {len(s.index.by_topic[k])}" for k, n in s.index.topics.items()]


def articles_page(s: Sources):
    if len(s.content.articles) <= ARTICLES_ONE_PAGE:
        yield "articles.html", "", [s.article[a.slug] for a in s.content.articles]
    else:  # an overview of the years, each linking to its page
        yield "articles.html", "", [f"{y} {len(a)}" for y, a in _articles_by_year(s).items()]


def articles(s: Sources, key: str) -> dict:
    if len(s.content.articles) > ARTICLES_ONE_PAGE:
        return dict(section="articles", article_list=[], years=_articles_by_year(s))
    return dict(section="articles", years={},
                article_list=sorted(s.content.articles, key=newest_article))


def timeline_page(s: Sources):
    if len(s.index.claims) <= TIMELINE_ONE_PAGE:
        yield "timeline.html", "", s.claims_of(s.index.claims)
    else:  # an overview of the periods, each linking to its year's page
        yield "timeline.html", "", [f"{p.anchor} {p.label} {len(p.claims)}" for p in s.index.timeline]


def timeline(s: Sources, key: str) -> dict:
    split = len(s.index.claims) > TIMELINE_ONE_PAGE
    return dict(section="timeline", index=s.index, years=timeline_years(s.index) if split else {})


def timeline_period_pages(s: Sources):
    if len(s.index.claims) <= TIMELINE_ONE_PAGE:
        return
    periods = s.index.timeline
    for number, period in enumerate(periods):
        neighbours = [p.label if p else "" for p in _around(periods, number)]
        yield (f"timeline/{period.anchor}.html", period.anchor,
               [period.label, *neighbours, *s.claims_of(period.claims)])


def timeline_period(s: Sources, key: str) -> dict:
    periods = s.index.timeline
    number = [p.anchor for p in periods].index(key)
    newer, older = _around(periods, number)
    return dict(section="timeline", period=periods[number], newer=newer, older=older)


def articles_year_pages(s: Sources):
    if len(s.content.articles) <= ARTICLES_ONE_PAGE:
        return
    years = _articles_by_year(s)
    order = list(years)
    for number, year in enumerate(order):
        yield (f"articles-{year}.html", year,
               [*map(str, _around(order, number)), *(s.article[a.slug] for a in years[year])])


def articles_year(s: Sources, key: str) -> dict:
    order = list(_articles_by_year(s))
    newer, older = _around(order, order.index(key))
    return dict(section="articles", year=key, article_list=_articles_by_year(s)[key],
                newer=newer, older=older)
