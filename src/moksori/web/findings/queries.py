"""Who may see findings and the passages behind them; every read of survivor-derived data is audited.

Roles (see docs/user/web.md, "Findings"):

- **findings** (the numbers: counts, intervals, caveats, fingerprints): coordinators, analysts, legal
  officers and administrators. A claim is evaluated over the whole store, like `moksori claim run`:
  its numbers are aggregates over every consenting survivor, whatever compartments the reader holds.
- **passages behind a claim**: only roles that may read testimonies (`permissions.can_read_testimonies`),
  which among the findings roles are coordinators and legal officers; and only passages of survivors in
  compartments granted to the reader. Analysts and administrators never see a passage or a survivor code.
- **small cells**: readers who may not read testimonies see a figure resting on fewer than
  `SMALL_CELL_THRESHOLD` survivors or events as suppressed, as in published reports.
- **allegations**: findings roles see the counts (independent sources, organisations, interviewers,
  years, contradictions by kind) unsuppressed, since counting independent sources is the point; the
  contradictions' details, survivor codes and passages only the roles that see passages behind a claim.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404

from moksori.analysis.corroboration import AllegationResult
from moksori.analysis.stats.claim_definition import Claim
from moksori.analysis.stats.claims import ClaimResult, builtin_claims
from moksori.web.accounts import permissions
from moksori.web.accounts.models import Role, User
from moksori.web.audit.actions import audit_entry_for, record_audits
from moksori.web.coding.models import SourceLink
from moksori.web.findings import corroboration
from moksori.web.findings.records import UnknownClaimError, evaluate_named_claim, evaluate_named_claims
from moksori.web.testimonies.models import Interview, Passage
from moksori.web.testimonies.queries import survivors_visible_to
from moksori.web.vocabulary.models import Term

FINDINGS_ROLES = frozenset({Role.COORDINATOR, Role.ANALYST, Role.LEGAL_OFFICER, Role.ADMIN})
SMALL_CELL_THRESHOLD = 5  # the reports' default disclosure threshold
PASSAGE_LIMIT = 200  # a page of passages; the rest are counted, not shown


def _has(user: User, roles: frozenset[Role]) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def can_see_findings(user: User) -> bool:
    return _has(user, FINDINGS_ROLES)


def can_read_passages_behind(user: User) -> bool:
    return can_see_findings(user) and permissions.can_read_testimonies(user)


def suppresses_small_cells(user: User) -> bool:
    """Readers who may not read the records themselves get small cells suppressed."""
    return not permissions.can_read_testimonies(user)


def claim_names() -> list[str]:
    """The built-in claims in the order the dashboard shows them."""
    return sorted(builtin_claims())


def claim_definition(name: str) -> Claim:
    claims = builtin_claims()
    if name not in claims:
        raise Http404
    return claims[name]


def finding(user: User, name: str) -> ClaimResult:
    """One claim evaluated over the store; the evaluation is audited as "claim.run"."""
    if not can_see_findings(user):
        raise PermissionDenied
    try:
        return evaluate_named_claim(name, by=user)
    except UnknownClaimError:
        raise Http404 from None


def all_findings(user: User) -> list[ClaimResult]:
    """Every built-in claim evaluated over one read of the store; each evaluation audited as "claim.run"."""
    if not can_see_findings(user):
        raise PermissionDenied
    return evaluate_named_claims(claim_names(), by=user)


def allegations(user: User) -> list[AllegationResult]:
    """Every shipped allegation evaluated over the store (audited by the corroboration queries)."""
    if not can_see_findings(user):
        raise PermissionDenied
    return corroboration.allegation_summaries(user)


def allegation(user: User, name: str) -> AllegationResult:
    """One allegation with its sources and contradictions (audited by the corroboration queries)."""
    if not can_see_findings(user):
        raise PermissionDenied
    try:
        return corroboration.allegation_detail(user, name)
    except corroboration.UnknownAllegationError:
        raise Http404 from None


@dataclass(frozen=True, slots=True)
class PassageBehind:
    """A coded passage behind a claim, with the terms of the claim it was coded with (labels)."""

    survivor_id: str
    survivor_code: str
    interview_id: str
    interview_date: str
    anchor: str
    text: str
    translation: str
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PassagesBehind:
    """The passages a reader may see behind a claim, and how many records behind it lie elsewhere."""

    passages: tuple[PassageBehind, ...]
    survivors_shown: int
    survivors_elsewhere: int  # behind the claim, in compartments not granted to the reader
    more_passages: int  # beyond PASSAGE_LIMIT


def tested_codes(claim: Claim) -> frozenset[str]:
    """Every code a claim's conditions test: the codes whose passages are the evidence for it."""
    conditions = [*claim.population, *claim.events, *claim.numerator]
    conditions += [c for _label, conds in claim.categories for c in conds]
    if claim.value is not None:
        conditions += list(claim.value.where)
    return frozenset(str(v) for c in conditions for v in c.operand if isinstance(v, str))


