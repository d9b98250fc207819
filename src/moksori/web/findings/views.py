"""Findings pages: call queries, present the results, render. Nothing else."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from moksori.analysis.stats.claims import ClaimResult
from moksori.web.accounts.decorators import login_and_second_factor_required
from moksori.web.accounts.models import User
from moksori.web.findings import queries
from moksori.web.findings.allegations import present_allegation
from moksori.web.findings.figures import Finding, present


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _present(user: User, result: ClaimResult) -> Finding:
    threshold = queries.SMALL_CELL_THRESHOLD if queries.suppresses_small_cells(user) else None
    written = queries.claim_definition(result.name).description
    return present(result, written_description=written, threshold=threshold)


@login_and_second_factor_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every built-in claim with its interval and a chart drawn on the server."""
    user = _user(request)
    if not queries.can_see_findings(user):
        raise PermissionDenied
    findings = [_present(user, result) for result in queries.all_findings(user)]
    context = {
        "findings": findings,
        "threshold": queries.SMALL_CELL_THRESHOLD,
        "suppressing": queries.suppresses_small_cells(user),
    }
    return render(request, "findings/dashboard.html", context)


@login_and_second_factor_required
@require_GET
def claim_detail(request: HttpRequest, name: str) -> HttpResponse:
    """A claim's interval, caveats and fingerprint; the passages behind it for roles that read them."""
    user = _user(request)
    if not queries.can_see_findings(user):
        raise PermissionDenied
    claim = queries.claim_definition(name)
    result = queries.finding(user, name)
    behind = queries.passages_behind(user, claim, result) if queries.can_read_passages_behind(user) else None
    context = {
        "finding": _present(user, result),
        "behind": behind,
        "threshold": queries.SMALL_CELL_THRESHOLD,
        "suppressing": queries.suppresses_small_cells(user),
    }
    return render(request, "findings/claim.html", context)


@login_and_second_factor_required
@require_GET
def allegation_list(request: HttpRequest) -> HttpResponse:
    """Every shipped allegation with its count of independent sources and of contradictions."""
    user = _user(request)
    if not queries.can_see_findings(user):
        raise PermissionDenied
    views = [present_allegation(result, details=False) for result in queries.allegations(user)]
    return render(request, "findings/allegations.html", {"allegations": views})


@login_and_second_factor_required
@require_GET
def allegation_detail(request: HttpRequest, name: str) -> HttpResponse:
    """An allegation's sources and contradictions; source rows, details and passages for allowed roles."""
    user = _user(request)
    if not queries.can_see_findings(user):
        raise PermissionDenied
    result = queries.allegation(user, name)
    details = queries.can_read_passages_behind(user)
    testimonies = {t for source in result.sources for t in source.testimonies}
    codes = queries.survivor_codes(user, testimonies) if details else {}
    context = {
        "allegation": present_allegation(result, details=details, codes=codes),
        "details": details,
        "behind": queries.allegation_passages(user, result) if details else None,
    }
    return render(request, "findings/allegation.html", context)
