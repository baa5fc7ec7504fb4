"""Shared helpers: fixture sites are a base content folder plus per-case overlays."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
SITES = TESTS / "sites"
REPO = TESTS.parent


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "site: builds a whole site; too slow to run once per mutant, "
                            "so tests/mutation.py leaves it out (-m 'not site')")


def make_site(tmp_path: Path, *overlays: str) -> Path:
    """Copy tests/sites/base to tmp_path/content and lay each overlay folder over it."""
    content = tmp_path / "content"
    shutil.copytree(SITES / "base", content)
    for overlay in overlays:
        shutil.copytree(SITES / overlay, content, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("expected.txt"))
    return content


@pytest.fixture
def site(tmp_path, monkeypatch):
    """Build a fixture site and work from its parent, so messages say content/...."""
    monkeypatch.chdir(tmp_path)

    def build(*overlays: str) -> Path:
        return make_site(tmp_path, *overlays)

    return build


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes: two sites compare equal only byte for byte."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# Pagefind (1.5) writes its filter and metadata indexes, and the entry file naming them, in
# an order that varies between runs (upstream issue Pagefind#638); their content is the same.
# Everything else, search fragments and word index included, must be byte-identical.
UNSTABLE_UPSTREAM = re.compile(r"^(?:[a-z]{2,3}(?:-[A-Za-z0-9]+)*/)?pagefind/s\d+/(filter/.*|pagefind\.[^/]*\.pf_meta|pagefind-entry\.json)$")


def stable(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not UNSTABLE_UPSTREAM.match(name)}


def inodes(out: Path) -> dict[str, int]:
    """Each file under `out` (by path) with its inode."""
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}


def shared(a: Path, b: Path) -> set[str]:
    """The paths whose file in `a` is the very file (inode) of `b`."""
    theirs = inodes(b)
    return {path for path, inode in inodes(a).items() if theirs.get(path) == inode}


def pages_first(content: Path, out: Path, templates: Path, warm, **options):
    """serve's build after a save: the pages only, the data files and search indexes that
    changed left as they were (Result.lagging) for the build after it."""
    from claimsite.pipeline import build

    warm.pages_first = True
    try:
        return build(content, out, templates, keeping=warm, **options)
    finally:
        warm.pages_first = False


def answers_ctrl_c() -> None:
    """For subprocess.Popen(preexec_fn=...) of a process a test stops with SIGINT, as Ctrl+C
    would: a test run started in the background (a CI runner's, `cmd &`) has SIGINT ignored,
    the child inherits that, and Python then never turns SIGINT into KeyboardInterrupt."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
