"""Value objects of the reference vocabularies: schemes, terms, places and the set that holds them.

Pure library code: no Django, no I/O. :mod:`moksori.vocab.reader` builds these objects from the files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Literal

TermStatus = Literal["active", "retired"]


class VocabularyError(ValueError):
    """A vocabulary file is missing, malformed or inconsistent; the message names the file, key and fix."""


class UnknownTermError(KeyError):
    """A term or place was looked up that the vocabulary set does not contain."""

    def __str__(self) -> str:
        # KeyError quotes its argument; a plain sentence reads better for users.
        return str(self.args[0]) if self.args else "unknown term"


@dataclass(frozen=True, slots=True)
class Scheme:
    """One code list (HTCDS, ILO indicators, Palermo elements, the North Korea–China extension)."""

    id: str
    version: str
    source: str
    licence: str

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form."""
        return {"id": self.id, "version": self.version, "source": self.source, "licence": self.licence}


@dataclass(frozen=True, slots=True)
class Term:
    """A coded value with its labels; ``mappings`` are (target, code) pairs, e.g. ("palermo", "pal_act_x")."""

    scheme: str
    group: str
    code: str
    label_en: str
    label_ko: str
    label_zh: str | None
    definition: str | None
    status: TermStatus
    mappings: tuple[tuple[str, str], ...]

    @property
    def is_retired(self) -> bool:
        """True when the term may be read in old records but must not be offered for new coding."""
        return self.status == "retired"

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form."""
        return {
            "scheme": self.scheme,
            "group": self.group,
            "code": self.code,
            "label_en": self.label_en,
            "label_ko": self.label_ko,
            "label_zh": self.label_zh,
            "definition": self.definition,
            "status": self.status,
            "mappings": [list(pair) for pair in self.mappings],
        }


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry from places.csv; optional columns left empty in the file are ``None``."""

    id: str
    parent_id: str | None
    level: str
    country_iso2: str
    name_en: str
    name_local: str
    name_zh: str | None
    pinyin: str | None
    name_ko: str | None
    name_ko_sk: str | None
    name_ko_other: tuple[str, ...]
    rr: str | None
    mr: str | None
    iso_3166: str | None
    gb2260: str | None
    lat: float | None
    lon: float | None

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form."""
        return {
            "id": self.id,
            "parent_id": self.parent_id,
            "level": self.level,
            "country_iso2": self.country_iso2,
            "name_en": self.name_en,
            "name_local": self.name_local,
            "name_zh": self.name_zh,
            "pinyin": self.pinyin,
            "name_ko": self.name_ko,
            "name_ko_sk": self.name_ko_sk,
            "name_ko_other": list(self.name_ko_other),
            "rr": self.rr,
            "mr": self.mr,
            "iso_3166": self.iso_3166,
            "gb2260": self.gb2260,
            "lat": self.lat,
            "lon": self.lon,
        }


@dataclass(frozen=True, slots=True)
class VocabularySet:
    """All schemes, terms and places of one load, with lookups and a content hash.

    ``missing_korean`` and ``missing_english`` list (scheme, group, code) of terms whose file gives no label
    in that language; the label falls back to the English one (or, lacking that, to the readable code).
    """

    schemes: tuple[Scheme, ...]
    terms: tuple[Term, ...]
    places: tuple[Place, ...]
    missing_korean: tuple[tuple[str, str, str], ...] = ()
    missing_english: tuple[tuple[str, str, str], ...] = ()
    content_hash: str = field(init=False, compare=False)
    _by_code: dict[tuple[str, str], tuple[Term, ...]] = field(init=False, repr=False, compare=False)
    _by_group: dict[tuple[str, str], tuple[Term, ...]] = field(init=False, repr=False, compare=False)
    _places: dict[str, Place] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code: dict[tuple[str, str], list[Term]] = {}
        by_group: dict[tuple[str, str], list[Term]] = {}
        for term in self.terms:
            by_code.setdefault((term.scheme, term.code), []).append(term)
            by_group.setdefault((term.scheme, term.group), []).append(term)
        # frozen dataclass: indexes are derived once, here, and never change afterwards.
        object.__setattr__(self, "_by_code", {k: tuple(v) for k, v in by_code.items()})
        object.__setattr__(self, "_by_group", {k: tuple(v) for k, v in by_group.items()})
        object.__setattr__(self, "_places", {p.id: p for p in self.places})
        object.__setattr__(self, "content_hash", _content_hash(self.schemes, self.terms, self.places))

    def scheme(self, scheme_id: str) -> Scheme:
        """The scheme with this id; raises :class:`UnknownTermError` if there is none."""
        for scheme in self.schemes:
            if scheme.id == scheme_id:
                return scheme
        raise UnknownTermError(f"No vocabulary scheme '{scheme_id}'. Known schemes: {self._scheme_ids()}.")

    def term(self, scheme: str, code: str, group: str | None = None) -> Term:
        """The term ``code`` of ``scheme``; pass ``group`` if the code is in several groups (e.g. 'Other')."""
        candidates = self._by_code.get((scheme, code), ())
        if group is not None:
            candidates = tuple(t for t in candidates if t.group == group)
        if not candidates:
            where = f"group '{group}' of " if group else ""
            raise UnknownTermError(
                f"No term '{code}' in {where}scheme '{scheme}'. Check the code's spelling."
            )
        if len(candidates) > 1:
            groups = ", ".join(t.group for t in candidates)
            raise UnknownTermError(
                f"Term '{code}' of scheme '{scheme}' occurs in several groups ({groups}); pass group=."
            )
        return candidates[0]

    def has_term(self, scheme: str, code: str, group: str | None = None) -> bool:
        """True when :meth:`term` would find at least one term."""
        candidates = self._by_code.get((scheme, code), ())
        return any(group is None or t.group == group for t in candidates)

    def terms_in(self, scheme: str, group: str) -> tuple[Term, ...]:
        """Terms of one group in file order; empty when the group does not exist."""
        return self._by_group.get((scheme, group), ())

    def groups(self, scheme: str) -> tuple[str, ...]:
        """Group names of a scheme, in file order."""
        return tuple(g for (s, g) in self._by_group if s == scheme)

    def place(self, place_id: str) -> Place:
        """The gazetteer place with this id; raises :class:`UnknownTermError` if there is none."""
        try:
            return self._places[place_id]
        except KeyError:
            raise UnknownTermError(f"No place '{place_id}' in places.csv.") from None

    def has_place(self, place_id: str) -> bool:
        """True when the gazetteer holds this place id."""
        return place_id in self._places

    def unresolved_mappings(self) -> tuple[str, ...]:
        """Mappings whose target code is not in this set, as 'scheme:group:code -> target:code' strings."""
        problems: list[str] = []
        for term in self.terms:
            for target, code in term.mappings:
                if not self._mapping_resolves(target, code):
                    problems.append(f"{term.scheme}:{term.group}:{term.code} -> {target}:{code}")
        return tuple(problems)

    def summary(self) -> str:
        """One paragraph for logs and the admin page: counts per scheme and the content hash."""
        counts = ", ".join(f"{s.id} {s.version}: {len(self._terms_of(s.id))} terms" for s in self.schemes)
        retired = sum(1 for t in self.terms if t.is_retired)
        return (
            f"{len(self.terms)} terms ({counts}); {retired} retired; {len(self.places)} places; "
            f"{len(self.missing_korean)} terms without a Korean label; content hash {self.content_hash[:16]}…"
        )

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form of the whole set."""
        return {
            "schemes": [s.to_dict() for s in self.schemes],
            "terms": [t.to_dict() for t in self.terms],
            "places": [p.to_dict() for p in self.places],
            "missing_korean": [list(k) for k in self.missing_korean],
            "missing_english": [list(k) for k in self.missing_english],
            "content_hash": self.content_hash,
        }

    def _mapping_resolves(self, target: str, code: str) -> bool:
        scheme, _, group = target.partition(".")
        return self.has_term(scheme, code, group or None)

    def _terms_of(self, scheme: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.scheme == scheme)

    def _scheme_ids(self) -> str:
        return ", ".join(s.id for s in self.schemes)


def _content_hash(schemes: tuple[Scheme, ...], terms: tuple[Term, ...], places: tuple[Place, ...]) -> str:
    """SHA-256 over a canonical JSON form, sorted so that reordering entries in a file is not a change."""
    canonical = {
        "schemes": sorted((s.to_dict() for s in schemes), key=lambda d: str(d["id"])),
        "terms": sorted(
            (t.to_dict() for t in terms), key=lambda d: (str(d["scheme"]), str(d["group"]), str(d["code"]))
        ),
        "places": sorted((p.to_dict() for p in places), key=lambda d: str(d["id"])),
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
