"""Encrypted backups of an embedded store, checked on restore.

A backup is a tar archive of files that are all encrypted already: a SQLCipher copy of the database
(made with ``sqlcipher_export`` under the same key), the encrypted attachments, the key file (whose
keys are wrapped under the passphrase) and the audit checkpoints, plus a manifest of SHA-256
digests authenticated with an HMAC under a key of the store. Restoring checks the manifest, every
digest, SQLCipher's page authentication and SQLite's integrity before anything is put in place.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import secrets
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from moksori.config import StorePaths, write_private
from moksori.crypto import keystore

MANIFEST = "manifest.json"
FORMAT = "moksori-backup/1"


class BackupError(Exception):
    """The archive is damaged, altered, or does not belong to this key."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    files: int
    bytes: int

    def summary(self) -> str:
        return f"Backup written to {self.path} ({self.files} files, {self.bytes:,} bytes, all encrypted)."


def manifest_key(keys: keystore.StoreKeys) -> bytes:
    return hmac.new(keys.fields, b"moksori-backup-manifest", hashlib.sha256).digest()


def create_backup(paths: StorePaths, keys: keystore.StoreKeys) -> BackupResult:
    """Write ``backups/moksori-<time>.tar`` from a consistent copy of the store."""
    paths.backups.mkdir(mode=0o700, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = paths.backups / f"moksori-{stamp}.tar"
    with tempfile.TemporaryDirectory(dir=paths.temp if paths.temp.exists() else paths.home) as scratch:
        copy = Path(scratch) / "store.db"
        _export_database(copy, keys)
        members = {"store.db": copy, "keys.json": paths.keyfile}
        if paths.checkpoints.exists():
            members["audit-checkpoints.jsonl"] = paths.checkpoints
        if paths.attachments.exists():
            for item in sorted(paths.attachments.iterdir()):
                if item.is_file() and not item.name.endswith(".partial"):
                    members[f"attachments/{item.name}"] = item
        manifest = _manifest(members, keys)
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            for name, source in members.items():
                archive.add(source, arcname=name, recursive=False)
            _add_bytes(archive, MANIFEST, manifest)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    return BackupResult(target, len(members), target.stat().st_size)


def _export_database(copy: Path, keys: keystore.StoreKeys) -> None:
    from django.db import connection

    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(f"ATTACH DATABASE '{copy}' AS backup KEY \"x'{keys.database.hex()}'\"")
        try:
            cursor.execute("SELECT sqlcipher_export('backup')")
        finally:
            cursor.execute("DETACH DATABASE backup")


def _manifest(members: dict[str, Path], keys: keystore.StoreKeys) -> bytes:
    files = {name: _sha256(path) for name, path in members.items()}
    body = {"format": FORMAT, "created": datetime.now(UTC).isoformat(), "files": files}
    text = json.dumps(body, sort_keys=True)
    tag = hmac.new(manifest_key(keys), text.encode(), hashlib.sha256).hexdigest()
    return json.dumps({"body": text, "hmac": tag}).encode()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o600
    archive.addfile(info, io.BytesIO(data))


def restore_backup(archive_path: Path, paths: StorePaths, secret: str) -> int:
    """Check the archive completely, then put it in place as the store at ``paths.home``."""
    if paths.keyfile.exists():
        raise BackupError(f"{paths.home} holds a store already; restore into an empty MOKSORI_HOME.")
    paths.home.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=paths.home) as scratch:
        staging = Path(scratch)
        files = _extract_checked(archive_path, staging, secret)
        keys = keystore.unlock_keyfile(staging / "keys.json", secret)
        _check_database(staging / "store.db", keys)
        (staging / "attachments").mkdir(mode=0o700, exist_ok=True)
        for name in ("attachments", "store.db", "audit-checkpoints.jsonl", "keys.json"):
            if (staging / name).exists():
                shutil.move(str(staging / name), str(paths.home / name))
    if not (paths.home / "secret_key").exists():
        write_private(paths.home / "secret_key", secrets.token_urlsafe(50))  # sessions start afresh
    return files


def _extract_checked(archive_path: Path, staging: Path, secret: str) -> int:
    try:
        with tarfile.open(archive_path, "r") as archive:
            archive.extractall(staging, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{archive_path} is not a readable backup: {error}") from None
    try:
        envelope = json.loads((staging / MANIFEST).read_text())
        body = json.loads(envelope["body"])
    except (OSError, ValueError, KeyError):
        raise BackupError(f"{archive_path} has no valid manifest.") from None
    keys = keystore.unlock_keyfile(staging / "keys.json", secret)
    expected = hmac.new(manifest_key(keys), envelope["body"].encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, envelope["hmac"]) or body.get("format") != FORMAT:
        raise BackupError(f"The manifest of {archive_path} was altered or belongs to another store.")
    present = {p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()} - {MANIFEST}
    if present != set(body["files"]):
        raise BackupError(f"{archive_path}: files missing or added: {sorted(present ^ set(body['files']))}")
    for name, digest in body["files"].items():
        if _sha256(staging / name) != digest:
            raise BackupError(f"{archive_path}: {name} does not match its recorded digest.")
    return len(body["files"])


def _check_database(path: Path, keys: keystore.StoreKeys) -> None:
    import sqlcipher3

    connection = sqlcipher3.connect(str(path))
    try:
        connection.execute(f"PRAGMA key = \"x'{keys.database.hex()}'\"")
        failures = connection.execute("PRAGMA cipher_integrity_check").fetchall()
        integrity = connection.execute("PRAGMA integrity_check").fetchone()
    except sqlcipher3.DatabaseError as error:
        raise BackupError(f"The database in the backup cannot be opened: {error}") from None
    finally:
        connection.close()
    if failures or integrity != ("ok",):
        raise BackupError("The database in the backup fails its integrity checks.")
