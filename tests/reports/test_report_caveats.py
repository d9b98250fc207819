"""Caveats in the report's language: one table of caveat forms, shared by the report and the web pages.

Claims write their caveats in English; the report reads each through `parse_caveat` and rebuilds it
from its numbers with the sentence of its language. A sentence of no known form is shown as written.
"""

from __future__ import annotations

import html
import re
import string
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moksori.analysis.stats.claims import CONVENIENCE_CAVEAT, SMALL_N, ClaimResult
from moksori.reports import render
from moksori.reports.caveat_forms import (
    ALLEGATION_CAVEAT_FORMS,
    CLAIM_CAVEAT_FORMS,
    parse_allegation_caveat,
    parse_caveat,
)
from moksori.reports.labels import CAVEATS, COUNTED_NOUNS, LABELS, LANGUAGES, Language
from moksori.reports.model import Report, ReportSettings, build_report
from moksori.reports.render import caveat_text, render_html
from tests.reports.conftest import results_for, synthetic_records

if TYPE_CHECKING:
    from moksori.web.accounts.models import Compartment

SETTINGS = ReportSettings(threshold=5, generated_on="2026-01-01")
CAVEAT_LIST = re.compile(r'<(?:div|ul) class="caveats">(.*?)</(?:div|ul)>', re.DOTALL)
ITEM = re.compile(r"<li>(.*?)</li>", re.DOTALL)
WAYS = ("shelter", "broker_contact")
counts = st.integers(min_value=0, max_value=100_000)
years = st.integers(min_value=1000, max_value=9999)


def small_results() -> list[ClaimResult]:
    """Claims over few records that say how survivors were reached: the small-n and reach caveats."""
    records = synthetic_records(12, seed=3)
    for i, record in enumerate(records):
        record["reached_via"] = WAYS[i % 2]
    return results_for(records)


@pytest.fixture(scope="module")
def small_claim_results() -> list[ClaimResult]:
    return small_results()


def report_of(results: list[ClaimResult], lang: Language) -> Report:
    return build_report(results, settings=replace(SETTINGS, lang=lang))


def shown_caveats(page: str) -> list[list[str]]:
    """The caveat items of each caveat list on a page (report or web), as the HTML has them."""
    return [ITEM.findall(block) for block in CAVEAT_LIST.findall(page)]


def english_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_]{2,}", text))


# --- the table -----------------------------------------------------------------------------------------


def test_form_keys_are_unique_across_claims_and_allegations() -> None:
    keys = [form.key for form in (*CLAIM_CAVEAT_FORMS, *ALLEGATION_CAVEAT_FORMS)]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_claim_form_has_one_sentence_per_language_using_only_its_parameters(lang: Language) -> None:
    forms = {form.key: form for form in CLAIM_CAVEAT_FORMS}
    assert set(CAVEATS[lang]) == set(forms)
    for key, sentence in CAVEATS[lang].items():
        fields = {name for _, name, _, _ in string.Formatter().parse(sentence) if name}
        assert fields <= set(forms[key].parameters), key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_counted_nouns_are_parameters_of_a_form_and_carry_their_count(lang: Language) -> None:
    parameters = {name for form in CLAIM_CAVEAT_FORMS for name in form.parameters}
    for name, forms in COUNTED_NOUNS[lang].items():
        assert name in parameters
        assert all("{count}" in form for form in forms)


# --- parsing: the claims' sentences round-trip through their numbers -----------------------------------


@given(n=counts, survivors=counts, unit=st.sampled_from(["survivor", "event"]))
def test_the_deduplication_caveat_round_trips(n: int, survivors: int, unit: str) -> None:
    text = f"n = {n} {unit}s from {survivors} survivors after de-duplication by linkage cluster"
    assert parse_caveat(text) == ("deduplicated", {"n": str(n), "unit": unit, "survivors": str(survivors)})
    assert caveat_text(text, "en") == text
    korean = caveat_text(text, "ko")
    assert f"n = {n} ({LABELS['ko'][f'unit_{unit}']})" in korean
    assert f"생존자 {survivors}명" in korean


@given(organisations=counts, interviewers=counts)
def test_the_sources_caveat_round_trips_with_english_singulars(organisations: int, interviewers: int) -> None:
    text = f"{organisations} organisations and {interviewers} interviewers"
    parsed = {"organisations": str(organisations), "interviewers": str(interviewers)}
    assert parse_caveat(text) == ("sources", parsed)
    organisation_word = "organisation" if organisations == 1 else "organisations"
    interviewer_word = "interviewer" if interviewers == 1 else "interviewers"
    expected = f"{organisations} {organisation_word} and {interviewers} {interviewer_word}"
    assert caveat_text(text, "en") == expected
    assert caveat_text(text, "ko") == f"단체 {organisations}곳, 면담자 {interviewers}명"


