"""The audit chain detects every kind of tampering, and entries live and die with their transaction."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from typer.testing import CliRunner

from moksori.cli.main import app
from moksori.web.accounts.models import Compartment, User
from moksori.web.audit.chain import entry_hash, verify_chain
from moksori.web.audit.models import AuditEntry, ChainHead
from moksori.web.testimonies.actions import do_create_interview, do_create_survivor
from moksori.web.testimonies.models import Survivor
from moksori.web.testimonies.queries import survivor_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def chain(compartment: Compartment, interviewer: User) -> list[AuditEntry]:
    for number in range(4):
        survivor = do_create_survivor(
            by=interviewer, compartment=compartment, code=f"S-{number}", name_hangul="김시험"
        )
        do_create_interview(
            survivor,
            by=interviewer,
            conducted_on=datetime.date(2022, 1, 1),
            passages=[("첫 문단", "First paragraph")],
        )
        survivor_for(interviewer, survivor.pk)
    return list(AuditEntry.objects.order_by("sequence"))


def _raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_intact_chain_verifies(chain: list[AuditEntry]) -> None:
    report = verify_chain()
    assert report.ok, report.summary()
    assert report.entries == len(chain) >= 12


def test_every_create_and_read_writes_an_entry(chain: list[AuditEntry]) -> None:
    actions = {entry.action for entry in chain}
    assert {"survivor.create", "interview.create", "survivor.read"} <= actions
    assert all(entry.actor_username == "interviewer-user" for entry in chain)


def test_a_changed_entry_is_detected(chain: list[AuditEntry]) -> None:
    _raw("UPDATE audit_auditentry SET action = %s WHERE sequence = %s", ["survivor.delete", 5])
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_sequence == 5


def test_a_deleted_entry_is_detected(chain: list[AuditEntry]) -> None:
    _raw("DELETE FROM audit_auditentry WHERE sequence = %s", [7])
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_sequence == 7


def test_reordered_entries_are_detected(chain: list[AuditEntry]) -> None:
    _raw("UPDATE audit_auditentry SET sequence = 999 WHERE sequence = 3", [])
    _raw("UPDATE audit_auditentry SET sequence = 3 WHERE sequence = 4", [])
    _raw("UPDATE audit_auditentry SET sequence = 4 WHERE sequence = 999", [])
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_sequence == 3


def test_a_truncated_tail_is_detected_even_with_the_head_rewound(chain: list[AuditEntry]) -> None:
    last = chain[-4]
    _raw("DELETE FROM audit_auditentry WHERE sequence > %s", [last.sequence])
    _raw("UPDATE audit_chainhead SET sequence = %s, hash = %s", [last.sequence, last.hash])
    report = verify_chain()
    assert not report.ok
    assert "truncated" in report.problem


def test_a_chain_rewritten_whole_after_a_checkpoint_is_detected(chain: list[AuditEntry]) -> None:
    previous = "0" * 64
    for entry in AuditEntry.objects.order_by("sequence"):
        entry.actor_username = "someone-else"
        entry.prev_hash = previous
        entry.hash = previous = entry_hash(entry)
        entry.save()
    ChainHead.objects.update(hash=previous)
    report = verify_chain()
    assert not report.ok
    assert "rewritten" in report.problem


def test_a_rolled_back_action_leaves_no_entry(compartment: Compartment, interviewer: User) -> None:
    before = AuditEntry.objects.count()

    def create_then_fail() -> None:
        with transaction.atomic():
            do_create_survivor(by=interviewer, compartment=compartment, code="S-R")
            raise RuntimeError("the surrounding work failed")

    with pytest.raises(RuntimeError):
        create_then_fail()
    assert AuditEntry.objects.count() == before
    assert not Survivor.objects.filter(code="S-R").exists()


def test_audit_verify_command_exits_zero_then_names_the_bad_entry(chain: list[AuditEntry]) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    _raw("UPDATE audit_auditentry SET object_id = %s WHERE sequence = %s", ["forged", 2])
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert "entry 2" in result.output
