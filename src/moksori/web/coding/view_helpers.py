"""Reads and display helpers for the coding screen: events of an interview, highlighted spans, choices."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from itertools import pairwise

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from moksori.web.accounts.models import User
from moksori.web.audit.actions import record_audit
from moksori.web.coding.models import Act, DatePrecision, Event, SourceLink
from moksori.web.coding.queries import acts_visible_to, events_visible_to
from moksori.web.testimonies.models import Interview, Passage
from moksori.web.vocabulary.queries import codable_terms, places_for_coding

EVENT_SCHEME, EVENT_GROUP = "nkcn", "events"
ACT_GROUPS = ("exploitation_types", "events")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of a passage's text, highlighted when a coded span covers it."""

    text: str
    marked: bool


@dataclass(frozen=True, slots=True)
class PassageView:
    passage: Passage
    segments: tuple[Segment, ...]


def passage_segments(text: str, spans: list[tuple[int, int]]) -> tuple[Segment, ...]:
    """Cut ``text`` at every span boundary, so overlapping spans highlight their union exactly."""
    cuts = {0, len(text)}
    for start, end in spans:
        cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    points = sorted(cuts)
    segments = []
    for left, right in pairwise(points):
        if left == right:
            continue
        marked = any(start <= left and right <= end for start, end in spans)
        segments.append(Segment(text[left:right], marked))
    return tuple(segments)


def coded_spans(interview: Interview) -> dict[uuid.UUID, list[tuple[int, int]]]:
    links = SourceLink.objects.filter(
        passage__interview=interview, span_start__isnull=False, span_end__isnull=False
    )
    spans: dict[uuid.UUID, list[tuple[int, int]]] = {}
    for passage_id, start, end in links.values_list("passage_id", "span_start", "span_end"):
        if start is not None and end is not None:
            spans.setdefault(passage_id, []).append((start, end))
    return spans


def passage_views(interview: Interview) -> list[PassageView]:
    """The interview's passages (read already audited by ``interview_for``), with coded spans marked."""
    spans = coded_spans(interview)
    return [PassageView(p, passage_segments(p.text, spans.get(p.pk, []))) for p in interview.passages.all()]


def event_of_interview(user: User, interview: Interview, event_id: uuid.UUID) -> Event:
    event = events_visible_to(user).filter(pk=event_id, sources__passage__interview=interview).first()
    if event is None:
        raise Http404
    return event


def event_to_edit(user: User, interview: Interview, event_id: uuid.UUID) -> Event:
    """One event coded from ``interview``, read for its edit form; the read is audited."""
    with transaction.atomic():
        event = event_of_interview(user, interview, event_id)
        record_audit(user, "event.read", event, fields=("type", "date", "place", "description"))
    return event


def act_to_edit(user: User, event: Event, act_id: uuid.UUID) -> Act:
    """One act of ``event`` (already checked to belong to the interview), read for its edit form; audited."""
    with transaction.atomic():
        act = acts_visible_to(user).filter(pk=act_id, event=event).select_related("type").first()
        if act is None:
            raise Http404
        record_audit(user, "act.read", act, fields=("type", "price"))
    return act


def source_passage(event: Event, interview: Interview) -> Passage:
    """The passage an event was coded from in this interview: acts on the event cite it too."""
    link = event.sources.filter(passage__interview=interview).select_related("passage").first()
    if link is None:
        raise Http404
    return link.passage


def event_date_label(event: Event) -> str:
    start, end = event.date_start, event.date_end
    precision = event.date_precision
    if precision == DatePrecision.UNKNOWN or start is None:
        return _("date unknown")
    formats = {DatePrecision.YEAR: "%Y", DatePrecision.MONTH: "%Y-%m"}
    shown = start.strftime(formats.get(DatePrecision(precision), "%Y-%m-%d"))
    if precision == DatePrecision.RANGE and end is not None:
        return f"{shown} – {end:%Y-%m-%d}"
    if precision == DatePrecision.BEFORE:
        return _("before %(date)s") % {"date": shown}
    if precision == DatePrecision.AFTER:
        return _("after %(date)s") % {"date": shown}
    return shown


def event_type_choices() -> list[tuple[str, str]]:
    """Event types of the North Korea–China extension, labelled in the current language."""
    return [(t.code, t.label) for t in codable_terms(EVENT_SCHEME, EVENT_GROUP)]


def act_type_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    group_labels = {"exploitation_types": _("Exploitation"), "events": _("Events")}
    return [
        (group_labels[group], [(str(t.pk), t.label) for t in codable_terms(EVENT_SCHEME, group)])
        for group in ACT_GROUPS
    ]


def currency_choices() -> list[tuple[str, str]]:
    terms = codable_terms(EVENT_SCHEME, "currencies")
    return [("", "—"), *((t.code, f"{t.code} · {t.label}") for t in terms)]


def place_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((p.pk, f"{p.label} ({p.country_iso2.upper()})") for p in places_for_coding())]
