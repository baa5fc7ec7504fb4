"""Full-text search: a Pagefind index of the claim and article pages.

Pages opt in with `data-pagefind-body` and carry their filters (speaker, outlet, topic,
year, type) as `data-pagefind-filter` attributes; see claim.html and article.html. The index
is built from the staged output folder, before it is swapped in, so search and pages always
match.

The index is built by the `pagefind` binary that the `pagefind-bin` package installs, run as
a child process. Not through Pagefind's Python wrapper: it needs an asyncio event loop of
its own (so a caller already inside one, such as a notebook or an async server, could not
build), pauses 0.1 s before reading each reply, and hangs on replies over 2 MiB.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import OutputError

INDEXED = "{claims,articles}/*.html"
# Pagefind's time grows steeply with the size of one page (minutes for a 1 MB page), so the
# text of a longer article is left out of the full-text index; its claims and quotes, on
# their own pages, are still found.
MAX_INDEXED_TEXT = 200_000
# Pagefind ships several ready-made interfaces; the site has its own (static/search.js), so
# only the engine and the index are published.
_UNUSED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


def pagefind_command() -> str:
    """Path of the pagefind binary installed with the package."""
    try:
        from pagefind_bin import get_executable
        return str(get_executable())
    except (ImportError, OSError) as err:
        raise OutputError(f"the search index could not be built: pagefind is not installed ({err});"
                          " reinstall claimsite, or build with --no-search") from None


def index_folder(site: Path, language: str) -> None:
    """Write the search index of `site` into `site`/pagefind/."""
    bundle = site / "pagefind"
    command = [pagefind_command(), "--site", str(site), "--output-path", str(bundle),
               "--glob", INDEXED, "--force-language", language or "en"]
    try:
        # cwd is the site itself, so nothing Pagefind may write by default lands elsewhere.
        ran = subprocess.run(command, cwd=site, stdin=subprocess.DEVNULL, capture_output=True,
                             text=True, errors="replace")
    except OSError as err:
        raise OutputError(f"the search index could not be built: cannot run pagefind ({err})") from None
    if ran.returncode != 0:
        said = (ran.stderr.strip() or ran.stdout.strip()).splitlines()
        reason = said[-1] if said else f"exit code {ran.returncode}"
        raise OutputError(f"the search index could not be built (pagefind): {reason}")
    for unused in bundle.iterdir():
        if unused.name.startswith(_UNUSED):
            unused.unlink()
