"""The build cache: `.claimsite-cache/` beside the content folder. Safe to delete.

Two things are remembered, each keyed by content hashes, never by timestamps:

- the checked record of every article file (keyed by the file's bytes, the registries and
  claimsite's own code), so a rebuild parses only the files that changed;
- a digest of every input of a build (content, templates, code, options), written into the
  output folder's marker, so a rebuild with nothing changed does nothing at all.

Correctness comes first: a cached build must give exactly the tree a clean build gives
(tests/test_cache.py checks this after each kind of edit).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

FOLDER = ".claimsite-cache"
_PACKAGE = Path(__file__).resolve().parent


def code_digest() -> str:
    """Hash of claimsite's own source: any change to the code invalidates every cache."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def inputs_digest(folders: list[Path], options: dict) -> str:
    """Hash of every file under `folders` (names and bytes), the code and the options."""
    digest = hashlib.sha256(code_digest().encode())
    digest.update(repr(sorted(options.items())).encode())
    for number, folder in enumerate(folders):  # by content, not location: output repeats
        digest.update(f"\0folder {number}\0".encode())
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class ArticleCache:
    """Checked article records by file hash; loaded once, saved once per build."""

    def __init__(self, content_dir: Path, registries: bytes) -> None:
        self.file = content_dir.parent / FOLDER / "articles.pickle"
        self.key = hashlib.sha256(code_digest().encode() + registries).hexdigest()
        self.entries: dict[str, tuple[str, bytes]] = {}
        self.used: dict[str, tuple[str, bytes]] = {}
        try:
            key, entries = pickle.loads(self.file.read_bytes())
            if key == self.key:
                self.entries = entries
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            pass  # no cache, or one from another version: start afresh

    def get(self, name: str, data: bytes):
        """The cached record for this file's exact bytes, or None."""
        digest = hashlib.sha256(data).hexdigest()
        hit = self.entries.get(name)
        if hit and hit[0] == digest:
            self.used[name] = hit
            return pickle.loads(hit[1])
        return None

    def put(self, name: str, data: bytes, record) -> None:
        self.used[name] = (hashlib.sha256(data).hexdigest(), pickle.dumps(record, protocol=5))

    def save(self) -> None:
        """Keep the records of the files seen in this build (deleted files drop out)."""
        if self.used == self.entries:
            return
        try:
            self.file.parent.mkdir(exist_ok=True)
            (self.file.parent / ".gitignore").write_text("*\n", encoding="utf-8")
            temporary = self.file.with_suffix(f".tmp-{os.getpid()}")
            temporary.write_bytes(pickle.dumps((self.key, self.used), protocol=5))
            os.replace(temporary, self.file)
        except OSError:
            pass  # a cache that cannot be written only costs time
