"""parallel.py: every process's share of the jobs, this process's included."""

from __future__ import annotations

import os
import signal

import pytest

from claimsite import parallel
from claimsite.errors import OutputError

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

# Processes sharing the jobs, this one included: given, so the tests mean the same on any
# number of cores. Enough jobs that they are worth forking for.
WORKERS = 3
JOBS = max(1000, parallel.PARALLEL_FROM)


@pytest.fixture(autouse=True)
def deadline():
    """A job or worker that never ends would hang the suite: end the test instead."""
    def expired(*_):
        raise TimeoutError("parallel.run did not finish")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_every_result_comes_back_in_order_from_every_process():
    # ~200 bytes a result: each worker sends far more than a pipe holds while this process
    # does its own share.
    jobs = list(range(3 * JOBS))
    ticks = []
    results = parallel.run(lambda job: [job, os.getpid(), "x" * 200], jobs, ticks.append,
                           workers=WORKERS)
    assert [job for job, _, _ in results] == jobs and sum(ticks) == len(jobs)
    done_by = {pid for _, pid, _ in results}
    assert os.getpid() in done_by and len(done_by) == WORKERS
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every worker waited for


@pytest.mark.parametrize("in_this_process", [True, False], ids=["this process's job", "a worker's job"])
def test_a_failing_job_is_one_message_and_leaves_no_worker(in_this_process):
    this_process = os.getpid()

    def job(number):
        if (os.getpid() == this_process) == in_this_process:  # where it runs, not which it is
            raise ValueError("a bad record")
        return number

    with pytest.raises(OutputError, match="^ValueError: a bad record$"):
        parallel.run(job, list(range(JOBS)), workers=WORKERS)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_failure_while_collecting_leaves_no_worker():
    """Whatever stops this process midway (here its progress display; ^C alike) stops the
    workers too: none goes on writing into a staging folder that is being removed."""
    def tick(count):
        raise RuntimeError("the terminal went away")

    with pytest.raises(RuntimeError, match="terminal"):
        parallel.run(lambda job: job, list(range(JOBS)), tick, workers=WORKERS)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
