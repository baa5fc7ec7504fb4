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
# Pagefind ships several ready-made interfaces; the site has its own (static/search.js), so
# only the engine and the index are published.
_UNUSED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


def index_folder(site: Path, language: str) -> int:
    """Write the search index into `site`/pagefind/; return the number of pages indexed."""
    try:
        files, count = asyncio.run(_index(site, language))
    except Exception as err:  # the pagefind binary is missing, or failed on this input
        raise OutputError(f"the search index could not be built (pagefind): {err}") from None
    for file in files:
        if file["path"].startswith(_UNUSED):
            continue
        target = site / "pagefind" / file["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file["content"])
    return count


async def _index(site: Path, language: str):
    async with PagefindIndex(config=IndexConfig(force_language=language or "en")) as index:
        added = await index.add_directory(str(site), glob=INDEXED)
        return await index.get_files(), added.get("page_count", 0)
