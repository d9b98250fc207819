"""`moksori link`: records of several organisations -> persons (clusters) and capture histories.

Heavy libraries (splink, DuckDB, pandas) are imported inside the command so `moksori --help` stays fast.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from moksori.analysis.linkage.settings import LinkageSettings  # a light dataclass: the defaults live there

if TYPE_CHECKING:
    from moksori.analysis.linkage.result import LinkageResult


class BackendChoice(StrEnum):
    """Engines the command can run on."""

    duckdb = "duckdb"
    spark = "spark"


# What each stage of a run does, in the order the stages run (the names come from the library).
STAGE_LABELS = {
    "normalise": "reading names, years and places",
    "load": "loading keys",
    "block": "choosing pairs to compare",
    "train": "estimating the model",
    "predict": "scoring pairs",
    "calibrate": "calibrating probabilities",
    "cluster": "grouping records into persons",
}


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


def read_linkage_rows(path: Path, *, encoding: str | None) -> list[dict[str, str | None]]:
    """Read the linkage file, header names trimmed and lower-cased, every cell as text.

    The intake readers do the reading, so a linkage file may be what an organisation's spreadsheet
    saves: CSV with commas, semicolons or tabs (and Excel's ``sep=`` line) in UTF-8, UTF-8 with BOM,
    UTF-16 or CP949, or an ``.xlsx`` workbook (first sheet), or ``.json``.
    """
    from moksori.analysis.linkage.normalise import check_columns
    from moksori.intake.readers import read_rows

    table = read_rows(path, encoding=encoding)
    header = [name.strip().lower() for name in table.headers]
    check_columns(header, file_label=path.name)
    return [
        {column: _cell_text(cell) for column, cell in zip(header, row.cells, strict=False)}
        for row in table.rows
    ]


def _cell_text(cell: object) -> str:
    """A cell as the text a CSV would hold: whole numbers without ".0", dates as ISO dates."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


def _write_private(path: Path, text: str) -> None:
    """Write a file readable by its owner only (record ids are pseudonymous, not public)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def clusters_csv(result: LinkageResult) -> str:
    """``source,record_id,cluster_id``, one row per input record, in input order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("source", "record_id", "cluster_id"))
    for (source, record_id), cluster in zip(result.records, result.cluster_ids, strict=True):
        writer.writerow((source, record_id, cluster))
    return buffer.getvalue()


def _run(rows: list[dict[str, str | None]], settings: LinkageSettings) -> LinkageResult:
    from rich.console import Console

    from moksori.analysis.linkage.model import link_records

    stages = tuple(STAGE_LABELS)
    with Console(stderr=True).status(f"Linking {len(rows):,} records") as status:

        def show(stage: str) -> None:
            step = stages.index(stage) + 1 if stage in stages else 0
            label = STAGE_LABELS.get(stage, stage)
            status.update(f"Linking {len(rows):,} records: {label} (step {step} of {len(stages)})")

        return link_records(rows, settings, progress=show)


def link_command(
    file: Annotated[Path, typer.Argument(help="Linkage CSV: source,record_id,name_ko,name_latin,...")],
    out: Annotated[Path, typer.Option("--out", help="Where to write source,record_id,cluster_id.")],
    threshold: Annotated[
        float, typer.Option(help="Match probability at or above which two records are one person.")
    ] = LinkageSettings().match_threshold,
    backend: Annotated[
        BackendChoice,
        typer.Option(help="Linkage engine: duckdb (one machine) or spark (needs pyspark and Java 17)."),
    ] = BackendChoice.duckdb,
    capture: Annotated[
        Path | None, typer.Option(help="Also write capture histories for `moksori estimate`.")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Encoding of FILE if not UTF-8 (for Korean Excel CSV: cp949).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed for the random sampling of u probabilities.")] = 20240501,
    within_source: Annotated[
        bool,
        typer.Option(
            "--within-source",
            help="Also link records of the same organisation (when one recorded some women twice); "
            "by default each organisation is taken to have recorded each woman once.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Link records of several organisations into persons, without writing names anywhere."""
    from moksori.analysis.linkage.model import LinkageBackendUnavailable
    from moksori.analysis.linkage.normalise import LinkageInputError
    from moksori.analysis.linkage.settings import LinkageSettings
    from moksori.intake.errors import IntakeError

    try:
        settings = LinkageSettings(
            match_threshold=threshold,
            review_threshold=min(0.2, threshold),
            backend="spark" if backend is BackendChoice.spark else "duckdb",
            seed=seed,
            one_record_per_source=not within_source,
            file_label=file.name,
        )
        rows = read_linkage_rows(file, encoding=encoding)
        result = _run(rows, settings)
    except OSError as err:
        raise _fail(f"{file.name}: cannot be read ({err.strerror}); check the path") from None
    except (IntakeError, LinkageInputError, LinkageBackendUnavailable, ValueError) as err:
        raise _fail(str(err)) from None
    _write_private(out, clusters_csv(result))
    if capture is not None:
        _write_private(capture, result.capture_histories().to_csv_text())
    _report(result, as_json=as_json)


def _report(result: LinkageResult, *, as_json: bool) -> None:
    for warning in result.warnings:  # counts and rows only: never a value from the file
        typer.echo(f"warning: {warning}", err=True)
    if not as_json:
        typer.echo(result.summary())
        return
    summary = {
        "records": result.n_records,
        "clusters": result.n_clusters,
        "pairs_scored": result.pairs_scored,
        "pairs_for_review": len(result.review_pairs()),
        "seconds": round(result.seconds, 3),
        "match_threshold": result.match_threshold,
        "issue_counts": dict(result.issue_counts),
        "warnings": list(result.warnings),
        "within_source": not result.settings.one_record_per_source,
        "seed": result.seed,
    }
    typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    """Add the `link` command to the Moksori command-line app."""
    app.command("link")(link_command)
