"""What a build remembers for the next one: `.claimsite-cache/` beside the content folder.

Safe to delete; ignored by git. It holds, for every input file, its size, time and hash (so
the next build sees what changed with one `stat` per file) and, for each article file, its
checked record and which of its quotes were found in its rendered text (so an unchanged
article is neither parsed nor rendered again).

The cache is untrusted input like everything beside the content: it may have been committed
to the repository, left by another user or damaged. So it holds data only (JSON, never
pickle) and is signed with a key that never leaves this user's own cache folder
(~/.cache/claimsite/key). A file whose signature does not verify is ignored with one warning
and rebuilt; nothing in it is used.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Iterable

FOLDER = ".claimsite-cache"
VERSION = 3  # 2: made.json holds a line per article file; 3: seen.json has ctimes
# A file changed within this long before its stat was recorded may change again within the
# same clock tick without its time or size moving ("racy" in git's words): trust its hash.
RACY_NS = 2_000_000_000


def check_folder(folder: Path) -> None:
    """OutputError if the cache folder is a symbolic link or not a folder: the build replaces
    and removes files in it, which through a link would be some other folder's."""
    from .errors import OutputError

    if folder.is_symlink():
        raise OutputError(f"{folder} is a symbolic link: the cache is kept only in a real "
                          "folder; remove the link (the cache is safe to delete) and build again")
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is not a folder: remove it (the cache is safe to delete) "
                          "and build again")


# --- signing -----------------------------------------------------------------------------

class Signer:
    """Signs and verifies what the build writes for itself, with this user's own key."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    @classmethod
    def for_user(cls) -> tuple[Signer, str]:
        """The user's key, made on first use; (signer, warning or "")."""
        home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        path = Path(home) / "claimsite" / "key"
        try:
            key = path.read_bytes()
            if len(key) >= 32:
                return cls(key), ""
        except OSError:
            pass
        key = secrets.token_bytes(32)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as file:
                file.write(key)
            return cls(key), ""
        except FileExistsError:  # another build made it just now
            return cls.for_user()
        except OSError as err:
            return cls(key), (f"cannot keep a key in {path.parent} ({err.strerror}); "
                              "the next build will not reuse this one's work")

    def sign(self, body: bytes) -> bytes:
        return hmac.new(self.key, body, hashlib.sha256).hexdigest().encode() + b"\n" + body

    def verified(self, blob: bytes) -> bytes:
        """The signed bytes, or ValueError if the signature does not match."""
        mac, _, body = blob.partition(b"\n")
        expected = hmac.new(self.key, body, hashlib.sha256).hexdigest().encode()
        if not hmac.compare_digest(mac, expected):
            raise ValueError("not signed by this user's key")
        return body


def encoded(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_signed(path: Path, signer: Signer, limit: int = 1 << 30) -> tuple[object, str]:
    """(data, "") from a signed file; (None, "") if there is none; (None, why) if unusable."""
    lines, why = read_signed_lines(path, signer, limit)
    if lines is None:
        return None, why
    try:
        return json.loads(b"\n".join(lines)), ""
    except (ValueError, UnicodeDecodeError) as err:
        return None, f"{path}: {err}; ignored and rebuilt"


def read_signed_lines(path: Path, signer: Signer, limit: int = 1 << 30) -> tuple[list[bytes] | None, str]:
    """The lines of a signed file, verified; (None, "") if there is none; (None, why) if
    unusable."""
    try:
        blob = read_regular(path, limit + 1)
    except FileNotFoundError:
        return None, ""
    except OSError as err:
        return None, f"{path}: cannot be read ({err.strerror or err}); ignored"
    if len(blob) > limit:
        return None, f"{path}: larger than {limit >> 20} MB; ignored"
    try:
        return signer.verified(blob).split(b"\n"), ""
    except ValueError as err:
        return None, f"{path}: {err}; ignored and rebuilt"


def read_regular(path: Path, limit: int) -> bytes:
    """Up to `limit` bytes of the regular file at `path`; OSError for anything else."""
    with os.fdopen(open_regular(path), "rb") as file:
        return file.read(limit)


def open_regular(path: str | Path, follow_links: bool = True) -> int:
    """A descriptor of the regular file at `path`; OSError for anything else (a pipe left in
    the cache folder would otherwise keep the build waiting forever), and for a symbolic link
    unless `follow_links`."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                 | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0)))
    if not S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path}: not a regular file")
    return fd


def write_signed(path: Path, signer: Signer, data: object) -> None:
    """Write atomically (a reader sees the old file or the new one, never half of it)."""
    write_signed_lines(path, signer, [encoded(data)])


def write_signed_lines(path: Path, signer: Signer, lines: list[bytes]) -> None:
    """Write lines (each without a newline) signed as one, atomically."""
    write_atomically(path, signer.sign(b"\n".join(lines)))


def write_atomically(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write `data` (bytes, or chunks in order) at `path` through a new temporary file
    renamed over it: never through a symbolic link someone left in the (untrusted) cache
    folder, under either name, nor into a file linked from elsewhere; and a reader sees the
    old file or the new one, never half of one."""
    temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data) if isinstance(data, bytes) else file.writelines(data)
        os.replace(temporary, path)  # replaces a link at `path` itself, never its target
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


