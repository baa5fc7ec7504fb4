"""What a build takes from the builds before it, and what it leaves for the next.

pipeline.build asks one `OnDisk` (or an object of its shape) each of these questions, and
knows nothing else of where the answers come from:

    store        the cache: what each article file was, and the records made of it
    previous     the site built before (its manifest, folder and files) that pages may be
                 linked from when they are the same
    environment  the Jinja environment to render with
    kept_plan    the records and plan of a build just before, still valid (or None)
    fingerprints_before  the fingerprints of the build just before, by language, with
                 the digests they were made of (recorded.Kept), where kept
    target       the folder the new site is written to
    may_lag      the files that may stay as they were a build longer (serve's pages first)
    keep         what the finished build leaves: its manifest and cache

OnDisk is the plain build's answer: the cache folder beside content/, a staging folder
swapped in at the end. `build.py build` uses it. serve's answer (warm.py) keeps them in
memory between saves and updates its own folder in place.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from . import cache, output
from .manifest import Manifest, forget_gone, manifest_file, read_manifest, write_manifest


class OnDisk:
    """The plain build's: everything kept is read from and written to the cache folder.
    `use_cache=False`: nothing is taken from before and nothing kept."""

    def __init__(self, use_cache: bool = True) -> None:
        self.use_cache = use_cache

    def store(self, folder: Path, signer: cache.Signer, context: str) -> cache.Store:
        """The cache, its records valid for `context` (fingerprint.store_context)."""
        if not self.use_cache:
            return cache.Store(folder, signer, context, _made={})  # remembers nothing, reads every file
        return cache.Store.open(folder, signer, context)

    def previous(self, out: Path, folder: Path, signer: cache.Signer, warnings: list[str],
                 locks: contextlib.ExitStack, epoch: str) -> tuple:
        """What the build before left in `out`: its manifest, the folder its files are in,
        that folder's listing (path -> (size, mtime_ns)), and the manifest's file (for what
        each page read; None when it is in memory). An empty manifest if none. `locks`
        holds the lock of any other folder taken from until the build ends."""
        if not self.use_cache:
            return nothing_before(out)
        return built_before(out, folder, signer, warnings) or nothing_before(out)

    def environment(self, templates: Path, key: str, interface):
        """The Jinja environment, and the digests of the templates known so far (none)."""
        from .render import environment

        return environment(templates, interface), {}

    def kept_plan(self, inputs: str):
        return None

    keeps_fingerprints = False  # (on disk, the manifest holds each page's)

    def fingerprints_before(self, previous: Manifest) -> dict:
        return {}

    def target(self, out: Path, previous: Manifest, epoch: str) -> tuple[Path, bool, bool]:
        """The folder to write the site to; whether it is `out` itself (then changed files
        are replaced in it); whether all of it must be listed at the end."""
        return output.make_staging(out), False, False

    def may_lag(self) -> bool:
        return False

    def keep(self, out: Path, manifest: Manifest, store: cache.Store, sources,
             templates_key: str, retired: Path | None, lagging_plan: tuple | None,
             folder: Path, signer: cache.Signer, fingerprints: dict) -> bool:
        """Keep what the finished build made for the next one. True if this takes the
        folder holding the previous site (`retired`) to remove later itself."""
        if self.use_cache:
            write_manifest(manifest_file(folder, out), signer, manifest, out)
            forget_gone(folder)  # outputs deleted since they were built
            store.save()
        return False


def built_before(site: Path, folder: Path, signer: cache.Signer, warnings: list[str]):
    """The manifest of `site` with what OnDisk.previous returns beside it; None if none."""
    file = manifest_file(folder, site)
    previous, why = read_manifest(file, signer)
    warnings += [why] if why else []
    return (previous, site, output.listing(site), file) if previous.files else None


def nothing_before(out: Path) -> tuple:
    return Manifest(), out, {}, None
