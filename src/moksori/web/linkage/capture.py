"""From a linkage run in the store to capture histories by organisation, as consent allows.

A capture history is a statistic, so only women whose consent to aggregate statistics is in force are
counted, and a woman counts only if that consent holds in every organisation's file of her (one
withdrawal withdraws her everywhere, as for claims). The table holds counts only, never identities.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from moksori.analysis.linkage.capture import CaptureHistories, capture_histories
from moksori.web.accounts.models import User
from moksori.web.audit.actions import record_audit
from moksori.web.linkage.models import LinkageRun, SurvivorCluster
from moksori.web.testimonies.actions import consent_in_force
from moksori.web.testimonies.models import ConsentPurpose, Survivor


def store_capture_histories(run: LinkageRun, *, by: User | None) -> tuple[CaptureHistories, int]:
    """Capture histories over organisations for ``run``'s persons, and how many persons consent left out.

    The read is audited as "linkage.capture" with the number of survivor records it counted.
    """
    with transaction.atomic():
        rows = list(SurvivorCluster.objects.filter(run=run).values_list("survivor_id", "cluster"))
        survivors = {
            s.pk: s
            for s in Survivor.objects.filter(pk__in=[survivor for survivor, _ in rows])
            .select_related("compartment__organisation")
            .prefetch_related("consents")
        }
        members: dict[int, list[Survivor]] = defaultdict(list)
        for survivor_id, cluster in rows:
            members[cluster].append(survivors[survivor_id])
        counted = {
            cluster: women
            for cluster, women in members.items()
            if all(consent_in_force(s, ConsentPurpose.AGGREGATE_STATISTICS) for s in women)
        }
        sources = [s.compartment.organisation.name for women in counted.values() for s in women]
        clusters = [cluster for cluster, women in counted.items() for _ in women]
        record_audit(by, "linkage.capture", run, count=len(sources))
    return capture_histories(sources, clusters), len(members) - len(counted)
