"""`moksori init`, `serve` and `createuser`: make a store, serve it, and let people in."""

from __future__ import annotations

import getpass
import os
import secrets
import sys
from typing import Annotated, Any

import typer

from moksori.cli.runtime import console, fail, open_store, out, user_errors
from moksori.config import store_paths, write_private
from moksori.crypto import keystore

MIN_PASSPHRASE = 12


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("serve")(serve)
    app.command("createuser")(createuser)
    app.command("demo-code")(demo_code)


def init(
    load_vocabularies: Annotated[bool, typer.Option(help="Load the reference vocabularies too.")] = True,
) -> None:
    """Create the data directory (0700), its key, the encrypted database and the attachments folder.

    The key comes from MOKSORI_DB_KEY when set (non-interactive), else from a passphrase asked twice
    and stretched with Argon2id.
    """
    paths = store_paths()
    if paths.keyfile.exists():
        fail(f"A store exists already at {paths.home}; nothing was changed.")
    paths.make_folders()
    secret = os.environ.get(keystore.ENV_SECRET) or _ask_new_passphrase()
    with user_errors():
        keystore.set_unlocked(keystore.create_keyfile(paths.keyfile, secret))
    write_private(paths.home / "secret_key", secrets.token_urlsafe(50))
    open_store(migrate=True)
    if load_vocabularies:
        from moksori.cli.vocab import load_packaged_vocabularies

        load_packaged_vocabularies()
    out.print(f"[green]Store created[/] at {paths.home} (database, key file, attachments folder).")


def _ask_new_passphrase() -> str:
    if not sys.stdin.isatty():
        fail("No terminal to ask for a passphrase: set MOKSORI_DB_KEY to create the store non-interactively.")
    first = getpass.getpass(f"New passphrase (at least {MIN_PASSPHRASE} characters): ")
    if len(first) < MIN_PASSPHRASE:
        fail(f"The passphrase must have at least {MIN_PASSPHRASE} characters.")
    if getpass.getpass("Repeat the passphrase: ") != first:
        fail("The two passphrases differ.")
    return first


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; keep 127.0.0.1 unless behind a TLS proxy.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 2,
) -> None:
    """Serve the web app and the API with gunicorn (never Django's development server)."""
    open_store(migrate=True)
    from gunicorn.app.base import BaseApplication

    from moksori.web.wsgi import application

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "preload_app": True,
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",
                "worker_tmp_dir": str(store_paths().temp),
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    console.print(f"Serving Moksori on http://{host}:{port}/  (Ctrl+C to stop)")
    _Server().run()


def createuser(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[
        str, typer.Option(help="admin, coordinator, interviewer, coder, analyst or legal_officer.")
    ],
    compartment: Annotated[
        list[str], typer.Option(help="Compartment granted (repeatable); made if new.")
    ] = [],  # noqa: B006
    organisation: Annotated[
        str, typer.Option(help="Organisation of the user and its compartments.")
    ] = "Moksori",
    password_env: Annotated[str, typer.Option(help="Read the password from this environment variable.")] = "",
    all_compartments: Annotated[
        bool,
        typer.Option("--all-compartments", help="Grant every existing compartment (demos)."),
    ] = False,
) -> None:
    """Create a user with a role and compartments, and a TOTP second factor where the role needs one."""
    open_store(migrate=True)
    from moksori.web.accounts.actions import do_create_user

    password = os.environ.get(password_env, "") if password_env else _ask_new_password()
    if not password:
        fail(f"The environment variable {password_env} is empty.")
    with user_errors():
        user, device = do_create_user(
            username=username,
            role=role,
            password=password,
            organisation_name=organisation,
            compartment_names=compartment,
            all_compartments=all_compartments,
        )
    out.print(f"[green]User {user.username} created[/] (role {user.role}).")
    if device is not None:
        print_totp_enrolment(username, device.config_url)


def _ask_new_password() -> str:
    if not sys.stdin.isatty():
        fail("No terminal to ask for a password: pass --password-env NAME.")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat the password: ") != first:
        fail("The two passwords differ.")
    return first


def print_totp_enrolment(username: str, config_url: str) -> None:
    import segno

    out.print(f"Second factor for {username}: scan this QR code with an authenticator app (TOTP),")
    out.print(f"or enter this address in it by hand:\n  {config_url}")
    segno.make(config_url, error="m").terminal(compact=True)


def demo_code(username: Annotated[str, typer.Argument(help="A user of the demo store.")]) -> None:
    """Print a demo user's current TOTP code. Refused on any store not made by `make demo`."""
    if not (store_paths().home / "DEMO").exists():
        fail("demo-code works only on a demo store made by `make demo`; use an authenticator app.")
    open_store()
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is None:
        fail(f"No second factor for {username}.")
    out.print(
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"
    )
