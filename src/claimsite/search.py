"""Full-text search: a Pagefind index of the claim and article pages, in shards.

Pages opt in with `data-pagefind-body` and carry their filters (speaker, outlet, topic,
year, type) as `data-pagefind-filter` attributes; see claim.html and article.html. The index
is built from the staged output folder, before it is swapped in, so search and pages always
match.

Pagefind has no incremental mode, and one index of a large site takes long and much memory.
So a large site's pages are split into shards (`pagefind/s0/`, `pagefind/s1/`, ...), each
an index of its own that the browser merges into one (Pagefind's mergeIndex; search.js).
A page's shard never depends on other pages: an article's comes from its name, a claim's is
that of the first article (by name) reporting it. So an edit changes few shards, only those
are indexed again, and an unchanged shard is reused from the previous site. A clean build
makes the same shards from the same pages, so both answer a query alike.

Each page is indexed in its own language, so its words are stemmed by that language's rules
(Russian "переговоров" finds "переговоры"): an article page in the article's language, every
other page in the site's. Pagefind takes a page's language from `<html lang>`, which is the
site's on every page (the interface is in it); so an article page in another language is
indexed from a copy whose `<html lang>` says the article's. A shard then holds one index per
language it has pages in; search.js searches each language's indexes with that language's
own engine (Pagefind stems a query by the rules of the index it searches).

Each shard is indexed by the `pagefind` binary that the `pagefind-bin` package installs, run
as a child process, one per core at a time. Not through Pagefind's Python wrapper: it needs
an asyncio event loop of its own (so a caller already inside one, such as a notebook or an
async server, could not build), pauses 0.1 s before reading each reply, and hangs on replies
over 2 MiB.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

from . import output
from .bootstrap import installed_versions
from .errors import OutputError
from .manifest import Entry
from .model import Content
from .urls import path_of

# Pagefind's time grows steeply with the size of one page (minutes for a 1 MB page), so the
# text of a longer article is left out of the full-text index; its claims and quotes, on
# their own pages, are still found.
MAX_INDEXED_TEXT = 200_000
PAGES_PER_SHARD = 500  # about half a second of indexing each; a shard holds up to twice that
MAX_SHARDS = 64
# Pagefind ships several ready-made interfaces; the site has its own (static/search.js), so
# only the engine and the index are published.
_UNUSED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


def shard_count(pages: int) -> int:
    """How many shards a site of `pages` indexed pages gets: a power of two, so a site that
    grows re-shards (and re-indexes everything) only when it doubles."""
    count = 1
    while pages > count * PAGES_PER_SHARD * 2 and count < MAX_SHARDS:
        count *= 2
    return count


def shards(content: Content) -> dict[str, int]:
    """The shard of each indexed page ({page path: shard number})."""
    count = shard_count(len(content.articles) + len(content.claims))

    def bucket(slug: str) -> int:
        return int.from_bytes(hashlib.blake2b(slug.encode(), digest_size=4).digest(), "big") % count

    of = {path_of(a): bucket(a.slug) for a in content.articles}
    for claim in content.claims.values():
        of[path_of(claim)] = bucket(min(a.article.slug for a in claim.appearances))
    return of


def index_languages(content: Content) -> dict[str, str]:
    """The pages indexed in another language than the site's: {article page: its language}."""
    site = content.site.language
    return {path_of(a): a.language for a in content.articles
            if a.language and a.language != site}


def indexes_by_language(shard: dict[str, int], languages: dict[str, str],
                        site_language: str) -> dict[str, list[int]]:
    """{language: the shards with an index in it}, the site's language first (search.js
    searches each language in the shards that have it)."""
    found: dict[str, set[int]] = {}
    for path, number in shard.items():
        found.setdefault(languages.get(path, site_language), set()).add(number)
    order = sorted(found, key=lambda tag: (tag != site_language, tag))
    return {tag: sorted(found[tag]) for tag in order}


