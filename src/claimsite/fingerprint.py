"""The build's first step: what it is made from. Every input file (a `stat` each; read only
if that changed since the last build), claimsite's own code and the versions of what
renders its pages. pipeline.py digests these with the build's options: equal to the
digest the site in the output folder was built from, and nothing is left to do.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from stat import S_ISREG

from . import cache
from .bootstrap import installed_versions
from .cache import digest
from .limits import MAX_FILE_BYTES

# What a page may look different with, besides the content: claimsite's code (with its
# message catalogs) and these (babel: its locale data writes the dates, numbers and names).
DEPENDENCIES = ("jinja2", "markupsafe", "markdown", "nh3", "pyyaml", "python-frontmatter",
                "pagefind-bin", "babel", "pillow")  # pillow: the share images' bytes
_PACKAGE = Path(__file__).resolve().parent


def code_digest(package: Path = _PACKAGE) -> str:
    """claimsite's own source (`package`: its folder), its message catalogs
    (locales/*/LC_MESSAGES/*.po: a changed translation changes the pages), the fonts of
    the share images and the versions of what renders its pages."""
    parts = []
    for path in [*sorted(package.glob("*.py")), *sorted(package.glob("locales/*/LC_MESSAGES/*.po")),
                 *sorted(package.glob("fonts/*.ttf"))]:
        name = path.relative_to(package).as_posix()
        parts.append(name + ":" + hashlib.sha256(path.read_bytes()).hexdigest())
    for name, version in installed_versions(DEPENDENCIES).items():
        parts.append(f"{name}=={version}" if version else f"{name} missing")
    return digest(*parts)


def store_context(registries: dict[str, bytes | None], code: str) -> str:
    """What an article's checked record depends on besides its own file: the code and the
    registries (the cache's records are valid for this context only)."""
    return digest(code, hashlib.sha256(b"\0".join(data or b"" for data in registries.values())).hexdigest())


def registries_bytes(content_dir: Path) -> dict[str, bytes | None]:
    """What an article's checked record depends on besides its own file: each registry's
    bytes (None if it cannot be read; load then says why)."""
    read: dict[str, bytes | None] = {}
    for name in ("people.yaml", "outlets.yaml", "site.yaml"):  # site.yaml: topic names
        try:  # a regular file only: a link to a pipe or a device would block the build
            read[name] = cache.read_regular(content_dir / name, MAX_FILE_BYTES + 1)
        except OSError:
            read[name] = None
    return read


def input_files(store: cache.Store, name: str, root: Path) -> list[str]:
    """`path digest` of every file under `root` (symbolic links are not followed; a file
    that is not regular or too big counts by its stat, for the content check to report).
    Plain strings and scandir: this runs on every build, over every input."""
    found = []
    folders = [(f"{name}/", os.fspath(root))]
    while folders:
        relative_folder, folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        below = []
        for entry in entries:
            relative = relative_folder + entry.name
            try:
                if entry.is_dir():
                    if not entry.is_symlink():  # a linked folder is not walked into
                        below.append((relative + "/", entry.path))
                    continue
                stat = entry.stat()
                if S_ISREG(stat.st_mode) and stat.st_size <= MAX_FILE_BYTES:
                    found.append(f"{relative} {store.digest(relative, entry.path, stat)[0]}")
                else:
                    found.append(f"{relative} {stat.st_mode} {stat.st_size} {stat.st_mtime_ns}")
            except OSError:  # gone or replaced since the listing (an editor saving)
                found.append(f"{relative} unreadable")
        folders.extend(reversed(below))
    return found
