"""How long `serve` takes to show a save: from writing an article file to its new text
being served, as an editor's browser sees it.

    python3 benchmarks/serve.py                  # 4,000 generated articles, with search
    python3 benchmarks/serve.py --articles 1000 --no-search --saves 10

It generates N articles with `generate.py` into a temporary folder, starts
`build.py serve` on them, and listens to the preview's event stream, as the reload script in
every page does. Each save appends a sentence with a new word to one article; the time runs
from the write until the event announcing the rebuild arrives and the article's page,
fetched at once, holds the word. That includes the file watcher's wait for the save to
settle (50 ms), the rebuild and the server's answer; not the browser's drawing.

serve shows the pages first and makes the data files and search index just after; the
second figure is each save's time until those are done too (from serve's log, `-v`). Each
save waits for the server to be idle first, as an editor's next save after some typing
would; a save made while the last one's search index is being made waits for it.
"""

from __future__ import annotations

import argparse
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from generate import generate  # noqa: E402  (a script beside this one)

PROJECT = BENCH_DIR.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--saves", type=int, default=8)
    parser.add_argument("--no-search", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="claimsite-serve-bench-", dir=_tmpfs()) as folder:
        content = Path(folder) / "content"
        generate(args.articles, content)
        command = [sys.executable, str(PROJECT / "build.py"), "--content", str(content),
                   "--templates", str(PROJECT / "templates"), "serve", "--port", "0", "-v"]
        command += ["--no-search"] if args.no_search else []
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True)
        try:
            started = time.perf_counter()
            url = _wait_for_url(server)
            print(f"{args.articles:,} articles, search {'off' if args.no_search else 'on'}: "
                  f"first build and serving in {time.perf_counter() - started:.1f} s")
            idle = _idle_watch(server)
            times, whole = _saves(url, content, args.saves, idle)
        finally:
            server.terminate()
            server.wait(timeout=30)
    for what, seconds in (("save to served page", times), ("save to all done", whole)):
        print(f"{what} (s): " + " ".join(f"{t:.2f}" for t in seconds))
        print(f"  median {statistics.median(seconds):.2f} s, best {min(seconds):.2f} s, "
              f"worst {max(seconds):.2f} s")
    return 0


def _idle_watch(server: subprocess.Popen) -> queue.Queue:
    """Each time serve's log says a rebuild is done (the pages, and what comes after)."""
    done: queue.Queue[float] = queue.Queue()

    def read() -> None:
        for line in server.stdout:
            if line.startswith("rebuilt in "):
                done.put(time.perf_counter())

    threading.Thread(target=read, daemon=True).start()
    return done


def _tmpfs() -> str | None:
    return "/dev/shm" if Path("/dev/shm").is_dir() else None


def _wait_for_url(server: subprocess.Popen) -> str:
    for line in server.stdout:
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if found:
            return found[0]
    raise SystemExit("serve stopped before serving")


def _saves(url: str, content: Path, count: int, idle: queue.Queue) -> tuple[list, list]:
    events: queue.Queue[str] = queue.Queue()

    def listen() -> None:
        with urllib.request.urlopen(url + "__claimsite/events", timeout=600) as stream:
            for raw in stream:
                if raw.startswith(b"data:"):
                    events.put(raw.decode().split()[1])

    threading.Thread(target=listen, daemon=True).start()
    events.get(timeout=60)  # the current build's number, sent on connecting
    articles = sorted((content / "articles").glob("*.md"))
    article = articles[len(articles) // 2]
    page = url + f"articles/{article.stem}.html"
    times, whole = [], []
    for number in range(count):
        word = f"benchmarkword{number}x{time.time_ns()}"
        time.sleep(0.5)  # the server idle (below), and the watcher settled
        began = time.perf_counter()
        with open(article, "a", encoding="utf-8") as file:
            file.write(f"\nThe editors added {word} here.\n")
        while True:
            events.get(timeout=120)
            with urllib.request.urlopen(page, timeout=30) as response:
                if word in response.read().decode("utf-8"):
                    break
        times.append(time.perf_counter() - began)
        whole.append(idle.get(timeout=300) - began)
    return times, whole


if __name__ == "__main__":
    sys.exit(main())
