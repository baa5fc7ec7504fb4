"""Turn records into page text: the Jinja environment with the theme's filters (links, dates,
names and summaries in the page's language, language marks), and template errors. Where
pages live and how they link is urls.py's; JSON-LD is jsonld.py's.
"""

from __future__ import annotations

import os
import re
import traceback
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.ext import Extension
from jinja2.lexer import Token
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from .archives import robust_link
from .feeds import feed_path
from .cache import open_regular
from .files import shown_path
from .languages import autonym, lang_attrs, primary
from .limits import MAX_FILE_BYTES
from .errors import ContentError, ContentErrors
from .i18n import Interface
from .model import Claim
from .provenance import date_basis
from .urls import (absolute, localised, path_of, period_path, quote_anchor, relative,
                   text_fragment_url, topic_path, year_path)


class _NotingEnvironment(Environment):
    """Notes in `reads` (a page's names, recorded.py; None between pages) each template it
    loads: the page's own, and each it includes, imports or extends, as the page renders,
    whatever expression names it."""

    reads: set[str] | None = None

    def get_template(self, name, parent=None, globals=None):
        if self.reads is not None and isinstance(name, str):
            self.reads.add("t:" + (self.join_path(name, parent) if parent is not None else name))
        return super().get_template(name, parent, globals)

    def select_template(self, names, parent=None, globals=None):
        if self.reads is not None:
            for name in names if not isinstance(names, str) else [names]:
                if isinstance(name, str):
                    self.reads.add("t:" + (self.join_path(name, parent) if parent is not None else name))
        return super().select_template(names, parent, globals)


class _OnceLoader(FileSystemLoader):
    """Reads each template once: a page's fingerprint (recorded.Digests) and the page itself
    are made from the same source, even if the file is saved in between."""

    def __init__(self, folder: str) -> None:
        super().__init__(folder)
        self.read: dict[str, tuple] = {}  # name -> (source, filename, uptodate)

    def get_source(self, environment: Environment, template: str) -> tuple:
        if template not in self.read:
            self.read[template] = self._source(template)
        return self.read[template]

    def _source(self, template: str) -> tuple:
        """As FileSystemLoader reads it, but a regular file only (a pipe or a device put in
        the theme would keep the build waiting forever), of at most MAX_FILE_BYTES."""
        for folder in self.searchpath:
            filename = os.path.join(folder, *split_template_path(template))
            if not (os.path.exists(filename) or os.path.islink(filename)):
                continue
            problem = ""
            try:
                with os.fdopen(open_regular(filename), "rb") as file:
                    mtime, data = os.fstat(file.fileno()).st_mtime_ns, file.read(MAX_FILE_BYTES + 1)
                # (as a file opened as text reads it: universal newlines)
                source = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
            except OSError:
                problem = "is not a regular file (or cannot be read)"
            except UnicodeDecodeError as err:
                problem = f"is not UTF-8 (byte {err.start + 1})"
            if not problem and len(data) > MAX_FILE_BYTES:
                problem = f"is larger than {MAX_FILE_BYTES // 2**20} MB"
            if problem:
                raise jinja2.TemplateSyntaxError(problem, 1, template, filename)

            def uptodate(filename=filename, mtime=mtime) -> bool:
                try:
                    return os.stat(filename).st_mtime_ns == mtime
                except OSError:
                    return False

            return source, os.path.normpath(filename), uptodate
        raise jinja2.TemplateNotFound(template)

    def unchanged(self) -> bool:
        """Every template read is still the file it was read from."""
        return all(uptodate() for _, _, uptodate in self.read.values())


class _FixedWords(Extension):
    """`{{ _("...") }}`, a message with nothing to fill in, compiled into the template as
    its translation (template data, unescaped like the Markup `_` returns), so a page pays
    nothing for it: most of the interface's words are such. The environment is then the
    interface's (pipeline keeps one for the next build only with the same catalog)."""

    PATTERN = ("variable_begin", "name", "lparen", "string", "rparen", "variable_end")

    def filter_stream(self, stream):
        translate = getattr(self.environment, "fixed_translation", None)
        if translate is None:
            return stream
        tokens = list(stream)
        out, at, end = [], 0, len(tokens)
        while at < end:
            token = tokens[at]
            if token.type == "variable_begin" and at + 5 < end and tokens[at + 1].value == "_":
                window = tokens[at:at + 6]
                if tuple(t.type for t in window) == self.PATTERN:
                    out.append(Token(token.lineno, "data", translate(window[3].value)))
                    at += 6
                    continue
            out.append(token)
            at += 1
        return out


