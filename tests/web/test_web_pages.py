"""The pages do what they say: login with TOTP, survivors, interviews, consent, coding, languages."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from moksori.web.accounts.models import Compartment, Role, User
from moksori.web.coding.models import Act, Event, SourceLink
from moksori.web.testimonies.models import Consent, Passage, Survivor

from .support import PASSWORD, World, confirmed_device, verified_client

HX = {"HX-Request": "true"}


def code_for(device: TOTPDevice) -> str:
    """The current TOTP code of ``device``, as an authenticator app would show it (RFC 6238)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_login_page_speaks_korean_by_default_and_english_on_request(db: None) -> None:
    korean = Client().get(reverse("accounts:login")).content.decode()
    assert '<html lang="ko">' in korean
    assert "로그인" in korean
    assert "비밀번호" in korean
    page = english(Client()).get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in page
    assert "Sign in" in page
    assert "Password" in page
    assert "로그인" not in page


def test_language_switch_sets_the_language_for_later_pages(db: None) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:set-language"), {"language": "en", "next": reverse("accounts:login")}
    )
    assert response.status_code == 302
    assert "Sign in" in client.get(reverse("accounts:login")).content.decode()


def test_model_labels_are_translated_in_korean_forms(world: World, user_factory: Callable[..., User]) -> None:
    client = verified_client(user_factory(Role.COORDINATOR))
    page = client.get(reverse("testimonies:consent-record", args=[world.own.survivor.pk])).content.decode()
    assert "집계 통계" in page
    assert "협력 단체" in page
    page = english(client).get(reverse("testimonies:survivor-list")).content.decode()
    assert "Survivors" in page
    assert "name (Hangul)" in page


def test_first_login_enrols_totp_with_a_local_qr_code_then_verifies(
    db: None, user_factory: Callable[..., User]
) -> None:
    user = user_factory(Role.INTERVIEWER)
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response["Location"] == reverse("accounts:totp-setup")
    page = client.get(reverse("accounts:totp-setup")).content.decode()
    assert "<svg" in page
    assert "otpauth://totp/" in page
    assert "https://" not in page.split("<svg", 1)[1][:2000]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:totp-setup"), {"token": code_for(device)})
    assert response["Location"] == reverse("accounts:home")
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("testimonies:survivor-list")).status_code == 200


def test_login_with_existing_device_asks_for_a_code_and_rejects_a_wrong_one(
    db: None, user_factory: Callable[..., User]
) -> None:
    user = user_factory(Role.CODER)
    device = confirmed_device(user)
    client = Client()
    response = client.post(
        reverse("accounts:login") + "?next=/survivors/", {"username": user.username, "password": PASSWORD}
    )
    assert response["Location"] == reverse("accounts:totp-verify")
    assert client.get(reverse("accounts:totp-setup"))["Location"] == reverse("accounts:totp-verify")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    assert client.post(reverse("accounts:totp-verify"), {"token": wrong}).status_code == 200
    assert client.get(reverse("testimonies:survivor-list")).status_code == 302
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    response = client.post(reverse("accounts:totp-verify"), {"token": code_for(device)})
    assert response["Location"] == "/survivors/"


def test_wrong_password_is_refused_without_naming_which_part_was_wrong(
    db: None, user_factory: Callable[..., User]
) -> None:
    user = user_factory(Role.INTERVIEWER)
    page = english(Client()).post(reverse("accounts:login"), {"username": user.username, "password": "nope"})
    assert page.status_code == 200
    assert "user name or password is not correct" in page.content.decode()


def test_logout_ends_the_session(world: World, user_factory: Callable[..., User]) -> None:
    client = verified_client(user_factory(Role.COORDINATOR))
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")
    assert client.get(reverse("testimonies:survivor-list")).status_code == 302


