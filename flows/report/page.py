"""HTML for `docclean report`: one self-contained page, inline CSS, bar charts drawn as inline SVG; the
skeleton and the per-file review pages are Jinja2 templates (templates/, autoescaped).

Every helper escapes the text it is given; only values already wrapped in Html (made here) pass
through as markup. Nothing is fetched: no scripts, fonts or images from anywhere.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from docclean.flows.lake.query import clip, width

# The page skeleton and the per-file pages are Jinja2 templates, autoescaped: a value is markup only when
# it is Markup (Html made by the helpers below, which escape what they are given)
TEMPLATES = Environment(
    loader=PackageLoader("docclean.flows.report", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


class Html(str):
    """Markup made by this module: trusted, never escaped again."""


def esc(value: Any) -> Html:
    if isinstance(value, Html):
        return value
    if isinstance(value, float):
        value = f"{value:,.2f}" if abs(value) < 1 else f"{value:,.1f}"
    elif isinstance(value, int):
        value = f"{value:,}"
    return Html(html.escape("" if value is None else str(value)))


def join(parts: Iterable[Any]) -> Html:
    return Html("".join(esc(p) for p in parts))


CSS = """
:root { --ink: #1f2933; --muted: #65748b; --line: #e3e8ef; --bar: #3b6fb6; --warn: #c2410c; --bg: #f7f9fb; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.5 system-ui, -apple-system,
  "Segoe UI", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 24px; margin: 0 0 2px; } h2 { font-size: 18px; margin: 0 0 4px; }
h3 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); font-weight: 600; }
.sub, .note { color: var(--muted); margin: 0 0 12px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0 20px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 130px; }
.card b { display: block; font-size: 22px; } .card span { color: var(--muted); font-size: 12px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 0 0 18px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 8px 28px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 4px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; background: #fafbfc; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, .ex { font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; font-size: 12px; }
.ex { display: inline-block; background: #fff4ed; color: #7c2d12; border-radius: 4px; padding: 0 5px;
  margin: 1px 4px 1px 0; white-space: pre-wrap; word-break: break-all; }
.empty { color: var(--muted); font-style: italic; }
svg { max-width: 100%; height: auto; } svg text { font-size: 12px; fill: var(--ink); } svg .axis { fill: var(--muted); font-size: 11px; }
svg rect.bar { fill: var(--bar); } svg rect.warn { fill: var(--warn); }
"""


def page(title: str, subtitle: str, cards: Sequence[tuple[str, Any]], body: Sequence[Html]) -> str:
    """The whole page (templates/base.html): `body` is markup made here, everything else is escaped."""
    shown = [(name, Markup(esc(value))) for name, value in cards]  # numbers formatted as esc does
    return (
        TEMPLATES.get_template("base.html").render(
            title=title, subtitle=subtitle, cards=shown, body=Markup(join(body)), css=Markup(CSS)
        )
        + "\n"
    )


def section(title: str, note: str, *parts: Html) -> Html:
    intro = f'<p class="note">{esc(note)}</p>' if note else ""
    return Html(f"<section><h2>{esc(title)}</h2>{intro}{join(parts)}</section>")


def grid(*parts: Html) -> Html:
    return Html(f'<div class="grid">{join(parts)}</div>')


def titled(title: str, part: Html) -> Html:
    return Html(f"<div><h3>{esc(title)}</h3>{part}</div>")


def empty(text: str = "none") -> Html:
    return Html(f'<p class="empty">{esc(text)}</p>')


def examples(texts: Sequence[str], limit: int = 60) -> Html:
    """Removed texts as visible chips; clipped, so one huge removal cannot swamp the page."""
    return join(Html(f'<span class="ex">{esc(clip(t, limit))}</span>') for t in texts)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = ()) -> Html:
    if not rows:
        return empty()
    head = join(Html(f"<th{' class=n' if i in numeric else ''}>{esc(h)}</th>") for i, h in enumerate(headers))
    body = join(
        Html(
            "<tr>"
            + join(Html(f"<td{' class=n' if i in numeric else ''}>{esc(v)}</td>") for i, v in enumerate(row))
            + "</tr>"
        )
        for row in rows
    )
    return Html(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _svg(w: int, h: int, inner: str) -> Html:
    return Html(f'<svg role="img" width="{w}" height="{h}" viewBox="0 0 {w} {h}">{inner}</svg>')


def _label_px(text: str) -> float:
    return width(text) * 6.6  # 12 px type: a CJK character is two columns, ≈13 px


def hbar(items: Sequence[tuple[str, float]], warn: bool = False, chart_width: int = 520) -> Html:
    """Horizontal bars, one row per label, value at the end of each bar."""
    if not items:
        return empty()
    labels = [clip(label or "(none)", 28) for label, _ in items]
    left = min(max(_label_px(label) for label in labels) + 12, 220)
    top, row = max((v for _, v in items), default=0) or 1, 19
    space = chart_width - left - 60
    bars = []
    for i, (label, (_, value)) in enumerate(zip(labels, items, strict=True)):
        y, w = i * row, max(value / top * space, 1 if value else 0)
        bars.append(
            f'<text x="{left - 8:.0f}" y="{y + 14}" text-anchor="end">{esc(label)}</text>'
            f'<rect class="{"warn" if warn else "bar"}" x="{left:.0f}" y="{y + 3}" width="{w:.1f}" height="14" rx="2">'
            f"<title>{esc(label)}: {esc(value)}</title></rect>"
            f'<text class="axis" x="{left + w + 6:.1f}" y="{y + 14}">{esc(value)}</text>'
        )
    height = len(items) * row + 4
    return _svg(chart_width, height, "".join(bars))


def columns(items: Sequence[tuple[str, float, str]], chart_width: int = 1100, height: int = 150) -> Html:
    """Vertical bars in time order: (x label, value, tooltip); a few x labels only, so they never overlap."""
    if not items:
        return empty()
    top = max(v for _, v, _ in items) or 1
    step = min((chart_width - 50) / len(items), 60)
    every = max(1, int(120 // step) + 1)
    base = height - 24
    out = [
        f'<text class="axis" x="0" y="12">{esc(top)}</text>',
        f'<line x1="40" y1="{base}" x2="{chart_width}" y2="{base}" stroke="#cbd2d9"/>',
    ]
    for i, (label, value, tip) in enumerate(items):
        x, h = 44 + i * step, value / top * (base - 18)
        out.append(
            f'<rect class="bar" x="{x:.1f}" y="{base - h:.1f}" width="{min(max(step * 0.7, 1), 40):.1f}" '
            f'height="{h:.1f}" rx="1"><title>{esc(tip)}</title></rect>'
        )
        if i % every == 0:
            out.append(f'<text class="axis" x="{x:.1f}" y="{height - 6}">{esc(label)}</text>')
    return _svg(chart_width, height, "".join(out))
