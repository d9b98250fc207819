"""Monte Carlo models: safe expressions, seeded draws, sensitivity numbers, the shipped example."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moksori.analysis.stats.montecarlo import ModelError, model_from_dict, simulate

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "market_value.yaml"


def _model(output: str, **inputs: dict[str, object]) -> object:
    spec = {name: {**dist, "source": "assumption: test"} for name, dist in inputs.items()}
    return model_from_dict({"name": "t", "inputs": spec, "output": output})


def test_fixed_inputs_give_the_exact_product() -> None:
    model = _model(
        "a * (b + c) / d",
        a={"distribution": "fixed", "value": 3},
        b={"distribution": "fixed", "value": 2},
        c={"distribution": "fixed", "value": 4},
        d={"distribution": "fixed", "value": 2},
    )
    result = simulate(model, draws=200, seed=1)  # type: ignore[arg-type]
    assert result.median == result.mean == 9.0
    assert result.interval(0.95) == (9.0, 9.0)


@pytest.mark.parametrize(
    "expression", ["__import__('os').system('true')", "a ** 2", "a.real", "[a]", "b + 1"]
)
def test_expressions_other_than_arithmetic_over_inputs_are_refused(expression: str) -> None:
    with pytest.raises(ModelError, match="output"):
        _model(expression, a={"distribution": "fixed", "value": 1})


def test_input_without_a_source_is_refused_naming_the_field() -> None:
    with pytest.raises(ModelError, match=r"inputs\.a\.source"):
        model_from_dict({"inputs": {"a": {"distribution": "fixed", "value": 1}}, "output": "a"})


def test_normal_input_reproduces_its_mean_and_quantiles() -> None:
    result = simulate(_model("x", x={"distribution": "normal", "mean": 10, "sd": 2}), draws=40_000, seed=3)  # type: ignore[arg-type]
    assert result.median == pytest.approx(10, abs=0.05)
    low, high = result.interval(0.95)
    assert low == pytest.approx(10 - 1.96 * 2, abs=0.1)
    assert high == pytest.approx(10 + 1.96 * 2, abs=0.1)


def test_sensitivity_swing_of_a_linear_input_is_its_5th_to_95th_percentile() -> None:
    model = _model(
        "x + y",
        x={"distribution": "uniform", "low": 0, "high": 100},
        y={"distribution": "uniform", "low": 0, "high": 1},
    )
    result = simulate(model, draws=2000, seed=1)  # type: ignore[arg-type]
    top = result.sensitivity[0]
    assert top.input == "x"
    assert top.output_at_low == pytest.approx(5 + 0.5)
    assert top.output_at_high == pytest.approx(95 + 0.5)
    assert top.rank_correlation is not None
    assert top.rank_correlation > 0.99


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_same_seed_gives_the_same_draws(seed: int) -> None:
    model = _model(
        "p * n",
        p={"distribution": "beta_from_counts", "k": 3, "n": 10},
        n={"distribution": "gamma", "shape": 2, "scale": 5},
    )
    first, second = simulate(model, draws=300, seed=seed), simulate(model, draws=300, seed=seed)  # type: ignore[arg-type]
    assert first.to_dict() == second.to_dict()
    assert np.array_equal(first.to_frame().to_numpy(), second.to_frame().to_numpy())


def test_every_distribution_kind_can_be_drawn() -> None:
    kinds = {
        "a": {"distribution": "lognormal", "low": 1, "high": 10},
        "b": {"distribution": "triangular", "low": 0, "mode": 1, "high": 3},
        "c": {"distribution": "beta", "a": 2, "b": 3},
        "d": {"distribution": "poisson", "mean": 4},
        "e": {"distribution": "lognormal", "median": 2, "sdlog": 0.3},
    }
    result = simulate(_model("a + b + c + d + e", **kinds), draws=500, seed=2)  # type: ignore[arg-type]
    assert set(result.to_frame().columns) == {"a", "b", "c", "d", "e", "output"}


def test_shipped_market_value_model_names_a_source_for_every_input_and_runs() -> None:
    from moksori.analysis.stats.montecarlo import load_model

    model = load_model(EXAMPLE)
    assert len(model.inputs) == 8
    assert all(i.source for i in model.inputs)
    result = simulate(model, draws=2000, seed=1)
    low, high = result.interval(0.95)
    assert 0 < low < result.median < high
    assert result.sensitivity[0].input == "women_sold_per_year"