def passages_behind(user: User, claim: Claim, result: ClaimResult) -> PassagesBehind:
    """Passages coded with the claim's codes, of the survivors behind `result` visible to `user`.

    Each interview whose passages are shown gets an audit entry ("interview.claim_passages").
    """
    if not can_read_passages_behind(user):
        raise PermissionDenied
    keys = set(result.record_keys)
    with transaction.atomic():
        visible = list(survivors_visible_to(user).filter(pk__in=keys).values_list("pk", flat=True))
        terms_by_passage = _codes_by_passage(visible, tested_codes(claim))
        return _passage_page(user, terms_by_passage, len(keys) - len(visible), "interview.claim_passages")


def allegation_passages(user: User, result: AllegationResult) -> PassagesBehind:
    """The passages behind an allegation, of its survivors visible to `user`; audited per interview."""
    if not can_read_passages_behind(user):
        raise PermissionDenied
    testimonies = {t for source in result.sources for t in source.testimonies}
    with transaction.atomic():
        visible = list(survivors_visible_to(user).filter(pk__in=testimonies).values_list("pk", flat=True))
        passages = Passage.objects.filter(pk__in=result.passages, interview__survivor__in=visible)
        terms_by_passage: dict[Passage, dict[str, str]] = {
            p: {} for p in passages.select_related("interview__survivor")
        }
        elsewhere = len(testimonies) - len(visible)
        return _passage_page(user, terms_by_passage, elsewhere, "interview.allegation_passages")


def survivor_codes(user: User, survivor_ids: set[str]) -> dict[str, str]:
    """Survivor id → code, for those of `survivor_ids` visible to `user`; the listing is audited."""
    if not can_read_passages_behind(user):
        raise PermissionDenied
    with transaction.atomic():
        rows = dict(survivors_visible_to(user).filter(pk__in=survivor_ids).values_list("pk", "code"))
        record_audits([audit_entry_for(user, "survivor.list", "testimonies.survivor", count=len(rows))])
    return {str(pk): code for pk, code in rows.items()}


def _passage_page(
    user: User, terms_by_passage: dict[Passage, dict[str, str]], elsewhere: int, action: str
) -> PassagesBehind:
    ordered = sorted(
        terms_by_passage,
        key=lambda p: (p.interview.survivor.code, p.interview.conducted_on, p.interview_id, p.ordinal),
    )
    shown = ordered[:PASSAGE_LIMIT]
    _audit_passage_reads(user, shown, action)
    rows = tuple(_row(p, terms_by_passage[p]) for p in shown)
    return PassagesBehind(
        passages=rows,
        survivors_shown=len({row.survivor_id for row in rows}),
        survivors_elsewhere=elsewhere,
        more_passages=len(ordered) - len(shown),
    )


def _codes_by_passage(survivor_ids: list[uuid.UUID], codes: frozenset[str]) -> dict[Passage, dict[str, str]]:
    links = (
        SourceLink.objects.filter(
            Q(event__survivor__in=survivor_ids, event__type__code__in=codes)
            | Q(act__event__survivor__in=survivor_ids, act__type__code__in=codes)
            | Q(involvement__act__event__survivor__in=survivor_ids, involvement__role__code__in=codes)
            | Q(involvement__act__event__survivor__in=survivor_ids, involvement__actor__role__code__in=codes)
        )
        .select_related(
            "passage__interview__survivor",
            "event__type",
            "act__type",
            "involvement__role",
            "involvement__actor__role",
        )
        .order_by("pk")
    )
    found: dict[Passage, dict[str, str]] = defaultdict(dict)
    for link in links:
        found[link.passage].update({t.code: t.label for t in _link_terms(link) if t.code in codes})
    return found


def _link_terms(link: SourceLink) -> list[Term]:
    if link.event is not None:
        return [link.event.type]
    if link.act is not None:
        return [link.act.type]
    if link.involvement is not None:
        actor_role = link.involvement.actor.role
        return [link.involvement.role, *([actor_role] if actor_role else [])]
    return []


def _audit_passage_reads(user: User, passages: list[Passage], action: str) -> None:
    per_interview: dict[Interview, int] = defaultdict(int)
    for passage in passages:
        per_interview[passage.interview] += 1
    record_audits(
        [
            audit_entry_for(user, action, interview, fields=("passages",), count=count)
            for interview, count in per_interview.items()
        ]
    )


def _row(passage: Passage, terms: dict[str, str]) -> PassageBehind:
    interview = passage.interview
    return PassageBehind(
        survivor_id=str(interview.survivor_id),
        survivor_code=interview.survivor.code,
        interview_id=str(interview.pk),
        interview_date=interview.conducted_on.isoformat(),
        anchor=passage.anchor,
        text=passage.text,
        translation=passage.translation,
        terms=tuple(label for _code, label in sorted(terms.items())),
    )
