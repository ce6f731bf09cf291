"""Seeing a run: progress on a terminal or in a log, the flow run's log in Prefect, `watch`'s line."""

from __future__ import annotations

import io
import logging
import time

from docclean.flows.ingest import progress
from docclean.flows.ingest.inbox import FileEntry
from docclean.flows.ingest.shard import FileStatus, Manifest
from docclean.flows.ingest.summary import RunSummary, read_records, shard_lines
from docclean.flows.lake.store import Lake
from docclean.flows.service import prefect_env
from tests.conftest import put
from tests.test_flow import run


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_and_a_pipe_gets_plain_lines_with_rate_and_eta():
    assert isinstance(progress.for_stream(Terminal()), progress.Bar)
    piped = io.StringIO()
    shown = progress.for_stream(piped, every=3600)
    assert type(shown) is progress.Progress
    shown.start(10_000, 100 * 2**20)
    shown.advance(2_500, 25 * 2**20)
    line = shown.line()
    assert line.startswith("progress: 2,500/10,000 files cleaned (25%), 25.0/100.0 MB, ")
    assert "MB/s, ETA " in line and "ETA unknown" not in line
    shown.close()
    lines = piped.getvalue().splitlines()
    assert lines[0] == "cleaning 10,000 file(s), 100.0 MB"
    assert lines[-1].startswith("progress: 2,500/10,000 files cleaned (25%)")  # the last word, at the end


def test_the_bar_counts_files_on_a_terminal():
    term = Terminal()
    bar = progress.for_stream(term)
    bar.phase("starting Prefect server…")
    bar.start(4, 2**20)
    bar.advance(3, 2**19)
    bar.close()
    out = term.getvalue()
    assert "starting Prefect server…" in out and "3/4 files" in out and "ETA" in out


def _status(path: str, status: str, error: str | None = None) -> FileStatus:
    return FileStatus(FileEntry(path, 1, 1), path, "0" * 64, status, error, int(status == "ok"), 0)


def test_a_shards_log_lines_say_what_its_files_became_and_why():
    manifest = Manifest(
        "b1",
        rows={"reports": 3, "suspects": 2},
        files=(
            _status("a.txt", "ok"),
            _status("b.doc", "unsupported", "Word 97-2003: save it as .docx"),
            _status("c.pdf", "quarantined", "PdfError: truncated"),
        ),
        removals_by_category={"advert": 4},
    )
    head, *files = shard_lines(manifest, 2, 5)
    assert head == (
        "shard 2/5 (batch b1): 3 file(s) read (1 ok, 1 unsupported, 1 quarantined), 0 unchanged, "
        "0 deferred; 3 reports, 4 removals, 2 suspects"
    )
    assert files == [
        "unsupported: b.doc: Word 97-2003: save it as .docx",
        "quarantined: c.pdf: PdfError: truncated",
    ]


def test_watch_says_what_the_new_files_became():
    summary = RunSummary(lake="x", new=6, reports=1)
    summary.statuses.update({"ok": 1, "unsupported": 5})
    assert summary.brief().startswith("6 new (1 ok, 5 unsupported), 0 skipped, 0 deferred, 1 reports")


def test_prefects_note_about_flushing_its_events_is_not_shown(caplog):
    prefect_env.quiet_notes()
    with caplog.at_level(logging.WARNING, logger="EventsWorker"):
        logging.getLogger("EventsWorker").warning("Still processing items: 8 items remaining...")
        logging.getLogger("EventsWorker").warning("something else")
    assert [r.getMessage() for r in caplog.records] == ["something else"]


def test_the_flow_run_log_shows_each_shard_and_each_refused_file(harness, tmp_path):
    from prefect import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    inbox = tmp_path / "inbox"
    put(
        inbox,
        "a.txt",
        "某某局2023年工作总结\n今年以来，我们认真贯彻落实上级决策部署，各项工作取得明显成效。\n".encode(),
    )
    put(inbox, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    run(inbox, tmp_path)
    [record] = read_records(Lake.at(tmp_path / "lake"))
    for handler in logging.getLogger("prefect.flow_runs").handlers:
        handler.flush()  # Prefect's API handler: send what it holds
    messages: list[str] = []
    with get_client(sync_client=True) as client:
        for _ in range(300):  # the handler sends its batch in the background
            logs = client.read_logs(
                LogFilter(flow_run_id=LogFilterFlowRunId(any_=[record["run_id"]])), limit=200, offset=0
            )
            messages = [log.message for log in logs]
            if any("docclean run summary" in m for m in messages):
                break
            time.sleep(0.1)
    assert any(
        m.startswith("shard 1/1 (batch ") and "2 file(s) read (1 ok, 1 unsupported)" in m for m in messages
    )
    assert any(m.startswith("unsupported: old.doc: ") for m in messages)
    assert any("docclean run summary" in m and "reports written: 1" in m for m in messages)
