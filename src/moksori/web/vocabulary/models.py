"""Versioned controlled vocabularies (HTCDS, ILO, Palermo, the North Korea–China extension) and places."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import get_language


class VocabularyVersion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scheme = models.CharField(max_length=30)
    version = models.CharField(max_length=30)
    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheme", "-loaded_at"]


class TermStatus(models.TextChoices):
    ACTIVE = "active"
    RETIRED = "retired"


class LabelledMixin:
    label_en: str
    label_ko: str

    @property
    def label(self) -> str:
        return self.label_ko if (get_language() or "ko").startswith("ko") and self.label_ko else self.label_en


class Term(LabelledMixin, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scheme = models.CharField(max_length=30)
    group = models.CharField(max_length=80)
    code = models.CharField(max_length=255)  # HTCDS codes run to 140 characters
    label_en = models.CharField(max_length=300)
    label_ko = models.CharField(max_length=300, blank=True)
    label_zh = models.CharField(max_length=300, blank=True)
    definition = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=TermStatus.choices, default=TermStatus.ACTIVE)
    mappings = models.JSONField(default=list, blank=True)  # [[target, code], ...], e.g. [["htcds", "..."]]
    version = models.ForeignKey(VocabularyVersion, on_delete=models.PROTECT, related_name="terms")

    class Meta:
        ordering = ["scheme", "group", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "group", "code"], name="term_unique_code")]

    def __str__(self) -> str:
        return self.label


class Place(LabelledMixin, models.Model):
    """A gazetteer entry; the id is the gazetteer's stable slug (e.g. cn_jl_yanji)."""

    id = models.CharField(primary_key=True, max_length=40)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)
    level = models.CharField(max_length=40)
    country_iso2 = models.CharField(max_length=2)
    label_en = models.CharField(max_length=200)
    label_ko = models.CharField(max_length=200, blank=True)
    name_zh = models.CharField(max_length=200, blank=True)
    pinyin = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=TermStatus.choices, default=TermStatus.ACTIVE)
    version = models.ForeignKey(VocabularyVersion, on_delete=models.PROTECT, related_name="places")

    class Meta:
        ordering = ["country_iso2", "id"]

    def __str__(self) -> str:
        return self.label
