"""Zip containers read in memory, with guards: DOCX packages and zip bundles of documents.

Nothing is ever extracted: members are read into memory one at a time, so a member named `../../x`
or `/etc/x` cannot land anywhere (it is refused all the same: no honest bundle has one). A zip bomb is
stopped before it is inflated (declared sizes and compression ratio) and while it is (sizes can lie):
every byte inflated for one file, nested archives included, is counted against one Budget.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from docclean.cleaners.errors import Refusal

MiB = 1024 * 1024
UTF8_NAME = 0x800  # general purpose flag bit 11: the member's name is UTF-8
ENCRYPTED = 0x1
CHUNK = 1 * MiB
DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class Limits:
    """What one input file may expand to. Real 文库 bundles are a few MB; these are far above that."""

    max_members: int = 2000
    max_member_bytes: int = 64 * MiB
    max_total_bytes: int = 256 * MiB
    max_ratio: int = 200  # inflated / compressed: text and XML stay under 20, bombs go over 1,000
    ratio_floor: int = 1 * MiB  # smaller members may compress as well as they like
    max_depth: int = 2  # a zip inside a zip is read; one level deeper is refused


LIMITS = Limits()


@dataclass(slots=True)
class Budget:
    """Bytes still allowed to be inflated for one input file, shared by every nested member."""

    limits: Limits = LIMITS
    used: int = field(default=0)

    def take(self, size: int, what: str) -> None:
        self.used += size
        if self.used > self.limits.max_total_bytes:
            raise Refusal(
                "quarantined",
                f"{what}: more than {self.limits.max_total_bytes // MiB} MiB once unpacked (a zip bomb?)",
            )


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
        raise Refusal("quarantined", f"truncated or corrupt {what} ({exc})") from None


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: Chinese Windows tools store GBK bytes without the
    UTF-8 flag, which zipfile reads as cp437 (that round-trips, so the bytes can be read again)."""
    name = info.filename
    if not info.flag_bits & UTF8_NAME and not name.isascii():
        raw = name.encode("cp437")
        for codec in ("utf-8", "gb18030"):
            try:
                name = raw.decode(codec)
                break
            except UnicodeDecodeError:
                continue
    return name.replace("\\", "/")


def unsafe_path(name: str) -> str | None:
    """Why a member's path could escape a folder it were extracted to; None when it could not."""
    if name.startswith("/") or DRIVE.match(name):
        return f"member {name!r} has an absolute path"
    if ".." in name.split("/"):
        return f"member {name!r} has '..' in its path"
    return None


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget, what: str) -> bytes:
    """The member's bytes, or a Refusal when it is encrypted, too large or compressed like a bomb."""
    limits = budget.limits
    if info.flag_bits & ENCRYPTED:
        raise Refusal(
            "encrypted", f"{what} is password-protected; extract it with the password and add it again"
        )
    if info.file_size > limits.max_member_bytes:
        raise Refusal(
            "quarantined",
            f"{what} unpacks to {info.file_size // MiB} MiB, over the "
            f"{limits.max_member_bytes // MiB} MiB limit",
        )
    if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(1, info.compress_size):
        raise Refusal(
            "quarantined",
            f"{what} is compressed {info.file_size // max(1, info.compress_size)}:1 "
            f"(over {limits.max_ratio}:1): a zip bomb?",
        )
    out = bytearray()
    try:
        with zf.open(info) as stream:
            while chunk := stream.read(CHUNK):
                out += chunk
                budget.take(len(chunk), what)
                if len(out) > limits.max_member_bytes:
                    raise Refusal(
                        "quarantined",
                        f"{what} unpacks to more than its declared size and the "
                        f"{limits.max_member_bytes // MiB} MiB limit",
                    )
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise Refusal("quarantined", f"{what} cannot be unpacked ({exc})") from None
    return bytes(out)
