"""Regenerate tests/golden/*.json from the bundled samples.

Run only after a deliberate change to rules or segmentation, then read the diff line by line: the golden
files are the hand-checked record of what the cleaner must do to real inputs.

    .venv/bin/python -m tests.make_golden
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from docclean.cleaners.model import Document
from docclean.cleaners.pipeline import clean_bytes
from docclean.cleaners.rules import default_rules

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


def golden_view(doc: Document) -> dict:
    """What the golden files pin down: structure, metadata, text and removals (not tokens)."""
    return {
        "collection_title": doc.collection_title,
        "front_matter": list(doc.front_matter),
        "flags": list(doc.flags),
        "reports": [
            {
                "title": r.title,
                "unit": r.unit,
                "year": r.year,
                "flags": list(r.flags),
                "placeholder_count": r.placeholder_count,
                "sections": [[s.level, s.heading] for s in r.sections],
                "paragraphs": list(r.paragraphs),
            }
            for r in doc.reports
        ],
        "removals": [asdict(m) for m in doc.removals],
    }


def main() -> None:
    for path in sorted((ROOT / "data" / "samples").glob("*.txt")):
        doc = clean_bytes(path.read_bytes(), path.name, default_rules(), tokens=False)
        out = GOLDEN / f"{path.stem}.json"
        out.write_text(json.dumps(golden_view(doc), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}: {len(doc.reports)} reports, {len(doc.removals)} removals")


if __name__ == "__main__":
    main()
