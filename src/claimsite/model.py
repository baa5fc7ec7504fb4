"""The records the rest of claimsite works with, once content has been read and checked.

A Claim is something a speaker asserted; an Article reports claims; an Appearance is one
claim as one article reports it (its quote, context and date as that article gives them).
Claims in different articles are the same claim when they share an id.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from .dates import PartialDate


@dataclass
class Person:
    """A speaker: a person or an organisation (`kind`)."""

    key: str
    name: str
    kind: str = "person"  # "person" or "organisation"
    role: str = ""
    aliases: list[str] = field(default_factory=list)
    url: str = ""
    language: str = ""  # what `name` is written in, when not the site's language
    names: dict[str, str] = field(default_factory=dict)  # in other languages: tag -> name
    former_keys: list[str] = field(default_factory=list)  # old keys: redirects to its pages
    # where its key is in the registry, for messages; not shown (repr: the pages' fingerprint)
    line: int = field(default=0, repr=False, compare=False)

    def name_in(self, language: str) -> str:
        return self.names.get(language, self.name)


@dataclass
class Outlet:
    key: str
    name: str
    url: str = ""  # the outlet's homepage
    country: str = ""
    language: str = ""  # what `name` is written in, when not the site's language
    names: dict[str, str] = field(default_factory=dict)  # in other languages: tag -> name
    former_keys: list[str] = field(default_factory=list)  # old keys: redirects to its pages
    # where its key is in the registry, for messages; not shown (repr: the pages' fingerprint)
    line: int = field(default=0, repr=False, compare=False)

    def name_in(self, language: str) -> str:
        return self.names.get(language, self.name)


@dataclass
class Correction:
    """A change to a record, said to readers: when, what, why."""

    date: PartialDate
    what: str
    why: str


@dataclass
class Verdict:
    """The editors' rating of a claim, on the scale in site.yaml."""

    rating: str  # key in Site.ratings
    reviewer: str
    date: PartialDate
    explanation: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class Appearance:
    """One claim as reported by one article."""

    claim_id: str
    article: Article
    line: int  # where the claim entry starts in the article file
    date: PartialDate | None  # as this article dates the statement
    date_given: bool  # False when `date` fell back to the article's published date
    quote: str = ""  # verbatim, in the article's language; empty for a paraphrase
    translation: str = ""  # the quote in the site's language, when the article is in another
    translated_by: str = ""  # "outlet", "editors" or "machine"
    translator: str = ""  # who or what translated, when known (a name, a tool)
    context: str = ""
    via: str = ""
    date_inferred: str = ""  # the editors' basis when the report does not print the date
    attribution_inferred: str = ""  # why the editors attribute it, when the report does not
    editor_note: str = ""  # to readers

    @property
    def dated_by_publication(self) -> bool:
        """True when the report does not date the statement and `date` is its publication date."""
        return not self.date_given and self.date is not None


@dataclass
class Article:
    slug: str  # the file name without .md; also its page's name
    path: str  # relative to the content folder's parent, for messages
    title: str
    outlet: str = ""  # key in outlets.yaml; empty when the source does not say
    url: str = ""
    published: PartialDate | None = None
    title_by_editors: str = ""  # why, when the source prints no headline
    published_inferred: str = ""  # the editors' basis when the source does not print the date
    added: PartialDate | None = None  # when the report was added to the site, if recorded
    archive_url: str = ""  # an archived copy of `url`
    archive_date: PartialDate | None = None  # when that copy was taken, as the editors give it
    former_names: list[str] = field(default_factory=list)  # old slugs: redirects to its page
    former_names_line: int = 0  # where they are given in the front matter, for messages
    editor_note: str = ""  # to readers
    corrections: list[Correction] = field(default_factory=list)
    author: str = ""
    language: str = ""  # of its headline, text and quotes; "" = the site's
    topics: list[str] = field(default_factory=list)
    body: str | None = ""  # Markdown; None until read when the record came from the cache
    body_chars: int = 0  # length of the body, known without reading it
    body_line: int = 0  # line of the file where the body starts
    appearances: list[Appearance] = field(default_factory=list)
    source: str = ""  # absolute path of the file
    digest: str = ""  # sha256 of the file's bytes: what every page showing it is keyed on


