"""`moksori estimate`: population size from overlapping lists, from a CSV, with no store."""

from __future__ import annotations

import json
import math
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from moksori.analysis.estimation.result import Estimate


class Method(StrEnum):
    """Estimators the command offers."""

    chapman = "chapman"
    loglinear = "loglinear"
    lcmcr = "lcmcr"
    dga = "dga"
    coverage = "coverage"
    all = "all"


class Criterion(StrEnum):
    """Model-selection rules for the log-linear method."""

    aic = "aic"
    bic = "bic"
    pvalue = "pvalue"


def estimate_command(
    file: Annotated[Path, typer.Argument(help="CSV: one 0/1 column per list and a final 'count' column.")],
    method: Annotated[Method, typer.Option(help="Estimator to run, or 'all'.")] = Method.loglinear,
    select: Annotated[Criterion, typer.Option(help="Log-linear model selection rule.")] = Criterion.aic,
    seed: Annotated[int, typer.Option(help="Seed for bootstrap and MCMC.")] = 1,
    level: Annotated[float, typer.Option(help="Interval level.", min=0.5, max=0.999)] = 0.95,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Estimate how many people there are, seen and unseen, from how lists overlap."""
    # Imported here: SciPy and numba take seconds to load, and every other command would pay for them.
    from moksori.analysis.estimation.dispatch import estimate_all, estimate_with
    from moksori.analysis.estimation.loglinear import EstimabilityError
    from moksori.analysis.estimation.table import TableError, read_capture_table

    try:
        table = read_capture_table(file)
        if method is Method.all:
            results = estimate_all(table, select=select.value, seed=seed, level=level)
        else:
            results = [estimate_with(table, method.value, select=select.value, seed=seed, level=level)]
    except (TableError, EstimabilityError, ValueError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=2) from None
    if as_json:
        payload = [r.to_dict() for r in results]
        typer.echo(json.dumps(payload if method is Method.all else payload[0], indent=2, ensure_ascii=False))
    else:
        typer.echo(render_table(results))


def render_table(results: list[Estimate]) -> str:
    """A plain-text table, then each result's warnings."""
    header = f"{'method':<22}{'estimate':>12}{'low':>12}{'high':>12}  {'observed':>8}  model"
    lines = [header, "-" * len(header)]
    for r in results:
        numbers = f"{_num(r.estimate):>12}{_num(r.ci[0]):>12}{_num(r.ci[1]):>12}"
        lines.append(f"{r.method:<22}{numbers}  {r.observed:>8}  {r.model}")
    notes = [f"{r.method}: {w}" for r in results for w in r.warnings]
    if notes:
        lines.append("")
        lines.extend(f"warning: {n}" for n in notes)
    lines.append(f"\nintervals at {results[0].ci_level:.0%}")
    return "\n".join(lines)


def _num(value: float) -> str:
    return "inf" if math.isinf(value) else f"{value:,.1f}"


def register(app: typer.Typer) -> None:
    """Add the `estimate` command to the Moksori command-line app."""
    app.command("estimate")(estimate_command)
