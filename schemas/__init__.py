"""The lake's Parquet datasets, declared once. Written with these schemas, never inferred ones.

Bump SCHEMA_VERSION when a column changes meaning or type; adding a nullable column keeps readers
working (DuckDB reads the datasets with union_by_name).
"""

import json

import pyarrow as pa

# 2: the sections struct's `text` field is `section_text` (unnesting sections beside reports.text clashed);
#    lakes of version 1 still read (flows/lake/migrate.py maps the old field)
SCHEMA_VERSION = "2"


def _meta(dataset: str, doc: str) -> dict[bytes, bytes]:
    return {b"dataset": dataset.encode(), b"schema_version": SCHEMA_VERSION.encode(), b"doc": doc.encode()}


def _f(name: str, type_: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={b"doc": doc.encode()})


UTC_US = pa.timestamp("us", tz="UTC")
STRINGS = pa.list_(pa.string())
SECTION = pa.struct([("level", pa.int8()), ("heading", pa.string()), ("section_text", pa.string())])
SECTION_V1 = pa.struct([("level", pa.int8()), ("heading", pa.string()), ("text", pa.string())])
# Column types older schema versions wrote, which readers still accept (and map to the current type)
OLDER_TYPES = {("reports", "sections"): (pa.list_(SECTION_V1),)}
# pandas reads `year` as a nullable integer (Int16, <NA> where no year was found), not float64 with NaN:
# pyarrow's to_pandas (and so pandas.read_parquet) honours this standard `pandas` schema metadata
PANDAS_YEAR = {
    b"pandas": json.dumps(
        {
            "index_columns": [],
            "column_indexes": [],
            "columns": [
                {
                    "name": "year",
                    "field_name": "year",
                    "pandas_type": "int16",
                    "numpy_type": "Int16",
                    "metadata": None,
                }
            ],
            "creator": {"library": "docclean"},
            "pandas_version": "2.0.0",
        }
    ).encode()
}

REPORTS = pa.schema(
    [
        _f(
            "report_id",
            pa.string(),
            "sha256('{source_sha256}:{ordinal}')[:24] ('{source_sha256}:{member path}:{ordinal}' in a zip)",
            False,
        ),
        _f("source_path", pa.string(), "path relative to the inbox, '/'-separated", False),
        _f("source_sha256", pa.string(), "sha256 of the raw file's bytes", False),
        _f("encoding", pa.string(), "codec the raw bytes were decoded with"),
        _f("ordinal", pa.int32(), "1-based position of the report in its file", False),
        _f("title", pa.string(), "report title ('' when none was found; flag no_title)"),
        _f("unit", pa.string(), "the reporting unit named in the title, if any"),
        _f("year", pa.int16(), "the year the report is about, if found"),
        _f("collection_title", pa.string(), "title of the compilation the report came from"),
        _f("text", pa.string(), "cleaned paragraphs joined by newlines (title excluded)"),
        _f("sections", pa.list_(SECTION), "level 0 preamble, 1 '一、', 2 '（一）', 3 '1.' / '（1）'"),
        _f("paragraph_count", pa.int32(), "number of paragraphs in text"),
        _f("char_count", pa.int32(), "characters in the paragraphs"),
        _f("placeholder_count", pa.int32(), "template blanks such as XX or ___"),
        _f("tokens", STRINGS, "jieba tokens of title and text (empty with --no-tokens)"),
        _f("keywords", STRINGS, "top keywords (empty with --no-tokens)"),
        _f(
            "content_sha256",
            pa.string(),
            "sha256 of title + paragraphs: finds the same report in other files",
        ),
        _f("flags", STRINGS, "no_title, truncated, toc_mismatch, replacement_chars"),
        _f("batch_id", pa.string(), "the batch that wrote this row; joins the files ledger", False),
        _f("ingested_at", UTC_US, "when the batch was written", False),
        _f("pipeline_version", pa.string(), "docclean version and sha256 prefix of the rules used"),
    ],
    metadata=_meta("reports", "one row per report") | PANDAS_YEAR,
)

REMOVALS = pa.schema(
    [
        _f("source_path", pa.string(), "path relative to the inbox, '/'-separated", False),
        _f("source_sha256", pa.string(), "sha256 of the raw file's bytes", False),
        _f("report_ordinal", pa.int32(), "the report the removal sat in or just before; 0 when none"),
        _f("line_no", pa.int32(), "1-based line of the decoded source text (HTML chrome: line in the page)"),
        _f("start", pa.int32(), "first code point removed in that line; -1 for HTML chrome"),
        _f("end", pa.int32(), "code point after the last one removed; -1 for HTML chrome"),
        _f("rule_id", pa.string(), "the rule that removed it (see cleaners/rules.toml)"),
        _f("category", pa.string(), "watermark, advert, membership, paywall, html_chrome, normalize, ..."),
        _f("removed_text", pa.string(), "exactly what was taken out"),
        _f(
            "replacement",
            pa.string(),
            "what was put in its place ('' for removals; folds carry the new char)",
        ),
        _f("batch_id", pa.string(), "the batch that wrote this row; joins the files ledger", False),
    ],
    metadata=_meta("removals", "one row per removal; replaying start/end/replacement reproduces the text"),
)