def environment(templates: Path, interface: Interface | None = None,
                loader: _OnceLoader | None = None) -> Environment:
    """The build's Jinja environment; with `interface`, its words installed (`install`)
    and the fixed ones compiled into the templates (_FixedWords): an environment for that
    interface's catalog only. `loader`: another environment's, for a site's other language
    (its templates as that one read them)."""
    if loader is None:
        refuse_links_out(templates)
    env = _NotingEnvironment(
        loader=loader or _OnceLoader(str(templates)),
        autoescape=True,  # content is untrusted: everything is escaped unless marked safe here
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build reads each template once; no stat() per page
        # {{ _("...") }}, {% trans %}: the interface's words, from the site language's catalog
        extensions=["jinja2.ext.i18n", _FixedWords],
    )
    # A {% trans %} block's text as one line, as babel.cfg extracts it for the catalog.
    env.policies["ext.i18n.trimmed"] = True
    env.globals.update(path_of=path_of, topic_path=topic_path, quote_anchor=quote_anchor,
                       year_path=year_path, period_path=period_path,
                       text_fragment_url=text_fragment_url, href=_href, translations=_translations,
                       feed_url=_feed_url)
    # The theme uses these as filters (`claim | href`, `date | when(basis)`): a filter is
    # called directly, a function through the context (twice the cost), and they run on
    # every link and every row of the longest lists. The functions stay, for other themes.
    env.filters.update(lang=_lang, in_language=_in_language, name=_name_of, named=_named,
                       summary_text=_summary_text, href=_href, absolute_url=_absolute_url, topic_path=topic_path,
                       quote_anchor=quote_anchor, text_fragment_url=text_fragment_url)
    env.filters["robust_link"] = robust_link  # data-versionurl, data-versiondate (archives.py)
    env.filters["iso"] = lambda d: d.iso() if d else ""
    env.filters["domain"] = domain
    env.filters["typeset"] = typeset
    env.filters["primary_language"] = lambda tag, default="": primary(tag or default)
    env.filters["autonym"] = autonym
    if interface is not None:
        env.fixed_translation = lambda message: interface.gettext(message) % {}  # as `_` does
        install(env, interface)
    return env


def install(env: Environment, interface: Interface) -> None:
    """Give the templates this build's interface language: gettext and ngettext from its
    catalog (newstyle: `_("%(name)s ...", name=...)` fills in escaped values), and the
    dates, numbers and names in that language. Done on every build: serve keeps one
    environment for as long as the templates and the catalog are the same, and each build
    has an Interface of its own."""
    _install_gettext(env, interface)
    shown: dict = {}  # date -> its <time> element, for this build

    def when(date, inferred: str = "") -> Markup:
        """A date as the pages show it, marked "(inferred)" when the editors worked it out.
        A function, not a macro: it runs on every row of the longest lists."""
        if not date:
            return Markup(escape(interface.gettext("date not given")))
        element = shown.get(date)
        if element is None:
            element = shown[date] = Markup(f'<time datetime="{escape(date.iso())}">'
                                           f'{escape(interface.date(date))}</time>')
        return element + inferred_mark(interface, inferred) if inferred else element

    @pass_context
    def summary(context, claim: Claim) -> Markup:
        """The editors' summary in the page's language; where it is not given in that
        language, in another, marked so (its language, and "not translated")."""
        text, other = claim.assertion_in(context["page_language"], context["site"].language)
        if not other:
            return escape(text)
        # (the words outside the f-string: message extraction does not look inside one)
        untranslated = escape(interface.gettext("(not translated)"))
        return Markup(f'<span{lang_attrs(other, context["page_language"])}>{escape(text)}</span> '
                      f'<span class="untranslated">{untranslated}</span>')

    @pass_context
    def source(context, appearance) -> Markup:
        """A report as prose names it: its outlet, else its headline in quotation marks."""
        article = appearance.article
        if article.outlet:
            return _name_of(context, context["outlets"][article.outlet])
        return Markup(escape(interface.gettext("“%(title)s”"))) % {
            "title": _in_language(context, article.title, article.language)}

    @pass_context
    def sources(context, appearances) -> Markup:
        return Markup(", ").join(source(context, a) for a in appearances)

    env.filters.update(summary=summary, source=source, sources=sources)
    env.filters["when"] = when
    env.filters["date_basis"] = lambda record: date_basis(interface, record)
    env.globals.update(when=when, inferred_mark=lambda basis: inferred_mark(interface, basis),
                       interface_lang=interface.lang, plural_forms=interface.plural_forms)
    env.filters["human"] = lambda d: interface.date(d) if d else interface.gettext("date not given")
    env.filters["number"] = interface.number
    env.filters["language_name"] = interface.language_name
    env.filters["country_name"] = interface.country_name


