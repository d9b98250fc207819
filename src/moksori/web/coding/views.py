"""The coding screen: passages beside an event form; events and acts are saved through do_* actions.

Saving answers an htmx request with the refreshed panel (form and event list) and, out of band, the
passages with their new highlights; without JavaScript it redirects back to the screen. Events and
acts are edited inline by htmx (the edit form replaces the event in the list) or, without JavaScript,
on a page of their own.
"""

from __future__ import annotations

import uuid
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from moksori.web.accounts import permissions
from moksori.web.accounts.decorators import login_and_second_factor_required
from moksori.web.accounts.models import User
from moksori.web.coding import actions
from moksori.web.coding import view_helpers as helpers
from moksori.web.coding.forms import ActForm, EventDetailsForm, EventForm
from moksori.web.coding.models import Act, Event
from moksori.web.coding.queries import events_of_interview
from moksori.web.testimonies import queries
from moksori.web.testimonies.models import Interview
from moksori.web.testimonies.view_helpers import add_action_errors, saved_by_action


def _coder_interview(request: HttpRequest, interview_id: uuid.UUID) -> tuple[User, Interview]:
    user = cast(User, request.user)
    interview = queries.interview_for(user, interview_id)
    if not permissions.can_code(user):
        raise PermissionDenied
    return user, interview


def _context(
    user: User,
    interview: Interview,
    form: EventForm | None = None,
    act_errors: tuple[uuid.UUID, ActForm] | None = None,
) -> dict[str, object]:
    passages = list(interview.passages.all())
    events = events_of_interview(user, interview)
    act_forms = {event.pk: ActForm(auto_id=f"act-{event.pk}-%s") for event in events}
    if act_errors is not None:
        act_forms[act_errors[0]] = act_errors[1]
    return {
        "interview": interview,
        "survivor": interview.survivor,
        "passage_views": helpers.passage_views(interview),
        "form": form or EventForm(passages=passages),
        "events": [
            {
                "event": e,
                "date": helpers.event_date_label(e),
                "act_form": act_forms[e.pk],
                "sources": list(e.sources.all()),
            }
            for e in events
        ],
    }


def _respond(request: HttpRequest, user: User, interview: Interview, **extra: object) -> HttpResponse:
    context = _context(user, interview, **extra)  # type: ignore[arg-type]
    if request.headers.get("HX-Request"):
        return render(request, "coding/_panel_update.html", context)
    return render(request, "coding/screen.html", context)


@login_and_second_factor_required
@require_GET
def coding_screen(request: HttpRequest, interview_id: uuid.UUID) -> HttpResponse:
    user, interview = _coder_interview(request, interview_id)
    return render(request, "coding/screen.html", _context(user, interview))


