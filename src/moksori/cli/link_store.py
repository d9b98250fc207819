"""`moksori link-store`: link the survivors in the store across organisations, then count by capture pattern.

The run is the same as the web app's (stored, audited, uncertain pairs queued for clerical review, earlier
decisions reused as labels); the capture table it can write is what `moksori estimate` reads, so store →
persons → population estimate is two commands.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from moksori.cli.runtime import fail, open_store, out, user_errors
from moksori.config import write_private

if TYPE_CHECKING:
    from moksori.web.accounts.models import Compartment
    from moksori.web.linkage.models import LinkageRun


def register(app: typer.Typer) -> None:
    app.command("link-store")(link_store)


def link_store(
    compartment: Annotated[
        list[str] | None,
        typer.Option(help='A compartment to link, as "organisation/compartment"; repeat it. Default: all.'),
    ] = None,
    capture: Annotated[
        Path | None, typer.Option(help="Write capture histories by organisation for `moksori estimate`.")
    ] = None,
    out_path: Annotated[
        Path | None,
        typer.Option("--out", help="Write organisation,compartment,survivor_code,person (codes only)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Link survivors across organisations in the store; the run and every read are audited."""
    open_store(migrate=True)
    from moksori.web.linkage.actions import do_run_linkage
    from moksori.web.linkage.capture import store_capture_histories

    started = time.perf_counter()
    with user_errors():
        compartments = _compartments(compartment or [])
        run = do_run_linkage(by=None, compartments=compartments)
        histories, left_out = store_capture_histories(run, by=None)
    if capture is not None:
        write_private(capture, histories.to_csv_text())
    if out_path is not None:
        write_private(out_path, _clusters_csv(run))
    summary = {
        "run": str(run.pk),
        "records": run.n_records,
        "persons": run.n_clusters,
        "review_pairs": run.n_review_pairs,
        "persons_counted": histories.persons,
        "persons_left_out_without_consent": left_out,
        "sources": list(histories.sources),
        "seconds": round(time.perf_counter() - started, 2),
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    out.print(
        f"{run.n_records} survivor records → {run.n_clusters} persons; "
        f"{run.n_review_pairs} uncertain pairs queued for review."
    )
    out.print(f"Capture histories: {histories.summary()} ({left_out} persons left out: no consent).")


def _compartments(names: list[str]) -> list[Compartment]:
    from moksori.web.accounts.models import Compartment

    if not names:
        return list(Compartment.objects.select_related("organisation"))
    chosen = []
    for name in names:
        organisation, _, compartment = name.partition("/")
        found = Compartment.objects.filter(organisation__name=organisation, name=compartment).first()
        if found is None:
            fail(f'No compartment "{name}"; give it as "organisation/compartment".')
        chosen.append(found)
    return chosen


def _clusters_csv(run: LinkageRun) -> str:
    """Pseudonymous codes only; writing them is audited, since together they say who met whom."""
    import csv
    import io

    from django.db import transaction

    from moksori.web.audit.actions import record_audit
    from moksori.web.linkage.models import SurvivorCluster

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("organisation", "compartment", "survivor_code", "person"))
    with transaction.atomic():
        rows = list(
            SurvivorCluster.objects.filter(run=run)
            .select_related("survivor__compartment__organisation")
            .order_by("cluster", "survivor__code")
        )
        record_audit(None, "linkage.clusters_export", run, count=len(rows))
    for row in rows:
        compartment = row.survivor.compartment
        writer.writerow((compartment.organisation.name, compartment.name, row.survivor.code, row.cluster))
    return buffer.getvalue()