def pages_by_shard(planned: list, shard: dict[str, int]) -> dict[str, list]:
    """The planned pages of each shard that has any, by the shard's folder. On a site in
    several languages each language's pages (in its folder, `Page.prefix`) have their own
    index there: "pagefind/s0", "en/pagefind/s0"."""
    grouped: dict[tuple[str, int], list] = {}
    for page in planned:
        number = shard.get(page.path[len(page.prefix):])
        if number is not None:
            grouped.setdefault((page.prefix, number), []).append(page)
    return {folder(number, prefix): pages for (prefix, number), pages in sorted(grouped.items())}


def folder(number: int, prefix: str = "") -> str:
    return f"{prefix}pagefind/s{number}"


def folder_of(path: str) -> str:
    """The shard folder a file of the site is in ("" if none): pagefind/sN, or in a
    language's folder xx/pagefind/sN. (Asked of every file.)"""
    if path.startswith("pagefind/s"):
        start = 0
    else:
        start = path.find("/pagefind/s") + 1
        if start <= 0 or "/" in path[:start - 1]:
            return ""
    end = path.find("/", start + 10)
    return path[:end] if end > 0 else ""


def shard_key(pages: list, language: str, version: str) -> str:
    """What a shard's index is made from: its pages (by fingerprint), language and Pagefind."""
    parts = [version, language] + sorted(f"{p.path} {p.fingerprint}" for p in pages)
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def text_key(staging: Path, pages: list, language: str, version: str) -> str:
    """What a shard's index shows: the bytes of its pages as rendered (and the language and
    Pagefind). An edit changes the fingerprint of every claim page its article reports, but
    seldom what those pages say; then this key is unchanged and the index is reused."""
    hasher = hashlib.blake2b(f"{version}\0{language}".encode(), digest_size=16)
    for path in sorted(p.path for p in pages):
        with open(f"{staging}/{path}", "rb") as file:
            hasher.update(b"\0" + path.encode() + b"\0" + hashlib.blake2b(file.read()).digest())
    return hasher.hexdigest()


def index_shards(staging: Path, out: Path, shards: dict[str, list], language: str,
                 previous: dict[str, Entry], old_files: dict, may_lag: bool = False,
                 in_place: bool = False, languages: dict[str, str] | None = None
                 ) -> tuple[dict[str, str], list[str], set[str]]:
    """Write each shard's index into its folder (`shards`: {folder: its pages}) in `staging`: reused from the previous site
    when its pages' fingerprints, or else their rendered bytes, are unchanged; else built
    (`may_lag`: else reused as it was, if there is one, for the next build to make).
    `in_place`: `staging` is the previous site itself (serve's preview). `language`: the
    site's; `languages`: the pages indexed in another (index_languages).
    Returns {folder: "fingerprint-key text-key"} for the manifest (the old keys for an
    index reused as it was, or lagging; the new ones for an index whose pages say what
    they said), the folders of those lagging behind their pages, and the folders of every
    index whose files were kept as they were (those lagging included)."""
    keys = {}
    lagging = []
    kept = set()
    to_build = []
    version = installed_versions(["pagefind-bin"])["pagefind-bin"] or "?"
    old_indexes: dict[str, dict[str, Entry]] = {}  # shard folder -> its files in the manifest
    for path, entry in previous.items():
        if folder_of(path):
            old_indexes.setdefault(folder_of(path), {})[path] = entry
    for name, pages in shards.items():
        old_index = old_indexes.get(name, {})
        made_from = shard_key(pages, language, version)
        old = _old_keys(old_index, old_files)
        if old and old[0] == made_from and _link_old(name, old_index, staging, out, in_place):
            keys[name] = " ".join(old)
            kept.add(name)
            continue
        if may_lag and old and _link_old(name, old_index, staging, out, in_place):
            keys[name] = " ".join(old)
            kept.add(name)
            lagging.append(name)
            continue
        shows = text_key(staging, pages, language, version)
        keys[name] = f"{made_from} {shows}"
        if old and old[1] == shows and _link_old(name, old_index, staging, out, in_place):
            kept.add(name)
        else:
            to_build.append((name, pages))
    running: list[tuple] = []
    try:
        for name, pages in to_build:
            if len(running) >= (os.cpu_count() or 1):
                _finish(running.pop(0))
            running.append(_start(staging, name, pages, languages or {}, in_place))
        while running:
            _finish(running.pop(0))
    finally:
        for process, site, *_ in running:
            process.kill()
            process.wait()
            shutil.rmtree(site, ignore_errors=True)
    return keys, lagging, kept