def _install_gettext(env: Environment, interface: Interface) -> None:
    """gettext, ngettext and `_` as Jinja's newstyle gettext has them (the translation,
    marked safe, then `%` with the escaped values, even with none), in one call each:
    Jinja's own go through its context three times per `_()` (its alias, its newstyle
    wrapper, the translation), which cost the claim and article pages a third of their
    time. Every template here is autoescaped. A message without values is worked out
    once per build."""
    translate, translate_plural = interface.gettext, interface.ngettext
    plain: dict[str, Markup] = {}

    def gettext(message: str, /, **values) -> Markup:
        if values:
            return Markup(translate(message)) % values
        shown = plain.get(message)
        if shown is None:
            shown = plain[message] = Markup(translate(message)) % {}
        return shown

    counted: dict[tuple, Markup] = {}  # the rows of long lists repeat the same few counts

    def ngettext(singular: str, plural: str, count: int, /, **values) -> Markup:
        values.setdefault("num", count)
        try:
            key = (singular, count, *values.values())
            shown = counted.get(key)
        except TypeError:  # a value that cannot be a key: worked out each time
            return Markup(translate_plural(singular, plural, count)) % values
        if shown is None:
            shown = counted[key] = Markup(translate_plural(singular, plural, count)) % values
        return shown

    env.newstyle_gettext = True  # {% trans %} passes its values to gettext, as above
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)


def inferred_mark(interface: Interface, basis: str) -> Markup:
    """"(inferred)", with the editors' basis on hover (and read out by screen readers)."""
    if not basis:
        return Markup("")
    title = interface.gettext("Inferred by the editors: %(basis)s") % {"basis": basis}
    label = interface.gettext("(inferred)")
    return Markup(f' <abbr class="inferred" title="{escape(title)}">{escape(label)}</abbr>')


def typeset(text: str) -> str:
    """A quote as shown: a typewriter's `--` between words as a dash ("a -- b" gets an en
    dash, "a--b" an em dash). The stored quote (and the link to the passage in the
    original) keep the characters as the report prints them."""
    return _DOUBLE_HYPHEN.sub(lambda m: " – " if m[1] else "—", text)


_DOUBLE_HYPHEN = re.compile(r"(?<=\w)(?:( -- )|--)(?=\w)")


def refuse_links_out(templates: Path) -> None:
    """A template that is a symbolic link to a file elsewhere (a key, /etc/passwd) would put
    that file into the site: refused, like a content file linking out."""
    root = templates.resolve()
    if templates.is_symlink() and not root.is_relative_to(templates.absolute().parent.resolve()):
        raise ContentErrors([ContentError(shown_path(templates), 1, "is a symbolic link to "
                                          "outside the project folder")])
    for folder, dirs, files in os.walk(templates):
        for name in dirs + files:
            path = Path(folder) / name
            try:
                inside = not path.is_symlink() or path.resolve().is_relative_to(root)
            except (OSError, RuntimeError):
                inside = False
            if not inside:
                raise ContentErrors([ContentError(shown_path(path), 1, "is a symbolic link to "
                                                  "outside the templates folder")])


