"""Turning the parsed YAML of each scheme into :class:`Term` objects.

Each ``*_terms`` function takes the loaded document of one file and a :class:`TermCollector`; errors name the
file and the key path (e.g. ``nk_china_case.yaml: events.terms[3].id``) so that an editor can find the entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from moksori.vocab.model import Term, TermStatus, VocabularyError

_RETIRED_STATUSES = frozenset({"retired", "deprecated"})
_ACTIVE_STATUSES = frozenset({"active", "draft", "release"})


@dataclass(slots=True)
class TermCollector:
    """Accumulates terms of one load and remembers which lacked a Korean or English label."""

    terms: list[Term] = field(default_factory=list)
    missing_korean: list[tuple[str, str, str]] = field(default_factory=list)
    missing_english: list[tuple[str, str, str]] = field(default_factory=list)

    def add(
        self,
        where: str,
        scheme: str,
        group: str,
        raw: Mapping[str, object],
        *,
        code_key: str = "id",
        status: TermStatus | None = None,
        mappings: tuple[tuple[str, str], ...] = (),
    ) -> Term:
        """Build one term from a YAML mapping; ``where`` is 'file: key.path' for error messages."""
        code = required_text(where, raw, code_key)
        label_en = optional_text(where, raw, "en", "label")
        if label_en is None:
            self.missing_english.append((scheme, group, code))
            label_en = code.replace("_", " ").capitalize()
        label_ko = optional_text(where, raw, "ko", "label_ko")
        if label_ko is None:
            self.missing_korean.append((scheme, group, code))
            label_ko = label_en
        term = Term(
            scheme=scheme,
            group=group,
            code=code,
            label_en=label_en,
            label_ko=label_ko,
            label_zh=optional_text(where, raw, "zh", "label_zh"),
            definition=optional_text(where, raw, "definition"),
            status=status if status is not None else term_status(where, raw),
            mappings=mappings,
        )
        self.terms.append(term)
        return term


def required_text(where: str, raw: Mapping[str, object], key: str) -> str:
    """A non-empty text value; raises :class:`VocabularyError` naming the file, key and fix."""
    value = raw.get(key)
    if isinstance(value, bool) or value is None or not isinstance(value, str | int | float):
        raise VocabularyError(f"{where}: missing or non-text '{key}'. Fix: give every entry a '{key}' value.")
    text = str(value).strip()
    if not text:
        raise VocabularyError(f"{where}: empty '{key}'. Fix: give every entry a '{key}' value.")
    return text


def optional_text(where: str, raw: Mapping[str, object], *keys: str) -> str | None:
    """The first of ``keys`` that holds non-empty text, or None."""
    for key in keys:
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, Mapping | list):
            raise VocabularyError(f"{where}: '{key}' must be text, not a list or mapping.")
        text = str(value).strip()
        if text:
            return text
    return None


def term_status(where: str, raw: Mapping[str, object]) -> TermStatus:
    """'active' unless the entry says retired (or HTCDS 'deprecated')."""
    value = raw.get("status")
    if value is None:
        return "active"
    text = str(value).strip().lower()
    if text in _RETIRED_STATUSES:
        return "retired"
    if text in _ACTIVE_STATUSES:
        return "active"
    raise VocabularyError(f"{where}: unknown status '{text}'. Fix: use 'active' or 'retired'.")


def as_mapping(where: str, value: object) -> Mapping[str, object]:
    """``value`` as a mapping, or a :class:`VocabularyError` naming where a mapping was expected."""
    if not isinstance(value, Mapping):
        raise VocabularyError(f"{where}: expected a mapping of keys to values.")
    return value


def as_list(where: str, value: object) -> list[object]:
    """``value`` as a list, or a :class:`VocabularyError` naming where a list was expected."""
    if not isinstance(value, list):
        raise VocabularyError(f"{where}: expected a list of entries.")
    return value


def entries(file: str, path: str, value: object) -> Iterable[tuple[str, Mapping[str, object]]]:
    """Yield ('file: path[i]', entry) for each mapping in a YAML list."""
    for index, item in enumerate(as_list(f"{file}: {path}", value)):
        where = f"{file}: {path}[{index}]"
        yield where, as_mapping(where, item)


def path_of(where: str) -> str:
    """The key path part of a 'file: key.path' location."""
    return where.split(": ", 1)[1]


def code_list(where: str, value: object) -> list[str]:
    """A list of codes (a lone string counts as a list of one)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in as_list(where, value)]


def htcds_links(where: str, value: object) -> list[tuple[str, str]]:
    """Mappings from an ``htcds: {field: [codes]}`` entry, as ('htcds.<field>', code) pairs."""
    if value is None:
        return []
    links: list[tuple[str, str]] = []
    for field_name, codes in as_mapping(where, value).items():
        links.extend((f"htcds.{field_name}", code) for code in code_list(f"{where}.{field_name}", codes))
    return links


def nkcn_mappings(where: str, raw: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    """Mappings of a North Korea–China term to HTCDS, Palermo and ILO codes."""
    links = htcds_links(f"{where}.htcds", raw.get("htcds"))
    links.extend(("htcds.hte_Type", code) for code in code_list(f"{where}.hte_Type", raw.get("hte_Type")))
    links.extend(("palermo", code) for code in code_list(f"{where}.palermo", raw.get("palermo")))
    links.extend(("ilo", code) for code in code_list(f"{where}.ilo", raw.get("ilo")))
    return tuple(links)


def palermo_mappings(where: str, raw: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    """Mappings of a Palermo element to HTCDS codes."""
    links = htcds_links(f"{where}.htcds", raw.get("htcds"))
    for key, field_name in (
        ("htcds_methods_of_control", "vic_MethodsOfControl"),
        ("htcds_per_RoleInProcess", "per_RoleInProcess"),
    ):
        links.extend((f"htcds.{field_name}", c) for c in code_list(f"{where}.{key}", raw.get(key)))
    return tuple(links)


def ilo_mappings(where: str, raw: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    """Mappings of an ILO indicator to HTCDS Methods of Control and Palermo means."""
    key = "related_htcds_methods_of_control"
    links = [("htcds.vic_MethodsOfControl", c) for c in code_list(f"{where}.{key}", raw.get(key))]
    key = "related_palermo_means"
    links.extend(("palermo", c) for c in code_list(f"{where}.{key}", raw.get(key)))
    return tuple(links)
