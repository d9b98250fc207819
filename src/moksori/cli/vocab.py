"""`moksori vocab load`: the reference vocabularies, versioned, with Korean and English labels."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from moksori.cli.runtime import open_store, out, user_errors

vocab_app = typer.Typer(
    help="Controlled vocabularies (HTCDS, ILO, Palermo, North Korea–China terms, places)."
)


def register(app: typer.Typer) -> None:
    app.add_typer(vocab_app, name="vocab")


@vocab_app.command("load")
def load(
    directory: Annotated[
        Path | None, typer.Option(help="Folder of vocabulary files; default: the packaged ones.")
    ] = None,
) -> None:
    """Load or update the vocabularies; terms a new version drops are retired, never deleted."""
    open_store(migrate=True)
    load_packaged_vocabularies(directory)


def load_packaged_vocabularies(directory: Path | None = None) -> None:
    from moksori.vocab.reader import read_vocabularies
    from moksori.web.vocabulary.actions import do_load_vocabularies

    with user_errors():
        result = do_load_vocabularies(read_vocabularies(directory), by=None)
    out.print(result.summary())
