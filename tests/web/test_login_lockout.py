"""Repeated failed logins lock the account out (django-axes), even for the right password afterwards."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from moksori.web.accounts.models import Compartment, Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _log_in(client: Client, password: str) -> int:
    response = client.post("/login/", {"username": "locked-user", "password": password})
    return response.status_code


def test_the_right_password_is_refused_after_too_many_failures(compartment: Compartment) -> None:
    make_user(Role.CODER, compartment, username="locked-user")
    client = Client(REMOTE_ADDR="127.0.0.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert _log_in(client, "wrong password every time") in (200, 403, 429)
    assert _log_in(client, "correct horse battery 1") in (403, 429)
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_logs_in(compartment: Compartment) -> None:
    make_user(Role.CODER, compartment, username="locked-user")
    client = Client(REMOTE_ADDR="127.0.0.10")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, "wrong password")
    assert _log_in(client, "correct horse battery 1") == 302
