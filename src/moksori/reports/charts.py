"""Figures for reports and the web findings pages, drawn with matplotlib and returned as inline-safe SVG.

Pure: no Django, no pyplot global state (each chart has its own `Figure`), so charts can be drawn in a
web request. Text is drawn as outlines in a Korean-capable font (NanumGothic, else DejaVu Sans with a
warning), so the SVG needs no font on the reader's machine and Korean labels show. The output is
deterministic: a fixed `svg.hashsalt`, no date or creator in the metadata, no XML prolog, and element
ids prefixed by a hash of the chart so that several charts inlined in one page never share an id.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from moksori.analysis.stats.montecarlo import SimulationResult

KOREAN_FONTS = ("NanumGothic", "NanumBarunGothic", "Noto Sans CJK KR", "UnDotum")
FALLBACK_FONT = "DejaVu Sans"
HASH_SALT = "moksori"
DEFAULT_THRESHOLD = 5
INTERVAL_COLOUR = "#4a6fa5"
SUPPRESSED_COLOUR = "#888888"
TORNADO_LOW_COLOUR = "#4a6fa5"
TORNADO_HIGH_COLOUR = "#c8553d"
SUBTITLE_COLOUR = "#555555"
TORNADO_LEGEND = ("input at its 5th percentile", "input at its 95th percentile")


class ChartError(RuntimeError):
    """A chart that cannot be drawn (matplotlib missing, or nothing to draw)."""


@dataclass(frozen=True)
class IntervalRow:
    """One row of an interval chart: a point estimate with its interval, or a suppressed small cell."""

    label: str
    estimate: float
    ci_low: float
    ci_high: float
    n: int | None = None
    suppressed: bool = False


@lru_cache(maxsize=1)
def korean_font() -> str:
    """The first Korean-capable font matplotlib can find; DejaVu Sans (with a warning) if none."""
    from matplotlib import font_manager

    for family in KOREAN_FONTS:
        try:
            font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        return family
    warnings.warn(
        "No Korean font found (install fonts-nanum); chart labels in Korean will show as boxes.",
        stacklevel=2,
    )
    return FALLBACK_FONT


@contextmanager
def _chart_settings() -> Iterator[None]:
    import matplotlib

    matplotlib.use("Agg")  # never a GUI backend, also when pyplot is imported elsewhere
    settings = {
        "svg.hashsalt": HASH_SALT,
        "svg.fonttype": "path",  # outlines: no font needed by the reader, and no text to inject
        "font.family": [korean_font(), FALLBACK_FONT],  # per-glyph fallback for signs Nanum lacks
        "axes.unicode_minus": False,
        "text.parse_math": False,  # labels come from data; `$` is a dollar sign, not mathtext
        "text.usetex": False,
    }
    with matplotlib.rc_context(settings):  # type: ignore[arg-type]
        yield


def _new_figure(width: float, height: float) -> tuple[Figure, Axes]:
    try:
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - matplotlib is in requirements/base.in
        raise ChartError(
            "charts need matplotlib; ask the administrator to install the requirements"
        ) from None
    figure = Figure(figsize=(width, height))
    return figure, figure.add_subplot()


def interval_chart_svg(
    rows: Sequence[IntervalRow],
    *,
    title: str,
    xlabel: str,
    threshold: int = DEFAULT_THRESHOLD,
    shares: bool = False,
    subtitle: str = "",
    suppressed_text: str | None = None,
) -> str:
    """Dots with interval bars, one row per label (first row on top); suppressed rows show as a gap.

    With `shares`, the axis runs from 0% to 100% so a narrow interval is not drawn as a wide one.
    `subtitle` is drawn small under the title (or alone, when there is no title); `suppressed_text`
    is the note in a suppressed row, in the reader's language (default: English, with the threshold).
    """
    if not rows:
        raise ChartError("an interval chart needs at least one row")
    note = suppressed_text if suppressed_text is not None else f"suppressed (<{threshold})"
    with _chart_settings():
        figure, axes = _new_figure(7.0, 0.45 * len(rows) + 1.4)
        positions = list(range(len(rows)))[::-1]
        for position, row in zip(positions, rows, strict=True):
            _draw_interval_row(axes, position, row, note)
        axes.set_yticks(positions, [_row_label(row) for row in rows])
        axes.set_ylim(-0.7, len(rows) - 0.3)
        axes.set_xlabel(xlabel)
        if shares:
            from matplotlib.ticker import PercentFormatter

            axes.set_xlim(0.0, 1.0)
            axes.xaxis.set_major_formatter(PercentFormatter(xmax=1.0))
        _set_titles(figure, axes, title, subtitle)
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        figure.tight_layout()
        return _svg_text(figure)


def _row_label(row: IntervalRow) -> str:
    return row.label if row.n is None or row.suppressed else f"{row.label} (n={row.n})"


def _set_titles(figure: Figure, axes: Axes, title: str, subtitle: str) -> None:
    if not subtitle:
        axes.set_title(title)
        return
    # the title goes above the whole figure so that the smaller subtitle sits between it and the plot
    if title:
        figure.suptitle(title)
    axes.set_title(subtitle, fontsize="small", color=SUBTITLE_COLOUR)


def _draw_interval_row(axes: Axes, position: int, row: IntervalRow, note: str) -> None:
    if row.suppressed:
        # x in axes coordinates, y in data: the note sits in the row whatever the x range
        axes.text(
            0.02,
            position,
            note,
            transform=axes.get_yaxis_transform(),
            va="center",
            color=SUPPRESSED_COLOUR,
            style="italic",
        )
        return
    axes.hlines(position, row.ci_low, row.ci_high, color=INTERVAL_COLOUR, linewidth=2.5)
    axes.plot([row.estimate], [position], "o", color="black", markersize=5)


def tornado_chart_svg(
    result: SimulationResult, *, title: str, legend: tuple[str, str] = TORNADO_LEGEND
) -> str:
    """The sensitivity analysis of a simulation: one bar per input from its 5th to 95th percentile.

    `legend` names the low and the high bar, in the reader's language.
    """
    swings = list(reversed(result.sensitivity))  # widest at the top
    if not swings:
        raise ChartError("the simulation has no inputs to draw")
    with _chart_settings():
        figure, axes = _new_figure(7.0, 0.5 * len(swings) + 1.5)
        for position, swing in enumerate(swings):
            _draw_half_bar(axes, position, result.baseline, swing.output_at_low, TORNADO_LOW_COLOUR)
            _draw_half_bar(axes, position, result.baseline, swing.output_at_high, TORNADO_HIGH_COLOUR)
        axes.set_yticks(range(len(swings)), [s.input for s in swings])
        axes.axvline(result.baseline, color="black", linewidth=1)
        axes.set_xlabel(f"{result.output_name} {result.output_unit}".strip())
        axes.set_title(title)
        axes.legend(handles=_tornado_legend(legend), loc="lower right", fontsize="small", frameon=False)
        figure.tight_layout()
        return _svg_text(figure)


def _draw_half_bar(axes: Axes, position: int, baseline: float, value: float, colour: str) -> None:
    low, high = sorted((baseline, value))
    axes.barh(position, high - low, left=low, color=colour, height=0.6)


def _tornado_legend(legend: tuple[str, str]) -> list[object]:
    from matplotlib.patches import Patch

    low, high = legend
    return [Patch(color=TORNADO_LOW_COLOUR, label=low), Patch(color=TORNADO_HIGH_COLOUR, label=high)]


def _svg_text(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(
        buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None}
    )
    return inline_safe(buffer.getvalue())


_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.DOTALL)
# an element id, or an internal reference to one (`<use xlink:href="#...">`, `clip-path="url(#...)"`)
_INTERNAL_NAME = re.compile(r'(\bid="|href="#|url\(#)([^")]+)')
_FORBIDDEN = re.compile(r"<script|<foreignObject|\bon[a-z]+\s*=|javascript:", re.IGNORECASE)


def inline_safe(svg: str) -> str:
    """SVG text fit to inline in HTML: no prolog, comments or metadata; ids unique to this chart.

    Raises `ChartError` if anything executable or an external reference is left (it never should be:
    matplotlib writes neither, and labels are drawn as outlines).
    """
    svg = _METADATA.sub("", _COMMENT.sub("", _PROLOG.sub("", svg))).strip()
    prefix = "m" + hashlib.sha256(svg.encode("utf-8")).hexdigest()[:10] + "-"
    svg = _INTERNAL_NAME.sub(lambda match: match.group(1) + prefix + match.group(2), svg)
    _check_no_external_references(svg)
    return svg


def _check_no_external_references(svg: str) -> None:
    if _FORBIDDEN.search(svg):
        raise ChartError("chart SVG contains script or event handlers; refusing to inline it")
    for reference in re.findall(r'href="([^"]*)"', svg):
        if not reference.startswith("#"):
            raise ChartError(f"chart SVG refers outside itself ({reference[:40]}); refusing to inline it")
