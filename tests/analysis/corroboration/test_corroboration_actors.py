"""Actors resolved across testimonies: aliases and spellings of one broker; no merging on weak evidence."""

from __future__ import annotations

from itertools import combinations

import pytest

from moksori.analysis.corroboration import ActorRecord, ResolutionSettings, alias_key, resolve_actors
from moksori.analysis.corroboration.synthetic import records_from_demo
from moksori.synthetic.generator import generate_demo

NO_LABELS = ResolutionSettings(match_labels=False)


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (["Broker Kim", "김 브로커", "김브로커", "broker KIM", "Gim broker"], "nick:kim:broker"),
        (["Kim Chol", "Chol Kim", "김철", "Kim Cheol"], "name:kim:jol"),
        (["리사장", "이 사장", "Lee boss", "Boss Ri"], "nick:i:boss"),
        (["Ri Yong-chol", "리영철", "Yi Yongchol"], "name:i:yongjol"),
    ],
)
def test_spellings_and_scripts_of_one_name_share_a_key(variants: list[str], key: str) -> None:
    assert {alias_key(v) for v in variants} == {key}


@pytest.mark.parametrize(
    "alias", ["조선족 브로커", "연길 아줌마", "김씨", "Mr Kim", "Choe", "the broker", ""]
)
def test_descriptions_and_bare_surnames_identify_no_one(alias: str) -> None:
    assert alias_key(alias) is None


def test_one_broker_coded_by_three_organisations_under_different_labels_is_one_actor() -> None:
    rows = [
        ActorRecord("a", "Broker 1", "act_broker", "org-1", ("김 브로커",)),
        ActorRecord("b", "Yanji man", "act_broker", "org-2", ("Broker Kim", "Kim Chol")),
        ActorRecord("c", "K.", "act_broker", "org-3", ("김철",)),
        ActorRecord("d", "Broker 2", "act_broker", "org-3", ("박 브로커",)),
    ]
    resolution = resolve_actors(rows, NO_LABELS)
    assert resolution.resolved("a") == resolution.resolved("b") == resolution.resolved("c")
    assert resolution.resolved("d") != resolution.resolved("a")
    assert len(resolution.actors) == 2
    merged = resolution.by_id()[resolution.resolved("a")]
    assert merged.compartments == ("org-1", "org-2", "org-3")
    assert "3 actor rows" not in resolution.summary()  # counts rows, not names
    assert "Kim" not in repr(resolution)  # names are never kept in the result


def test_a_shared_nickname_does_not_merge_a_broker_and_a_police_post() -> None:
    rows = [
        ActorRecord("a", "Broker 1", "act_broker", "org-1", ("김사장",)),
        ActorRecord("b", "Police post", "act_police_china", "org-2", ("김사장",)),
    ]
    assert len(resolve_actors(rows, NO_LABELS).actors) == 2


def test_a_nickname_two_different_actors_of_one_compartment_carry_is_not_used() -> None:
    rows = [
        ActorRecord("a", "Broker 1", "act_broker", "org-1", ("김사장",)),
        ActorRecord("b", "Broker 2", "act_broker", "org-1", ("김사장",)),
        ActorRecord("c", "Broker X", "act_broker", "org-2", ("김사장",)),
    ]
    resolution = resolve_actors(rows, NO_LABELS)
    assert len(resolution.actors) == 3
    assert resolution.ambiguous_keys == 1


def test_on_demo_data_merges_by_alias_alone_are_precise() -> None:
    # Demo aliases are mostly nicknames that many brokers share: recall is low by design, precision must hold.
    _, rows = records_from_demo(generate_demo(300, seed=11))
    resolution = resolve_actors(rows, NO_LABELS)
    truth = {row.id: row.id.split(":", 1)[1] for row in rows}
    merged = [pair for actor in resolution.actors for pair in combinations(actor.members, 2)]
    correct = sum(1 for a, b in merged if truth[a] == truth[b])
    assert merged
    assert correct / len(merged) >= 0.95


def test_with_shared_labels_every_demo_actor_is_resolved_across_organisations() -> None:
    # Demo labels name one actor each, except a resold woman's two husbands ("Buyer (husband) in S-0047"):
    # shared labels are trusted as identities, so those two are one actor, as the labels say.
    _, rows = records_from_demo(generate_demo(120, seed=5))
    resolution = resolve_actors(rows)
    assert len(resolution.actors) == len({(row.role, row.label) for row in rows})
    for actor in resolution.actors:
        assert len({row.label for row in rows if row.id in actor.members}) == 1
