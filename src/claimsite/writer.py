"""The render step: every planned page written into the staging folder.

A page whose fingerprint is the one the previous build wrote is hard-linked from the old
site (or left where it is, in serve's preview, which is updated in place: see
pipeline.build_site); the others are rendered, on every core when there are many
(parallel.py), each process writing its pages itself. Article pages go first: claim
pages link to the passages that the articles' texts mark. For serve's pages first
(`may_lag`), the data files are taken from the old site as they were, for the next build
to make.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import jinja2

from . import lists, output, pages, parallel, render
from .cache import Store
from .exports import Pieces
from .manifest import Manifest


class Writer:
    """One build's render step."""

    def __init__(self, sources: pages.Sources, previous: Manifest, old_files: dict,
                 out: Path, staging: Path, store: Store, templates: Path, progress,
                 may_lag: tuple[str, ...] = (), in_place: bool = False) -> None:
        self.sources, self.previous, self.old_files = sources, previous, old_files
        # each language's pages are rendered from its own Sources (Page.prefix)
        self.by_prefix = {variant.prefix: variant for variant in (sources, *sources.variants)}
        self.out, self.staging, self.store, self.templates = out, staging, store, templates
        self.in_place = in_place  # staging is `out` (serve's preview): changed files replaced
        self.progress = progress
        self.may_lag = may_lag  # files linked from the old site as they are, even if changed
        self.done = self.total = 0
        self.spans: dict[str, dict] = {}  # data file made of pieces -> where each claim's piece is
        self.linked: dict[str, tuple[int, int]] = {}  # path -> (size, mtime) of each reused file
        self.lagging: dict[str, str] = {}  # path -> old fingerprint of each file of `may_lag` reused
        # path -> (fingerprint, names read) of each page rendered: what it was made from
        self.recorded: dict[str, tuple[str, list[str]]] = {}

    def set_up_pieces(self) -> None:
        """Set up the pieces of claims.json and claims.csv: each unchanged claim's piece
        is copied from the old file."""
        sources, previous = self.sources, self.previous
        keys = sources.piece_keys()
        for path in pages.PIECED:
            old = previous.files.get(path)
            intact = old is not None and self._intact(path)
            sources.pieces[path] = Pieces(keys, f"{self.out}/{path}" if intact else "",
                                          old.size if intact else -1,
                                          previous.pieces.get(path) if intact else None)

    def write(self, planned: list[pages.Page]) -> int:
        """Write every planned page. Returns how many were rendered."""
        sources, store, content = self.sources, self.store, self.sources.content
        for folder in sorted({p.path.rpartition("/")[0] for p in planned} - {""}):
            (self.staging / folder).mkdir(parents=True, exist_ok=True)
        fresh = []
        for page in planned:
            unchanged = self._unchanged(page)
            lags = not unchanged and page.path in self.may_lag and page.path in self.previous.files \
                and self._intact(page.path)
            if (unchanged or lags) and (self.in_place or output.reuse(self.out, self.staging, page.path)):
                self.linked[page.path] = self.old_files[page.path]
                if lags:
                    self.lagging[page.path] = self.previous.files[page.path].fingerprint
            else:
                fresh.append(page)

        # Which quotes each article's text marks: claim pages link to the marked passage.
        articles_rendered = {p.key for p in fresh if p.kind == "article"}
        for article in content.articles:
            made = store.made_now.get(article.digest)
            if made is not None and made.found is not None and article.slug not in articles_rendered:
                sources.found[article.slug] = set(made.found)
        needed = {a.article.slug for p in fresh if p.kind == "claim"
                  for a in content.claims[p.key].appearances}
        marks_only = sorted(needed - set(sources.found) - articles_rendered)
        self.total = len(fresh) + len(marks_only)

        # Article pages (and the marks of articles not rendered again) first.
        first = [("page", p) for p in fresh if p.kind == "article"] + [("marks", s) for s in marks_only]
        for (what, value), found in zip(first, self._results(first, parallel.run(self.job, first, self.tick))):
            slug = value.key if what == "page" else value
            sources.found[slug] = set(found)
            store.remember_found(sources.by_slug[slug].digest, found)
        rest = [("page", p) for p in fresh if p.kind != "article"]
        made = parallel.run(self.job, rest, self.tick, cost=lambda item: cost(item[1], sources))
        self._keep_spans(rest, self._results(rest, made))
        return len(fresh)

    def _results(self, jobs: list, results: list) -> list:
        """The jobs' own results; what each page read kept in `recorded`."""
        own = []
        for (what, value), result in zip(jobs, results):
            if what == "page":
                result, fingerprint, names = result
                self.recorded[value.path] = (fingerprint, names)
            own.append(result)
        return own

    def fingerprinted(self, planned: list[pages.Page]) -> list[pages.Page]:
        """The planned pages, each rendered one with the fingerprint of what it read."""
        recorded = self.recorded
        return [replace(page, fingerprint=recorded[page.path][0]) if page.path in recorded else page
                for page in planned]

    def reads(self, planned: list[pages.Page]) -> dict[str, list[str]]:
        """What each page was made from: as rendered now, or as the previous site recorded."""
        old = self.previous.reads
        return {page.path: self.recorded[page.path][1] if page.path in self.recorded
                else old.get(page.path, []) for page in planned}

    def pieces(self) -> dict:
        """Where each claim's piece is in the data files made of pieces: a data file reused
        whole keeps its spans; one made again has new ones."""
        return {path: spans for path, spans in self.previous.pieces.items()
                if path in pages.PIECED} | self.spans

    def _keep_spans(self, jobs: list, results: list) -> None:
        self.spans.update((page.path, spans) for (_, page), spans in zip(jobs, results)
                          if page.path in self.sources.pieces)

    def job(self, item: tuple[str, object]):
        """Render and write one page (its found marks or pieces' spans as the result), or
        find the marks of an article not rendered again."""
        what, value = item
        sources = self.sources if what == "marks" else self.by_prefix[value.prefix]
        try:
            if what == "marks":
                return sorted(pages.article_body(sources, sources.by_slug[value])[1])
            data, found, names = pages.render_page(sources, value)
            output.write(self.staging, value.path, data, replace=self.in_place)  # (noting still)
        except jinja2.TemplateError as err:
            raise render.template_error(err, self.templates) from None
        names = sorted(names)
        fingerprint = sources.digests.fingerprint(value.kind, value.key, names)
        if value.path in sources.pieces:
            return [sources.pieces[value.path].spans, fingerprint, names]  # spans known once written
        return [sorted(found) if found is not None else None, fingerprint, names]

    def tick(self, count: int) -> None:
        self.done += count
        if self.progress:
            self.progress(self.done, self.total)

    def _unchanged(self, page: pages.Page) -> bool:
        old = self.previous.files.get(page.path)
        return old is not None and old.fingerprint == page.fingerprint and self._intact(page.path)

    def _intact(self, path: str) -> bool:
        old = self.previous.files[path]
        return self.old_files.get(path) == (old.size, old.mtime_ns)


def cost(page: pages.Page, sources: pages.Sources) -> float:
    """A guess of a page's seconds to render, for sharing the work between workers: the data
    files grow with every claim (less when most pieces are copied), a list page with its
    claims, other pages are quick."""
    claims = len(sources.index.claims)
    pieces = sources.pieces.get(page.path)
    if pieces is not None:
        return claims * (5e-6 if pieces.old_spans else 4e-5)
    if page.path == "claims.db":
        return claims * 4e-5
    group = {"speaker": sources.index.by_speaker, "outlet": sources.index.by_outlet,
             "topic": sources.index.by_topic}.get(page.kind.removesuffix("-year"), {})
    listed = len(group.get(page.key.partition("/")[0], ()))
    if page.kind.endswith("-year"):
        listed //= 10  # a year's share, about
    elif listed > lists.GROUP_ONE_PAGE:
        listed = lists.GROUP_NEWEST
    return 0.001 + listed * 3e-5
