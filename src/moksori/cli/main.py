"""The `moksori` command: each module below adds its commands through ``register(app)``."""

from __future__ import annotations

import os

import typer

from moksori.cli import (
    audit,
    backup,
    claim,
    corroborate,
    data,
    estimate,
    link,
    link_store,
    report,
    stats,
    store,
    vocab,
)

app = typer.Typer(
    name="moksori",
    help="Moksori (목소리): record testimonies safely; turn them into evidence and honest statistics.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold keys or personal data
)

for module in (
    store,
    vocab,
    data,
    audit,
    backup,
    estimate,
    link,
    link_store,
    stats,
    claim,
    report,
    corroborate,
):
    module.register(app)


def run() -> None:
    os.umask(0o077)  # everything the command writes (database, backups, exports) is private to its owner
    app()


if __name__ == "__main__":
    run()
