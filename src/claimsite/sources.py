"""What a build renders its pages from (Sources), and what the plan lists (Page).

Sources holds one build's records and indexes, the Jinja environment, and the digests that
the page kinds (pages.py, lists.py) put together into each page's fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import jinja2

from . import exports, search
from .body import BodyRenderer
from .cache import digest
from .i18n import Interface
from .index import Index, report_languages, topic_name, years_in_use
from .model import Content
from .recorded import MISSING, Digests


@dataclass(frozen=True)
class Page:
    path: str  # where it goes in the site
    kind: str  # a row of KINDS
    key: str  # the record it shows (a claim id, an article slug ...), or ""
    fingerprint: str
    prefix: str = ""  # the folder of its language on a site in several ("en/"); "" = the main


@dataclass
class Sources:
    """What every page is rendered from, for one build; on a site in several languages, for
    the pages of one of them (`prefix`: their folder; "" for the main language's)."""

    content: Content
    index: Index
    env: jinja2.Environment  # with `i18n` installed (render.install)
    base: str  # digest of what every page depends on
    i18n: Interface  # the interface language: its words, dates and numbers
    found: dict[str, set[str]] = field(default_factory=dict)  # slug -> claim ids marked in its text
    bodies: BodyRenderer | None = None
    html_paths: list[str] = field(default_factory=list)  # every page, for the sitemap
    # the indexes search.js merges: {language: shards with an index in it}
    search_indexes: dict[str, list[int]] = field(default_factory=dict)
    pieces: dict[str, exports.Pieces] = field(default_factory=dict)  # data file -> its pieces
    # template name -> digest of its file as read (may be kept for the same templates)
    template_digests: dict[str, str] = field(default_factory=dict)
    prefix: str = ""  # where this language's pages are: "" (the main one), or "en/"
    links: dict = field(default_factory=dict)  # (folder, path) -> link: urls.Links.known
    variants: list = field(default_factory=list)  # the main one's: the other languages' Sources

    def __post_init__(self) -> None:
        content = self.content
        self.by_slug = {a.slug: a for a in content.articles}
        self.person = {k: digest(repr(p)) for k, p in content.people.items()}
        self.outlet = {k: digest(repr(o)) for k, o in content.outlets.items()}
        self.article = {a.slug: digest(a.digest, a.slug, a.outlet, self.outlet.get(a.outlet, ""))
                        for a in content.articles}
        self.claim = {c.id: digest(c.id, self.person[c.speaker],
                                   *(self.article[a.article.slug] for a in c.appearances))
                      for c in content.claims.values()}
        self.shard = search.shards(content)
        self.index_language = search.index_languages(content)
        self.search_indexes = search.indexes_by_language(self.shard, self.index_language,
                                                         content.site.language)
        site = content.site
        self.language = self.prefix[:-1] or site.language  # the pages' language
        self.topic_names = {key: topic_name(content, key, self.language) for key in {*self.index.topics, *(t for a in content.articles for t in a.topics)}}
        # (language, its folder) of each language of a site in several: the language switch
        languages = [(tag, "" if number == 0 else f"{tag}/") for number, tag in enumerate(site.languages)]
        # Values of the whole build that pages show (read through Reading.value)
        self.values = dict(years_in_use=years_in_use(content), report_languages=report_languages(content),
                           search_indexes=self.search_indexes, html_paths=[])
        # reports in more than one language: the search filters by language (and so indexes it)
        self.values["several_languages"] = len(self.values["report_languages"]) > 1
        self.digests = Digests(self)  # what each name a page read stands for in this build
        self.common = dict(site=site.in_language(self.language), page_language=self.language,
                           prefix=self.prefix,
                           languages=languages if len(languages) > 1 else [],
                           people=content.people, outlets=content.outlets,
                           claims=content.claims, topic_names=self.topic_names, section="",
                           canonical="", inline_css="", links_from_base=False,
                           share_image="", oembed="")

    def body_renderer(self) -> BodyRenderer:
        """The Markdown renderer of the articles' texts and the methodology, made once, when a
        page first needs it (a page's Reading reaches it here too)."""
        if self.bodies is None:
            self.bodies = BodyRenderer(self.i18n, self.content.site.language)
        return self.bodies

    def drawn(self, claim_id: str):
        """What the share image of a claim shows on this language's pages."""
        from .share_image import what_is_drawn

        return what_is_drawn(self.content, self.content.claims[claim_id], self.language, self.i18n)

    def template_file_digest(self, name: str) -> str:
        """A file of the templates folder as Jinja's loader reads it ("-" if there is none)."""
        known = self.template_digests
        if name not in known:
            try:
                known[name] = digest(self.env.loader.get_source(self.env, name)[0])
            except jinja2.TemplateNotFound:
                known[name] = MISSING
        return known[name]

    def piece_keys(self) -> dict[str, str]:
        """A key per claim of everything its piece of claims.json or claims.csv shows."""
        return {claim_id: digest(self.base, claim) for claim_id, claim in self.claim.items()}


def other_languages(main: Sources, templates) -> list[Sources]:
    """The Sources of the pages of a site's languages other than the main one (site.yaml's
    `languages`), each in the folder named by its tag: its interface's words and dates,
    its index's headings, and an environment of its own, sharing the main one's templates
    (read once) but not its compiled pages, which hold the words."""
    from .index import build_index
    from .render import environment

    variants = []
    for tag in main.content.site.languages[1:]:
        interface = Interface(tag)
        env = environment(templates, interface, loader=main.env.loader)
        variants.append(Sources(main.content, build_index(main.content, interface), env,
                                base=digest(main.base, tag), i18n=interface,
                                template_digests=main.template_digests, found=main.found,
                                prefix=f"{tag}/"))
    return variants
