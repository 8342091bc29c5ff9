"""The one chart helper: bar, stacked bar and line charts as SVG, PNG and a text alternative.

Charts are drawn on matplotlib's Agg canvas directly (no pyplot, no global backend), saved with a fixed
hash salt and without dates or version metadata, so the same data always give the same
SVG and PNG bytes. Numbers on axes, labels, the text alternative and the data table are
formatted by :mod:`cirkular.reports.numbers` for the chart's language. A :class:`Chart`
becomes a document :class:`~cirkular.reports.document.Figure` with :meth:`Chart.figure`.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import Formatter, MaxNLocator

from cirkular.reports.document import Figure, Table
from cirkular.reports.numbers import Number, numbers

# Dark green first (the documents' colour), then the Okabe–Ito colours, which stay apart
# for the common kinds of colour blindness.
COLOURS = ("#1d5e3a", "#e69f00", "#56b4e9", "#cc79a7", "#0072b2", "#d55e00", "#009e73", "#7f7f7f")
INK = "#1a1a1a"
GRID = "#d9e3dc"
SIZE = (8.0, 4.5)  # inches, 16:9
DPI = 150
RC: dict[Any, Any] = {
    "svg.hashsalt": "cirkular",
    "svg.fonttype": "path",  # text as outlines: no font needed where the SVG is shown
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.edgecolor": "#6b6b6b",
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "path.simplify": False,
}
ALT_LIMIT = 12  # points listed one by one in the text alternative

WORDS = {
    "sv": {
        "bar": "Stapeldiagram",
        "stacked": "Staplat stapeldiagram",
        "line": "Linjediagram",
        "category": "Kategori",
        "time": "Tidpunkt",
        "low": "Lågt",
        "high": "Högt",
        "total": "totalt",
        "more": "och {n} till",
        "from_to": "från {first} ({a}) till {last} ({b}), högst {top} ({at})",
    },
    "en": {
        "bar": "Bar chart",
        "stacked": "Stacked bar chart",
        "line": "Line chart",
        "category": "Category",
        "time": "Date",
        "low": "Low",
        "high": "High",
        "total": "total",
        "more": "and {n} more",
        "from_to": "from {first} ({a}) to {last} ({b}), highest {top} ({at})",
    },
}

_lock = threading.Lock()  # rcParams are global: draw one chart at a time


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Number, ...]


@dataclass(frozen=True)
class Chart:
    svg: str  # the <svg> element, without XML prolog
    png: bytes
    alt: str  # text alternative, in the chart's language
    data: Table  # the data, formatted

    def figure(self, caption: str = "", with_data: bool = True) -> Figure:
        return Figure(self.svg, self.png, self.alt, caption, self.data if with_data else None)

    def inline_svg(self, ident: str = "chart-title") -> str:
        """The SVG for a web page: ``role="img"`` with the text alternative as its title."""
        from cirkular.reports.render import accessible_svg

        return accessible_svg(self.svg, self.alt, ident)


def _words(language: str) -> dict[str, str]:
    return WORDS["en" if language.startswith("en") else "sv"]


def _float(value: Number) -> float:
    return float(value)


def _digits(values: Sequence[Number]) -> int:
    """0 decimals when every value is whole, else 1."""
    return 0 if all(Decimal(str(v)) == Decimal(str(v)).to_integral_value() for v in values) else 1


def _with_unit(text: str, unit: str) -> str:
    return f"{text}\u00a0{unit}" if unit else text


def _listing(parts: list[str], language: str) -> str:
    if len(parts) > ALT_LIMIT:
        rest = len(parts) - ALT_LIMIT
        parts = [*parts[:ALT_LIMIT], _words(language)["more"].format(n=rest)]
    return "; ".join(parts)


def _new_figure() -> tuple[MplFigure, Any]:
    fig = MplFigure(figsize=SIZE, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    return fig, ax


class _TickFormatter(Formatter):
    """Tick labels through the number formatter, with as few decimals as the ticks need."""

    def __init__(self, language: str) -> None:
        self.fmt = numbers(language)
        self.digits = 0

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.fmt.number(float(x), self.digits)

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        self.digits = next((d for d in range(4) if all(abs(round(float(v), d) - float(v)) < 1e-9 for v in values)), 3)
        return [self(v) for v in values]


def _value_axis(ax: Any, axis: str, language: str, unit: str) -> None:
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    target.set_major_formatter(_TickFormatter(language))
    ax.grid(axis=axis, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    if unit:
        (ax.set_xlabel if axis == "x" else ax.set_ylabel)(unit)


def _render(fig: MplFigure) -> tuple[str, bytes]:
    svg_buffer, png_buffer = io.BytesIO(), io.BytesIO()
    fig.savefig(svg_buffer, format="svg", metadata={"Date": None, "Creator": None})
    fig.savefig(png_buffer, format="png", dpi=DPI, metadata={"Software": None})
    svg = svg_buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :], png_buffer.getvalue()


def _draw(build: Any) -> tuple[str, bytes]:
    with _lock, matplotlib.rc_context(RC):
        fig = build()
        return _render(fig)


def _broken(xs: list[float], ys: list[float], gap: float | None) -> tuple[list[float], list[float]]:
    """The points with a NaN between two that lie more than ``gap`` apart (Matplotlib breaks the line there)."""
    if gap is None or len(xs) < 2:
        return xs, ys
    out_x, out_y = [xs[0]], [ys[0]]
    for before, x, y in zip(xs, xs[1:], ys[1:], strict=False):
        if x - before > gap:
            out_x.append((before + x) / 2)
            out_y.append(float("nan"))
        out_x.append(x)
        out_y.append(y)
    return out_x, out_y


def _month_ticks(first: int, last: int) -> list[dt.date]:
    """First days of months between two day numbers, every 1, 2, 3, 6, 12 or 24 months so that
    there are at most 8."""
    start, end = dt.date.fromordinal(first), dt.date.fromordinal(last)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= 8), 120)
    index = start.year * 12 + start.month - 1
    index += -index % step  # align to the step: January, April, July … for quarters
    ticks = []
    while True:
        tick = dt.date(index // 12, index % 12 + 1, 1)
        if tick > end:
            break
        if tick >= start:
            ticks.append(tick)
        index += step
    return ticks


def bar_chart(
    categories: Sequence[str],
    values: Sequence[Number],
    *,
    title: str,
    language: str,
    unit: str = "",
    ranges: Sequence[tuple[Number, Number]] | None = None,
    horizontal: bool | None = None,
    category_label: str = "",
    value_label: str = "",
    digits: int | None = None,
) -> Chart:
    """One bar per category; ``ranges`` (low, high) are drawn as error bars and listed."""
    if len(values) != len(categories) or (ranges is not None and len(ranges) != len(categories)):
        raise ValueError("categories, values and ranges must have the same length")
    words, fmt = _words(language), numbers(language)
    if horizontal is None:
        horizontal = len(categories) > 6 or any(len(c) > 14 for c in categories)
    shown = [*values, *(v for r in ranges or () for v in r)]
    if digits is None:
        digits = _digits(shown) if shown else 0

    def build() -> MplFigure:
        fig, ax = _new_figure()
        positions = list(range(len(categories)))
        heights = [_float(v) for v in values]
        errors = None
        if ranges is not None:
            errors = [
                [max(0.0, h - _float(lo)) for h, (lo, _) in zip(heights, ranges, strict=True)],
                [max(0.0, _float(hi) - h) for h, (_, hi) in zip(heights, ranges, strict=True)],
            ]
        err_style = {"ecolor": INK, "capsize": 4, "elinewidth": 1.2}
        if horizontal:
            bars = ax.barh(positions, heights, color=COLOURS[0], xerr=errors, error_kw=err_style, height=0.6)
            ax.set_yticks(positions, list(categories))
            ax.invert_yaxis()
            _value_axis(ax, "x", language, unit)
        else:
            bars = ax.bar(positions, heights, color=COLOURS[0], yerr=errors, error_kw=err_style, width=0.6)
            ax.set_xticks(positions, list(categories))
            _value_axis(ax, "y", language, unit)
        if ranges is None:
            labels = [fmt.number(v, digits) for v in values]
            ax.bar_label(bars, labels=labels, padding=3, color=INK, fontsize=10)
            ax.margins(**({"x": 0.12} if horizontal else {"y": 0.12}))
        return fig

    svg, png = _draw(build)
    parts = []
    for i, (category, value) in enumerate(zip(categories, values, strict=True)):
        text = _with_unit(fmt.number(value, digits), unit)
        if ranges is not None:
            text += f" ({fmt.range(ranges[i][0], ranges[i][1], digits=digits)})"
        parts.append(f"{category}: {text}")
    alt = f"{words['bar']}: {title}. {_listing(parts, language)}."
    head = category_label or words["category"]
    column = value_label or (f"{title} ({unit})" if unit else title)
    if ranges is None:
        data = Table((head, column), tuple((c, fmt.number(v, digits)) for c, v in zip(categories, values, strict=True)))
    else:
        data = Table(
            (head, column, words["low"], words["high"]),
            tuple(
                (c, fmt.number(v, digits), fmt.number(r[0], digits), fmt.number(r[1], digits))
                for c, v, r in zip(categories, values, ranges, strict=True)
            ),
        )
    return Chart(svg, png, alt, Table(data.columns, data.rows, title))


def _check_series(length: int, series: Sequence[Series]) -> None:
    if not series or any(len(s.values) != length for s in series):
        raise ValueError("every series needs one value per category")


def stacked_bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    language: str,
    unit: str = "",
    horizontal: bool | None = None,
    category_label: str = "",
    digits: int | None = None,
) -> Chart:
    """Bars made of one segment per series, with a legend and totals."""
    _check_series(len(categories), series)
    words, fmt = _words(language), numbers(language)
    if horizontal is None:
        horizontal = len(categories) > 6 or any(len(c) > 14 for c in categories)
    totals = [sum((Decimal(str(s.values[i])) for s in series), Decimal(0)) for i in range(len(categories))]
    if digits is None:
        digits = _digits([v for s in series for v in s.values])

    def build() -> MplFigure:
        fig, ax = _new_figure()
        positions = list(range(len(categories)))
        base = [0.0] * len(categories)
        for n, s in enumerate(series):
            heights = [_float(v) for v in s.values]
            colour = COLOURS[n % len(COLOURS)]
            if horizontal:
                ax.barh(positions, heights, left=base, color=colour, label=s.name, height=0.6)
            else:
                ax.bar(positions, heights, bottom=base, color=colour, label=s.name, width=0.6)
            base = [b + h for b, h in zip(base, heights, strict=True)]
        if horizontal:
            ax.set_yticks(positions, list(categories))
            ax.invert_yaxis()
            _value_axis(ax, "x", language, unit)
        else:
            ax.set_xticks(positions, list(categories))
            _value_axis(ax, "y", language, unit)
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=min(4, len(series)))
        return fig

    svg, png = _draw(build)
    parts = []
    for i, category in enumerate(categories):
        pieces = ", ".join(f"{s.name} {fmt.number(s.values[i], digits)}" for s in series)
        parts.append(f"{category}: {pieces} ({words['total']} {_with_unit(fmt.number(totals[i], digits), unit)})")
    alt = f"{words['stacked']}: {title}. {_listing(parts, language)}."
    columns = (category_label or words["category"], *(s.name for s in series))
    rows = tuple((c, *(fmt.number(s.values[i], digits) for s in series)) for i, c in enumerate(categories))
    return Chart(svg, png, alt, Table(columns, rows, title))


def line_chart(
    x: Sequence[dt.date] | Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    language: str,
    unit: str = "",
    x_label: str = "",
    digits: int | None = None,
    date_format: str = "medium",
    gap_days: int | None = None,
) -> Chart:
    """One line per series over time (dates, spaced by time) or over labelled steps.

    ``date_format`` (a CLDR pattern or length) names the dates in the text alternative and
    the table: "MMMM y" for monthly figures, say. With ``gap_days``, dates further apart
    than that are not joined: a period without a figure is not drawn as if it had one.
    """
    _check_series(len(x), series)
    words, fmt = _words(language), numbers(language)
    is_dates = all(isinstance(v, dt.date) for v in x)
    labels = [fmt.date(v, date_format) if isinstance(v, dt.date) else str(v) for v in x]
    if digits is None:
        digits = _digits([v for s in series for v in s.values])

    def build() -> MplFigure:
        fig, ax = _new_figure()
        if is_dates:
            days = [v.toordinal() for v in x if isinstance(v, dt.date)]
            positions = [float(d) for d in days]
            ticks = _month_ticks(min(days), max(days))
            ax.set_xticks([float(t.toordinal()) for t in ticks], [fmt.date(t, "MMM y") for t in ticks])
        else:
            positions = list(range(len(x)))
            ax.set_xticks(positions, labels)
        for n, s in enumerate(series):
            xs, ys = _broken(positions, [_float(v) for v in s.values], gap_days if is_dates else None)
            ax.plot(
                xs,
                ys,
                color=COLOURS[n % len(COLOURS)],
                marker="os^Dv<>p"[n % 8],
                linewidth=2,
                label=s.name,
            )
        _value_axis(ax, "y", language, unit)
        if all(_float(v) >= 0 for s in series for v in s.values):
            ax.set_ylim(bottom=0)  # shares and counts read right only from zero
        if len(series) > 1:
            ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=min(4, len(series)))
        return fig

    svg, png = _draw(build)
    parts = []
    for s in series:
        if len(x) <= ALT_LIMIT:
            points = ", ".join(f"{fmt.number(v, digits)} ({label})" for label, v in zip(labels, s.values, strict=True))
            parts.append(f"{s.name}: {points}")
        else:
            top = max(range(len(x)), key=lambda i: _float(s.values[i]))
            summary = words["from_to"].format(
                first=fmt.number(s.values[0], digits),
                a=labels[0],
                last=fmt.number(s.values[-1], digits),
                b=labels[-1],
                top=fmt.number(s.values[top], digits),
                at=labels[top],
            )
            parts.append(f"{s.name}: {summary}")
    unit_note = f" ({unit})" if unit else ""
    alt = f"{words['line']}: {title}{unit_note}. {'; '.join(parts)}."
    columns = (x_label or (words["time"] if is_dates else words["category"]), *(s.name for s in series))
    rows = tuple((label, *(fmt.number(s.values[i], digits) for s in series)) for i, label in enumerate(labels))
    return Chart(svg, png, alt, Table(columns, rows, title))
