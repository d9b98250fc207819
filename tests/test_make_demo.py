"""`make demo` makes an encrypted demo store, serves the login page on 127.0.0.1:8000, says how to log in."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PORT = 8000

pytestmark = [pytest.mark.slow, pytest.mark.sqlcipher]


def _wait_for_login_page(deadline: float) -> str:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/login/", timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            time.sleep(1)
    raise AssertionError("the demo server did not answer in time")


def test_make_demo_serves_the_login_page_and_prints_how_to_log_in(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOKSORI_", "DJANGO_"))}
    command = ["make", "--no-print-directory", "demo", f"DEMO_HOME={tmp_path / 'demo'}"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        page = _wait_for_login_page(time.monotonic() + 600)
        assert 'name="password"' in page
        assert "Content-Security-Policy" not in page
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=60)[0]
    assert "http://127.0.0.1:8000/" in output
    assert "moksori-demo-passphrase" in output
    assert "demo-code demo-coordinator" in output
    store = (tmp_path / "demo" / "store.db").read_bytes()
    assert not store.startswith(b"SQLite format 3")
