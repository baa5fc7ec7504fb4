"""Where a save's time goes in `serve`: each build's steps (Result.timings), in one process.

    python3 benchmarks/serve_steps.py --articles 10000 [--no-search] [--saves 6]
    python3 benchmarks/serve_steps.py --content C/content --seed C/_site --no-search
        # content made before (generate.py), and the site `build.py build` made of it: the
        # first build starts from it, as serve does from _site/

Runs serve's own Preview (the warm builds, the preview updated in place, the pages first,
then the data files and search index) without the HTTP server or the watcher: each save
appends a sentence to one article and calls Preview.rebuild() as the watcher would. Prints,
per save, the steps of the pages-first build (what the browser waits for) and of the build
that follows it (the data files and search index), and the medians: each step's wall time
and this process's CPU time (on a busy machine the CPU time is the steadier figure; the
render workers' is not in it), and the collector's pauses by generation (gc2: full
collections, which walk every object of the process). The watcher's settle
wait (watchfiles: `step` 50 ms, at most `debounce` 200 ms) and the browser's reload are not
in these figures; benchmarks/serve.py times a save end to end.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(PROJECT / "src"))

from generate import generate  # noqa: E402

from claimsite import pipeline, serve as serve_module  # noqa: E402

STEPS = ("fingerprint", "load", "index", "plan", "render", "search", "swap")


class _CpuStopwatch(pipeline._Stopwatch):
    """The pipeline's stopwatch, also adding each step's CPU time (this process's threads,
    not the render workers') as timings["<step> cpu"]: on a shared machine, the CPU time is
    the figure a busy neighbour moves least."""

    def __call__(self, name: str):
        wall = super().__call__(name)
        timings = self.timings

        class _Both:
            def __enter__(self):
                self.cpu = time.process_time()
                return wall.__enter__()

            def __exit__(self, *exc):
                timings[name + " cpu"] = timings.get(name + " cpu", 0.0) + time.process_time() - self.cpu
                return wall.__exit__(*exc)

        return _Both()


pipeline._Stopwatch = _CpuStopwatch

# The collector's pauses, by generation: (count, seconds), added up until read.
GC = {0: [0, 0.0], 1: [0, 0.0], 2: [0, 0.0]}
_gc_started = [0.0]


def _gc_watch(phase: str, info: dict) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    else:
        GC[info["generation"]][0] += 1
        GC[info["generation"]][1] += time.perf_counter() - _gc_started[0]


def _gc_taken() -> dict:
    taken = {f"gc{g} s": GC[g][1] for g in GC} | {f"gc{g} n": GC[g][0] for g in GC}
    for g in GC:
        GC[g] = [0, 0.0]
    return taken


gc.callbacks.append(_gc_watch)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--content", type=Path, help="a content folder made before (else generated)")
    parser.add_argument("--seed", type=Path, help="a site `build.py build` made of the same content, "
                        "to start from (as `serve` does with _site/)")
    parser.add_argument("--saves", type=int, default=6)
    parser.add_argument("--no-search", action="store_true")
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds to wait before each save (e.g. to attach py-spy)")
    args = parser.parse_args()

    builds: list[tuple[float, object]] = []
    original = serve_module.build

    def timed_build(*a, **k):
        started, cpu = time.perf_counter(), time.process_time()
        result = original(*a, **k)
        result.timings["cpu"] = time.process_time() - cpu
        result.timings.update(_gc_taken())
        builds.append((time.perf_counter() - started, result, k["keeping"].pages_first))
        return result

    serve_module.build = timed_build

    with tempfile.TemporaryDirectory(prefix="claimsite-steps-", dir="/dev/shm") as folder:
        content = args.content
        if content is None:
            content = Path(folder) / "content"
            generate(args.articles, content)
        preview = serve_module.Preview(content, PROJECT / "templates", not args.no_search,
                                       log=lambda *a, **k: None, seed=args.seed)
        try:
            started = time.perf_counter()
            preview.rebuild()
            print(f"first build {time.perf_counter() - started:.1f} s (pid {os.getpid()})", flush=True)
            preview.compile_templates()
            builds.clear()
            article = sorted((content / "articles").glob("*.md"))[len(list((content / "articles").glob("*.md"))) // 2]
            rows = []
            for number in range(args.saves):
                time.sleep(args.pause)
                with open(article, "a", encoding="utf-8") as file:
                    file.write(f"\nThe editors added benchmarkword{number}x{time.time_ns()} here.\n")
                builds.clear()
                _gc_taken()
                started = time.perf_counter()
                preview.rebuild()
                total = time.perf_counter() - started
                first = builds[0]
                second = builds[1] if len(builds) > 1 else None
                row = {"pages build": first[0], "1:cpu": first[1].timings["cpu"],
                       **{f"1:{s}": first[1].timings.get(s, 0.0) for s in STEPS},
                       **{f"1:{s} cpu": first[1].timings.get(s + " cpu", 0.0) for s in STEPS},
                       "1:rendered": first[1].rendered,
                       **{f"1:{g}": first[1].timings[g] for g in ("gc0 s", "gc1 s", "gc2 s", "gc2 n")},
                       "second build": second[0] if second else 0.0,
                       "2:cpu": second[1].timings["cpu"] if second else 0.0,
                       **{f"2:{g}": second[1].timings[g] if second else 0.0
                          for g in ("gc0 s", "gc1 s", "gc2 s", "gc2 n")},
                       **{f"2:{s}": (second[1].timings.get(s, 0.0) if second else 0.0) for s in STEPS},
                       "rebuild total": total}
                rows.append(row)
                print(f"save {number}: pages {first[0]:.2f} s (" + ", ".join(
                    f"{s} {first[1].timings[s]:.2f}/{first[1].timings[s + ' cpu']:.2f}"
                    for s in STEPS if s in first[1].timings)
                    + f"; {first[1].rendered} rendered; gc2 {first[1].timings['gc2 n']}x "
                      f"{first[1].timings['gc2 s']:.2f} s); then "
                    + (f"{second[0]:.2f} s (" + ", ".join(f"{s} {second[1].timings.get(s, 0):.2f}"
                                                        for s in STEPS if s in second[1].timings) + ")"
                       if second else "nothing") + f"; rebuild() {total:.2f} s", flush=True)
        finally:
            preview.stop()
    print("medians (s; 'cpu': this process's CPU time; steps as wall/cpu above):")
    for key in rows[0]:
        print(f"  {key:18} {statistics.median(r[key] for r in rows):8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
