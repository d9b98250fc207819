"""Fixtures shared by the Django-side tests: organisations, compartments and users of every role."""

from __future__ import annotations

import pytest

from moksori.web.accounts.models import Compartment, Organisation, Role, User


@pytest.fixture
def organisation(db: None) -> Organisation:
    return Organisation.objects.create(name="Test NGO", name_ko="시험 단체")


@pytest.fixture
def compartment(organisation: Organisation) -> Compartment:
    return Compartment.objects.create(organisation=organisation, name="Seoul cases")


@pytest.fixture
def other_compartment(organisation: Organisation) -> Compartment:
    return Compartment.objects.create(organisation=organisation, name="Bangkok cases")


def make_user(role: str, *compartments: Compartment, username: str | None = None) -> User:
    user = User.objects.create_user(username=username or f"{role}-user", password="correct horse battery 1",
                                    role=role)
    user.compartments.set(compartments)
    return user


@pytest.fixture
def interviewer(compartment: Compartment) -> User:
    return make_user(Role.INTERVIEWER, compartment)


@pytest.fixture
def coder(compartment: Compartment) -> User:
    return make_user(Role.CODER, compartment)
