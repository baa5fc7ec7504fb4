"""Every file of the site, and how each is rendered.

`KINDS` is the one table of page kinds. For each kind it names the template, the function
that lists its pages (path and key), and the function that gives a page its template
context. What a page is made from is not declared here: it is recorded while the page
renders (recorded.py). A page whose recorded names all have the digests they had when the
previous build rendered it is not rendered again: the old file is reused.
"""

from __future__ import annotations

from typing import Callable, Iterable, NamedTuple

import jinja2
from markupsafe import Markup

from . import embed, exports, feeds, home, jsonld, lists, permalinks, search, urls
from .content import read_body
from .compare import differences, lead
from .i18n import candidates
from .index import claim_topics
from .languages import primary
from .model import Article
from .recorded import Kept, Reading
from .sources import Page, Sources  # (pages.Page and pages.Sources to the rest)


class Kind(NamedTuple):
    template: str  # "" for files made without one (a data file's template renders in exports.py)
    pages: Callable[[Sources], Iterable[tuple[str, str]]]  # (path, key)
    context: Callable[[Sources, str], dict]


def _one(path: str):
    """The pages of a kind with a single page: `path`."""
    return lambda s: [(path, "")]


def plan(sources: Sources, other_pages: tuple = (), reads: dict | None = None,
         before: Kept | None = None) -> list[Page]:
    """The pages of the site, in a stable order, each with the fingerprint it would have now
    if it read what it read when the previous build rendered it (`reads`: path -> names; ""
    for a page not rendered before). `before`: that build's fingerprints and digests, where
    kept (serve): a page none of whose names changed keeps its fingerprint. On a site in
    several languages, the pages of one language (`sources.prefix`; the site's own files,
    SHARED, only with the main language's), `other_pages` being the other languages' pages,
    for the sitemap."""
    listed = [(kind, sources.prefix + path, key) for kind, row in KINDS.items()
              if not (sources.prefix and kind in SHARED) for path, key in row.pages(sources)]
    if not sources.prefix:  # the sitemap's pages (a redirect is no page of its own, a claim's card part of its page)
        every = [(p.kind, p.path) for p in other_pages] + [(kind, path) for kind, path, _ in listed]
        sources.values["html_paths"] = sorted(path for kind, path in every
                                              if path.endswith(".html") and kind not in ("redirect", "embed"))
    reads = reads or {}
    digests = sources.digests
    same = digests.still(before)  # (after html_paths: a name's digest is worked out once)
    planned = []
    for kind, path, key in listed:
        names = reads.get(path)
        fingerprint = "" if names is None else \
            same(path, kind, key, names) or digests.fingerprint(kind, key, names)
        planned.append(Page(path, kind, key, fingerprint, sources.prefix))
    return planned


def render_page(sources: Sources, page: Page) -> tuple[bytes | Iterable[bytes], set[str] | None, set[str]]:
    """The page's bytes (a data file's: its chunks, to write as they come), for an article
    page the claims whose quote its text marks, and the names of what the page read."""
    row = KINDS[page.kind]
    reading = Reading(sources)
    env = sources.env
    env.reads = reading.names  # the templates Jinja loads for it, noted there too
    try:
        context = row.context(reading, page.key)
        found = context.get("found") if page.kind == "article" else None
        if "data" in context:  # a data file, made by exports.py
            return _noting_to_the_end(context["data"], env, reading.names), None, reading.names
        site = sources.content.site
        canonical = urls.absolute(site.base_url, page.path) if site.base_url else ""
        links = urls.Links(page.path, sources.prefix,
                           site.base_url if context.get("links_from_base") else "", sources.links)
        html = env.get_template(row.template).render(
            reading.common, page=page.path, canonical=canonical, links=links, **context)
    finally:
        env.reads = None
    return html.encode("utf-8"), found, reading.names


def _noting_to_the_end(data, env, names: set[str]):
    """A data file's chunks, made as they are written: what they read is noted meanwhile."""
    if isinstance(data, (bytes, str)):
        return data
    def chunks():
        env.reads = names
        try:
            yield from data
        finally:
            env.reads = None
    return chunks()


def article_body(sources: Sources, article: Article):
    """(marked HTML, found claim ids) of an article's text."""
    return sources.body_renderer().render(article, read_body(article), sources.content.claims)


# --- the page kinds ----------------------------------------------------------------------

