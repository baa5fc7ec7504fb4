"""`build --verify`: the site an incremental build kept, compared with a clean build's.

Every page reused from an earlier build was judged unchanged by what it read when it was
rendered (recorded.py). This proves it: the same content is built again from nothing, with
no cache, into a temporary folder, and every file of the two sites is compared byte for
byte. Any difference is a page the incremental build should have rendered again.

The search index is left out of the comparison: Pagefind writes different bytes for the
same pages from one run to the next (two clean builds differ too). What it indexes, the
pages, is compared, and an index is made again whenever its pages' bytes change.
"""

from __future__ import annotations

import filecmp
import os
import tempfile
from pathlib import Path

from .output import MARKER


def differences(content_dir, out_dir, templates_dir=None, *, search_index: bool = True,
                base_url: str = "") -> tuple[list[str], int]:
    """(the files of `out_dir` that differ from a clean build's, or that only one of the two
    has; how many files were compared)."""
    from .pipeline import build_site

    out = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix=".claimsite-verify-", dir=out.absolute().parent) as scratch:
        clean = Path(scratch) / "site"
        build_site(content_dir, clean, templates_dir, search_index=search_index, base_url=base_url,
                   use_cache=False)
        kept, made = _files(out), _files(clean)
        differing = sorted((kept ^ made) | {path for path in kept & made
                                            if not filecmp.cmp(out / path, clean / path, shallow=False)})
        return differing, len(kept | made)


def _files(site: Path) -> set[str]:
    found = set()
    for folder, _, names in os.walk(site):
        relative = os.path.relpath(folder, site)
        for name in names:
            path = name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
            if path != MARKER and "pagefind" not in path.split("/")[:2]:
                found.add(path)
    return found
