"""Appending to and verifying the audit hash chain.

Each entry's hash is SHA-256 over a canonical JSON of its fields and the previous entry's hash.
A chain inside the database can be rewritten whole by someone holding the key, and a truncated
tail leaves a valid shorter chain; so after each committed transaction the head is signed (Ed25519)
into a checkpoint file outside the database, and verification checks the chain against it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from moksori.crypto import checkpoints
from moksori.web.audit.models import AuditEntry, ChainHead
from moksori.web.middleware import current_request_id
from moksori.web.store import store_keys

GENESIS = "0" * 64
HASHED_FIELDS = (
    "sequence",
    "id",
    "at",
    "actor_id",
    "actor_username",
    "action",
    "object_type",
    "object_id",
    "request_id",
    "digest",
    "prev_hash",
)


def entry_hash(entry: AuditEntry) -> str:
    return hash_of({name: getattr(entry, name) for name in HASHED_FIELDS})


def hash_of(values: dict[str, Any]) -> str:
    payload = {name: _canonical(values[name]) for name in HASHED_FIELDS}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return str(value)


@dataclass(frozen=True, slots=True)
class PendingEntry:
    """One entry of a bulk write, before it takes its place in the chain."""

    actor_id: str
    actor_username: str
    action: str
    object_type: str
    object_id: str
    digest: str = ""


def append_entries(pending: list[PendingEntry]) -> int:
    """Append entries under one lock of the chain head (imports write thousands at once)."""
    if not connection.in_atomic_block:
        raise RuntimeError("Audit entries are written inside the transaction of what they record.")
    if not pending:
        return 0
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
    now, request_id = timezone.now(), current_request_id() or ""
    rows, sequence, previous = [], head.sequence, head.hash
    for item in pending:
        sequence += 1
        values = {
            "sequence": sequence,
            "id": uuid.uuid4(),
            "at": now,
            "actor_id": item.actor_id,
            "actor_username": item.actor_username,
            "action": item.action,
            "object_type": item.object_type,
            "object_id": item.object_id,
            "request_id": request_id,
            "digest": item.digest,
            "prev_hash": previous,
        }
        values["hash"] = previous = hash_of(values)
        rows.append(values)
    _insert_rows(rows)
    head.sequence, head.hash = sequence, previous
    head.save(update_fields=["sequence", "hash"])
    _checkpoint_after_commit()
    return len(rows)


def _insert_rows(rows: list[dict[str, Any]]) -> None:
    # Straight to SQL: building thousands of model instances costs more than hashing them.
    names = list(rows[0])  # AuditEntry has no relations, so each column is named after its field
    fields = [cast(models.Field, AuditEntry._meta.get_field(name)) for name in names]  # type: ignore[type-arg]
    columns = ", ".join(connection.ops.quote_name(name) for name in names)
    placeholders = ", ".join(["%s"] * len(names))
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    # Names come from the model's metadata; every value is a bound parameter.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    params = [[f.get_db_prep_save(row[f.name], connection) for f in fields] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _checkpoint_after_commit() -> None:
    # One signed checkpoint per committed transaction, however many entries it wrote.
    if not any(pending[1] is write_checkpoint for pending in connection.run_on_commit):
        transaction.on_commit(write_checkpoint, robust=True)


def write_checkpoint() -> checkpoints.Checkpoint | None:
    """Sign the current head into the checkpoint file beside the store."""
    head = ChainHead.objects.filter(pk=1).first()
    if head is None or head.sequence == 0:
        return None
    checkpoint = checkpoints.sign_checkpoint(
        store_keys().audit_signing,
        sequence=head.sequence,
        head_hash=head.hash,
        at=timezone.now().isoformat(timespec="seconds"),
    )
    checkpoints.append_checkpoint(settings.MOKSORI_PATHS.checkpoints, checkpoint)
    return checkpoint


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    entries: int
    first_bad_sequence: int | None
    problem: str

    def summary(self) -> str:
        if self.ok:
            return f"Audit chain intact: {self.entries} entries."
        return f"Audit chain BROKEN at entry {self.first_bad_sequence}: {self.problem}"

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "first_bad_sequence": self.first_bad_sequence,
            "problem": self.problem,
        }


def verify_chain() -> ChainReport:
    """Recompute every hash and link, then check the head and the latest signed checkpoint."""
    latest = _latest_checkpoint()
    previous_hash, expected_sequence, count = GENESIS, 1, 0
    hash_at_checkpoint: str | None = None
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        problem = _entry_problem(entry, expected_sequence, previous_hash)
        if problem:
            return ChainReport(
                False, count, entry.sequence if "missing" not in problem else expected_sequence, problem
            )
        previous_hash, expected_sequence, count = entry.hash, expected_sequence + 1, count + 1
        if latest is not None and entry.sequence == latest.sequence:
            hash_at_checkpoint = entry.hash
    return _check_anchors(count, previous_hash, latest, hash_at_checkpoint)


def _entry_problem(entry: AuditEntry, expected_sequence: int, previous_hash: str) -> str:
    if entry.sequence != expected_sequence:
        return f"entry {expected_sequence} is missing (next entry is {entry.sequence})"
    if entry.prev_hash != previous_hash:
        return "its link to the previous entry does not match (entries deleted or reordered)"
    if entry_hash(entry) != entry.hash:
        return "its content does not match its hash (the entry was changed)"
    return ""


def _latest_checkpoint() -> checkpoints.Checkpoint | None:
    path = settings.MOKSORI_PATHS.checkpoints
    saved = checkpoints.read_checkpoints(path) if path.exists() else []
    return saved[-1] if saved else None


def _check_anchors(
    count: int, last_hash: str, latest: checkpoints.Checkpoint | None, hash_at_checkpoint: str | None
) -> ChainReport:
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != count or (count and head.hash != last_hash)):
        return ChainReport(
            False, count, count + 1, "the chain head records entries that are missing (truncated)"
        )
    if latest is None:
        return ChainReport(True, count, None, "")
    public_key = checkpoints.public_key_hex(store_keys().audit_signing)
    if not checkpoints.verify_checkpoint(latest, public_key):
        return ChainReport(False, count, latest.sequence, "the latest checkpoint's signature is not valid")
    if latest.sequence > count:
        return ChainReport(
            False,
            count,
            count + 1,
            f"the signed checkpoint records {latest.sequence} entries; the chain has {count} (truncated)",
        )
    if hash_at_checkpoint != latest.head_hash:
        return ChainReport(
            False,
            count,
            latest.sequence,
            "the entry at the signed checkpoint differs from the signed hash (chain rewritten)",
        )
    return ChainReport(True, count, None, "")
