"""Writing thousands of testimonies at once (imports, demo data): one transaction, all or nothing.

Each testimony is a survivor (found by code in the compartment, or created), one interview with its
passages, and consent answers. Every created record gets its audit entry in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from moksori.web.accounts.models import Compartment, User
from moksori.web.audit.actions import audit_entry_for, record_audits
from moksori.web.audit.chain import PendingEntry
from moksori.web.testimonies.actions import SURVIVOR_FIELDS, build_passages, check_writer, name_index, nfc
from moksori.web.testimonies.models import Consent, ConsentPurpose, Interview, Passage, Survivor

BATCH = 500


@dataclass(frozen=True, slots=True)
class ConsentInput:
    purpose: str
    given: bool
    recorded_on: datetime.date
    partner: str = ""


@dataclass(frozen=True, slots=True)
class TestimonyInput:
    survivor_code: str
    identity: Mapping[str, str]
    conducted_on: datetime.date
    passages: Sequence[tuple[str, str]]
    place: str = ""
    language: str = "ko"
    consents: Sequence[ConsentInput] = ()
    key: str = ""  # the caller's own key for this testimony, to find its interview afterwards
    interviewer: str = ""  # username of the interviewer; blank: the user who imports


@dataclass(slots=True)
class BulkResult:
    survivors_created: int = 0
    survivors_existing: int = 0
    interviews: int = 0
    passages: int = 0
    consents: int = 0
    interviews_by_key: dict[str, Interview] = field(default_factory=dict)
    passages_by_interview: dict[str, list[Passage]] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"{self.interviews} testimonies written: {self.survivors_created} new survivors, "
            f"{self.survivors_existing} existing, {self.passages} passages, {self.consents} consent answers."
        )


def do_bulk_import(
    items: Sequence[TestimonyInput],
    *,
    by: User | None,
    compartment: Compartment,
    progress: Callable[[int], None] | None = None,
) -> BulkResult:
    """Write every item or none of them."""
    check_writer(by, compartment)
    result = BulkResult()
    interviewers = _interviewers(items)
    with transaction.atomic():
        survivors = _survivors_for(items, compartment, by, result)
        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            _write_batch(batch, survivors, by, result, interviewers)
            if progress is not None:
                progress(len(batch))
    return result


def _interviewers(items: Sequence[TestimonyInput]) -> dict[str, User]:
    """The named interviewers' accounts; a name without an account stops the import before any write."""
    names = {item.interviewer for item in items if item.interviewer}
    found = {user.username: user for user in User.objects.filter(username__in=names)}
    missing = sorted(names - set(found))
    if missing:
        raise ValidationError(
            {
                "interviewer": _(
                    "No account for interviewer(s) %(usernames)s: create them with "
                    "`moksori createuser NAME --role interviewer`, or leave the column blank."
                )
                % {"usernames": ", ".join(missing)}
            }
        )
    return found


def _survivors_for(
    items: Sequence[TestimonyInput], compartment: Compartment, by: User | None, result: BulkResult
) -> dict[str, Survivor]:
    codes = {nfc(item.survivor_code) for item in items}
    existing = {s.code: s for s in Survivor.objects.filter(compartment=compartment, code__in=codes)}
    result.survivors_existing = len(existing)
    new: dict[str, Survivor] = {}
    for item in items:
        code = nfc(item.survivor_code)
        if code in existing or code in new:
            continue
        unknown = set(item.identity) - set(SURVIVOR_FIELDS)
        if unknown:
            raise ValidationError(
                _("Unknown survivor fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
            )
        values = {name: nfc(str(value or "")) for name, value in item.identity.items()}
        survivor = Survivor(compartment=compartment, code=code, **values)
        survivor.name_index = name_index(survivor.name_hangul or "")
        new[code] = survivor
    Survivor.objects.bulk_create(list(new.values()), batch_size=BATCH)
    record_audits(
        [audit_entry_for(by, "survivor.create", s, fields=("code", *SURVIVOR_FIELDS)) for s in new.values()]
    )
    result.survivors_created = len(new)
    return {**existing, **new}


def _write_batch(
    batch: Sequence[TestimonyInput],
    survivors: Mapping[str, Survivor],
    by: User | None,
    result: BulkResult,
    interviewers: Mapping[str, User],
) -> None:
    interviews, passages, consents = [], [], []
    for item in batch:
        survivor = survivors[nfc(item.survivor_code)]
        interview = Interview(
            survivor=survivor,
            conducted_on=item.conducted_on,
            place=nfc(item.place),
            language=item.language,
            interviewer=interviewers.get(item.interviewer, by),
        )
        interviews.append(interview)
        own_passages = build_passages(interview, item.passages)
        passages.extend(own_passages)
        result.passages_by_interview[str(interview.pk)] = own_passages
        if item.key:
            result.interviews_by_key[item.key] = interview
        consents.extend(_consents(survivor, item.consents, by))
    Interview.objects.bulk_create(interviews, batch_size=BATCH)
    Passage.objects.bulk_create(passages, batch_size=BATCH)
    Consent.objects.bulk_create(consents, batch_size=BATCH)
    # One entry per interview covers its passages (their count is in the digest), as in do_create_interview.
    entries: list[PendingEntry] = [
        audit_entry_for(
            by,
            "interview.create",
            i,
            fields=("conducted_on", "place", "passages"),
            count=len(result.passages_by_interview[str(i.pk)]),
        )
        for i in interviews
    ]
    entries += [
        audit_entry_for(by, "consent.record", c, fields=("purpose", "given", "partner")) for c in consents
    ]
    record_audits(entries)
    result.interviews += len(interviews)
    result.passages += len(passages)
    result.consents += len(consents)


def _consents(survivor: Survivor, answers: Sequence[ConsentInput], by: User | None) -> list[Consent]:
    consents = []
    for answer in answers:
        if answer.purpose not in ConsentPurpose.values:
            # The same words as a single consent (do_record_consent), and without the value typed.
            purposes = ", ".join(ConsentPurpose.values)
            raise ValidationError(
                {"purpose": _("Unknown purpose; use one of %(purposes)s.") % {"purposes": purposes}}
            )
        consents.append(
            Consent(
                survivor=survivor,
                purpose=answer.purpose,
                given=answer.given,
                recorded_on=answer.recorded_on,
                partner=nfc(answer.partner),
                recorded_by=by,
            )
        )
    return consents
