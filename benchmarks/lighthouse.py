#!/usr/bin/env python3
"""Lighthouse scores of each page type of a built site, served over http from a subpath.

    python3 benchmarks/lighthouse.py                         # content/, every page type
    python3 benchmarks/lighthouse.py --content /tmp/c --pages home claim search --details
    python3 benchmarks/lighthouse.py --site _site            # an already built site, as it is

It builds the content folder into a temporary folder (with --base-url set to where it is
served, so canonical links and alternates are absolute as on a published site), serves that
folder at http://127.0.0.1:PORT/tracker/ with Python's http.server (HTTP/1.1, connections kept
open, as a host keeps them), runs Lighthouse on each
page type, one page at a time, and prints a table of the four category scores
(performance, accessibility, best practices, SEO). The page types are the home page, the
largest claim, article, speaker, outlet and topic pages (the richest of each), the list
pages, search.html?q=QUERY, 404.html, the methodology and the corrections, and where the site
has them the largest claim card (embed/), page of a year's claims (a speaker's, outlet's or
topic's), page of a year's articles, of a month's (a long year's) and of the timeline;
on a site in several languages, each other language's folder (en/, ...) too. --details names each audit
that cost a page points. The performance score varies from run to run with the machine's
load (on 2 shared cores, search pages by a few points): --runs 3 keeps each page's median.
The load column is the machine's 1-minute load average as a page's runs begin: the
performance score is simulated from what was observed, so a busy machine costs points.

Lighthouse is not a dependency of the project: give its command with --lighthouse, put it on
PATH (`npm install --prefix /tmp/lh-tools lighthouse`, then
--lighthouse /tmp/lh-tools/node_modules/.bin/lighthouse), or the script uses `npx --yes
lighthouse`. Chromium comes from --chrome (default: CHROME_PATH, else `chromium` on PATH).
Standard library only; a tool for developers, not a test: the performance score depends on
the machine's load.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SUBPATH = "tracker"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
PAGE_TYPES = ("home", "claim", "article", "speaker", "outlet", "topic", "timeline", "speakers",
              "outlets", "topics", "articles", "search", "404", "methodology", "corrections",
              "embed", "claims-year", "articles-year", "articles-month", "timeline-period")
# The largest page of each kind (a glob under the language's folder); a site too small to
# split its lists has no year or period pages, and one without base_url no cards (embed/).
LARGEST = {"claim": "claims/*.html", "article": "articles/*.html", "speaker": "speakers/*.html",
           "outlet": "outlets/*.html", "topic": "topics/*.html", "embed": "embed/*.html",
           "claims-year": "*/*/[0-9][0-9][0-9][0-9].html", "articles-year": "articles-[0-9][0-9][0-9][0-9].html",
           "articles-month": "articles-[0-9][0-9][0-9][0-9]-[0-9][0-9].html",
           "timeline-period": "timeline/*.html"}
FIXED = {"home": "index.html", "timeline": "timeline.html", "speakers": "speakers.html",
         "outlets": "outlets.html", "topics": "topics.html", "articles": "articles.html",
         "search": "search.html", "404": "404.html", "methodology": "methodology.html",
         "corrections": "corrections.html"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    # Connections kept open between requests, as on every real host (HTTP/1.0's one connection
    # per request cost each late request a simulated round trip the site does not have).
    protocol_version = "HTTP/1.1"
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".wasm": "application/wasm",
                      ".pagefind": "application/octet-stream",
                      ".pf_meta": "application/octet-stream"}

    def log_message(self, *args) -> None:
        pass


def serve(root: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_Handler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def build(content: Path, out: Path, base_url: str) -> None:
    command = [sys.executable, str(PROJECT / "build.py"), "--content", str(content), "--out",
               str(out), "-q", "build", "--base-url", base_url]
    if not (content / "templates").is_dir():
        command[2:2] = ["--templates", str(PROJECT / "templates")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(PROJECT / "src"), os.environ.get("PYTHONPATH", "")]))}
    subprocess.run(command, check=True, env=env)


def languages(site: Path) -> list[str]:
    """'' for the main language, then each other language's folder ('en/', ...)."""
    return [""] + sorted(f"{d.name}/" for d in site.iterdir()
                         if d.is_dir() and (d / "index.html").is_file() and (d / "claims").is_dir())


def pages(site: Path, prefix: str, wanted: list[str], query: str) -> list[tuple[str, str]]:
    """(label, path under the site) for each page type the site has."""
    found = []
    for kind in wanted:
        if kind in LARGEST:
            folder = site / prefix
            files = sorted(folder.glob(LARGEST[kind]), key=lambda p: (-p.stat().st_size, p.name))
            if files:
                found.append((kind, prefix + files[0].relative_to(folder).as_posix()))
        elif (site / prefix / FIXED[kind]).is_file():
            path = prefix + FIXED[kind]
            found.append((kind, path + (f"?q={query}" if kind == "search" and query else "")))
    return [(prefix + label, path) for label, path in found]


