"""What a page is made from, recorded while it renders.

A page reads the build's records, lists and build-wide values only through the views of a
`Reading` (its Sources, seen through views that note each access by name), and its
templates as Jinja loads them (render.Environment). The names it read, each with the
digest it stands for in this build (`Digests`), make the page's fingerprint. The next
build works out the digests of the same names; where every one is the same, the page would
come out the same, and the old file is kept. Nothing is declared by hand: a template that
starts to show another field, list or record reads it, and so depends on it.

Names (keys are slugs, years, template names; "\\x1f" separates the steps of a path):
    c:ID  a:SLUG  p:KEY  o:KEY   a claim, article, speaker, outlet record. A record's
                                 digest covers what can be reached from it: a claim's,
                                 its speaker and every article reporting it; an article's,
                                 its file (text, claims, quotes) and its outlet.
    t:NAME                       a template file as read (includes, imports and extends
                                 are loaded, and so noted, as the page renders)
    l:PATH  n:PATH  k:PATH       a list or mapping of the index or the content: all of it
                                 (each record by digest), only its length, only its keys
    v:NAME                       a value worked out once per build (Sources.values)
    s:ID                         what a claim's share image shows (share_image.Drawn):
                                 its words, speaker, date; not the rest of its articles
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .cache import digest
from .index import Corrected, Period
from .model import Article, Claim, Outlet, Person

STEP = "\x1f"  # between the steps of a path (a control character: never in a YAML key)
SLICE = "\x1e"  # a slice step: SLICE + "start:stop"
MISSING = "-"  # the digest of what is not there


class Reading:
    """A page's view of its Sources while it renders: the same attributes, with the records,
    lists and values it reads through them noted in `names`."""

    def __init__(self, sources) -> None:
        self._sources = sources
        self.names: set[str] = set()
        note = self.names.add
        content = sources.content
        self.content = _Content(content, note)
        self.index = _Tree(sources.index, "index", note)
        self.by_slug = Records(sources.by_slug, "a", "articles", note)
        self.found = _Found(sources.found, note)
        self.topic_names = _Tree(sources.topic_names, "topic_names", note)
        self.common = dict(sources.common, people=self.content.people, outlets=self.content.outlets,
                           claims=self.content.claims, topic_names=self.topic_names,
                           several_languages=self.value("several_languages"))

    def value(self, name: str):
        """A value of the whole build (years in use, languages of the reports ...)."""
        self.names.add("v:" + name)
        return self._sources.values[name]

    def drawn(self, claim_id: str):
        """What a claim's share image shows, noted as that alone: an image is drawn again
        when its words, speaker or date change, not when another claim of its article does."""
        self.names.add("s:" + claim_id)
        return self._sources.drawn(claim_id)

    def template_source(self, name: str) -> str:
        """A file of the templates folder, read through Jinja's loader (and noted)."""
        self.names.add("t:" + name)
        env = self._sources.env
        return env.loader.get_source(env, name)[0]

    def __getattr__(self, name: str):
        return getattr(self._sources, name)


class Records(Mapping):
    """A mapping of records by key (people, outlets, claims, articles by slug): reading one
    notes it (`kind:key`); going through all of them notes each and the keys."""

    __slots__ = ("_items", "_kind", "_root", "_note")

    def __init__(self, items: dict, kind: str, root: str, note) -> None:
        self._items, self._kind, self._root, self._note = items, kind, root, note

    def __getitem__(self, key):
        self._note(f"{self._kind}:{key}")
        return self._items[key]

    def __contains__(self, key) -> bool:
        self._note(f"{self._kind}:{key}")
        return key in self._items

    def __iter__(self):
        self._note("k:" + self._root)
        return iter(self._items)

    def __len__(self) -> int:
        self._note("n:" + self._root)
        return len(self._items)

    def values(self):
        self._note("k:" + self._root)
        kind, note = self._kind, self._note
        for key, value in self._items.items():
            note(f"{kind}:{key}")
            yield value

    def items(self):
        self._note("k:" + self._root)
        kind, note = self._kind, self._note
        for key, value in self._items.items():
            note(f"{kind}:{key}")
            yield key, value


