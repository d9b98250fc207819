"""Writing a synthetic demo dataset (moksori.synthetic) into the store through the bulk actions.

Demo data is fictional by construction; it still goes through the same encryption and audit as
real testimonies, so a demo store behaves exactly like a real one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import models, transaction

from moksori.synthetic.model import DemoDataset, DemoEvent, DemoSurvivor
from moksori.web.accounts.models import Compartment, Organisation, Role, User
from moksori.web.audit.actions import audit_entry_for, record_audit, record_audits
from moksori.web.coding.models import Act, Actor, Event, Involvement, SourceLink
from moksori.web.testimonies.bulk import BulkResult, ConsentInput, TestimonyInput, do_bulk_import
from moksori.web.testimonies.models import Survivor
from moksori.web.vocabulary.models import Place, Term

DEMO_COMPARTMENT = "Demo cases"


@dataclass(frozen=True, slots=True)
class DemoWriteResult:
    survivors: int
    interviews: int
    events: int
    acts: int

    def summary(self) -> str:
        return (
            f"Demo data written: {self.survivors} survivors, {self.interviews} interviews, "
            f"{self.events} coded events, {self.acts} acts."
        )


def write_demo(dataset: DemoDataset, *, progress: Callable[[int], None] | None = None) -> DemoWriteResult:
    """Write the whole dataset in one transaction; ``progress`` is told of each testimony written."""
    with transaction.atomic():
        compartments = _compartments(dataset)
        interviews_of = defaultdict(list)
        for interview in dataset.interviews:
            interviews_of[interview.survivor_key].append(interview)
        consents_of = defaultdict(list)
        for consent in dataset.consents:
            consents_of[consent.survivor_key].append(consent)
        written: dict[str, BulkResult] = {}
        trajectory = _trajectory_identity(dataset)
        interviewers = _interviewer_accounts(dataset, compartments)
        by_org: dict[str, list[DemoSurvivor]] = defaultdict(list)
        for survivor in dataset.survivors:
            by_org[survivor.organisation_key].append(survivor)
        for org_key, survivors in by_org.items():
            items = [
                TestimonyInput(
                    survivor_code=s.code,
                    identity={
                        "name_hangul": s.name_hangul,
                        "name_latin": s.name_latin,
                        "birth_year": str(s.birth_year),
                        "home_province": s.home_province,
                        "contact": s.contact,
                        **trajectory.get(s.key, {}),
                    },
                    conducted_on=interview.date,
                    place=interview.place,
                    language=interview.language,
                    passages=tuple(zip(interview.passages_ko, interview.passages_en, strict=True)),
                    consents=[
                        ConsentInput(c.purpose, c.given, c.recorded_on, c.partner or "")
                        for c in consents_of[s.key]
                    ]
                    if index == 0
                    else [],
                    key=interview.key,
                    interviewer=interviewers[(s.organisation_key, interview.interviewer_index)],
                )
                for s in survivors
                for index, interview in enumerate(interviews_of[s.key])
            ]
            written[org_key] = do_bulk_import(
                items, by=None, compartment=compartments[org_key], progress=progress
            )
        events, acts = _write_coding(dataset, written, compartments)
    return DemoWriteResult(len(dataset.survivors), len(dataset.interviews), events, acts)


def _interviewer_accounts(
    dataset: DemoDataset, compartments: dict[str, Compartment]
) -> dict[tuple[str, int], str]:
    """A fictional interviewer account per organisation and interviewer number; none can log in."""
    organisation_of = {s.key: s.organisation_key for s in dataset.survivors}
    usernames = {}
    for org_key, index in sorted(
        {(organisation_of[i.survivor_key], i.interviewer_index) for i in dataset.interviews}
    ):
        compartment = compartments[org_key]
        username = f"interviewer-{org_key.lower()}-{index + 1}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"role": Role.INTERVIEWER, "organisation": compartment.organisation},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.compartments.add(compartment)
            record_audit(None, "user.create", user, fields=["role", "compartments"])
        usernames[(org_key, index)] = username
    return usernames


def _trajectory_identity(dataset: DemoDataset) -> dict[str, dict[str, str]]:
    """Year of her (first) border crossing and first place in China, as an interviewer would note them."""
    china = dict(Place.objects.filter(country_iso2="CN").values_list("id", "label_ko"))
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for event in sorted(dataset.events, key=lambda e: (e.survivor_key, e.date_start)):
        identity = found[event.survivor_key]
        if event.type == "evt_border_crossing" and "left_year" not in identity:
            identity["left_year"] = str(event.date_start.year)
        elif "left_year" in identity and "china_place" not in identity and event.place_id in china:
            identity["china_place"] = china[event.place_id] or event.place_id
    return found


def _compartments(dataset: DemoDataset) -> dict[str, Compartment]:
    result = {}
    for org in dataset.organisations:
        organisation, _ = Organisation.objects.get_or_create(
            name=org.name_en, defaults={"name_ko": org.name_ko, "kind": org.kind}
        )
        result[org.key], _ = Compartment.objects.get_or_create(
            organisation=organisation, name=DEMO_COMPARTMENT
        )
    return result


class _Terms:
    def __init__(self, dataset: DemoDataset) -> None:
        self._terms = {(t.scheme, t.code): t for t in Term.objects.all()}
        self.places = set(Place.objects.values_list("id", flat=True))
        self.demo_actors = {a.key: a for a in dataset.actors}

    def get(self, scheme: str, code: str) -> Term:
        try:
            return self._terms[(scheme, code)]
        except KeyError:
            raise LookupError(
                f"No vocabulary term {scheme}:{code}; run `moksori vocab load` first."
            ) from None


def _write_coding(
    dataset: DemoDataset, written: dict[str, BulkResult], compartments: dict[str, Compartment]
) -> tuple[int, int]:
    terms = _Terms(dataset)
    organisation_of = {s.key: s.organisation_key for s in dataset.survivors}
    actor_records: dict[tuple[str, str], Actor] = {}
    events, acts, involvements, links = [], [], [], []
    for demo_event in dataset.events:
        org_key = organisation_of[demo_event.survivor_key]
        interview = written[org_key].interviews_by_key[demo_event.interview_key]
        passage = written[org_key].passages_by_interview[str(interview.pk)][demo_event.passage_index]
        event = _event(demo_event, interview.survivor, terms)
        events.append(event)
        links.append(SourceLink(passage=passage, event=event))
        for demo_act in demo_event.acts:
            act = Act(
                event=event,
                victim=interview.survivor,
                type=terms.get(demo_act.scheme, demo_act.type),
                price_amount=demo_act.price_amount,
                price_currency=demo_act.price_currency or "",
            )
            acts.append(act)
            links.append(SourceLink(passage=passage, act=act))
            for actor_key, role in demo_act.actors:
                actor = _actor(actor_key, compartments[org_key], org_key, actor_records, terms)
                involvement = Involvement(actor=actor, act=act, role=terms.get("nkcn", role))
                involvements.append(involvement)
                links.append(SourceLink(passage=passage, involvement=involvement))
    rows: Sequence[Sequence[models.Model]] = (list(actor_records.values()), events, acts, involvements, links)
    for group in rows:
        _bulk_create_audited(group)
    return len(events), len(acts)


def _bulk_create_audited(rows: Sequence[models.Model]) -> None:
    if not rows:
        return
    model = type(rows[0])
    model._default_manager.bulk_create(rows, batch_size=500)
    record_audits([audit_entry_for(None, f"{model._meta.model_name}.create", row) for row in rows])


def _event(demo_event: DemoEvent, survivor: Survivor, terms: _Terms) -> Event:
    return Event(
        survivor=survivor,
        type=terms.get("nkcn", demo_event.type),
        date_precision=demo_event.date_precision,
        date_start=demo_event.date_start,
        date_end=demo_event.date_end,
        place_id=demo_event.place_id if demo_event.place_id in terms.places else None,
    )


def _actor(
    key: str, compartment: Compartment, org_key: str, cache: dict[tuple[str, str], Actor], terms: _Terms
) -> Actor:
    if (org_key, key) not in cache:
        demo = terms.demo_actors[key]
        cache[(org_key, key)] = Actor(
            compartment=compartment,
            label=demo.label,
            aliases="\n".join(demo.aliases),
            role=terms.get("nkcn", demo.role),
            identified=demo.identified,
        )
    return cache[(org_key, key)]
