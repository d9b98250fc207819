"""Organisations, compartments and the people who use Moksori (never survivors: they do not log in)."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    name_ko = models.CharField(_("Korean name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Compartment(models.Model):
    """A set of cases that only the users granted it may see."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="compartments")
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="compartment_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} / {self.name}"


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    INTERVIEWER = "interviewer", _("Interviewer")
    CODER = "coder", _("Coder")
    ANALYST = "analyst", _("Analyst")
    LEGAL_OFFICER = "legal_officer", _("Legal officer")


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT)
    compartments = models.ManyToManyField(Compartment, blank=True, related_name="members")

    def __str__(self) -> str:
        return self.username


class ApiToken(models.Model):
    """A token for scripts; only its SHA-256 is stored (the token itself is 32 random bytes)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
