"""End-to-end measurements: `docclean run` and the peer as subprocesses, wall time and peak memory.

Memory is sampled with psutil every 50 ms over the child and all its descendants: the peak of the
summed RSS (an upper bound: pages shared between processes count once per process) and the peak of
the largest single process (a lower bound). The kernel's ru_maxrss is not used: a child forked from
this process starts with this process's high-water mark, which holds the whole corpus and jieba.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DOCCLEAN = BIN / "docclean"
SAMPLE_EVERY = 0.05
PSS_EVERY = 1.0  # seconds between PSS samples (see sample())


@dataclass(frozen=True)
class Run:
    label: str
    seconds: float
    returncode: int
    tree_peak_rss: int  # bytes, peak of the summed RSS of the process tree
    max_single_rss: int  # bytes, peak RSS of the largest single process in it
    stdout: str
    stderr: str
    tree_peak_pss: int = 0  # bytes, peak of the summed PSS (shared pages split between processes)
    tree_cpu_seconds: float = 0.0  # user + system CPU of the whole process tree (each process's last sample)

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def failure(self) -> str:
        tail = "\n".join((self.stderr or self.stdout).strip().splitlines()[-15:])
        return f"{self.label}: exit {self.returncode}\n{textwrap.indent(tail, '    ')}"


def _tree_rss(proc: psutil.Process, cpu: dict[int, float] | None = None) -> tuple[int, int]:
    """(summed RSS, largest RSS) over proc and its descendants right now; `cpu` gets each one's CPU seconds
    so far (CPU is robust to other load on a shared machine, where wall time is not)."""
    sizes = []
    for p in [proc, *proc.children(recursive=True)]:
        try:
            sizes.append(p.memory_info().rss)
            if cpu is not None:
                times = p.cpu_times()
                cpu[p.pid] = max(cpu.get(p.pid, 0.0), times.user + times.system)
        except psutil.Error:  # exited between listing and reading
            pass
    return sum(sizes), max(sizes, default=0)


def _tree_pss(proc: psutil.Process) -> int:
    """Summed PSS over proc and its descendants (reads /proc/*/smaps_rollup: slower, sampled less)."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_full_info().pss
        except (psutil.Error, AttributeError):
            pass
    return total


def measure_process(label: str, cmd: list[str], env: dict[str, str], log_dir: Path) -> Run:
    """Run cmd to completion; output goes to files (a full pipe would stall the child)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / f"{label}.stdout", log_dir / f"{label}.stderr"
    peak_sum = peak_single = peak_pss = 0
    cpu: dict[int, float] = {}
    done = threading.Event()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT)
        proc = psutil.Process(child.pid)

        def sample() -> None:
            nonlocal peak_sum, peak_single, peak_pss
            pss_at = 0.0
            while not done.is_set():
                try:
                    total, single = _tree_rss(proc, cpu)
                    # PSS reads every process's smaps: costly, so at most once a second (at a new RSS peak
                    # or when a second has passed); more often, the sampler itself takes a core
                    now = time.perf_counter()
                    if now - pss_at >= PSS_EVERY and (total >= peak_sum or now - pss_at >= 2 * PSS_EVERY):
                        peak_pss, pss_at = max(peak_pss, _tree_pss(proc)), now
                except psutil.Error:
                    return
                peak_sum, peak_single = max(peak_sum, total), max(peak_single, single)
                done.wait(SAMPLE_EVERY)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        returncode = child.wait()
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
    read = lambda p: p.read_text("utf-8", errors="replace")  # noqa: E731
    return Run(
        label,
        seconds,
        returncode,
        peak_sum,
        peak_single,
        read(out_path),
        read(err_path),
        peak_pss,
        sum(cpu.values()),
    )


def docclean_env() -> dict[str, str]:
    """The environment `docclean` would give itself (prefect_env fills only what is unset)."""
    env = dict(os.environ)
    try:
        from docclean.flows.service import prefect_env
    except ImportError:
        return env
    prefect_env.apply(env)
    return env


def run_command_available() -> tuple[bool, str]:
    """Is there a `docclean run` yet? (help text returned too, to see which options it takes)."""
    if not DOCCLEAN.exists():
        return False, f"{DOCCLEAN} not found"
    proc = subprocess.run([str(DOCCLEAN), "run", "--help"], capture_output=True, text=True, cwd=ROOT)
    return proc.returncode == 0, proc.stdout + proc.stderr


def docclean_run(label: str, inbox: Path, lake: Path, workers: int, tokens: bool, log_dir: Path) -> Run:
    cmd = [str(DOCCLEAN), "run", "--inbox", str(inbox), "--lake", str(lake), "--workers", str(workers)]
    if not tokens:
        cmd.append("--no-tokens")
    return measure_process(label, cmd, docclean_env(), log_dir)


FLOW_RUN = re.compile(r"waited ([0-9.]+) s for the Prefect server, flow run ([0-9.]+) s")


def flow_seconds(run: Run) -> float | None:
    """The flow run's duration as `docclean run` prints it (its call, after Prefect's server is up)."""
    found = FLOW_RUN.findall(run.stdout)
    return float(found[-1][1]) if found else None


def server_seconds(run: Run) -> float | None:
    """The wait for the Prefect server as `docclean run` prints it (before the flow)."""
    found = FLOW_RUN.findall(run.stdout)
    return float(found[-1][0]) if found else None


def run_record(lake: Path) -> dict | None:
    """The newest run record the run wrote in the lake (flows/runs.py), if any."""
    records = sorted((lake / "_runs").glob("*.json"))
    return json.loads(records[-1].read_text(encoding="utf-8")) if records else None


def copy_inbox(corpus: Path, dest: Path) -> Path:
    """A private copy per configuration: a run may move or mark what it has taken from its inbox."""
    shutil.copytree(corpus, dest)
    return dest


TRIVIAL_FLOW = """
import time
t0 = time.perf_counter()
from prefect import flow
t1 = time.perf_counter()

@flow
def trivial() -> int:
    return 1

if {run}:
    trivial()
print({{"import": t1 - t0, "flow": time.perf_counter() - t1}})
"""


@dataclass(frozen=True)
class PrefectStart:
    import_seconds: float  # python + `import prefect`, in a fresh process
    cold_seconds: float  # server start + one trivial flow, new (empty) PREFECT_HOME: database created
    warm_seconds: float  # the same again on that home: what a docclean run pays every time
    error: str = ""


def _trivial(run: bool, env: dict[str, str], log_dir: Path, label: str) -> Run:
    code = TRIVIAL_FLOW.format(run=run)
    return measure_process(label, [sys.executable, "-c", code], env, log_dir)


def prefect_start(home: Path, log_dir: Path) -> PrefectStart:
    """Time the embedded server's start on its own: a trivial @flow in fresh processes, same settings."""
    env = docclean_env()
    env["PREFECT_HOME"] = str(home)  # a private home: the bench must not add runs to the project's one
    runs = [
        _trivial(False, env, log_dir, "prefect-import"),
        _trivial(True, env, log_dir, "prefect-cold"),
        _trivial(True, env, log_dir, "prefect-warm"),
    ]
    bad = [r for r in runs if not r.ok]
    if bad:
        return PrefectStart(0.0, 0.0, 0.0, bad[0].failure())
    imp, cold, warm = (r.seconds for r in runs)
    return PrefectStart(imp, cold - imp, warm - imp)


@dataclass(frozen=True)
class PeerRun:
    run: Run
    seconds: float  # the executor's own wall (inside the process), without interpreter start


def peer_run(inbox: Path, out: Path, workers: int, log_dir: Path) -> PeerRun:
    script = Path(__file__).with_name("peer_datatrove.py")
    cmd = [sys.executable, str(script), str(inbox), str(out), "--workers", str(workers)]
    run = measure_process("peer-datatrove", cmd, dict(os.environ), log_dir)
    figures = json.loads(run.stdout.strip().splitlines()[-1]) if run.ok and run.stdout.strip() else {}
    return PeerRun(run, float(figures.get("seconds", run.seconds)))


@dataclass(frozen=True)
class PlainRun:
    """bench/plain_run.py: the shard code in N forked processes, no Prefect (the plain floor)."""

    run: Run
    workers: int
    tokens: bool
    work_seconds: float  # wall of the shards' work, after imports and table loads
    stages: dict[str, float]  # CPU seconds per stage, summed over the workers

    @property
    def ok(self) -> bool:
        return self.run.ok


def plain_run(inbox: Path, lake: Path, workers: int, tokens: bool, log_dir: Path, label: str) -> PlainRun:
    script = Path(__file__).with_name("plain_run.py")
    cmd = [sys.executable, str(script), str(inbox), str(lake), "--workers", str(workers), "--stages"]
    if not tokens:
        cmd.append("--no-tokens")
    run = measure_process(label, cmd, dict(os.environ), log_dir)
    figures = json.loads(run.stdout.strip().splitlines()[-1]) if run.ok and run.stdout.strip() else {}
    return PlainRun(run, workers, tokens, float(figures.get("wall", 0.0)), figures.get("stages", {}))
