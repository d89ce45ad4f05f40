"""Inline SVG bar charts: nothing to fetch, no script, readable without the warehouse."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

ROW = 26
LABEL = 230
WIDTH = 720
COLORS = ("#2f6db3", "#e08a1e")


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[Decimal | None, ...]  # one per series
    href: str | None = None


def bar_chart(title: str, series: tuple[str, ...], bars: list[Bar], scale_max: Decimal,
              unit: str = "") -> str:
    """Horizontal bars, one group per label, one bar per series; values shown at the bar end."""
    if not bars:
        return f'<p class="empty">{escape(title)}：无数据</p>'
    span = WIDTH - LABEL - 90
    group = ROW * len(series) + 8
    height = 34 + group * len(bars) + 22
    parts = [f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" '
             f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}">',
             f'<title>{escape(title)}</title>']
    for i, name in enumerate(series):  # legend
        x = LABEL + i * 170
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{COLORS[i]}"/>'
                     f'<text x="{x + 18}" y="17">{escape(name)}</text>')
    for n, bar in enumerate(bars):
        top = 30 + n * group
        label = bar.label if len(bar.label) <= 16 else bar.label[:15] + "…"
        text = (f'<text class="label" x="{LABEL - 8}" y="{top + ROW * len(series) / 2 + 4}" '
                f'text-anchor="end"><title>{escape(bar.label)}</title>{escape(label)}</text>')
        parts.append(f'<a href="{escape(bar.href)}">{text}</a>' if bar.href else text)
        for i, value in enumerate(bar.values):
            y = top + i * ROW
            if value is None:
                parts.append(f'<text x="{LABEL + 4}" y="{y + 16}" class="na">—</text>')
                continue
            w = 0 if scale_max <= 0 else float(min(value, scale_max) / scale_max) * span
            parts.append(f'<rect class="s{i}" x="{LABEL}" y="{y + 3}" width="{w:.1f}" '
                         f'height="{ROW - 8}" fill="{COLORS[i]}"/>'
                         f'<text x="{LABEL + w + 4:.1f}" y="{y + 16}">{value}{escape(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)