# --- what changed since the last build ---------------------------------------------------

def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest(*parts: object) -> str:
    """A short digest of several values (their str), for fingerprints."""
    return hashlib.blake2b("\0".join(map(str, parts)).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


@dataclass
class Seen:
    """An input file as the last build saw it."""

    size: int
    mtime_ns: int
    inode: int
    # An edit of the same size with its old time put back (touch -r, some tools) moves
    # only this: no program can set it.
    ctime_ns: int
    digest: str  # sha256 of its bytes

    @staticmethod
    def stat_fields(stat: os.stat_result) -> list[int]:
        """What a Seen holds of a stat, in its order."""
        return [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]

    def same(self, stat: os.stat_result) -> bool:
        return [self.size, self.mtime_ns, self.inode, self.ctime_ns] == Seen.stat_fields(stat)


@dataclass
class Made:
    """What the last build made of an article file with this digest."""

    # Its checked record, as content.record_to_json writes it: decoded by `recall` for the
    # build to read; None in `made_now`, where the line holds it.
    record: dict | None
    found: list[str] | None  # ids of the claims whose quote its rendered text holds
    # Its line in made.json, written back as it was read: re-encoding every record after a
    # one-article edit took longer than the edit's pages. A record this build made is kept
    # encoded too: as bytes it takes a fraction of the memory of its dicts (10,000 articles).
    line: bytes = field(default=b"", repr=False, compare=False)

    @staticmethod
    def made_now(digest: str, record: dict, found: list[str] | None = None) -> Made:
        """What this build made of an article file: kept as its line of made.json,
        [digest, record, found] (the one place that writes the line)."""
        return Made(None, found, encoded([digest, record, found]))


@dataclass
class Store:
    """The cache of one content folder, in two files.

    `seen.json`: every input file (path relative to the project folder) as last stat()ed and
    hashed; all a build with nothing to do reads. `made.json`: a line per article file
    digest, with its record and found quotes, read only when there is work; valid only for
    the same `context` (claimsite's code, the dependencies' versions and the registries).
    A line is parsed when its article is looked up and written back as it was read.
    """

    folder: Path
    signer: Signer
    context: str
    seen: dict[str, Seen] = field(default_factory=dict)
    seen_at_ns: int = 0  # when `seen` was taken, for the racy check
    warnings: list[str] = field(default_factory=list)
    now: dict[str, Seen] = field(default_factory=dict)  # this build's view, kept for the next
    made_now: dict[str, Made] = field(default_factory=dict)
    # made.json's lines by digest, each parsed when asked (a store carried over from the
    # last build in this process holds its Made, the line in it)
    _made: dict[str, bytes | Made] | None = None
    # Kept only by a process that builds the same site again and again (serve; None
    # otherwise): the Article and claim entries made of each file, by (digest, file name),
    # so that the next build neither decodes nor rebuilds them.
    articles: dict[tuple[str, str], tuple] | None = None
    # How this build had each article file (by name): "read" (parsed and checked), from the
    # "cache" (made.json's record), or from "memory" (serve's `articles`)
    had: dict[str, str] = field(default_factory=dict)
    # The registries' bytes as this build read them (fingerprint.registries_bytes): the
    # context is made of them, and the load checks them, not a later read.
    registries: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: Path, signer: Signer, context: str) -> Store:
        store = cls(folder, signer, context)
        data = store._read("seen.json")
        try:
            if data is not None:
                store.seen_at_ns = int(data["seen_at_ns"])
                store.seen = {str(name): Seen(*_typed(entry, (int, int, int, int, str)))
                              for name, entry in data["seen"].items()}
        except (KeyError, TypeError, ValueError, AttributeError):
            store.seen = {}
            store.warnings.append(f"{folder / 'seen.json'}: unexpected content; ignored and rebuilt")
        return store

    def recall(self, digest: str) -> Made | None:
        """What the last build made of the article file with this digest, if it is known.
        Kept with its line only (not the record): the build turns it into an Article."""
        line = self._lines().get(digest)
        if line is None:
            return None
        if isinstance(line, Made):
            line = line.line
        try:
            known, record, found = _typed(json.loads(line), (str, dict, (list, type(None))))
        except (TypeError, ValueError):
            known = None
        if known != digest:
            self.warnings.append(f"{self.folder / 'made.json'}: unexpected content; ignored and rebuilt")
            self._made = {}
            return None
        return Made(record, found, line)

    def _lines(self) -> dict[str, bytes]:
        """made.json: a header line, then a line per article file: [digest, record, found]."""
        if self._made is None:
            self._made = {}
            lines, warning = read_signed_lines(self.folder / "made.json", self.signer)
            if warning:
                self.warnings.append(warning)
            try:
                header = json.loads(lines[0]) if lines else None
            except ValueError:
                header = None
            if isinstance(header, dict) and header.get("version") == VERSION \
                    and header.get("context") == self.context:
                for line in lines[1:]:
                    end = line.find(b'"', 2)  # a line starts ["digest", ...
                    self._made[line[2:end].decode("ascii", "replace")] = line
        return self._made

    def known_article(self, digest: str, name: str) -> tuple | None:
        """(Article, entries) an earlier build in this process made of the file `name` with
        this digest, as a copy this build may add appearances to; None if there is none."""
        known = self.articles.get((digest, name)) if self.articles else None
        made = self._made.get(digest) if self._made else None
        if known is None or not isinstance(made, Made):
            return None
        self.made_now[digest] = made
        article = copy.copy(known[0])
        article.appearances = []
        return article, known[1]

    def keep_article(self, digest: str, name: str, article, entries: list) -> None:
        """Keep the Article made of a file for the next build in this process (if kept)."""
        if self.articles is not None:
            kept = copy.copy(article)
            kept.appearances = []  # not the build's own list: it would keep the build alive
            self.articles[digest, name] = (kept, entries)

    def carried_over(self, seen_at_ns: int) -> Store:
        """The store the next build in this process starts from: what this build saw (by
        `seen_at_ns`, when it ended) and made, as `open` would read it back after `save`,
        without reading the disk."""
        store = Store(self.folder, self.signer, self.context, seen=dict(self.now),
                      seen_at_ns=seen_at_ns, _made=dict(self.made_now))
        store.articles = {key: value for key, value in (self.articles or {}).items()
                          if key[0] in self.made_now}
        return store

    def remember_found(self, digest: str, found: list[str]) -> None:
        """Which claims the article's rendered text marks, as this build found."""
        made = self.made_now.get(digest)
        if made is None:
            return
        if made.line.endswith(b",null]"):  # a line this build made: what it marks was not known
            self.made_now[digest] = Made(None, found, made.line[:-len(b"null]")] + encoded(found) + b"]")
        else:
            self.made_now[digest] = Made.made_now(digest, json.loads(made.line)[1], found)

    def _read(self, name: str) -> dict | None:
        data, warning = read_signed(self.folder / name, self.signer)
        if warning:
            self.warnings.append(warning)
        return data if isinstance(data, dict) and data.get("version") == VERSION else None

    def digest(self, name: str, path: str | Path,
               stat: os.stat_result | None = None) -> tuple[str, bytes | None]:
        """The file's sha256 and, when it had to be read, its bytes. A file whose size, time
        and inode are as last seen is not read, unless it changed just before it was seen."""
        stat = stat or os.stat(path)
        known = self.now.get(name)  # seen earlier in this build
        if known is not None and known.same(stat):
            return known.digest, None
        old = self.seen.get(name)
        if old is not None and old.same(stat) and stat.st_mtime_ns < self.seen_at_ns - RACY_NS:
            self.now[name] = old
            return old.digest, None
        # Opened as a regular file only (the path may have become a pipe since its stat),
        # and remembered by what was read: the stat of the open file, not of the path.
        with os.fdopen(open_regular(path), "rb") as file:
            stat = os.fstat(file.fileno())
            data = file.read()
        digest = file_digest(data)
        self.now[name] = Seen(*Seen.stat_fields(stat), digest)
        return digest, data

    def save(self) -> None:
        """Remember this build's inputs; a cache that cannot be written only costs time."""
        seen = {"version": VERSION, "seen_at_ns": time.time_ns(),
                "seen": {name: [s.size, s.mtime_ns, s.inode, s.ctime_ns, s.digest]
                         for name, s in sorted(self.now.items())}}
        made = [encoded({"version": VERSION, "context": self.context}),
                *(made.line for _, made in sorted(self.made_now.items()))]
        try:
            self.folder.mkdir(exist_ok=True)
            write_atomically(self.folder / ".gitignore", b"*\n")
            write_signed_lines(self.folder / "made.json", self.signer, made)
            write_signed(self.folder / "seen.json", self.signer, seen)
        except OSError:
            pass


def _typed(entry: object, types: tuple) -> list:
    if not isinstance(entry, list) or len(entry) != len(types):
        raise ValueError("bad entry")
    for value, kind in zip(entry, types):
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ValueError("bad entry")
    return entry
