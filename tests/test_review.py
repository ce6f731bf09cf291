"""Reviewing what was removed: `docclean show FILE`, the report's suspects and its per-file pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docclean.cleaners.engine import clean_text
from docclean.cleaners.rules import parse_rules
from docclean.flows.cli import main
from docclean.flows.lake.store import Lake
from docclean.flows.report import review
from tests.conftest import SAMPLES
from tests.formats.builders import zip_of
from tests.test_lake import cleaner, payload, write  # noqa: F401  (cleaner: a fixture)
from tests.test_suspects_lake import SUSPECT_LINE, WITH_SUSPECT

NOTICE = "本文系邮箱投稿，仅供学习参考，请勿照搬照抄！"
SOURCE = WITH_SUSPECT.replace("\n", f"\n{NOTICE}\n", 1)  # a watermark after the title
HOSTILE = "<i>x<i>&.txt"
CUT = "某某局2022年工作总结\n今年以来，我们认真贯彻落实上级决策部署，各项工作取得明显成效，全年完成投资12亿元，新建"


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text(SOURCE, encoding="utf-8")
    (folder / HOSTILE).write_text(SOURCE, encoding="utf-8")
    (folder / "b.zip").write_bytes(zip_of({"in/a.txt": SOURCE.encode()}))
    (folder / SAMPLES[0].name).write_bytes(SAMPLES[0].read_bytes())
    for i in range(3):  # truncated reports: flagged
        (folder / f"cut{i}.txt").write_text(CUT + "项目" * i, encoding="utf-8")
    return folder


def test_show_strikes_removals_labels_them_and_marks_suspects_and_reports(inbox, capsys):
    assert main(["show", str(inbox / "a.txt")]) == 0
    out = capsys.readouterr().out
    assert f"[-{NOTICE}-]‹watermark_submission_notice›" in out  # struck (piped: marked) and labelled
    assert "━━ report 1: 某某局2023年工作总结 ━━" in out
    [suspect] = [line for line in out.splitlines() if SUSPECT_LINE in line]
    assert "? suspect detector_boilerplate" in suspect and "[-" not in suspect  # kept, highlighted


def test_show_finds_a_lake_path_under_the_inbox_and_a_zip_member(inbox, capsys):
    assert main(["show", "--inbox", str(inbox), "b.zip!/in/a.txt"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("== b.zip!/in/a.txt") and "‹watermark_submission_notice›" in out
    assert main(["show", "--inbox", str(inbox), "gone.txt"]) == 1
    err = capsys.readouterr().err
    assert "gone.txt: not a file" in err and "Traceback" not in err


def test_a_suspect_rule_is_one_paste_away_and_removes_only_that_line():
    rule = review.suspect_rule(SUSPECT_LINE, "site_chrome", "a.txt")
    rules = parse_rules(rule)
    cleaned = clean_text(f"{SUSPECT_LINE}\n今年以来，{SUSPECT_LINE}工作顺利完成。\n", rules)
    assert [line.text for line in cleaned.lines] == [f"今年以来，{SUSPECT_LINE}工作顺利完成。"]


@pytest.fixture
def report(tmp_path, inbox, cleaner, monkeypatch) -> tuple[str, Path]:  # noqa: F811
    where = Lake.at(tmp_path / "lake")
    names = ["a.txt", HOSTILE, "b.zip", SAMPLES[0].name, "cut0.txt", "cut1.txt", "cut2.txt"]
    write(where, [payload(n, (inbox / n).read_bytes()) for n in names], cleaner)
    monkeypatch.setattr("docclean.flows.report.MAX_ROWS", 1)  # a big lake's flagged table, in small
    out = tmp_path / "report.html"
    assert main(["report", "--lake", str(where.root), "--inbox", str(inbox), "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8"), out


def test_the_report_lists_suspects_with_their_rule(report):
    page, _ = report
    suspects = page.split("<h2>Suspects</h2>", 1)[1].split("</section>", 1)[0]
    assert SUSPECT_LINE in suspects and "detector_boilerplate" in suspects
    assert "[[rule]]" in suspects and "site_chrome_suspect_" in suspects


def test_the_flagged_table_says_how_many_rows_are_hidden_and_how_to_list_them(report):
    page, _ = report
    flagged = page.split("<h2>Flagged reports</h2>", 1)[1].split("</section>", 1)[0]
    assert "1 of 3 flagged reports shown, 2 hidden" in flagged
    assert "docclean query" in flagged


def test_per_file_pages_strike_removals_and_mark_suspects(report):
    page, out = report
    links = re.findall(r'href="(report_files/[0-9a-f]{16}\.html)"', page)
    assert links, "the report links to per-file pages"
    pages = {link: (out.parent / link).read_text(encoding="utf-8") for link in set(links)}
    [a_page] = [p for p in pages.values() if "<h1>a.txt</h1>" in p]
    assert f'<del title="watermark_submission_notice">{NOTICE}</del>' in a_page
    assert "<mark" in a_page and SUSPECT_LINE in a_page.split("<mark", 1)[1]
    assert "report 1: 某某局2023年工作总结" in a_page
    assert '"Noto Sans CJK SC"' in a_page and '"Noto Sans CJK SC"' in page  # CSS is not escaped
    hostile = [p for p in pages.values() if "&lt;i&gt;x&lt;i&gt;&amp;.txt" in p]
    assert hostile and all("<i>x<i>" not in p for p in pages.values())  # autoescaped
