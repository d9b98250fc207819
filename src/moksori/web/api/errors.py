"""Turning errors into API responses that name the field and the fix, and never echo what was sent.

Pydantic's errors carry the offending input (``input``, ``ctx``): for a name or a transcript that
would send personal data back into logs and proxies, so only the location and message are kept.
Django messages that interpolate the value itself are replaced by a generic one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

NON_FIELD = "__all__"
LOCATIONS = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})
BODY_PARAMETER = "payload"  # every endpoint names its body parameter so; it is not a field
GENERIC_VALUE_MESSAGE = gettext_lazy("This value is not valid here; see the API schema for what is accepted.")


def field_of(location: Sequence[Any]) -> str:
    """A dotted field name from a pydantic location such as ("body", "payload", "passages", 0, "text")."""
    parts = list(location)
    if parts and parts[0] in LOCATIONS:
        parts = parts[1:]
        if parts and parts[0] == BODY_PARAMETER:
            parts = parts[1:]
    return ".".join(str(part) for part in parts) or NON_FIELD


def request_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Field and message of each request error; the submitted values are dropped."""
    return [
        {"field": field_of(error.get("loc", ())), "message": str(error.get("msg", ""))} for error in errors
    ]


def _safe_message(error: DjangoValidationError) -> str:
    params = error.params or {}
    if "value" in params:
        return str(GENERIC_VALUE_MESSAGE)
    message = str(error.message)
    return message % params if params else message


def action_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    """Field and message of each error an action raised, values never interpolated."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": _safe_message(error)}
            for field, errors in exc.error_dict.items()
            for error in errors
        ]
    return [{"field": NON_FIELD, "message": _safe_message(error)} for error in exc.error_list]


def _summary(errors: list[dict[str, str]]) -> str:
    fields = sorted({error["field"] for error in errors})
    return _("Check these fields and send again: %(fields)s.") % {"fields": ", ".join(fields)}


def install_error_handlers(api: NinjaAPI) -> None:
    """Map PermissionDenied to 403, Http404 to 404 and validation errors to 422."""

    def denied(request: HttpRequest, exc: object) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("You may not do this with your role or compartments.")}, status=403
        )

    def not_found(request: HttpRequest, exc: object) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found, or not visible to you.")}, status=404)

    def invalid_request(request: HttpRequest, exc: object) -> HttpResponse:
        errors = request_errors(exc.errors if isinstance(exc, NinjaValidationError) else ())
        return api.create_response(request, {"detail": _summary(errors), "errors": errors}, status=422)

    def invalid_action(request: HttpRequest, exc: object) -> HttpResponse:
        errors = action_errors(exc) if isinstance(exc, DjangoValidationError) else []
        return api.create_response(request, {"detail": _summary(errors), "errors": errors}, status=422)

    def unauthenticated(request: HttpRequest, exc: object) -> HttpResponse:
        response = api.create_response(
            request,
            {"detail": _("Send a valid, unrevoked token: Authorization: Bearer <token>.")},
            status=401,
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    api.add_exception_handler(PermissionDenied, denied)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(NinjaValidationError, invalid_request)
    api.add_exception_handler(DjangoValidationError, invalid_action)
    api.add_exception_handler(AuthenticationError, unauthenticated)