SUSPECTS = pa.schema(
    [
        _f("source_path", pa.string(), "path relative to the inbox, '/'-separated", False),
        _f("source_sha256", pa.string(), "sha256 of the raw file's bytes", False),
        _f("report_id", pa.string(), "the report the line sits in (reports.report_id); null outside reports"),
        _f("report_ordinal", pa.int32(), "the report's ordinal in its file; 0 when none"),
        _f("line_no", pa.int32(), "1-based line of the decoded source text"),
        _f("text", pa.string(), "the line, kept in the output"),
        _f("detector_id", pa.string(), "the detector that scored it (cleaners/detectors)"),
        _f("category", pa.string(), "the category it would have been removed as"),
        _f(
            "score", pa.float32(), "the detector's score: at or above suspect_at, below its removal threshold"
        ),
        _f("features", pa.string(), "the features that fired, as the detector names them"),
        _f("batch_id", pa.string(), "the batch that wrote this row; joins the files ledger", False),
    ],
    metadata=_meta("suspects", "one row per suspect line: scored as likely noise, kept and listed"),
)

FILES = pa.schema(
    [
        _f("source_path", pa.string(), "path relative to the inbox, '/'-separated", False),
        _f(
            "source_path_raw",
            pa.binary(),
            "the path's bytes when they are not UTF-8 (source_path shows them as \\xNN escapes); else null",
        ),
        _f(
            "bundle_path",
            pa.string(),
            "for a zip member (source_path 'bundle.zip!/dir/x.docx'), the inbox file it is in; else null",
        ),
        _f("source_sha256", pa.string(), "sha256 of the raw file's bytes (a member: its bundle's)", False),
        _f("size_bytes", pa.int64(), "file size when read (null for a zip member: its bundle's row has it)"),
        _f("mtime", pa.timestamp("ns", tz="UTC"), "modification time when read (cheap re-run check)"),
        _f(
            "format", pa.string(), "the format told by content: text, html, mhtml, docx, pdf, zip, doc, png …"
        ),
        _f("encoding", pa.string(), "codec the bytes were decoded with"),
        _f("encoding_confidence", pa.float32(), "the decoder's confidence, 0..1"),
        _f(
            "status",
            pa.string(),
            "ok | empty | bundle | not_text | needs_ocr | encrypted | unsupported | quarantined (README)",
            False,
        ),
        _f("error", pa.string(), "one-line reason when status is not ok ('Type: message' when quarantined)"),
        _f("report_count", pa.int32(), "reports written for this file"),
        _f("removal_count", pa.int32(), "removals written for this file"),
        _f(
            "suspect_count",
            pa.int32(),
            "suspect lines written for this file (null in lakes older than suspects)",
        ),
        _f("collection_title", pa.string(), "title of the compilation, if any"),
        _f("front_matter", STRINGS, "kept lines outside reports (compilation title, table of contents)"),
        _f("flags", STRINGS, "file-level flags: replacement_chars, toc_mismatch"),
        _f("run_id", pa.string(), "the Prefect flow run (or local run id) that ingested the file"),
        _f("batch_id", pa.string(), "the batch that wrote the file's rows", False),
        _f("ingested_at", UTC_US, "when the batch was written", False),
        _f("pipeline_version", pa.string(), "docclean version and sha256 prefix of the rules used"),
    ],
    metadata=_meta(
        "files",
        "the ledger: one row per ingested file version (and per member of a zip bundle); written last in a batch",
    ),
)

# Near-duplicates (issue 13). Signatures are written by the worker with its shard's other parts; the
# near-duplicate answers by the flow when it commits the shard (it needs every earlier signature).
MINHASH_SCHEME = b"minhash_scheme"  # schema metadata: the signature scheme, cleaners.neardup.SCHEME

SIGNATURES = pa.schema(
    [
        _f("report_id", pa.string(), "the report (reports.report_id)", False),
        _f("source_path", pa.string(), "path relative to the inbox, '/'-separated", False),
        _f("source_sha256", pa.string(), "sha256 of the raw file's bytes", False),
        _f("ordinal", pa.int32(), "1-based position of the report in its file", False),
        _f(
            "ingested_at",
            UTC_US,
            "when the batch was written: ingestion order with source_path, ordinal",
            False,
        ),
        _f("minhash", pa.binary(512), "128 little-endian uint32 buckets; null: too short to compare"),
        _f("batch_id", pa.string(), "the batch that wrote this row; joins the files ledger", False),
    ],
    metadata=_meta("signatures", "one row per report: its MinHash signature (no text)")
    | {MINHASH_SCHEME: b"oph-char5-128-v1"},
)

NEAR_DUPS = pa.schema(
    [
        _f("report_id", pa.string(), "the report answered", False),
        _f("source_path", pa.string(), "the report's file, '/'-separated", False),
        _f("source_sha256", pa.string(), "the report's file version", False),
        _f("batch_id", pa.string(), "the batch that ingested the report; joins the files ledger", False),
        _f("near_dup_of", pa.string(), "report_id of the earliest-ingested near-duplicate; null: none"),
        _f("near_dup_similarity", pa.float32(), "estimated Jaccard similarity with it"),
        _f(
            "resolved_in",
            pa.string(),
            "the batch whose commit wrote this answer; the latest committed wins",
            False,
        ),
    ],
    metadata=_meta("near_dups", "near-duplicate answers: a new report's, or one given again (see README)"),
)
