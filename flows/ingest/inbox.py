"""The inbox: find files, decide which are new, read them once they have settled, archive them.

This is where a file is read (`read_settled`, called by the worker that owns the file's shard) and the
only module that opens anything under the inbox. Plain functions, no Prefect.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

HEAD_BYTES = 8192  # of a file over the size limit: enough to tell its format (cleaners.formats.sniff)


class InboxMissing(FileNotFoundError):
    """The inbox folder does not exist or is not a folder."""


def display_path(path: str) -> str:
    """A relative path as valid Unicode, the key of a file everywhere (ledger, rows, summaries). A name
    whose bytes are not UTF-8 (Python hands them over as lone surrogates) shows them as `\\xNN` escapes;
    its exact bytes are kept beside it (`source_path_raw`).

    >>> display_path(os.fsdecode(b"bad_\\xff\\xfe.txt"))
    'bad_\\\\xff\\\\xfe.txt'
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


@dataclass(frozen=True, slots=True)
class FileEntry:
    """A file as discovered: where it is (relative to the inbox, '/'-separated) and its stat."""

    path: str  # display_path of the relative path: valid Unicode
    size: int
    mtime_ns: int
    fs_path: str = ""  # the relative path as the file system names it, when `path` had to escape it

    @property
    def local(self) -> str:
        """The relative path to open."""
        return self.fs_path or self.path

    @property
    def raw_path(self) -> bytes | None:
        """The relative path's bytes when they are not UTF-8 (else None: `path` says it all)."""
        return os.fsencode(self.fs_path) if self.fs_path else None


@dataclass(frozen=True, slots=True)
class Known:
    """The latest ledger version of a path."""

    sha256: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Payload:
    """A settled file's bytes, whatever its format (the core tells it by content). A file over the size
    limit is hashed in chunks and only its head kept (`too_large`), to name its format in the ledger."""

    entry: FileEntry
    sha256: str
    data: bytes
    too_large: bool = False


@dataclass(frozen=True, slots=True)
class Deferred:
    """A file left for the next run (still being written, vanished, unreadable), and why."""

    entry: FileEntry
    reason: str


@dataclass(frozen=True, slots=True)
class Unlisted:
    """Something under the inbox that discovery could not take as a file (an unreadable folder, a
    dangling link, a FIFO…), and why: reported with the run's deferred files and looked at again next run."""

    path: str
    reason: str


def scan(inbox: Path, exclude: Sequence[Path] = ()) -> tuple[list[FileEntry], list[Unlisted]]:
    """Every regular file under `inbox` (recursively, sorted), minus anything under `exclude`, and
    everything else found there that is not one, so that nothing in the inbox goes unmentioned."""
    if not inbox.is_dir():
        raise InboxMissing(f"inbox {inbox} does not exist or is not a folder")
    skip = {p.resolve() for p in exclude}
    root = os.path.realpath(inbox)
    entries: list[FileEntry] = []
    unlisted: list[Unlisted] = []

    def relative(path: Path | str) -> str:
        return display_path(Path(path).relative_to(inbox).as_posix())

    def unreadable_folder(error: OSError) -> None:
        where = relative(error.filename) if error.filename else "."
        unlisted.append(Unlisted(where + "/", f"folder not readable: {error.strerror or error}"))

    for folder, dirs, names in os.walk(inbox, onerror=unreadable_folder):
        dirs[:] = sorted(d for d in dirs if (Path(folder) / d).resolve() not in skip)
        for d in dirs:
            if (Path(folder) / d).is_symlink():  # os.walk does not follow it: a loop could never end
                unlisted.append(Unlisted(relative(Path(folder) / d) + "/", "link to a folder: not followed"))
        for name in sorted(names):
            full = Path(folder) / name
            try:
                st = full.stat()
            except OSError as exc:
                if full.is_symlink():  # a link to nothing (a vanished file needs no mention: it is gone)
                    unlisted.append(
                        Unlisted(relative(full), f"link to a missing target: {exc.strerror or exc}")
                    )
                continue
            outside = _outside(full, root) if full.is_symlink() else None
            if outside:
                unlisted.append(Unlisted(relative(full), outside))
            elif stat.S_ISREG(st.st_mode):
                rel = full.relative_to(inbox).as_posix()
                shown = display_path(rel)
                entries.append(FileEntry(shown, st.st_size, st.st_mtime_ns, "" if shown == rel else rel))
            else:
                unlisted.append(Unlisted(relative(full), f"not a regular file ({_kind(st.st_mode)})"))
    return entries, unlisted


def _outside(path: Path, root: str) -> str | None:
    """Why a link is not followed: its target resolves outside the inbox (or None). A link to another
    file of the inbox is read as that file; a link out of it would let anyone who can drop a file make
    docclean read (and store in the lake) any file this user can read, such as /etc/passwd."""
    target = os.path.realpath(path)
    if os.path.commonpath([target, root]) == root:
        return None
    return f"link to {display_path(target)}, outside the inbox: not read"


