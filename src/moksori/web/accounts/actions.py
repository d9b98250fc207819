"""Creating users and their second factor; every change of an account is audited."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from moksori.web.accounts import permissions
from moksori.web.accounts.models import Compartment, Organisation, Role, User
from moksori.web.audit.actions import record_audit


def do_create_user(
    *,
    username: str,
    role: str,
    password: str,
    organisation_name: str,
    compartment_names: list[str],
    by: User | None = None,
    all_compartments: bool = False,
) -> tuple[User, TOTPDevice | None]:
    """A user with role and compartments; a confirmed TOTP device when the role needs a second factor."""
    if role not in Role.values:
        raise ValidationError(
            {"role": _("Unknown role; use one of %(roles)s.") % {"roles": ", ".join(Role.values)}}
        )
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("This user exists already.")})
    user = User(username=username, role=role)
    validate_password(password, user)
    with transaction.atomic():
        organisation, _created = Organisation.objects.get_or_create(name=organisation_name)
        user.organisation = organisation
        user.set_password(password)
        user.save(force_insert=True)
        compartments = [
            Compartment.objects.get_or_create(organisation=organisation, name=name)[0]
            for name in compartment_names
        ]
        if all_compartments:
            compartments += list(Compartment.objects.exclude(pk__in=[c.pk for c in compartments]))
        user.compartments.set(compartments)
        device = None
        if permissions.needs_second_factor(user):
            device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
        record_audit(by, "user.create", user, fields=["role", "compartments", "totp"])
    return user, device
