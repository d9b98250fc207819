"""Chart and table labels in the reader's language: vocabulary labels for category codes, not codes.

Chart text is drawn as outlines, so a label cannot be found in the SVG as text. Two checks stand in:
the rows handed to the chart function (a spy), and the glyphs of the label's letters in the SVG.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moksori.analysis.stats.claim_definition import builtin_claims, claim_from_dict
from moksori.analysis.stats.claims import ClaimResult, evaluate_claim
from moksori.analysis.stats.montecarlo import load_model, simulate
from moksori.reports import charts, render
from moksori.reports.category_labels import (
    TermLabel,
    category_label,
    category_term,
    labels_by_code,
    vocabulary_labels,
)
from moksori.reports.charts import FALLBACK_FONT, korean_font
from moksori.reports.labels import LABELS, LANGUAGES, Language
from moksori.reports.model import Finding, ReportSettings, build_report
from moksori.reports.render import render_html, row_label
from moksori.vocab.model import Term
from moksori.vocab.reader import read_vocabularies
from tests.reports.conftest import synthetic_records

if TYPE_CHECKING:
    from moksori.web.accounts.models import Compartment

SPLIT = "split_exploitation_types"
CATEGORY = "forced_sex_work"  # a category of the split claim, defined by one vocabulary code
CATEGORY_CODE = "exp_forced_prostitution"
MODEL_PATH = Path(__file__).parents[2] / "examples" / "market_value.yaml"
SETTINGS = ReportSettings(threshold=5, generated_on="2026-01-01")
SVG = re.compile(r"<svg.*?</svg>", re.DOTALL)


def vocabulary_label(code: str, lang: Language) -> str:
    term = read_vocabularies().term("nkcn", code)
    return term.label_ko if lang == "ko" else term.label_en


@dataclass
class ChartSpy:
    """The arguments of every chart drawn, with the SVG each call returned."""

    calls: list[tuple[tuple[Any, ...], dict[str, Any], str]] = field(default_factory=list)

    def wrap(self, draw: Callable[..., str]) -> Callable[..., str]:
        def spied(*args: Any, **kwargs: Any) -> str:
            svg = draw(*args, **kwargs)
            self.calls.append((args, kwargs, svg))
            return svg

        return spied

    def labels(self) -> list[str]:
        return [row.label for args, _, _ in self.calls for row in args[0] if hasattr(row, "label")]


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> ChartSpy:
    spy = ChartSpy()
    monkeypatch.setattr(render, "interval_chart_svg", spy.wrap(charts.interval_chart_svg))
    monkeypatch.setattr(render, "tornado_chart_svg", spy.wrap(charts.tornado_chart_svg))
    return spy


def glyphs(text: str) -> set[str]:
    """The SVG ids matplotlib gives the outlines of `text`'s letters in the Korean font."""
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family=korean_font()), fallback_to_default=False)
    font = font_manager.get_font(path)
    return {f"{font.postscript_name}-{font.get_char_index(ord(c)):x}" for c in text if not c.isspace()}


def draws(svg: str, text: str) -> bool:
    if korean_font() == FALLBACK_FONT:
        pytest.skip("no Korean font installed (fonts-nanum): the outlines cannot be checked")
    ids = {i.split("-", 1)[1] for i in re.findall(r'\bid="([^"]+)"', svg)}
    return glyphs(text) <= ids


def report_html(results: list[ClaimResult], lang: Language, **settings: Any) -> str:
    return render_html(build_report(results, settings=replace(SETTINGS, lang=lang, **settings)))


def text_outside_charts(html: str) -> str:
    return SVG.sub("", html)


def split_chart(spy: ChartSpy) -> tuple[dict[str, Any], str]:
    return next((kw, svg) for _, kw, svg in spy.calls if SPLIT in kw.get("subtitle", ""))


# --- the vocabulary lookup ---------------------------------------------------------------------------


def test_the_split_claims_categories_resolve_to_the_vocabulary_terms_they_stand_for() -> None:
    claim = builtin_claims()[SPLIT]
    assert category_term(claim, "forced_sex_work") == "exp_forced_prostitution"  # its only code
    assert category_term(claim, "cybersex") == "exp_cybersex"
    assert category_term(claim, "forced_marriage") == "exp_forced_marriage"  # same name, of two codes


