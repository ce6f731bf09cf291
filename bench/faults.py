"""The long fault campaign (issue 9), as a hostile user would run it. Not a test: `make faults`.

    python bench/faults.py                        # 2,000 files, 20 kills, 320 bad inputs, corruptions, full disk
    python bench/faults.py --files 500 --kills 6 --bad 120      # a shorter one

1. **Kills.** A 2,000-file inbox (bench/make_corpus.py). A reference run writes the lake an uninterrupted
   run writes. Then real `docclean run`s (two worker processes, each run a subprocess) are killed with
   SIGKILL at random moments (within the first KILL_WITHIN seconds: each run redoes what the last one
   left, and the lake grows a few shards per run); after KILLS_PER_ROUND kills a run is let finish, and the lake is compared with the
   reference (same report rows per file, same content_sha256 set, each ledger file once, `check` passes,
   no temporary left), then started again from nothing. After each kill, every process of the killed run
   (workers, forkserver, resource tracker) must be gone within 15 s.
2. **Bad inputs** in an inbox of their own: random bytes, mixed encodings, truncated multibyte text, huge
   lines, deep HTML, odd and non-UTF-8 names, links out of the inbox (to a secret file whose text must
   never reach the lake), links to folders and to nothing, named pipes, empty files, broken zips, PDFs
   and DOCX. One run; each input must be in the ledger or listed as deferred in the run record.
3. **Corrupt lake files.** A data file or the ledger truncated or overwritten: `check` must say so (exit
   1), and the next `run` must repair the lake back to the reference.
4. **A full disk**: a small tmpfs for the lake when this machine lets us mount one (else skipped, with the
   reason): the run must fail with a one-line reason and leave no temporary behind.

Prints the counts: kills survived / tried, duplicates, rows lost, bad inputs accounted / tried, crashes,
reads outside the inbox.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import make_corpus  # noqa: E402  (bench/ is on the path when run as a script)
from processes import alive, command, descendants  # noqa: E402

from docclean.flows.ingest.inbox import display_path  # noqa: E402
from docclean.flows.lake import query  # noqa: E402
from docclean.flows.lake.store import Lake  # noqa: E402
from docclean.flows.service import server  # noqa: E402

DOCCLEAN = Path(sys.executable).parent / "docclean"
RUN_TIMEOUT = 900
KILL_WITHIN = 40.0  # seconds: kills land in start-up, cleaning, writing and the first commits of a run
KILLS_PER_ROUND = 10  # kills on one lake before a run is let finish and the lake compared
SECRET = "绝密外部文件内容请勿读取SECRET-7f3a"  # text of the file outside the inbox that links point at


class Campaign:
    def __init__(self, scratch: Path, api: str) -> None:
        self.scratch, self.api = scratch, api
        self.home = scratch / "home"
        self.home.mkdir(parents=True, exist_ok=True)
        self.counts: Counter[str] = Counter()

    def start(self, args: list[str], **extra: str) -> subprocess.Popen[bytes]:
        env = dict(os.environ) | {"PREFECT_API_URL": self.api, "PREFECT_HOME": str(self.home), **extra}
        log = open(self.home / f"run-{time.monotonic_ns()}.log", "wb")  # noqa: SIM115 (closed below)
        with log:
            return subprocess.Popen([str(DOCCLEAN), *args], env=env, cwd=ROOT, stdout=log, stderr=log)

    def run(self, args: list[str]) -> int:
        process = self.start(args)
        code = process.wait(RUN_TIMEOUT)
        if code not in (
            0,
            1,
        ):  # 1 is a one-line refusal; anything else (a signal, a traceback's 2?) is a crash
            self.counts["crashes"] += 1
            print(f"  crash: docclean {' '.join(args[:1])} exited {code}", flush=True)
        return code


def ingest_args(inbox: Path, lake: Path) -> list[str]:
    return ["run", "--inbox", str(inbox), "--lake", str(lake), "--workers", "2", "--no-tokens"]


def lake_content(lake: Path) -> dict[str, object]:
    con = query.connect(Lake.at(lake))
    rows = lambda sql: query.run_sql(con, sql)[1]  # noqa: E731
    return {
        "reports": rows("SELECT source_path, ordinal, title, text, content_sha256 FROM reports ORDER BY ALL"),
        "files": rows("SELECT source_path, source_sha256, status, report_count FROM files ORDER BY ALL"),
        "duplicates": rows("SELECT source_path FROM all_files GROUP BY 1 HAVING count(*) > 1")
        + rows("SELECT source_path, ordinal FROM reports GROUP BY ALL HAVING count(*) > 1"),
    }


def compare(got: dict[str, object], want: dict[str, object]) -> tuple[int, int]:
    """(duplicates, rows lost) of a lake against the reference."""
    have = set(got["reports"]) | set(got["files"])  # type: ignore[arg-type]
    lost = len((set(want["reports"]) | set(want["files"])) - have)  # type: ignore[arg-type]
    extra = len(have - (set(want["reports"]) | set(want["files"])))  # type: ignore[arg-type]
    return len(got["duplicates"]) + extra, lost  # type: ignore[arg-type]


def leftovers(lake: Path) -> list[Path]:
    return [p for p in lake.rglob("*") if p.name.endswith(".tmp")]


# 1. kills ------------------------------------------------------------------------------------------


def kills(
    c: Campaign, inbox: Path, reference: dict[str, object], wall: float, tries: int, rng: random.Random
):
    round_no, kills_in_round, pending = 0, 0, 0
    lake = c.scratch / "lake-kills-0"
    while c.counts["kills_tried"] < tries:
        process = c.start(ingest_args(inbox, lake))
        delay = rng.uniform(1.0, min(wall, KILL_WITHIN))
        family: set[int] = set()
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and process.poll() is None:
            family |= descendants(process.pid)
            time.sleep(0.05)
        if process.poll() is not None:  # finished before the kill: the round is complete
            kills_in_round = 99
        else:
            family |= descendants(process.pid)
            process.send_signal(signal.SIGKILL)
            process.wait()
            c.counts["kills_tried"] += 1
            pending += 1
            kills_in_round += 1
            end = time.monotonic() + 15
            while time.monotonic() < end and any(alive(p) for p in family):
                time.sleep(0.1)
            slow = {p: command(p) for p in family if alive(p)}
            end = time.monotonic() + 60  # a loaded machine can take a while: late, not yet an orphan
            while time.monotonic() < end and any(alive(p) for p in slow):
                time.sleep(0.5)
            orphans = [p for p in slow if alive(p)]
            c.counts["late_exits"] += len(slow) - len(orphans)
            c.counts["orphans"] += len(orphans)
            for pid in orphans:
                os.kill(pid, signal.SIGKILL)
            said = "".join(f"\n    alive 15 s after the kill: {cmd[:100]}" for cmd in slow.values())
            print(
                f"  kill {c.counts['kills_tried']}: after {delay:.1f} s, orphans {len(orphans)}{said}",
                flush=True,
            )
        if kills_in_round >= KILLS_PER_ROUND or c.counts["kills_tried"] >= tries:
            ok = c.run(ingest_args(inbox, lake)) == 0
            got = lake_content(lake)
            duplicates, lost = compare(got, reference)
            checked = c.run(["check", "--lake", str(lake)]) == 0
            ok = ok and checked and not duplicates and not lost and not leftovers(lake)
            c.counts["duplicates"] += duplicates
            c.counts["rows_lost"] += lost
            c.counts["kills_survived"] += pending if ok else 0
            print(
                f"  round {round_no}: {pending} kill(s), lake {'= reference' if ok else 'DIFFERS'}",
                flush=True,
            )
            round_no, kills_in_round, pending = round_no + 1, 0, 0
            shutil.rmtree(lake)
            lake = c.scratch / f"lake-kills-{round_no}"


# 2. bad inputs -------------------------------------------------------------------------------------


def bad_inputs(inbox: Path, outside: Path, count: int, rng: random.Random) -> list[tuple[bytes, str]]:
    """Write `count` bad inputs under inbox/fuzz/; return (name as bytes, kind) of each."""
    folder = inbox / "fuzz"
    folder.mkdir(parents=True)
    sample = (ROOT / "data" / "samples" / "000_564c457534fa6278.txt").read_text(encoding="utf-8")
    made: list[tuple[bytes, str]] = []
    kinds = [
        "random",
        "mixed",
        "truncated",
        "huge_line",
        "deep_html",
        "odd_name",
        "link_out",
        "link_other",
        "fifo",
        "empty",
        "bad_container",
    ]
    for i in range(count):
        kind = kinds[i % len(kinds)]
        name = f"{i:04d}_{kind}.txt".encode()
        data = b""
        text = sample[rng.randrange(len(sample) // 2) :][: rng.randrange(50, 3000)]
        if kind == "random":
            data = rng.randbytes(rng.choice([1, 7, 50, 100, 1000, 20000]))
        elif kind == "mixed":
            parts = [text.encode(enc, errors="replace") for enc in ("utf-8", "gb18030", "utf-16", "big5")]
            rng.shuffle(parts)
            data = b"".join(parts)
        elif kind == "truncated":
            raw = text.encode(rng.choice(["utf-8", "gb18030", "utf-16-le"]))
            data = raw[: rng.randrange(1, len(raw))]
            data = data[:-1] if len(data) > 2 and rng.random() < 0.5 else data
        elif kind == "huge_line":
            size = rng.choice([64 * 2**10, 512 * 2**10, 2 * 2**20])
            data = (text.replace("\n", "") * (size // max(len(text), 1) + 1)).encode()[:size]
        elif kind == "deep_html":
            depth = rng.choice([1000, 10_000, 100_000])
            name = f"{i:04d}_{kind}.html".encode()
            data = ("<div>" * depth + text + "</div>" * depth).encode()
        elif kind == "odd_name":
            name = rng.choice(
                [
                    f"{i:04d}_bad_\xff\xfe.txt".encode("latin-1"),
                    f"{i:04d}_line\nbreak.txt".encode(),
                    f"{i:04d}_{'长' * 80}.txt".encode(),
                    f"{i:04d}_ -- leading dash and spaces .txt".encode(),
                    f"{i:04d}_gbk_{'报告'.encode('gb18030').decode('latin-1')}.txt".encode("latin-1"),
                    f"{i:04d}_no_suffix".encode(),
                    f"{i:04d}_.hidden.txt".encode(),
                ]
            )
            data = text.encode()
        elif kind == "empty":
            data = b"" if i % 2 else b" \n\t\n"
        elif kind == "bad_container":
            name = f"{i:04d}_{kind}.{rng.choice(['zip', 'docx', 'pdf'])}".encode()
            head = rng.choice([b"PK\x03\x04", b"%PDF-1.7\n", b"PK\x05\x06" + bytes(18)])
            data = head + rng.randbytes(rng.randrange(0, 5000))
        path = folder.joinpath(os.fsdecode(name))
        if kind == "link_out":
            os.symlink(rng.choice([str(outside), "/etc/passwd", "/etc/hostname", str(outside.parent)]), path)
        elif kind == "link_other":
            target = rng.choice(["does-not-exist.txt", "..", str(folder), "loop_a"])
            os.symlink(target, path)
        elif kind == "fifo":
            os.mkfifo(path)
        else:
            path.write_bytes(data)
        made.append((name, kind))
    old = time.time() - 120
    for entry in folder.iterdir():  # settled: nothing is left for a later run because of its age
        os.utime(entry, (old, old), follow_symlinks=False)
    return made


def fuzz(c: Campaign, count: int, rng: random.Random) -> None:
    inbox = c.scratch / "inbox-bad"
    outside = c.scratch / "outside" / "secret.txt"
    outside.parent.mkdir(parents=True)
    outside.write_text(("第一段。" + SECRET + "\n") * 20, encoding="utf-8")
    made = bad_inputs(inbox, outside, count, rng)
    lake = c.scratch / "lake-bad"
    code = c.run(ingest_args(inbox, lake))
    c.counts["bad_tried"] = len(made)
    if code != 0:
        print(f"  the run over the bad inputs exited {code}", flush=True)
        return
    con = query.connect(Lake.at(lake))
    ledger = {r[0] for r in query.run_sql(con, "SELECT source_path FROM files")[1]}
    record = json.loads(sorted((lake / "_runs").glob("*.json"))[-1].read_text(encoding="utf-8"))
    deferred = {f["path"] for f in record.get("files", []) if f.get("status") == "deferred"}
    listed = ledger | deferred
    missing = []
    for name, kind in made:
        shown = display_path("fuzz/" + os.fsdecode(name))
        if shown in listed or shown + "/" in listed:
            c.counts["bad_accounted"] += 1
        else:
            missing.append((shown, kind))
    for shown, kind in missing[:10]:
        print(f"  not accounted for: {shown!r} ({kind})", flush=True)
    leaks = query.run_sql(
        con,
        f"SELECT count(*) FROM all_reports WHERE strpos(text, '{SECRET}') > 0 OR strpos(title, '{SECRET}') > 0",
    )[1][0][0]
    leaks += query.run_sql(con, f"SELECT count(*) FROM removals WHERE strpos(removed_text, '{SECRET}') > 0")[
        1
    ][0][0]
    passwd = query.run_sql(con, "SELECT count(*) FROM all_reports WHERE strpos(text, 'root:') > 0")[1][0][0]
    c.counts["reads_outside"] += leaks + passwd
    statuses = Counter(r[0] for r in query.run_sql(con, "SELECT status FROM files")[1])
    print(f"  statuses: {dict(statuses)}, deferred: {len(deferred)}", flush=True)


# 3. corrupt lake files -----------------------------------------------------------------------------


def corrupt(c: Campaign, inbox: Path, reference: dict[str, object], reference_lake: Path, rng: random.Random):
    damages = [
        ("reports", "truncate"),
        ("removals", "overwrite"),
        ("signatures", "truncate"),
        ("files", "truncate"),
        ("reports", "delete"),
        ("files", "overwrite"),
    ]
    for dataset, how in damages:
        lake = c.scratch / f"lake-corrupt-{dataset}-{how}"
        shutil.copytree(reference_lake, lake)
        victim = rng.choice(sorted((lake / dataset).glob("*.parquet")))
        size = victim.stat().st_size
        if how == "truncate":
            os.truncate(victim, rng.randrange(0, size))
        elif how == "overwrite":
            with open(victim, "r+b") as handle:
                handle.seek(rng.randrange(0, size))
                handle.write(rng.randbytes(min(4096, size)))
        else:
            victim.unlink()
        c.counts["corrupt_tried"] += 1
        noticed = c.run(["check", "--lake", str(lake)]) == 1
        ran = c.run(ingest_args(inbox, lake)) == 0
        try:
            duplicates, lost = compare(lake_content(lake), reference)
        except Exception as exc:  # the lake cannot be read: not repaired (counted, and the campaign goes on)
            print(f"  the lake cannot be queried after the run: {str(exc)[:200]}", flush=True)
            duplicates, lost = 0, len(reference["reports"]) + len(reference["files"])  # type: ignore[arg-type]
        healthy = c.run(["check", "--lake", str(lake)]) == 0
        c.counts["duplicates"] += duplicates
        c.counts["rows_lost"] += lost
        repaired = noticed and ran and healthy and not duplicates and not lost
        c.counts["corrupt_repaired"] += repaired
        print(f"  {how} {dataset}/{victim.name[:30]}: noticed {noticed}, repaired {repaired}", flush=True)
        shutil.rmtree(lake)


# 4. a full disk ------------------------------------------------------------------------------------


def full_disk(c: Campaign, inbox: Path) -> str:
    mount = c.scratch / "small-disk"
    mount.mkdir()
    tried = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if tried.returncode != 0:
        return f"skipped: cannot mount a small tmpfs here ({tried.stderr.strip() or tried.returncode})"
    try:
        lake = mount / "lake"
        process = c.start(ingest_args(inbox, lake))
        code = process.wait(RUN_TIMEOUT)
        log = sorted(c.home.glob("run-*.log"))[-1].read_text(errors="replace")
        last = log.strip().splitlines()[-1] if log.strip() else ""
        # (Prefect's own log of the failed task, with its traceback, comes before docclean's line)
        one_line = last.startswith("docclean: run failed") and "No space left" in last
        clean = not leftovers(lake) if lake.exists() else True
        ok = code == 1 and one_line and clean
        if code not in (0, 1):
            c.counts["crashes"] += 1
        return (
            f"{'ok' if ok else 'FAILED'}: exit {code}, one-line reason {one_line}, no temporary left {clean}"
        )
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--bad", type=int, default=330)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (its path is printed)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="docclean-faults-"))
    started = time.monotonic()
    port = server.free_port()
    with server.open_log(scratch / "server.log") as log:
        api_server = server.start(port, str(scratch / "prefect"), log)
    try:
        server.wait_healthy(api_server, server.api_url(port))
        c = Campaign(scratch, server.api_url(port))
        inbox = scratch / "inbox"
        make_corpus.generate(inbox, files=args.files, seed=args.seed)
        print(f"corpus: {args.files} files; reference run …", flush=True)
        reference_lake = scratch / "lake-reference"
        t0 = time.monotonic()
        if c.run(ingest_args(inbox, reference_lake)) != 0:
            print("the reference run failed", flush=True)
            return 1
        wall = time.monotonic() - t0
        reference = lake_content(reference_lake)
        print(
            f"reference: {len(reference['files'])} ledger rows, {len(reference['reports'])} reports, {wall:.0f} s"
        )  # type: ignore[arg-type]
        print("kills …", flush=True)
        kills(c, inbox, reference, wall, args.kills, rng)
        print("bad inputs …", flush=True)
        fuzz(c, args.bad, rng)
        print("corrupt lake files …", flush=True)
        corrupt(c, inbox, reference, reference_lake, rng)
        print("full disk …", flush=True)
        disk = full_disk(c, inbox)
    finally:
        server.stop(api_server)
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    n = c.counts
    print()
    print(f"kills survived / tried:          {n['kills_survived']} / {n['kills_tried']}")
    print(f"orphan processes after a kill:   {n['orphans']} ({n['late_exits']} more exited 15-75 s after it)")
    print(f"duplicates:                      {n['duplicates']}")
    print(f"rows lost:                       {n['rows_lost']}")
    print(f"bad inputs accounted / tried:    {n['bad_accounted']} / {n['bad_tried']}")
    print(f"crashes:                         {n['crashes']}")
    print(f"reads outside the inbox:         {n['reads_outside']}")
    print(f"corrupt lake files repaired:     {n['corrupt_repaired']} / {n['corrupt_tried']}")
    print(f"full disk:                       {disk}")
    print(f"campaign time:                   {(time.monotonic() - started) / 60:.0f} min")
    if args.keep:
        print(f"scratch: {scratch}")
    bad = n["duplicates"] or n["rows_lost"] or n["crashes"] or n["reads_outside"] or n["orphans"]
    return 1 if bad or n["kills_survived"] != n["kills_tried"] or n["bad_accounted"] != n["bad_tried"] else 0


if __name__ == "__main__":
    sys.exit(main())