class Listed(Sequence):
    """A list of the index or the content: its length noted as such (`n:`), any other use
    as all of it (`l:`); a slice is a list of its own (the newest 12 claims)."""

    __slots__ = ("_items", "_path", "_note")

    def __init__(self, items: list, path: str, note) -> None:
        self._items, self._path, self._note = items, path, note

    def __len__(self) -> int:
        self._note("n:" + self._path)
        return len(self._items)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self):
        self._note("l:" + self._path)
        return iter(self._items)

    def __getitem__(self, at):
        if isinstance(at, slice) and at.step is None:
            start, stop = at.start, at.stop
            return Listed(self._items[at], f"{self._path}{STEP}{SLICE}{_bound(start)}:{_bound(stop)}",
                          self._note)
        self._note("l:" + self._path)
        return self._items[at]

    def __contains__(self, item) -> bool:
        self._note("l:" + self._path)
        return item in self._items

    def __reversed__(self):
        self._note("l:" + self._path)
        return reversed(self._items)

    def __add__(self, other):
        return list(self) + list(other)


def _bound(number) -> str:
    return "" if number is None else str(int(number))


class _Tree(Mapping):
    """The index (or a mapping in it) as a page reads it: each list or mapping it reaches
    is a view of its own, each other value noted whole where it is read."""

    __slots__ = ("_value", "_path", "_note")

    def __init__(self, value, path: str, note) -> None:
        self._value, self._path, self._note = value, path, note

    def _child(self, value, path: str):
        if isinstance(value, list):
            return Listed(value, path, self._note)
        if isinstance(value, dict):
            return _Tree(value, path, self._note)
        self._note("l:" + path)
        return value

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return self._child(getattr(self._value, name), f"{self._path}{STEP}{name}")

    def __getitem__(self, key):
        path = f"{self._path}{STEP}{key}"
        try:
            value = self._value[key]
        except KeyError:
            self._note("l:" + path)  # not there: a page that looked depends on its absence
            raise
        return self._child(value, path)

    def __contains__(self, key) -> bool:
        self._note(f"n:{self._path}{STEP}{key}")  # (there or not: its length says as much)
        return key in self._value

    def __iter__(self):
        self._note("k:" + self._path)
        return iter(self._value)

    def __len__(self) -> int:
        self._note("n:" + self._path)
        return len(self._value)


class _Content:
    """The content's records and lists as a page reads them; its settings (site.yaml) are
    in every page's base digest already."""

    def __init__(self, content, note) -> None:
        self._content, self._note = content, note
        self.site = content.site
        self.people = Records(content.people, "p", "people", note)
        self.outlets = Records(content.outlets, "o", "outlets", note)
        self.claims = Records(content.claims, "c", "claims", note)
        self.articles = Listed(content.articles, "articles", note)

    @property
    def methodology(self) -> str:
        self._note("v:methodology")
        return self._content.methodology

    @property
    def methodologies(self) -> dict:
        self._note("v:methodology")
        return self._content.methodologies


class _Found(Mapping):
    """Which claims' quotes each article's text marks: worked out from the article's file
    alone, so reading an article's is reading the article."""

    __slots__ = ("_found", "_note")

    def __init__(self, found: dict, note) -> None:
        self._found, self._note = found, note

    def __getitem__(self, slug):
        self._note("a:" + slug)
        return self._found[slug]

    def __contains__(self, slug) -> bool:
        self._note("a:" + slug)
        return slug in self._found

    def __iter__(self):
        self._note("k:articles")
        return iter(self._found)

    def __len__(self) -> int:
        self._note("n:articles")
        return len(self._found)