@given(first=years, last=years)
def test_the_dates_caveat_round_trips(first: int, last: int) -> None:
    text = f"events dated {first} to {last}"
    assert parse_caveat(text) == ("dated", {"first": str(first), "last": str(last)})
    assert caveat_text(text, "en") == text
    assert caveat_text(text, "ko") == f"사건 시기 {first}년부터 {last}년까지"


@given(n=counts, limit=counts)
def test_the_small_n_caveat_round_trips(n: int, limit: int) -> None:
    text = f"small n ({n} < {limit}): the interval is wide and the share can move a lot"
    assert parse_caveat(text) == ("small_n", {"n": str(n), "limit": str(limit)})
    assert caveat_text(text, "en") == text
    assert caveat_text(text, "ko").startswith(f"작은 n ({n} < {limit}): ")


@given(ways=st.lists(st.sampled_from(["shelter", "broker_contact", "church", "hotline"]), min_size=1))
def test_the_reach_caveat_keeps_its_ways_as_written(ways: list[str]) -> None:
    text = f"survivors reached through: {', '.join(ways)}"
    assert parse_caveat(text) == ("reached", {"ways": ", ".join(ways)})
    assert caveat_text(text, "ko") == f"생존자를 만난 경로: {', '.join(ways)}"


@pytest.mark.parametrize(
    "text",
    [
        "no dated events",
        "how survivors were reached is not recorded",
        CONVENIENCE_CAVEAT,
        "events of one survivor are not independent; the interval treats them as if they were",
    ],
)
def test_the_fixed_caveats_are_rebuilt_as_written_in_english_and_in_korean(text: str) -> None:
    assert parse_caveat(text) is not None
    assert caveat_text(text, "en") == text
    assert not english_words(caveat_text(text, "ko"))


@given(text=st.text())
@pytest.mark.parametrize("lang", LANGUAGES)
def test_any_text_is_shown_never_dropped_and_never_an_error(lang: Language, text: str) -> None:
    shown = caveat_text(text, lang)
    assert shown or not text
    if parse_caveat(text) is None:
        assert shown == text


@given(count=counts)
def test_allegation_caveats_parse_with_their_count(count: int) -> None:
    text = f"{count} source(s) gave more than one testimony (linked by record linkage); each counts once"
    assert parse_allegation_caveat(text) == ("linked_sources", {"count": str(count)})
    assert parse_caveat(text) is None  # a claim's caveats are read by claim forms only


# --- the report ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["large", "small"])
def test_a_korean_report_shows_korean_caveats_and_no_english_caveat_sentence(
    which: str, claim_results: list[ClaimResult], small_claim_results: list[ClaimResult]
) -> None:
    results = claim_results if which == "large" else small_claim_results
    report = report_of(results, "ko")
    page = render_html(report)
    written = {c for finding in report.findings for c in finding.caveats}
    assert written, "the findings carry caveats"
    for caveat in written:
        assert html.escape(caveat, quote=False) not in page
        assert html.escape(caveat_text(caveat, "ko"), quote=False) in page
    items = [html.unescape(item) for block in shown_caveats(page) for item in block]
    assert len(items) == sum(len(f.caveats) for f in report.findings)
    assert all(english_words(item) <= set(WAYS) for item in items), items


def test_the_small_report_carries_the_small_n_and_reach_caveats_in_korean(
    small_claim_results: list[ClaimResult],
) -> None:
    page = render_html(report_of(small_claim_results, "ko"))
    assert f"작은 n (12 &lt; {SMALL_N})" in page
    assert f"생존자를 만난 경로: {', '.join(sorted(WAYS))}" in page


