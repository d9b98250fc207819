"""Fixtures of the web tests: vocabularies, users of every role, and a small world of cases.

The world has one survivor with an interview, a consent and a coded event in the users' own
compartment and the same in a foreign one, with marker identity values planted to catch leaks.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from moksori.vocab.reader import read_vocabularies
from moksori.web.accounts.models import Compartment, User
from moksori.web.vocabulary.actions import do_load_vocabularies

from .support import PASSWORD, World, make_case


@pytest.fixture
def vocabularies(db: None) -> None:
    do_load_vocabularies(read_vocabularies(), by=None)


@pytest.fixture
def user_factory(compartment: Compartment) -> Callable[..., User]:
    def make(role: str, *compartments: Compartment, username: str | None = None) -> User:
        user = User.objects.create_user(username=username or f"{role}-web", password=PASSWORD, role=role)
        user.compartments.set(compartments or (compartment,))
        return user

    return make


@pytest.fixture
def world(vocabularies: None, compartment: Compartment, other_compartment: Compartment) -> World:
    return World(own=make_case(compartment, "S-OWN-1"), foreign=make_case(other_compartment, "S-FOREIGN-1"))