def lighthouse(command: list[str], chrome: str, url: str, preset: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="claimsite-lh-") as folder:
        report = Path(folder) / "report.json"
        args = command + [url, "--quiet", "--output=json", f"--output-path={report}",
                          "--only-categories=" + ",".join(CATEGORIES),
                          f"--chrome-flags={CHROME_FLAGS}"]
        if preset == "desktop":
            args.append("--preset=desktop")
        result = subprocess.run(args, env={**os.environ, "CHROME_PATH": chrome},
                                capture_output=True, text=True)
        if not report.is_file():
            raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        return json.loads(report.read_text(encoding="utf-8"))


def losses(report: dict) -> list[str]:
    """Each audit that cost points, as 'category: audit-id (score)'."""
    lines = []
    for name in CATEGORIES:
        category = report["categories"][name]
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            score = audit.get("score")
            if ref.get("weight", 0) > 0 and score is not None and score < 1:
                value = f", {audit['displayValue']}" if audit.get("displayValue") else ""
                lines.append(f"{SHORT[name]}: {ref['id']} ({score:.2f}{value})")
    return lines


def find_lighthouse(given: str | None) -> list[str]:
    if given:
        return [given]
    if shutil.which("lighthouse"):
        return ["lighthouse"]
    if shutil.which("npx"):
        return ["npx", "--yes", "lighthouse"]
    raise SystemExit("no lighthouse: give --lighthouse PATH (npm install --prefix DIR lighthouse)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=PROJECT / "content")
    parser.add_argument("--site", type=Path, help="an already built site: no build")
    parser.add_argument("--pages", nargs="+", choices=PAGE_TYPES, default=list(PAGE_TYPES))
    parser.add_argument("--main-language-only", action="store_true",
                        help="leave out the other languages' folders")
    parser.add_argument("--query", default="ammunition", help="for search.html?q=")
    parser.add_argument("--preset", choices=("mobile", "desktop"), default="mobile")
    parser.add_argument("--lighthouse", help="the lighthouse command (default: on PATH, else npx)")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH")
                        or shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--runs", type=int, default=1,
                        help="run each page N times and keep the run of median performance")
    parser.add_argument("--details", action="store_true", help="name the audits that cost points")
    parser.add_argument("--json", type=Path, help="also write every score and loss to this file")
    args = parser.parse_args()
    command = find_lighthouse(args.lighthouse)

    with tempfile.TemporaryDirectory(prefix="claimsite-lighthouse-") as folder:
        root = Path(folder)
        httpd = serve(root)
        base_url = f"http://127.0.0.1:{httpd.server_address[1]}/{SUBPATH}/"
        site = root / SUBPATH
        try:
            if args.site:
                shutil.copytree(args.site, site)
            else:
                build(args.content.resolve(), site, base_url)
            prefixes = [""] if args.main_language_only else languages(site)
            todo = [p for prefix in prefixes for p in pages(site, prefix, args.pages, args.query)]
            width = max(len(label) for label, _ in todo)
            print(f"{'page':<{width}}  " + "  ".join(f"{SHORT[c]:>4}" for c in CATEGORIES)
                  + "  load  path", flush=True)
            results = []
            for label, path in todo:
                load = os.getloadavg()[0]  # the machine's load as the page's runs begin
                reports = sorted((lighthouse(command, args.chrome, base_url + path, args.preset)
                                  for _ in range(max(1, args.runs))),
                                 key=lambda r: r["categories"]["performance"]["score"] or 0)
                report = reports[len(reports) // 2]
                scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
                cells = "  ".join("   -" if s is None else f"{round(s * 100):>4}"
                                  for s in scores.values())
                print(f"{label:<{width}}  {cells}  {load:>4.1f}  {path}", flush=True)
                lost = losses(report)
                if args.details:
                    for line in lost:
                        print(f"{'':<{width}}    {line}", flush=True)
                results.append({"page": label, "path": path, "scores": scores, "losses": lost,
                                "load": round(load, 2),
                                "performance_runs": [r["categories"]["performance"]["score"] for r in reports]})
                browser = report["environment"].get("hostUserAgent", "")
        finally:
            httpd.shutdown()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    chrome = next((word for word in browser.split() if "Chrome/" in word), "Chromium")
    print(f"Lighthouse {report['lighthouseVersion']}, {chrome}, {args.preset}"
          + (f", median of {args.runs} runs" if args.runs > 1 else ""))
    perfect = all(s == 1 for r in results for s in r["scores"].values())
    print("all 100" if perfect else "below 100: " + ", ".join(
        r["page"] for r in results if any(s != 1 for s in r["scores"].values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
