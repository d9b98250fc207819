"""Screenshots of a running demo (`make demo`) for the README: .venv/bin/python scripts/screenshots.py HOME.

HOME is the demo store (e.g. .moksori/demo); its key file HOME.key sits beside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = "http://127.0.0.1:8000"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
OUT = Path(__file__).resolve().parents[1] / "docs" / "images"


def current_code(home: Path) -> str:
    env = {
        **os.environ,
        "MOKSORI_HOME": str(home),
        "MOKSORI_DB_KEY": (home.parent / f"{home.name}.key").read_text().strip(),
    }
    command = [sys.executable, "-m", "moksori.cli.main", "demo-code", "demo-coordinator"]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603 - our own command


def main(home: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(locale="ko-KR", viewport={"width": 1280, "height": 860})
        page.goto(f"{BASE}/login/")
        page.fill("#id_username", "demo-coordinator")
        page.fill("#id_password", "moksori-demo-passphrase")
        page.click("main button[type=submit]")
        page.fill("#id_token", current_code(home))
        page.click("main button[type=submit]")
        page.goto(f"{BASE}/survivors/")
        page.screenshot(path=str(OUT / "survivors.png"))
        page.click("table a >> nth=0")
        page.click("main a[href*='/survivors/interviews/'] >> nth=0")
        page.click("a[href*='/coding/interviews/']")
        page.screenshot(path=str(OUT / "coding-screen.png"))
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