def _claim_pages(s: Sources):
    for claim in s.index.claims:
        yield urls.path_of(claim), claim.id


def _claim(s: Sources, key: str) -> dict:
    content = s.content
    claim = content.claims[key]
    site = content.site
    lead_report, lead_translated = lead(claim, site.language, s.language)
    sharing = dict(embed_code="")
    if site.base_url:  # read on other sites: absolute addresses, so only with the site's
        sharing = dict(oembed=urls.oembed_path(key),
                       embed_code=embed.iframe(_absolute(s, urls.embed_path(key)), _card_title(s, claim)),
                       share_image=urls.share_image_path(key) if site.draws_share_images else "")
    return dict(claim=claim, speaker=content.people[claim.speaker], claim_topics=claim_topics(claim),
                lead=lead_report, lead_translated=lead_translated,
                report_languages=list(dict.fromkeys(primary(a.article.language or content.site.language)
                                                    for a in claim.appearances)),
                differences=differences(claim, content.site.language, s.language), found_quotes=s.found,
                json_ld=jsonld.json_ld(jsonld.claim_json_ld(claim, content, content.site.base_url,
                                                            s.language, s.prefix)), **sharing)


def _absolute(s: Sources, path: str) -> str:
    """A path of this language's pages as an absolute address (read on other sites)."""
    return urls.absolute(s.content.site.base_url, urls.localised(path, s.prefix))


def _card_title(s: Sources, claim) -> str:
    """A claim as the title of its card's frame: "Speaker: summary"."""
    speaker = s.content.people[claim.speaker]
    return f"{speaker.names.get(s.language, speaker.name)}: {claim.assertion_in(s.language, s.content.site.language)[0]}"


# --- what lets a claim travel: its share image, its card, the card's oEmbed answer -------

def _share_image_pages(s: Sources):
    if s.content.site.draws_share_images:
        for claim in s.index.claims:
            yield urls.share_image_path(claim.id), claim.id


def _share_image(s: Sources, key: str) -> dict:
    from .share_image import draw  # (Pillow is imported only by a build that draws)

    return dict(data=draw(s.drawn(key)))


def _card_pages(s: Sources, path_of):
    if s.content.site.base_url:  # cards are shown on other sites: their links need it
        for claim in s.index.claims:
            yield path_of(claim.id), claim.id


def _card(s: Sources, key: str) -> dict:
    content = s.content
    claim = content.claims[key]
    report, translated = lead(claim, content.site.language, s.language)
    return dict(claim=claim, speaker=content.people[claim.speaker], lead=report,
                lead_translated=translated, claim_url=_absolute(s, urls.path_of(claim)),
                favicon_url=urls.absolute(content.site.base_url, "static/favicon.svg"),
                inline_css=Markup(s.template_source("card.css")))


def _oembed(s: Sources, key: str) -> dict:
    site = s.content.site.in_language(s.language)
    claim = s.content.claims[key]
    image = _absolute(s, urls.share_image_path(key)) if site.draws_share_images else ""
    return dict(data=embed.oembed(_card_title(s, claim), site.title, _absolute(s, ""),
                                  _absolute(s, urls.embed_path(key)), image))


def _article_pages(s: Sources):
    for article in s.content.articles:
        yield urls.path_of(article), article.slug


def _article(s: Sources, key: str) -> dict:
    article = s.by_slug[key]
    body, found = article_body(s, article)
    return dict(article=article, section="articles", body=body, found=found,
                first_sentence=embed.first_sentence(body),
                searchable=article.body_chars <= search.MAX_INDEXED_TEXT)


def _search(s: Sources, key: str) -> dict:
    return dict(section="search", index=s.index, years=s.value("years_in_use"),
                search_indexes=s.value("search_indexes"), report_languages=s.value("report_languages"))


def _methodology(s: Sources, key: str) -> dict:
    text, untranslated = _methodology_text(s)
    return dict(section="methodology", text=Markup(s.body_renderer().html(text, top_level=1)),
                untranslated=untranslated)


