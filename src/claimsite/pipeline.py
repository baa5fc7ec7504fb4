"""The build, as one flat sequence of named steps.

    fingerprint  what the build is made from: every input file (one stat each, a read only
                 for what changed), claimsite's code, its dependencies' versions, the
                 options. The same as for the site in the output folder, and that site
                 intact: nothing to do.
    load         read and check content/; an unchanged article comes from the cache
    index        the cross-indexes: by speaker, outlet, topic and date
    plan         every file of the site, with the fingerprint of what it read when it
                 was last rendered (recorded.py)
    render       the pages whose fingerprint changed, written to a staging folder on every
                 core (parallel.py); every other page hard-linked from the previous site
                 (writer.py)
    search       the search index of the claim and article pages
    swap         the manifest written, the staging folder swapped in at once

Nothing is written into the output folder until the last step, so a failed or killed build
leaves the previous site whole; see output.py. What a build reuses from the ones before it
(the cache, the previous site) and leaves for the next is asked of one object (keeping.py:
the cache folder, for `build_site`). serve's (warm.py) keeps them in memory instead, and
updates a folder only its own server reads in place, showing the pages first after a save.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import cache, fingerprint, output
from .cache import digest
from .dates import epoch_problem
from .errors import OutputError
from .keeping import OnDisk
from .manifest import Entry, Manifest, forget_manifest, intact, manifest_file, read_pieces

# The steps after the fingerprint import what they use (Jinja, Markdown, YAML, ...) when
# they run: a build with nothing to do needs none of it, and stops in a fraction of the time.

# Called as progress(pages done, pages to render) while pages render.
Progress = Callable[[int, int], None]


@dataclass
class Result:
    articles: int
    claims: int
    speakers: int
    pages: int
    seconds: float
    out: Path
    timings: dict[str, float] = field(default_factory=dict)  # step name -> seconds
    up_to_date: bool = False  # nothing had changed since the last build: nothing was written
    rendered: int = 0  # files rendered by this build
    reused: int = 0  # files taken as they were from the previous site (or serve's seed)
    # (serve, pages first) the data files and search indexes reused as they were, though changed
    lagging: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a reader of the summary should know
    # each article file (by name) as this build had it: "read" and checked, or its record from
    # the "cache" or (serve) from "memory"; empty when nothing was loaded
    had: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        counts = f"{_count(self.articles, 'article')}, {_count(self.claims, 'claim')}"
        if self.up_to_date:
            return f"Up to date: {self.out}/ already holds this build of {counts} ({self.seconds:.2f} s)"
        return (f"Built {counts}, {_count(self.speakers, 'speaker')}: "
                f"{_count(self.pages, 'page')} in {self.out}/ ({self.seconds:.2f} s)")


def _count(number: int, thing: str) -> str:
    return f"{number:,} {thing}{'' if number == 1 else 's'}"


def build_site(content_dir: str | os.PathLike, out_dir: str | os.PathLike,
               templates_dir: str | os.PathLike | None = None, *, search_index: bool = True,
               base_url: str = "", progress: Progress | None = None,
               use_cache: bool = True, keep_published: bool = False) -> Result:
    """Build the site of `content_dir` into `out_dir`. With `use_cache`, only what changed
    since the last build is done again; the output is the same either way. With
    `keep_published`, a page the previous build published and this one would not is an
    error, unless site.yaml's `removed_pages` lists it (permalinks.py)."""
    return build(content_dir, out_dir, templates_dir, search_index=search_index,
                 base_url=base_url, progress=progress, keeping=OnDisk(use_cache),
                 keep_published=keep_published)


