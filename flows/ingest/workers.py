"""Worker processes on this machine: forked from a server process that loaded the tables once.

A shard runs in a process of a `ProcessPoolExecutor` whose processes come from multiprocessing's
*forkserver*: a clean, single-threaded process that imports the worker's code, the format readers and
the detectors' dictionary (preload_tables) and, for a run with tokens, the tokenizer's dictionaries
(preload_tokens: ≈1.5 s, ≈150 MB) before it forks any worker. So the tables
are loaded once per run, not once per worker, and the workers share their pages. (The flow's own
process runs Prefect's threads: forking it directly could deadlock.) `docclean run` starts the
forkserver early (`start_early`), so that it loads while Prefect starts.

Workers die with the run, even after `kill -9`: each watches the run's process (a pidfd, or polling
where there is none) and exits when it is gone. (Their parent is the forkserver, which itself waits for
every process that could still ask it for a child, workers included, so neither would notice alone.)
The forkserver and multiprocessing's resource tracker then see their last client go and exit too.
No Prefect here.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import select
import threading
import time
from concurrent.futures import ProcessPoolExecutor

POOL_MIN_BYTES = 2 * 2**20  # below ≈2 MiB of new files, the flow's own process cleans them
_started: list[bool] = []  # the tokens setting the forkserver was started with, if it was


def _preload(tokens: bool) -> list[str]:
    """Modules the forkserver imports before forking workers. `__main__` too: a worker then does not
    import the `docclean` script (and the whole CLI) again, as spawned processes would."""
    modules = ["__main__", "docclean.flows.ingest.shard"]
    return modules + [
        "docclean.flows.ingest.preload_tokens" if tokens else "docclean.flows.ingest.preload_tables"
    ]


def start_early(tokens: bool) -> None:
    """Start the forkserver now, without waiting for it: its imports and tables load in the background.
    The first run's setting sticks for the life of this process (one forkserver per process)."""
    if _started:
        return
    _started.append(tokens)
    multiprocessing.set_forkserver_preload(_preload(tokens))
    multiprocessing.forkserver.ensure_running()


def die_with(run_pid: int) -> None:
    """Worker initializer: exit at once when the run's process `run_pid` is gone."""
    try:
        handle = os.pidfd_open(run_pid)
    except ProcessLookupError:  # it died before this worker started
        os._exit(1)
    except (AttributeError, OSError):  # no pidfd here: poll instead
        handle = -1

    def wait_for_exit() -> None:
        if handle >= 0:
            select.select([handle], [], [])
        else:
            while os.getppid() != 1 and _alive(run_pid):
                time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=wait_for_exit, name="die-with-run", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worth_a_pool(new_bytes: int, new_files: int, processes: int) -> bool:
    """Even one worker process is worth it for a big job of several files: the flow's thread then
    commits a shard while that process cleans the next, instead of sharing one interpreter lock with it.
    One file is one shard, with nothing to overlap: a pool would only add a forkserver and a worker, each
    holding the same tables (the process tree's memory for a 64 MiB file, README: Scaling out)."""
    return processes >= 1 and new_files > 1 and new_bytes >= POOL_MIN_BYTES


def pool(processes: int, tokens: bool) -> ProcessPoolExecutor:
    """Worker processes forked from the forkserver (started now unless `start_early` did it)."""
    start_early(tokens)
    context = multiprocessing.get_context("forkserver")
    return ProcessPoolExecutor(processes, mp_context=context, initializer=die_with, initargs=(os.getpid(),))
