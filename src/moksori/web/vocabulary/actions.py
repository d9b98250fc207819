"""Loading the reference vocabularies into versioned tables; terms dropped by a new version are retired."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from moksori.vocab import model as vocab
from moksori.web.accounts.models import User
from moksori.web.audit.actions import record_audit
from moksori.web.vocabulary.models import Place, Term, TermStatus, VocabularyVersion

GAZETTEER = "places"


@dataclass(frozen=True, slots=True)
class LoadResult:
    created: int
    updated: int
    retired: int
    unchanged: bool

    def summary(self) -> str:
        if self.unchanged:
            return "Vocabularies unchanged."
        return f"Vocabularies loaded: {self.created} new, {self.updated} updated, {self.retired} retired."


def do_load_vocabularies(vocabularies: vocab.VocabularySet, *, by: User | None) -> LoadResult:
    latest = VocabularyVersion.objects.filter(scheme=GAZETTEER).order_by("-loaded_at").first()
    if latest is not None and latest.content_hash == vocabularies.content_hash:
        return LoadResult(0, 0, 0, unchanged=True)
    with transaction.atomic():
        versions = {
            scheme.id: VocabularyVersion.objects.create(
                scheme=scheme.id, version=scheme.version, content_hash=vocabularies.content_hash
            )
            for scheme in vocabularies.schemes
        }
        versions[GAZETTEER] = VocabularyVersion.objects.create(
            scheme=GAZETTEER, version="1", content_hash=vocabularies.content_hash
        )
        created, updated, retired = _load_terms(vocabularies, versions)
        places_created, places_updated = _load_places(vocabularies, versions[GAZETTEER])
        record_audit(by, "vocabulary.load", "vocabulary.term", count=created + updated + places_created)
    return LoadResult(created + places_created, updated + places_updated, retired, unchanged=False)


def _load_terms(
    vocabularies: vocab.VocabularySet, versions: dict[str, VocabularyVersion]
) -> tuple[int, int, int]:
    existing = {(t.scheme, t.group, t.code): t for t in Term.objects.all()}
    new, changed = [], []
    for item in vocabularies.terms:
        values = {
            "label_en": item.label_en,
            "label_ko": item.label_ko,
            "label_zh": item.label_zh or "",
            "definition": item.definition or "",
            "status": item.status,
            "version": versions[item.scheme],
            "mappings": [list(pair) for pair in item.mappings],
        }
        term = existing.pop((item.scheme, item.group, item.code), None)
        if term is None:
            new.append(Term(scheme=item.scheme, group=item.group, code=item.code, **values))
        else:
            for name, value in values.items():
                setattr(term, name, value)
            changed.append(term)
    Term.objects.bulk_create(new, batch_size=500)
    Term.objects.bulk_update(
        changed,
        ["label_en", "label_ko", "label_zh", "definition", "status", "version", "mappings"],
        batch_size=500,
    )
    gone = [term.pk for term in existing.values() if term.status != TermStatus.RETIRED]
    Term.objects.filter(pk__in=gone).update(status=TermStatus.RETIRED)
    return len(new), len(changed), len(gone)


def _load_places(vocabularies: vocab.VocabularySet, version: VocabularyVersion) -> tuple[int, int]:
    existing = set(Place.objects.values_list("id", flat=True))
    rows = [
        Place(
            id=p.id,
            parent_id=None,
            level=p.level,
            country_iso2=p.country_iso2,
            label_en=p.name_en,
            label_ko=p.name_ko or p.name_ko_sk or "",
            name_zh=p.name_zh or "",
            pinyin=p.pinyin or "",
            latitude=p.lat,
            longitude=p.lon,
            status=TermStatus.ACTIVE,
            version=version,
        )
        for p in vocabularies.places
    ]
    Place.objects.bulk_create([r for r in rows if r.id not in existing], batch_size=500)
    Place.objects.bulk_update(
        [r for r in rows if r.id in existing],
        [
            "level",
            "country_iso2",
            "label_en",
            "label_ko",
            "name_zh",
            "pinyin",
            "latitude",
            "longitude",
            "status",
            "version",
        ],
        batch_size=500,
    )
    parents = {p.id: p.parent_id for p in vocabularies.places if p.parent_id}
    for place_id, parent_id in parents.items():
        Place.objects.filter(pk=place_id).update(parent_id=parent_id)
    known = {p.id for p in vocabularies.places}
    Place.objects.exclude(pk__in=known).update(status=TermStatus.RETIRED)
    return len(rows) - len(existing & known), len(existing & known)
