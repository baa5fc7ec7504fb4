"""serve's adapter to the build: what its process keeps from one build to the next (Warm)."""

from __future__ import annotations

import contextlib
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, output
from .errors import OutputError
from .keeping import OnDisk, built_before, nothing_before
from .manifest import Manifest, manifest_file


@dataclass
class Warm(OnDisk):
    """What a process that builds the same site again and again (serve) keeps from one
    build to the next instead of reading it back from disk: the cache, with every article
    already made into records; the Jinja environment, with its templates compiled; the
    manifest, kept here only, since that output (updated in place) lasts no longer than the
    process; and, after a build that showed the pages first, its plan, for the build that
    makes the rest. Each is used only while what it was made from is unchanged. Saving the
    cache to disk (for the next process) and removing a folder that holds a previous site
    are left for `tidy`, once the browser shows the new one.

    `seed`: another output folder of the same content (the site `build` made), whose
    unchanged files the first build links instead of rendering. `pages_first` (set by serve
    after a save): only the pages are made; the data files and search indexes that changed
    are taken from the previous site as they were (Result.lagging), for the next build,
    started once the browser shows the pages, to make."""

    seed: Path | None = None
    pages_first: bool = False
    out: Path | None = None
    manifest: Manifest | None = None
    store_kept: cache.Store | None = None
    built_at_ns: int = 0  # when the store's view of the inputs was complete
    templates: str = ""  # digest of the template files the environment was made from
    env: object = None
    template_digests: dict[str, str] = field(default_factory=dict)
    saved: bool = True  # the store is on disk
    retired: list[Path] = field(default_factory=list)
    whole: bool = True  # the folder is as the manifest says (no build stopped part-way in it)
    # (inputs, what the load made, the Sources, the planned data files, the other pages)
    plan: tuple | None = None
    fingerprints: dict = field(default_factory=dict)  # the last build's, by language (recorded.Kept)
    use_cache: bool = True
    keeps_fingerprints = True

    def store(self, folder: Path, signer: cache.Signer, context: str) -> cache.Store:
        if self.store_kept is not None and self.store_kept.context == context:
            return self.store_kept.carried_over(self.built_at_ns)
        store = cache.Store.open(folder, signer, context)
        store.articles = {}  # (kept in memory from now on: carried_over)
        return store

    def previous(self, out: Path, folder: Path, signer: cache.Signer, warnings: list[str],
                 locks: contextlib.ExitStack, epoch: str) -> tuple:
        """serve's own private folder, as its last build left it (or, if a build failed in
        it, as it is now), its pieces in memory; else what a build left in `out`, or else
        in the seed, while no build of it runs (its lock is held for the rest of this build,
        so it cannot change while its files are linked)."""
        if self.manifest is not None and self.out == out and out.is_dir():
            files = {p: (e.size, e.mtime_ns) for p, e in self.manifest.files.items()} if self.whole \
                else output.listing(out)
            return self.manifest, out, files, None
        found = built_before(out, folder, signer, warnings)
        # A seed's files are shared (hard links): not with SOURCE_DATE_EPOCH, whose times
        # would be set on the seed's own files too.
        seed = self.seed.absolute() if self.seed is not None and not epoch else None
        # A seed never built from this content has no manifest (and gets no lock file).
        if found is None and seed is not None and seed != out \
                and manifest_file(folder, seed).is_file():
            try:
                locks.enter_context(output.lock(output.lock_file(folder, seed), seed))
            except OutputError:  # being built right now: nothing to take from it
                return nothing_before(out)
            found = built_before(seed, folder, signer, warnings)
        return found or nothing_before(out)

    def environment(self, templates: Path, key: str, interface):
        """The environment of the last build while the templates and the catalog are the
        same (`key`): its templates stay compiled."""
        from .render import refuse_links_out

        # (unchanged: each template it read is still that file, which one saved, then saved
        # back, during the last build would not be)
        if self.env is not None and self.templates == key and self.env.loader.unchanged():
            refuse_links_out(templates)  # checked on every build, as a new environment does
            return self.env, self.template_digests
        return super().environment(templates, key, interface)

    def kept_plan(self, inputs: str) -> tuple | None:
        """The last build's records and plan, if it left files lagging (pages first) and
        nothing has changed since: the next build makes those files from the same plan
        instead of planning again. Given once."""
        plan, self.plan = self.plan, None
        if plan is not None and plan[0] == inputs and self.env.loader.unchanged():
            return plan[1:]
        return None

    def fingerprints_before(self, previous: Manifest) -> dict:
        """The last build's fingerprints, for a build on its own site: a page none of whose
        names stands for another digest now keeps its fingerprint without working it out."""
        return self.fingerprints if previous is self.manifest else {}

    def target(self, out: Path, previous: Manifest, epoch: str) -> tuple[Path, bool, bool]:
        """The preview is updated in place: only a reader of that folder (its server) sees
        it change, and a killed build ends the preview anyway."""
        if previous is not self.manifest or epoch:
            return super().target(out, previous, epoch)
        # A build that failed part-way here left the folder unlike its manifest.
        walk, self.whole = not self.whole, False  # until this build is done
        return out, True, walk

    def may_lag(self) -> bool:
        return self.pages_first

    def keep(self, out: Path, manifest: Manifest, store: cache.Store, sources,
             templates_key: str, retired: Path | None, lagging_plan: tuple | None,
             folder: Path, signer: cache.Signer, fingerprints: dict) -> bool:
        """Kept here only: its site lasts as long as the process. The folder that held the
        previous site is removed by `tidy`, after the browser has the new one."""
        self.out, self.manifest, self.store_kept, self.built_at_ns = out, manifest, store, time.time_ns()
        self.saved, self.whole = False, True
        self.templates, self.env, self.template_digests = templates_key, sources.env, sources.template_digests
        self.retired += [retired] if retired else []
        self.plan, self.fingerprints = lagging_plan, fingerprints
        return True

    def tidy(self) -> None:
        if self.store_kept is not None and not self.saved:
            self.store_kept.save()
            self.saved = True
        for folder in self.retired:
            shutil.rmtree(folder, ignore_errors=True)
        self.retired.clear()
