"""Recording who did what to which record: called by every action and every audited read."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import models

from moksori.web.accounts.models import User
from moksori.web.audit.chain import PendingEntry, append_entries


def audit_entry_for(
    actor: User | None,
    action: str,
    target: models.Model | str,
    *,
    fields: Iterable[str] = (),
    count: int | None = None,
) -> PendingEntry:
    """The entry for ``action`` on ``target`` (a record, or a model label for a listing).

    The digest names the fields touched and how many records a listing returned; never values.
    """
    if isinstance(target, models.Model):
        object_type, object_id = target._meta.label_lower, str(target.pk)
    else:
        object_type, object_id = target, ""
    digest: dict[str, object] = {}
    if fields:
        digest["fields"] = sorted(set(fields))
    if count is not None:
        digest["count"] = count
    return PendingEntry(
        actor_id=str(actor.pk) if actor is not None else "",
        actor_username=actor.username if actor is not None else "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        digest=json.dumps(digest, sort_keys=True) if digest else "",
    )


def record_audit(
    actor: User | None,
    action: str,
    target: models.Model | str,
    *,
    fields: Iterable[str] = (),
    count: int | None = None,
) -> None:
    """Append one entry, inside the transaction of what it records."""
    append_entries([audit_entry_for(actor, action, target, fields=fields, count=count)])


def record_audits(entries: list[PendingEntry]) -> int:
    """Append many entries at once (bulk imports)."""
    return append_entries(entries)
