"""The second factor (TOTP): who still needs it, enrolling a first device, and verifying a code.

A user whose role needs a second factor is logged in after the password step but is not
*verified*; until a TOTP code is accepted, every page but set-up and verification redirects.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from moksori.web.accounts import permissions
from moksori.web.accounts.models import User
from moksori.web.audit.actions import record_audit

ENROLMENT_DEVICE_NAME = "default"


def second_factor_required() -> bool:
    """False only when an administrator turned TOTP off (MOKSORI_REQUIRE_TOTP=0) on a test machine."""
    return bool(getattr(settings, "MOKSORI_REQUIRE_TOTP", True))


def is_verified(user: User) -> bool:
    """Whether this request's user passed the second factor (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def still_needs_second_factor(user: User) -> bool:
    """A logged-in user whose role needs TOTP and who has not given a code in this session."""
    return second_factor_required() and permissions.needs_second_factor(user) and not is_verified(user)


def has_confirmed_device(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up; made once, so reloading the page keeps the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=ENROLMENT_DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(uri: str) -> SafeString:
    """The otpauth URI as an inline SVG QR code, made here: the secret never leaves the server."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, border=2, svgclass="qr", lineclass="qr-line", dark="#000"
    )
    return mark_safe(svg)  # noqa: S308  segno writes only its own path markup, no user text


def do_confirm_enrolment(request: HttpRequest, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm the first code of a new device, then mark this session verified; audited."""
    if device.user_id != user.pk or device.confirmed:
        return False
    with transaction.atomic():
        if not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_audit(user, "totp.enrol", device)
    otp_login(request, device)
    return True


def do_verify_code(request: HttpRequest, user: User, token: str) -> bool:
    """Check a code against the user's confirmed devices; on success the session is verified."""
    with transaction.atomic():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(token):
                record_audit(user, "totp.verify", device)
                otp_login(request, device)
                return True
    return False
