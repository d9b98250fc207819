"""Bearer-token authentication for scripts: only the SHA-256 of a token is ever stored.

A token is 32 random bytes (``secrets.token_urlsafe(32)``), so a plain SHA-256 is enough: unlike a
password or a Korean name, it cannot be guessed from a list. Failed attempts are counted per client
address, and a client that keeps failing is refused for a while before its token is even looked up.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import Throttled
from ninja.security import HttpBearer

from moksori.web.accounts.models import ApiToken, User

FAILURE_LIMIT = 20
FAILURE_WINDOW_SECONDS = 600
MAX_TOKEN_LENGTH = 200  # a real token has 43 characters; longer input is refused before hashing
LAST_USED_PRECISION = timedelta(minutes=1)  # spare the store one write per request


def token_digest(token: str) -> str:
    """The stored form of a token: its SHA-256, as 64 hex digits."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def user_for_token(token: str) -> User | None:
    """The active user a live token belongs to, or None; marks the token as used."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    digest = token_digest(token)
    found = ApiToken.objects.select_related("user").filter(token_hash=digest).first()
    if found is None or not hmac.compare_digest(found.token_hash, digest):
        return None
    if found.revoked_at is not None or not found.user.is_active:
        return None
    _mark_used(found)
    return found.user


def _mark_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def _failure_key(request: HttpRequest) -> str:
    address = str(request.META.get("REMOTE_ADDR", ""))
    return "moksori.api.token-failures." + hashlib.sha256(address.encode()).hexdigest()[:32]


def failures_from(request: HttpRequest) -> int:
    """How many failed token attempts this client made in the current window."""
    return int(cache.get(_failure_key(request), 0))


def _count_failure(request: HttpRequest) -> None:
    key = _failure_key(request)
    if not cache.add(key, 1, FAILURE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, FAILURE_WINDOW_SECONDS)


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``; sets ``request.user`` to the token's owner."""

    def __call__(self, request: HttpRequest) -> User | None:
        # ninja's own parsing logs a malformed header (a password, a token) when DEBUG is on.
        scheme, _, token = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not token:
            return None
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if failures_from(request) >= FAILURE_LIMIT:
            raise Throttled(wait=FAILURE_WINDOW_SECONDS)
        user = user_for_token(token.strip())
        if user is None:
            _count_failure(request)
            return None
        request.user = user
        return user