@pass_context
def _lang(context, tag: str) -> Markup:
    """`lang` (and `dir`) for a text written in `tag`, where the page is in another language."""
    return lang_attrs(tag, context["page_language"])


@pass_context
def _in_language(context, text: str, tag: str) -> Markup:
    """The text, escaped, in an element saying its language where that is not the page's."""
    attrs = lang_attrs(tag, context["page_language"])
    return Markup(f"<span{attrs}>{escape(text)}</span>") if attrs else escape(text)


@pass_context
def _summary_text(context, claim: Claim) -> str:
    """The editors' summary in the page's language where given, else the main one's, as text."""
    return claim.assertion_in(context["page_language"], context["site"].language)[0]


@pass_context
def _named(context, record) -> str:
    """A person's or outlet's name in the page's language, as text (for attributes)."""
    return record.names.get(context["page_language"], record.name)


@pass_context
def _name_of(context, record) -> Markup:
    """A person's or outlet's name in the page's language where it is given in it, else as
    written, marked with the language it is written in (the site's main one if not said)."""
    language = context["page_language"]
    if language in record.names:
        return escape(record.names[language])
    written = record.language or context["site"].language
    if written == language:  # (the usual case, on every row of the lists: no span to make)
        return escape(record.name)
    return Markup(f"<span{lang_attrs(written, language)}>{escape(record.name)}</span>")


@pass_context
def _href(context, target: object, anchor: str = "") -> str:
    """Relative link from the page being rendered to a record's page or a site path; an
    absolute one on a page served at addresses other than its own (404.html)."""
    return context["links"].to(target if isinstance(target, str) else path_of(target), anchor)


@pass_context
def _feed_url(context, extension: str, page: str = "") -> str:
    """The absolute address of the feed ("xml": Atom, "json": JSON Feed) of a page (a site
    path; by default the page being rendered), in the page's language: for autodiscovery."""
    prefix = context["prefix"]
    page = page or context["page"][len(prefix):]
    return absolute(context["site"].base_url, localised(feed_path(page, extension), prefix))


@pass_context
def _absolute_url(context, path: str) -> str:
    """A site path in this page's language as an absolute address from base_url: for what
    other sites read (share tags, embeds)."""
    return absolute(context["site"].base_url, localised(path, context["prefix"]))


@pass_context
def _translations(context) -> list[tuple[str, str, bool]]:
    """This page in each language of a site in several: (language, its address from this
    page, or an absolute one where the site's is known; True for this page's own)."""
    own, page, base_url = context["prefix"], context["page"], context["site"].base_url
    here = page[len(own):]
    if not context["languages"] or localised(here, "x/") == here:  # a file of the whole site
        return []
    return [(tag, absolute(base_url, localised(here, prefix)) if base_url
             else relative(localised(here, prefix), page), prefix == own)
            for tag, prefix in context["languages"]]


def template_error(err: jinja2.TemplateError, templates: Path) -> ContentErrors:
    """A template mistake as `templates/x.html:line: message`, like a content mistake."""
    if isinstance(err, jinja2.TemplateSyntaxError) and err.filename:
        return ContentErrors([ContentError(shown_path(Path(err.filename)), err.lineno, err.message)])
    if isinstance(err, jinja2.TemplateNotFound):  # a page's template, or one a template uses
        return ContentErrors([ContentError(shown_path(templates), 1,
                                           f"template '{err.name}' not found")])
    frames = [f for f in traceback.extract_tb(err.__traceback__)
              if f.filename and Path(f.filename).is_relative_to(templates.absolute())
              or f.filename.startswith(str(templates))]
    where = frames[-1] if frames else None
    return ContentErrors([ContentError(shown_path(Path(where.filename)) if where else str(templates),
                                       where.lineno if where else 1, f"template error: {err}")])


def domain(url: str) -> str:
    """The site a link leads to, as a reader names it: its host without "www.", a port or
    a user name ("https://www.example.org:8443/a" -> "example.org")."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