def test_a_category_gathering_unrelated_terms_under_a_new_name_keeps_its_code() -> None:
    claim = claim_from_dict(
        {
            "name": "split_test",
            "version": 1,
            "measure": "split",
            "grouping": {
                "categories": {
                    "sex_trade": [
                        {"field": "exploitation", "any_of": ["exp_forced_prostitution", "exp_cybersex"]}
                    ],
                    "not_sold": [{"field": "exploitation", "none_of": ["exp_sale_as_bride"]}],
                    "exp_cybersex": [{"field": "exploitation", "any_of": ["exp_cybersex"]}],
                }
            },
        }
    )
    assert category_term(claim, "sex_trade") is None
    assert category_term(claim, "not_sold") is None  # `none_of` says what a category is not
    assert category_term(claim, "exp_cybersex") == "exp_cybersex"
    assert category_label(claim, "sex_trade", "ko") is None


def test_a_code_with_different_labels_is_left_out_and_the_coding_scheme_wins() -> None:
    def term(scheme: str, group: str, code: str, en: str, ko: str) -> Term:
        return Term(scheme, group, code, en, ko, None, None, "active", ())

    labels = labels_by_code(
        [
            term("htcds", "a", "Other", "Other", "기타"),
            term("htcds", "b", "Other", "Other method", "다른 방법"),
            term("htcds", "a", "exp_x", "X (HTCDS)", "엑스 (HTCDS)"),
            term("nkcn", "exploitation_types", "exp_x", "X", "엑스"),
        ]
    )
    assert "Other" not in labels
    assert labels["exp_x"] == TermLabel("X", "엑스")


def test_every_category_of_the_shipped_split_claim_has_a_label_in_both_languages() -> None:
    claim = builtin_claims()[SPLIT]
    for category, _ in claim.categories:
        for lang in LANGUAGES:
            label = category_label(claim, category, lang)
            assert label is not None
            assert label != category


@lru_cache(maxsize=1)
def split_finding() -> Finding:
    result = evaluate_claim(builtin_claims()[SPLIT], synthetic_records(30))
    return build_report([result], settings=SETTINGS).findings[0]


@given(category=st.one_of(st.text(max_size=40), st.sampled_from(sorted(vocabulary_labels()))))
def test_any_category_gets_a_label_or_its_own_code_and_never_fails(category: str) -> None:
    known = vocabulary_labels().get(category)
    for lang in LANGUAGES:
        shown = row_label(split_finding(), category, lang)
        assert shown == (known.in_language(lang) if known is not None else category)


# --- the report --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_category_is_shown_by_its_vocabulary_label_and_never_by_its_code(
    lang: Language, claim_results: list[ClaimResult], spy: ChartSpy
) -> None:
    html = report_html(claim_results, lang)
    label = vocabulary_label(CATEGORY_CODE, lang)
    assert f"<td>{label}</td>" in text_outside_charts(html)
    assert CATEGORY not in html
    assert label in spy.labels()
    assert CATEGORY not in spy.labels()
    _, svg = split_chart(spy)
    assert draws(svg, label)


def test_korean_report_charts_have_korean_axis_suppressed_note_and_subtitle(
    claim_results: list[ClaimResult], spy: ChartSpy
) -> None:
    split = next(r for r in claim_results if r.split is not None)
    assert split.split is not None
    small = replace(split.split.shares[0], count=3)
    tiny = replace(split, split=replace(split.split, shares=(small, *split.split.shares[1:])))
    html = report_html([tiny], "ko")
    assert "비공개 (&lt;5)" in text_outside_charts(html)
    assert "suppressed (" not in html
    kwargs, svg = split_chart(spy)
    assert kwargs["suppressed_text"] == "비공개 (<5)"
    assert kwargs["xlabel"] == LABELS["ko"]["share"]
    assert kwargs["title"] == ""  # claims have no human title: the code is only a small subtitle
    assert kwargs["subtitle"].startswith(SPLIT)
    assert draws(svg, "비공개")
    assert draws(svg, "비율")


def test_english_report_charts_keep_english_words(claim_results: list[ClaimResult], spy: ChartSpy) -> None:
    report_html(claim_results, "en")
    kwargs, _ = split_chart(spy)
    assert kwargs["xlabel"] == "Share"
    assert kwargs["suppressed_text"] == "suppressed (<5)"


