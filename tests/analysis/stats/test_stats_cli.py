"""`moksori stats proportion` and `moksori simulate`, driven through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from moksori.cli.stats import register

app = typer.Typer()
register(app)
runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "market_value.yaml"


def test_stats_proportion_json_has_exactly_the_documented_keys() -> None:
    result = runner.invoke(app, ["stats", "proportion", "27", "45", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert set(payload) == {"k", "n", "method", "estimate", "ci_low", "ci_high", "ci_level"}
    assert (payload["k"], payload["n"], payload["method"]) == (27, 45, "wilson")
    assert round(payload["ci_low"], 2) == 0.45


def test_stats_proportion_accepts_jeffreys_and_level() -> None:
    result = runner.invoke(
        app, ["stats", "proportion", "3", "10", "--method", "jeffreys", "--level", "0.9", "--json"]
    )
    assert json.loads(result.output)["ci_level"] == 0.9


def test_stats_proportion_refuses_k_above_n() -> None:
    result = runner.invoke(app, ["stats", "proportion", "11", "10"])
    assert result.exit_code == 2


def test_simulate_prints_json_with_seed_and_sensitivity() -> None:
    result = runner.invoke(app, ["simulate", str(EXAMPLE), "--draws", "1000", "--seed", "7", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["seed"] == 7
    assert payload["draws"] == 1000
    assert [i["level"] for i in payload["intervals"]] == [0.5, 0.8, 0.95]
    assert payload["sensitivity"][0]["input"] == "women_sold_per_year"


def test_simulate_reports_a_bad_model_file_by_name(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("inputs: {a: {distribution: fixed, value: 1}}\noutput: a\n", encoding="utf-8")
    result = runner.invoke(app, ["simulate", str(bad)])
    assert result.exit_code == 2
    assert "bad.yaml" in result.output


def test_simulate_draws_the_tornado_chart_as_a_private_svg(tmp_path: Path) -> None:
    chart = tmp_path / "drivers.svg"
    result = runner.invoke(app, ["simulate", str(EXAMPLE), "--draws", "1000", "--tornado", str(chart)])
    assert result.exit_code == 0, result.output
    svg = chart.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "<script" not in svg
    assert chart.stat().st_mode & 0o077 == 0
