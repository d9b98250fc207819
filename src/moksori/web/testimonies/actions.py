"""Every write of survivors, interviews, passages, attachments and consent: validate, write, audit.

``by`` is the user acting; None means the local operator at the command line, who holds the key
(imports, demo data) and is audited as "system".
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Mapping, Sequence
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moksori.crypto import attachments as encrypted_files
from moksori.crypto.blind_index import blind_index
from moksori.web.accounts import permissions
from moksori.web.accounts.models import Compartment, User
from moksori.web.audit.actions import record_audit
from moksori.web.protected import ProtectedModel
from moksori.web.store import store_keys
from moksori.web.testimonies.models import (
    Attachment,
    Consent,
    ConsentPurpose,
    Interview,
    Passage,
    Survivor,
)
from moksori.web.testimonies.queries import IDENTITY_FIELDS, ensure_compartment_granted

SURVIVOR_FIELDS = ("code", *IDENTITY_FIELDS)


def nfc(value: str) -> str:
    """One normal form for Hangul (macOS sends NFD), so search and linkage see one string."""
    return unicodedata.normalize("NFC", value).strip()


def name_index(name_hangul: str) -> str:
    return (
        blind_index(store_keys().blind_index, name_hangul, purpose="survivor.name_hangul")
        if name_hangul
        else ""
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def check_writer(by: User | None, compartment: Compartment) -> None:
    if by is not None:
        _require(permissions.can_write_testimonies(by))
        ensure_compartment_granted(by, compartment)


def _clean_year(value: str, field: str = "birth_year") -> str:
    # isascii: "²" is a digit to str.isdigit() but not to int().
    if value and not (value.isascii() and value.isdigit() and 1900 <= int(value) <= timezone.now().year):
        raise ValidationError({field: _("Give a four-digit year between 1900 and this year.")})
    return value


def _check_survivor_fields(given: Mapping[str, object]) -> None:
    unknown = set(given) - set(SURVIVOR_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown survivor fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )


def do_create_survivor(*, by: User | None, compartment: Compartment, code: str, **identity: str) -> Survivor:
    check_writer(by, compartment)
    _check_survivor_fields(identity)
    values = {name: nfc(str(value or "")) for name, value in identity.items()}
    values["birth_year"] = _clean_year(values.get("birth_year", ""))
    values["left_year"] = _clean_year(values.get("left_year", ""), "left_year")
    survivor = Survivor(compartment=compartment, code=nfc(code), **values)
    survivor.name_index = name_index(survivor.name_hangul)
    survivor.full_clean(exclude=["record_key"])
    with transaction.atomic():
        survivor.save(force_insert=True)
        record_audit(by, "survivor.create", survivor, fields=["code", *values])
    return survivor


def do_update_survivor(survivor: Survivor, *, by: User | None, **changes: str) -> Survivor:
    check_writer(by, survivor.compartment)
    _check_survivor_fields(changes)
    changed = [
        name for name, value in changes.items() if nfc(str(value or "")) != (getattr(survivor, name) or "")
    ]
    for name in changed:
        setattr(survivor, name, nfc(str(changes[name] or "")))
    survivor.birth_year = _clean_year(survivor.birth_year or "")
    survivor.left_year = _clean_year(survivor.left_year or "", "left_year")
    survivor.name_index = name_index(survivor.name_hangul or "")
    with transaction.atomic():
        survivor.save()
        record_audit(by, "survivor.update", survivor, fields=changed)
    return survivor


def do_create_interview(
    survivor: Survivor,
    *,
    by: User | None,
    conducted_on: datetime.date,
    passages: Sequence[tuple[str, str]],
    place: str = "",
    language: str = "ko",
    interviewer: User | None = None,
) -> Interview:
    """A testimony with its transcript as (text, translation) passages, anchored p0001, p0002, ..."""
    check_writer(by, survivor.compartment)
    if not passages or not any(text.strip() for text, _translation in passages):
        raise ValidationError({"transcript": _("A testimony needs at least one passage of transcript.")})
    interview = Interview(
        survivor=survivor,
        conducted_on=conducted_on,
        place=nfc(place),
        language=language,
        interviewer=interviewer or by,
    )
    with transaction.atomic():
        interview.save(force_insert=True)
        Passage.objects.bulk_create(build_passages(interview, passages))
        record_audit(
            by,
            "interview.create",
            interview,
            fields=["conducted_on", "place", "language", "passages"],
            count=len(passages),
        )
    return interview


def build_passages(
    interview: Interview, passages: Sequence[tuple[str, str]], start: int = 1
) -> list[Passage]:
    return [
        Passage(
            interview=interview,
            anchor=f"p{start + index:04d}",
            ordinal=start + index,
            text=nfc(text),
            translation=nfc(translation),
        )
        for index, (text, translation) in enumerate(passages)
        if text.strip()
    ]


def do_update_passage(passage: Passage, *, by: User | None, text: str, translation: str) -> Passage:
    check_writer(by, passage.interview.survivor.compartment)
    passage.text, passage.translation = nfc(text), nfc(translation)
    with transaction.atomic():
        passage.save()
        record_audit(by, "passage.update", passage, fields=["text", "translation"])
    return passage


def do_add_attachment(
    interview: Interview, *, by: User | None, file_name: str, data: bytes | BinaryIO, media_type: str = ""
) -> Attachment:
    """Encrypt the file into the attachments folder, then record it; a failed record removes the file."""
    check_writer(by, interview.survivor.compartment)
    directory = settings.MOKSORI_PATHS.attachments
    stored = encrypted_files.write_encrypted(directory, data, key=store_keys().attachments)
    try:
        with transaction.atomic():
            attachment = Attachment(
                interview=interview,
                stored_name=stored.file_name,
                wrapped_file_key=stored.wrapped_key,
                size=stored.size,
                file_name=nfc(file_name),
                media_type=media_type,
                sha256=stored.sha256,
            )
            attachment.save(force_insert=True)
            record_audit(by, "attachment.create", attachment, fields=["file_name", "media_type", "size"])
    except BaseException:
        encrypted_files.delete_securely(directory, stored.file_name)
        raise
    return attachment


def read_attachment(attachment: Attachment, *, by: User) -> bytes:
    _require(permissions.can_read_testimonies(by))
    ensure_compartment_granted(by, attachment.interview.survivor.compartment)
    with transaction.atomic():
        record_audit(by, "attachment.read", attachment)
    return encrypted_files.read_encrypted(
        settings.MOKSORI_PATHS.attachments,
        attachment.stored_name,
        bytes(attachment.wrapped_file_key),
        key=store_keys().attachments,
    )


def do_record_consent(
    survivor: Survivor,
    *,
    by: User | None,
    purpose: str,
    given: bool,
    recorded_on: datetime.date,
    partner: str = "",
) -> Consent:
    if by is not None:
        _require(permissions.can_record_consent(by))
        ensure_compartment_granted(by, survivor.compartment)
    if purpose not in ConsentPurpose.values:
        raise ValidationError(
            {
                "purpose": _("Unknown purpose; use one of %(purposes)s.")
                % {"purposes": ", ".join(ConsentPurpose.values)}
            }
        )
    if purpose == ConsentPurpose.PARTNER_SHARING and given and not partner.strip():
        raise ValidationError({"partner": _("Consent to share must name the partner organisation.")})
    consent = Consent(
        survivor=survivor,
        purpose=purpose,
        given=given,
        recorded_on=recorded_on,
        partner=nfc(partner),
        recorded_by=by,
    )
    with transaction.atomic():
        consent.save(force_insert=True)
        record_audit(by, "consent.record", consent, fields=["purpose", "given", "partner"])
    return consent


def do_withdraw_consent(consent: Consent, *, by: User | None, reason: str = "") -> Consent:
    if by is not None:
        _require(permissions.can_record_consent(by))
        ensure_compartment_granted(by, consent.survivor.compartment)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent was withdrawn already."))
    consent.withdrawn_at, consent.withdrawn_by, consent.withdrawal_reason = timezone.now(), by, nfc(reason)
    with transaction.atomic():
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        record_audit(by, "consent.withdraw", consent, fields=["withdrawn_at", "withdrawal_reason"])
    return consent


def consent_in_force(survivor: Survivor, purpose: str) -> bool:
    """The latest answer for ``purpose`` decides; a withdrawal overrides any earlier yes.

    Reads ``survivor.consents.all()``, so callers that prefetch "consents" pay no query per survivor.
    """
    answers = [consent for consent in survivor.consents.all() if consent.purpose == purpose]
    latest = max(answers, key=lambda consent: (consent.recorded_on, consent.created_at), default=None)
    return latest is not None and latest.in_force


def do_update_interview(
    interview: Interview,
    *,
    by: User | None,
    conducted_on: datetime.date,
    place: str,
    language: str,
    passages: Sequence[tuple[str, str]],
) -> Interview:
    """Edit an interview. Passages keep their anchors in order; extra ones get new anchors, and
    removed ones are deleted only when no code rests on them (codes keep their evidence)."""
    check_writer(by, interview.survivor.compartment)
    if not any(text.strip() for text, _translation in passages):
        raise ValidationError({"transcript": _("A testimony needs at least one passage of transcript.")})
    existing = list(interview.passages.order_by("ordinal"))
    kept = [(text, translation) for text, translation in passages if text.strip()]
    removed = existing[len(kept) :]
    if any(p.source_links.exists() for p in removed):
        raise ValidationError({"transcript": _("A passage that holds coded events cannot be removed.")})
    changed = _changed_fields(interview, conducted_on=conducted_on, place=nfc(place), language=language)
    with transaction.atomic():
        interview.save()
        for passage, (text, translation) in zip(existing, kept, strict=False):
            if (passage.text, passage.translation or "") != (nfc(text), nfc(translation)):
                passage.text, passage.translation = nfc(text), nfc(translation)
                passage.save()
                changed.append(f"passage {passage.anchor}")
        last = max((p.ordinal for p in existing), default=0)
        added = build_passages(interview, kept[len(existing) :], start=last + 1)
        Passage.objects.bulk_create(added)
        for passage in removed:
            passage.delete()
        record_audit(by, "interview.update", interview, fields=changed, count=len(added) - len(removed))
    return interview


def _changed_fields(instance: ProtectedModel, **values: object) -> list[str]:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed
