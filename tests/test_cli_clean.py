"""`docclean clean`: the rule author's dry run."""

from __future__ import annotations

import json

from docclean.flows.cli import main
from tests.conftest import SAMPLES


def test_clean_json_prints_one_object_per_report(capsys):
    assert main(["clean", "--json", "--no-tokens", *map(str, SAMPLES)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 18
    first = rows[0]
    assert first["title"] == "2018年度党建工作述职报告（区委书记）" and first["unit"] == "区委书记"
    assert {"source_path", "removals", "sections", "flags", "text", "year"} <= set(first)
    assert any(r["rule_id"] == "watermark_submission_notice" for r in first["removals"])


def test_clean_human_output_shows_reports_and_removals(capsys):
    assert main(["clean", "--no-tokens", str(SAMPLES[4])]) == 0
    out = capsys.readouterr().out
    assert "collection: 2023年度抓党建工作述职报告汇编" in out
    assert "paid_marker_begin_end (paid_marker)  '##paidbegin##'" in out


def test_clean_with_tokens_gives_keywords(capsys):
    assert main(["clean", "--json", str(SAMPLES[3])]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert row["tokens"] and row["keywords"]


def test_user_rules_file_adds_a_rule(tmp_path, capsys):
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[[rule]]\nid = "advert_my_site"\ncategory = "advert"\nkind = "line"\npattern = "^本材料来自我的网站$"\n'
        'reason = "my site"\nexamples = ["本材料来自我的网站"]\nkeep = ["本材料"]\n',
        encoding="utf-8",
    )
    raw = tmp_path / "a.txt"
    raw.write_text("某某述职报告\n本材料来自我的网站\n一年来认真履职。\n", encoding="utf-8")
    assert main(["clean", "--json", "--no-tokens", "--rules", str(extra), str(raw)]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["text"] == "一年来认真履职。" and row["removals"][0]["rule_id"] == "advert_my_site"


def test_an_html_pages_dropped_chrome_is_in_the_json_output(tmp_path, capsys):
    """An HTML page's chrome elements are dropped before its lines are numbered, so they belong to no
    report: they ride on the first report's line (they were in the lake only, and a dry run showed a
    breadcrumb gone with no record of it)."""
    page = tmp_path / "p.html"
    page.write_text(
        '<html><body><div class="crumb">当前位置: 首页 &gt; 新闻</div><h1>某某述职报告</h1>'
        "<p>一年来认真履职。</p><h1>某某工作总结</h1><p>全年完成任务。</p></body></html>",
        encoding="utf-8",
    )
    assert main(["clean", "--json", "--no-tokens", str(page)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["title"] for r in rows] == ["某某述职报告", "某某工作总结"]
    first, second = ([x["removed_text"] for x in r["removals"]] for r in rows)
    assert "当前位置: 首页 > 新闻" in first and not second


def test_binary_and_missing_files_are_reported_not_crashed(tmp_path, capsys):
    png = tmp_path / "x.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    good = tmp_path / "g.txt"
    good.write_text("某某述职报告\n一年来认真履职。\n", encoding="utf-8")
    assert main(["clean", "--no-tokens", str(png), str(tmp_path / "missing.txt"), str(good)]) == 0
    captured = capsys.readouterr()
    assert "binary content: PNG image" in captured.err and "missing.txt" in captured.err
    assert "某某述职报告" in captured.out


def test_bad_rules_file_exits_2_with_the_reason(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nid = "x"\n', encoding="utf-8")
    assert main(["clean", "--rules", str(bad), str(SAMPLES[3])]) == 2
    assert "snake_case" in capsys.readouterr().err


def test_missing_rules_file_is_one_line_not_a_traceback(tmp_path, capsys):
    assert main(["clean", "--rules", str(tmp_path / "nope.toml"), str(SAMPLES[3])]) == 2
    err = capsys.readouterr().err
    assert "cannot read rules file" in err and "Traceback" not in err


def test_clean_lists_suspects_kept_for_review(tmp_path, capsys):
    """A line with weak chrome evidence inside the body stays, and `clean` says so, with its score."""
    raw = tmp_path / "a.txt"
    raw.write_text(
        "某某局2023年工作总结\n今年以来，我们认真贯彻落实上级决策部署，各项工作取得明显成效。\n"
        "网站首页改版\n全年完成投资12亿元，新建项目36个，竣工投产20个，超额完成任务。\n",
        encoding="utf-8",
    )
    assert main(["clean", "--no-tokens", str(raw)]) == 0
    out = capsys.readouterr().out
    assert "网站首页改版" in out.split("removals:")[0]  # kept in the report
    assert "detector_boilerplate" in out.split("suspects (kept")[1]
    assert main(["clean", "--json", "--no-tokens", str(raw)]) == 0
    row = json.loads(capsys.readouterr().out)
    assert [(s["text"], s["detector_id"]) for s in row["suspects"]] == [
        ("网站首页改版", "detector_boilerplate")
    ]
    assert row["suspects"][0]["score"] >= 1.5


def test_lines_kept_outside_the_reports_are_shown_not_lost(tmp_path, capsys):
    """A page title above the report's title goes to the front matter: `clean` shows it, plain and JSON."""
    page = tmp_path / "page.txt"
    page.write_text(
        "某某范文网\n2023年度个人工作总结\n今年以来，我认真履行岗位职责，较好地完成了各项工作任务。\n",
        encoding="utf-8",
    )
    assert main(["clean", "--no-tokens", str(page)]) == 0
    assert "front matter (kept outside the reports):\n  某某范文网" in capsys.readouterr().out
    assert main(["clean", "--json", "--no-tokens", str(page)]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["title"] == "2023年度个人工作总结" and row["front_matter"] == ["某某范文网"]
