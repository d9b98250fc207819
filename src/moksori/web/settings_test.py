"""Settings for the test suite: a private temporary store, unlocked with a fixed test key.

Child processes (the CLI run by tests) inherit MOKSORI_HOME and MOKSORI_DB_KEY, so they open the
same store.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("MOKSORI_HOME", tempfile.mkdtemp(prefix="moksori-test-"))
os.environ.setdefault("MOKSORI_DB_KEY", "7e" * 32)

from moksori.crypto.keystore import create_keyfile  # noqa: E402
from moksori.web.settings import *  # noqa: E402,F403
from moksori.web.settings import PATHS  # noqa: E402

Path(PATHS.home).mkdir(mode=0o700, parents=True, exist_ok=True)
if not PATHS.keyfile.exists():
    create_keyfile(PATHS.keyfile, os.environ["MOKSORI_DB_KEY"])
