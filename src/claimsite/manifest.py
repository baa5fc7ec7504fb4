"""The manifest: what a build wrote into an output folder, kept in the cache folder.

Signed like the cache, it lists each file of the site with its fingerprint, size and time:
the next build trusts an old file only if the signature verifies and the file's size and
time are unchanged. Beside it, in a file a build with nothing to do never reads, are where
each claim's piece is in the data files made of pieces, and what each page read.
serve's manifest stays in its memory (warm.py).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .cache import Signer, read_regular, read_signed, write_atomically, write_signed
from .output import cache_name, try_lock

PIECES_VERSION = 2  # of the file beside the manifest: spans, and what each page read


class Entry(NamedTuple):
    """A file of the site as the manifest lists it (a list of three in its JSON)."""

    fingerprint: str  # what it was made from (recorded.py; a search index's key), "" for static
    size: int
    mtime_ns: int


@dataclass
class Manifest:
    inputs: str = ""  # digest of everything the build read: equal means nothing changed
    result: dict = field(default_factory=dict)  # the counts the summary line prints
    files: dict[str, Entry] = field(default_factory=dict)  # path -> its entry
    # Where each claim's piece is in the data files made of pieces (exports.Pieces):
    # path -> {claim id: [key, start, end]}. Kept in a file of its own (read_pieces), which
    # a build with nothing to do never reads.
    pieces: dict[str, dict] = field(default_factory=dict)
    base: str = ""  # digest of what every page depends on (sources.Sources.base)
    # What each page read when it was rendered (recorded.py): path -> names. Kept beside
    # the pieces, which a build with nothing to do never reads either.
    reads: dict[str, list[str]] = field(default_factory=dict)


def manifest_file(folder: Path, out: Path) -> Path:
    """Where the cache `folder` keeps the manifest of the output folder `out`."""
    return folder / (cache_name(out) + ".json")


def read_manifest(path: Path, signer: Signer) -> tuple[Manifest, str]:
    """The manifest at `path` ((empty, "") if none; (empty, why) if unusable)."""
    data, why = read_signed(path, signer)
    try:
        if data is None:
            return Manifest(), why
        files = dict(data["files"])
        if not all(isinstance(v, list) and len(v) == 3 and isinstance(v[0], str)
                   and all(type(n) is int for n in v[1:]) for v in files.values()):
            raise ValueError("bad entry")
        manifest = Manifest(str(data["inputs"]), dict(data["result"]),
                            {path: Entry(*v) for path, v in files.items()}, base=str(data.get("base", "")))
        return manifest, ""
    except (ValueError, KeyError, TypeError):
        return Manifest(), f"{path}: unexpected content; the site is rebuilt"


def read_pieces(path: Path, signer: Signer, manifest: Manifest) -> None:
    """Fill `manifest.pieces` and `manifest.reads` from their file beside the manifest at
    `path`: each data file's spans and each page's names, if they were recorded for the very
    file the manifest lists (a build killed between writing the two leaves them apart)."""
    data, _ = read_signed(_pieces_file(path), signer)
    if not isinstance(data, dict) or data.get("version") != PIECES_VERSION:
        return
    names, reads = data.get("names"), data.get("reads")
    if isinstance(names, list) and all(isinstance(n, str) for n in names) and isinstance(reads, dict):
        count = len(names)
        for path, entry in reads.items():
            listed = manifest.files.get(path)
            if isinstance(entry, list) and len(entry) == 2 and listed and entry[0] == listed.fingerprint \
                    and isinstance(entry[1], list) \
                    and all(type(n) is int and 0 <= n < count for n in entry[1]):
                manifest.reads[path] = [names[n] for n in entry[1]]
    for name, entry in data.get("files", {}).items():
        if isinstance(entry, dict) and manifest.files.get(name) is not None \
                and entry.get("file") == list(manifest.files[name]) \
                and isinstance(entry.get("spans"), dict):
            spans = entry["spans"]
            if all(isinstance(s, list) and len(s) == 3 and isinstance(s[0], str)
                   and all(isinstance(n, int) and not isinstance(n, bool) for n in s[1:])
                   for s in spans.values()):
                manifest.pieces[name] = spans


def _pieces_file(path: Path) -> Path:
    return path.with_name(path.stem + ".pieces.json")


def write_manifest(path: Path, signer: Signer, manifest: Manifest, out: Path) -> None:
    """Write the manifest of the output folder `out` at `path`, its pieces beside it, and
    beside them the folder's path (for `forget_gone`)."""
    data = {"inputs": manifest.inputs, "result": manifest.result, "files": manifest.files,
            "base": manifest.base}
    numbers: dict[str, int] = {}  # each name read once, pages by number (a tenth of the size)
    reads = {path: [manifest.files[path].fingerprint, [numbers.setdefault(n, len(numbers)) for n in names]]
             for path, names in manifest.reads.items() if path in manifest.files}
    pieces = {"version": PIECES_VERSION, "files": {
        name: {"file": manifest.files.get(name), "spans": spans}
        for name, spans in manifest.pieces.items()},
        "names": list(numbers), "reads": reads}
    try:
        path.parent.mkdir(exist_ok=True)
        write_signed(_pieces_file(path), signer, pieces)
        write_signed(path, signer, data)
        write_atomically(path.with_suffix(".out"), str(out.absolute()).encode("utf-8"))
    except OSError:
        pass  # a manifest that cannot be kept only costs time: the next build renders all


def forget_manifest(path: Path) -> None:
    """Remove the manifest at `path` (and its pieces): the next build then trusts nothing."""
    for file in (path, _pieces_file(path)):
        with contextlib.suppress(OSError):  # none yet, or a read-only cache folder
            file.unlink()


def forget_gone(folder: Path) -> None:
    """Remove from the cache folder what it holds for output folders that no longer exist
    (a temporary one, deleted): their manifests and pieces, unless a build holds their lock.
    The (empty) lock files stay: removing one a build is about to lock would let a second
    build of the same folder run beside it. The files are untrusted like the rest of the cache:
    the worst a forged one can do is have these cache files removed."""
    for note in folder.glob("site-*.out"):
        try:
            out = read_regular(note, 4097).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if len(out) > 4096 or os.path.isdir(out):
            continue
        with _held(note.with_suffix(".lock")) as held:
            if held:
                forget_manifest(note.with_suffix(".json"))
                with contextlib.suppress(OSError):
                    note.unlink()


def intact(manifest: Manifest, files: dict[str, tuple[int, int]]) -> bool:
    """The folder holds exactly the files the manifest lists, none changed since."""
    return len(files) == len(manifest.files) and all(
        files.get(path) == (entry[1], entry[2]) for path, entry in manifest.files.items())


@contextlib.contextmanager
def _held(path: Path):
    """Hold the lock file at `path` for the block if no build holds it (True); False if
    one does, or it cannot be told. No lock file at all counts as free."""
    try:
        fd = try_lock(path)
    except FileNotFoundError:
        yield True
        return
    except (ImportError, OSError):
        fd = None
    if fd is None:
        yield False
        return
    try:
        yield True  # the lock file itself stays: a build may have it open, about to lock it
    finally:
        os.close(fd)
