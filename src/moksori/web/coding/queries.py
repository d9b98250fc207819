"""Which coded events, acts and actors a user may see: those of the survivors visible to them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from moksori.web.accounts import permissions
from moksori.web.accounts.models import User
from moksori.web.audit.actions import record_audit
from moksori.web.coding.models import Act, Actor, Event
from moksori.web.testimonies.models import Interview
from moksori.web.testimonies.queries import compartments_of, survivors_visible_to


def events_visible_to(user: User) -> QuerySet[Event]:
    return Event.objects.filter(survivor__in=survivors_visible_to(user))


def acts_visible_to(user: User) -> QuerySet[Act]:
    return Act.objects.filter(event__in=events_visible_to(user))


def actors_visible_to(user: User) -> QuerySet[Actor]:
    if not survivors_visible_to(user).exists():
        return Actor.objects.none()
    return Actor.objects.filter(compartment__in=compartments_of(user))


def events_of_interview(user: User, interview: Interview) -> list[Event]:
    """The events coded from this interview's passages that ``user`` may see; the listing is audited."""
    if not permissions.can_read_testimonies(user):
        raise PermissionDenied
    with transaction.atomic():
        events = list(
            events_visible_to(user)
            .filter(sources__passage__interview=interview)
            .distinct()
            .select_related("type", "place")
            .prefetch_related("acts__type", "sources__passage")
            .order_by("created_at")
        )
        record_audit(user, "event.list", interview, count=len(events))
    return events
