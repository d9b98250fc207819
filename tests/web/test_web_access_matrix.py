"""Role × view × compartment matrix, generated from the URL registry: a view without a rule fails.

Every named route of the accounts, testimonies, coding, linkage and findings apps must have a rule
below. For each role and for the own and the foreign compartment, the rule says whether the page is
served or refused; refusals are 403 (role) or 404 (compartment not granted, so existence is not revealed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from django.db.models import Q
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from moksori.web.accounts.models import Role, User
from moksori.web.coding.actions import do_code_act
from moksori.web.coding.models import Act
from moksori.web.linkage.actions import pair_key
from moksori.web.linkage.models import CandidatePair, LinkageRun
from moksori.web.testimonies.actions import do_create_survivor
from moksori.web.vocabulary.queries import term_by_code

from .support import IDENTITY_MARKERS, Case, World, confirmed_device, verified_client

WEB_NAMESPACES = ("accounts", "testimonies", "coding", "linkage", "findings")
READ = frozenset({Role.COORDINATOR, Role.INTERVIEWER, Role.CODER, Role.LEGAL_OFFICER})
WRITE = frozenset({Role.COORDINATOR, Role.INTERVIEWER})
CODE = frozenset({Role.COORDINATOR, Role.CODER})
CONSENT = frozenset({Role.COORDINATOR, Role.INTERVIEWER})
EVERYONE = frozenset(Role)
LINKAGE_READ = frozenset({Role.COORDINATOR, Role.INTERVIEWER, Role.CODER, Role.LEGAL_OFFICER})
LINKAGE_DECIDE = frozenset({Role.COORDINATOR})
FINDINGS = frozenset({Role.COORDINATOR, Role.ANALYST, Role.LEGAL_OFFICER, Role.ADMIN})

Kwargs = Callable[[Case], dict[str, object]]


@dataclass(frozen=True)
class Rule:
    """Who may use a route; ``scoped`` routes name a record, tried in the own and the foreign compartment."""

    allowed: frozenset[str]
    kwargs: Kwargs | None = None
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)
    ok_redirect: str | None = None  # a 302 to this route name counts as served
    public: bool = False  # reachable without logging in

    @property
    def scoped(self) -> bool:
        return self.kwargs is not None


RULES: dict[str, Rule] = {
    "accounts:home": Rule(EVERYONE),
    "accounts:login": Rule(EVERYONE, ok_redirect="accounts:home", public=True),
    "accounts:logout": Rule(EVERYONE, method="post", ok_redirect="accounts:login", public=True),
    "accounts:totp-verify": Rule(EVERYONE, ok_redirect="accounts:home"),
    "accounts:totp-setup": Rule(EVERYONE, ok_redirect="accounts:home"),
    "accounts:set-language": Rule(EVERYONE, method="post", data={"language": "en", "next": "/"}, public=True),
    "accounts:static": Rule(EVERYONE, public=True),
    "testimonies:survivor-list": Rule(READ),
    "testimonies:survivor-create": Rule(WRITE),
    "testimonies:survivor-detail": Rule(READ, kwargs=lambda c: {"survivor_id": c.survivor.pk}),
    "testimonies:survivor-edit": Rule(WRITE, kwargs=lambda c: {"survivor_id": c.survivor.pk}),
    "testimonies:interview-create": Rule(WRITE, kwargs=lambda c: {"survivor_id": c.survivor.pk}),
    "testimonies:consent-record": Rule(CONSENT, kwargs=lambda c: {"survivor_id": c.survivor.pk}),
    "testimonies:interview-detail": Rule(READ, kwargs=lambda c: {"interview_id": c.interview.pk}),
    "testimonies:consent-withdraw": Rule(CONSENT, kwargs=lambda c: {"consent_id": c.consent.pk}),
    "coding:coding-screen": Rule(CODE, kwargs=lambda c: {"interview_id": c.interview.pk}),
    "coding:event-create": Rule(CODE, kwargs=lambda c: {"interview_id": c.interview.pk}, method="post"),
    "coding:act-create": Rule(
        CODE, kwargs=lambda c: {"interview_id": c.interview.pk, "event_id": c.event.pk}, method="post"
    ),
    "testimonies:interview-edit": Rule(WRITE, kwargs=lambda c: {"interview_id": c.interview.pk}),
    "coding:event-edit": Rule(
        CODE, kwargs=lambda c: {"interview_id": c.interview.pk, "event_id": c.event.pk}
    ),
    "coding:act-edit": Rule(
        CODE,
        kwargs=lambda c: {"interview_id": c.interview.pk, "event_id": c.event.pk, "act_id": act_of(c).pk},
    ),
    "linkage:review-queue": Rule(LINKAGE_READ),
    "linkage:pair-detail": Rule(LINKAGE_READ, kwargs=lambda c: {"pair_id": pair_of(c).pk}),
    "linkage:pair-decide": Rule(
        LINKAGE_DECIDE,
        kwargs=lambda c: {"pair_id": pair_of(c).pk},
        method="post",
        data={"decision": "unsure"},
    ),
    "linkage:run-linkage": Rule(LINKAGE_DECIDE, method="post", ok_redirect="linkage:review-queue"),
    "findings:dashboard": Rule(FINDINGS),
    "findings:claim-detail": Rule(FINDINGS),
    "findings:allegation-list": Rule(FINDINGS),
    "findings:allegation-detail": Rule(FINDINGS),
    # Routes are tried in this order (logout last): the delete comes after every rule naming the event.
    "coding:event-delete": Rule(
        CODE, kwargs=lambda c: {"interview_id": c.interview.pk, "event_id": c.event.pk}, method="post"
    ),
}
STATIC_SAMPLE = {"path": "css/moksori.css"}
# Routes that name something other than a record (not compartment-scoped): a fixed sample argument.
FIXED_KWARGS: dict[str, dict[str, str]] = {
    "accounts:static": STATIC_SAMPLE,
    "findings:claim-detail": {"name": "share_sex_trade"},
    "findings:allegation-detail": {"name": "police_sales_tumen_2016_2018"},
}


def act_of(case: Case) -> Act:
    """The case's act, coded on its event when first needed (the shared world has none)."""
    act = case.event.acts.first()
    if act is not None:
        return act
    passage = case.interview.passages.get(anchor="p0001")
    return do_code_act(case.event, passage, by=None, type_term=term_by_code("nkcn", "exp_forced_marriage"))


