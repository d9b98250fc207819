"""Which coded events, acts and actors a user may see: those of the survivors visible to them."""

from __future__ import annotations

from django.db.models import QuerySet

from moksori.web.accounts.models import User
from moksori.web.coding.models import Act, Actor, Event
from moksori.web.testimonies.queries import compartments_of, survivors_visible_to


def events_visible_to(user: User) -> QuerySet[Event]:
    return Event.objects.filter(survivor__in=survivors_visible_to(user))


def acts_visible_to(user: User) -> QuerySet[Act]:
    return Act.objects.filter(event__in=events_visible_to(user))


def actors_visible_to(user: User) -> QuerySet[Actor]:
    if not survivors_visible_to(user).exists():
        return Actor.objects.none()
    return Actor.objects.filter(compartment__in=compartments_of(user))
