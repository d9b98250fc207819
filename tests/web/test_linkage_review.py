"""Clerical review of record linkage: runs over the store, the review queue, decisions as labels.

Survivors of two organisations hold known duplicates (리영희 / 이영희, Ri Yong-hui / Lee Young-hee,
same birth year) and a hard negative (the same name, other birth year and province). The model's
scores come from ``PlantedLinker``, a test double with fixed probabilities per pair, so that the web
side (storing, queueing, labels, permissions) is tested on known answers; one test runs the real
model on the store's fields.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from moksori.analysis.linkage.result import LinkageResult, ScoredPair
from moksori.analysis.linkage.settings import LinkageSettings
from moksori.web.accounts.models import Compartment, Organisation, Role, User
from moksori.web.audit.models import AuditEntry
from moksori.web.linkage.actions import do_decide_pair, do_run_linkage, pair_key
from moksori.web.linkage.labels import Labels, apply_labels
from moksori.web.linkage.models import CandidatePair, LinkageRun, PairStatus, SurvivorCluster
from moksori.web.linkage.urls import urlpatterns
from moksori.web.testimonies.actions import do_create_survivor
from moksori.web.testimonies.models import Survivor

from .support import IDENTITY_MARKERS, verified_client

PEOPLE = {
    # code: (name_hangul, name_latin, birth_year, home_province)
    "A-RI": ("리영희", "Ri Yong-hui", "1985", "함경북도"),
    "B-LEE": ("이영희", "Lee Young-hee", "1985", "함경북도"),
    "A-KIM": ("김순희", "Kim Sun-hui", "1990", "양강도"),
    "B-KIM": ("김순희", "Kim Soon-hee", "1990", "양강도"),
    "A-PAK": ("박정숙", "Pak Jong-suk", "1979", "평안남도"),
    "B-PARK": ("박정숙", "Park Jung-sook", "1992", "황해도"),
    "B-CHOE": ("최미라", "Choe Mi-ra", "1970", "강원도"),
}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "user" / "linkage-review.md"


@dataclass
class PlantedLinker:
    """A linker with planted match probabilities per pair of survivor codes (others score nothing)."""

    codes: Mapping[str, str]  # survivor id -> code
    scores: dict[frozenset[str], float] = field(default_factory=dict)

    def __call__(self, rows: Iterable[Mapping[str, str | None]], settings: LinkageSettings) -> LinkageResult:
        rows = list(rows)
        records = tuple((str(r["source"]), str(r["record_id"])) for r in rows)
        position = {self.codes[record_id]: i for i, (_s, record_id) in enumerate(records)}
        pairs = tuple(
            ScoredPair(position[a], position[b], p, 0.0)
            for (a, b), p in ((sorted(k), p) for k, p in self.scores.items())
            if a in position and b in position and p >= settings.review_threshold
        )
        matches = tuple((p.left, p.right) for p in pairs if p.match_probability >= settings.match_threshold)
        labelled = apply_labels({i: i for i in range(len(records))}, [], Labels(accepted=matches))
        return LinkageResult(
            settings=settings,
            records=records,
            cluster_ids=tuple(labelled.cluster_of[i] for i in range(len(records))),
            pairs=pairs,
            match_threshold=settings.match_threshold,
            review_threshold=settings.review_threshold,
            pairs_scored=len(pairs),
            parameters={},
            timings={},
            issue_counts={},
            seed=settings.seed,
        )


@dataclass
class Store:
    coordinator: User
    compartments: list[Compartment]
    survivors: dict[str, Survivor]
    linker: PlantedLinker

    def run(self) -> LinkageRun:
        return do_run_linkage(by=self.coordinator, compartments=self.compartments, linker=self.linker)

    def pair(self, run: LinkageRun, a: str, b: str) -> CandidatePair:
        x, y = pair_key(self.survivors[a].pk, self.survivors[b].pk)
        return run.pairs.get(survivor_a_id=uuid.UUID(x), survivor_b_id=uuid.UUID(y))

    def same_person(self, run: LinkageRun, a: str, b: str) -> bool:
        clusters = dict(SurvivorCluster.objects.filter(run=run).values_list("survivor_id", "cluster"))
        return clusters[self.survivors[a].pk] == clusters[self.survivors[b].pk]


@pytest.fixture
def partner_compartment(db: None) -> Compartment:
    partner = Organisation.objects.create(name="Partner NGO", name_ko="협력 단체")
    return Compartment.objects.create(organisation=partner, name="Shenyang cases")


@pytest.fixture
def store(
    compartment: Compartment, partner_compartment: Compartment, user_factory: Callable[..., User]
) -> Store:
    survivors = {}
    for code, (hangul, latin, year, province) in PEOPLE.items():
        survivors[code] = do_create_survivor(
            by=None,
            compartment=compartment if code.startswith("A-") else partner_compartment,
            code=code,
            name_hangul=hangul,
            name_latin=latin,
            birth_year=year,
            home_province=province,
        )
    linker = PlantedLinker(
        {str(s.pk): code for code, s in survivors.items()},
        {
            frozenset({"A-RI", "B-LEE"}): 0.93,  # spelling variants, same year: a match
            frozenset({"A-KIM", "B-KIM"}): 0.35,  # uncertain: to review
            frozenset({"A-PAK", "B-PARK"}): 0.25,  # hard negative: to review
            frozenset({"A-RI", "B-CHOE"}): 0.05,  # below review: nothing
        },
    )
    coordinator = user_factory(Role.COORDINATOR, compartment, partner_compartment)
    return Store(coordinator, [compartment, partner_compartment], survivors, linker)


def test_a_run_clusters_the_clear_duplicates_and_queues_the_uncertain_pairs(store: Store) -> None:
    run = store.run()
    assert store.same_person(run, "A-RI", "B-LEE")
    assert not store.same_person(run, "A-KIM", "B-KIM")
    assert {(p.status, round(p.match_probability, 2)) for p in run.pairs.all()} == {
        (PairStatus.PENDING, 0.35),
        (PairStatus.PENDING, 0.25),
    }
    assert (run.n_records, run.n_clusters, run.n_review_pairs) == (7, 6, 2)
    assert run.summary["records"] == 7
    assert "A-RI" not in str(run.summary)


def test_a_run_audits_itself_and_each_survivor_it_read(store: Store) -> None:
    run = store.run()
    assert AuditEntry.objects.filter(action="linkage.run", object_id=str(run.pk)).count() == 1
    read = AuditEntry.objects.filter(
        action="survivor.linkage_read", actor_username=store.coordinator.username
    )
    assert read.count() == len(PEOPLE)
    assert all("birth_year" in entry.digest and "1985" not in entry.digest for entry in read)


def test_decisions_are_audited(store: Store) -> None:
    pair = store.pair(store.run(), "A-KIM", "B-KIM")
    do_decide_pair(pair, by=store.coordinator, decision="accepted")
    entry = AuditEntry.objects.get(action="linkage_pair.accepted")
    assert (entry.object_id, entry.actor_username) == (str(pair.pk), store.coordinator.username)
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by) == (PairStatus.ACCEPTED, store.coordinator)


def test_an_accepted_pair_merges_and_a_rejected_pair_splits_in_the_next_run(store: Store) -> None:
    first = store.run()
    do_decide_pair(store.pair(first, "A-KIM", "B-KIM"), by=store.coordinator, decision="accepted")
    do_decide_pair(store.pair(first, "A-PAK", "B-PARK"), by=store.coordinator, decision="rejected")
    # The model now scores the hard negative as a match and the accepted pair lower: labels win.
    store.linker.scores[frozenset({"A-PAK", "B-PARK"})] = 0.9
    store.linker.scores[frozenset({"A-KIM", "B-KIM"})] = 0.22
    second = store.run()
    assert store.same_person(second, "A-KIM", "B-KIM")
    assert not store.same_person(second, "A-PAK", "B-PARK")
    assert store.same_person(second, "A-RI", "B-LEE")
    assert (second.n_accepted_labels, second.n_rejected_labels, second.n_label_conflicts) == (1, 1, 0)


def test_a_decided_pair_is_not_queued_again_and_old_pending_pairs_retire(store: Store) -> None:
    first = store.run()
    do_decide_pair(store.pair(first, "A-KIM", "B-KIM"), by=store.coordinator, decision="unsure")
    second = store.run()
    assert second.pairs.count() == 1
    assert store.pair(second, "A-PAK", "B-PARK").status == PairStatus.PENDING
    assert store.pair(first, "A-PAK", "B-PARK").status == PairStatus.SUPERSEDED


def test_only_coordinators_run_and_decide(store: Store, user_factory: Callable[..., User]) -> None:
    run = store.run()
    legal = user_factory(Role.LEGAL_OFFICER, *store.compartments)
    with pytest.raises(PermissionDenied):
        do_decide_pair(store.pair(run, "A-KIM", "B-KIM"), by=legal, decision="accepted")
    with pytest.raises(PermissionDenied):
        do_run_linkage(by=legal, compartments=store.compartments, linker=store.linker)


def test_a_run_over_a_compartment_not_granted_is_refused(
    store: Store, other_compartment: Compartment
) -> None:
    with pytest.raises(PermissionDenied):
        do_run_linkage(by=store.coordinator, compartments=[other_compartment], linker=store.linker)


def test_pairs_across_a_compartment_not_granted_stay_hidden(
    store: Store, compartment: Compartment, user_factory: Callable[..., User]
) -> None:
    pair = store.pair(store.run(), "A-KIM", "B-KIM")
    one_sided = verified_client(user_factory(Role.COORDINATOR, compartment, username="one-sided"))
    assert one_sided.get(reverse("linkage:pair-detail", args=[pair.pk])).status_code == 404
    assert "A-KIM" not in one_sided.get(reverse("linkage:review-queue")).content.decode()


def test_the_queue_lists_pending_pairs_most_probable_first(store: Store) -> None:
    store.run()
    page = verified_client(store.coordinator).get(reverse("linkage:review-queue")).content.decode()
    assert page.index("A-KIM") < page.index("A-PAK")
    assert "리영희" not in page  # the queue names codes only


def test_a_weak_merge_is_queued_for_confirmation_and_says_how_it_counts_meanwhile(store: Store) -> None:
    store.linker.scores[frozenset({"A-KIM", "B-KIM"})] = 0.5  # above the match threshold, below 0.6
    run = store.run()
    assert store.same_person(run, "A-KIM", "B-KIM")
    assert store.pair(run, "A-KIM", "B-KIM").status == PairStatus.PENDING
    page = verified_client(store.coordinator).get(reverse("linkage:review-queue")).content.decode()
    assert "한 사람으로 계산" in page  # counted as one woman (the page is in Korean by default)
    assert "두 사람으로 계산" in page  # counted as two women: A-PAK / B-PARK, below the match threshold


def test_coordinators_see_both_records_side_by_side_with_differences_marked(store: Store) -> None:
    pair = store.pair(store.run(), "A-KIM", "B-KIM")
    page = verified_client(store.coordinator).get(reverse("linkage:pair-detail", args=[pair.pk]))
    html = page.content.decode()
    assert "Kim Sun-hui" in html
    assert "Kim Soon-hee" in html
    assert html.count('class="field-agrees"') == 3
    assert html.count('class="field-differs"') == 1
    assert 'value="accepted"' in html
    assert page["Cache-Control"] == "no-store"


def test_coders_see_only_codes_and_agreement_never_the_identity(
    store: Store, compartment: Compartment, user_factory: Callable[..., User]
) -> None:
    marked = do_create_survivor(by=None, compartment=compartment, code="A-MARK", **IDENTITY_MARKERS)
    twin = do_create_survivor(by=None, compartment=compartment, code="A-MARK2", **IDENTITY_MARKERS)
    store.survivors.update({"A-MARK": marked, "A-MARK2": twin})
    store.linker.codes = {**store.linker.codes, str(marked.pk): "A-MARK", str(twin.pk): "A-MARK2"}
    store.linker.scores[frozenset({"A-MARK", "A-MARK2"})] = 0.3
    pair = store.pair(store.run(), "A-MARK", "A-MARK2")
    coder = verified_client(user_factory(Role.CODER, *store.compartments))
    pages = [
        coder.get(reverse("linkage:review-queue")).content.decode(),
        coder.get(reverse("linkage:pair-detail", args=[pair.pk])).content.decode(),
    ]
    assert "A-MARK" in pages[0]
    assert "A-MARK2" in pages[1]
    assert 'class="field-agrees"' in pages[1]
    assert 'value="accepted"' not in pages[1]
    for page in pages:
        for marker in IDENTITY_MARKERS.values():
            assert marker not in page
    assert not AuditEntry.objects.filter(action="survivor.linkage_review", digest__contains="name").exclude(
        actor_username=store.coordinator.username
    )


def test_analysts_get_403_on_every_linkage_page(store: Store, user_factory: Callable[..., User]) -> None:
    pair = store.pair(store.run(), "A-KIM", "B-KIM")
    analyst = verified_client(user_factory(Role.ANALYST, *store.compartments))
    assert analyst.get(reverse("linkage:review-queue")).status_code == 403
    assert analyst.get(reverse("linkage:pair-detail", args=[pair.pk])).status_code == 403
    assert (
        analyst.post(reverse("linkage:pair-decide", args=[pair.pk]), {"decision": "accepted"}).status_code
        == 403
    )
    assert analyst.post(reverse("linkage:run-linkage")).status_code == 403


def test_legal_officers_read_pairs_but_cannot_decide(store: Store, user_factory: Callable[..., User]) -> None:
    pair = store.pair(store.run(), "A-KIM", "B-KIM")
    legal = verified_client(user_factory(Role.LEGAL_OFFICER, *store.compartments))
    page = legal.get(reverse("linkage:pair-detail", args=[pair.pk])).content.decode()
    assert "Kim Sun-hui" in page
    assert 'value="accepted"' not in page
    assert (
        legal.post(reverse("linkage:pair-decide", args=[pair.pk]), {"decision": "accepted"}).status_code
        == 403
    )
    pair.refresh_from_db()
    assert pair.status == PairStatus.PENDING


def test_a_decision_posted_from_the_pair_page_goes_to_the_next_pair(store: Store) -> None:
    run = store.run()
    first, second = store.pair(run, "A-KIM", "B-KIM"), store.pair(run, "A-PAK", "B-PARK")
    client = verified_client(store.coordinator)
    response = client.post(reverse("linkage:pair-decide", args=[first.pk]), {"decision": "rejected"})
    assert response["Location"] == reverse("linkage:pair-detail", args=[second.pk])
    htmx = client.post(
        reverse("linkage:pair-decide", args=[second.pk]), {"decision": "accepted"}, HTTP_HX_REQUEST="true"
    )
    assert 'id="decision"' in htmx.content.decode()
    assert "<html" not in htmx.content.decode()
    assert (
        AuditEntry.objects.filter(action__in=["linkage_pair.rejected", "linkage_pair.accepted"]).count() == 2
    )


def test_the_real_model_on_the_store_fields_links_or_refuses_without_personal_data(store: Store) -> None:
    """The real linker; on a handful of records it may be unable to train, and must say so cleanly."""
    try:
        run = do_run_linkage(by=store.coordinator, compartments=store.compartments)
    except ValidationError as error:
        message = " ".join(error.messages)
        assert all(value not in message for person in PEOPLE.values() for value in person)
        assert not LinkageRun.objects.exists()
        return
    assert store.same_person(run, "A-RI", "B-LEE") or run.pairs.filter(status=PairStatus.PENDING).exists()


def test_contradicting_labels_keep_the_accepted_pairs_and_count_the_conflict() -> None:
    clusters = {"a": 0, "b": 1, "c": 2}
    labelled = apply_labels(clusters, [], Labels(accepted=(("a", "b"), ("b", "c")), rejected=(("a", "c"),)))
    assert len(set(labelled.cluster_of.values())) == 1
    assert labelled.conflicts == 1


def test_a_rejected_pair_splits_a_chain_at_its_weakest_link() -> None:
    clusters = {"a": 0, "b": 0, "c": 0}
    edges = [("a", "b", 0.95), ("b", "c", 0.7)]
    labelled = apply_labels(clusters, edges, Labels(rejected=(("a", "c"),)))
    assert labelled.cluster_of["a"] == labelled.cluster_of["b"] != labelled.cluster_of["c"]


def test_every_linkage_route_is_documented_for_users() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for pattern in urlpatterns:
        route = re.sub(r"<uuid:\w+>", "<id>", f"/linkage/{pattern.pattern}")
        assert route in text, f"{route} is missing from {DOCS.name}"
