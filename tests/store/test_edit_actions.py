"""Editing interviews and codes keeps passage anchors, protects coded evidence, and is audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moksori.vocab.reader import read_vocabularies
from moksori.web.accounts.models import Compartment, User
from moksori.web.audit.models import AuditEntry
from moksori.web.coding.actions import do_code_event, do_delete_event, do_update_event
from moksori.web.coding.models import Event
from moksori.web.testimonies.actions import do_create_interview, do_create_survivor, do_update_interview
from moksori.web.testimonies.models import Interview
from moksori.web.vocabulary.actions import do_load_vocabularies

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def interview(compartment: Compartment, interviewer: User) -> Interview:
    do_load_vocabularies(read_vocabularies(), by=None)
    survivor = do_create_survivor(by=interviewer, compartment=compartment, code="S-E")
    return do_create_interview(
        survivor,
        by=interviewer,
        conducted_on=datetime.date(2023, 3, 1),
        passages=[("첫째", "one"), ("둘째", "two")],
    )


def test_editing_keeps_anchors_and_adds_new_ones_after_the_last(
    interview: Interview, interviewer: User
) -> None:
    do_update_interview(
        interview,
        by=interviewer,
        conducted_on=datetime.date(2023, 3, 2),
        place="Seoul",
        language="ko",
        passages=[("첫째 고침", "one, fixed"), ("둘째", "two"), ("셋째", "three")],
    )
    passages = list(interview.passages.order_by("ordinal"))
    assert [(p.anchor, p.text) for p in passages] == [
        ("p0001", "첫째 고침"),
        ("p0002", "둘째"),
        ("p0003", "셋째"),
    ]
    entry = AuditEntry.objects.get(action="interview.update")
    assert "passage p0001" in entry.digest
    assert "첫째" not in entry.digest


def test_a_passage_with_coded_evidence_cannot_be_removed(
    interview: Interview, interviewer: User, coder: User
) -> None:
    second = interview.passages.get(anchor="p0002")
    do_code_event(second, by=coder, type_code="evt_border_crossing")
    with pytest.raises(ValidationError):
        do_update_interview(
            interview,
            by=interviewer,
            conducted_on=interview.conducted_on,
            place="",
            language="ko",
            passages=[("첫째", "one")],
        )
    assert interview.passages.count() == 2


def test_events_are_edited_and_deleted_by_coders_only(
    interview: Interview, interviewer: User, coder: User
) -> None:
    event = do_code_event(interview.passages.get(anchor="p0001"), by=coder, type_code="evt_border_crossing")
    with pytest.raises(PermissionDenied):
        do_update_event(
            event,
            by=interviewer,
            type_code="evt_border_crossing",
            date_precision="year",
            date_start=datetime.date(1998, 1, 1),
            date_end=None,
            place=None,
            description="",
        )
    do_update_event(
        event,
        by=coder,
        type_code="evt_border_crossing",
        date_precision="year",
        date_start=datetime.date(1998, 1, 1),
        date_end=None,
        place=None,
        description="겨울",
    )
    assert Event.objects.get(pk=event.pk).description == "겨울"
    do_delete_event(event, by=coder)
    assert not Event.objects.filter(pk=event.pk).exists()
    assert AuditEntry.objects.filter(action__in=["event.update", "event.delete"]).count() == 2