def _old_keys(old_index: dict[str, Entry], old_files: dict) -> list[str] | None:
    """[fingerprint key, text key] of a shard's index in the previous site, if intact."""
    if not old_index or any(old_files.get(path) != (entry.size, entry.mtime_ns)
                            for path, entry in old_index.items()):
        return None
    keys = {entry.fingerprint for entry in old_index.values()}
    old = keys.pop().split(" ") if len(keys) == 1 else []
    return old if len(old) == 2 else None


def _link_old(name: str, old_index: dict[str, Entry], staging: Path, out: Path,
              in_place: bool) -> bool:
    """Hard-link the shard's old index into staging (in a site updated in place, it is
    there already); False (and nothing left) if it cannot."""
    if in_place:
        return True
    for folder in sorted({path.rpartition("/")[0] for path in old_index}):
        (staging / folder).mkdir(parents=True, exist_ok=True)  # once each: this runs per file
    for path in old_index:
        if not output.reuse(out, staging, path):
            shutil.rmtree(staging / name, ignore_errors=True)
            return False
    return True


def pagefind_command() -> str:
    """Path of the pagefind binary installed with the package."""
    try:
        from pagefind_bin import get_executable
        return str(get_executable())
    except (ImportError, OSError) as err:
        raise OutputError(f"the search index could not be built: pagefind is not installed ({err});"
                          " reinstall claimsite, or build with --no-search") from None


def _start(staging: Path, name: str, pages: list, languages: dict[str, str], in_place: bool):
    """Start indexing one shard (its folder `name`): its pages, hard-linked into a folder of
    their own as paths from their language's folder (a page in `languages` copied, saying
    its language). Returns (process, that folder, where the index goes, the index it
    replaces in place or None)."""
    site = staging / (".search-" + name.replace("/", "-"))
    prefix = name[:name.index("pagefind/")]
    # In a site updated in place, the index is made beside the old one, which it then
    # replaces at once (_finish). What a failed build left of either is cleared first:
    # Pagefind adds to an output folder, it does not empty it.
    replaces = staging / name if in_place else None
    bundle = staging / (name + (".new" if in_place else ""))
    for leftover in (site, bundle) if in_place else ():
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        for page in pages:
            path = page.path[len(prefix):]  # a result's address, from its language's folder
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            if path in languages:
                _copy_in_language(staging / page.path, site / path, languages[path])
            else:
                os.link(staging / page.path, site / path)
    except OSError:
        shutil.rmtree(site, ignore_errors=True)
        raise
    command = [pagefind_command(), "--site", str(site), "--output-path", str(bundle)]
    try:
        # cwd is the shard's folder, so nothing Pagefind may write by default lands elsewhere.
        process = subprocess.Popen(command, cwd=site, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except OSError as err:
        shutil.rmtree(site, ignore_errors=True)
        raise OutputError(f"the search index could not be built: cannot run pagefind ({err})") from None
    return process, site, bundle, replaces


_HTML_LANG = re.compile(rb'<html lang="[^"]*"')


def _copy_in_language(page: Path, copy: Path, language: str) -> None:
    """The page, for the indexer only, with `<html lang>` saying `language` (a checked tag:
    schema.LANGUAGE lets nothing but letters, digits and hyphens through)."""
    data = page.read_bytes()
    copy.write_bytes(_HTML_LANG.sub(f'<html lang="{language}"'.encode(), data, count=1))


def _finish(running: tuple) -> None:
    process, site, bundle, replaces = running
    said = process.communicate()[0].decode("utf-8", "replace")
    shutil.rmtree(site, ignore_errors=True)
    if process.returncode != 0:
        if replaces is not None:
            shutil.rmtree(bundle, ignore_errors=True)
        lines = said.strip().splitlines()
        reason = lines[-1] if lines else f"exit code {process.returncode}"
        raise OutputError(f"the search index could not be built (pagefind): {reason}")
    for unused in bundle.iterdir():
        if unused.name.startswith(_UNUSED):
            unused.unlink()
    if replaces is not None:
        output.replace_folder(bundle, replaces)