def pair_of(case: Case) -> CandidatePair:
    """A review pair of the case's survivor and a twin in the same compartment, made when first needed."""
    survivor = case.survivor
    pair = CandidatePair.objects.filter(Q(survivor_a=survivor) | Q(survivor_b=survivor)).first()
    if pair is not None:
        return pair
    twin = do_create_survivor(
        by=None, compartment=survivor.compartment, code=f"{survivor.code}-TWIN", **IDENTITY_MARKERS
    )
    run = LinkageRun.objects.create(seed=1, match_threshold=0.6, review_threshold=0.2, n_records=2)
    a, b = pair_key(survivor.pk, twin.pk)
    return CandidatePair.objects.create(run=run, survivor_a_id=a, survivor_b_id=b, match_probability=0.5)


def _walk(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else entry.namespace or namespace
            )
            yield from _walk(entry.url_patterns, inner or "")
        elif entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def web_route_names() -> set[str]:
    return {name for name in _walk(get_resolver().url_patterns) if name.split(":")[0] in WEB_NAMESPACES}


def _url(name: str, rule: Rule, case: Case | None) -> str:
    if name in FIXED_KWARGS:
        return reverse(name, kwargs=FIXED_KWARGS[name])
    return reverse(name, kwargs=rule.kwargs(case) if rule.kwargs and case else None)


def _request(client: Client, name: str, rule: Rule, case: Case | None) -> HttpResponse:
    url = _url(name, rule, case)
    response = client.post(url, rule.data) if rule.method == "post" else client.get(url)
    return response  # type: ignore[return-value]


def _served(response: HttpResponse, rule: Rule) -> bool:
    if response.status_code == 200:
        return True
    if response.status_code == 302:
        return (
            rule.ok_redirect is None or response["Location"] == reverse(rule.ok_redirect) or rule.data != {}
        )
    return False


