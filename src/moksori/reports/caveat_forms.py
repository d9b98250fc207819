"""The forms of the caveats that claims and allegations write, for each reader to rebuild in its language.

The evaluators (pure, in moksori.analysis) write caveats as English sentences with numbers in them. A
form names one kind of sentence by a key and a regex whose named groups are its parameters:
``"3 organisations and 5 interviewers"`` parses to ``("sources", {"organisations": "3",
"interviewers": "5"})``. The web pages (gettext) and the report (reports.labels) keep one translated
sentence per key; a sentence of no known form is shown as written by both.

Pure: no Django, so that reports and the web pages share one table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from moksori.analysis.stats.claims import CONVENIENCE_CAVEAT

ParsedCaveat = tuple[str, dict[str, str]]


@dataclass(frozen=True, slots=True)
class CaveatForm:
    """One kind of caveat sentence: its key and the regex that reads its parameters."""

    key: str
    pattern: re.Pattern[str]

    @property
    def parameters(self) -> tuple[str, ...]:
        """The names of the values the sentence carries, in the order they appear."""
        return tuple(self.pattern.groupindex)

    def parse(self, text: str) -> dict[str, str] | None:
        """The parameters of `text` when the whole of it has this form, else None."""
        match = self.pattern.fullmatch(text)
        return None if match is None else match.groupdict()


def _form(key: str, pattern: str) -> CaveatForm:
    return CaveatForm(key, re.compile(pattern))


# A trailing `.*` accepts a changed explanation after the numbers: the translation still holds.
CLAIM_CAVEAT_FORMS: tuple[CaveatForm, ...] = (
    _form(
        "deduplicated",
        r"n = (?P<n>\d+) (?P<unit>\w+)s from (?P<survivors>\d+) survivors"
        r" after de-duplication by linkage cluster",
    ),
    _form("sources", r"(?P<organisations>\d+) organisations and (?P<interviewers>\d+) interviewers"),
    _form("dated", r"events dated (?P<first>\d{4}) to (?P<last>\d{4})"),
    _form("undated", r"no dated events"),
    _form("reached", r"survivors reached through: (?P<ways>.+)"),
    _form("reach_unknown", r"how survivors were reached is not recorded"),
    _form("convenience", re.escape(CONVENIENCE_CAVEAT)),
    _form("small_n", r"small n \((?P<n>\d+) < (?P<limit>\d+)\).*"),
    _form("events_dependent", r"events of one survivor are not independent.*"),
)

ALLEGATION_CAVEAT_FORMS: tuple[CaveatForm, ...] = (
    _form("linked_sources", r"(?P<count>\d+) source\(s\) gave more than one testimony.*"),
    _form("one_organisation", r"all sources come from one organisation.*"),
    _form("interviewer_unknown", r"interviewer not recorded for (?P<count>\d+) testimonies.*"),
    _form("one_interviewer", r"one interviewer heard every account.*"),
    _form("too_few_sources", r"fewer than (?P<count>\d+) independent sources.*"),
)


def parse_caveat(text: str) -> ParsedCaveat | None:
    """A claim's caveat as (form key, parameters), or None when it has no known form."""
    return _parse(text, CLAIM_CAVEAT_FORMS)


def parse_allegation_caveat(text: str) -> ParsedCaveat | None:
    """An allegation's caveat as (form key, parameters), or None when it has no known form."""
    return _parse(text, ALLEGATION_CAVEAT_FORMS)


def _parse(text: str, forms: tuple[CaveatForm, ...]) -> ParsedCaveat | None:
    for form in forms:
        parameters = form.parse(text)
        if parameters is not None:
            return form.key, parameters
    return None
