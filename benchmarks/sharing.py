"""What sharing costs a cold build (#25): share images, cards, their tags, in interleaved runs.

    python3 benchmarks/sharing.py --articles 1000 --rounds 5 --before /tmp/claimsite-before

Builds the same generated content (generate.py) from nothing (no output, no cache) in
several ways, one after the other in each round, in a new order each round so that the
machine's drift is shared out:

    before      the code in --before (a checkout from before sharing), with a base_url
    no-images   this code, with a base_url and `share_images: false`: descriptions, share
                tags, a card and an oEmbed file per claim
    images      this code, with a base_url (and `share_images: true`, the default): all
                that and a share image per claim
    plain       this code without a base_url (descriptions only; --before's without one too
                as before-plain)

Prints each run's wall-clock and CPU seconds (the build's processes, user and system),
then the median of each and its ratio to `before` (and plain to before-plain). On a
machine shared with other work the CPU seconds are the steadier figure. Without --before,
only this code's ways are run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODE = HERE.parent
sys.path.insert(0, str(HERE))

BASE_URL = "https://example.org/tracker/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", type=Path, help="a checkout of the code to compare with")
    args = parser.parse_args()
    import generate

    root = Path(tempfile.mkdtemp(prefix="claimsite-sharing-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    try:
        contents = {}
        for name, lines in {"url": [f"base_url: {BASE_URL}", "share_images: true"],
                            "url-no-images": [f"base_url: {BASE_URL}", "share_images: false"],
                            "plain": []}.items():
            content = root / name / "content"
            generate.generate(args.articles, content)
            with open(content / "site.yaml", "a", encoding="utf-8") as file:
                file.write("".join(line + "\n" for line in lines))
            contents[name] = content
        ways = {"images": (CODE, "url"), "no-images": (CODE, "url-no-images"), "plain": (CODE, "plain")}
        if args.before:
            ways |= {"before": (args.before.resolve(), "url"), "before-plain": (args.before.resolve(), "plain")}
        times: dict[str, list[float]] = {name: [] for name in ways}
        cpu: dict[str, list[float]] = {name: [] for name in ways}
        for number in range(args.rounds):
            order = list(ways)
            order = order[number % len(order):] + order[:number % len(order)]  # a new order each round
            for name in order:
                code, content = ways[name]
                seconds, cpu_seconds = cold_build(code, contents[content], root / f"out-{name}")
                times[name].append(seconds)
                cpu[name].append(cpu_seconds)
                print(f"round {number + 1} {name:13} {seconds:6.2f} s  CPU {cpu_seconds:6.2f} s", flush=True)
        print()
        for label, found in (("wall", times), ("CPU", cpu)):
            medians = {name: statistics.median(values) for name, values in found.items()}
            for name, median in medians.items():
                against = "before-plain" if name.endswith("plain") else "before"
                ratio = f"  {median / medians[against]:.3f}x {against}" \
                    if against in medians and name != against else ""
                print(f"{label:4} {name:13} median {median:6.2f} s{ratio}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def cold_build(code: Path, content: Path, out: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one build from nothing: no output folder, no cache."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(content.parent / ".claimsite-cache", ignore_errors=True)
    command = [sys.executable, str(code / "build.py"), "build", "--quiet", "--no-search",
               "--content", str(content), "--out", str(out), "--templates", str(code / "templates")]
    # (that code's package first, whatever else PYTHONPATH names after it)
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(code / "src"), os.environ.get("PYTHONPATH", "")])))
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=content.parent, env=environment)
    seconds = time.perf_counter() - started
    now = resource.getrusage(resource.RUSAGE_CHILDREN)  # (the render workers are waited for)
    return seconds, now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime


if __name__ == "__main__":
    main()
