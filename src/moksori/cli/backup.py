"""`moksori backup create` and `backup restore`: encrypted backups, checked on restore."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from moksori.cli.runtime import fail, open_store, out, user_errors
from moksori.config import database_url, store_paths
from moksori.crypto import keystore

backup_app = typer.Typer(help="Encrypted backups of the embedded store.")


def register(app: typer.Typer) -> None:
    app.add_typer(backup_app, name="backup")


@backup_app.command("create")
def create() -> None:
    """Write an encrypted backup archive into the store's backups folder."""
    if database_url():
        fail("In server mode, back up PostgreSQL with pg_dump (its protected fields are ciphertext).")
    open_store(migrate=False)
    from moksori.web.backup import create_backup

    with user_errors():
        result = create_backup(store_paths(), keystore.unlocked())
    out.print(result.summary())


@backup_app.command("restore")
def restore(
    archive: Annotated[
        Path,
        typer.Argument(help="A backup archive made by `moksori backup create`.", exists=True, dir_okay=False),
    ],
) -> None:
    """Check a backup completely and restore it into an empty MOKSORI_HOME."""
    from moksori.web.backup import BackupError, restore_backup
    from moksori.web.store import prompt_passphrase

    secret = os.environ.get(keystore.ENV_SECRET) or prompt_passphrase()
    try:
        with user_errors():
            files = restore_backup(archive, store_paths(), secret)
    except BackupError as error:
        fail(str(error))
    out.print(f"Backup checked and restored into {store_paths().home} ({files} files).")
