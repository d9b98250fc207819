"""Linkage review pages: parse the request, call queries and do_* actions, render. Nothing else."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_POST

from moksori.web.accounts import permissions
from moksori.web.accounts.decorators import login_and_second_factor_required
from moksori.web.accounts.models import User
from moksori.web.linkage import actions, queries
from moksori.web.linkage.forms import DecisionForm, RunLinkageForm
from moksori.web.linkage.models import CandidatePair
from moksori.web.testimonies.queries import compartments_of


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_and_second_factor_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Pending pairs, most probable first, by survivor code; the run form for coordinators."""
    user = _user(request)
    pairs = queries.review_queue(user)
    context = {
        "pairs": pairs,
        "latest_run": queries.latest_run_for(user),
        "can_run": queries.can_run(user),
        "run_form": RunLinkageForm(compartments=compartments_of(user)) if queries.can_run(user) else None,
    }
    return render(request, "linkage/queue.html", context)


@sensitive_variables()
@login_and_second_factor_required
@require_POST
def run_linkage(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require(queries.can_run(user))
    form = RunLinkageForm(request.POST, compartments=compartments_of(user))
    if not form.is_valid():
        messages.error(request, _("Choose compartments granted to you."))
        return redirect("linkage:review-queue")
    try:
        run = actions.do_run_linkage(by=user, compartments=form.chosen())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Linked %(records)d records into %(persons)d persons; %(pairs)d pairs to review.")
            % {"records": run.n_records, "persons": run.n_clusters, "pairs": run.n_review_pairs},
        )
    return redirect("linkage:review-queue")


def _pair_context(user: User, pair: CandidatePair, form: DecisionForm | None = None) -> dict[str, object]:
    return {
        "pair": pair,
        "fields": queries.compare_pair(user, pair),
        "show_identity": permissions.can_see_identity(user),
        "can_decide": queries.can_decide(user),
        "form": form,
    }


@sensitive_variables()
@login_and_second_factor_required
@require_GET
def pair_detail(request: HttpRequest, pair_id: uuid.UUID) -> HttpResponse:
    """Two records side by side; differing fields marked; decision buttons for coordinators."""
    user = _user(request)
    pair = queries.pair_for(user, pair_id)
    return render(request, "linkage/pair.html", _pair_context(user, pair))


@sensitive_variables()
@login_and_second_factor_required
@require_POST
def pair_decide(request: HttpRequest, pair_id: uuid.UUID) -> HttpResponse:
    """Accept, reject or mark unsure; then the next pending pair (or, under htmx, the updated panel)."""
    user = _user(request)
    pair = queries.pair_for(user, pair_id, purpose="decide")
    _require(queries.can_decide(user))
    form = DecisionForm(request.POST)
    if form.is_valid():
        actions.do_decide_pair(pair, by=user, decision=form.cleaned_data["decision"])
        if not request.headers.get("HX-Request"):
            following = queries.next_pending_pair(user)
            if following is None:
                return redirect("linkage:review-queue")
            return redirect("linkage:pair-detail", pair_id=following.pk)
    template = "linkage/_decision.html" if request.headers.get("HX-Request") else "linkage/pair.html"
    return render(request, template, _pair_context(user, pair, form))