def _attempts(world: World) -> Iterator[tuple[str, Rule, Case | None, str]]:
    """Each route once, or twice (own and foreign) when it names a record; logout last."""
    for name in sorted(RULES, key=lambda n: n == "accounts:logout"):
        rule = RULES[name]
        if rule.scoped:
            yield name, rule, world.own, "own"
            yield name, rule, world.foreign, "foreign"
        else:
            yield name, rule, None, "-"


def test_every_web_route_has_an_access_rule() -> None:
    names = web_route_names()
    assert names, "no web routes found in the URL registry"
    assert names - RULES.keys() == set(), "routes without a rule in RULES: add one"
    assert RULES.keys() - names == set(), "rules for routes that no longer exist"


def _check_role(world: World, user: User) -> tuple[list[str], list[str]]:
    client = verified_client(user)
    failures, pages = [], []
    for name, rule, case, side in _attempts(world):
        response = _request(client, name, rule, case)
        expect_served = user.role in rule.allowed and side != "foreign"
        if expect_served and not _served(response, rule):
            failures.append(f"{name} [{side}] should be served, got {response.status_code}")
        if not expect_served and response.status_code not in (403, 404):
            failures.append(f"{name} [{side}] should be refused, got {response.status_code}")
        if "text/html" in response.get("Content-Type", ""):
            pages.append(response.content.decode())
        csp = response.get("Content-Security-Policy", "")
        if "script-src 'self'" not in csp or "unsafe-inline" in csp:
            failures.append(f"{name} [{side}] has a weak or missing CSP: {csp!r}")
    return failures, pages


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_served_or_refused_per_route_and_compartment(
    role: Role, world: World, user_factory: Callable[..., User]
) -> None:
    failures, _ = _check_role(world, user_factory(role))
    assert failures == []


@pytest.mark.parametrize("role", [Role.ANALYST, Role.CODER, Role.ADMIN])
def test_roles_without_identity_access_never_receive_a_planted_identity_marker(
    role: Role, world: World, user_factory: Callable[..., User]
) -> None:
    _, pages = _check_role(world, user_factory(role))
    assert pages
    for page in pages:
        for marker in IDENTITY_MARKERS.values():
            assert marker not in page


def test_identity_roles_do_see_the_planted_identity(world: World, user_factory: Callable[..., User]) -> None:
    client = verified_client(user_factory(Role.COORDINATOR))
    detail = client.get(reverse("testimonies:survivor-detail", args=[world.own.survivor.pk])).content.decode()
    listing = client.get(reverse("testimonies:survivor-list")).content.decode()
    assert IDENTITY_MARKERS["name_hangul"] in detail
    assert IDENTITY_MARKERS["contact"] in detail
    assert IDENTITY_MARKERS["name_hangul"] in listing
    assert "S-FOREIGN-1" not in listing


def test_anonymous_visitors_are_sent_to_login_from_every_private_route(world: World) -> None:
    client = Client()
    for name, rule, case, _side in _attempts(world):
        if rule.public:
            continue
        response = _request(client, name, rule, case)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


@pytest.mark.parametrize("has_device", [False, True])
def test_unverified_users_of_totp_roles_reach_only_the_second_factor_pages(
    has_device: bool, world: World, user_factory: Callable[..., User]
) -> None:
    user = user_factory(Role.COORDINATOR)
    if has_device:
        confirmed_device(user)
    client = Client()
    client.force_login(user)
    target = reverse("accounts:totp-verify" if has_device else "accounts:totp-setup")
    for name, rule, case, _side in _attempts(world):
        if rule.public or name in ("accounts:totp-verify", "accounts:totp-setup"):
            continue
        response = _request(client, name, rule, case)
        assert (response.status_code, response.get("Location")) == (302, target), name


def test_analysts_need_no_second_factor(user_factory: Callable[..., User], db: None) -> None:
    client = Client()
    client.force_login(user_factory(Role.ANALYST))
    assert client.get(reverse("accounts:home")).status_code == 200


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def test_pages_carry_no_inline_script_style_or_handler(
    world: World, user_factory: Callable[..., User]
) -> None:
    _, pages = _check_role(world, user_factory(Role.COORDINATOR))
    anonymous = Client().get(reverse("accounts:login")).content.decode()
    for page in [*pages, anonymous]:
        assert INLINE.search(page) is None, INLINE.search(page)
