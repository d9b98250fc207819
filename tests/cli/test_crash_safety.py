"""A process killed with SIGKILL in the middle of a 10,000-row import leaves the store unchanged."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlcipher3

from moksori.crypto.keystore import unlock_keyfile
from tests.cli.helpers import moksori, store_env, synthetic_rows, write_csv

pytestmark = [pytest.mark.slow, pytest.mark.sqlcipher]


def _count(home: Path, table: str) -> int:
    key = unlock_keyfile(home / "keys.json", "5c" * 32).database
    connection = sqlcipher3.connect(str(home / "store.db"))
    try:
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA cipher_integrity_check").fetchall() == []
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
    finally:
        connection.close()


def test_sigkill_during_a_10000_row_import_leaves_the_store_unchanged_and_consistent(tmp_path: Path) -> None:
    home = tmp_path / "store"
    env = store_env(home)
    moksori(env, "init", "--no-load-vocabularies")
    rows = synthetic_rows(10_000)
    path = write_csv(tmp_path / "big.csv", rows)
    before = _audit_entries(home)
    command = [sys.executable, "-m", "moksori.cli.main", "import", str(path), "--compartment", "Crash"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = home / "store.db-journal"
    deadline = time.monotonic() + 300
    # Kill once the import's one big transaction spills pages into the database file: the journal only
    # keeps pages that existed before, so it stays small while the file grows.
    start_size = (home / "store.db").stat().st_size
    while (
        not (journal.exists() and (home / "store.db").stat().st_size > start_size + 2 * 1024 * 1024)
        and process.poll() is None
        and time.monotonic() < deadline
    ):
        time.sleep(0.02)
    assert process.poll() is None, "the import ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    _assert_no_plaintext(home, rows[:50])
    assert _count(home, "testimonies_survivor") == 0
    assert _audit_entries(home) == before
    assert moksori(env, "audit", "verify").returncode == 0


def _audit_entries(home: Path) -> int:
    return _count(home, "audit_auditentry")


def _assert_no_plaintext(home: Path, rows: list[dict[str, str]]) -> None:
    """The database and the hot journal the killed import left behind hold no name or transcript."""
    files = [p for p in home.iterdir() if p.name.startswith("store.db")]
    assert any(p.name == "store.db-journal" for p in files), "expected the killed transaction's journal"
    needles = {value.encode() for row in rows for value in (row["name_hangul"], row["name_latin"])}
    needles |= {row["transcript"][:20].encode() for row in rows}
    for path in files:
        data = path.read_bytes()
        assert not [n for n in needles if n in data], f"plaintext in {path.name}"
