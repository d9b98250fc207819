"""The findings pages: the dashboard and a claim's page, per role, in Korean and English, audited."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from moksori.analysis.stats.claims import builtin_claims, evaluate_claim
from moksori.web.accounts.models import Compartment, Role, User
from moksori.web.audit.models import AuditEntry
from moksori.web.findings.figures import present
from moksori.web.findings.labels import translated_caveat
from moksori.web.findings.queries import all_findings
from moksori.web.findings.svg import csp_safe_svg
from moksori.web.testimonies.models import Passage

from .support import verified_client

CLAIMS = sorted(builtin_claims())
FINDINGS_ROLES = [Role.COORDINATOR, Role.ANALYST, Role.LEGAL_OFFICER, Role.ADMIN]
PASSAGE_ROLES = [Role.COORDINATOR, Role.LEGAL_OFFICER]
REFUSED_ROLES = [Role.INTERVIEWER, Role.CODER]
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)
FOREIGN_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"(?:https?:)?//", re.IGNORECASE)


@dataclass(frozen=True)
class Demo:
    compartments: list[Compartment]
    names: list[str]  # fictional names, to check none is ever shown


@pytest.fixture
def demo(vocabularies: None) -> Demo:
    from moksori.synthetic.generator import generate_demo
    from moksori.web.demo import write_demo

    dataset = generate_demo(40, seed=11)
    write_demo(dataset)
    names = [n for s in dataset.survivors for n in (s.name_hangul, s.name_latin) if n]
    return Demo(list(Compartment.objects.filter(name="Demo cases").order_by("pk")), names)


def client_for(user_factory: Callable[..., User], role: Role, demo: Demo, *, language: str = "en") -> Client:
    client = verified_client(user_factory(role, *demo.compartments))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page(client: Client, name: str, *args: str) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_shows_each_claims_interval_and_an_inline_svg(
    demo: Demo, user_factory: Callable[..., User]
) -> None:
    html = page(client_for(user_factory, Role.COORDINATOR, demo), "findings:dashboard")
    for name in CLAIMS:
        assert f'id="claim-{name}"' in html
        assert reverse("findings:claim-detail", args=[name]) in html
    assert html.count("<svg ") == len(CLAIMS)
    assert html.count("interval (0.95)") == len(CLAIMS)
    assert re.search(r"\d+\.\d% – \d+\.\d%", html)  # a share's interval
    assert re.search(r"[\d,]+ CNY", html)  # a median price (too few per year here for its interval)
    assert FOREIGN_SCRIPT.search(html) is None
    assert INLINE.search(html) is None, INLINE.search(html)
    assert [
        url for url in re.findall(r'(?:src|href)="([^"]*)"', html) if not url.startswith(("/", "#"))
    ] == []


@pytest.mark.parametrize("role", FINDINGS_ROLES)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_findings_pages_render_for_allowed_roles_in_korean_and_english(
    role: Role, language: str, demo: Demo, user_factory: Callable[..., User]
) -> None:
    client = client_for(user_factory, role, demo, language=language)
    dashboard = page(client, "findings:dashboard")
    claim = page(client, "findings:claim-detail", "share_sex_trade")
    assert f'<html lang="{language}">' in dashboard
    if language == "ko":
        assert "조사 결과" in dashboard
        assert "성매매 산업으로 인신매매됨" in claim
        assert "편의 표본" in claim  # the convenience-sample caveat, translated
        assert "Trafficked into the sex trade" not in claim
    else:
        assert "Findings" in dashboard
        assert "Trafficked into the sex trade" in claim
        assert "convenience sample does not estimate a population share" in claim
    assert "moksori claim run share_sex_trade --json" in claim
    for name in demo.names:
        assert name not in dashboard
        assert name not in claim


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_other_roles_are_refused(role: Role, demo: Demo, user_factory: Callable[..., User]) -> None:
    client = client_for(user_factory, role, demo)
    assert client.get(reverse("findings:dashboard")).status_code == 403
    assert client.get(reverse("findings:claim-detail", args=["share_sex_trade"])).status_code == 403
    assert not AuditEntry.objects.filter(action="claim.run").exists()


def test_the_menu_shows_findings_only_to_roles_that_see_them(
    demo: Demo, user_factory: Callable[..., User]
) -> None:
    link = f'href="{reverse("findings:dashboard")}"'
    assert link in page(client_for(user_factory, Role.ANALYST, demo), "accounts:home")
    assert link not in page(client_for(user_factory, Role.CODER, demo), "accounts:home")


def test_an_unknown_claim_is_not_found(demo: Demo, user_factory: Callable[..., User]) -> None:
    client = client_for(user_factory, Role.ANALYST, demo)
    assert client.get(reverse("findings:claim-detail", args=["no_such_claim"])).status_code == 404


@pytest.mark.parametrize("role", FINDINGS_ROLES)
def test_a_claim_page_shows_the_passages_behind_it_only_to_roles_that_read_testimonies(
    role: Role, demo: Demo, user_factory: Callable[..., User]
) -> None:
    html = page(client_for(user_factory, role, demo), "findings:claim-detail", "share_sex_trade")
    texts = [p.text for p in Passage.objects.filter(source_links__act__type__code__startswith="exp_")]
    assert texts
    shown = [text for text in texts if text in html]
    if role in PASSAGE_ROLES:
        assert "Passages behind this claim" in html
        assert shown
        assert AuditEntry.objects.filter(action="interview.claim_passages").exists()
    else:
        assert "Passages behind this claim" not in html
        assert shown == []
        assert "S-" not in re.sub(r"<svg .*?</svg>", "", html, flags=re.DOTALL)  # no survivor code
        assert not AuditEntry.objects.filter(action="interview.claim_passages").exists()


def test_passages_come_only_from_granted_compartments(demo: Demo, user_factory: Callable[..., User]) -> None:
    everywhere = verified_client(user_factory(Role.LEGAL_OFFICER, *demo.compartments, username="all"))
    one = verified_client(user_factory(Role.LEGAL_OFFICER, demo.compartments[0], username="one"))
    one.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("findings:claim-detail", args=["share_sex_trade"])
    all_rows = everywhere.get(url).content.decode().count('<td class="anchor">')
    own_rows = one.get(url).content.decode()
    assert 0 < own_rows.count('<td class="anchor">') < all_rows
    assert "compartments not granted to you" in own_rows


def test_each_evaluation_is_audited_as_a_claim_run(demo: Demo, user_factory: Callable[..., User]) -> None:
    page(client_for(user_factory, Role.ANALYST, demo), "findings:dashboard")
    assert AuditEntry.objects.filter(action="claim.run").count() == len(CLAIMS)


def test_every_caveat_of_the_shipped_claims_has_a_korean_form(
    demo: Demo, user_factory: Callable[..., User]
) -> None:
    results = all_findings(user_factory(Role.ANALYST, *demo.compartments))
    caveats = {c for result in results for c in result.caveats}
    with translation.override("ko"):
        untranslated = [c for c in caveats if translated_caveat(c) == c]
    assert untranslated == []


def test_small_cells_are_suppressed_in_table_and_chart_when_a_threshold_is_given() -> None:
    records = [
        {
            "key": f"T-{i}",
            "survivor": f"S-{i}",
            "organisation": "org-a",
            "consent": {"aggregate": True},
            "exploitation": ["exp_forced_prostitution"] if i < 3 else [],
            "events": [{"type": "evt_sale"}],
        }
        for i in range(40)
    ]
    result = evaluate_claim(builtin_claims()["share_sex_trade"], records)
    with translation.override("en"):
        shown = present(result, written_description="", threshold=None)
        hidden = present(result, written_description="", threshold=5)
    assert not shown.any_suppressed
    assert "3 of 40" in shown.rows[0].estimate_text
    assert hidden.any_suppressed
    assert hidden.rows[0].estimate is None
    assert "3 of 40" not in hidden.rows[0].estimate_text
    assert hidden.rows[0].interval_text == ""
    assert hidden.chart_svg == ""  # a chart of suppressed rows only is left out
    assert shown.chart_svg.startswith("<svg ")


def test_chart_svg_carries_no_style_attribute_or_element() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><defs><style type="text/css">*{stroke-linecap: butt}</style>'
        '</defs><path d="M 0 0" style="fill: none; stroke: #4a6fa5; stroke-width: 2.5; bogus: x"/></svg>'
    )
    safe = csp_safe_svg(svg, label='Share "A" <b>')
    assert INLINE.search(safe) is None
    assert 'fill="none" stroke="#4a6fa5" stroke-width="2.5"' in safe
    assert "bogus" not in safe
    assert 'aria-label="Share &quot;A&quot; &lt;b&gt;"' in safe


ALLEGATION = "police_sales_yanbian"


@pytest.mark.parametrize("role", FINDINGS_ROLES)
def test_allegation_pages_show_sources_to_findings_roles_and_details_only_to_passage_roles(
    role: Role, demo: Demo, user_factory: Callable[..., User]
) -> None:
    client = client_for(user_factory, role, demo)
    listing = page(client, "findings:allegation-list")
    assert f'id="allegation-{ALLEGATION}"' in listing
    html = page(client, "findings:allegation-detail", ALLEGATION)
    assert "Independent sources" in html
    assert "Contradictions" in html
    assert INLINE.search(html) is None
    for name in demo.names:
        assert name not in html
    if role in PASSAGE_ROLES:
        assert "Passages behind this allegation" in html
        assert "survivor codes" in html
        assert AuditEntry.objects.filter(action="interview.allegation_passages").exists()
    else:
        assert "Passages behind this allegation" not in html
        assert "survivor codes" not in html
        assert not AuditEntry.objects.filter(
            action__in=["interview.allegation_passages", "survivor.list"]
        ).exists()
    assert AuditEntry.objects.filter(action="allegation.show").exists()


def test_allegation_pages_speak_korean_and_refuse_other_roles(
    demo: Demo, user_factory: Callable[..., User]
) -> None:
    client = client_for(user_factory, Role.LEGAL_OFFICER, demo, language="ko")
    html = page(client, "findings:allegation-detail", ALLEGATION)
    assert "독립된 출처" in html
    assert "모순" in html
    coder = client_for(user_factory, Role.CODER, demo)
    assert coder.get(reverse("findings:allegation-list")).status_code == 403
    assert coder.get(reverse("findings:allegation-detail", args=[ALLEGATION])).status_code == 403
    assert client.get(reverse("findings:allegation-detail", args=["no_such_allegation"])).status_code == 404
