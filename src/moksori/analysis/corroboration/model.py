"""Plain inputs of corroboration: coded events with their acts, the actors involved, the passages behind.

The store layer builds these from consenting survivors only; nothing here reads a database. An actor's `names`
(name and aliases) are used in memory to resolve the same person across testimonies and never appear in a
result: results name actors by their working label.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DATED_PRECISIONS = frozenset({"exact", "month", "year", "range", "before", "after"})


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """One actor as coded in one compartment (the same broker may be coded in several)."""

    id: str
    label: str
    role: str | None
    compartment: str
    names: tuple[str, ...] = ()  # name and aliases: in memory only, for resolution
    identified: bool = False


@dataclass(frozen=True, slots=True)
class Involved:
    """An actor's part in an act: `role` is the involvement role (act_broker, act_police_china, ...)."""

    actor: str
    role: str


@dataclass(frozen=True, slots=True)
class ActRecord:
    """An act within an event, the actors involved and the passages it rests on."""

    id: str
    type: str
    actors: tuple[Involved, ...] = ()
    passages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventRecord:
    """A coded event of one testimony.

    `testimony` is the survivor row that tells it; `source` is the woman behind that row: her linkage cluster
    when linkage put her rows together, else the row itself. Two rows with one `source` are never independent.
    `order` is the event's position in the testimony (by date), for route filters ("from Yanbian to ...").
    """

    id: str
    testimony: str
    source: str
    organisation: str
    type: str
    interviews: tuple[str, ...] = ()
    interviewers: tuple[str, ...] = ()
    date_precision: str = "unknown"
    date_start: date | None = None
    date_end: date | None = None
    place: str | None = None
    acts: tuple[ActRecord, ...] = ()
    passages: tuple[str, ...] = ()
    order: int = 0

    def all_passages(self) -> tuple[str, ...]:
        """Passages of the event and of its acts, without repeats, in first-seen order."""
        seen = dict.fromkeys(self.passages)
        for act in self.acts:
            seen.update(dict.fromkeys(act.passages))
        return tuple(seen)

    def involved(self) -> tuple[Involved, ...]:
        """Every actor involvement in the event's acts."""
        return tuple(i for act in self.acts for i in act.actors)

    def interval(self) -> tuple[date, date] | None:
        """The days the stated date allows (None if undated); 'before X' is open leftwards, 'after' right."""
        start, end, precision = self.date_start, self.date_end, self.date_precision
        if start is None or precision not in DATED_PRECISIONS:
            return None
        if precision == "before":
            return date.min, start
        if precision == "after":
            return start, date.max
        if precision == "exact" or end is None:
            return start, start
        return start, end

    def years(self) -> tuple[int, int] | None:
        """First and last year the stated date allows; None when undated or open-ended."""
        interval = self.interval()
        if interval is None or interval[0] == date.min or interval[1] == date.max:
            return None
        return interval[0].year, interval[1].year
