"""The peer figure: a minimal datatrove pipeline over the same drop folder.

    python bench/peer_datatrove.py INBOX OUT_DIR [--workers 2]

raw file → text → docclean's `line` and `span` rule patterns applied per line → ParquetWriter (zstd),
run by `LocalPipelineExecutor(tasks=workers, workers=workers)`. Prints one JSON line with the figures.

What the peer does NOT do, so read its figure as a lower bound on work, not as equal work:
- datatrove has no plain-text reader and no encoding detection: files are decoded by a minimal chain
  (BOM, then strict UTF-8, then GB18030 with replacement), no chardet;
- HTML is not parsed: the page's markup passes through as text lines;
- DOCX and PDF files (10 % of the corpus) are not read as documents: their bytes go through the same
  minimal decode, as garbage text;
- the patterns run on a cheap full-width→ASCII fold of each line, not docclean's matching view, and only
  `pattern` / `max_chars` are honoured (no `also`/`unless`/`where`, no blocks, no records, no segmentation).
"""

from __future__ import annotations

import argparse
import codecs
import json
import sys
import time
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.formatters.base import BaseFormatter
from datatrove.pipeline.readers.base import BaseDiskReader
from datatrove.pipeline.writers import ParquetWriter

# Full-width ASCII (U+FF01–U+FF5E) and the ideographic space to ASCII, as docclean's rules expect.
WIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def minimal_decode(data: bytes) -> str:
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


class RawFileReader(BaseDiskReader):
    """One document per file, whatever its extension: the whole file is the text."""

    name = "raw files"

    def read_file(self, filepath: str):
        with self.data_folder.open(filepath, "rb") as handle:
            data = handle.read()
        with self.track_time():
            document = self.get_document_from_dict({"text": minimal_decode(data)}, filepath, 0)
        if document:
            yield document


class RuleLineFormatter(BaseFormatter):
    """Drop lines a `line` rule matches, cut what `span` rules match, drop lines left blank."""

    name = "docclean line/span patterns"

    def __init__(self) -> None:
        super().__init__()
        from docclean.cleaners.rules import default_rules

        rules = default_rules()
        self.line_rules = [(r.pattern, r.max_chars) for r in rules.of_kind("line")]
        self.span_patterns = [r.pattern for r in rules.of_kind("span")]

    def _keep(self, line: str) -> bool:
        return not any(
            (limit is None or len(line) <= limit) and pattern.search(line)
            for pattern, limit in self.line_rules
        )

    def format(self, text: str) -> str:
        kept = []
        for raw in text.splitlines():
            line = raw.translate(WIDTH_FOLD).strip()
            if not line or not self._keep(line):
                continue
            for pattern in self.span_patterns:
                line = pattern.sub("", line)
            if line := line.strip():
                kept.append(line)
        return "\n".join(kept)


def input_size(inbox: Path) -> tuple[int, int]:
    sizes = [p.stat().st_size for p in inbox.rglob("*") if p.is_file()]
    return len(sizes), sum(sizes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inbox", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    files, size = input_size(args.inbox)
    executor = LocalPipelineExecutor(
        pipeline=[
            RawFileReader(str(args.inbox), recursive=True),
            RuleLineFormatter(),
            ParquetWriter(str(args.out_dir / "parquet"), compression="zstd"),
        ],
        tasks=args.workers,
        workers=args.workers,
        logging_dir=str(args.out_dir / "logs"),
        skip_completed=False,
    )
    start = time.perf_counter()
    executor.run()
    wall = time.perf_counter() - start
    print(json.dumps({"files": files, "bytes": size, "seconds": wall, "workers": args.workers}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
