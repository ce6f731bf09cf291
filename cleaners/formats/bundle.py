"""Zip bundles of documents: each member is a source of its own, named `bundle.zip!/dir/member.docx`.

A member that cannot be read (unsafe path, encrypted, a bomb, a format docclean refuses) gets its own
status and reason; the others go on. A zip inside the bundle is read the same way (`a.zip!/b.zip!/c.txt`),
down to Limits.max_depth; deeper ones are refused. Folders and macOS resource forks hold no documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from docclean.cleaners.errors import Refusal
from docclean.cleaners.formats.archive import Budget, member_name, open_zip, read_member, unsafe_path
from docclean.cleaners.model import Refused, Source

MACOS_FORKS = "__MACOSX/"
Extract = Callable[[bytes, str, int, Budget], Iterator[Source]]


def read_bundle(data: bytes, path: str, depth: int, budget: Budget, extract: Extract) -> Iterator[Source]:
    """The bundle's sources, a member at a time (inflated when asked for). Raises Refusal, before the
    first, for a bundle that is not read at all (too deep, corrupt, too many members, empty)."""
    limits = budget.limits
    if depth >= limits.max_depth:
        raise Refusal(
            "quarantined", f"a zip nested more than {limits.max_depth} deep; unpack the outer ones first"
        )
    archive = open_zip(data, "zip archive")
    members = [info for info in archive.infolist() if not info.is_dir()]
    if not members:  # said, not silently dropped: the ledger would otherwise hold nothing for it
        raise Refusal("empty", "a zip archive with no files in it")
    if len(members) > limits.max_members:
        raise Refusal(
            "quarantined", f"a zip of {len(members)} members, over the limit of {limits.max_members}"
        )
    seen: set[str] = set()
    for info in members:
        name = member_name(info)
        where = f"{path}!/{name}"
        if name in seen:  # appended archives repeat names; a source's name must stay unique
            yield Refused(
                f"{where} ({info.header_offset})",
                "",
                "quarantined",
                f"a second member named {name!r} (zip tools extract only one of them); unpack it by hand",
            )
            continue
        seen.add(name)
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
        if name.startswith(MACOS_FORKS):
            yield Refused(where, "macos-fork", "unsupported", "macOS resource fork: file metadata, no text")
            continue
        if reason := unsafe_path(name):
            yield Refused(where, suffix, "quarantined", reason)
            continue
        try:
            member = read_member(archive, info, budget, f"member {name}")
        except Refusal as refusal:
            yield Refused(where, suffix, refusal.status, str(refusal))
            continue
        yield from extract(member, where, depth + 1, budget)
