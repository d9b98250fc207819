"""Editing interviews, coded events and acts from the web: who may, what is kept, what is audited."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from moksori.web.accounts.models import Role, User
from moksori.web.audit.models import AuditEntry
from moksori.web.coding.actions import do_code_act, do_code_event
from moksori.web.coding.models import Act, Event
from moksori.web.testimonies.actions import do_create_interview
from moksori.web.testimonies.models import Passage
from moksori.web.vocabulary.models import Term
from moksori.web.vocabulary.queries import term_by_code

from .support import Case, World, verified_client

HX = {"HX-Request": "true"}
WRITE = {Role.COORDINATOR, Role.INTERVIEWER}
CODE = {Role.COORDINATOR, Role.CODER}


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def code_act(case: Case, currency: str = "CNY") -> Act:
    return do_code_act(
        case.event,
        case.interview.passages.get(anchor="p0001"),
        by=None,
        type_term=term_by_code("nkcn", "exp_forced_marriage"),
        price_amount=Decimal(20000),
        price_currency=currency,
    )


def audited(user: User, action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(actor_username=user.username, action=action))


def event_data(**changes: str) -> dict[str, str]:
    data = {
        "type_code": "evt_border_crossing",
        "date_precision": "year",
        "date_start": "1998-01-01",
        "date_end": "",
        "place": "",
        "description": "",
    }
    return {**data, **changes}


# Who may use the new routes -------------------------------------------------------------------


def _routes(case: Case, act: Act) -> list[tuple[str, str, set[Role]]]:
    """(method, url, roles allowed) of every new route; the delete last, as it removes the event."""
    interview, event = case.interview.pk, case.event.pk
    return [
        ("get", reverse("testimonies:interview-edit", args=[interview]), WRITE),
        ("get", reverse("coding:event-edit", args=[interview, event]), CODE),
        ("get", reverse("coding:act-edit", args=[interview, event, act.pk]), CODE),
        ("post", reverse("coding:event-delete", args=[interview, event]), CODE),
    ]


def _request(client: Client, method: str, url: str) -> HttpResponse:
    response = client.post(url) if method == "post" else client.get(url)
    return response  # type: ignore[return-value]


@pytest.mark.parametrize("role", list(Role))
def test_new_routes_serve_allowed_roles_in_their_compartment_and_refuse_everyone_else(
    role: Role, world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(role))
    failures = []
    for side, case in (("foreign", world.foreign), ("own", world.own)):
        for method, url, allowed in _routes(case, code_act(case)):
            status = _request(client, method, url).status_code
            expected = (200, 302) if role in allowed and side == "own" else (403, 404)
            if status not in expected:
                failures.append(f"{method} {url} [{side}] -> {status}")
    assert failures == []
    assert Event.objects.filter(pk=world.foreign.event.pk).exists()
    assert Event.objects.filter(pk=world.own.event.pk).exists() is (role not in CODE)


def test_event_delete_takes_no_get(world: World, user_factory: Callable[..., User]) -> None:
    client = verified_client(user_factory(Role.CODER))
    url = reverse("coding:event-delete", args=[world.own.interview.pk, world.own.event.pk])
    assert client.get(url).status_code == 405
    assert Event.objects.filter(pk=world.own.event.pk).exists()


def test_an_event_of_another_interview_is_not_found_through_this_one(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.COORDINATOR))
    other = world.own.event
    interview = world.own.interview
    second = do_create_interview(
        interview.survivor, by=None, conducted_on=datetime.date(2024, 4, 1), passages=[("둘째 면담", "")]
    )
    assert client.get(reverse("coding:event-edit", args=[second.pk, other.pk])).status_code == 404
    assert client.post(reverse("coding:event-delete", args=[second.pk, other.pk])).status_code == 404
    assert Event.objects.filter(pk=other.pk).exists()


# Interviews -----------------------------------------------------------------------------------


def test_interview_detail_offers_edit_to_writers_only(
    world: World, user_factory: Callable[..., User]
) -> None:
    edit = reverse("testimonies:interview-edit", args=[world.own.interview.pk])
    detail = reverse("testimonies:interview-detail", args=[world.own.interview.pk])
    writer = verified_client(user_factory(Role.INTERVIEWER))
    coder = verified_client(user_factory(Role.CODER, username="coder-2"))
    assert edit in writer.get(detail).content.decode()
    assert edit not in coder.get(detail).content.decode()


def test_interview_edit_form_is_prefilled_with_passages_separated_by_blank_lines(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.INTERVIEWER))
    page = client.get(reverse("testimonies:interview-edit", args=[world.own.interview.pk])).content.decode()
    assert "1998년 겨울에 강을 건넜습니다.\n\n브로커가 저를 팔았습니다." in page
    assert "We crossed the river in winter 1998.\n\nA broker sold me." in page
    assert 'value="2024-03-02"' in page
    assert 'value="서울"' in page


def test_interview_edit_keeps_anchors_adds_new_ones_and_is_audited(
    world: World, user_factory: Callable[..., User]
) -> None:
    user = user_factory(Role.INTERVIEWER)
    client = verified_client(user)
    interview = world.own.interview
    first = interview.passages.get(anchor="p0001")
    response = client.post(
        reverse("testimonies:interview-edit", args=[interview.pk]),
        {
            "conducted_on": "2024-03-03",
            "place": "방콕",
            "language": "ko",
            "transcript": "1998년 겨울에 강을 건넜습니다.\r\n\r\n브로커가 저를 팔았습니다!\r\n\r\n셋째 단락.",
            "translation": "We crossed the river in winter 1998.\r\n\r\nA broker sold me!\r\n\r\nThird.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("testimonies:interview-detail", args=[interview.pk])
    passages = list(Passage.objects.filter(interview=interview).order_by("ordinal"))
    assert [(p.anchor, p.text, p.translation) for p in passages] == [
        ("p0001", "1998년 겨울에 강을 건넜습니다.", "We crossed the river in winter 1998."),
        ("p0002", "브로커가 저를 팔았습니다!", "A broker sold me!"),
        ("p0003", "셋째 단락.", "Third."),
    ]
    assert passages[0].pk == first.pk
    assert world.own.event.sources.get().passage_id == first.pk
    interview.refresh_from_db()
    assert (interview.conducted_on, interview.place) == (datetime.date(2024, 3, 3), "방콕")
    [entry] = audited(user, "interview.update")
    assert "passage p0002" in entry.digest
    assert "브로커" not in entry.digest
    assert "방콕" not in entry.digest


def test_removing_a_coded_passage_is_refused_on_the_form(
    world: World, user_factory: Callable[..., User]
) -> None:
    user = user_factory(Role.COORDINATOR)
    client = english(verified_client(user))
    interview = world.own.interview
    do_code_event(interview.passages.get(anchor="p0002"), by=None, type_code="evt_sale")
    response = client.post(
        reverse("testimonies:interview-edit", args=[interview.pk]),
        {"conducted_on": "2024-03-02", "language": "ko", "transcript": "1998년 겨울에 강을 건넜습니다."},
    )
    assert response.status_code == 200
    assert "A passage that holds coded events cannot be removed." in response.content.decode()
    assert interview.passages.count() == 2
    assert audited(user, "interview.update") == []


# Events ---------------------------------------------------------------------------------------


def test_coding_screen_links_to_event_and_act_editing_and_deletion(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.CODER))
    case = world.own
    act = code_act(case)
    page = client.get(reverse("coding:coding-screen", args=[case.interview.pk])).content.decode()
    assert reverse("coding:event-edit", args=[case.interview.pk, case.event.pk]) in page
    assert reverse("coding:event-delete", args=[case.interview.pk, case.event.pk]) in page
    assert reverse("coding:act-edit", args=[case.interview.pk, case.event.pk, act.pk]) in page
    assert "사건 수정" in page
    assert "사건과 행위 삭제" in page


def test_event_edit_form_is_prefilled_and_served_inline_to_htmx(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.CODER))
    case = world.own
    url = reverse("coding:event-edit", args=[case.interview.pk, case.event.pk])
    page = client.get(url).content.decode()
    assert '<option value="evt_border_crossing" selected>' in page
    assert "<html" in page
    inline = client.get(url, headers=HX)
    assert inline["HX-Retarget"] == f"#event-{case.event.pk}"
    fragment = inline.content.decode()
    assert "<html" not in fragment
    assert f'id="event-{case.event.pk}"' in fragment
    assert f'hx-post="{url}"' in fragment


def test_event_edit_saves_and_is_audited(world: World, user_factory: Callable[..., User]) -> None:
    user = user_factory(Role.CODER)
    client = verified_client(user)
    case = world.own
    url = reverse("coding:event-edit", args=[case.interview.pk, case.event.pk])
    data = event_data(place="cn_jl_yanji", description="겨울밤 도강")
    response = client.post(url, data)
    assert response["Location"] == reverse("coding:coding-screen", args=[case.interview.pk])
    event = Event.objects.get(pk=case.event.pk)
    assert (event.date_precision, event.date_start, event.place_id) == (
        "year",
        datetime.date(1998, 1, 1),
        "cn_jl_yanji",
    )
    assert event.description == "겨울밤 도강"
    assert event.sources.get().span_start == 6
    [entry] = audited(user, "event.update")
    assert entry.object_id == str(event.pk)
    assert "겨울밤" not in entry.digest
    assert audited(user, "event.read")


def test_event_edit_by_htmx_answers_with_the_refreshed_panel(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.COORDINATOR))
    case = world.own
    url = reverse("coding:event-edit", args=[case.interview.pk, case.event.pk])
    page = client.post(url, event_data(type_code="evt_sale"), headers=HX).content.decode()
    assert 'id="coding-panel"' in page
    assert 'hx-swap-oob="true"' in page
    assert Event.objects.get(pk=case.event.pk).type.code == "evt_sale"


def test_event_edit_errors_from_the_action_are_shown_on_the_form(
    world: World, user_factory: Callable[..., User]
) -> None:
    user = user_factory(Role.CODER)
    client = english(verified_client(user))
    case = world.own
    url = reverse("coding:event-edit", args=[case.interview.pk, case.event.pk])
    data = event_data(date_precision="range", date_start="1999-05-01", date_end="1998-01-01")
    page = client.post(url, data).content.decode()
    assert "A range needs a start and an end that is not before it." in page
    inline = client.post(url, data, headers=HX)
    assert inline["HX-Retarget"] == f"#event-{case.event.pk}"
    assert "A range needs a start" in inline.content.decode()
    assert Event.objects.get(pk=case.event.pk).date_precision == "unknown"
    assert audited(user, "event.update") == []


def test_event_delete_removes_the_event_with_its_acts_keeps_passages_and_is_audited(
    world: World, user_factory: Callable[..., User]
) -> None:
    user = user_factory(Role.CODER)
    client = verified_client(user)
    case = world.own
    act = code_act(case)
    url = reverse("coding:event-delete", args=[case.interview.pk, case.event.pk])
    page = client.post(url, headers=HX).content.decode()
    assert 'id="coding-panel"' in page
    assert '<mark class="coded">' not in page
    assert not Event.objects.filter(pk=case.event.pk).exists()
    assert not Act.objects.filter(pk=act.pk).exists()
    assert case.interview.passages.count() == 2
    [entry] = audited(user, "event.delete")
    assert entry.object_id == str(case.event.pk)


def test_event_delete_without_javascript_redirects_to_the_coding_screen(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.COORDINATOR))
    case = world.own
    response = client.post(reverse("coding:event-delete", args=[case.interview.pk, case.event.pk]))
    assert response["Location"] == reverse("coding:coding-screen", args=[case.interview.pk])
    assert not Event.objects.filter(pk=case.event.pk).exists()


# Acts -----------------------------------------------------------------------------------------


def test_act_edit_is_prefilled_saves_and_is_audited(world: World, user_factory: Callable[..., User]) -> None:
    user = user_factory(Role.CODER)
    client = verified_client(user)
    case = world.own
    act = code_act(case)
    url = reverse("coding:act-edit", args=[case.interview.pk, case.event.pk, act.pk])
    page = client.get(url).content.decode()
    assert 'value="20000.00"' in page
    assert '<option value="CNY" selected>' in page
    sale = Term.objects.get(scheme="nkcn", group="events", code="evt_sale")
    response = client.post(url, {"type_term": sale.pk, "price_amount": "3000", "price_currency": "USD"})
    assert response["Location"] == reverse("coding:coding-screen", args=[case.interview.pk])
    act.refresh_from_db()
    assert (act.type_id, act.price_amount, act.price_currency) == (sale.pk, Decimal(3000), "USD")
    [entry] = audited(user, "act.update")
    assert entry.object_id == str(act.pk)
    assert "3000" not in entry.digest


def test_act_edit_by_htmx_refreshes_the_panel_and_shows_errors_inline(
    world: World, user_factory: Callable[..., User]
) -> None:
    user = user_factory(Role.COORDINATOR)
    client = english(verified_client(user))
    case = world.own
    act = code_act(case)
    url = reverse("coding:act-edit", args=[case.interview.pk, case.event.pk, act.pk])
    refused = client.post(url, {"type_term": act.type_id, "price_amount": "10"}, headers=HX)
    assert refused["HX-Retarget"] == f"#act-{act.pk}"
    assert "Choose the currency of the price." in refused.content.decode()
    assert audited(user, "act.update") == []
    page = client.post(url, {"type_term": act.type_id, "price_amount": ""}, headers=HX).content.decode()
    assert 'id="coding-panel"' in page
    act.refresh_from_db()
    assert (act.price_amount, act.price_currency) == (None, "")
    assert len(audited(user, "act.update")) == 1


def test_an_act_of_another_event_is_not_found_through_this_one(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.CODER))
    case = world.own
    act = code_act(case)
    other = do_code_event(case.interview.passages.get(anchor="p0002"), by=None, type_code="evt_sale")
    url = reverse("coding:act-edit", args=[case.interview.pk, other.pk, act.pk])
    assert client.get(url).status_code == 404
