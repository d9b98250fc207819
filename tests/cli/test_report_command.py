"""`moksori report`: the store's claims as HTML and PDF, consent-filtered, suppressed, without names."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from moksori.cli.report import register
from tests.cli.helpers import withdraw_statistics_consent_of_one_sold_survivor

pytestmark = pytest.mark.django_db(transaction=True)

MARKER_NAME = "Purplemarker Reportname"
MODEL = Path(__file__).parents[2] / "examples" / "market_value.yaml"

app = typer.Typer()
register(app)


@app.callback()
def _group() -> None:
    """Keep `report` a subcommand in this test app."""


@pytest.fixture
def demo_names() -> list[str]:
    """A fictional demo store with one planted marker name; return every name, none may be printed."""
    from moksori.synthetic.generator import generate_demo
    from moksori.vocab.reader import read_vocabularies
    from moksori.web.demo import write_demo
    from moksori.web.vocabulary.actions import do_load_vocabularies

    do_load_vocabularies(read_vocabularies(), by=None)
    dataset = generate_demo(60, seed=3)
    planted = replace(dataset.survivors[0], name_latin=MARKER_NAME)
    dataset = replace(dataset, survivors=(planted, *dataset.survivors[1:]))
    write_demo(dataset)
    return [n for s in dataset.survivors for n in (s.name_hangul, s.name_latin) if n]


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, ["report", *args])
    assert result.exit_code == 0, result.output
    return result


def shown_n(html: str, claim: str) -> int:
    match = re.search(rf'<strong class="n" data-claim="{claim}">(\d+)</strong>', html)
    assert match, f"no n shown for {claim}"
    return int(match.group(1))


def test_html_report_shows_each_claim_as_claim_run_gives_it(tmp_path: Path, demo_names: list[str]) -> None:
    from moksori.web.findings.report_data import claim_results

    out = tmp_path / "report.html"
    result = run("--out", str(out), "--model", str(MODEL), "--draws", "1000")
    html = out.read_text(encoding="utf-8")
    for claim in claim_results():
        assert f"moksori claim run {claim.name} --json" in html
        assert claim.fingerprint[:16] in html
        assert shown_n(html, claim.name) == claim.n
    assert "moksori simulate" in html
    assert "written to" in result.stdout
    assert MARKER_NAME not in html
    assert not any(name in html for name in demo_names)


def test_withdrawing_one_consent_changes_n_in_the_next_report(tmp_path: Path, demo_names: list[str]) -> None:
    from moksori.web.audit.models import AuditEntry

    first = tmp_path / "before.html"
    run("--out", str(first))
    withdraw_statistics_consent_of_one_sold_survivor()
    second = tmp_path / "after.html"
    run("--out", str(second))

    before, after = first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")
    assert shown_n(after, "share_sex_trade") == shown_n(before, "share_sex_trade") - 1
    assert AuditEntry.objects.filter(action="report.build").count() == 2


def test_the_threshold_is_set_per_report(tmp_path: Path, demo_names: list[str]) -> None:
    out = tmp_path / "strict.html"
    run("--out", str(out), "--threshold", "1000")
    html = out.read_text(encoding="utf-8")
    assert 'class="n"' not in html  # every n is under 1000, so every finding is suppressed
    assert "Disclosure threshold: 1000" in html


@pytest.mark.slow
def test_pdf_report_renders_korean_and_english_and_converts_page_by_page(
    tmp_path: Path, demo_names: list[str]
) -> None:
    out = tmp_path / "report.pdf"
    run("--out", str(out), "--lang", "ko", "--model", str(MODEL), "--draws", "1000")
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert MARKER_NAME.encode() not in data
    assert shutil.which("pdftotext"), "poppler-utils is missing: `make install` adds it"
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "조사 결과" in text
    assert "Moksori findings report" in text
    assert not any(name in text for name in demo_names)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(out), str(tmp_path / "page")], check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", _pdfinfo(out)).group(1))  # type: ignore[union-attr]
    assert len(list(tmp_path.glob("page*.png"))) == pages


def _pdfinfo(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout


def test_an_unknown_format_is_one_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", "--out", str(tmp_path / "report.docx")])
    assert result.exit_code == 2
    assert ".html or .pdf" in result.output