def test_shares_medians_and_units_are_in_the_reports_language(
    claim_results: list[ClaimResult], spy: ChartSpy
) -> None:
    html = text_outside_charts(report_html(claim_results, "ko"))
    assert re.search(r"</strong> 생존자 ·", html)
    assert not re.search(r"</strong> survivors", html)
    assert "<td>사건</td>" in html  # the row of a share of events
    xlabels = {kw["xlabel"] for _, kw, _ in spy.calls}
    assert xlabels == {"비율", "중앙값 (CNY)"}


def test_the_median_groups_named_in_english_are_translated(claim_results: list[ClaimResult]) -> None:
    median = next(r for r in claim_results if r.medians)
    finding = build_report([median], settings=SETTINGS).findings[0]
    assert row_label(finding, "unknown", "ko") == "연도 미상"
    assert row_label(finding, "all", "en") == "all"
    assert row_label(finding, "2016", "ko") == "2016"


def test_the_tornado_chart_speaks_korean(spy: ChartSpy) -> None:
    model = load_model(MODEL_PATH)
    result = simulate(model, draws=1000, seed=1)
    render_html(
        build_report([], [("examples/market_value.yaml", model, result)], replace(SETTINGS, lang="ko"))
    )
    (_, kwargs, svg) = spy.calls[-1]
    assert kwargs["title"] == f"{result.model}: 불확실성을 좌우하는 입력값"
    assert kwargs["legend"] == (LABELS["ko"]["input_low"], LABELS["ko"]["input_high"])
    assert draws(svg, "백분위")


def test_labelled_report_charts_stay_inline_safe(claim_results: list[ClaimResult]) -> None:
    html = report_html(claim_results, "ko")
    assert "<script" not in html.lower()
    assert not re.search(r'(src|href)="(?!#)', html)


# --- the web dashboard -------------------------------------------------------------------------------


@pytest.fixture
def korean_dashboard(db: None, compartment: Compartment) -> str:
    """The findings dashboard over the demo data, as a coordinator reading Korean sees it."""
    from django.conf import settings
    from django.urls import reverse

    from moksori.synthetic.generator import generate_demo
    from moksori.web.accounts.models import Compartment as CompartmentModel
    from moksori.web.accounts.models import Role, User
    from moksori.web.demo import write_demo
    from moksori.web.vocabulary.actions import do_load_vocabularies
    from tests.web.support import PASSWORD, verified_client

    do_load_vocabularies(read_vocabularies(), by=None)
    write_demo(generate_demo(40, seed=11))
    user = User.objects.create_user(username="coordinator-labels", password=PASSWORD, role=Role.COORDINATOR)
    user.compartments.set(CompartmentModel.objects.filter(name="Demo cases"))
    client = verified_client(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    response = client.get(reverse("findings:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_korean_dashboard_labels_categories_from_the_vocabulary(korean_dashboard: str) -> None:
    label = vocabulary_label(CATEGORY_CODE, "ko")
    html = text_outside_charts(korean_dashboard)
    assert label in html
    assert vocabulary_label(CATEGORY_CODE, "en") not in html
    section = korean_dashboard.split(f'id="claim-{SPLIT}"', 1)[1]
    chart = SVG.search(section)
    assert chart is not None
    assert draws(chart.group(0), label)


def test_the_korean_web_chart_notes_suppressed_rows_in_korean() -> None:
    from django.utils import translation

    from moksori.web.findings import figures

    records = [
        {
            "key": f"T-{i}",
            "survivor": f"S-{i}",
            "organisation": "org-a",
            "consent": {"aggregate": True},
            "exploitation": [CATEGORY_CODE if i < 3 else "exp_cybersex" if i < 13 else "exp_forced_marriage"],
            "events": [{"type": "evt_sale"}],
        }
        for i in range(40)
    ]
    result = evaluate_claim(builtin_claims()[SPLIT], records)  # 3, 10 and 27 survivors
    figures._cached_chart.cache_clear()
    with translation.override("ko"):
        finding = figures.present(result, written_description="", threshold=5)
    assert finding.rows[0].label == vocabulary_label(CATEGORY_CODE, "ko")
    assert finding.rows[0].suppressed
    assert finding.chart_svg
    assert draws(finding.chart_svg, "비공개")
    assert draws(finding.chart_svg, vocabulary_label(CATEGORY_CODE, "ko"))
