"""Settings for the test suite: a private temporary store, unlocked with a fixed test key.

Child processes (the CLI run by tests) inherit MOKSORI_HOME and MOKSORI_DB_KEY, so they open the
same store.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("MOKSORI_HOME", tempfile.mkdtemp(prefix="moksori-test-"))
os.environ.setdefault("MOKSORI_DB_KEY", "7e" * 32)

from moksori.crypto.keystore import create_keyfile
from moksori.web.settings import *  # noqa: F403
from moksori.web.settings import PATHS

PATHS.make_folders()
if not PATHS.keyfile.exists():
    create_keyfile(PATHS.keyfile, os.environ["MOKSORI_DB_KEY"])
