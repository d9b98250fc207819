"""`moksori audit verify`: check the audit hash chain and its latest signed checkpoint."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from moksori.cli.runtime import console, open_store, out

audit_app = typer.Typer(help="The tamper-evident audit log.")


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify(
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Exit 0 when the chain is intact; exit 1 naming the first bad entry when it is not."""
    open_store()
    from moksori.web.audit.chain import verify_chain

    report = verify_chain()
    if as_json:
        out.print_json(json.dumps(report.to_dict()))
    else:
        (out if report.ok else console).print(report.summary(), highlight=False)
    if not report.ok:
        raise typer.Exit(1)


@audit_app.command("checkpoint")
def checkpoint() -> None:
    """Sign the current head of the chain into the checkpoint file (also done after every change)."""
    open_store()
    from moksori.web.audit.chain import write_checkpoint

    written = write_checkpoint()
    out.print(written.summary() if written else "The audit log is empty; nothing to sign.")
