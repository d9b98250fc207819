"""Survivors, interviews and consent pages: parse the form, call queries and do_* actions, render."""

from __future__ import annotations

import uuid
from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from moksori.web.accounts import permissions
from moksori.web.accounts.decorators import login_and_second_factor_required
from moksori.web.accounts.models import User
from moksori.web.testimonies import actions, queries
from moksori.web.testimonies.forms import (
    ConsentForm,
    InterviewForm,
    SurvivorCreateForm,
    SurvivorForm,
    WithdrawConsentForm,
)
from moksori.web.testimonies.models import Interview
from moksori.web.testimonies.view_helpers import consent_for, passages_of, saved_by_action, survivor_rows

GET_POST = ["GET", "POST"]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_and_second_factor_required
@require_http_methods(["GET"])
def survivor_list(request: HttpRequest) -> HttpResponse:
    """The survivors of the user's compartments; identity columns only for roles that may see them."""
    user = _user(request)
    survivors = queries.list_survivors(user)
    context = {
        "rows": survivor_rows(user, survivors),
        "show_identity": permissions.can_see_identity(user),
        "can_write": permissions.can_write_testimonies(user),
    }
    return render(request, "testimonies/survivor_list.html", context)


@sensitive_variables()
@sensitive_post_parameters()
@login_and_second_factor_required
@require_http_methods(GET_POST)
def survivor_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require(permissions.can_write_testimonies(user))
    form = SurvivorCreateForm(request.POST or None, compartments=queries.compartments_of(user))
    survivor = saved_by_action(
        request,
        form,
        lambda data: actions.do_create_survivor(
            by=user, compartment=data["compartment"], **form.identity_values()
        ),
    )
    if survivor is not None:
        return redirect("testimonies:survivor-detail", survivor_id=survivor.pk)
    return render(request, "testimonies/survivor_form.html", {"form": form, "creating": True})


@login_and_second_factor_required
@require_http_methods(["GET"])
def survivor_detail(request: HttpRequest, survivor_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    survivor = queries.survivor_for(user, survivor_id)
    context = {
        "survivor": survivor,
        "identity": queries.identity_of(user, survivor),
        "interviews": list(survivor.interviews.all()),
        "consents": queries.consents_for(user, survivor),
        "can_write": permissions.can_write_testimonies(user),
        "can_code": permissions.can_code(user),
        "can_record_consent": permissions.can_record_consent(user),
    }
    return render(request, "testimonies/survivor_detail.html", context)


@sensitive_variables()
@sensitive_post_parameters()
@login_and_second_factor_required
@require_http_methods(GET_POST)
def survivor_edit(request: HttpRequest, survivor_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    survivor = queries.survivor_for(user, survivor_id, purpose="edit")
    _require(permissions.can_write_testimonies(user))
    initial = {"code": survivor.code, **queries.identity_of(user, survivor)}
    form = SurvivorForm(request.POST or None, initial=initial)
    if saved_by_action(
        request, form, lambda _: actions.do_update_survivor(survivor, by=user, **form.identity_values())
    ):
        return redirect("testimonies:survivor-detail", survivor_id=survivor.pk)
    return render(request, "testimonies/survivor_form.html", {"form": form, "survivor": survivor})


@sensitive_variables()
@sensitive_post_parameters()
@login_and_second_factor_required
@require_http_methods(GET_POST)
def interview_create(request: HttpRequest, survivor_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    survivor = queries.survivor_for(user, survivor_id)
    _require(permissions.can_write_testimonies(user))
    form = InterviewForm(request.POST or None)
    interview = saved_by_action(
        request,
        form,
        lambda data: actions.do_create_interview(
            survivor,
            by=user,
            conducted_on=data["conducted_on"],
            passages=data["passages"],
            place=data["place"],
            language=data["language"],
        ),
    )
    if interview is not None:
        return redirect("testimonies:interview-detail", interview_id=interview.pk)
    return render(request, "testimonies/interview_form.html", {"form": form, "survivor": survivor})


@sensitive_variables()
def _interview_initial(interview: Interview) -> dict[str, object]:
    """The interview as its form shows it: passages in order, one blank line between them."""
    passages = list(interview.passages.order_by("ordinal"))
    translations = [p.translation or "" for p in passages]
    return {
        "conducted_on": interview.conducted_on,
        "place": interview.place,
        "language": interview.language,
        "transcript": "\n\n".join(p.text for p in passages),
        "translation": "\n\n".join(translations) if any(translations) else "",
    }


@sensitive_variables()
@sensitive_post_parameters()
@login_and_second_factor_required
@require_http_methods(GET_POST)
def interview_edit(request: HttpRequest, interview_id: uuid.UUID) -> HttpResponse:
    """Edit date, place, language and passages; anchors are kept by ``do_update_interview``."""
    user = _user(request)
    interview = queries.interview_for(user, interview_id)
    _require(permissions.can_write_testimonies(user))
    if request.method == "POST":
        form = InterviewForm(request.POST)
    else:
        form = InterviewForm(initial=_interview_initial(interview))
    saved = saved_by_action(
        request,
        form,
        lambda data: actions.do_update_interview(
            interview,
            by=user,
            conducted_on=data["conducted_on"],
            place=data["place"],
            language=data["language"],
            passages=data["passages"],
        ),
    )
    if saved is not None:
        return redirect("testimonies:interview-detail", interview_id=interview.pk)
    context = {"form": form, "survivor": interview.survivor, "interview": interview}
    return render(request, "testimonies/interview_form.html", context)


@login_and_second_factor_required
@require_http_methods(["GET"])
def interview_detail(request: HttpRequest, interview_id: uuid.UUID) -> HttpResponse:
    """The transcript passages with their anchors, and their translations side by side."""
    user = _user(request)
    interview = queries.interview_for(user, interview_id)
    context = {
        "interview": interview,
        "survivor": interview.survivor,
        "passages": passages_of(user, interview.pk),
        "can_code": permissions.can_code(user),
        "can_write": permissions.can_write_testimonies(user),
    }
    return render(request, "testimonies/interview_detail.html", context)


@sensitive_variables()
@sensitive_post_parameters()
@login_and_second_factor_required
@require_http_methods(GET_POST)
def consent_record(request: HttpRequest, survivor_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    survivor = queries.survivor_for(user, survivor_id)
    _require(permissions.can_record_consent(user))
    form = ConsentForm(request.POST or None)
    consent = saved_by_action(
        request,
        form,
        lambda data: actions.do_record_consent(
            survivor,
            by=user,
            purpose=data["purpose"],
            given=data["given"],
            recorded_on=data["recorded_on"],
            partner=data["partner"],
        ),
    )
    if consent is not None:
        return redirect("testimonies:survivor-detail", survivor_id=survivor.pk)
    return render(request, "testimonies/consent_form.html", {"form": form, "survivor": survivor})


@sensitive_variables()
@sensitive_post_parameters()
@login_and_second_factor_required
@require_http_methods(GET_POST)
def consent_withdraw(request: HttpRequest, consent_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    consent = consent_for(user, consent_id)
    _require(permissions.can_record_consent(user))
    form = WithdrawConsentForm(request.POST or None)
    if consent.withdrawn_at is None:
        withdrawn = saved_by_action(
            request, form, lambda data: actions.do_withdraw_consent(consent, by=user, reason=data["reason"])
        )
        if withdrawn is not None:
            return redirect("testimonies:survivor-detail", survivor_id=consent.survivor_id)
    context = {"form": form, "consent": consent, "survivor": consent.survivor}
    return render(request, "testimonies/consent_withdraw.html", context)
