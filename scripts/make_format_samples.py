"""Write the format samples in data/samples/ from the text seeds, so that `make run` ingests every format
(the builders are the tests': tests/formats/builders.py; the output is the same bytes on every run):

- 003_72e4367ca5ac565f.docx  the seed as Word writes it, a watermark in the page header
- 004_ee58601975a31a3a.pdf   the seed as a PDF, wrapped by the page width, page numbers in the footer
- 001_7a1bca8b428e5378.mht   the seed as a 范文 page saved by a browser as one file (base64, GB18030)
- 002_5f4cc819c3a689dc.zip   a bundle: the seed as DOCX and as PDF, under a Chinese folder name

    .venv/bin/python scripts/make_format_samples.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.formats.builders import (  # noqa: E402
    html_to_mhtml,
    text_to_docx,
    text_to_html,
    text_to_pdf,
    zip_of,
)

SAMPLES = ROOT / "data" / "samples"


def seed(stem: str) -> str:
    return (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")


def bundle(stem: str) -> bytes:
    text = seed(stem)
    return zip_of({f"述职报告/{stem}.docx": text_to_docx(text), f"述职报告/{stem}.pdf": text_to_pdf(text)})


MADE = {
    "003_72e4367ca5ac565f.docx": lambda: text_to_docx(seed("003_72e4367ca5ac565f")),
    "004_ee58601975a31a3a.pdf": lambda: text_to_pdf(seed("004_ee58601975a31a3a")),
    "001_7a1bca8b428e5378.mht": lambda: html_to_mhtml(
        text_to_html(seed("001_7a1bca8b428e5378")), encoding="base64"
    ),
    "002_5f4cc819c3a689dc.zip": lambda: bundle("002_5f4cc819c3a689dc"),
}


def main() -> None:
    for name, make in MADE.items():
        out = SAMPLES / name
        out.write_bytes(make())
        print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