def test_survivor_is_created_and_edited_in_a_granted_compartment_only(
    world: World, compartment: Compartment, other_compartment: Compartment, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.INTERVIEWER))
    url = reverse("testimonies:survivor-create")
    refused = client.post(url, {"compartment": other_compartment.pk, "code": "S-X"})
    assert refused.status_code == 200
    assert not Survivor.objects.filter(code="S-X").exists()
    identity = {
        "name_hangul": "박새이름",
        "name_latin": "Pak Saeireum",
        "home_province": "함경북도",
        "contact": "-",
    }
    response = client.post(
        url, {"compartment": compartment.pk, "code": "S-0100", "birth_year": "1990", **identity}
    )
    survivor = Survivor.objects.get(code="S-0100")
    assert response["Location"] == reverse("testimonies:survivor-detail", args=[survivor.pk])
    edit = reverse("testimonies:survivor-edit", args=[survivor.pk])
    assert client.post(edit, {"code": "S-0100", "birth_year": "1991", **identity}).status_code == 302
    assert Survivor.objects.get(pk=survivor.pk).birth_year == "1991"


def test_survivor_with_blank_identity_fields_can_be_shown_and_edited(
    world: World, compartment: Compartment, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.INTERVIEWER))
    client.post(reverse("testimonies:survivor-create"), {"compartment": compartment.pk, "code": "S-0101"})
    survivor = Survivor.objects.get(code="S-0101")
    assert client.get(reverse("testimonies:survivor-detail", args=[survivor.pk])).status_code == 200
    assert client.get(reverse("testimonies:survivor-edit", args=[survivor.pk])).status_code == 200


def test_invalid_birth_year_is_shown_on_its_field_without_echoing_other_data(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = english(verified_client(user_factory(Role.INTERVIEWER)))
    page = client.post(
        reverse("testimonies:survivor-edit", args=[world.own.survivor.pk]),
        {"code": "S-OWN-1", "birth_year": "1850"},
    ).content.decode()
    assert "four-digit year" in page


def test_interview_transcript_is_split_on_blank_lines_with_aligned_translation(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.INTERVIEWER))
    url = reverse("testimonies:interview-create", args=[world.own.survivor.pk])
    data = {
        "conducted_on": "2024-05-01",
        "place": "방콕",
        "language": "ko",
        "transcript": "첫 단락입니다.\r\n둘째 줄.\r\n\r\n둘째 단락.\r\n \r\n\r\n셋째 단락.",
        "translation": "First.\r\nSecond line.\r\n\r\nSecond.\r\n\r\nThird.",
    }
    response = client.post(url, data)
    passages = list(
        Passage.objects.filter(interview__survivor=world.own.survivor, interview__place__isnull=False)
        .exclude(interview=world.own.interview)
        .order_by("ordinal")
    )
    assert response.status_code == 302
    assert [(p.anchor, p.text, p.translation) for p in passages] == [
        ("p0001", "첫 단락입니다.\n둘째 줄.", "First.\nSecond line."),
        ("p0002", "둘째 단락.", "Second."),
        ("p0003", "셋째 단락.", "Third."),
    ]
    detail = client.get(response["Location"]).content.decode()
    assert "p0003" in detail
    assert "셋째 단락." in detail
    assert "Third." in detail


