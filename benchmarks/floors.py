"""The least each speed goal of issue 12 could cost with claimsite's design, measured: the
work a build of that kind cannot skip, with everything else counted as free.

    python3 benchmarks/floors.py                   # 4,000 generated articles
    python3 benchmarks/floors.py --articles 1000 --hugo 0.48

It generates N articles with `generate.py`, builds them once with search, then times:

- a cold build's floor: every article's text made into HTML (Python-Markdown, the quote
  marks, nh3) and every claim page rendered (Jinja), in one process, divided by the cores
  as if they shared it perfectly. Only the other pages, the data files, reading and
  checking the content and writing any file are left out. With search, Pagefind indexing
  every claim and article page, one shard per core at a time, as the build does.
- a one-article edit's floor, in a new process: a build with nothing to do (starting
  Python, the fingerprint: a stat of every input, the old site listed to see it is intact),
  then every file of the site hard-linked into a new folder and a folder of as many files
  removed (the atomic swap the issue asks for). Nothing is read, planned or rendered. With
  search: that, and Pagefind indexing the largest shard again.

Each is the median of --repeat runs. Given the peers' cold builds at N articles (from
run.py), it prints each floor as a ratio of the peer the issue names, beside its goal.
"""

from __future__ import annotations

import argparse
import os
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT = BENCH_DIR.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--hugo", type=float, help="Hugo's cold build at N articles, seconds")
    parser.add_argument("--hugo-pagefind", type=float,
                        help="Hugo's cold build and the Pagefind CLI after it, seconds")
    args = parser.parse_args()
    sys.path[:0] = [str(BENCH_DIR), str(PROJECT / "src")]
    from generate import generate  # a script beside this one

    with tempfile.TemporaryDirectory(prefix="claimsite-floors-", dir=_tmpfs()) as folder:
        root = Path(folder)
        content = root / "content"
        generate(args.articles, content)
        sites = {"plain": root / "_site", "search": root / "_site_search"}
        builds = {name: [sys.executable, str(PROJECT / "build.py"), "--content", str(content),
                         "--templates", str(PROJECT / "templates"), "--out", str(site), "build",
                         "-q"] + (["--no-search"] if name == "plain" else [])
                  for name, site in sites.items()}
        for command in builds.values():
            subprocess.run(command, check=True, cwd=root)
        sources = _sources(content)
        cores = os.cpu_count() or 1
        pages, shards = _render_floor(sources), _search_floor(sources, sites["search"])
        edit = {name: _median(args.repeat, lambda: subprocess.run(command, check=True, cwd=root))
                + sum(statistics.median(times) for times in
                      zip(*(_swap_floor(sites[name]) for _ in range(args.repeat))))
                for name, command in builds.items()}

    cold = pages / cores
    rows = [
        ("cold build, no search", cold, 2.5,
         f"article texts and claim pages: {pages:.2f} s of one core, shared by {cores} cores"),
        ("cold build, with search", cold + shards["all"], 1.0,
         f"and Pagefind over every claim and article page, {shards['all']:.2f} s"),
        ("one-article edit, no search", edit["plain"], 0.15,
         "a build with nothing to do, every file hard-linked, a folder as large removed"),
        ("one-article edit, with search", edit["search"] + shards["one"], 0.4,
         f"the same with the search index, and its largest shard again, {shards['one']:.2f} s"),
    ]
    print(f"{args.articles:,} articles, {cores} cores; floors (medians of {args.repeat}):")
    for name, seconds, goal, parts in rows:
        peer, peer_name = (args.hugo_pagefind, "Hugo + Pagefind") if name == "cold build, with search" \
            else (args.hugo, "Hugo")
        ratio = f" = {seconds / peer:.2f}x {peer_name} (goal {goal}x)" if peer else ""
        print(f"  {name:30} {seconds:6.2f} s{ratio}\n      {parts}")
    return 0


def _sources(content: Path):
    from claimsite import pages
    from claimsite.content import load_content
    from claimsite.i18n import Interface
    from claimsite.index import build_index
    from claimsite.render import environment

    loaded = load_content(content)
    interface = Interface(loaded.site.language)
    return pages.Sources(loaded, build_index(loaded, interface),
                         environment(PROJECT / "templates", interface), base="", i18n=interface)


def _render_floor(sources) -> float:
    """Seconds of one process making every article's text and every claim page."""
    from claimsite import pages
    from claimsite.body import BodyRenderer
    from claimsite.content import read_body

    claims = sources.content.claims
    bodies = BodyRenderer(sources.i18n)
    texts = [(article, read_body(article)) for article in sources.content.articles]  # not timed
    claim_pages = pages.plan(sources, ("claim",))
    started = time.process_time()
    for article, text in texts:
        sources.found[article.slug] = bodies.render(article, text, claims)[1]
    for page in claim_pages:
        pages.render_page(sources, page)
    return time.process_time() - started


def _search_floor(sources, site: Path) -> dict[str, float]:
    """Seconds of Pagefind indexing every shard (one per core at a time), and the largest
    one alone, in a copy of `site` made of hard links."""
    from claimsite import pages, search

    shards = search.pages_by_shard(pages.plan(sources, ("claim", "article")), sources.shard)
    largest = max(shards, key=lambda number: len(shards[number]))
    times = {}
    for name, chosen in (("all", shards), ("one", {largest: shards[largest]})):
        copy = _linked_copy(site)
        shutil.rmtree(copy / "pagefind")
        started = time.perf_counter()
        search.index_shards(copy, site, chosen, sources.content.site.language, {}, {})
        times[name] = time.perf_counter() - started
        shutil.rmtree(copy)
    return times


def _swap_floor(site: Path) -> tuple[float, float]:
    """Seconds to hard-link every file of `site` into a new folder, and to remove it."""
    started = time.perf_counter()
    copy = _linked_copy(site)
    linked = time.perf_counter()
    shutil.rmtree(copy)
    return linked - started, time.perf_counter() - linked


def _linked_copy(site: Path) -> Path:
    copy = Path(tempfile.mkdtemp(prefix=".floor-", dir=site.parent))
    for folder, _, files in os.walk(site):
        target = copy / os.path.relpath(folder, site)
        target.mkdir(exist_ok=True)
        for name in files:
            os.link(os.path.join(folder, name), target / name)
    return copy


def _median(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _tmpfs() -> str | None:
    return "/dev/shm" if Path("/dev/shm").is_dir() else None


if __name__ == "__main__":
    # In an environment with claimsite's packages, as build.py runs (bootstrap.py).
    runpy.run_path(str(PROJECT / "src" / "claimsite" / "bootstrap.py"))["run_with_requirements"](
        PROJECT, (), [str(Path(__file__).resolve()), *sys.argv[1:]])
    sys.exit(main())
