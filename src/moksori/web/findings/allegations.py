"""An allegation's result as the findings pages show it: counts, caveats, sources and contradictions.

Source rows and contradiction details carry pseudonymous keys and dates, places and actor labels of
single accounts: they are built only for readers who may see the passages (`details=True`), and they
name a survivor by her code only when her compartment is granted to the reader.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from moksori.analysis.corroboration import AllegationResult
from moksori.web.findings.labels import (
    allegation_title,
    contradiction_kind,
    translated_allegation_caveat,
)


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One independent source (a woman), named by the codes of her testimonies visible to the reader."""

    number: int
    codes: tuple[str, ...]
    testimonies: int
    organisations: int
    events: int
    passages: int
    years: str


@dataclass(frozen=True, slots=True)
class ContradictionLine:
    kind: str
    event_type: str
    same_source: bool
    codes: tuple[str, str]
    detail: str


@dataclass(frozen=True, slots=True)
class AllegationView:
    name: str
    version: int
    title: str
    description: str
    corroborated: bool
    min_sources: int
    n_sources: int
    n_testimonies: int
    n_organisations: int
    n_interviewers: int
    n_events: int
    n_passages: int
    years: str
    caveats: tuple[str, ...]
    contradiction_counts: tuple[tuple[str, int], ...]
    actors: tuple[tuple[str, str, int, int], ...]  # label, role code, sources, organisations
    sources: tuple[SourceLine, ...]
    contradictions: tuple[ContradictionLine, ...]
    fingerprint: str
    code_version: str


def present_allegation(
    result: AllegationResult, *, details: bool, codes: dict[str, str] | None = None
) -> AllegationView:
    """The view of `result`; source rows and contradiction details only when `details`."""
    codes = codes or {}
    kinds = Counter(c.kind for c in result.contradictions)
    return AllegationView(
        name=result.name,
        version=result.version,
        title=allegation_title(result.name),
        description=result.description,
        corroborated=result.corroborated,
        min_sources=result.min_sources,
        n_sources=result.n_sources,
        n_testimonies=result.n_testimonies,
        n_organisations=result.n_organisations,
        n_interviewers=result.n_interviewers,
        n_events=result.n_events,
        n_passages=len(result.passages),
        years=_years(result.first_year, result.last_year),
        caveats=tuple(translated_allegation_caveat(c) for c in result.caveats),
        contradiction_counts=tuple((contradiction_kind(k), n) for k, n in sorted(kinds.items())),
        actors=tuple((a.label, a.role or "", a.sources, a.organisations) for a in result.actors),
        sources=tuple(_sources(result, codes)) if details else (),
        contradictions=tuple(_contradictions(result, codes)) if details else (),
        fingerprint=result.fingerprint,
        code_version=result.code_version,
    )


def _years(first: int | None, last: int | None) -> str:
    if first is None or last is None:
        return _("no dated events")
    return str(first) if first == last else f"{first}–{last}"


def _code(codes: dict[str, str], testimony: str) -> str:
    return codes.get(testimony, _("(another compartment)"))


def _sources(result: AllegationResult, codes: dict[str, str]) -> list[SourceLine]:
    return [
        SourceLine(
            number=number,
            codes=tuple(_code(codes, t) for t in source.testimonies),
            testimonies=len(source.testimonies),
            organisations=len(source.organisations),
            events=len(source.events),
            passages=len(source.passages),
            years=_years(source.first_year, source.last_year),
        )
        for number, source in enumerate(result.sources, start=1)
    ]


def _contradictions(result: AllegationResult, codes: dict[str, str]) -> list[ContradictionLine]:
    return [
        ContradictionLine(
            kind=contradiction_kind(c.kind),
            event_type=c.event_type,
            same_source=c.same_source,
            codes=(_code(codes, c.testimonies[0]), _code(codes, c.testimonies[1])),
            detail=c.detail,
        )
        for c in result.contradictions
    ]
