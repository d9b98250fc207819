"""The report as HTML (Jinja2, self-contained: inline CSS and SVG figures) and as PDF (WeasyPrint)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from moksori.reports.category_labels import builtin_claim, category_label
from moksori.reports.caveat_forms import parse_caveat
from moksori.reports.charts import IntervalRow, interval_chart_svg, tornado_chart_svg
from moksori.reports.labels import CAVEATS, COUNTED_NOUNS, LABELS, METHODS, TITLE, Language
from moksori.reports.model import Finding, Report, ReportSettings, SimulationSection

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup


# the median groups the claim evaluator names in English; the others are years
MEDIAN_GROUP_WORDS = {"unknown": "unknown_year", "all": "all"}


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
        findings=[_FindingView(f, _finding_chart(f, report.settings)) for f in report.findings],
        simulations=[_SimulationView(s, _tornado(s, lang)) for s in report.simulations],
        number=format_number,
        label=lambda finding, row: row_label(finding, row.label, lang),
        unit=lambda name: unit_label(name, lang),
        caveat=lambda text: caveat_text(text, lang),
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


def row_label(finding: Finding, label: str, lang: Language) -> str:
    """What the reader sees for a row of `finding`: a vocabulary label, a unit or a year, not a code.

    A category the vocabularies cannot label is shown by its code rather than left out.
    """
    words = LABELS[lang]
    if finding.measure == "proportion":
        return unit_label(finding.unit, lang)
    if finding.measure == "median":
        word = MEDIAN_GROUP_WORDS.get(label)
        return label if word is None else words[word]
    claim = builtin_claim(finding.claim)
    found = category_label(claim, label, lang)
    if found is not None:
        return found
    if claim is not None and label == claim.other_category:
        return words["other"]
    return label


def unit_label(unit: str, lang: Language) -> str:
    """The plural of a claim's unit (survivor, event) in `lang`; the unit itself if unknown."""
    return LABELS[lang].get(f"unit_{unit}", unit)


def caveat_text(caveat: str, lang: Language) -> str:
    """A claim's caveat in `lang`, rebuilt from its numbers; as written when its form is unknown.

    A caveat is never dropped: a sentence the forms cannot read is still a warning the reader needs.
    """
    parsed = parse_caveat(caveat)
    template = None if parsed is None else CAVEATS[lang].get(parsed[0])
    if parsed is None or template is None:
        return caveat
    return template.format_map(_caveat_values(parsed[1], lang))


def _caveat_values(parameters: dict[str, str], lang: Language) -> dict[str, str]:
    values = dict(parameters)
    if "unit" in values:
        values["unit"] = unit_label(values["unit"], lang)
    for name, (singular, plural) in COUNTED_NOUNS[lang].items():
        if name in values:
            count = values[name]
            values[name] = (singular if int(count) == 1 else plural).format(count=count)
    return values


def axis_label(finding: Finding, lang: Language) -> str:
    """The x axis of a finding's chart: share, or median with the currency amounts are converted to."""
    words = LABELS[lang]
    if finding.measure != "median":
        return words["share"]
    claim = builtin_claim(finding.claim)
    currency = claim.value.convert_to if claim is not None and claim.value is not None else ""
    return f"{words['median']} ({currency})" if currency else words["median"]


def _finding_chart(finding: Finding, settings: ReportSettings) -> Markup | None:
    from markupsafe import Markup

    if finding.fully_suppressed or not finding.rows:
        return None
    rows = [
        IntervalRow(
            label=row_label(finding, r.label, settings.lang),
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
    # claims have no human title: the code stays as a small subtitle, the section heading names it
    svg = interval_chart_svg(
        rows,
        title="",
        subtitle=f"{finding.claim} (n={finding.n})",
        xlabel=axis_label(finding, settings.lang),
        threshold=settings.threshold,
        shares=finding.measure != "median",
        suppressed_text=f"{LABELS[settings.lang]['suppressed']} (<{settings.threshold})",
    )
    return Markup(svg)  # noqa: S704 - checked by charts.inline_safe: no script, no external reference


def _tornado(section: SimulationSection, lang: Language) -> Markup | None:
    from markupsafe import Markup

    if not section.result.sensitivity:
        return None
    words = LABELS[lang]
    svg = tornado_chart_svg(
        section.result,
        title=words["tornado_title"].format(model=section.model),
        legend=(words["input_low"], words["input_high"]),
    )
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
