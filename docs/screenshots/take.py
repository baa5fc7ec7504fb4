#!/usr/bin/env python3
"""Screenshots of each page type of the demo site, for people to look at: 1280 and 390 px
wide, light and dark (the reader's prefers-color-scheme), the first screen and a half of
each page, saved as small palette PNGs in this folder.

    PYTHONPATH=src .venv/bin/python docs/screenshots/take.py [--out docs/screenshots]

Needs what the browser tests need (Playwright and Debian's Chromium) and Pillow.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from claimsite import build_site  # noqa: E402
from tests.browser import CHROMIUM_FLAGS, DEMO_PAGES, MISSING_PAGE, Server, chromium  # noqa: E402

WIDTHS = {1280: 800, 390: 844}  # width: the screen's height


def shoot(page, url: str, height: int) -> bytes:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if "search.html" in url:
        page.locator("#search-results li").first.wait_for()
    page.evaluate("document.fonts.ready")
    full = page.evaluate("document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": min(full, int(height * 1.5))}
    return page.screenshot(clip=clip, full_page=True)


def small_png(data: bytes) -> bytes:
    image = Image.open(io.BytesIO(data)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=True)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--only", nargs="*", default=list(DEMO_PAGES), help="page types")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimsite-shots-") as folder:
        root = Path(folder)
        build_site(PROJECT / "content", root / "tracker", PROJECT / "templates")
        with Server(root) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
            for scheme in ("light", "dark"):
                for width, height in WIDTHS.items():
                    context = browser.new_context(viewport={"width": width, "height": height},
                                                  color_scheme=scheme)
                    page = context.new_page()
                    for kind in args.only:
                        # (the 404 page as a reader meets it: at an address the site lacks, below a folder)
                        path = MISSING_PAGE if kind == "404" else DEMO_PAGES[kind]
                        data = small_png(shoot(page, f"{server.url}/tracker/{path}", height))
                        target = args.out / f"{kind}-{width}-{scheme}.png"
                        target.write_bytes(data)
                        print(f"{target.name}: {len(data):,} bytes")
                    context.close()
            browser.close()


if __name__ == "__main__":
    main()
