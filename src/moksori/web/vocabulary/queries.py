"""Looking up vocabulary terms and places for coding."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from moksori.web.vocabulary.models import Place, Term, TermStatus


def term_by_code(scheme: str, code: str, *, group: str | None = None) -> Term:
    """An active term; a retired one stays readable in old records but takes no new codes."""
    terms = Term.objects.filter(scheme=scheme, code=code)
    if group:
        terms = terms.filter(group=group)
    term = terms.first()
    if term is None:
        # A vocabulary code is no personal data; naming it shows at once which one was mistyped.
        raise ValidationError(
            {
                "type": _("No term '%(code)s' in vocabulary '%(scheme)s'; run `moksori vocab load`.")
                % {"code": code, "scheme": scheme}
            }
        )
    if term.status == TermStatus.RETIRED:
        raise ValidationError(
            {"type": _("The term '%(code)s' is retired; choose a current one.") % {"code": code}}
        )
    return term


def codable_terms(scheme: str, group: str) -> QuerySet[Term]:
    return Term.objects.filter(scheme=scheme, group=group, status=TermStatus.ACTIVE)


def places_for_coding() -> QuerySet[Place]:
    return Place.objects.filter(status=TermStatus.ACTIVE)
