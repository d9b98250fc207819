"""Human labels, in English or Korean, for the category codes that claim results carry.

A split claim names its categories itself (``forced_sex_work``) and defines each by codes of the
packaged vocabularies (``exploitation: [exp_forced_prostitution]``, labelled in nk_china_case.yaml).
A category is labelled by the one vocabulary term it stands for: the term with the category's own
name, else the term whose code is the category's name behind a prefix (``exp_forced_marriage`` for
``forced_marriage``), else the only term its conditions ask for. A category that gathers several
terms under a new name has no single term to speak for it and keeps its code, as does a code the
vocabularies lack: a missing label is never a reason for a report or a page to fail.

Pure: no Django, so that reports and the web pages share one lookup.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from moksori.reports.labels import Language

if TYPE_CHECKING:
    from moksori.analysis.stats.claim_definition import Claim
    from moksori.analysis.stats.claim_filters import Condition
    from moksori.vocab.model import Term

logger = logging.getLogger(__name__)

# The scheme the coders use; other schemes share a few codes with it ("Other") and must not win.
CODING_SCHEME = "nkcn"
# Operators whose operands are what a category is; `none_of` and `exists` say what it is not, or nothing.
NAMING_OPERATORS = frozenset({"any_of", "all_of", "equals"})


@dataclass(frozen=True, slots=True)
class TermLabel:
    """A vocabulary term's label in each report language."""

    en: str
    ko: str

    def in_language(self, lang: Language) -> str:
        """The label in `lang`."""
        return self.ko if lang == "ko" else self.en


@lru_cache(maxsize=1)
def vocabulary_labels() -> Mapping[str, TermLabel]:
    """Each code of the packaged vocabularies that has one unambiguous label, with that label."""
    from moksori.vocab.model import VocabularyError
    from moksori.vocab.reader import read_vocabularies

    try:
        terms = read_vocabularies().terms
    except VocabularyError:
        # labels only: the codes are still shown, and the vocabulary page reports the broken file
        logger.warning("vocabulary files could not be read; charts show category codes", exc_info=True)
        return {}
    return labels_by_code(terms)


def labels_by_code(terms: Iterable[Term]) -> dict[str, TermLabel]:
    """Codes to labels; a code with different labels in different groups or schemes is left out."""
    by_code: dict[str, list[Term]] = {}
    for term in terms:
        by_code.setdefault(term.code, []).append(term)
    labels: dict[str, TermLabel] = {}
    for code, found in by_code.items():
        preferred = [t for t in found if t.scheme == CODING_SCHEME] or found
        distinct = {TermLabel(t.label_en, t.label_ko) for t in preferred}
        if len(distinct) == 1:
            labels[code] = distinct.pop()
    return labels


@lru_cache(maxsize=1)
def _builtin_claims() -> Mapping[str, Claim]:
    from moksori.analysis.stats.claim_definition import builtin_claims

    return builtin_claims()


def builtin_claim(name: str) -> Claim | None:
    """The built-in claim called `name`, or None for a claim of another origin."""
    return _builtin_claims().get(name)


def category_term(claim: Claim | None, category: str) -> str | None:
    """The vocabulary code that `category` of `claim` stands for, or None if no single code does."""
    labels = vocabulary_labels()
    if category in labels:
        return category
    codes = [c for c in _codes_of(claim, category) if c in labels]
    same_name = [c for c in codes if c.partition("_")[2] == category]
    if same_name:
        return same_name[0]
    return codes[0] if len(set(codes)) == 1 else None


def category_label(claim: Claim | None, category: str, lang: Language) -> str | None:
    """The human label of `category` in `lang`, or None when the vocabularies have none for it."""
    code = category_term(claim, category)
    return None if code is None else vocabulary_labels()[code].in_language(lang)


def _codes_of(claim: Claim | None, category: str) -> list[str]:
    if claim is None:
        return []
    conditions = dict(claim.categories).get(category, ())
    return [code for condition in conditions for code in _named_codes(condition)]


def _named_codes(condition: Condition) -> list[str]:
    if condition.operator not in NAMING_OPERATORS:
        return []
    return [value for value in condition.operand if isinstance(value, str)]
