"""Who did what to whom, when and where: events, acts, actors and involvements, each tied to passages.

The shape follows the HURIDOCS events standard (event → act → victim; actor → involvement → act),
with types from the versioned vocabularies (HTCDS and the North Korea–China extension).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from moksori.web.accounts.models import Compartment
from moksori.web.protected import EncryptedTextField, ProtectedModel
from moksori.web.testimonies.models import Passage, Survivor
from moksori.web.vocabulary.models import Place, Term


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact date")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    RANGE = "range", _("Between two dates")
    BEFORE = "before", _("Before")
    AFTER = "after", _("After")
    UNKNOWN = "unknown", _("Unknown")


class Event(ProtectedModel):
    """Something that happened to a survivor at a (possibly fuzzy) time and place."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survivor = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="events")
    type = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    date_start = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    description = EncryptedTextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survivor", "date_start"]


class Act(ProtectedModel):
    """An act within an event against a victim: a sale, a forced marriage, an arrest..."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="acts")
    victim = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="acts")
    type = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    price_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    price_currency = models.CharField(max_length=3, blank=True)
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class Actor(ProtectedModel):
    """A perpetrator, official, rescuer or other party, possibly unidentified, with aliases."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    compartment = models.ForeignKey(Compartment, on_delete=models.PROTECT, related_name="actors")
    label = models.CharField(_("label"), max_length=100)  # a working label such as "Broker A"
    name = EncryptedTextField(_("name"), blank=True)
    aliases = EncryptedTextField(_("aliases"), blank=True)  # one per line
    role = models.ForeignKey(Term, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    identified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["label"]


class Involvement(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="involvements")
    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="involvements")
    role = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")


class Confidence(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class SourceLink(models.Model):
    """The passage (or a span of it) that a coded event, act or involvement rests on."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="source_links")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="sources")
    act = models.ForeignKey(Act, null=True, blank=True, on_delete=models.CASCADE, related_name="sources")
    involvement = models.ForeignKey(
        Involvement, null=True, blank=True, on_delete=models.CASCADE, related_name="sources"
    )
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    coded_at = models.DateTimeField(auto_now_add=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices, default=Confidence.MEDIUM)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(event__isnull=False, act__isnull=True, involvement__isnull=True)
                    | Q(event__isnull=True, act__isnull=False, involvement__isnull=True)
                    | Q(event__isnull=True, act__isnull=True, involvement__isnull=False)
                ),
                name="sourcelink_exactly_one_target",
            )
        ]
