"""Guarding views: a logged-in user, verified by TOTP when the role needs it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from moksori.web.accounts.models import User
from moksori.web.accounts.second_factor import has_confirmed_device, still_needs_second_factor

View = Callable[..., HttpResponse]


def second_factor_redirect(user: User) -> HttpResponse:
    """Where an unverified user goes: the code page if a device exists, else set-up."""
    if has_confirmed_device(user):
        return redirect("accounts:totp-verify")
    return redirect("accounts:totp-setup")


def login_and_second_factor_required(view: View) -> View:
    """Anonymous users go to the login page; unverified users of TOTP roles to the second factor."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        user = request.user
        if still_needs_second_factor(user):
            return second_factor_redirect(user)
        return view(request, *args, **kwargs)

    return guarded


def login_required_only(view: View) -> View:
    """For the second-factor pages themselves: logged in by password, not yet verified."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return guarded
