"""Claims over coded records: consent, de-duplication by linkage cluster, intervals, fingerprints."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moksori.analysis.stats.claims import (
    CONVENIENCE_CAVEAT,
    ClaimError,
    builtin_claims,
    claim_from_dict,
    evaluate_claim,
    median_with_interval,
)

CLAIMS = builtin_claims()


def record(
    key: str,
    *,
    org: str = "org-a",
    cluster: str | None = None,
    exploitation: tuple[str, ...] = (),
    police: bool = False,
    price: float | None = 20000,
    year: str = "2016",
    aggregate: bool = True,
    survivor: str | None = None,
) -> dict[str, object]:
    actors = ["act_broker", "act_police_china"] if police else ["act_broker"]
    prices = [] if price is None else [{"type": "sale_price", "amount": price, "currency": "CNY"}]
    return {
        "key": key,
        "survivor": survivor or f"s-{key}",
        "organisation": org,
        "interviewer": f"int-{org}",
        "cluster": cluster,
        "consent": {"aggregate": aggregate, "quotation": False},
        "reached_via": "shelter",
        "exploitation": list(exploitation),
        "events": [{"type": "evt_sale", "date": f"{year}-03", "actors": actors, "prices": prices}],
    }


def demo() -> list[dict[str, object]]:
    sex = ("exp_forced_prostitution",)
    rows = [record(f"t{i}", exploitation=sex, police=i % 4 == 0, price=10000 + 1000 * i) for i in range(6)]
    rows += [record(f"m{i}", exploitation=("exp_forced_marriage",), year="2017") for i in range(3)]
    rows += [record(f"c{i}", exploitation=("exp_cybersex",)) for i in range(2)]
    rows += [record(f"l{i}", exploitation=("exp_forced_labour",)) for i in range(4)]
    return rows


def test_the_four_headline_claims_ship_with_vocabulary_codes() -> None:
    assert set(CLAIMS) == {
        "share_sex_trade",
        "split_exploitation_types",
        "median_sale_price_by_year",
        "share_sales_involving_police",
    }


def test_share_in_the_sex_trade_counts_and_interval() -> None:
    result = evaluate_claim(CLAIMS["share_sex_trade"], demo())
    assert (result.k, result.n) == (11, 15)
    assert result.proportion is not None
    assert result.proportion.ci_low < 11 / 15 < result.proportion.ci_high
    assert CONVENIENCE_CAVEAT in result.caveats
    assert len(result.record_keys) == 11


def test_split_of_exploitation_types_uses_simultaneous_intervals() -> None:
    result = evaluate_claim(CLAIMS["split_exploitation_types"], demo())
    assert result.split is not None
    assert result.split.method == "sison-glaz"
    assert {s.category: s.count for s in result.split.shares} == {
        "forced_sex_work": 6,
        "cybersex": 2,
        "forced_marriage": 3,
    }


def test_median_sale_price_is_given_by_year() -> None:
    result = evaluate_claim(CLAIMS["median_sale_price_by_year"], demo())
    by_year = {m.group: m for m in result.medians}
    assert by_year["2017"].median == 20000
    assert by_year["2017"].n == 3
    assert by_year["2016"].n == 12


def test_share_of_sales_involving_police_counts_events() -> None:
    result = evaluate_claim(CLAIMS["share_sales_involving_police"], demo())
    assert (result.k, result.n) == (2, 15)
    assert any("not independent" in c for c in result.caveats)


def test_survivor_interviewed_by_two_organisations_counts_once() -> None:
    rows = [
        *demo(),
        record("dup-a", org="org-a", cluster="L1", exploitation=("exp_cybersex",)),
        record("dup-b", org="org-b", cluster="L1", exploitation=("exp_cybersex",)),
    ]
    result = evaluate_claim(CLAIMS["share_sex_trade"], rows)
    assert (result.k, result.n, result.merged_duplicates) == (12, 16, 1)
    assert {"dup-a", "dup-b"} <= set(result.record_keys)


def test_withdrawn_consent_removes_the_survivor_from_the_next_evaluation() -> None:
    rows = demo()
    before = evaluate_claim(CLAIMS["share_sex_trade"], rows)
    rows[0] = {**rows[0], "consent": {"aggregate": False}}
    after = evaluate_claim(CLAIMS["share_sex_trade"], rows)
    assert (after.k, after.n) == (before.k - 1, before.n - 1)  # type: ignore[operator]
    assert after.excluded_without_consent == 1
    assert "t0" not in after.record_keys
    assert after.fingerprint != before.fingerprint


def test_withdrawal_in_one_testimony_withdraws_the_whole_cluster() -> None:
    rows = [
        record("a", cluster="L9", exploitation=("exp_cybersex",)),
        record("b", cluster="L9", exploitation=("exp_cybersex",), aggregate=False),
        *demo(),
    ]
    assert evaluate_claim(CLAIMS["share_sex_trade"], rows).n == 15


@settings(max_examples=20, deadline=None)
@given(st.randoms(use_true_random=False))
def test_fingerprint_and_counts_do_not_depend_on_record_order(rng: random.Random) -> None:
    rows = demo()
    shuffled = rows[:]
    rng.shuffle(shuffled)
    first, second = (
        evaluate_claim(CLAIMS["share_sex_trade"], rows),
        evaluate_claim(CLAIMS["share_sex_trade"], shuffled),
    )
    assert first.to_dict() == second.to_dict()


def test_fingerprint_changes_with_claim_version_and_code_version() -> None:
    claim = CLAIMS["share_sex_trade"]
    bumped = claim_from_dict({**claim.to_dict(), "version": 2})
    base = evaluate_claim(claim, demo()).fingerprint
    assert evaluate_claim(bumped, demo()).fingerprint != base
    assert evaluate_claim(claim, demo(), code_version="9.9").fingerprint != base


def test_median_interval_matches_order_statistics_known_answer() -> None:
    # Conover (1999), Practical Nonparametric Statistics, sec. 3.2: for n = 10 the 95% interval is
    # [x(2), x(9)], with coverage 1 - 2 P(B(10, 1/2) <= 1) = 0.9785.
    result = median_with_interval("all", [float(v) for v in range(1, 11)])
    assert (result.ci_low, result.ci_high, result.median) == (2.0, 9.0, 5.5)
    assert result.coverage == pytest.approx(0.978515625)


def test_malformed_claim_names_the_field_to_fix() -> None:
    with pytest.raises(ClaimError, match="numerator"):
        claim_from_dict(
            {"name": "x", "version": 1, "measure": "proportion", "unit": "survivor"}, origin="x.yaml"
        )


def test_record_errors_name_the_row_not_the_content() -> None:
    from moksori.analysis.stats.claims import RecordError

    with pytest.raises(RecordError, match=r"record 0: field 'organisation'"):
        evaluate_claim(CLAIMS["share_sex_trade"], [{"key": "k", "survivor": "Kim Secret"}])
