"""`moksori link-store`: three organisations' imports → persons → capture histories → an estimate.

The records come from the linkage generator, whose truth is known (fictional women only), imported as
each organisation would import its own file.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from scripts.synthetic_imports import write_imports
from typer.testing import CliRunner, Result

from moksori.analysis.linkage.synthetic import SyntheticLinkageData, generate_sources
from moksori.cli.main import app

pytestmark = pytest.mark.django_db(transaction=True)


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def three_organisations(tmp_path: Path) -> SyntheticLinkageData:
    data = generate_sources(300, seed=11)
    for path in write_imports(data, tmp_path / "imports"):
        invoke("import", str(path), "--organisation", path.stem, "--compartment", "cases")
    return data


def run_json(*args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(invoke(*args).stdout)
    return data


def test_link_store_finds_the_persons_and_writes_capture_histories_estimate_reads(
    three_organisations: SyntheticLinkageData, tmp_path: Path
) -> None:
    from moksori.web.audit.models import AuditEntry

    capture, clusters = tmp_path / "capture.csv", tmp_path / "clusters.csv"
    summary = run_json("link-store", "--capture", str(capture), "--out", str(clusters), "--json")

    true_persons = len(set(three_organisations.person_ids))
    assert summary["records"] == len(three_organisations.records)
    assert abs(summary["persons"] - true_persons) <= 0.05 * true_persons
    assert summary["persons_counted"] == summary["persons"]
    assert sorted(summary["sources"]) == sorted(p.name for p in three_organisations.sources)
    assert capture.stat().st_mode & 0o077 == 0
    assert clusters.stat().st_mode & 0o077 == 0
    with clusters.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == summary["records"]
    assert len({r["person"] for r in rows}) == summary["persons"]

    estimate = run_json("estimate", str(capture), "--method", "coverage", "--json")
    assert estimate["observed"] == summary["persons"]
    actions = Counter(AuditEntry.objects.values_list("action", flat=True))
    assert actions["linkage.run"] == 1
    assert actions["linkage.capture"] == 1
    assert actions["linkage.clusters_export"] == 1
    assert actions["survivor.linkage_read"] == summary["records"]


def test_a_withdrawn_consent_takes_her_out_of_the_capture_histories(
    three_organisations: SyntheticLinkageData, tmp_path: Path
) -> None:
    from moksori.web.testimonies.actions import do_withdraw_consent
    from moksori.web.testimonies.models import Consent, ConsentPurpose

    before = run_json("link-store", "--json")
    consent = Consent.objects.filter(purpose=ConsentPurpose.AGGREGATE_STATISTICS).order_by("pk").first()
    assert consent is not None
    do_withdraw_consent(consent, by=None, reason="synthetic test")
    after = run_json("link-store", "--json")
    assert after["persons_counted"] == before["persons_counted"] - 1
    assert after["persons_left_out_without_consent"] == 1


def test_an_unknown_compartment_is_a_clear_error(three_organisations: SyntheticLinkageData) -> None:
    result = CliRunner().invoke(app, ["link-store", "--compartment", "nowhere/cases"])
    assert result.exit_code == 2
    assert 'No compartment "nowhere/cases"' in result.output
