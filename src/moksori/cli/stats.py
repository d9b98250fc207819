"""`moksori stats proportion` and `moksori simulate`: quick intervals and Monte Carlo models, no store."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class IntervalMethod(StrEnum):
    """Interval methods the command offers for one proportion."""

    wilson = "wilson"
    jeffreys = "jeffreys"
    clopper_pearson = "clopper-pearson"


def proportion_command(
    k: Annotated[int, typer.Argument(help="How many have the trait (0 to N).", min=0)],
    n: Annotated[int, typer.Argument(help="How many were counted.", min=1)],
    method: Annotated[IntervalMethod, typer.Option(help="Interval method.")] = IntervalMethod.wilson,
    level: Annotated[float, typer.Option(help="Interval level, e.g. 0.95.", min=0.5, max=0.999)] = 0.95,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a sentence.")] = False,
) -> None:
    """Share K of N with an interval (Wilson by default)."""
    from moksori.analysis.stats.intervals import proportion_interval

    try:
        result = proportion_interval(k, n, method=method.value, level=level)
    except ValueError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(json.dumps(result.to_dict(), indent=2) if as_json else result.summary())


def simulate_command(
    file: Annotated[
        Path, typer.Argument(help="YAML model: inputs with distributions and sources, and an output.")
    ],
    draws: Annotated[int, typer.Option(help="Number of Monte Carlo draws.", min=100)] = 10_000,
    seed: Annotated[int, typer.Option(help="Random seed (recorded in the result).")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a summary.")] = False,
    tornado: Annotated[
        Path | None,
        typer.Option(help="Also draw the sensitivity as a tornado chart (SVG) in this file."),
    ] = None,
) -> None:
    """Propagate uncertain inputs through a model: median, 50/80/95% intervals and what drives them."""
    from moksori.analysis.stats.montecarlo import ModelError, load_model, simulate

    try:
        result = simulate(load_model(file), draws=draws, seed=seed)
    except (OSError, ModelError, ValueError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if as_json else result.summary())
    if tornado is not None:
        from moksori.config import write_private
        from moksori.reports.charts import ChartError, tornado_chart_svg

        try:
            svg = tornado_chart_svg(result, title=f"{result.model}: what drives the uncertainty")
        except ChartError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(code=3) from None
        write_private(tornado, svg)


def register(app: typer.Typer) -> None:
    """Add the `stats` group (`stats proportion`) and the `simulate` command."""
    stats = typer.Typer(
        name="stats", help="Quick statistics: proportions with honest intervals.", no_args_is_help=True
    )
    stats.command("proportion")(proportion_command)
    app.add_typer(stats, name="stats")
    app.command("simulate")(simulate_command)
