"""What every command that touches the store shares: opening it, and turning errors into clear words."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from rich.console import Console

from moksori.config import store_paths
from moksori.crypto.keystore import KeystoreError

console = Console(stderr=True)
out = Console()


def fail(message: str, *, code: int = 2) -> NoReturn:
    console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Known failures become one clear line and exit code 2; a bug keeps its traceback."""
    from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError

    from moksori.intake.errors import IntakeError

    try:
        yield
    except (KeystoreError, IntakeError, ImproperlyConfigured) as error:
        fail(str(error))
    except ValidationError as error:
        fail("; ".join(_validation_messages(error)))
    except PermissionDenied:
        fail("permission denied")


def _validation_messages(error: object) -> list[str]:
    from django.core.exceptions import ValidationError

    assert isinstance(error, ValidationError)
    if hasattr(error, "error_dict"):
        return [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
    return list(error.messages)


def terminal_language() -> str:
    """Korean when the terminal's locale is Korean (LC_ALL, LC_MESSAGES or LANG as POSIX orders them),
    English otherwise: the rest of the command line speaks English, so its errors should too."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def open_store(*, migrate: bool = False) -> None:
    """Unlock the store (MOKSORI_DB_KEY or a passphrase prompt) and start Django on it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moksori.web.settings")
    if not store_paths().keyfile.exists() and not os.environ.get("MOKSORI_DATABASE_URL"):
        fail(f"No store at {store_paths().home}. Run `moksori init` first (or set MOKSORI_HOME).")
    import django

    from moksori.web.store import unlock_store

    with user_errors():
        unlock_store()
        django.setup()
        from django.utils import translation

        translation.activate(terminal_language())
        if migrate:
            from django.core.management import call_command

            call_command("migrate", verbosity=0, interactive=False)
