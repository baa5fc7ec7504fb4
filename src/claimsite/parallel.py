"""Run one function over many jobs on every core: this process and forked workers.

A forked worker starts with the parent's memory, so the records, the indexes and the Jinja
environment are shared, never sent; each core takes a share of the jobs of about equal
guessed cost, does the work (a page job writes its page itself), and a worker sends back
only small JSON results through a pipe. This process does a share too, reading what the
workers send between its jobs: a worker soon touches nearly every record (a reference
count is a write), and so ends up with a copy of most of the parent's memory; one worker
fewer is one copy fewer (10,000 articles: ~110 MB). Few light jobs run in this process
alone: forking costs more than it saves for them; a heavy one (a data file of a large site)
runs beside the rest.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import selectors
import signal
from typing import Callable

from .errors import ClaimsiteError, ContentError, ContentErrors, OutputError

PARALLEL_FROM = 400  # fewer jobs than this run faster here than in workers
HEAVY = 0.1  # seconds: a job this long, with as much other work, is worth a fork


def run(function: Callable, jobs: list, tick: Callable[[int], None] = lambda n: None,
        cost: Callable[[object], float] = lambda job: 0.001, workers: int | None = None) -> list:
    """[function(job) for job in jobs], in order; results must be JSON data. `cost` guesses
    a job's seconds: workers get shares of about equal cost, heaviest first. `workers`: how
    many processes share the jobs, this one included (default: one per core, at most 8)."""
    if workers is None:
        workers = min(os.cpu_count() or 1, 8)
    costs = [cost(job) for job in jobs]
    # Worth a fork: many jobs, or a heavy one with enough other work to do beside it.
    heaviest = max(costs, default=0)
    worth_it = len(jobs) >= PARALLEL_FROM or heaviest >= HEAVY and sum(costs) - heaviest >= HEAVY
    if workers < 2 or not worth_it or not hasattr(os, "fork"):
        results = []
        for job in jobs:
            results.append(function(job))
            tick(1)
        return results
    shares = _shares(costs, workers)
    return Started(function, jobs, [share for share in shares[1:] if share]).results(
        tick, own=shares[0])


def _shares(costs: list[float], workers: int) -> list[list[int]]:
    """Job indexes per core: each job, heaviest first, to the least loaded share."""
    shares: list[list[int]] = [[] for _ in range(workers)]
    loads = [0.0] * workers
    for index in sorted(range(len(costs)), key=lambda i: (-costs[i], i)):
        least = loads.index(min(loads))
        shares[least].append(index)
        loads[least] += costs[index]
    return shares


class Started:
    """Workers forked, each doing its share of the jobs; `results` collects what they send
    (and does this process's own share, if any)."""

    def __init__(self, function: Callable, jobs: list, shares: list[list[int]]) -> None:
        self.function, self.jobs = function, jobs
        self.children: dict[int, int] = {}  # pipe -> pid, until the worker is waited for
        self.unread: set[int] = set()  # pipes not yet read to the end
        gc.freeze()  # keep the collector from touching (and so copying) the shared objects
        try:
            for share in shares:
                read, write = os.pipe()
                try:
                    pid = os.fork()
                except OSError:
                    os.close(read)
                    os.close(write)
                    self.stop()  # the workers started so far
                    raise
                if pid == 0:  # the worker
                    os.close(read)
                    _work(function, jobs, share, write)
                os.close(write)
                self.children[read] = pid
                self.unread.add(read)
        finally:
            gc.unfreeze()

    def results(self, tick: Callable[[int], None] = lambda n: None, own: list[int] = ()) -> list:
        """Each job's result, in order, once all are done; the first failure raised, and no
        worker left running after one. This process does the jobs of `own` meanwhile,
        lightest first: the workers' first results (a data file's, the largest) are read
        between its jobs."""
        results: list = [None] * len(self.jobs)
        own = list(own)  # shares list the heaviest first: pop() takes the lightest
        frozen = bool(own)
        if frozen:
            gc.freeze()  # the collector's passes would walk every record again and again
        try:
            self._collect(results, tick, own)
        except BaseException:
            self.stop()
            raise
        finally:
            if frozen:
                gc.unfreeze()
        return results

    def _collect(self, results: list, tick: Callable[[int], None], own: list[int]) -> None:
        children = self.children
        failure = None
        with selectors.DefaultSelector() as selector:
            buffers = {}
            for fd in children:
                selector.register(fd, selectors.EVENT_READ)
                buffers[fd] = b""
            while buffers or own:
                if own:
                    index = own.pop()
                    results[index] = self._do(index)
                    tick(1)
                # Between its own jobs, everything the workers have sent so far (a full pipe
                # stops a worker); once those are done, whatever comes next.
                while buffers:
                    ready = selector.select(timeout=0 if own else None)
                    for key, _ in ready:
                        chunk = os.read(key.fd, 1 << 16)
                        if not chunk:
                            selector.unregister(key.fd)
                            os.close(key.fd)
                            self.unread.discard(key.fd)  # stop() must not close it again
                            del buffers[key.fd]
                            continue
                        *lines, buffers[key.fd] = (buffers[key.fd] + chunk).split(b"\n")
                        for line in lines:
                            index, value = json.loads(line)
                            if index < 0:
                                failure = failure or value
                                own.clear()  # this process stops too
                                for pid in children.values():
                                    _stop(pid)
                            else:
                                results[index] = value
                        tick(sum(1 for line in lines if not line.startswith(b"[-")))
                    if not ready or not own:
                        break
        crashed = [pid for pid in children.values() if os.waitpid(pid, 0)[1] != 0]
        self.children = {}
        if failure:
            raise _error(failure)
        if crashed:
            raise OutputError(f"a worker process ended unexpectedly (pid {crashed[0]})")

    def _do(self, index: int):
        """One of this process's own jobs; a failure reported as a worker would report it."""
        try:
            return self.function(self.jobs[index])
        except ClaimsiteError:
            raise
        except Exception as err:  # noqa: BLE001 - as _work reports it
            raise OutputError(f"{type(err).__name__}: {err}") from err

    def stop(self) -> None:
        """End the workers whose results were not collected (the build failed meanwhile)."""
        for fd in self.unread:
            os.close(fd)
        for pid in self.children.values():
            _stop(pid)
            os.waitpid(pid, 0)
        self.children, self.unread = {}, set()


def _work(function: Callable, jobs: list, share: list[int], write: int) -> None:
    """In a worker: do the jobs of its share, report each result; never returns."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # the parent handles ^C
        signal.signal(signal.SIGTERM, _terminated)  # stopped: clean up (temporary files) first
        _die_with_parent()
        with os.fdopen(write, "w", encoding="utf-8") as out:
            try:
                for index in share:
                    out.write(json.dumps([index, function(jobs[index])]) + "\n")
            except ContentErrors as err:
                out.write(json.dumps([-1, {"content": [[e.path, e.line, e.message] for e in err.errors]}]) + "\n")
            except ClaimsiteError as err:
                out.write(json.dumps([-1, {"output": str(err)}]) + "\n")
            except Exception as err:  # noqa: BLE001 - reported by the parent, with its type
                out.write(json.dumps([-1, {"output": f"{type(err).__name__}: {err}"}]) + "\n")
    except BaseException:  # noqa: BLE001 - a worker must never return into the parent's code
        status = 1
    finally:
        os._exit(status)


def _terminated(*_) -> None:
    raise SystemExit(1)


def _die_with_parent() -> None:
    """On Linux, a worker whose build is killed (kill -9) ends too, instead of writing on."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass


def _error(failure: dict) -> ClaimsiteError:
    if "content" in failure:
        return ContentErrors([ContentError(path, line, message)
                              for path, line, message in failure["content"]])
    return OutputError(failure["output"])
