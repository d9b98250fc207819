"""Charts for reports and web pages: inline-safe, deterministic SVG with Korean labels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from moksori.analysis.stats.montecarlo import load_model, simulate
from moksori.reports.charts import ChartError, IntervalRow, inline_safe, interval_chart_svg, tornado_chart_svg

ROWS = [
    IntervalRow("성매매 forced sex work", 0.5, 0.4, 0.6, n=60),
    IntervalRow("강제 결혼 forced marriage", 0.3, 0.2, 0.4, n=60),
    IntervalRow("cybersex", 0.0, 0.0, 0.0, suppressed=True),
]
MODEL = Path(__file__).parents[2] / "examples" / "market_value.yaml"


def test_interval_chart_is_deterministic_svg_without_prolog_or_date() -> None:
    first = interval_chart_svg(ROWS, title="착취 유형 exploitation", xlabel="share")
    second = interval_chart_svg(ROWS, title="착취 유형 exploitation", xlabel="share")
    assert first == second
    assert first.startswith("<svg")
    assert "<?xml" not in first
    assert "<!DOCTYPE" not in first
    assert "<metadata" not in first
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", first)


def test_different_data_gives_different_ids_so_charts_can_share_a_page() -> None:
    one = interval_chart_svg(ROWS, title="a", xlabel="share")
    two = interval_chart_svg(ROWS[:2], title="b", xlabel="share")
    ids_one = set(re.findall(r'\bid="([^"]+)"', one))
    ids_two = set(re.findall(r'\bid="([^"]+)"', two))
    assert ids_one
    assert not ids_one & ids_two


def test_every_reference_is_internal_and_resolves() -> None:
    svg = interval_chart_svg(ROWS, title="t", xlabel="x")
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    references = re.findall(r'href="#([^"]+)"', svg) + re.findall(r"url\(#([^)]+)\)", svg)
    assert references
    assert set(references) <= ids
    assert "<script" not in svg.lower()


def test_korean_labels_are_drawn_with_a_korean_font() -> None:
    svg = interval_chart_svg(ROWS, title="착취", xlabel="비율")
    assert "NanumGothic" in svg or "Nanum" in svg


def test_suppressed_row_is_a_labelled_gap_with_its_threshold() -> None:
    with_gap = interval_chart_svg(ROWS, title="t", xlabel="x", threshold=10)
    # the label is drawn as outlines; different thresholds must draw a different note
    other = interval_chart_svg(ROWS, title="t", xlabel="x", threshold=5)
    assert with_gap != other


def test_labels_are_not_parsed_as_mathtext_or_markup() -> None:
    rows = [IntervalRow("$x$ <script>alert(1)</script> -->", 0.5, 0.4, 0.6)]
    svg = interval_chart_svg(rows, title="$10 & <b>", xlabel="x")
    assert "<script" not in svg.lower()
    assert "<b>" not in svg


def test_empty_chart_is_refused() -> None:
    with pytest.raises(ChartError):
        interval_chart_svg([], title="t", xlabel="x")


def test_inline_safe_refuses_external_references() -> None:
    with pytest.raises(ChartError):
        inline_safe('<svg><image href="http://example.org/x.png"/></svg>')
    with pytest.raises(ChartError):
        inline_safe('<svg onload="alert(1)"></svg>')


def test_tornado_chart_from_the_example_model_is_deterministic() -> None:
    result = simulate(load_model(MODEL), draws=1000, seed=1)
    first = tornado_chart_svg(result, title="시장 가치 market value")
    assert first == tornado_chart_svg(result, title="시장 가치 market value")
    assert first.startswith("<svg")
