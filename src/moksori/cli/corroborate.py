"""`moksori allegation list|show` and `moksori network`: corroboration over the store (consent-filtered)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from moksori.cli.runtime import fail, open_store, out, user_errors


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="Allegations: independent sources, passages and contradictions (consent-filtered)."
    )
    group.command("list")(list_allegations)
    group.command("show")(show_allegation)
    app.add_typer(group, name="allegation")
    app.command("network")(network)


def list_allegations(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Every shipped allegation with its independent sources, organisations and contradictions."""
    open_store(migrate=True)
    from moksori.analysis.corroboration import AllegationError
    from moksori.web.findings.corroboration import allegation_summaries

    with user_errors():
        try:
            results = allegation_summaries(None)
        except AllegationError as error:
            fail(str(error))
    if as_json:
        typer.echo(json.dumps([_brief(r.to_dict()) for r in results], indent=2, ensure_ascii=False))
        return
    from rich.table import Column, Table

    table = Table(
        Column("name", no_wrap=True),
        "v",
        "sources",
        "testimonies",
        "orgs",
        "interviewers",
        "contradictions",
        "status",
    )
    for r in results:
        status = "corroborated" if r.corroborated else f"needs {r.min_sources}"
        table.add_row(
            r.name,
            str(r.version),
            str(r.n_sources),
            str(r.n_testimonies),
            str(r.n_organisations),
            str(r.n_interviewers),
            str(len(r.contradictions)),
            status,
        )
    out.print(table)


def _brief(data: dict[str, object]) -> dict[str, object]:
    keep = ("name", "version", "corroborated", "min_sources", "n_sources", "n_testimonies", "n_organisations")
    brief = {k: data[k] for k in keep}
    brief["n_interviewers"] = data["n_interviewers"]
    contradictions = data["contradictions"]
    brief["n_contradictions"] = len(contradictions) if isinstance(contradictions, list) else 0
    return brief


def show_allegation(
    name: Annotated[str, typer.Argument(help="The allegation (see `moksori allegation list`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a summary.")] = False,
) -> None:
    """Sources, passages (ids), actors and contradictions of allegation NAME; the read is audited."""
    from moksori.analysis.corroboration import builtin_allegations

    if name not in builtin_allegations():
        fail(f"No allegation named {name!r}; `moksori allegation list` shows them.")
    open_store(migrate=True)
    from moksori.analysis.corroboration import AllegationError
    from moksori.web.findings.corroboration import allegation_detail

    with user_errors():
        try:
            result = allegation_detail(None, name)
        except AllegationError as error:
            fail(str(error))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(result.summary())
        for c in result.contradictions:
            who = "same woman" if c.same_source else "two women"
            typer.echo(f"  contradiction ({c.kind}, {c.event_type}, {who}): {c.detail}")


def network(
    graphml: Annotated[Path, typer.Option("--graphml", help="Write the network here as GraphML.")],
    figure: Annotated[Path | None, typer.Option("--figure", help="Also draw it here as SVG.")] = None,
    allegation: Annotated[
        str | None, typer.Option("--allegation", help="Only the events of this allegation.")
    ] = None,
) -> None:
    """The actor network (who sold to whom, who worked with whom) over consenting testimonies; audited."""
    from moksori.analysis.corroboration import builtin_allegations

    if allegation is not None and allegation not in builtin_allegations():
        fail(f"No allegation named {allegation!r}; `moksori allegation list` shows them.")
    if figure is not None and figure.suffix.lower() != ".svg":
        fail(f"--figure is drawn as SVG: give a path ending in .svg, not {figure.name!r}.")
    open_store(migrate=True)
    from moksori.web.findings.corroboration import actor_network

    with user_errors():
        result = actor_network(None, allegation)
    result.write_graphml(graphml)
    if figure is not None:
        title = f"Actor network: {allegation}" if allegation else ""
        figure.write_text(result.figure_svg(title=title), encoding="utf-8")
    typer.echo(result.summary())
    typer.echo(f"GraphML written to {graphml}" + (f"; figure to {figure}" if figure else ""))