def test_interview_with_misaligned_translation_is_refused_with_counts(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = english(verified_client(user_factory(Role.INTERVIEWER)))
    url = reverse("testimonies:interview-create", args=[world.own.survivor.pk])
    page = client.post(
        url,
        {"conducted_on": "2024-05-01", "language": "ko", "transcript": "하나\n\n둘", "translation": "One"},
    ).content.decode()
    assert "The translation has 1 passage but the transcript has 2" in page


def test_consent_is_recorded_then_withdrawn_with_a_reason(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.INTERVIEWER))
    survivor = world.own.survivor
    client.post(
        reverse("testimonies:consent-record", args=[survivor.pk]),
        {"purpose": "anonymised_quotation", "given": "yes", "recorded_on": "2024-06-01"},
    )
    consent = Consent.objects.get(survivor=survivor, purpose="anonymised_quotation")
    assert consent.in_force
    response = client.post(reverse("testimonies:consent-withdraw", args=[consent.pk]), {"reason": "변심"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawal_reason == "변심"


def test_partner_sharing_consent_without_partner_is_refused_on_the_partner_field(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = english(verified_client(user_factory(Role.COORDINATOR)))
    page = client.post(
        reverse("testimonies:consent-record", args=[world.own.survivor.pk]),
        {"purpose": "partner_sharing", "given": "yes", "recorded_on": "2024-06-01"},
    ).content.decode()
    assert "must name the partner organisation" in page
    assert not Consent.objects.filter(purpose="partner_sharing").exists()


def test_coding_screen_lists_event_types_in_the_current_language(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.CODER))
    url = reverse("coding:coding-screen", args=[world.own.interview.pk])
    assert "두만강·압록강 도강" in client.get(url).content.decode()
    assert "Border crossing DPRK to China" in english(client).get(url).content.decode()


def test_event_saved_by_htmx_refreshes_the_panel_and_highlights_its_span(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.CODER))
    interview = world.own.interview
    passage = interview.passages.get(anchor="p0002")
    data = {
        "passage": passage.pk,
        "span_start": "0",
        "span_end": "3",
        "type_code": "evt_sale",
        "date_precision": "year",
        "date_start": "1999-01-01",
        "place": "cn_jl_yanji",
        "confidence": "high",
    }
    response = client.post(reverse("coding:event-create", args=[interview.pk]), data, headers=HX)
    page = response.content.decode()
    link = SourceLink.objects.get(passage=passage)
    assert (link.span_start, link.span_end, link.confidence) == (0, 3, "high")
    assert link.event is not None
    assert link.event.type.code == "evt_sale"
    assert 'id="coding-panel"' in page
    assert 'hx-swap-oob="true"' in page
    assert '<mark class="coded">브로커</mark>가 저를 팔았습니다.' in page
    assert "1999" in page


def test_event_with_a_span_outside_the_passage_is_refused(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = english(verified_client(user_factory(Role.CODER)))
    interview = world.own.interview
    passage = interview.passages.get(anchor="p0002")
    before = Event.objects.count()
    page = client.post(
        reverse("coding:event-create", args=[interview.pk]),
        {
            "passage": passage.pk,
            "span_start": "5",
            "span_end": "500",
            "type_code": "evt_sale",
            "date_precision": "unknown",
            "confidence": "medium",
        },
        headers=HX,
    ).content.decode()
    assert "outside the passage" in page
    assert Event.objects.count() == before


def test_event_from_a_passage_of_another_interview_is_refused(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.CODER))
    foreign_passage = world.foreign.interview.passages.first()
    assert foreign_passage is not None
    before = Event.objects.count()
    client.post(
        reverse("coding:event-create", args=[world.own.interview.pk]),
        {
            "passage": foreign_passage.pk,
            "type_code": "evt_sale",
            "date_precision": "unknown",
            "confidence": "medium",
        },
        headers=HX,
    )
    assert Event.objects.count() == before


def test_act_with_price_is_coded_on_an_event_and_cites_its_passage(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = verified_client(user_factory(Role.COORDINATOR))
    event = world.own.event
    term = event.type.__class__.objects.get(
        scheme="nkcn", group="exploitation_types", code="exp_forced_marriage"
    )
    url = reverse("coding:act-create", args=[world.own.interview.pk, event.pk])
    response = client.post(url, {"type_term": term.pk, "price_amount": "20000", "price_currency": "CNY"})
    assert response["Location"] == reverse("coding:coding-screen", args=[world.own.interview.pk])
    act = Act.objects.get(event=event)
    assert (act.type_id, act.price_amount, act.price_currency) == (term.pk, Decimal(20000), "CNY")
    assert act.sources.get().passage.anchor == "p0001"


def test_reading_pages_leaves_audit_entries(world: World, user_factory: Callable[..., User]) -> None:
    from moksori.web.audit.models import AuditEntry

    user = user_factory(Role.CODER)
    client = verified_client(user)
    client.get(reverse("coding:coding-screen", args=[world.own.interview.pk]))
    actions = set(AuditEntry.objects.filter(actor_username=user.username).values_list("action", flat=True))
    assert {"interview.read", "event.list"} <= actions


def test_date_inputs_are_native_date_pickers(world: World, user_factory: Callable[..., User]) -> None:
    client = verified_client(user_factory(Role.INTERVIEWER))
    page = client.get(reverse("testimonies:interview-create", args=[world.own.survivor.pk])).content.decode()
    assert 'type="date"' in page
