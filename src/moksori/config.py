"""Where a Moksori installation keeps its things, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = Path.home() / ".moksori"


@dataclass(frozen=True, slots=True)
class StorePaths:
    """The files of one store under its data directory (MOKSORI_HOME)."""

    home: Path

    @property
    def database(self) -> Path:
        return self.home / "store.db"

    @property
    def keyfile(self) -> Path:
        return self.home / "keys.json"

    @property
    def attachments(self) -> Path:
        return self.home / "attachments"

    @property
    def checkpoints(self) -> Path:
        return self.home / "audit-checkpoints.jsonl"

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def temp(self) -> Path:
        """Private scratch space (0700) for libraries that insist on temp files."""
        return self.home / "tmp"

    def make_folders(self) -> None:
        """Create the data directory and its folders, readable by their owner only."""
        for folder in (self.home, self.attachments, self.backups, self.temp):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            folder.chmod(0o700)


def store_paths() -> StorePaths:
    """The data directory: MOKSORI_HOME, or ~/.moksori when unset."""
    return StorePaths(Path(os.environ.get("MOKSORI_HOME") or DEFAULT_HOME).expanduser().resolve())


def database_url() -> str | None:
    """Set MOKSORI_DATABASE_URL (postgresql://...) for server mode; unset means embedded SQLCipher."""
    return os.environ.get("MOKSORI_DATABASE_URL") or None


def write_private(path: Path, text: str) -> None:
    """Write a small file readable by its owner only (0600), replacing any earlier one."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
