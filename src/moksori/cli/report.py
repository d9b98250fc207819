"""`moksori report --out FILE.html|FILE.pdf`: findings, figures and methods, with disclosure control."""

from __future__ import annotations

import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from moksori.cli.runtime import fail, open_store, user_errors

if TYPE_CHECKING:
    from moksori.analysis.stats.montecarlo import Model, SimulationResult


class ReportLanguage(StrEnum):
    """Languages of the report's headings and methods section."""

    en = "en"
    ko = "ko"


def register(app: typer.Typer) -> None:
    """Add the `report` command."""
    app.command("report")(report_command)


def report_command(
    out: Annotated[Path, typer.Option("--out", help="Where to write the report: a .html or .pdf file.")],
    threshold: Annotated[
        int, typer.Option(help="Disclosure threshold: counts under it are suppressed.", min=1)
    ] = 5,
    model: Annotated[
        list[Path] | None,
        typer.Option(help="A Monte Carlo model (YAML) to include; repeat for several.", show_default=False),
    ] = None,
    draws: Annotated[int, typer.Option(help="Monte Carlo draws for each model.", min=100)] = 10_000,
    seed: Annotated[int, typer.Option(help="Random seed for the models.")] = 1,
    lang: Annotated[
        ReportLanguage, typer.Option(help="Language of headings and methods.")
    ] = ReportLanguage.en,
) -> None:
    """Write a report of every claim over the store (consent-filtered, audited) and the models given."""
    from moksori.reports.model import ReportSettings
    from moksori.reports.render import ReportRenderError, write_report

    if out.suffix.lower() not in {".html", ".htm", ".pdf"}:
        fail(f"--out must end in .html or .pdf (got {out.name!r})")
    simulations = _simulations(model or [], draws, seed)
    settings = ReportSettings(
        threshold=threshold, lang=lang.value, generated_on=datetime.date.today().isoformat()
    )
    open_store(migrate=True)
    from moksori.analysis.stats.claims import ClaimError, RecordError
    from moksori.web.findings.report_data import store_report

    with user_errors():
        try:
            report = store_report(settings, simulations)
            write_report(report, out)
        except (ClaimError, RecordError, ReportRenderError, OSError) as error:
            fail(str(error))
    typer.echo(report.summary())
    typer.echo(f"written to {out}")


def _simulations(paths: list[Path], draws: int, seed: int) -> list[tuple[str, Model, SimulationResult]]:
    from moksori.analysis.stats.montecarlo import ModelError, load_model, simulate

    runs = []
    for path in paths:
        try:
            model = load_model(path)
            runs.append((str(path), model, simulate(model, draws=draws, seed=seed)))
        except (OSError, ModelError, ValueError) as error:
            fail(str(error))
    return runs