@sensitive_variables()
@sensitive_post_parameters()
@login_and_second_factor_required
@require_POST
def event_create(request: HttpRequest, interview_id: uuid.UUID) -> HttpResponse:
    """Code an event from a passage (or the selected span of it) through ``do_code_event``."""
    user, interview = _coder_interview(request, interview_id)
    form = EventForm(request.POST, passages=list(interview.passages.all()))
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_code_event(
                form.chosen_passage(),
                by=user,
                type_code=data["type_code"],
                date_precision=data["date_precision"],
                date_start=data["date_start"],
                date_end=data["date_end"],
                place=form.chosen_place(),
                description=data["description"],
                span=data["span"],
                confidence=data["confidence"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            if not request.headers.get("HX-Request"):
                return redirect("coding:coding-screen", interview_id=interview.pk)
            return _respond(request, user, interview)
    return _respond(request, user, interview, form=form)


@sensitive_variables()
@login_and_second_factor_required
@require_POST
def act_create(request: HttpRequest, interview_id: uuid.UUID, event_id: uuid.UUID) -> HttpResponse:
    """An act on an event (type, price, currency), citing the passage the event was coded from."""
    user, interview = _coder_interview(request, interview_id)
    event = helpers.event_of_interview(user, interview, event_id)
    form = ActForm(request.POST, auto_id=f"act-{event.pk}-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_code_act(
                event,
                helpers.source_passage(event, interview),
                by=user,
                type_term=form.chosen_term(),
                price_amount=data["price_amount"],
                price_currency=data["price_currency"] or "",
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            if not request.headers.get("HX-Request"):
                return redirect("coding:coding-screen", interview_id=interview.pk)
            return _respond(request, user, interview)
    return _respond(request, user, interview, act_errors=(event.pk, form))


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _saved(request: HttpRequest, user: User, interview: Interview) -> HttpResponse:
    """After a save: the refreshed panel for htmx, otherwise back to the coding screen."""
    if not _is_htmx(request):
        return redirect("coding:coding-screen", interview_id=interview.pk)
    return _respond(request, user, interview)


def _edit_page(request: HttpRequest, template: str, context: dict[str, object], target: str) -> HttpResponse:
    """The edit form: inline in the event list for htmx (re-targeted there after an error), else a page."""
    if not _is_htmx(request):
        return render(request, f"coding/{template}.html", context)
    response = render(request, f"coding/_{template}.html", {**context, "inline": True})
    response["HX-Retarget"], response["HX-Reswap"] = f"#{target}", "outerHTML"
    return response


@sensitive_variables()
def _event_initial(event: Event) -> dict[str, object]:
    return {
        "type_code": event.type.code,
        "date_precision": event.date_precision,
        "date_start": event.date_start,
        "date_end": event.date_end,
        "place": event.place_id or "",
        "description": event.description,
    }


@sensitive_variables()
@sensitive_post_parameters()
@login_and_second_factor_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, interview_id: uuid.UUID, event_id: uuid.UUID) -> HttpResponse:
    """Change an event's type, date, place and description through ``do_update_event``."""
    user, interview = _coder_interview(request, interview_id)
    event = helpers.event_to_edit(user, interview, event_id)
    form = EventDetailsForm(
        request.POST if request.method == "POST" else None,
        initial=_event_initial(event),
        auto_id=f"event-{event.pk}-%s",
    )
    updated = saved_by_action(
        request,
        form,
        lambda data: actions.do_update_event(
            event,
            by=user,
            type_code=data["type_code"],
            date_precision=data["date_precision"],
            date_start=data["date_start"],
            date_end=data["date_end"],
            place=form.chosen_place(),
            description=data["description"],
        ),
    )
    if updated is not None:
        return _saved(request, user, interview)
    context = {"interview": interview, "survivor": interview.survivor, "event": event, "form": form}
    return _edit_page(request, "event_edit", context, f"event-{event.pk}")


@sensitive_variables()
@sensitive_post_parameters()
@login_and_second_factor_required
@require_POST
def event_delete(request: HttpRequest, interview_id: uuid.UUID, event_id: uuid.UUID) -> HttpResponse:
    """Remove a coded event with its acts and source links (the passages stay) via ``do_delete_event``."""
    user, interview = _coder_interview(request, interview_id)
    event = helpers.event_of_interview(user, interview, event_id)
    actions.do_delete_event(event, by=user)
    return _saved(request, user, interview)


@sensitive_variables()
def _act_initial(act: Act) -> dict[str, object]:
    return {
        "type_term": str(act.type_id),
        "price_amount": act.price_amount,
        "price_currency": act.price_currency,
    }


@sensitive_variables()
@sensitive_post_parameters()
@login_and_second_factor_required
@require_http_methods(["GET", "POST"])
def act_edit(
    request: HttpRequest, interview_id: uuid.UUID, event_id: uuid.UUID, act_id: uuid.UUID
) -> HttpResponse:
    """Change an act's type and price through ``do_update_act``."""
    user, interview = _coder_interview(request, interview_id)
    event = helpers.event_of_interview(user, interview, event_id)
    act = helpers.act_to_edit(user, event, act_id)
    form = ActForm(
        request.POST if request.method == "POST" else None,
        initial=_act_initial(act),
        auto_id=f"act-edit-{act.pk}-%s",
    )
    updated_act = saved_by_action(
        request,
        form,
        lambda data: actions.do_update_act(
            act,
            by=user,
            type_term=form.chosen_term(),
            price_amount=data["price_amount"],
            price_currency=data["price_currency"] or "",
        ),
    )
    if updated_act is not None:
        return _saved(request, user, interview)
    context: dict[str, object] = {"interview": interview, "survivor": interview.survivor, "event": event}
    context.update(act=act, form=form)
    return _edit_page(request, "act_edit", context, f"act-{act.pk}")