class Digests:
    """The digest each name stands for in this build (worked out once each)."""

    def __init__(self, sources) -> None:
        self.sources = sources
        self.known: dict[str, str] = {}
        self.records = {"c": sources.claim, "a": sources.article, "p": sources.person,
                        "o": sources.outlet}

    def fingerprint(self, kind: str, key: str, names) -> str:
        """The fingerprint of a page of `kind` and `key` that read `names`."""
        of = self.of
        return digest(self.sources.base, kind, key, *(f"{name} {of(name)}" for name in sorted(names)))

    def still(self, before: Kept | None):
        """For a page (path, kind, key) that read `names` in the build `before` was kept
        from: the fingerprint it had then, if each of those names stands for the digest it
        stood for then (so the fingerprint is the same); else None. Each name that build
        knew is worked out once here, not once per page that read it."""
        if before is None or before.base != self.sources.base:
            return lambda path, kind, key, names: None
        of = self.of
        changed = {name for name, old in before.known.items() if of(name) != old}
        had = before.fingerprints

        def same(path: str, kind: str, key: str, names) -> str | None:
            old = had.get(path)
            return old[2] if old is not None and old[0] == kind and old[1] == key \
                and changed.isdisjoint(names) else None
        return same

    def of(self, name: str) -> str:
        found = self.known.get(name)
        if found is None:
            found = self.known[name] = self._work_out(name)
        return found

    def _work_out(self, name: str) -> str:
        kind, _, rest = name.partition(":")
        if kind in self.records:
            return self.records[kind].get(rest, MISSING)
        sources = self.sources
        if kind == "t":
            return sources.template_file_digest(rest)
        if kind == "s":
            return digest(repr(sources.drawn(rest))) if rest in sources.content.claims else MISSING
        if kind == "v":
            return digest(repr(sources.values.get(rest, MISSING))) if rest != "methodology" \
                else digest(sources.content.methodology, repr(sorted(sources.content.methodologies.items())))
        value = self._at(rest)
        if value is _ABSENT:
            return MISSING
        if kind == "n":
            return str(len(value)) if hasattr(value, "__len__") else "1"
        if kind == "k":
            return digest(*value)
        if kind == "l":
            return self._deep(value)
        return MISSING

    def _at(self, path: str):
        root, *steps = path.split(STEP)
        sources = self.sources
        value = {"index": sources.index, "articles": sources.content.articles,
                 "people": sources.content.people, "outlets": sources.content.outlets,
                 "claims": sources.content.claims, "topic_names": sources.topic_names}.get(root, _ABSENT)
        for step in steps:
            if value is _ABSENT:
                break
            if step.startswith(SLICE):
                start, _, stop = step[1:].partition(":")
                value = value[int(start) if start else None:int(stop) if stop else None] \
                    if isinstance(value, list) else _ABSENT
            elif isinstance(value, dict):
                value = value.get(step, _ABSENT)
            elif root == "index" and value is sources.index and step in type(value).__dataclass_fields__:
                value = getattr(value, step)
            else:
                value = _ABSENT
        return value

    def _deep(self, value) -> str:
        """A digest of a value and every record in it, by the records' own digests."""
        kind = type(value)
        if kind is list:  # (most values are lists of claims: those first, without the tests below)
            claims, deep = self.sources.claim, self._deep
            return digest(*(claims[item.id] if type(item) is Claim else deep(item) for item in value))
        if isinstance(value, (str, int, float, bool)) or value is None:
            return repr(value)
        if isinstance(value, Claim):
            return self.sources.claim[value.id]
        if isinstance(value, Article):
            return self.sources.article[value.slug]
        if isinstance(value, Person):
            return self.sources.person[value.key]
        if isinstance(value, Outlet):
            return self.sources.outlet[value.key]
        if isinstance(value, (list, tuple)):
            return digest(*map(self._deep, value))
        if isinstance(value, dict):
            return digest(*(f"{k} {self._deep(v)}" for k, v in value.items()))
        if isinstance(value, Period):
            return digest(value.label, value.anchor, self._deep(value.claims))
        if isinstance(value, Corrected):
            return digest(self._deep(value.record), value.page, repr(value.correction))
        return digest(repr(value))  # a date, a correction: printed in full by repr


_ABSENT = object()


@dataclass
class Kept:
    """A build's fingerprints, kept (by serve) for the next build's plan (Digests.still):
    the base they were made on, the digest each name its pages read stood for, and each
    page's (kind, key, fingerprint)."""

    base: str
    known: dict[str, str]
    fingerprints: dict[str, tuple[str, str, str]]


def kept(sources, planned: list, recorded: dict[str, tuple[str, list[str]]]) -> dict[str, Kept]:
    """The fingerprints of `planned` (as made now) by language (prefix), with the digest of
    every name a page read: those of the pages rendered (`recorded`: path -> (fingerprint,
    names); a render worker worked them out in its own memory) are worked out here too."""
    by_prefix = {variant.prefix: variant for variant in (sources, *sources.variants)}
    for page in planned:
        if page.path in recorded:
            of = by_prefix[page.prefix].digests.of
            for name in recorded[page.path][1]:
                of(name)
    return {prefix: Kept(variant.base, dict(variant.digests.known),
                         {p.path: (p.kind, p.key, p.fingerprint) for p in planned if p.prefix == prefix})
            for prefix, variant in by_prefix.items()}
