"""A coordinator's whole path through the app in a real browser (Debian's chromium via Playwright).

Log in with password and TOTP, open a case, record an interview, select words in a passage with
the mouse and code them as an event, then switch the interface to Korean.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pytest_django.fixtures import Settings as SettingsWrapper
from pytest_django.live_server_helper import LiveServer

from moksori.web.accounts.models import Role, User
from moksori.web.accounts.urls import STATIC_ROOT_DIR as STATIC_DIR

from .support import PASSWORD, confirmed_device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TRANSCRIPT = "1998년 겨울에 두만강을 건넜습니다.\n\n연길에서 브로커가 저를 팔았습니다."


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch, settings: SettingsWrapper) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    # The live server answers /static/ itself, from STATIC_ROOT, before our URL routes are reached.
    settings.STATIC_ROOT = str(STATIC_DIR)
    # Playwright's sync API keeps an event loop in this thread; the ORM calls here are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def log_in(page: Page, base: str, user: User, key: bytes) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{base}/login/code/")
    page.fill("#id_token", f"{totp(key):06d}")
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{base}/")


def select_words_with_mouse(page: Page) -> None:
    """Drag across the start of the first passage, as a coder would."""
    box = page.locator(".passage-text").first.bounding_box()
    assert box is not None
    y = box["y"] + 12
    page.mouse.move(box["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(box["x"] + 90, y, steps=8)
    page.mouse.up()


def test_coordinator_logs_in_records_an_interview_and_codes_a_selected_span(
    browser: Browser,
    live_server: LiveServer,
    vocabularies: None,
    user_factory: Callable[..., User],
    tmp_path: Path,
) -> None:
    user = user_factory(Role.COORDINATOR, username="browser-coordinator")
    key = confirmed_device(user).bin_key
    base = live_server.url
    page = browser.new_page(locale="en-US", viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    log_in(page, base, user, key)
    page.goto(f"{base}/survivors/new/")
    page.select_option("#id_compartment", index=1)
    page.fill("#id_code", "S-BR-01")
    page.fill("#id_name_hangul", "리순희")
    page.fill("#id_name_latin", "Ri Sunhui")
    page.fill("#id_birth_year", "1980")
    page.fill("#id_home_province", "함경북도")
    page.fill("#id_contact", "via shelter")
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("S-BR-01")

    page.click("text=New interview")
    page.fill("#id_conducted_on", "2024-04-05")
    page.fill("#id_transcript", TRANSCRIPT)
    page.fill("#id_translation", "In winter 1998 I crossed the Tumen.\n\nIn Yanji a broker sold me.")
    page.click("main button[type=submit]")
    expect(page.locator("table.passages")).to_contain_text("p0002")

    page.click("text=Code this interview")
    select_words_with_mouse(page)
    expect(page.locator("#id_span_start")).to_have_value("0")
    span_end = int(page.input_value("#id_span_end"))
    assert 0 < span_end <= len("1998년 겨울에 두만강을 건넜습니다.")
    expect(page.locator("#selection-preview")).to_contain_text("p0001")
    page.select_option("#id_type_code", "evt_border_crossing")
    page.select_option("#id_date_precision", "year")
    page.fill("#id_date_start", "1998-01-01")
    page.click("text=Save event")
    expect(page.locator("#event-list .event")).to_have_count(1)
    expect(page.locator("#event-list")).to_contain_text("Border crossing DPRK to China")
    expect(page.locator("#passages mark.coded")).to_have_count(1)

    page.click("button[value=ko]")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("#event-list h2")).to_contain_text("코딩된 사건")
    expect(page.locator("#event-list")).to_contain_text("두만강·압록강 도강")
    shot = tmp_path / "coding-screen-ko.png"
    page.screenshot(path=str(shot), full_page=True)
    if os.environ.get("MOKSORI_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["MOKSORI_KEEP_SCREENSHOT"])
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_analyst_opens_the_findings_dashboard_with_server_drawn_charts(
    browser: Browser,
    live_server: LiveServer,
    vocabularies: None,
    user_factory: Callable[..., User],
    tmp_path: Path,
) -> None:
    from moksori.synthetic.generator import generate_demo
    from moksori.web.accounts.models import Compartment
    from moksori.web.demo import write_demo

    write_demo(generate_demo(30, seed=11))
    user = user_factory(Role.ANALYST, *Compartment.objects.all(), username="browser-analyst")
    base = live_server.url
    page = browser.new_page(locale="en-US", viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(f"{base}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")  # analysts need no second factor
    expect(page).to_have_url(f"{base}/")
    page.click("nav >> text=Findings")
    expect(page.locator("h1")).to_contain_text("Findings")
    # 30 survivors: charts whose every row is a suppressed small cell are left out, the others drawn
    expect(page.locator("figure.chart svg").first).to_be_visible()
    # The interval bars keep their colour under the CSP: presentation attributes, not style attributes.
    stroke = page.locator("figure.chart svg path[stroke='#4a6fa5']").first.evaluate(
        "element => getComputedStyle(element).stroke"
    )
    assert stroke == "rgb(74, 111, 165)"
    shot = tmp_path / "findings-dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    if os.environ.get("MOKSORI_KEEP_FINDINGS_SCREENSHOT"):
        shutil.copy(shot, os.environ["MOKSORI_KEEP_FINDINGS_SCREENSHOT"])
    assert [e for e in errors if "Content Security Policy" in e] == []
