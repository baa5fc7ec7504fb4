"""The build, as one flat sequence of named steps.

    fingerprint  what the build is made from: every input file (one stat each, a read only
                 for what changed), claimsite's code, its dependencies' versions, the
                 options. The same as for the site in the output folder, and that site
                 intact: nothing to do.
    load         read and check content/; an unchanged article comes from the cache
    index        the cross-indexes: by speaker, outlet, topic and date
    plan         every file of the site, with the fingerprint of exactly what it shows (the
                 data files first: after an edit, the slow ones start rendering at once)
    render       the pages whose fingerprint changed, written to a staging folder on every
                 core (parallel.py); every other page hard-linked from the previous site
                 (writer.py)
    search       the search index of the claim and article pages
    swap         the manifest written, the staging folder swapped in at once

Nothing is written into the output folder until the last step, so a failed or killed build
leaves the previous site whole; see output.py. The one exception is serve's preview, a
folder only its own server reads: each build there replaces the files that changed, in
place, and after a save it shows the pages first and makes the data files and search
indexes just after (`pages_first`; warm.py keeps what the builds share).
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
from .warm import Warm

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
    reused: int = 0  # files taken as they were from the previous site (or the seed)
    # pages_first: the data files and search indexes reused as they were, though changed
    lagging: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a reader of the summary should know

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
               use_cache: bool = True, warm: Warm | None = None,
               seed: str | os.PathLike | None = None, pages_first: bool = False) -> Result:
    """Build the site of `content_dir` into `out_dir`. With `use_cache`, only what changed
    since the last build is done again; the output is the same either way. A process that
    builds the same site again and again (serve) passes the same `warm` to every build.
    `seed`: another output folder of the same content (serve's first build: the site built
    before), whose unchanged files a first build of `out_dir` links instead of rendering.
    `pages_first` (serve, after a save): only the pages are made; the data files and search
    indexes that changed are taken from the previous site as they were (Result.lagging), for
    the next build, started once the browser shows the pages, to make."""
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
            contextlib.ExitStack() as seed_lock:
        if warm is not None and not use_cache:
            warm.manifest = None  # this build replaces the output it described
            warm = None
        with step("fingerprint"):
            code = fingerprint.code_digest()
            store = fingerprint.open_store(folder, content_dir, signer, code, use_cache, warm)
            template_files = fingerprint.input_files(store, "templates", templates)
            inputs = digest(code, search_index, base_url, epoch,
                            *fingerprint.input_files(store, "content", content_dir), *template_files)
            manifest_file = output.manifest_file(folder, out)
            # A seed's files are shared (hard links): not with SOURCE_DATE_EPOCH, whose times
            # would be set on the seed's own files too.
            seed_site = Path(seed).absolute() if seed and not epoch else None
            previous, old_site, old_files, pieces_file = _previous_site(
                out, seed_site, folder, signer, use_cache, warm, warnings, seed_lock)
            if old_site == out and previous.inputs == inputs and output.intact(previous, old_files):
                return Result(**previous.result, seconds=time.perf_counter() - started, out=shown,
                              timings=timings, up_to_date=True, warnings=warnings + store.warnings)
        if pieces_file is not None:  # what each page read, and the data files' pieces
            output.read_pieces(pieces_file, signer, previous)
        from . import pages, search
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
        kept = warm.kept_plan(inputs) if warm is not None else None
        if kept is not None:  # the plan of the build just before, which left files lagging
            made, sources, data_files, rest = kept
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
                env, template_digests = _environment(
                    templates, digest(templates_key, interface.key), warm, interface)
                install(env, interface)
                # (the catalogs are part of `code`, the language of the site's settings)
                sources = pages.Sources(content, index, env, template_digests=template_digests,
                                        base=digest(code, repr(content.site), search_index, epoch),
                                        i18n=interface)
                sources.variants = other_languages(sources, templates)
                warnings += [f"{shown_path(content_dir / 'site.yaml')}: {w}"
                             for variant in sources.variants for w in variant.i18n.warnings]
                if old_site != out and previous.base != sources.base:
                    # Built with other options or code: no page of the seed can be reused.
                    seed_lock.close()
                    previous, old_site, old_files, pieces_file = output.Manifest(), out, {}, None
                data_files = _plan(sources, templates, previous.reads, pages.DATA_FILES)
        # serve's preview is updated in place: only a reader of that folder (its server) sees
        # it change, and a killed build ends the preview anyway.
        in_place = warm is not None and previous is warm.manifest and not epoch
        staging = writer = None
        try:
            with step("render"):
                if in_place:
                    # A build that failed part-way here left the folder unlike its manifest.
                    walk = not warm.whole
                    target, warm.whole = out, False  # until this build is done
                else:
                    target, walk = output.make_staging(out), False
                    staging = target
                writer = Writer(sources, previous, old_files, old_site, target, store, templates,
                                progress, pages.DATA_FILES if pages_first else (), in_place)
                writer.start_data_files(data_files)  # the slow ones, while the rest is planned
            with step("plan"):
                if kept is None:
                    others = [page for variant in sources.variants
                              for page in _plan(variant, templates, previous.reads, exclude=pages.DATA_FILES)]
                    rest = _plan(sources, templates, previous.reads, exclude=pages.DATA_FILES,
                                 other_pages=others) + others
                planned = data_files + rest
            result = dict(articles=len(content.articles), claims=len(content.claims),
                          speakers=len(index.by_speaker),
                          pages=sum(1 for p in planned if p.path.endswith(".html")))
            with step("render"):
                rendered = writer.write(planned)
                planned = writer.fingerprinted(planned)  # as made now: from what each page read
                static = output.copy_static(templates / "static", target, replace=in_place)
            shard_keys, lagging, kept_shards = {}, list(writer.lagging), set()
            if search_index:  # while data files started early may still be in the making
                with step("search"):
                    shards = search.pages_by_shard(planned, sources.shard)
                    shard_keys, lagging_shards, kept_shards = search.index_shards(
                        target, old_site, shards, content.site.language, previous.files,
                        old_files, may_lag=pages_first, in_place=in_place,
                        languages=sources.index_language)
                    lagging += lagging_shards
            with step("render"):
                pieces = writer.finish()
                planned = writer.fingerprinted(planned)  # the data files started early too
            with step("swap"):
                files = _finish(target, planned, static, shard_keys, kept_shards, epoch, writer,
                                in_place, walk)
                # The old manifest must not outlive the old site: a build killed right after
                # the swap would leave it describing files it no longer lists truly.
                output.forget_manifest(manifest_file)
                if not in_place:
                    staging = output.swap(staging, out)  # now the folder holding the old site
                # With files lagging behind, the next build has work to do whatever changes.
                manifest = output.Manifest("" if lagging else inputs, result, files, pieces,
                                           sources.base, writer.reads(planned))
                if warm is not None:  # its site lasts as long as the process: kept here only
                    warm.remember(out, manifest, store, sources,
                                  digest(templates_key, sources.i18n.key), staging)
                    if lagging:  # for the next build, which makes them
                        warm.plan = (inputs, store.made_now, sources, writer.fingerprinted(data_files),
                                     writer.fingerprinted(rest))
                    staging = None  # removed after the browser has the new site
                elif use_cache:
                    output.write_manifest(manifest_file, signer, manifest, out)
                    output.forget_gone(folder)  # outputs deleted since they were built
                    store.save()
        except OSError as err:
            where = f" ({err.filename})" if err.filename else ""
            raise OutputError(f"{err.strerror or err}: cannot write the site to {out}{where}; "
                              "the previous site is unchanged") from None
        finally:
            if writer is not None:
                writer.stop()
            if staging is not None and staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    notes = [] if content.site.base_url else [
        "feed.xml and sitemap.xml are left out: they need the site's own address; set "
        "base_url in site.yaml (or give --base-url)"]
    return Result(**result, seconds=time.perf_counter() - started, out=shown, timings=timings,
                  rendered=rendered, reused=len(writer.linked), lagging=lagging, warnings=warnings + store.warnings,
                  notes=notes)


def _previous_site(out: Path, seed: Path | None, folder: Path, signer: cache.Signer,
                   use_cache: bool, warm: Warm | None, warnings: list[str],
                   seed_lock: contextlib.ExitStack):
    """What an earlier build left that this one may reuse: its manifest, the folder its
    files are in, that folder's listing, and the manifest's file (for its pieces; None when
    in memory). From this build's output `out`, or else from the `seed`, only while no
    build of it is running (its lock is held for the rest of this build, so it cannot
    change while its files are linked)."""
    if warm is not None and warm.manifest is not None and warm.out == out and out.is_dir():
        # serve's own private folder, as its last build left it (or one that failed in it
        # changed it: then as it is); the pieces are in memory
        files = {p: (e.size, e.mtime_ns) for p, e in warm.manifest.files.items()} if warm.whole \
            else output.listing(out)
        return warm.manifest, out, files, None
    nothing = output.Manifest(), out, {}, None
    if not use_cache:
        return nothing
    found = _built_before(out, folder, signer, warnings)
    # A seed never built from this content has no manifest (and gets no lock file).
    if found is None and seed is not None and seed != out \
            and output.manifest_file(folder, seed).is_file():
        try:
            seed_lock.enter_context(output.lock(output.lock_file(folder, seed), seed))
        except OutputError:
            return nothing  # being built right now: nothing to take from it
        found = _built_before(seed, folder, signer, warnings)
    return found or nothing


def _built_before(site: Path, folder: Path, signer: cache.Signer, warnings: list[str]):
    """The manifest of `site` with what _previous_site returns beside it; None if none."""
    file = output.manifest_file(folder, site)
    previous, why = output.read_manifest(file, signer)
    warnings += [why] if why else []
    return (previous, site, output.listing(site), file) if previous.files else None


def _environment(templates: Path, key: str, warm: Warm | None, interface):
    """The Jinja environment and the template digests known so far: the warm ones while the
    templates and the interface's catalog are the same (`key`, the digest of their files
    and Interface.key; the templates have the catalog's fixed words compiled in)."""
    from .render import environment, refuse_links_out

    if warm is not None and warm.env is not None and warm.templates == key \
            and warm.env.loader.unchanged():
        # (unchanged: each template it read is still that file, which one saved, then saved
        # back, during the last build would not be)
        refuse_links_out(templates)  # checked on every build, as a new environment does
        return warm.env, warm.template_digests
    return environment(templates, interface), {}


def _plan(sources, templates: Path, reads: dict, kinds: tuple = (), exclude: tuple = (),
          other_pages: list = ()) -> list:
    """The pages of `kinds` (all but those of `exclude`), with their fingerprints from what
    they read when last rendered (`reads`)."""
    import jinja2

    from .pages import plan
    from .render import template_error

    try:
        return plan(sources, kinds, exclude, other_pages, reads)
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
    return {path: output.Entry(fingerprints.get(path) or shard_keys.get(folder_of(path), ""), size, mtime)
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
