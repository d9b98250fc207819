"""Who may see, decide and run linkage review; every read of pairs is audited here.

Roles (written down here because they are linkage's own; see docs/user/linkage-review.md):

- **see pairs**: coordinators, interviewers, legal officers and coders. Only the roles that may see
  identities (``permissions.can_see_identity``) get the names, birth year and province side by side;
  coders get the survivor codes and, per field, only whether the two records agree.
- **decide** (accept / reject / unsure) and **run linkage**: coordinators only. A decision changes
  who counts as one woman in every estimate, so it stays with the role that answers for the data;
  legal officers read pairs (a duplicate matters to a case file) but do not decide.
- analysts and administrators never see a pair.

A pair is visible only when both its survivors are visible (both compartments granted).
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from moksori.web.accounts import permissions
from moksori.web.accounts.models import Role, User
from moksori.web.audit.actions import audit_entry_for, record_audit, record_audits
from moksori.web.linkage.models import CandidatePair, LinkageRun, PairStatus
from moksori.web.testimonies.models import Survivor
from moksori.web.testimonies.queries import survivors_visible_to

REVIEW_READ_ROLES = frozenset({Role.COORDINATOR, Role.INTERVIEWER, Role.LEGAL_OFFICER, Role.CODER})
DECIDE_ROLES = frozenset({Role.COORDINATOR})
RUN_ROLES = frozenset({Role.COORDINATOR})
COMPARED_FIELDS: tuple[tuple[str, Promise], ...] = (
    ("name_hangul", _("name (Hangul)")),
    ("name_latin", _("name (Latin script)")),
    ("birth_year", _("birth year")),
    ("home_province", _("home province")),
)


def _has(user: User, roles: frozenset[Role]) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def can_review(user: User) -> bool:
    return _has(user, REVIEW_READ_ROLES)


def can_decide(user: User) -> bool:
    return _has(user, DECIDE_ROLES)


def can_run(user: User) -> bool:
    return _has(user, RUN_ROLES)


def pairs_visible_to(user: User) -> QuerySet[CandidatePair]:
    if not can_review(user):
        return CandidatePair.objects.none()
    visible = survivors_visible_to(user)
    return CandidatePair.objects.filter(survivor_a__in=visible, survivor_b__in=visible)


def review_queue(user: User) -> list[CandidatePair]:
    """Pending pairs the user may see, most probable first; the listing is audited."""
    if not can_review(user):
        raise PermissionDenied
    with transaction.atomic():
        pairs = list(
            pairs_visible_to(user)
            .filter(status=PairStatus.PENDING)
            .select_related(
                "run", "survivor_a__compartment__organisation", "survivor_b__compartment__organisation"
            )
            .order_by("-match_probability", "id")
        )
        record_audit(user, "linkage_pair.list", "linkage.candidatepair", count=len(pairs))
    return pairs


def pair_for(user: User, pair_id: uuid.UUID | str, *, purpose: str = "read") -> CandidatePair:
    """One pair, if both survivors are visible to ``user``; the pair and both survivors' reads are audited."""
    if not can_review(user):
        raise PermissionDenied
    with transaction.atomic():
        try:
            pair = (
                pairs_visible_to(user)
                .select_related(
                    "run", "survivor_a__compartment__organisation", "survivor_b__compartment__organisation"
                )
                .get(pk=pair_id)
            )
        except (CandidatePair.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
        shown = [f for f, _label in COMPARED_FIELDS] if permissions.can_see_identity(user) else []
        record_audits(
            [
                audit_entry_for(user, f"linkage_pair.{purpose}", pair),
                audit_entry_for(user, "survivor.linkage_review", pair.survivor_a, fields=shown),
                audit_entry_for(user, "survivor.linkage_review", pair.survivor_b, fields=shown),
            ]
        )
    return pair


def next_pending_pair(user: User) -> CandidatePair | None:
    return (
        pairs_visible_to(user).filter(status=PairStatus.PENDING).order_by("-match_probability", "id").first()
    )


def latest_run_for(user: User) -> LinkageRun | None:
    """The latest run over compartments all granted to ``user`` (counts only, no records)."""
    if not can_review(user):
        return None
    granted = set(user.compartments.values_list("pk", flat=True))
    for run in LinkageRun.objects.prefetch_related("compartments")[:20]:
        if {c.pk for c in run.compartments.all()} <= granted:
            return run
    return None


@dataclass(frozen=True, slots=True)
class FieldComparison:
    """One compared field: ``agrees`` is None when either side is blank; values only for identity roles."""

    field: str
    label: Promise
    agrees: bool | None
    left: str = ""
    right: str = ""

    @property
    def state(self) -> str:
        return "missing" if self.agrees is None else ("agrees" if self.agrees else "differs")


def comparable(value: str) -> str:
    """NFC, case-folded, without spaces, hyphens or dots: 'Ri Yong-hui' and 'ri yonghui' agree."""
    text = unicodedata.normalize("NFC", value).casefold()
    return "".join(ch for ch in text if ch not in " -.·'")


def compare_pair(user: User, pair: CandidatePair) -> list[FieldComparison]:
    """Field by field, whether the two records agree; the values only for roles that see identities."""
    show = permissions.can_see_identity(user)
    return [_compare(pair.survivor_a, pair.survivor_b, name, label, show) for name, label in COMPARED_FIELDS]


def _compare(a: Survivor, b: Survivor, name: str, label: Promise, show: bool) -> FieldComparison:
    left, right = str(getattr(a, name) or ""), str(getattr(b, name) or "")
    agrees = None if not (left and right) else comparable(left) == comparable(right)
    if not show:
        return FieldComparison(name, label, agrees)
    return FieldComparison(name, label, agrees, left, right)
