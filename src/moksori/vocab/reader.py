"""Loading Moksori's reference vocabularies from a directory of YAML and CSV files.

``read_vocabularies()`` reads the copy packaged in ``moksori/vocab/data``; pass another directory to read an
edited or newer copy. The result carries a content hash so that a reload can tell whether anything changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

from moksori.vocab import _schemes
from moksori.vocab._terms import TermCollector
from moksori.vocab.model import Place, Scheme, VocabularyError, VocabularySet
from moksori.vocab.places import PLACES_FILE, parse_places
from moksori.vocab.surnames import SURNAMES_FILE, Surname, parse_surnames

_Document = Mapping[str, object]
_SCHEME_READERS: tuple[
    tuple[str, Callable[[_Document], Scheme], Callable[[_Document, TermCollector], None]], ...
] = (
    (_schemes.HTCDS_FILE, _schemes.htcds_scheme, _schemes.htcds_terms),
    (_schemes.ILO_FILE, _schemes.ilo_scheme, _schemes.ilo_terms),
    (_schemes.PALERMO_FILE, _schemes.palermo_scheme, _schemes.palermo_terms),
    (_schemes.NKCN_FILE, _schemes.nkcn_scheme, _schemes.nkcn_terms),
)


def read_vocabularies(directory: Path | None = None) -> VocabularySet:
    """Read all schemes and the gazetteer from ``directory`` (default: the packaged copy).

    Raises :class:`VocabularyError` naming the file and key when a file is missing or malformed.
    """
    source = _source(directory)
    collector = TermCollector()
    schemes: list[Scheme] = []
    for file_name, read_scheme, read_terms in _SCHEME_READERS:
        document = _load_yaml(source, file_name)
        schemes.append(read_scheme(document))
        read_terms(document, collector)
    return VocabularySet(
        schemes=tuple(schemes),
        terms=tuple(collector.terms),
        places=read_places(directory),
        missing_korean=tuple(collector.missing_korean),
        missing_english=tuple(collector.missing_english),
    )


def read_places(directory: Path | None = None) -> tuple[Place, ...]:
    """Read only the gazetteer (places.csv) from ``directory`` (default: the packaged copy)."""
    return parse_places(_read_text(_source(directory), PLACES_FILE), PLACES_FILE)


def read_surnames(directory: Path | None = None) -> tuple[Surname, ...]:
    """Read the Korean surname table (korean_names.csv) from ``directory`` (default: the packaged copy)."""
    return parse_surnames(_read_text(_source(directory), SURNAMES_FILE), SURNAMES_FILE)


def packaged_data() -> Traversable:
    """The directory of vocabulary files shipped inside the package."""
    return resources.files("moksori.vocab").joinpath("data")


def _source(directory: Path | None) -> Traversable:
    return packaged_data() if directory is None else directory


def _read_text(source: Traversable, file_name: str) -> str:
    entry = source.joinpath(file_name)
    if not entry.is_file():
        raise VocabularyError(f"{file_name}: not found in {source}. Fix: copy the file from shared/vocab.")
    try:
        return entry.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise VocabularyError(f"{file_name}: not valid UTF-8. Fix: save the file as UTF-8.") from None


def _load_yaml(source: Traversable, file_name: str) -> _Document:
    text = _read_text(source, file_name)
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        # The YAML message can quote file content; keep only the position.
        raise VocabularyError(
            f"{file_name}{where}: not valid YAML. Fix: check indentation and quoting."
        ) from None
    if not isinstance(document, Mapping):
        raise VocabularyError(f"{file_name}: the top level must be a mapping of keys.")
    return document
