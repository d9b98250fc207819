"""Shared demo data for the corroboration tests: a generated dataset with some survivors retold elsewhere."""

from __future__ import annotations

import pytest

from moksori.analysis.corroboration import Evidence, PlaceResolver
from moksori.analysis.corroboration.synthetic import records_from_demo
from moksori.synthetic.generator import generate_demo
from moksori.synthetic.retold import RetoldDemo, retell_in_other_organisations
from moksori.vocab.reader import read_places


@pytest.fixture(scope="session")
def places() -> PlaceResolver:
    return PlaceResolver(read_places())


@pytest.fixture(scope="session")
def retold() -> RetoldDemo:
    return retell_in_other_organisations(generate_demo(300, seed=3), 12, seed=3)


@pytest.fixture(scope="session")
def evidence(retold: RetoldDemo, places: PlaceResolver) -> Evidence:
    """Retold survivors linked to their first testimony, as a reviewed linkage run would."""
    events, actors = records_from_demo(retold.dataset, retold.same_person)
    return Evidence.build(events, actors, places)


@pytest.fixture(scope="session")
def unlinked(retold: RetoldDemo, places: PlaceResolver) -> Evidence:
    """The same testimonies before linkage: every survivor row is its own source."""
    events, actors = records_from_demo(retold.dataset)
    return Evidence.build(events, actors, places)
