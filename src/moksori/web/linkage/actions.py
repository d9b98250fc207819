"""Every write of linkage: a run over the store, and a reviewer's decision on a pair; each audited.

``do_run_linkage`` reads (and audits reading) the survivors, links them outside any transaction (the
model takes seconds and must not hold the store's write lock), then writes the run, its clusters and
its review pairs with their audit entry in one transaction. Decided pairs of earlier runs are reused
as labels (see :mod:`moksori.web.linkage.labels`) and are not queued again.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moksori.analysis.linkage.model import link_records
from moksori.analysis.linkage.normalise import LinkageInputError
from moksori.analysis.linkage.result import LinkageResult
from moksori.analysis.linkage.settings import LinkageSettings
from moksori.web.accounts.models import Compartment, User
from moksori.web.audit.actions import audit_entry_for, record_audit, record_audits
from moksori.web.linkage import queries
from moksori.web.linkage.labels import Labels, apply_labels
from moksori.web.linkage.models import DECISIONS, CandidatePair, LinkageRun, PairStatus, SurvivorCluster
from moksori.web.linkage.store_rows import READ_FIELDS, linkage_rows
from moksori.web.testimonies.models import Survivor
from moksori.web.testimonies.queries import ensure_compartment_granted, survivors_visible_to

logger = logging.getLogger(__name__)

Linker = Callable[[Iterable[Mapping[str, str | None]], LinkageSettings], LinkageResult]
PairKey = tuple[str, str]  # survivor ids, smaller first
# An organisation may hold one woman in two compartments, so records of one source are compared too.
WEB_SETTINGS = LinkageSettings(one_record_per_source=False, file_label="store")


def pair_key(a: object, b: object) -> PairKey:
    x, y = str(a), str(b)
    return (x, y) if x < y else (y, x)


def do_run_linkage(
    *,
    by: User | None,
    compartments: Sequence[Compartment],
    settings: LinkageSettings = WEB_SETTINGS,
    linker: Linker = link_records,
) -> LinkageRun:
    """Link the survivors of ``compartments`` visible to ``by``; store persons and pairs for review.

    ``by=None`` is the holder of the store's key at the command line (as for imports): every
    compartment is open to her, and the audit entries name no user.
    """
    _check_runner(by, compartments)
    survivors = _read_survivors(by, compartments)
    result = _link(survivors, settings, linker)
    labels = decided_labels([str(s.pk) for s in survivors])
    with transaction.atomic():
        run = _store_run(by, compartments, result)
        _store_clusters(run, result, labels)
        _store_review_pairs(run, result, labels)
        record_audit(by, "linkage.run", run, count=run.n_records)
    return run


def _check_runner(by: User | None, compartments: Sequence[Compartment]) -> None:
    if by is not None and not queries.can_run(by):
        raise PermissionDenied
    if not compartments:
        raise ValidationError({"compartments": _("Choose at least one compartment to link.")})
    for compartment in compartments:
        if by is not None:
            ensure_compartment_granted(by, compartment)


def _read_survivors(by: User | None, compartments: Sequence[Compartment]) -> list[Survivor]:
    """The survivors to link; reading their identity fields is audited, one entry per survivor."""
    visible = Survivor.objects.all() if by is None else survivors_visible_to(by)
    with transaction.atomic():
        survivors = list(
            visible.filter(compartment__in=compartments)
            .select_related("compartment__organisation")
            .order_by("id")
        )
        record_audits(
            [audit_entry_for(by, "survivor.linkage_read", s, fields=READ_FIELDS) for s in survivors]
        )
    if len(survivors) < 2:
        raise ValidationError(_("Linkage needs at least two survivors in the chosen compartments."))
    return survivors


def _link(survivors: list[Survivor], settings: LinkageSettings, linker: Linker) -> LinkageResult:
    try:
        return linker(linkage_rows(survivors), settings)
    except (LinkageInputError, ValueError) as error:  # messages name row and column, never a value
        raise ValidationError(
            _("Linkage could not read the store's records: %(reason)s") % {"reason": error}
        ) from None
    except Exception as error:  # the model's training errors: type only, no data
        logger.warning("linkage run failed: %s", type(error).__name__)
        raise ValidationError(
            _(
                "The linkage model could not be trained on these %(count)d records (%(error_type)s). "
                "It needs a few hundred records with several identity fields."
            )
            % {"count": len(survivors), "error_type": type(error).__name__}
        ) from None


def decided_labels(survivor_ids: Sequence[str]) -> dict[PairKey, str]:
    """The latest decision (accepted / rejected / unsure) on each pair of these survivors."""
    ids = {uuid.UUID(i) for i in survivor_ids}
    decided = (
        CandidatePair.objects.filter(status__in=DECISIONS, survivor_a__in=ids, survivor_b__in=ids)
        .order_by("decided_at")
        .values_list("survivor_a_id", "survivor_b_id", "status")
    )
    return {pair_key(a, b): status for a, b, status in decided}


def _store_run(by: User | None, compartments: Sequence[Compartment], result: LinkageResult) -> LinkageRun:
    run = LinkageRun.objects.create(
        run_by=by,
        settings=result.settings.to_dict(),
        summary=result.to_dict(),
        seed=result.seed,
        match_threshold=result.match_threshold,
        review_threshold=result.review_threshold,
        n_records=result.n_records,
    )
    run.compartments.set(compartments)
    return run


def _store_clusters(run: LinkageRun, result: LinkageResult, labels: dict[PairKey, str]) -> None:
    model_clusters = {record_id: cluster for (_source, record_id), cluster in result.clusters().items()}
    matches = [
        (result.records[p.left][1], result.records[p.right][1], p.match_probability)
        for p in result.pairs
        if p.match_probability >= result.match_threshold
    ]
    accepted = tuple(k for k, status in labels.items() if status == PairStatus.ACCEPTED)
    rejected = tuple(k for k, status in labels.items() if status == PairStatus.REJECTED)
    sources = {record_id: source for source, record_id in result.records}
    labelled = apply_labels(
        model_clusters,
        matches,
        Labels(accepted, rejected),
        source_of=sources if result.settings.one_record_per_source else None,
    )
    SurvivorCluster.objects.bulk_create(
        SurvivorCluster(run=run, survivor_id=record_id, cluster=cluster)
        for record_id, cluster in labelled.cluster_of.items()
    )
    run.n_clusters = labelled.n_clusters
    run.n_accepted_labels, run.n_rejected_labels = len(accepted), len(rejected)
    run.n_label_conflicts = labelled.conflicts
    run.save(update_fields=["n_clusters", "n_accepted_labels", "n_rejected_labels", "n_label_conflicts"])


def _store_review_pairs(run: LinkageRun, result: LinkageResult, labels: dict[PairKey, str]) -> None:
    """Queue this run's uncertain pairs not yet decided; earlier pending pairs of these survivors retire."""
    ids = [uuid.UUID(record_id) for _source, record_id in result.records]
    CandidatePair.objects.filter(status=PairStatus.PENDING, survivor_a__in=ids, survivor_b__in=ids).exclude(
        run=run
    ).update(status=PairStatus.SUPERSEDED)
    queued: dict[PairKey, float] = {}
    for p in result.review_pairs():
        key = pair_key(result.records[p.left][1], result.records[p.right][1])
        if key not in labels and key[0] != key[1]:
            queued[key] = max(p.match_probability, queued.get(key, 0.0))
    CandidatePair.objects.bulk_create(
        CandidatePair(run=run, survivor_a_id=a, survivor_b_id=b, match_probability=probability)
        for (a, b), probability in queued.items()
    )
    run.n_review_pairs = len(queued)
    run.save(update_fields=["n_review_pairs"])


def do_decide_pair(pair: CandidatePair, *, by: User, decision: str) -> CandidatePair:
    """Record a reviewer's decision on a pair (a later decision replaces an earlier one, both audited)."""
    if not queries.can_decide(by):
        raise PermissionDenied
    if not queries.pairs_visible_to(by).filter(pk=pair.pk).exists():
        raise PermissionDenied
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose accepted, rejected or unsure.")})
    with transaction.atomic():
        pair.status = decision
        pair.decided_by = by
        pair.decided_at = timezone.now()
        pair.save(update_fields=["status", "decided_by", "decided_at"])
        record_audit(by, f"linkage_pair.{decision}", pair, fields=["status"])
    return pair
