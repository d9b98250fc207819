"""What every endpoint needs from its request: the user the bearer token belongs to."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from moksori.web.accounts.models import User


def acting_user(request: HttpRequest) -> User:
    """The authenticated user (set by the token check); anything else is refused."""
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied
    return user