def _kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    ):
        if test(mode):
            return kind
    return "special file"


def plan(entries: Iterable[FileEntry], known: Mapping[str, Known]) -> tuple[list[FileEntry], list[FileEntry]]:
    """Split into (to_read, unchanged): unchanged when size and mtime equal the latest ledger version,
    so a re-run hashes nothing it has already seen."""
    to_read: list[FileEntry] = []
    unchanged: list[FileEntry] = []
    for entry in entries:
        seen = known.get(entry.path)
        same = seen is not None and (seen.size, seen.mtime_ns) == (entry.size, entry.mtime_ns)
        (unchanged if same else to_read).append(entry)
    return to_read, unchanged


def _hash_rest(handle: BinaryIO, head: bytes) -> str:
    """The sha256 of `head` and the rest of the open file, read in chunks."""
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


class _NotRead(Exception):
    """What was opened is not a file of the inbox to read (the reason says what it is)."""


def _open_inside(path: Path, root: str) -> BinaryIO:
    """Open `path` for reading only if what is opened is a regular file inside the inbox (call after
    `_outside`: opening some devices does something). The check is made on the open file itself (/proc/self/fd names it; elsewhere its inode must be the resolved path's),
    so a file swapped for a link between a check and the open is never read. O_NONBLOCK: a file swapped
    for a named pipe must not hang the run waiting for a writer (it has no effect on regular files)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _NotRead(f"not a regular file ({_kind(st.st_mode)})")
        try:
            opened = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # no /proc: the resolved path must be the very file that was opened
            opened = os.path.realpath(path)
            again = os.stat(opened)
            if (again.st_dev, again.st_ino) != (st.st_dev, st.st_ino):
                raise _NotRead("changed while it was being read") from None
        if os.path.commonpath([opened, root]) != root:
            raise _NotRead(f"link to {display_path(opened)}, outside the inbox: not read")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _changed(entry: FileEntry, path: Path) -> bool:
    st = path.stat()
    return (st.st_size, st.st_mtime_ns) != (entry.size, entry.mtime_ns)


def _unsettled(entry: FileEntry, path: Path, settle_seconds: float) -> str | None:
    if _changed(entry, path):
        return "changed since it was discovered (still being written?)"
    age = time.time() - entry.mtime_ns / 1e9
    if abs(age) < settle_seconds:
        return f"modified {age:.1f}s ago; waiting {settle_seconds:g}s for it to settle"
    return None


def read_settled(inbox: Path, entry: FileEntry, settle_seconds: float, max_bytes: int) -> Payload | Deferred:
    """Read and hash a file, or defer it when it is still changing. A file over `max_bytes` is hashed in
    chunks, and only its first HEAD_BYTES kept."""
    path, root = inbox / entry.local, os.path.realpath(inbox)
    try:
        outside = _outside(path, root)  # first: a link's reason names where it leads
        if outside:
            return Deferred(entry, outside)
        wait = _unsettled(entry, path, settle_seconds)
        if wait:
            return Deferred(entry, wait)
        keep = entry.size <= max_bytes
        # checked again on reading: a file can become a link out of the inbox, or a pipe, after the scan
        with _open_inside(path, root) as handle:
            data = handle.read() if keep else handle.read(HEAD_BYTES)
            sha = hashlib.sha256(data).hexdigest() if keep else _hash_rest(handle, data)
        if _changed(entry, path):
            return Deferred(entry, "changed while it was being read")
    except _NotRead as exc:
        return Deferred(entry, str(exc))
    except FileNotFoundError:
        return Deferred(entry, "disappeared before it could be read")
    except OSError as exc:  # e.g. no permission: try again next run rather than record a half-known file
        return Deferred(entry, f"{type(exc).__name__}: {exc.strerror or exc}")
    return Payload(entry, sha, data, too_large=not keep)


def archive_dir_for(inbox: str | Path, archive_dir: str | Path | None) -> Path:
    """Where --archive moves files: the given folder, else `archive` beside the inbox."""
    return Path(archive_dir) if archive_dir else Path(inbox).parent / "archive"


def archive(inbox: Path, archive_dir: Path, entry: FileEntry, sha256: str) -> Path | None:
    """Move an ingested file to the same relative path under `archive_dir`; None when it changed since
    it was read (that newer version is the next run's). An existing archived file is never overwritten."""
    source = inbox / entry.local
    try:
        if _changed(entry, source):
            return None
    except FileNotFoundError:
        return None
    target = archive_dir / entry.local
    if target.exists():
        target = target.with_name(f"{target.stem}.{sha256[:12]}{target.suffix}")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(source, target)
    return target
