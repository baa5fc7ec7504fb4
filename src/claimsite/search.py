"""Full-text search: a Pagefind index of the claim and article pages.

Pages opt in with `data-pagefind-body` and carry their filters (speaker, outlet, topic,
year, type) as `data-pagefind-filter` attributes; see claim.html and article.html. The index
is built from the staged output folder, before it is swapped in, so search and pages always
match.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from .errors import OutputError

INDEXED = "{claims,articles}/*.html"
# Pagefind's time grows steeply with the size of one page (minutes for a 1 MB page), so the
# text of a longer article is left out of the full-text index; its claims and quotes, on
# their own pages, are still found.
MAX_INDEXED_TEXT = 200_000
# Pagefind ships several ready-made interfaces; the site has its own (static/search.js), so
# only the engine and the index are published.
_UNUSED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


def index_folder(site: Path, language: str) -> int:
    """Write the search index into `site`/pagefind/; return the number of pages indexed."""
    bundle = site / "pagefind"
    try:
        count = asyncio.run(_index(site, bundle, language))
    except Exception as err:  # the pagefind binary is missing, or failed on this input
        raise OutputError(f"the search index could not be built (pagefind): {err}") from None
    for unused in bundle.iterdir():
        if unused.name.startswith(_UNUSED):
            unused.unlink()
    return count


async def _index(site: Path, bundle: Path, language: str) -> int:
    # The index writes its files to `bundle` when the block ends. Not get_files(): the
    # wrapper reads each reply into a 2 MiB buffer, and the files of a large site, sent
    # back as one reply, overflow it and hang the build.
    config = IndexConfig(force_language=language or "en", output_path=str(bundle))
    async with PagefindIndex(config=config) as index:
        added = await index.add_directory(str(site), glob=INDEXED)
    return added.get("page_count", 0)
