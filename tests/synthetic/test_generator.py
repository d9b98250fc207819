"""The seeded demo-data generator: reproducible, consistent, and using only codes the vocabulary knows."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moksori.synthetic.generator import MAX_PASSAGES_PER_INTERVIEW, generate_demo
from moksori.synthetic.model import CONSENT_PURPOSES, DemoDataset, DemoEvent
from moksori.synthetic.trajectories import SEX_TRADE_TYPES, TrajectoryOptions
from moksori.synthetic.transcripts import korean_amount
from moksori.vocab.reader import read_vocabularies

HANGUL = re.compile(r"[\uac00-\ud7a3]")
VOCAB = read_vocabularies()


@pytest.fixture(scope="module")
def demo() -> DemoDataset:
    return generate_demo(2000, seed=11)


def _events_by_survivor(data: DemoDataset) -> dict[str, list[DemoEvent]]:
    grouped: dict[str, list[DemoEvent]] = defaultdict(list)
    for event in data.events:
        grouped[event.survivor_key].append(event)
    return grouped


def test_same_n_and_seed_give_identical_output_and_other_seeds_differ() -> None:
    first, again, other = generate_demo(40, seed=5), generate_demo(40, seed=5), generate_demo(40, seed=6)
    assert first == again
    assert json.dumps(first.to_dict()) == json.dumps(again.to_dict())
    assert first.survivors != other.survivors
    assert first.seed == 5


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=0, max_value=8))
def test_any_seed_gives_ordered_dates_within_the_period(seed: int, n: int) -> None:
    data = generate_demo(n, seed=seed)
    assert len(data.survivors) == n
    for events in _events_by_survivor(data).values():
        _assert_ordered(events)


def test_dates_within_each_trajectory_are_consistently_ordered(demo: DemoDataset) -> None:
    for events in _events_by_survivor(demo).values():
        _assert_ordered(events)


def _assert_ordered(events: list[DemoEvent]) -> None:
    # Each stated date is an interval holding the true day; true days increase, so no later event may end
    # before an earlier one begins.
    for i, earlier in enumerate(events):
        assert earlier.date_end is None or earlier.date_start <= earlier.date_end
        for later in events[i + 1 :]:
            assert earlier.earliest() <= later.latest(), (earlier.key, later.key)
        if earlier.date_precision not in ("before",):
            assert earlier.date_start.year >= 1998
        assert (earlier.date_end or earlier.date_start).year <= 2023


def test_interviews_come_after_the_events_they_tell(demo: DemoDataset) -> None:
    interview_date = {i.key: i.date for i in demo.interviews}
    for event in demo.events:
        assert event.latest() <= interview_date[event.interview_key] or event.date_precision == "after"


def test_every_code_place_and_actor_exists_in_the_vocabulary(demo: DemoDataset) -> None:
    events = {t.code for t in VOCAB.terms_in("nkcn", "events")}
    roles = {t.code for t in VOCAB.terms_in("nkcn", "actors")}
    actor_keys = {a.key for a in demo.actors}
    assert {e.type for e in demo.events} <= events
    assert {a.role for a in demo.actors} <= roles
    for event in demo.events:
        assert VOCAB.has_place(event.place_id), event.place_id
        for act in event.acts:
            assert VOCAB.has_term(act.scheme, act.type), (act.scheme, act.type)
            for actor, role in act.actors:
                assert actor in actor_keys
                assert role in roles
            if act.price_currency is not None:
                assert VOCAB.has_term("nkcn", act.price_currency, group="currencies")
    for survivor in demo.survivors:
        province = VOCAB.place(survivor.home_province)
        assert province.country_iso2 == "KP"
        assert province.level in ("province", "capital city", "special city")


def test_home_provinces_are_weighted_to_the_border(demo: DemoDataset) -> None:
    border = {"kp_09", "kp_10", "kp_04", "kp_03"}
    share = sum(s.home_province in border for s in demo.survivors) / len(demo.survivors)
    assert 0.70 < share < 0.85


def test_exploitation_shares_match_the_configured_split(demo: DemoDataset) -> None:
    options = TrajectoryOptions()
    paths: dict[str, str] = {}
    for event in demo.events:
        for act in event.acts:
            if act.type in SEX_TRADE_TYPES:
                paths.setdefault(event.survivor_key, act.type)
    sex_trade = len(paths) / len(demo.survivors)
    assert abs(sex_trade - options.sex_trade_share) < 0.04
    counts = Counter(paths.values())
    total_weight = sum(options.sex_trade_split)
    for code, weight in zip(SEX_TRADE_TYPES, options.sex_trade_split, strict=True):
        assert abs(counts[code] / len(paths) - weight / total_weight) < 0.04, code


def test_sale_prices_are_in_yuan_within_the_documented_range_and_rise_over_time(demo: DemoDataset) -> None:
    by_period: dict[bool, list[int]] = {True: [], False: []}
    for event in demo.events:
        if event.type not in ("evt_sale", "evt_resale"):
            continue
        for act in event.acts:
            if act.price_amount is not None:
                assert act.price_currency == "CNY"
                assert 1000 <= act.price_amount <= 30000
                by_period[event.date_start.year < 2008].append(act.price_amount)
    early, late = by_period[True], by_period[False]
    assert sum(early) / len(early) < sum(late) / len(late)


def test_every_survivor_has_an_interview_and_an_answer_for_each_consent_purpose(demo: DemoDataset) -> None:
    interviewed = {i.survivor_key for i in demo.interviews}
    purposes: dict[str, set[str]] = defaultdict(set)
    for consent in demo.consents:
        purposes[consent.survivor_key].add(consent.purpose)
    for survivor in demo.survivors:
        assert survivor.key in interviewed
        assert purposes[survivor.key] == set(CONSENT_PURPOSES)


def test_consent_rates_fall_from_case_work_to_legal_proceedings(demo: DemoDataset) -> None:
    n = len(demo.survivors)
    given_share = {p: sum(c.given for c in demo.consents if c.purpose == p) / n for p in CONSENT_PURPOSES}
    assert given_share["internal_case_work"] > 0.95
    assert given_share["aggregate_statistics"] > 0.8
    assert given_share["anonymised_quotation"] > given_share["legal_proceedings"]
    assert all(c.partner is None for c in demo.consents if c.purpose != "partner_sharing" or not c.given)


def test_passages_are_korean_and_english_aligned_one_per_event(demo: DemoDataset) -> None:
    events_of: dict[str, list[DemoEvent]] = defaultdict(list)
    for event in demo.events:
        events_of[event.interview_key].append(event)
    for interview in demo.interviews:
        events = events_of[interview.key]
        assert len(interview.passages_ko) == len(interview.passages_en) == len(events)
        assert 1 <= len(events) <= MAX_PASSAGES_PER_INTERVIEW
        assert [e.passage_index for e in events] == list(range(len(events)))
        assert interview.language == "ko"
        for korean, english in zip(interview.passages_ko, interview.passages_en, strict=True):
            assert HANGUL.search(korean)
            assert not HANGUL.search(english)
            assert re.search(r"[A-Za-z]{3}", english)
            assert "{" not in korean + english


def test_shared_actors_recur_across_testimonies(demo: DemoDataset) -> None:
    survivors_of: dict[str, set[str]] = defaultdict(set)
    for event in demo.events:
        for act in event.acts:
            for actor, _ in act.actors:
                survivors_of[actor].add(event.survivor_key)
    roles = {a.key: a.role for a in demo.actors}
    busiest_broker = max(len(s) for a, s in survivors_of.items() if roles[a] == "act_broker")
    assert busiest_broker >= 20
    assert any(len(s) >= 5 for a, s in survivors_of.items() if roles[a] == "act_police_china")


def test_contacts_and_codes_are_unique_and_fictional(demo: DemoDataset) -> None:
    assert len({s.contact for s in demo.survivors}) == len(demo.survivors)
    assert all(s.contact.startswith("010-0000-") for s in demo.survivors)
    assert demo.survivors[0].code == "S-0001"
    assert all("(demo)" in o.name_en for o in demo.organisations)


def test_to_dict_is_json_serialisable_and_summary_names_the_seed(demo: DemoDataset) -> None:
    text = json.dumps(demo.to_dict(), ensure_ascii=False)
    assert '"seed": 11' in text
    assert "seed 11" in demo.summary()
    assert "2000 survivors" in demo.summary()


def test_korean_amounts_are_said_in_man_and_cheon() -> None:
    assert [korean_amount(a) for a in (12000, 3_000_000, 1700, 500)] == ["1만 2천", "300만", "1천 7백", "5백"]


def test_invalid_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="organisations"):
        generate_demo(1, seed=0, organisations=0)
    with pytest.raises(ValueError, match="n must"):
        generate_demo(-1, seed=0)
