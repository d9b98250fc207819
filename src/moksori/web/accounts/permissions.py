"""What each role may do: the one place where role decisions are written down.

Object-level visibility (which survivors a user may see) is decided in each app's queries.py, on
top of these role rules and the user's compartments.
"""

from __future__ import annotations

from moksori.web.accounts.models import Role, User

IDENTITY_ROLES = frozenset({Role.COORDINATOR, Role.INTERVIEWER, Role.LEGAL_OFFICER})
TESTIMONY_READ_ROLES = frozenset({Role.COORDINATOR, Role.INTERVIEWER, Role.CODER, Role.LEGAL_OFFICER})
TESTIMONY_WRITE_ROLES = frozenset({Role.COORDINATOR, Role.INTERVIEWER})
CODING_WRITE_ROLES = frozenset({Role.COORDINATOR, Role.CODER})
CONSENT_WRITE_ROLES = frozenset({Role.COORDINATOR, Role.INTERVIEWER})
AGGREGATE_ROLES = frozenset({Role.COORDINATOR, Role.ANALYST, Role.LEGAL_OFFICER})
ACCOUNT_ADMIN_ROLES = frozenset({Role.ADMIN})
TOTP_EXEMPT_ROLES = frozenset({Role.ANALYST})  # sees aggregates only, never a survivor's record


def _has(user: User, roles: frozenset[Role]) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


def can_see_identity(user: User) -> bool:
    """Names, birth year, home province and contacts."""
    return _has(user, IDENTITY_ROLES)


def can_read_testimonies(user: User) -> bool:
    return _has(user, TESTIMONY_READ_ROLES)


def can_write_testimonies(user: User) -> bool:
    return _has(user, TESTIMONY_WRITE_ROLES)


def can_code(user: User) -> bool:
    return _has(user, CODING_WRITE_ROLES)


def can_record_consent(user: User) -> bool:
    return _has(user, CONSENT_WRITE_ROLES)


def can_see_aggregates(user: User) -> bool:
    return _has(user, AGGREGATE_ROLES)


def can_manage_accounts(user: User) -> bool:
    return _has(user, ACCOUNT_ADMIN_ROLES)


def needs_second_factor(user: User) -> bool:
    return user.role not in TOTP_EXEMPT_ROLES