@dataclass
class Claim:
    id: str
    speaker: str  # key in people.yaml
    assertion: str  # in the site's (main) language; "" when given only in others
    topics: list[str] = field(default_factory=list)
    assertions: dict[str, str] = field(default_factory=dict)  # in the site's other languages
    appearances: list[Appearance] = field(default_factory=list)
    verdict: Verdict | None = None
    corrections: list[Correction] = field(default_factory=list)
    former_ids: list[str] = field(default_factory=list)  # old ids: redirects to its page

    def assertion_in(self, language: str, main: str) -> tuple[str, str]:
        """The editors' summary for a page in `language` on a site whose main language is
        `main`: (text, "") where it is given in that language, else (the text in another
        language, that language's tag), to be shown marked as not translated."""
        if language == main and self.assertion:
            return self.assertion, ""
        if language in self.assertions:
            return self.assertions[language], ""
        if self.assertion:
            return self.assertion, main
        tag, text = next(iter(self.assertions.items()))
        return text, tag

    @cached_property  # asked for by every list a claim is on; appearances are final by then
    def date(self) -> PartialDate | None:
        """The most precise date any report gives (reports that disagree are shown as such)."""
        dates = [a.date for a in self.appearances if a.date is not None]
        given = [a.date for a in self.appearances if a.date is not None and a.date_given]
        pool = given or dates
        if not pool:
            return None
        return max(pool, key=lambda d: (d.precision, d))

    @cached_property
    def date_sources(self) -> list[Appearance]:
        """The reports `date` is taken from: those dating the statement (printed or worked
        out by the editors), else those whose publication date it is."""
        if self.dated_by_publication:
            return [a for a in self.appearances if a.date == self.date]
        return [a for a in self.appearances if a.date_given and a.date == self.date]

    @cached_property
    def dated_by_publication(self) -> bool:
        """True when no report dates the statement and `date` is a report's publication date."""
        return self.date is not None and not any(a.date_given for a in self.appearances)

    @cached_property
    def date_inferred(self) -> str:
        """The basis of `date` when no report prints it ("" when one does, or there is none)."""
        sources = self.date_sources
        if not sources or any(not a.date_inferred for a in sources):
            return ""
        return sources[0].date_inferred


@dataclass
class Site:
    """content/site.yaml."""

    title: str
    description: str = ""
    base_url: str = ""  # absolute URL the site is published at; feed, sitemap, share tags, cards
    share_images: bool = True  # a share image per claim, where there is a base_url; false: none
    language: str = "en"  # the main language; the interface's, where there is one
    languages: list[str] = field(default_factory=list)  # all, the main first; [] = just `language`
    topics: dict[str, str] = field(default_factory=dict)  # topic key -> display name
    # topic key -> {language tag -> display name}, for a site in several languages
    topic_translations: dict[str, dict[str, str]] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # title, description per language
    topic_former_keys: dict[str, list[str]] = field(default_factory=dict)  # topic key -> its old keys
    # where each topic is in site.yaml, for messages; not a setting (repr: the pages' fingerprint)
    topic_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def in_language(self, language: str) -> Site:
        """These settings as the pages in `language` show them: its title and description."""
        if not self.texts:
            return self
        return replace(self, **{name: texts.get(language) or getattr(self, name)
                                for name, texts in self.texts.items()})
    ratings: dict[str, str] = field(default_factory=dict)  # verdict scale, best first: key -> name
    # pages removed on purpose (paths, or folders ending in "/"): permalinks.py
    removed_pages: list[str] = field(default_factory=list)
    featured: str = ""  # the id of the claim the home page leads with; "": chosen (home.py)
    # where site.yaml gives it, for messages; not a setting (repr: the pages' fingerprint)
    featured_line: int = field(default=0, repr=False, compare=False)

    @property
    def draws_share_images(self) -> bool:
        """Share images are read by other sites only through absolute addresses (og:image):
        none without base_url, and none where site.yaml turns them off (`share_images:
        false`: a first build is quicker without them)."""
        return bool(self.base_url) and self.share_images


@dataclass
class Content:
    """Everything read from a content folder, checked and cross-linked."""

    site: Site
    people: dict[str, Person]
    outlets: dict[str, Outlet]
    articles: list[Article]  # sorted by slug
    claims: dict[str, Claim]  # by id
    methodology: str = ""  # content/methodology.md, Markdown; "" = the theme's default text
    methodologies: dict[str, str] = field(default_factory=dict)  # in other languages: methodology.<tag>.md
