"""Server-side SVG charts shared by the pages and the PDF report.

Pure Python: each function returns a markup-safe SVG string with a <title> and <desc> (named by
aria-labelledby), text labels for the axes and a legend, and no script or style attributes (the
CSP forbids them), so the same markup works in a page and in WeasyPrint. Colours come with a
marker shape and a legend label, so nothing relies on colour alone. Pages should also offer the
figures as a table.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as _escape

from django.utils.safestring import SafeString, mark_safe

# Okabe-Ito colours (readable with colour-blindness) plus two darker tones: eight series.
PALETTE = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#4D4D4D",
    "#8C564B",
]
MARKERS = ["circle", "square", "triangle", "diamond"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    """One line (or one set of bars): a label and one value per x position (None = no value)."""

    label: str
    values: Sequence[float | None]


def _text(value: object) -> str:
    return _escape(str(value), {'"': "&quot;"})


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _marker(shape: str, x: float, y: float, colour: str, label: str) -> str:
    title = f"<title>{_text(label)}</title>"
    if shape == "square":
        body = f'<rect x="{_number(x - 4)}" y="{_number(y - 4)}" width="8" height="8"'
    elif shape == "triangle":
        points = f"{_number(x)},{_number(y - 5)} {_number(x - 5)},{_number(y + 4)} "
        points += f"{_number(x + 5)},{_number(y + 4)}"
        body = f'<polygon points="{points}"'
    elif shape == "diamond":
        points = f"{_number(x)},{_number(y - 5)} {_number(x + 5)},{_number(y)} "
        points += f"{_number(x)},{_number(y + 5)} {_number(x - 5)},{_number(y)}"
        body = f'<polygon points="{points}"'
    else:
        body = f'<circle cx="{_number(x)}" cy="{_number(y)}" r="4.5"'
    return f'{body} fill="{colour}" stroke="#fff" stroke-width="1">{title}</{body.split()[0][1:]}>'


class _Frame:
    """The plot area, axes, grid and legend common to both charts."""

    def __init__(
        self,
        *,
        title: str,
        desc: str,
        series: Sequence[Series],
        y_max: float,
        y_suffix: str,
        width: int,
        height: int,
        rotate_labels: bool,
    ):
        self.id = f"chart-{next(_ids)}"
        self.title, self.desc, self.series = title, desc, list(series)
        self.y_max, self.y_suffix = y_max or 1, y_suffix
        self.width = width
        self.legend_rows = (len(self.series) + 1) // 2 if len(self.series) > 1 else 0
        self.left, self.right, self.top = (64 if rotate_labels else 52), 36, 20
        # Slanted date labels need room below the axis before the legend starts.
        self.bottom = 96 if rotate_labels else 44
        self.plot_height = height - self.top - self.bottom
        self.height = height + self.legend_rows * 24
        self.plot_width = width - self.left - self.right

    def y(self, value: float) -> float:
        return self.top + self.plot_height * (1 - min(max(value, 0), self.y_max) / self.y_max)

    def open(self) -> list[str]:
        return [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'viewBox="0 0 {self.width} {self.height}" width="100%" '
            f'aria-labelledby="{self.id}-title {self.id}-desc" font-family="{_text(FONT)}" '
            f'font-size="14">',
            f'<title id="{self.id}-title">{_text(self.title)}</title>',
            f'<desc id="{self.id}-desc">{_text(self.desc)}</desc>',
        ]

    def grid(self) -> list[str]:
        parts = ['<g class="chart-grid">']
        for step in range(5):
            value = self.y_max * step / 4
            y = _number(self.y(value))
            parts.append(
                f'<line x1="{self.left}" x2="{self.left + self.plot_width}" y1="{y}" y2="{y}" '
                f'stroke="{"#505a5f" if step == 0 else "#d3dde3"}" stroke-width="1"/>'
            )
            parts.append(
                f'<text x="{self.left - 6}" y="{_number(self.y(value) + 4)}" text-anchor="end" '
                f'fill="#0b0c0c">{_number(value)}{_text(self.y_suffix)}</text>'
            )
        parts.append("</g>")
        return parts

    def x_label(self, x: float, label: str, rotate: bool) -> str:
        y = self.top + self.plot_height + 18
        if rotate:
            return (
                f'<text x="{_number(x)}" y="{y}" text-anchor="end" fill="#0b0c0c" '
                f'transform="rotate(-35 {_number(x)} {y})">{_text(label)}</text>'
            )
        return (
            f'<text x="{_number(x)}" y="{y}" text-anchor="middle" fill="#0b0c0c">'
            f"{_text(label)}</text>"
        )

    def legend(self, bars: bool = False) -> list[str]:
        if not self.legend_rows:
            return []
        parts = ['<g class="chart-legend">']
        top = self.top + self.plot_height + self.bottom
        column_width = (self.width - self.left) / 2
        for index, series in enumerate(self.series):
            x = self.left + (index % 2) * column_width
            y = top + (index // 2) * 24 + 6
            colour = PALETTE[index % len(PALETTE)]
            shape = MARKERS[index % len(MARKERS)]
            if bars:
                parts.append(
                    f'<rect x="{_number(x + 4)}" y="{y - 8}" width="16" height="16" '
                    f'fill="{colour}"/>'
                )
            else:
                parts.append(
                    f'<line x1="{_number(x)}" x2="{_number(x + 24)}" y1="{y}" y2="{y}" '
                    f'stroke="{colour}" stroke-width="3"/>'
                )
                parts.append(_marker(shape, x + 12, y, colour, series.label))
            parts.append(
                f'<text x="{_number(x + 32)}" y="{y + 4}" fill="#0b0c0c">'
                f"{_text(series.label)}</text>"
            )
        parts.append("</g>")
        return parts


def line_chart(
    *,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    y_max: float = 100,
    y_suffix: str = "%",
    width: int = 560,
    height: int = 300,
) -> SafeString:
    """A line per series across the x labels (e.g. benchmark scores across assessments)."""
    rotate = len(x_labels) > 5
    frame = _Frame(
        title=title,
        desc=desc,
        series=series,
        y_max=y_max,
        y_suffix=y_suffix,
        width=width,
        height=height,
        rotate_labels=rotate,
    )
    count = len(x_labels)

    def x(index: int) -> float:
        if count <= 1:
            return frame.left + frame.plot_width / 2
        return frame.left + 12 + (frame.plot_width - 24) * index / (count - 1)

    parts = frame.open() + frame.grid()
    parts.append('<g class="chart-x-labels">')
    parts += [frame.x_label(x(i), label, rotate) for i, label in enumerate(x_labels)]
    parts.append("</g>")
    for index, one in enumerate(frame.series):
        colour = PALETTE[index % len(PALETTE)]
        shape = MARKERS[index % len(MARKERS)]
        points = [
            (x(i), frame.y(value), value, x_labels[i])
            for i, value in enumerate(list(one.values)[:count])
            if value is not None
        ]
        parts.append(f'<g class="chart-series"><title>{_text(one.label)}</title>')
        if len(points) > 1:
            path = " ".join(f"{_number(px)},{_number(py)}" for px, py, _, _ in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
            )
        for px, py, value, label in points:
            parts.append(
                _marker(shape, px, py, colour, f"{one.label}, {label}: {_number(value)}{y_suffix}")
            )
        parts.append("</g>")
    parts += frame.legend()
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(
    *,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    y_max: float = 100,
    y_suffix: str = "%",
    width: int = 560,
    height: int = 300,
) -> SafeString:
    """Grouped vertical bars: one group per category, one bar per series, value written above."""
    rotate = len(categories) > 8
    frame = _Frame(
        title=title,
        desc=desc,
        series=series,
        y_max=y_max,
        y_suffix=y_suffix,
        width=width,
        height=height,
        rotate_labels=rotate,
    )
    count = max(len(categories), 1)
    group_width = frame.plot_width / count
    bars = max(len(frame.series), 1)
    bar_width = min(group_width * 0.8 / bars, 40)
    # Narrow bars side by side get smaller value labels, so "100%" and "100%" do not run together.
    label_size = 13 if bar_width >= 36 else 10
    parts = frame.open() + frame.grid()
    parts.append('<g class="chart-x-labels">')
    parts += [
        frame.x_label(frame.left + group_width * (i + 0.5), label, rotate)
        for i, label in enumerate(categories)
    ]
    parts.append("</g>")
    baseline = frame.y(0)
    for index, one in enumerate(frame.series):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<g class="chart-series"><title>{_text(one.label)}</title>')
        for i, (label, value) in enumerate(zip(categories, one.values, strict=False)):
            if value is None:
                continue
            left = frame.left + group_width * i + (group_width - bar_width * bars) / 2
            left += bar_width * index
            top = frame.y(value)
            parts.append(
                f'<rect x="{_number(left)}" y="{_number(top)}" width="{_number(bar_width - 2)}" '
                f'height="{_number(baseline - top)}" fill="{colour}">'
                f"<title>{_text(f'{one.label}, {label}: {_number(value)}{y_suffix}')}</title>"
                "</rect>"
            )
            parts.append(
                f'<text x="{_number(left + (bar_width - 2) / 2)}" y="{_number(top - 4)}" '
                f'text-anchor="middle" font-size="{label_size}" fill="#0b0c0c">'
                f"{_number(value)}{_text(y_suffix)}</text>"
            )
        parts.append("</g>")
    parts += frame.legend(bars=True)
    parts.append("</svg>")
    return mark_safe("".join(parts))


# Diverging scale colours: two oranges (disagree), a grey (neutral), two blues (agree), readable
# with colour-blindness and always with the legend and the share written in each segment.
DIVERGING = ["#A63603", "#E6550D", "#969696", "#6BAED6", "#08519C"]


def diverging_bar(
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    shares: Sequence[float],
    width: int = 560,
) -> SafeString:
    """One horizontal bar of an agreement scale, centred on the neutral answer.

    `labels` and `shares` (0-100) run from the most negative answer to the most positive, with an
    odd number of them; disagreement grows to the left of the centre line, agreement to the right,
    and the neutral answer sits across it. A legend names every segment, each with its share.
    """
    chart_id = f"chart-{next(_ids)}"
    count = len(labels)
    middle = count // 2
    left_margin, right_margin, bar_top, bar_height = 12, 12, 10, 34
    plot = width - left_margin - right_margin
    centre = left_margin + plot / 2
    scale = plot / 200  # 100% each side of the centre
    legend_top = bar_top + bar_height + 28
    legend_rows = (count + 1) // 2
    height = legend_top + legend_rows * 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{_text(FONT)}" '
        f'font-size="14">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(desc)}</desc>',
    ]
    neutral = shares[middle] if count % 2 else 0.0
    segments: list[tuple[float, float, int]] = []  # (x, width, index)
    x = centre - neutral * scale / 2
    for index in range(middle - 1, -1, -1):  # the negative answers, outwards from the centre
        w = shares[index] * scale
        x -= w
        segments.append((x, w, index))
    if count % 2:
        segments.append((centre - neutral * scale / 2, neutral * scale, middle))
    x = centre + neutral * scale / 2
    for index in range(middle + count % 2, count):
        w = shares[index] * scale
        segments.append((x, w, index))
        x += w
    for x, w, index in sorted(segments, key=lambda s: s[2]):
        if w <= 0:
            continue
        colour = DIVERGING[round(index * (len(DIVERGING) - 1) / max(count - 1, 1))]
        label = f"{labels[index]}: {_number(shares[index])}%"
        parts.append(
            f'<rect x="{_number(x)}" y="{bar_top}" width="{_number(w)}" height="{bar_height}" '
            f'fill="{colour}"><title>{_text(label)}</title></rect>'
        )
        if w >= 34:
            text_colour = "#0b0c0c" if index == middle and count % 2 else "#ffffff"
            parts.append(
                f'<text x="{_number(x + w / 2)}" y="{bar_top + bar_height / 2 + 5}" '
                f'text-anchor="middle" fill="{text_colour}" font-size="13">'
                f"{_number(shares[index])}%</text>"
            )
    # The centre marked above and below the bar, clear of the neutral share written across it.
    for y1, y2 in ((bar_top - 7, bar_top), (bar_top + bar_height, bar_top + bar_height + 7)):
        parts.append(
            f'<line x1="{_number(centre)}" x2="{_number(centre)}" y1="{y1}" y2="{y2}" '
            f'stroke="#0b0c0c" stroke-width="2"/>'
        )
    parts.append('<g class="chart-legend">')
    column = plot / 2
    for index, name in enumerate(labels):
        lx = left_margin + (index % 2) * column
        ly = legend_top + (index // 2) * 24
        colour = DIVERGING[round(index * (len(DIVERGING) - 1) / max(count - 1, 1))]
        parts.append(
            f'<rect x="{_number(lx)}" y="{ly - 12}" width="16" height="16" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{_number(lx + 24)}" y="{ly + 1}" fill="#0b0c0c">'
            f"{_text(name)} ({_number(shares[index])}%)</text>"
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))
