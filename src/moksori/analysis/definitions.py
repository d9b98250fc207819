"""Declarative definitions (claims, allegations) read from YAML files, with errors that name the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Definition = TypeVar("Definition")


def read_yaml(path: Path, error: type[ValueError]) -> object:
    """The parsed content of ``path``; a syntax error becomes ``error`` naming the file, never its text."""
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as problem:
        raise error(f"{path}: not valid YAML ({type(problem).__name__})") from None


def builtin_definitions(
    folder: Path, load: Callable[[Path], Definition], name: Callable[[Definition], str]
) -> dict[str, Definition]:
    """Every ``*.yaml`` definition shipped in ``folder``, by name, in file order."""
    found = [load(path) for path in sorted(folder.glob("*.yaml"))]
    return {name(definition): definition for definition in found}