def _methodology_text(s: Sources) -> tuple[str, str]:
    """(text, "") of the page in its language: the editors' (content/methodology.md, or
    methodology.<tag>.md in a site's other language), else the theme's default text in
    that language: templates/methodology.<language>.md (methodology.uk.md; for pt-BR
    methodology.pt_BR.md, then methodology.pt.md), else methodology.md. (text, its
    language) where the editors wrote theirs only in the site's main language."""
    content = s.content
    if s.prefix and content.methodologies.get(s.language):
        return content.methodologies[s.language], ""
    if content.methodology.strip():
        return content.methodology, content.site.language if s.prefix else ""
    for name in [f"methodology.{c}.md" for c in candidates(s.language)]:
        try:
            return s.template_source(name), ""
        except jinja2.TemplateNotFound:
            continue
    return s.template_source("methodology.md"), ""


def _not_found(s: Sources, key: str) -> dict:
    return dict(section="", inline_css=Markup(_stylesheet(s)), links_from_base=bool(s.content.site.base_url),
                site_folders=["claims", "articles", "speakers", "outlets", "topics", "timeline",
                              "static", "pagefind", "embed"])


def _stylesheet(s: Sources) -> str:
    """The theme's stylesheet, which the 404 page carries inline (it is served at any depth):
    its fonts' addresses, relative to static/ in the file, made relative to the site's root,
    or absolute with base_url (the page's script puts the root before them where it can)."""
    fonts = urls.absolute(s.content.site.base_url, "static/fonts/") if s.content.site.base_url else "static/fonts/"
    css = s.template_source("static/style.css").replace("url(fonts/", f"url({fonts}")
    for start, end in LEFT_OUT_OF_404:
        if start in css and end in css:
            css = css[:css.index(start)] + css[css.index(end) + len(end):]
    return css


# What the 404 page's inline copy of the stylesheet leaves out: what only the search page's
# form needs, and what only long lists need (properties the Nu HTML Checker does not know).
LEFT_OUT_OF_404 = (("/* search page only:", "/* end of search page only */"),
                   ("/* long lists only:", "/* end of long lists only */"))


def _section(name: str):
    return lambda s, key: dict(section=name, index=s.index)


def _redirect_pages(s: Sources):
    """A page at each former address of a claim, article, speaker, outlet or topic, leading
    to its page now (the key: that page's path, so a redirect is made again only when its
    target changes)."""
    yield from permalinks.redirects(s.content).items()
    yield from lists.moved_pages(s)


def _redirect(s: Sources, key: str) -> dict:
    site = s.content.site
    target = urls.localised(key, s.prefix)
    return dict(target=key, target_url=urls.absolute(site.base_url, target) if site.base_url else "")


# --- the data files ----------------------------------------------------------------------

# Data files made of a piece per claim, which a build after an edit mostly copies.
PIECED = ("claims.json", "claims.csv")
DATA_FILES = (*PIECED, "claims.db")  # made from the records alone, no page needed first
# The site's own files, once whatever its languages: the data, the sitemap and the 404 page
# (a server shows the one at the top for a missing address anywhere).
SHARED = (*DATA_FILES, "sitemap.xml", "404")


def _claims_json(s: Sources, key: str) -> dict:
    return dict(data=exports.claims_json(s.content, s.index, s.pieces.get("claims.json"), s.i18n))


def _claims_csv(s: Sources, key: str) -> dict:
    return dict(data=exports.claims_csv(s.content, s.index, s.pieces.get("claims.csv"), s.i18n))


def _claims_db(s: Sources, key: str) -> dict:
    return dict(data=exports.claims_db(s.content, s.index, s.i18n))


def _corrections(s: Sources, key: str) -> dict:
    return dict(section="corrections", corrections=[(x, feeds.corrected_label(x, s.i18n, s.content.site.language))
                                                    for x in s.index.corrections])


# --- the feeds: the site's, each speaker's and each topic's, as Atom and JSON Feed --------

def _feed_files(pages, extension: str):
    """A feed beside each of `pages`' pages (the site's: the home page's), keyed as the page."""
    def files(s: Sources):
        if not s.content.site.base_url:
            return  # feed readers need absolute addresses: no feed without the site's (README)
        for path, key in pages(s):
            yield feeds.feed_path(path, extension), key
    return files


def _feed(feed, extension: str):
    """The context of a feed file: its bytes, from `feed(sources, key)` (a feeds.Feed)."""
    def context(s: Sources, key: str) -> dict:
        made = feed(s, key)
        if extension == "json":
            return dict(data=feeds.json_feed(s.content, made, s.i18n, s.prefix))
        return dict(data=feeds.atom(s.env, s.content, made, s.i18n, s.prefix))
    return context


