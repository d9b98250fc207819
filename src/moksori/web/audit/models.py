"""The audit log: one entry per create, read, update or delete of survivor-linked data, in a hash chain."""

from __future__ import annotations

import uuid

from django.db import models


class AuditEntry(models.Model):
    sequence = models.PositiveBigIntegerField(unique=True)
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField()
    actor_id = models.CharField(max_length=36, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    digest = models.TextField(blank=True)  # what changed, as field names and counts: never the values
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name_plural = "audit entries"


class ChainHead(models.Model):
    """The one row that serialises appends to the chain (locked with SELECT ... FOR UPDATE)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
