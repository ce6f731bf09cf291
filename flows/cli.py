"""The `docclean` command line. Each subcommand is a thin wrapper: parse arguments, call, print."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from cleaners.errors import RulesError, UnreadableInput
from cleaners.model import Document
from cleaners.pipeline import clean_bytes
from cleaners.rules import RuleSet, with_user_rules
from flows.records import empty_dict, report_dict


def load_rules(path: str | None) -> RuleSet:
    return with_user_rules(Path(path).read_text(encoding="utf-8") if path else None)


def _show(doc: Document) -> str:
    out = [f"== {doc.source_path}  [{doc.format}, {doc.encoding} {doc.encoding_confidence:.2f}]  "
           f"{len(doc.reports)} report(s), {len(doc.removals)} removal(s)"]
    if doc.collection_title:
        out.append(f"collection: {doc.collection_title}")
    for r in doc.reports:
        out.append(f"\n--- report {r.ordinal}: {r.title or '(no title)'}")
        out.append(f"unit: {r.unit or '-'}  year: {r.year or '-'}  paragraphs: {r.paragraph_count}  "
                   f"chars: {r.char_count}  placeholders: {r.placeholder_count}  flags: {', '.join(r.flags) or '-'}")
        if r.keywords:
            out.append(f"keywords: {' '.join(r.keywords)}")
        out.append(r.text)
    out.append("\nremovals:")
    for m in doc.removals:
        out.append(f"  L{m.line_no:<5} r{m.report_ordinal:<3} {m.rule_id} ({m.category})  {m.removed_text!r}"
                   + (f" -> {m.replacement!r}" if m.replacement else ""))
    return "\n".join(out)


def cmd_clean(args: argparse.Namespace) -> int:
    rules = load_rules(args.rules)
    failed = 0
    for name in args.files:
        try:
            doc = clean_bytes(Path(name).read_bytes(), name, rules, tokens=not args.no_tokens)
        except (OSError, UnreadableInput) as exc:
            failed += 1
            print(f"docclean: {name}: {exc}", file=sys.stderr)
            continue
        if args.json:
            for row in [report_dict(doc, r) for r in doc.reports] or [empty_dict(doc)]:
                print(json.dumps(row, ensure_ascii=False))
        else:
            print(_show(doc))
    return 1 if failed and failed == len(args.files) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="docclean", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    clean = sub.add_parser("clean", help="dry run: clean files and print reports and removal records")
    clean.add_argument("files", nargs="+", help="raw files (.txt, .html)")
    clean.add_argument("--json", action="store_true", help="one JSON object per report per line")
    clean.add_argument("--rules", help="an extra rules file (TOML), applied after the shipped rules")
    clean.add_argument("--no-tokens", action="store_true", help="skip jieba tokens and keywords")
    clean.set_defaults(handler=cmd_clean)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except RulesError as exc:
        print(f"docclean: bad rules: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