def build(content_dir: str | os.PathLike, out_dir: str | os.PathLike,
          templates_dir: str | os.PathLike | None = None, *, search_index: bool = True,
          base_url: str = "", progress: Progress | None = None,
          keeping: OnDisk, keep_published: bool = False) -> Result:
    """build_site, taking what it reuses from `keeping` and leaving what it made there
    (keeping.py: the cache folder; serve's warm.py: its memory)."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    step = _Stopwatch(timings)
    content_dir = Path(content_dir)
    shown = Path(out_dir)  # as the caller wrote it, for the summary
    out = shown.absolute()
    templates = Path(templates_dir) if templates_dir else content_dir.parent / "templates"
    if not (templates / "base.html").is_file():
        raise OutputError(f"no templates in {templates}/ (expected {templates}/base.html)")
    signer, warning = cache.Signer.for_user()
    warnings = [warning] if warning else []
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch and epoch_problem(epoch):
        raise OutputError(f"SOURCE_DATE_EPOCH={epoch[:40]} {epoch_problem(epoch)}")
    output.check_out(out, {"content": content_dir, "templates": templates})

    folder = content_dir.parent / cache.FOLDER
    cache.check_folder(folder)
    with _fewer_collections(), output.lock(output.lock_file(folder, out), out), \
            contextlib.ExitStack() as other_locks:
        with step("fingerprint"):
            code = fingerprint.code_digest()
            # An article's checked record depends on the code and on the registries it names;
            # those bytes are the ones load checks (each registry read once).
            registries = fingerprint.registries_bytes(content_dir)
            store = keeping.store(folder, signer, fingerprint.store_context(registries, code))
            store.registries = {name: data for name, data in registries.items() if data is not None}
            template_files = fingerprint.input_files(store, "templates", templates)
            inputs = digest(code, search_index, base_url, epoch,
                            *fingerprint.input_files(store, "content", content_dir), *template_files)
            previous, old_site, old_files, pieces_file = keeping.previous(
                out, folder, signer, warnings, other_locks, epoch)
            published_before = list(previous.files) if keep_published else []
            if old_site == out and previous.inputs == inputs and intact(previous, old_files):
                return Result(**previous.result, seconds=time.perf_counter() - started, out=shown,
                              timings=timings, up_to_date=True, warnings=warnings + store.warnings)
        if pieces_file is not None:  # what each page read, and the data files' pieces
            read_pieces(pieces_file, signer, previous)
        from . import pages, recorded, search
        from .content import load_content
        from .files import shown_path
        from .i18n import Interface
        from .index import build_index
        from .render import install
        from .schema import check_url
        from .sources import other_languages
        from .writer import Writer

        if base_url:  # a base_url that built before is valid: checked only when building
            base_url, problem = check_url(base_url)
            if problem:
                raise OutputError(f"--base-url {problem}")
        templates_key = digest(*template_files)
        kept = keeping.kept_plan(inputs)
        if kept is not None:  # the plan of the build just before, which left files lagging
            made, sources, planned = kept
            content, index = sources.content, sources.index
            store.made_now.update(made)  # what that build's load made (this one's has not run)
        else:
            with step("load"):
                content = load_content(content_dir, store)
                if base_url:
                    content.site.base_url = base_url
            with step("index"):
                # The interface language (site.yaml's), its catalog compiled: for the
                # timeline's headings here, and every page's words.
                interface = Interface(content.site.language)
                warnings += [f"{shown_path(content_dir / 'site.yaml')}: {w}" for w in interface.warnings]
                index = build_index(content, interface)
            with step("plan"):
                env, template_digests = keeping.environment(
                    templates, digest(templates_key, interface.key), interface)
                install(env, interface)
                # (the catalogs are part of `code`, the language of the site's settings)
                sources = pages.Sources(content, index, env, template_digests=template_digests,
                                        base=digest(code, repr(content.site), search_index, epoch),
                                        i18n=interface)
                sources.variants = other_languages(sources, templates)
                warnings += [f"{shown_path(content_dir / 'site.yaml')}: {w}"
                             for variant in sources.variants for w in variant.i18n.warnings]
                if old_site != out and previous.base != sources.base:
                    # Built with other options or code: no page of it can be reused.
                    other_locks.close()
                    previous, old_site, old_files, pieces_file = Manifest(), out, {}, None
                before = keeping.fingerprints_before(previous)
                others = [page for variant in sources.variants
                          for page in _plan(variant, templates, previous.reads, before)]
                planned = _plan(sources, templates, previous.reads, before, other_pages=others) + others
        if published_before:  # before anything is written: the previous site stays as it was
            from .permalinks import check_nothing_dropped

            check_nothing_dropped(published_before, planned, content.site,
                                  shown_path(content_dir / "site.yaml"), content)
        staging = None
        try:
            with step("render"):
                target, in_place, walk = keeping.target(out, previous, epoch)
                staging = None if in_place else target
                may_lag = keeping.may_lag()
                writer = Writer(sources, previous, old_files, old_site, target, store, templates,
                                progress, pages.DATA_FILES if may_lag else (), in_place)
                writer.set_up_pieces()
            result = dict(articles=len(content.articles), claims=len(content.claims),
                          speakers=len(index.by_speaker),
                          pages=sum(1 for p in planned if p.path.endswith(".html")))
            with step("render"):
                rendered = writer.write(planned)
                planned = writer.fingerprinted(planned)  # as made now: from what each page read
                static = output.copy_static(templates / "static", target, replace=in_place)
            shard_keys, lagging, kept_shards = {}, list(writer.lagging), set()
            if search_index:
                with step("search"):
                    shards = search.pages_by_shard(planned, sources.shard)
                    shard_keys, lagging_shards, kept_shards = search.index_shards(
                        target, old_site, shards, content.site.language, previous.files,
                        old_files, may_lag=may_lag, in_place=in_place,
                        languages=sources.index_language)
                    lagging += lagging_shards
            with step("render"):
                pieces = writer.pieces()
            with step("swap"):
                files = _finish(target, planned, static, shard_keys, kept_shards, epoch, writer,
                                in_place, walk)
                # The old manifest must not outlive the old site: a build killed right after
                # the swap would leave it describing files it no longer lists truly.
                forget_manifest(manifest_file(folder, out))
                if not in_place:
                    staging = output.swap(staging, out)  # now the folder holding the old site
                # With files lagging behind, the next build has work to do whatever changes.
                manifest = Manifest("" if lagging else inputs, result, files, pieces,
                                           sources.base, writer.reads(planned))
                # With files lagging, their plan, for the next build, which makes them.
                lagging_plan = (inputs, store.made_now, sources, planned) if lagging else None
                fingerprints = recorded.kept(sources, planned, writer.recorded) \
                    if keeping.keeps_fingerprints else {}
                if keeping.keep(out, manifest, store, sources, digest(templates_key, sources.i18n.key),
                                staging, lagging_plan, folder, signer, fingerprints):
                    staging = None  # the keeping removes it
        except OSError as err:
            where = f" ({err.filename})" if err.filename else ""
            raise OutputError(f"{err.strerror or err}: cannot write the site to {out}{where}; "
                              "the previous site is unchanged") from None
        finally:
            if staging is not None and staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    notes = [] if content.site.base_url else [
        "feed.xml and sitemap.xml are left out: they need the site's own address; set "
        "base_url in site.yaml (or give --base-url)"]
    return Result(**result, seconds=time.perf_counter() - started, out=shown, timings=timings,
                  rendered=rendered, reused=len(writer.linked), lagging=lagging, warnings=warnings + store.warnings,
                  notes=notes, had=store.had)


def _plan(sources, templates: Path, reads: dict, before: dict, other_pages: list = ()) -> list:
    """The pages, with their fingerprints from what they read when last rendered (`reads`;
    `before`: that build's fingerprints by language, where kept)."""
    import jinja2

    from .pages import plan
    from .render import template_error

    try:
        return plan(sources, other_pages, reads, before.get(sources.prefix))
    except jinja2.TemplateError as err:
        raise template_error(err, templates) from None


def _finish(target: Path, planned: list, static: list[str], shard_keys: dict[str, str],
            kept_shards: set[str], epoch: str, writer, in_place: bool, walk: bool) -> dict:
    """The marker and the file times; returns the manifest's entries: each file with its
    fingerprint (a page's own, or the old one of a file lagging behind it; a search
    shard's key for each file of its index), size, time. A file reused (by the writer, or
    in a search index kept as it was) has the size and time listed for it before."""
    from .search import folder_of

    if not in_place:
        output.write_marker(target)
        output.set_times(target, epoch)
    fingerprints = dict.fromkeys(static, "") | {p.path: p.fingerprint for p in planned} \
        | writer.lagging
    kept_index = {path: writer.old_files[path] for path in writer.previous.files
                  if folder_of(path) in kept_shards and path in writer.old_files}
    known = {} if epoch else writer.linked | kept_index
    if in_place:
        files = _in_place_files(target, fingerprints, shard_keys, kept_index, known, writer, walk)
    else:
        files = output.listing(target, known)
    return {path: Entry(fingerprints.get(path) or shard_keys.get(folder_of(path), ""), size, mtime)
            for path, (size, mtime) in files.items()}


def _in_place_files(target: Path, fingerprints: dict, shard_keys: dict[str, str],
                    kept_index: dict, known: dict, writer, walk: bool) -> dict[str, tuple[int, int]]:
    """The files of a site updated in place, with their sizes and times. Whatever else is
    there (a page no longer planned, a failed build's leftovers) is removed. Only what this
    build wrote is looked at, unless a build failed in the folder since it was last listed
    (`walk`: then all of it). `kept_index`: each file of a search index left as it was
    (`known` has them too)."""
    from .search import folder_of

    if walk:
        files = output.listing(target, known)
        gone = [path for path in files if path not in fingerprints and folder_of(path) not in shard_keys]
    else:
        files = {path: known.get(path) or _size_and_time(f"{target}/{path}") for path in fingerprints}
        files |= kept_index
        for name in shard_keys.keys() - {folder_of(path) for path in kept_index}:  # made now
            files |= {f"{name}/{path}": entry for path, entry in output.listing(target / name).items()}
        gone = [path for path in writer.previous.files if path not in files]
    output.remove(target, gone)
    for path in gone:
        files.pop(path, None)
    return files


def _size_and_time(path: str) -> tuple[int, int]:
    stat = os.stat(path, follow_symlinks=False)
    return stat.st_size, stat.st_mtime_ns


def forget_lock(content_dir: str | os.PathLike, out: str | os.PathLike) -> None:
    """Remove the lock file of an output folder that is gone and that only one process ever
    built (a serve preview's: a folder of a new name each time). Any other lock file stays:
    a build may have it open, about to lock it."""
    with contextlib.suppress(OSError):
        output.lock_file(Path(content_dir).parent / cache.FOLDER, Path(out)).unlink()


@contextlib.contextmanager
def _fewer_collections():
    """Young garbage collected every 10,000 allocations instead of 700 for the block: a build
    holds hundreds of thousands of long-lived objects (records, indexes, the plan) that the
    collector's passes walked again and again (a one-article edit at 4,000 articles: 1.95 ->
    1.79 s). Higher thresholds were faster still but left more garbage for the render
    workers to inherit (10,000 articles: 520 MB for all processes at 100,000, 484 at this)."""
    before = gc.get_threshold()
    gc.set_threshold(10_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


class _Stopwatch:
    """`with step("name"):` adds the block's duration to timings["name"]."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings

    @contextlib.contextmanager
    def __call__(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started
