"""The report as HTML (Jinja2, self-contained: inline CSS and SVG figures) and as PDF (WeasyPrint)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from moksori.reports.charts import IntervalRow, interval_chart_svg, tornado_chart_svg
from moksori.reports.labels import LABELS, METHODS, TITLE
from moksori.reports.model import Finding, Report, SimulationSection

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup


class ReportRenderError(RuntimeError):
    """The report could not be written (a library missing, or the output format unknown)."""


@dataclass(frozen=True, slots=True)
class _FindingView:
    finding: Finding
    chart: Markup | None


@dataclass(frozen=True, slots=True)
class _SimulationView:
    section: SimulationSection
    chart: Markup | None


def render_html(report: Report) -> str:
    """The whole report as one HTML document with no external references."""
    from markupsafe import Markup

    template = _environment().get_template("report.html.j2")
    lang = report.settings.lang
    return template.render(
        title=TITLE,
        report=report,
        settings=report.settings,
        t=LABELS[lang],
        methods=METHODS[lang],
        css=Markup(_resource("report.css")),  # noqa: S704 - our own stylesheet, not data
        findings=[_FindingView(f, _finding_chart(f, report.settings.threshold)) for f in report.findings],
        simulations=[_SimulationView(s, _tornado(s)) for s in report.simulations],
        number=format_number,
        count=lambda value: f"<{report.settings.threshold}" if value is None else str(value),
    )


def render_pdf(report: Report, path: Path) -> Path:
    """Render the HTML to a PDF with WeasyPrint (A4, page numbers, Nanum fonts through fontconfig)."""
    try:
        from weasyprint import HTML
    except ImportError:
        raise ReportRenderError(
            "PDF reports need WeasyPrint; write --out report.html instead, or install the requirements"
        ) from None
    HTML(string=render_html(report)).write_pdf(path)
    return path


def write_report(report: Report, path: Path) -> Path:
    """Write HTML or PDF according to the file's suffix."""
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        path.write_text(render_html(report), encoding="utf-8")
        return path
    if suffix == ".pdf":
        return render_pdf(report, path)
    raise ReportRenderError(
        f"unknown report format {suffix or '(none)'!r}: use a name ending in .html or .pdf"
    )


def format_number(measure: str, value: float | None) -> str:
    """Shares as percentages, medians as whole amounts; an em dash where there is no value."""
    if value is None:
        return "—"
    if measure == "median":
        return f"{value:,.0f}"
    return f"{value:.1%}"


def _finding_chart(finding: Finding, threshold: int) -> Markup | None:
    from markupsafe import Markup

    if finding.fully_suppressed or not finding.rows:
        return None
    rows = [
        IntervalRow(
            label=r.label,
            estimate=r.estimate or 0.0,
            ci_low=r.ci_low if r.ci_low is not None else (r.estimate or 0.0),
            ci_high=r.ci_high if r.ci_high is not None else (r.estimate or 0.0),
            n=r.count,
            suppressed=r.suppressed,
        )
        for r in finding.rows
    ]
    if all(row.suppressed for row in rows):
        return None
    shares = finding.measure != "median"
    svg = interval_chart_svg(
        rows,
        title=f"{finding.claim} (n={finding.n})",
        xlabel="share" if shares else "median",
        threshold=threshold,
        shares=shares,
    )
    return Markup(svg)  # noqa: S704 - checked by charts.inline_safe: no script, no external reference


def _tornado(section: SimulationSection) -> Markup | None:
    from markupsafe import Markup

    if not section.result.sensitivity:
        return None
    svg = tornado_chart_svg(section.result, title=f"{section.model}: what drives the uncertainty")
    return Markup(svg)  # noqa: S704 - checked by charts.inline_safe: no script, no external reference


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    try:
        import jinja2
    except ImportError:
        raise ReportRenderError("HTML reports need Jinja2; install the requirements") from None
    loader = jinja2.FunctionLoader(lambda name: _resource(name))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


def _resource(name: str) -> str:
    return resources.files("moksori.reports").joinpath("templates", name).read_text(encoding="utf-8")
