"""Survivors, their interviews (testimonies) with stable passage anchors, attachments, and consent."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from moksori.web.accounts.models import Compartment
from moksori.web.protected import EncryptedTextField, ProtectedModel


class Survivor(ProtectedModel):
    """A survivor, known in the store by a pseudonymous code; identity fields are protected."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    compartment = models.ForeignKey(Compartment, on_delete=models.PROTECT, related_name="survivors")
    code = models.CharField(_("code"), max_length=40)
    name_hangul = EncryptedTextField(_("name (Hangul)"), blank=True)
    name_latin = EncryptedTextField(_("name (Latin script)"), blank=True)
    birth_year = EncryptedTextField(_("birth year"), blank=True)
    home_province = EncryptedTextField(_("home province"), blank=True)
    # Where her trajectory began: record linkage across organisations compares these too.
    left_year = EncryptedTextField(_("year she left North Korea"), blank=True)
    china_place = EncryptedTextField(_("first place in China"), blank=True)
    contact = EncryptedTextField(_("contact details"), blank=True)
    name_index = models.CharField(max_length=64, blank=True, db_index=True)  # blind index of name_hangul
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["compartment", "code"], name="survivor_unique_code")]

    def __str__(self) -> str:
        return self.code


class Language(models.TextChoices):
    KOREAN = "ko", _("Korean")
    ENGLISH = "en", _("English")
    CHINESE = "zh", _("Chinese")


class Interview(ProtectedModel):
    """One testimony: an interview of a survivor, its transcript held as anchored passages."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survivor = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="interviews")
    conducted_on = models.DateField(_("date"))
    place = EncryptedTextField(_("place"), blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.KOREAN
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survivor__code", "conducted_on"]

    def __str__(self) -> str:
        return f"{self.survivor.code} {self.conducted_on:%Y-%m-%d}"


class Passage(ProtectedModel):
    """A paragraph of a transcript. Its anchor never changes, so codes stay attached through edits."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="passages")
    anchor = models.CharField(max_length=12)
    ordinal = models.PositiveIntegerField()
    text = EncryptedTextField(_("text"))
    translation = EncryptedTextField(_("translation"), blank=True)

    class Meta:
        ordering = ["interview", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["interview", "anchor"], name="passage_unique_anchor")]

    def __str__(self) -> str:
        return self.anchor


class Attachment(ProtectedModel):
    """An encrypted file (audio, scan, photo) under a random name in the attachments folder."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="attachments")
    stored_name = models.CharField(max_length=80, unique=True)
    wrapped_file_key = models.BinaryField()
    size = models.PositiveBigIntegerField()
    file_name = EncryptedTextField(_("file name"))
    media_type = models.CharField(max_length=100, blank=True)
    sha256 = EncryptedTextField()  # evidence hash of the plaintext: kept only inside the store
    created_at = models.DateTimeField(auto_now_add=True)


class ConsentPurpose(models.TextChoices):
    INTERNAL_CASE_WORK = "internal_case_work", _("Internal case work")
    AGGREGATE_STATISTICS = "aggregate_statistics", _("Aggregate statistics")
    ANONYMISED_QUOTATION = "anonymised_quotation", _("Anonymised quotation")
    PARTNER_SHARING = "partner_sharing", _("Sharing with a named partner organisation")
    LEGAL_PROCEEDINGS = "legal_proceedings", _("Legal proceedings")


class Consent(ProtectedModel):
    """A survivor's answer for one purpose, as recorded; withdrawal keeps the record and dates it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survivor = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    given = models.BooleanField(_("given"))
    partner = models.CharField(_("partner organisation"), max_length=200, blank=True)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survivor", "purpose", "recorded_on", "created_at"]

    @property
    def in_force(self) -> bool:
        return self.given and self.withdrawn_at is None
