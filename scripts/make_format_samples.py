"""Write data/samples/003_72e4367ca5ac565f.docx and 004_ee58601975a31a3a.pdf from the text seeds, so that
`make run` has a DOCX and a PDF to ingest (the builders are the tests': tests/formats/builders.py).

    .venv/bin/python scripts/make_format_samples.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.formats.builders import text_to_docx, text_to_pdf  # noqa: E402

SAMPLES = ROOT / "data" / "samples"


def main() -> None:
    for stem, suffix, make in (
        ("003_72e4367ca5ac565f", ".docx", text_to_docx),
        ("004_ee58601975a31a3a", ".pdf", text_to_pdf),
    ):
        out = SAMPLES / f"{stem}{suffix}"
        out.write_bytes(make((SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")))
        print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
