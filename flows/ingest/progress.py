"""How a run shows itself while it works: start-up phases, then files cleaned, MB/s and an ETA.

On a terminal, a live rich progress bar; anywhere else (cron, `serve`, `watch`, a pipe into a log file),
one plain line every `every` seconds, so a log shows a long run moving without a line per file. Files
count when their shard is committed (cleaned, written and visible in the lake); the ETA comes from the
bytes committed so far.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import TaskID

PLAIN_EVERY = 30.0  # seconds between plain progress lines


def _eta(seconds: float) -> str:
    seconds = int(seconds)
    return (
        f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
        if seconds >= 3600
        else f"{seconds // 60}m{seconds % 60:02d}s"
    )


class Progress:
    """Plain lines: `progress: 1,200/10,000 files cleaned (12%), 45.1/380.0 MB, 3.2 MB/s, ETA 1m45s`."""

    def __init__(self, stream: TextIO | None = None, every: float = PLAIN_EVERY) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.files = self.files_total = 0
        self.bytes = self.bytes_total = 0
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def phase(self, text: str) -> None:
        """A start-up step the user would otherwise wait through in silence."""
        print(text, file=self.stream, flush=True)

    def start(self, files: int, size: int) -> None:
        self.files_total, self.bytes_total, self.started = files, size, time.monotonic()
        if files:
            self.phase(f"cleaning {files:,} file(s), {size / 2**20:,.1f} MB")
            self._ticker = threading.Thread(target=self._tick, name="docclean-progress", daemon=True)
            self._ticker.start()

    def advance(self, files: int, size: int) -> None:
        self.files += files
        self.bytes += size

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.bytes / elapsed
        share = self.bytes / self.bytes_total if self.bytes_total else 1.0
        eta = f"ETA {_eta((self.bytes_total - self.bytes) / rate)}" if rate > 0 else "ETA unknown"
        return (
            f"progress: {self.files:,}/{self.files_total:,} files cleaned ({share:.0%}), "
            f"{self.bytes / 2**20:,.1f}/{self.bytes_total / 2**20:,.1f} MB, {rate / 2**20:.2f} MB/s, {eta}"
        )

    def _tick(self) -> None:
        while not self._stop.wait(self.every):
            print(self.line(), file=self.stream, flush=True)

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            print(self.line(), file=self.stream, flush=True)


class Bar(Progress):
    """A live rich progress bar on a terminal: files cleaned, MB/s, elapsed and ETA."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream)
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )
        from rich.progress import Progress as RichProgress

        self.console = Console(file=self.stream)
        self.bar = RichProgress(
            TextColumn("[bold]cleaning"),
            BarColumn(),
            TextColumn("{task.fields[files]:,}/{task.fields[files_total]:,} files"),
            TransferSpeedColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            transient=False,
        )
        self.task: TaskID | None = None

    def phase(self, text: str) -> None:
        self.console.print(f"[dim]{text}[/dim]", highlight=False)

    def start(self, files: int, size: int) -> None:
        self.files_total, self.bytes_total = files, size
        if files:
            self.bar.start()
            self.task = self.bar.add_task("clean", total=size or 1, files=0, files_total=files)

    def advance(self, files: int, size: int) -> None:
        super().advance(files, size)
        if self.task is not None:
            self.bar.update(self.task, advance=size, files=self.files)

    def close(self) -> None:
        if self.task is not None:
            self.bar.stop()


def for_stream(stream: TextIO | None = None, every: float = PLAIN_EVERY) -> Progress:
    """A bar on a terminal, plain lines anywhere else."""
    stream = stream or sys.stderr
    return Bar(stream) if stream.isatty() else Progress(stream, every)
