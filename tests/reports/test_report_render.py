"""The pure report: each claim's numbers with their reproduction command, disclosure control, HTML and PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from moksori.analysis.stats.claims import ClaimResult
from moksori.analysis.stats.montecarlo import load_model, simulate
from moksori.reports.model import ReportSettings, build_report, claim_command
from moksori.reports.render import ReportRenderError, format_number, render_html, write_report
from tests.reports.conftest import results_for, synthetic_records

MODEL_PATH = Path(__file__).parents[2] / "examples" / "market_value.yaml"
SETTINGS = ReportSettings(threshold=5, generated_on="2026-01-01")


def test_html_shows_every_claim_with_its_numbers_command_and_fingerprint(
    claim_results: list[ClaimResult],
) -> None:
    html = render_html(build_report(claim_results, settings=SETTINGS))
    for result in claim_results:
        assert claim_command(result.name) in html
        assert result.fingerprint[:16] in html
        assert f'data-claim="{result.name}">{result.n}<' in html
        if result.proportion is not None:
            assert format_number("proportion", result.proportion.estimate) in html
            assert format_number("proportion", result.proportion.ci_low) in html
        for share in result.split.shares if result.split else ():
            assert f'<td class="num">{share.count}</td>' in html
        for median in result.medians:
            assert format_number("median", median.median) in html
    assert "<svg" in html
    assert "convenience sample does not estimate a population share" in html


def test_html_is_self_contained_and_the_same_for_the_same_data(claim_results: list[ClaimResult]) -> None:
    report = build_report(claim_results, settings=SETTINGS)
    html = render_html(report)
    assert html == render_html(build_report(claim_results, settings=SETTINGS))
    assert "<script" not in html.lower()
    assert not re.search(r'(src|href)="(?!#)', html)


def test_small_cells_are_suppressed_at_the_threshold(claim_results: list[ClaimResult]) -> None:
    split = next(r for r in claim_results if r.split is not None)
    assert split.split is not None
    small = split.split.shares[0]
    shares = (replace(small, count=3), *split.split.shares[1:])
    tiny = replace(split, split=replace(split.split, shares=shares))
    report = build_report([tiny], settings=SETTINGS)
    rows = {r.label: r for r in report.findings[0].rows}
    assert rows[small.category].suppressed
    assert rows[small.category].estimate is None
    hidden = [r for r in rows.values() if r.suppressed]
    assert len(hidden) >= 2, "one hidden category alone would be recoverable from n"
    html = render_html(report)
    assert "suppressed (&lt;5)" in html
    # a higher threshold per report hides more
    strict = build_report(claim_results, settings=ReportSettings(threshold=1000))
    assert all(f.fully_suppressed for f in strict.findings)
    assert all(r.count is None for f in strict.findings for r in f.rows)


def test_a_proportion_with_a_small_count_hides_its_share_too(claim_results: list[ClaimResult]) -> None:
    result = next(r for r in claim_results if r.proportion is not None)
    assert result.proportion is not None
    small = replace(result, proportion=replace(result.proportion, k=2, estimate=2 / result.proportion.n))
    row = build_report([small], settings=SETTINGS).findings[0].rows[0]
    assert (row.count, row.estimate, row.ci_low, row.ci_high) == (None, None, None, None)


def test_korean_headings_and_methods_with_lang_ko(claim_results: list[ClaimResult]) -> None:
    html = render_html(build_report(claim_results, settings=replace(SETTINGS, lang="ko")))
    assert "조사 결과" in html
    assert "편의 표본은 모집단 비율을" in html
    assert 'lang="ko"' in html


def test_simulation_section_has_median_sources_tornado_and_command() -> None:
    model = load_model(MODEL_PATH)
    result = simulate(model, draws=1000, seed=3)
    report = build_report([], [("examples/market_value.yaml", model, result)], SETTINGS)
    html = render_html(report)
    assert "moksori simulate examples/market_value.yaml --draws 1000 --seed 3 --json" in html
    assert f"{result.median:,.4g}" in html
    for model_input in model.inputs:
        assert model_input.name in html
    assert html.count("<svg") == 1


def test_unknown_output_format_is_refused(tmp_path: Path, claim_results: list[ClaimResult]) -> None:
    with pytest.raises(ReportRenderError, match=r"\.html or \.pdf"):
        write_report(build_report(claim_results), tmp_path / "report.docx")


def test_report_to_dict_and_frame_hold_no_record_keys(claim_results: list[ClaimResult]) -> None:
    report = build_report(claim_results, settings=SETTINGS)
    data = report.to_dict()
    text = repr(data)
    assert all(key not in text for r in claim_results for key in r.record_keys)
    assert len(report.to_frame()) == sum(len(f.rows) for f in report.findings)
    assert "findings" in report.summary()


@pytest.mark.slow
def test_pdf_renders_and_every_page_becomes_an_image_with_korean_and_english_text(
    tmp_path: Path, claim_results: list[ClaimResult]
) -> None:
    model = load_model(MODEL_PATH)
    simulation = ("examples/market_value.yaml", model, simulate(model, draws=1000, seed=1))
    pdf = write_report(build_report(claim_results, [simulation], SETTINGS), tmp_path / "report.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "NanumGothic" in embedded_fonts(pdf.read_bytes())
    assert shutil.which("pdftoppm"), "poppler-utils is missing: `make install` adds it"
    assert shutil.which("pdftotext"), "poppler-utils is missing: `make install` adds it"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "목소리 조사 결과 보고서" in text
    assert "Findings" in text
    assert "moksori claim run share_sex_trade --json" in text
    pages = int(re.search(r"Pages:\s+(\d+)", _pdfinfo(pdf)).group(1))  # type: ignore[union-attr]
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) == pages >= 1
    assert all(image.read_bytes().startswith(b"\x89PNG") for image in images)


def embedded_fonts(pdf: bytes) -> set[str]:
    """Font names of a PDF (WeasyPrint compresses them into object streams; inflate those)."""
    inflated = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    names = re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z\-]+)", pdf + b"".join(inflated))
    return {name.decode() for name in names}


def _pdfinfo(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout


def test_no_findings_still_renders(tmp_path: Path) -> None:
    html = render_html(build_report([], settings=SETTINGS))
    assert "No claim could be reported." in html


def test_withdrawn_record_changes_n_in_the_next_report() -> None:
    records = synthetic_records(40)
    before = build_report(results_for(records), settings=SETTINGS)
    after = build_report(results_for(records[1:]), settings=SETTINGS)
    n_before = {f.claim: f.n for f in before.findings}
    n_after = {f.claim: f.n for f in after.findings}
    assert n_after["share_sex_trade"] == n_before["share_sex_trade"] - 1  # type: ignore[operator]
    assert before.fingerprint != after.fingerprint
