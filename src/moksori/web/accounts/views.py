"""Login with password then TOTP, second-factor set-up, logout and the home page."""

from __future__ import annotations

from typing import cast

from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from moksori.web.accounts import permissions
from moksori.web.accounts.decorators import (
    login_and_second_factor_required,
    login_required_only,
    second_factor_redirect,
)
from moksori.web.accounts.forms import LoginForm, TotpCodeForm
from moksori.web.accounts.models import User
from moksori.web.accounts.second_factor import (
    do_confirm_enrolment,
    do_verify_code,
    enrolment_device,
    has_confirmed_device,
    qr_code_svg,
    still_needs_second_factor,
)

NEXT_SESSION_KEY = "moksori_next"


def _safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return None


def _after_verified(request: HttpRequest) -> HttpResponse:
    target = _safe_next(request, request.session.pop(NEXT_SESSION_KEY, None))
    return redirect(target or "accounts:home")


@login_and_second_factor_required
def home(request: HttpRequest) -> HttpResponse:
    """What this user may do, as links; analysts and administrators land here too."""
    user = cast(User, request.user)
    context = {
        "can_read_testimonies": permissions.can_read_testimonies(user),
        "can_write_testimonies": permissions.can_write_testimonies(user),
        "can_see_aggregates": permissions.can_see_aggregates(user),
        "can_manage_accounts": permissions.can_manage_accounts(user),
    }
    return render(request, "accounts/home.html", context)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """Step one: user name and password (django-axes counts failures and locks out)."""
    next_url = _safe_next(request, request.GET.get("next") or request.POST.get("next"))
    if request.user.is_authenticated and not still_needs_second_factor(request.user):
        return redirect(next_url or "accounts:home")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user)
        if next_url:
            request.session[NEXT_SESSION_KEY] = next_url
        if still_needs_second_factor(user):
            return second_factor_redirect(user)
        return _after_verified(request)
    return render(request, "accounts/login.html", {"form": form, "next": next_url or ""})


@sensitive_post_parameters("token")
@never_cache
@login_required_only
@require_http_methods(["GET", "POST"])
def totp_verify(request: HttpRequest) -> HttpResponse:
    """Step two for users with a device: a code from the authenticator app."""
    user = cast(User, request.user)
    if not still_needs_second_factor(user):
        return _after_verified(request)
    if not has_confirmed_device(user):
        return redirect("accounts:totp-setup")
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if do_verify_code(request, user, form.cleaned_data["token"]):
            return _after_verified(request)
        form.add_error("token", TotpCodeForm.wrong_code_message())
    return render(request, "accounts/totp_verify.html", {"form": form})


@sensitive_post_parameters("token")
@never_cache
@login_required_only
@require_http_methods(["GET", "POST"])
def totp_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in of a TOTP role: scan the QR code, confirm one code, and be verified."""
    user = cast(User, request.user)
    if not still_needs_second_factor(user):
        return _after_verified(request)
    if has_confirmed_device(user):
        # A password alone must never enrol a second device: that would bypass the first one.
        return redirect("accounts:totp-verify")
    device = enrolment_device(user)
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if do_confirm_enrolment(request, user, device, form.cleaned_data["token"]):
            return _after_verified(request)
        form.add_error("token", TotpCodeForm.wrong_code_message())
    uri = device.config_url
    context = {"form": form, "otpauth_uri": uri, "qr_svg": qr_code_svg(uri)}
    return render(request, "accounts/totp_setup.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")
