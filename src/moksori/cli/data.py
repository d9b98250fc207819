"""`moksori demo-data`, `import` and `export`: getting testimonies in and, as consent allows, out."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from moksori.cli.runtime import console, fail, open_store, out, user_errors


def register(app: typer.Typer) -> None:
    app.command("demo-data")(demo_data)
    app.command("import")(import_file)
    app.command("export")(export)


@contextmanager
def progress_bar(description: str, total: int) -> Iterator[Any]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda advance: progress.advance(task, advance)


def demo_data(
    n: Annotated[int, typer.Option("--n", help="Number of synthetic survivors.")] = 200,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same data.")] = 1,
    organisations: Annotated[int, typer.Option(help="Number of fictional organisations.")] = 3,
    retold: Annotated[
        int | None,
        typer.Option(help="Survivors who testify again to another organisation (default: n/20)."),
    ] = None,
) -> None:
    """Fill the store with synthetic (fictional) testimonies, coded events and consents."""
    open_store(migrate=True)
    from moksori.synthetic.generator import generate_demo
    from moksori.synthetic.retold import retell_in_other_organisations
    from moksori.web.demo import write_demo

    dataset = generate_demo(n, seed=seed, organisations=organisations)
    if organisations > 1:
        count = n // 20 if retold is None else retold
        dataset = retell_in_other_organisations(dataset, count, seed=seed).dataset
    with user_errors(), progress_bar("Writing demo testimonies", len(dataset.interviews)) as advance:
        result = write_demo(dataset, progress=advance)
    out.print(result.summary())


def import_file(
    path: Annotated[
        Path,
        typer.Argument(help="A CSV, XLSX or JSON file, one testimony per row.", exists=True, dir_okay=False),
    ],
    compartment: Annotated[str, typer.Option(help="Compartment the survivors belong to.")],
    organisation: Annotated[str, typer.Option(help="Organisation of the compartment.")] = "Moksori",
    mapping: Annotated[Path | None, typer.Option(help="Column-mapping file (YAML or JSON).")] = None,
    encoding: Annotated[str | None, typer.Option(help="Encoding of a CSV, e.g. cp949 or utf-8-sig.")] = None,
    sheet: Annotated[str | None, typer.Option(help="Sheet of an XLSX workbook.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only; write nothing.")] = False,
    language: Annotated[str, typer.Option(help="Language of the report: en or ko.")] = "en",
) -> None:
    """Import testimonies: every row is checked first; a single bad row and nothing is written."""
    from moksori.intake.validate import validate_file

    with user_errors():
        records, report = validate_file(path, mapping_path=mapping, encoding=encoding, sheet=sheet)
    _print_report(report, language)
    if not report.ok:
        raise typer.Exit(1)
    if dry_run:
        out.print(f"Dry run: {len(records)} rows are valid; nothing was written.")
        return
    open_store(migrate=True)
    from django.db import transaction

    from moksori.web.accounts.models import Compartment, Organisation
    from moksori.web.testimonies.bulk import do_bulk_import
    from moksori.web.testimonies.importing import testimonies_from_records

    items = testimonies_from_records(records)
    with user_errors(), progress_bar("Importing", len(items)) as advance, transaction.atomic():
        # One transaction for all of it: a failed import leaves not even an empty compartment behind.
        org, _ = Organisation.objects.get_or_create(name=organisation)
        target, _ = Compartment.objects.get_or_create(organisation=org, name=compartment)
        result = do_bulk_import(items, by=None, compartment=target, progress=advance)
    out.print(result.summary())


def _print_report(report: Any, language: str) -> None:
    summary = report.summary_ko() if language == "ko" else report.summary()
    console.print(summary)
    rows = report.issue_rows(language)
    if rows:
        table = Table("file", "row", "field", "problem", show_lines=False)
        for row in rows[:200]:
            table.add_row(*[str(cell) for cell in row[:4]])
        console.print(table)


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    htcds = "htcds"


def export(
    out_path: Annotated[Path, typer.Option("--out", help="File to write (decrypted: keep it safe).")],
    purpose: Annotated[
        str, typer.Option(help="The use this export is for; only survivors who consented to it.")
    ],
    format: Annotated[ExportFormat, typer.Option(help="csv, json or htcds.")] = ExportFormat.csv,
    with_identity: Annotated[
        bool, typer.Option(help="Include names and contacts (case work, legal, partner).")
    ] = False,
    partner: Annotated[str, typer.Option(help="Partner organisation, for --purpose partner_sharing.")] = "",
) -> None:
    """Write a decrypted export of what consent allows for PURPOSE; the export is audited."""
    open_store(migrate=True)
    from moksori.web.testimonies.exporting import ExportSelection, export_records, flat_rows, htcds_document

    selection = ExportSelection(purpose=purpose, with_identity=with_identity, partner=partner)
    try:
        selection.check()
    except ValueError as error:
        fail(str(error))
    with user_errors():
        records = export_records(selection)
    descriptor = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        if format == ExportFormat.csv:
            rows = flat_rows(records)
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["survivor_code"])
            writer.writeheader()
            writer.writerows(rows)
        else:
            document = htcds_document(records) if format == ExportFormat.htcds else {"records": records}
            json.dump(document, handle, ensure_ascii=False, indent=2)
    console.print(
        f"[yellow]Decrypted export[/] of {len(records)} survivors written to {out_path} (mode 0600)."
    )
