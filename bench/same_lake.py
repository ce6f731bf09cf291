"""Do two lakes hold the same content? Same reports, removals and files per source file, whatever the
batches, run ids, ingestion times and docclean versions that wrote them.

    python bench/same_lake.py LAKE_A LAKE_B      # exit 0 when identical, 1 with the differences

Compares the query views (the latest version of each file), every column but the provenance ones.
`bench/compare.py` uses it to check that two docclean versions write the same lake.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docclean.flows.lake import query
from docclean.flows.lake.store import Lake

PROVENANCE = {
    "reports": "batch_id, ingested_at, pipeline_version",
    "removals": "batch_id",
    "files": "run_id, batch_id, ingested_at, pipeline_version",
}


def differences(a: Path, b: Path) -> dict[str, tuple[int, int, int]]:
    """Per dataset: (rows in a, rows in b, rows in one and not the other)."""
    out = {}
    con_a, con_b = query.connect(Lake.at(a)), query.connect(Lake.at(b))
    for dataset, drop in PROVENANCE.items():
        sql = f"SELECT * EXCLUDE ({drop}) FROM {dataset}"
        left = con_a.execute(sql).to_arrow_table()
        right = con_b.execute(sql).to_arrow_table()
        con_a.register("other", right)
        only = con_a.execute(
            f"SELECT count(*) FROM (({sql}) EXCEPT ALL (SELECT * FROM other)) UNION ALL "
            f"SELECT count(*) FROM ((SELECT * FROM other) EXCEPT ALL ({sql}))"
        ).fetchall()
        con_a.unregister("other")
        out[dataset] = (left.num_rows, right.num_rows, sum(n for (n,) in only))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    found = differences(Path(argv[0]), Path(argv[1]))
    for dataset, (rows_a, rows_b, differ) in found.items():
        print(f"{dataset}: {rows_a} / {rows_b} rows, {differ} differ")
    return 0 if all(d == 0 for _, _, d in found.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