@pytest.mark.parametrize("which", ["large", "small"])
def test_an_english_report_is_the_same_as_with_the_caveats_as_written(
    which: str,
    claim_results: list[ClaimResult],
    small_claim_results: list[ClaimResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    results = claim_results if which == "large" else small_claim_results
    rebuilt = render_html(report_of(results, "en"))
    monkeypatch.setattr(render, "caveat_text", lambda text, lang: text)
    assert rebuilt == render_html(report_of(results, "en"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_caveat_of_an_unknown_form_is_shown_as_written(
    lang: Language, claim_results: list[ClaimResult]
) -> None:
    novel = "a caveat of a form no reader knows yet"
    results = [replace(r, caveats=(*r.caveats, novel)) for r in claim_results]
    page = render_html(report_of(results, lang))
    assert page.count(f"<li>{novel}</li>") == len(results)


def test_the_unit_inside_a_caveat_is_the_reports_unit_label() -> None:
    text = "n = 40 events from 12 survivors after de-duplication by linkage cluster"
    assert LABELS["ko"]["unit_event"] in caveat_text(text, "ko")
    assert f"n = 40 {LABELS['en']['unit_event']} from" in caveat_text(text, "en")


# --- the demo data, as `moksori report` and the web pages read it from the store ---------------------


@pytest.fixture
def demo_store(db: None, compartment: Compartment) -> list[ClaimResult]:
    """The demo data written to the store, and every built-in claim evaluated over it."""
    from moksori.synthetic.generator import generate_demo
    from moksori.vocab.reader import read_vocabularies
    from moksori.web.demo import write_demo
    from moksori.web.findings.report_data import claim_results
    from moksori.web.vocabulary.actions import do_load_vocabularies

    do_load_vocabularies(read_vocabularies(), by=None)
    write_demo(generate_demo(40, seed=11))
    return claim_results()


def test_every_caveat_of_the_demo_data_has_a_form_and_a_korean_sentence(
    demo_store: list[ClaimResult],
) -> None:
    caveats = {c for result in demo_store for c in result.caveats}
    assert caveats
    unread = [c for c in caveats if parse_caveat(c) is None]
    assert unread == []
    page = render_html(report_of(demo_store, "ko"))
    for caveat in caveats:
        assert html.escape(caveat, quote=False) not in page


def test_the_korean_web_page_and_the_korean_report_say_the_same_caveats(
    demo_store: list[ClaimResult],
) -> None:
    from django.conf import settings
    from django.urls import reverse

    from moksori.web.accounts.models import Compartment as CompartmentModel
    from moksori.web.accounts.models import Role, User
    from tests.web.support import PASSWORD, verified_client

    user = User.objects.create_user(username="analyst-caveats", password=PASSWORD, role=Role.ANALYST)
    user.compartments.set(CompartmentModel.objects.filter(name="Demo cases"))
    client = verified_client(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    report = render_html(report_of(demo_store, "ko"))
    for result in demo_store:
        response = client.get(reverse("findings:claim-detail", args=[result.name]))
        assert response.status_code == 200
        web = shown_caveats(response.content.decode())
        assert web[0], result.name  # the page lists caveats: the comparison below is not empty
        section = report.split(f'id="claim-{result.name}"', 1)[1].split("</section>", 1)[0]
        assert web == shown_caveats(section), result.name


# what the Korean web pages showed before the forms moved to moksori.reports.caveat_forms
KOREAN_WEB_CAVEATS = {
    "n = 45 survivors from 45 survivors after de-duplication by linkage cluster": (
        "n = 45 (생존자), 연계 클러스터로 중복을 제거한 뒤 생존자 45명"
    ),
    "n = 0 events from 1 survivors after de-duplication by linkage cluster": (
        "n = 0 (사건), 연계 클러스터로 중복을 제거한 뒤 생존자 1명"
    ),
    "3 organisations and 5 interviewers": "단체 3곳, 면담자 5명",
    "1 organisations and 1 interviewers": "단체 1곳, 면담자 1명",
    "events dated 2012 to 2019": "사건 시기 2012년부터 2019년까지",
    "no dated events": "날짜가 기록된 사건 없음",
    "survivors reached through: shelter, broker": "생존자를 만난 경로: shelter, broker",
    "how survivors were reached is not recorded": "생존자를 어떤 경로로 만났는지 기록되지 않음",
    CONVENIENCE_CAVEAT: (
        "생존자는 편의 표본입니다(탈출하여 증언하기로 한 사람들). "
        "편의 표본으로는 모집단의 비율을 추정할 수 없습니다"
    ),
    "small n (12 < 30): the interval is wide and the share can move a lot": (
        "작은 n (12 < 30): 구간이 넓고 비율이 크게 달라질 수 있습니다"
    ),
    "events of one survivor are not independent; the interval treats them as if they were": (
        "한 생존자의 사건들은 서로 독립적이지 않지만 구간은 독립적인 것처럼 계산합니다"
    ),
    "a caveat of a form no reader knows yet": "a caveat of a form no reader knows yet",
}


@pytest.mark.parametrize(("written", "korean"), KOREAN_WEB_CAVEATS.items())
def test_the_web_pages_show_the_same_korean_caveats_as_before(written: str, korean: str) -> None:
    from django.utils import translation

    from moksori.web.findings.labels import translated_caveat

    with translation.override("ko"):
        assert translated_caveat(written) == korean
    assert caveat_text(written, "ko") == korean
