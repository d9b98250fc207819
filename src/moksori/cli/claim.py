"""`moksori claim list` and `moksori claim run NAME`: the shipped claims, evaluated over the store."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from moksori.cli.runtime import fail, open_store, out, user_errors


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Named, versioned findings over coded testimonies (consent-filtered).")
    group.command("list")(list_claims)
    group.command("run")(run_claim)
    app.add_typer(group, name="claim")


def list_claims() -> None:
    """The claims shipped with Moksori: name, version, measure, unit and what each counts."""
    from rich.table import Column, Table

    from moksori.analysis.stats.claims import builtin_claims

    table = Table(Column("name", no_wrap=True), "version", "measure", "unit", "description")
    for claim in builtin_claims().values():
        table.add_row(claim.name, str(claim.version), claim.measure, claim.unit, claim.description)
    out.print(table)


def run_claim(
    name: Annotated[str, typer.Argument(help="The claim to run (see `moksori claim list`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a summary.")] = False,
) -> None:
    """Evaluate claim NAME over survivors who consented to aggregate statistics; the run is audited."""
    from moksori.analysis.stats.claims import builtin_claims

    if name not in builtin_claims():
        fail(f"No claim named {name!r}; `moksori claim list` shows them.")
    open_store(migrate=True)
    from moksori.analysis.stats.claims import ClaimError, RecordError
    from moksori.web.findings.records import evaluate_named_claim

    with user_errors():
        try:
            result = evaluate_named_claim(name)
        except (ClaimError, RecordError) as error:
            fail(str(error))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(result.summary())
