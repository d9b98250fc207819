"""`moksori claim list` and `claim run`: the shipped claims over the store, consent-filtered and audited."""

from __future__ import annotations

import json
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from moksori.cli.claim import register
from tests.cli.helpers import withdraw_statistics_consent_of_one_sold_survivor

pytestmark = pytest.mark.django_db(transaction=True)

CLAIM_NAMES = (
    "share_sex_trade",
    "split_exploitation_types",
    "median_sale_price_by_year",
    "share_sales_involving_police",
)

app = typer.Typer()
register(app)


@pytest.fixture
def demo_names() -> list[str]:
    """Write a fictional demo store; return the (fictional) names, to check none is ever printed."""
    from moksori.synthetic.generator import generate_demo
    from moksori.vocab.reader import read_vocabularies
    from moksori.web.demo import write_demo
    from moksori.web.vocabulary.actions import do_load_vocabularies

    do_load_vocabularies(read_vocabularies(), by=None)
    dataset = generate_demo(60, seed=3)
    write_demo(dataset)
    return [n for s in dataset.survivors for n in (s.name_hangul, s.name_latin) if n]


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, ["claim", *args])
    assert result.exit_code == 0, result.output
    return result


def run_json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run("run", name, "--json").stdout)
    return data


def test_list_shows_the_four_shipped_claims() -> None:
    output = run("list").stdout
    for name in CLAIM_NAMES:
        assert name in output


@pytest.mark.parametrize("name", CLAIM_NAMES)
def test_each_claim_runs_over_the_store_with_n_interval_and_fingerprint(
    name: str, demo_names: list[str]
) -> None:
    result = run("run", name, "--json")
    data = json.loads(result.stdout)
    assert data["name"] == name
    assert isinstance(data["n"], int)
    assert data["n"] > 0
    assert len(str(data["fingerprint"])) == 64
    if data["measure"] == "proportion":
        proportion = data["proportion"]
        assert isinstance(proportion, dict)
        assert proportion["ci_low"] <= proportion["ci_high"]
    elif data["measure"] == "split":
        assert data["split"]
    else:
        medians = data["medians"]
        assert isinstance(medians, list)
        assert medians
        # per year: an order-statistic interval whenever there are enough sales for one (six or more)
        assert all((m["ci_low"] is not None) == (m["coverage"] > 0) for m in medians)
        assert all(m["ci_low"] is not None for m in medians if m["n"] >= 6)
    summary = run("run", name).stdout
    for text in (result.stdout, summary):
        assert not any(person in text for person in demo_names)
    assert "fingerprint" in summary


def test_withdrawing_consent_lowers_n_changes_the_fingerprint_and_runs_are_audited(
    demo_names: list[str],
) -> None:
    from moksori.web.audit.chain import verify_chain
    from moksori.web.audit.models import AuditEntry

    before = run_json("share_sex_trade")
    withdrawn = withdraw_statistics_consent_of_one_sold_survivor()
    after = run_json("share_sex_trade")

    assert after["n"] == before["n"] - 1
    assert after["fingerprint"] != before["fingerprint"]
    assert withdrawn not in after["record_keys"]
    runs = AuditEntry.objects.filter(action="claim.run")
    assert runs.count() == 2
    counts = [json.loads(entry.digest)["count"] for entry in runs.order_by("sequence")]
    assert counts[1] == counts[0] - 1
    assert all(person not in entry.digest for entry in runs for person in demo_names)
    assert verify_chain().ok


def test_an_unknown_claim_is_one_clear_error() -> None:
    result = CliRunner().invoke(app, ["claim", "run", "no_such_claim"])
    assert result.exit_code == 2
    assert "claim list" in result.output
