"""Claim results on synthetic plain records (no store), for the pure report tests."""

from __future__ import annotations

import random

import pytest

from moksori.analysis.stats.claims import ClaimResult, builtin_claims, evaluate_claim

EXPLOITATION: tuple[list[str], ...] = (
    ["exp_forced_prostitution"],
    ["exp_forced_marriage"],
    ["exp_cybersex"],
    [],
)


def synthetic_records(n: int, *, seed: int = 1, cybersex: bool = True) -> list[dict[str, object]]:
    """`n` fictional survivor records with exploitation types, sales, prices and police involvement."""
    rng = random.Random(seed)
    kinds = EXPLOITATION if cybersex else tuple(k for k in EXPLOITATION if k != ["exp_cybersex"])
    records: list[dict[str, object]] = []
    for i in range(n):
        police = ["act_police_china"] if rng.random() < 0.25 else []
        sale = {
            "type": "evt_sale",
            "date": f"{rng.choice([2015, 2016, 2017])}-03-01",
            "place": None,
            "acts": ["act_sale"],
            "actors": ["act_broker", *police],
            "prices": [
                {"type": "sale_price", "amount": float(rng.randint(10, 50) * 1000), "currency": "CNY"}
            ],
        }
        records.append(
            {
                "key": f"T-{i:03d}",
                "survivor": f"S-{i:03d}",
                "organisation": f"org-{i % 3}",
                "interviewer": f"int-{i % 4}",
                "cluster": None,
                "consent": {"aggregate": True},
                "interview_date": "2019-05-02",
                "exploitation": rng.choice(kinds),
                "events": [sale],
            }
        )
    return records


def results_for(records: list[dict[str, object]]) -> list[ClaimResult]:
    return [evaluate_claim(claim, records) for _, claim in sorted(builtin_claims().items())]


@pytest.fixture(scope="session")
def claim_results() -> list[ClaimResult]:
    return results_for(synthetic_records(60))
