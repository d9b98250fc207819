"""Coding "who did what to whom": every event, act and involvement rests on a passage it cites."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from moksori.web.accounts import permissions
from moksori.web.accounts.models import Compartment, User
from moksori.web.audit.actions import record_audit
from moksori.web.coding.models import Act, Actor, Confidence, DatePrecision, Event, Involvement, SourceLink
from moksori.web.testimonies.models import Passage, Survivor
from moksori.web.testimonies.queries import ensure_compartment_granted
from moksori.web.vocabulary.models import Place, Term
from moksori.web.vocabulary.queries import term_by_code


def _check_coder(by: User | None, compartment: Compartment) -> None:
    if by is None:
        return
    if not permissions.can_code(by):
        raise PermissionDenied
    ensure_compartment_granted(by, compartment)


def _check_span(passage: Passage, span: tuple[int, int] | None) -> None:
    if span is None:
        return
    start, end = span
    if not 0 <= start < end <= len(passage.text):
        raise ValidationError({"span": _("The selected span lies outside the passage.")})


def _check_dates(precision: str, start: datetime.date | None, end: datetime.date | None) -> None:
    if precision not in DatePrecision.values:
        raise ValidationError({"date_precision": _("Unknown date precision.")})
    if precision == DatePrecision.RANGE and (start is None or end is None or end < start):
        raise ValidationError({"date_end": _("A range needs a start and an end that is not before it.")})
    if precision not in (DatePrecision.UNKNOWN, DatePrecision.RANGE) and start is None:
        raise ValidationError({"date_start": _("Give the date this precision refers to.")})


def do_code_event(
    passage: Passage,
    *,
    by: User | None,
    type_code: str,
    date_precision: str = DatePrecision.UNKNOWN,
    date_start: datetime.date | None = None,
    date_end: datetime.date | None = None,
    place: Place | None = None,
    description: str = "",
    span: tuple[int, int] | None = None,
    confidence: str = Confidence.MEDIUM,
) -> Event:
    """An event of the passage's survivor, with its source link to the passage (or a span of it)."""
    survivor: Survivor = passage.interview.survivor
    _check_coder(by, survivor.compartment)
    _check_span(passage, span)
    _check_dates(date_precision, date_start, date_end)
    event_type = term_by_code("nkcn", type_code, group="events")
    event = Event(
        survivor=survivor,
        type=event_type,
        date_precision=date_precision,
        date_start=date_start,
        date_end=date_end,
        place=place,
        description=description,
        created_by=by,
    )
    with transaction.atomic():
        event.save(force_insert=True)
        link = _link(passage, by, span, confidence, event=event)
        record_audit(by, "event.create", event, fields=["type", "date", "place", "description"])
        record_audit(by, "sourcelink.create", link)
    return event


def do_code_act(
    event: Event,
    passage: Passage,
    *,
    by: User | None,
    type_term: Term,
    price_amount: Decimal | None = None,
    price_currency: str = "",
    span: tuple[int, int] | None = None,
    confidence: str = Confidence.MEDIUM,
) -> Act:
    _check_coder(by, event.survivor.compartment)
    _check_span(passage, span)
    if price_amount is not None and len(price_currency) != 3:
        raise ValidationError({"price_currency": _("A price needs its ISO 4217 currency code (e.g. CNY).")})
    act = Act(
        event=event,
        victim=event.survivor,
        type=type_term,
        price_amount=price_amount,
        price_currency=price_currency.upper(),
    )
    with transaction.atomic():
        act.save(force_insert=True)
        link = _link(passage, by, span, confidence, act=act)
        record_audit(by, "act.create", act, fields=["type", "price"])
        record_audit(by, "sourcelink.create", link)
    return act


def do_create_actor(
    *,
    by: User | None,
    compartment: Compartment,
    label: str,
    role: Term | None = None,
    name: str = "",
    aliases: tuple[str, ...] = (),
    identified: bool = False,
) -> Actor:
    _check_coder(by, compartment)
    actor = Actor(
        compartment=compartment,
        label=label,
        role=role,
        name=name,
        aliases="\n".join(aliases),
        identified=identified,
    )
    with transaction.atomic():
        actor.save(force_insert=True)
        record_audit(by, "actor.create", actor, fields=["label", "role", "name", "aliases"])
    return actor


def do_involve_actor(
    actor: Actor,
    act: Act,
    passage: Passage,
    *,
    by: User | None,
    role: Term,
    span: tuple[int, int] | None = None,
    confidence: str = Confidence.MEDIUM,
) -> Involvement:
    _check_coder(by, act.victim.compartment)
    if actor.compartment_id != act.victim.compartment_id:
        raise ValidationError(_("The actor belongs to another compartment."))
    involvement = Involvement(actor=actor, act=act, role=role)
    with transaction.atomic():
        involvement.save(force_insert=True)
        link = _link(passage, by, span, confidence, involvement=involvement)
        record_audit(by, "involvement.create", involvement, fields=["actor", "act", "role"])
        record_audit(by, "sourcelink.create", link)
    return involvement


def _link(
    passage: Passage,
    by: User | None,
    span: tuple[int, int] | None,
    confidence: str,
    **target: Event | Act | Involvement,
) -> SourceLink:
    start, end = span if span else (None, None)
    link = SourceLink(
        passage=passage, span_start=start, span_end=end, coder=by, confidence=confidence, **target
    )
    link.save(force_insert=True)
    return link


def do_update_event(
    event: Event,
    *,
    by: User | None,
    type_code: str,
    date_precision: str,
    date_start: datetime.date | None,
    date_end: datetime.date | None,
    place: Place | None,
    description: str,
) -> Event:
    _check_coder(by, event.survivor.compartment)
    _check_dates(date_precision, date_start, date_end)
    event.type = term_by_code("nkcn", type_code, group="events")
    event.date_precision, event.date_start, event.date_end = date_precision, date_start, date_end
    event.place, event.description = place, description
    with transaction.atomic():
        event.save()
        record_audit(by, "event.update", event, fields=["type", "date", "place", "description"])
    return event


def do_update_act(
    act: Act, *, by: User | None, type_term: Term, price_amount: Decimal | None, price_currency: str
) -> Act:
    _check_coder(by, act.victim.compartment)
    if price_amount is not None and len(price_currency) != 3:
        raise ValidationError({"price_currency": _("A price needs its ISO 4217 currency code (e.g. CNY).")})
    act.type, act.price_amount, act.price_currency = type_term, price_amount, price_currency.upper()
    with transaction.atomic():
        act.save()
        record_audit(by, "act.update", act, fields=["type", "price"])
    return act


def do_delete_event(event: Event, *, by: User | None) -> None:
    """Remove a coded event with its acts, involvements and source links (the testimony stays)."""
    _check_coder(by, event.survivor.compartment)
    with transaction.atomic():
        record_audit(by, "event.delete", event)
        event.delete()