def _site_feed(s: Sources, key: str):
    return exports.site_feed(s.content, s.index, s.i18n)


def _speaker_feed(s: Sources, key: str):
    name = s.content.people[key].name_in(s.language)
    return feeds.Feed(s.i18n.gettext("%(title)s: claims by %(name)s") % {
        "title": s.content.site.in_language(s.language).title, "name": name},
        urls.speaker_path(key), s.index.by_speaker.get(key, [])[:exports.FEED_ENTRIES])


def _topic_feed(s: Sources, key: str):
    return feeds.Feed(s.i18n.gettext("%(title)s: claims on %(topic)s") % {
        "title": s.content.site.in_language(s.language).title, "topic": s.index.topics[key]},
        urls.topic_path(key), s.index.by_topic[key][:exports.FEED_ENTRIES])


def _sitemap_file(s: Sources):
    if s.content.site.base_url:  # the sitemap protocol takes absolute addresses only
        yield "sitemap.xml", ""


def _sitemap(s: Sources, key: str) -> dict:
    return dict(data=exports.sitemap_xml(s.env, s.content, s.value("html_paths")))


KINDS: dict[str, Kind] = {
    "home": Kind("home.html", _one("index.html"), home.context),
    "claim": Kind("claim.html", _claim_pages, _claim),
    "share-image": Kind("", _share_image_pages, _share_image),
    "embed": Kind("embed.html", lambda s: _card_pages(s, urls.embed_path), _card),
    "oembed": Kind("", lambda s: _card_pages(s, urls.oembed_path), _oembed),
    "article": Kind("article.html", _article_pages, _article),
    "speaker": Kind("speaker.html", lists.speaker_pages, lists.speaker),
    "speaker-year": Kind("claims-year.html", lists.speaker_year_pages, lists.SPEAKER.year),
    "outlet": Kind("outlet.html", lists.outlet_pages, lists.outlet),
    "outlet-year": Kind("claims-year.html", lists.outlet_year_pages, lists.OUTLET.year),
    "topic": Kind("topic.html", lists.topic_pages, lists.topic),
    "topic-year": Kind("claims-year.html", lists.topic_year_pages, lists.TOPIC.year),
    "speakers": Kind("speakers.html", _one("speakers.html"), lists.speakers),
    "outlets": Kind("outlets.html", _one("outlets.html"), lists.outlets),
    "topics": Kind("topics.html", _one("topics.html"), _section("topics")),
    "articles": Kind("articles.html", _one("articles.html"), lists.articles),
    "articles-year": Kind("articles-year.html", lists.articles_year_pages, lists.articles_year),
    "articles-month": Kind("articles-month.html", lists.articles_month_pages, lists.articles_month),
    "timeline": Kind("timeline.html", _one("timeline.html"), lists.timeline),
    "timeline-period": Kind("timeline-period.html", lists.timeline_period_pages, lists.timeline_period),
    "404": Kind("404.html", _one("404.html"), _not_found),
    "methodology": Kind("methodology.html", _one("methodology.html"), _methodology),
    "corrections": Kind("corrections.html", _one("corrections.html"), _corrections),
    "search": Kind("search.html", _one("search.html"), _search),
    "redirect": Kind("redirect.html", _redirect_pages, _redirect),
    "claims.json": Kind("", _one("claims.json"), _claims_json),
    "claims.csv": Kind("", _one("claims.csv"), _claims_csv),
    "claims.db": Kind("", _one("claims.db"), _claims_db),
    "feed.xml": Kind("feed.xml", _feed_files(_one("index.html"), "xml"), _feed(_site_feed, "xml")),
    "feed.json": Kind("", _feed_files(_one("index.html"), "json"), _feed(_site_feed, "json")),
    "speaker-feed.xml": Kind("feed.xml", _feed_files(lists.speaker_feed_pages, "xml"), _feed(_speaker_feed, "xml")),
    "speaker-feed.json": Kind("", _feed_files(lists.speaker_feed_pages, "json"), _feed(_speaker_feed, "json")),
    "topic-feed.xml": Kind("feed.xml", _feed_files(lists.topic_feed_pages, "xml"), _feed(_topic_feed, "xml")),
    "topic-feed.json": Kind("", _feed_files(lists.topic_feed_pages, "json"), _feed(_topic_feed, "json")),
    "sitemap.xml": Kind("sitemap.xml", _sitemap_file, _sitemap),
}
