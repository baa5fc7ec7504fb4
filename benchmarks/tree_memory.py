"""Run a command and report its wall time, CPU time and the peak memory of its whole process
tree (the command and every process it starts, render workers and Pagefind included).

    python3 benchmarks/tree_memory.py [--every 0.2] [--json FILE] -- COMMAND ARG...
    python3 benchmarks/tree_memory.py -- python3 build.py build --no-search --content C --out O

Every `--every` seconds it sums over the tree, read from /proc:
  PSS  proportional set size (/proc/PID/smaps_rollup): a page shared by n processes (a
       forked worker's copy-on-write pages, shared libraries) counts 1/n in each, so the sum
       is the memory the tree really holds;
  RSS  resident set size (/proc/PID/status VmRSS): shared pages counted in every process,
       an upper bound.
and reports the peak of each sum, the peak number of processes, and the largest single RSS
(wait4's ru_maxrss). CPU time is user + system of the command and the children it waited
for. The load average is printed before and after: on a shared machine it says how far
to trust the wall time (the CPU time moves less). Linux only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

PSS = re.compile(r"^Pss:\s+(\d+) kB", re.M)
RSS = re.compile(r"^VmRSS:\s+(\d+) kB", re.M)


def descendants(root: int) -> list[int]:
    """`root` and every process below it (children of any of their threads)."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            for task in os.scandir(f"/proc/{pid}/task"):
                with open(f"{task.path}/children") as children:
                    todo += [int(c) for c in children.read().split()]
        except OSError:  # gone meanwhile
            pass
    return found


def tree_memory_kb(root: int) -> tuple[int, int, int]:
    """(summed PSS, summed RSS, number of processes) of the tree under `root`, in kB."""
    pss = rss = count = 0
    for pid in descendants(root):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found_pss, found_rss = PSS.search(rollup), RSS.search(status)
        if found_rss is None:  # a zombie: no memory left
            continue
        pss += int(found_pss[1]) if found_pss else 0
        rss += int(found_rss[1])
        count += 1
    return pss, rss, count


def measure(command: list[str], every: float = 0.2, env: dict | None = None,
            cwd: str | None = None, stdout=None, timeline=None) -> dict:
    """Run `command` to its end; its figures (times in s, memory in MB). `timeline`: a file
    each sample is written to as a line `seconds PSS_MB RSS_MB processes`."""
    peak = {"pss": 0, "rss": 0, "processes": 0, "pss_at": 0.0}
    done = threading.Event()
    load_before = os.getloadavg()
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=stdout,
                               stderr=subprocess.STDOUT if stdout else None,
                               stdin=subprocess.DEVNULL)

    def sample() -> None:
        while True:
            pss, rss, count = tree_memory_kb(process.pid)
            if pss > peak["pss"]:
                peak["pss"], peak["pss_at"] = pss, time.perf_counter() - started
            peak["rss"] = max(peak["rss"], rss)
            peak["processes"] = max(peak["processes"], count)
            if timeline is not None:
                timeline.write(f"{time.perf_counter() - started:.2f} {pss / 1024:.1f} "
                               f"{rss / 1024:.1f} {count}\n")
            if done.wait(every):
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return {"command": command, "exit_code": os.waitstatus_to_exitcode(status),
            "wall_s": seconds, "cpu_s": usage.ru_utime + usage.ru_stime,
            "user_s": usage.ru_utime, "system_s": usage.ru_stime,
            "peak_tree_pss_mb": peak["pss"] / 1024, "peak_tree_pss_at_s": peak["pss_at"],
            "peak_tree_rss_mb": peak["rss"] / 1024,
            "largest_process_rss_mb": usage.ru_maxrss / 1024,
            "peak_processes": peak["processes"], "sample_every_s": every,
            "load_before": list(load_before), "load_after": list(os.getloadavg())}


def rounded(figures: dict) -> dict:
    """The figures as printed and written: seconds to 2 decimals, MB to 1, loads to 2."""
    out = dict(figures)
    for name, value in figures.items():
        if name.startswith("load_"):
            out[name] = [round(load, 2) for load in value]
        elif isinstance(value, float):
            out[name] = round(value, 1 if name.endswith(("_mb", "_at_s")) else 2)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=float, default=0.2, help="seconds between samples")
    parser.add_argument("--json", type=Path, help="append the figures to this file, a line each")
    parser.add_argument("--label", default="", help="a name for the run, in the JSON line")
    parser.add_argument("--timeline", type=Path,
                        help="write every sample to this file: seconds, PSS MB, RSS MB, processes")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given (put it after --)")
    if args.timeline:
        with args.timeline.open("w") as timeline:
            figures = measure(command, args.every, timeline=timeline)
    else:
        figures = measure(command, args.every)
    figures = rounded(figures)
    figures["label"] = args.label
    print(f"wall {figures['wall_s']:.2f} s, CPU {figures['cpu_s']:.2f} s, "
          f"peak PSS of all processes {figures['peak_tree_pss_mb']:.0f} MB "
          f"(at {figures['peak_tree_pss_at_s']:.0f} s; summed RSS {figures['peak_tree_rss_mb']:.0f} MB, "
          f"largest process {figures['largest_process_rss_mb']:.0f} MB, "
          f"up to {figures['peak_processes']} processes); load "
          f"{figures['load_before'][0]:.2f} before, {figures['load_after'][0]:.2f} after",
          file=sys.stderr)
    if args.json:
        with args.json.open("a") as file:
            file.write(json.dumps(figures) + "\n")
    return figures["exit_code"]


if __name__ == "__main__":
    sys.exit(main())
