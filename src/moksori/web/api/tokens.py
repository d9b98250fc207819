"""Issuing and revoking API tokens (audited), and the endpoints with which a script manages its own.

A token is shown once, when issued; the store keeps only its SHA-256. Issuing happens outside the
API (the command line or a signed-in page), so that a leaked token cannot mint further tokens.
"""

from __future__ import annotations

import secrets
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from moksori.web.accounts import permissions
from moksori.web.accounts.models import ApiToken, User
from moksori.web.api.auth import token_digest
from moksori.web.api.requests import acting_user
from moksori.web.api.schemas import TokenOut
from moksori.web.audit.actions import record_audit

NAME_MAX_LENGTH = 100

router = Router(tags=["tokens"])


def _check_may_manage(by: User | None, owner: User) -> None:
    if by is not None and by.pk != owner.pk and not permissions.can_manage_accounts(by):
        raise PermissionDenied


def issue_token(user: User, name: str, *, by: User | None = None) -> str:
    """A new token for ``user``, returned once; ``by`` is who issues it (None: the local operator)."""
    _check_may_manage(by, user)
    name = name.strip()
    if not name or len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Give the token a name of 1 to %(max)d characters.") % {"max": NAME_MAX_LENGTH}}
        )
    if not user.is_active:
        raise ValidationError({"user": _("This account is inactive; reactivate it before issuing a token.")})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        record = ApiToken.objects.create(user=user, name=name, token_hash=token_digest(token))
        record_audit(by, "apitoken.issue", record, fields=["user", "name"])
    return token


def revoke_token(token: ApiToken, *, by: User | None = None) -> ApiToken:
    """Revoke ``token`` from now on; revoking twice keeps the first date."""
    _check_may_manage(by, token.user)
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_audit(by, "apitoken.revoke", token, fields=["revoked_at"])
    return token


def tokens_of(user: User) -> list[ApiToken]:
    """The user's own tokens, newest first (their hashes never leave the store)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at"))


def _token_out(token: ApiToken) -> dict[str, object]:
    return {
        "id": token.pk,
        "name": token.name,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
    }


@router.get("/tokens", response=list[TokenOut], summary="Your own API tokens")
def list_own_tokens(request: HttpRequest) -> list[dict[str, object]]:
    return [_token_out(token) for token in tokens_of(acting_user(request))]


@router.post("/tokens/{token_id}/revoke", response=TokenOut, summary="Revoke one of your tokens")
def revoke_own_token(request: HttpRequest, token_id: uuid.UUID) -> dict[str, object]:
    user = acting_user(request)
    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None or (token.user_id != user.pk and not permissions.can_manage_accounts(user)):
        raise Http404
    return _token_out(revoke_token(token, by=user))
