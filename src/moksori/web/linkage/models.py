"""Linkage runs over the store, the persons (clusters) they found, and the pairs a person reviews.

Nothing here holds a name: pairs and clusters point at survivors, whose identity stays encrypted.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from moksori.web.accounts.models import Compartment
from moksori.web.testimonies.models import Survivor


class LinkageRun(models.Model):
    """One run of the linker over the survivors of some compartments: who, when, how, how many."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    compartments = models.ManyToManyField(Compartment, related_name="+")
    settings = models.JSONField(default=dict)  # LinkageSettings.to_dict()
    summary = models.JSONField(default=dict)  # LinkageResult.to_dict(): counts, parameters, no names
    seed = models.BigIntegerField()
    match_threshold = models.FloatField()
    review_threshold = models.FloatField()
    n_records = models.PositiveIntegerField(default=0)
    n_clusters = models.PositiveIntegerField(default=0)
    n_review_pairs = models.PositiveIntegerField(default=0)
    n_accepted_labels = models.PositiveIntegerField(default=0)
    n_rejected_labels = models.PositiveIntegerField(default=0)
    n_label_conflicts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]


class PairStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("same person")
    REJECTED = "rejected", _("different persons")
    UNSURE = "unsure", _("unsure")
    SUPERSEDED = "superseded", _("superseded by a later run")


DECISIONS = (PairStatus.ACCEPTED, PairStatus.REJECTED, PairStatus.UNSURE)


class CandidatePair(models.Model):
    """Two survivors the linker was unsure about; ``survivor_a`` has the smaller id (one order per pair)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="pairs")
    survivor_a = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="+")
    survivor_b = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    status = models.CharField(max_length=12, choices=PairStatus.choices, default=PairStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-match_probability"]
        constraints = [
            models.UniqueConstraint(fields=["run", "survivor_a", "survivor_b"], name="pair_unique_in_run")
        ]
        indexes = [models.Index(fields=["status"], name="pair_status")]

    def __str__(self) -> str:
        return f"{self.survivor_a_id}~{self.survivor_b_id}"


class SurvivorCluster(models.Model):
    """A survivor's person number in one run: survivors with the same number are one woman."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="memberships")
    survivor = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="+")
    cluster = models.PositiveIntegerField()

    class Meta:
        ordering = ["run", "cluster"]
        constraints = [models.UniqueConstraint(fields=["run", "survivor"], name="cluster_unique_member")]
