"""Action error messages speak the request's language: Korean under "ko", English under "en".

The actions translate where they raise, so whichever language is active (LocaleMiddleware in the
web app and the API) decides. The catalogue tests check that every message of the four actions
modules, and of the other modules that refuse input (vocabulary lookup, bulk import, the API's own
checks and its error summary), goes through gettext, has Korean in django.po, and that django.mo was
compiled from it.
"""

from __future__ import annotations

import ast
import datetime
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from moksori.analysis.linkage.normalise import LinkageInputError
from moksori.analysis.linkage.result import LinkageResult
from moksori.analysis.linkage.settings import LinkageSettings
from moksori.web.accounts.actions import do_create_user
from moksori.web.accounts.models import Compartment, Role, User
from moksori.web.api.tokens import NAME_MAX_LENGTH, issue_token
from moksori.web.coding.actions import do_code_act, do_code_event, do_update_event
from moksori.web.coding.models import DatePrecision
from moksori.web.linkage.actions import do_run_linkage
from moksori.web.testimonies.actions import do_create_survivor, do_record_consent, do_withdraw_consent
from moksori.web.testimonies.bulk import ConsentInput, do_bulk_import

# Renamed: under its own name pytest would try to collect TestimonyInput as a test class.
from moksori.web.testimonies.bulk import TestimonyInput as BulkTestimony
from moksori.web.testimonies.models import ConsentPurpose
from moksori.web.vocabulary.models import Term, TermStatus
from moksori.web.vocabulary.queries import term_by_code

from .support import PASSWORD, World

WEB = Path(__file__).resolve().parents[2] / "src" / "moksori" / "web"
ACTION_MODULES = tuple(WEB / app / "actions.py" for app in ("accounts", "coding", "linkage", "testimonies"))
REFUSING_MODULES = (
    WEB / "vocabulary" / "queries.py",
    WEB / "testimonies" / "bulk.py",
    *(WEB / "api" / name for name in ("coding.py", "survivors.py", "tokens.py", "errors.py")),
)
MESSAGE_MODULES = ACTION_MODULES + REFUSING_MODULES
KOREAN_PO = WEB / "locale" / "ko" / "LC_MESSAGES" / "django.po"
RECORDED_ON = datetime.date(2024, 3, 2)


def raised(action: Callable[[], object], language: str) -> ValidationError:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        action()
    return caught.value


def messages(error: ValidationError, field: str | None) -> list[str]:
    return error.message_dict[field] if field else error.messages


def assert_in_both_languages(
    action: Callable[[], object], field: str | None, *, english: str, korean: str
) -> None:
    assert messages(raised(action, "en"), field) == [english]
    assert messages(raised(action, "ko"), field) == [korean]


# --- one or more actions per app -------------------------------------------------------------------


def test_creating_a_user_explains_role_and_duplicate_in_the_active_language(interviewer: User) -> None:
    create = partial(
        do_create_user, password=PASSWORD, organisation_name="Test NGO", compartment_names=["Seoul cases"]
    )
    roles = ", ".join(Role.values)
    assert_in_both_languages(
        partial(create, username="new-user", role="wizard"),
        "role",
        english=f"Unknown role; use one of {roles}.",
        korean=f"알 수 없는 역할입니다. 다음 중 하나를 사용해 주세요: {roles}.",
    )
    assert_in_both_languages(
        partial(create, username=interviewer.username, role=Role.INTERVIEWER),
        "username",
        english="This user exists already.",
        korean="이미 있는 사용자입니다.",
    )


def test_coding_explains_span_dates_and_currency_in_the_active_language(world: World) -> None:
    passage = world.own.interview.passages.get(anchor="p0001")
    assert_in_both_languages(
        partial(
            do_code_event, passage, by=None, type_code="evt_border_crossing", span=(0, len(passage.text) + 1)
        ),
        "span",
        english="The selected span lies outside the passage.",
        korean="선택 범위가 단락을 벗어납니다.",
    )
    assert_in_both_languages(
        partial(
            do_update_event,
            world.own.event,
            by=None,
            type_code="evt_border_crossing",
            date_precision=DatePrecision.RANGE,
            date_start=datetime.date(2019, 5, 1),
            date_end=datetime.date(2019, 4, 1),
            place=None,
            description="",
        ),
        "date_end",
        english="A range needs a start and an end that is not before it.",
        korean="기간에는 시작일과, 시작일보다 앞서지 않는 종료일이 필요합니다.",
    )
    assert_in_both_languages(
        partial(
            do_code_act,
            world.own.event,
            passage,
            by=None,
            type_term=term_by_code("nkcn", "exp_forced_marriage"),
            price_amount=Decimal(20000),
            price_currency="",
        ),
        "price_currency",
        english="A price needs its ISO 4217 currency code (e.g. CNY).",
        korean="가격에는 ISO 4217 통화 코드(예: CNY)가 필요합니다.",
    )


def untrainable(rows: Iterable[Mapping[str, str | None]], settings: LinkageSettings) -> LinkageResult:
    raise ZeroDivisionError


UNREADABLE = LinkageInputError(
    file="store", row=2, column="birth_year", problem="not a year", fix="Correct it."
)


def unreadable(rows: Iterable[Mapping[str, str | None]], settings: LinkageSettings) -> LinkageResult:
    raise UNREADABLE


def test_linkage_explains_what_it_needs_in_the_active_language(
    world: World, compartment: Compartment, other_compartment: Compartment
) -> None:
    run = partial(do_run_linkage, by=None)
    assert_in_both_languages(
        partial(run, compartments=[]),
        "compartments",
        english="Choose at least one compartment to link.",
        korean="연계할 구획을 하나 이상 선택해 주세요.",
    )
    assert_in_both_languages(
        partial(run, compartments=[compartment]),
        None,
        english="Linkage needs at least two survivors in the chosen compartments.",
        korean="연계하려면 선택한 구획에 생존자가 두 명 이상 있어야 합니다.",
    )
    assert_in_both_languages(
        partial(run, compartments=[compartment, other_compartment], linker=untrainable),
        None,
        english="The linkage model could not be trained on these 2 records (ZeroDivisionError). "
        "It needs a few hundred records with several identity fields.",
        korean="이 기록 2건으로는 연계 모델을 학습시킬 수 없었습니다(ZeroDivisionError). "
        "신원 항목이 여러 개 있는 기록이 수백 건 필요합니다.",
    )


def test_a_linkage_input_error_keeps_the_librarys_own_words_after_the_korean_lead(
    world: World, compartment: Compartment, other_compartment: Compartment
) -> None:
    """The pure library speaks English only (it names file, row and column); the lead is translated."""
    run = partial(do_run_linkage, by=None, compartments=[compartment, other_compartment], linker=unreadable)
    reason = str(UNREADABLE)
    assert messages(raised(run, "ko"), None) == [
        f"연계 과정에서 저장소의 기록을 읽을 수 없었습니다: {reason}"
    ]


def test_testimonies_explain_fields_consent_and_withdrawal_in_the_active_language(
    world: World, compartment: Compartment
) -> None:
    survivor, consent = world.own.survivor, world.own.consent
    purposes = ", ".join(ConsentPurpose.values)
    assert_in_both_languages(
        partial(do_create_survivor, by=None, compartment=compartment, code="S-NEW", nickname="x"),
        None,
        english="Unknown survivor fields: nickname",
        korean="알 수 없는 생존자 항목입니다: nickname",
    )
    assert_in_both_languages(
        partial(
            do_record_consent, survivor, by=None, purpose="marketing", given=True, recorded_on=RECORDED_ON
        ),
        "purpose",
        english=f"Unknown purpose; use one of {purposes}.",
        korean=f"알 수 없는 목적입니다. 다음 중 하나를 사용해 주세요: {purposes}.",
    )
    do_withdraw_consent(consent, by=None)
    assert_in_both_languages(
        partial(do_withdraw_consent, consent, by=None),
        None,
        english="This consent was withdrawn already.",
        korean="이 동의는 이미 철회되었습니다.",
    )


def test_an_unknown_or_retired_vocabulary_code_is_named_in_the_active_language(world: World) -> None:
    passage = world.own.interview.passages.get(anchor="p0001")
    code_event = partial(do_code_event, passage, by=None, span=(0, 2))
    assert_in_both_languages(
        partial(code_event, type_code="evt_no_such_code"),
        "type",
        english="No term 'evt_no_such_code' in vocabulary 'nkcn'; run `moksori vocab load`.",
        korean="어휘 'nkcn'에 'evt_no_such_code' 용어가 없습니다. `moksori vocab load`를 실행해 주세요.",
    )
    Term.objects.filter(scheme="nkcn", code="evt_border_crossing").update(status=TermStatus.RETIRED)
    assert_in_both_languages(
        partial(code_event, type_code="evt_border_crossing"),
        "type",
        english="The term 'evt_border_crossing' is retired; choose a current one.",
        korean="'evt_border_crossing' 용어는 더 이상 쓰이지 않습니다. 현재 쓰이는 용어를 선택해 주세요.",
    )


TESTIMONY = BulkTestimony(
    survivor_code="S-BULK-1", identity={}, conducted_on=RECORDED_ON, passages=[("한 단락", "One passage")]
)


def test_a_bulk_import_refuses_in_the_active_language_without_repeating_the_purpose(
    world: World, compartment: Compartment
) -> None:
    bulk = partial(do_bulk_import, by=None, compartment=compartment)
    purposes = ", ".join(ConsentPurpose.values)
    assert_in_both_languages(
        partial(bulk, [replace(TESTIMONY, consents=[ConsentInput("marketing", True, RECORDED_ON)])]),
        "purpose",
        english=f"Unknown purpose; use one of {purposes}.",
        korean=f"알 수 없는 목적입니다. 다음 중 하나를 사용해 주세요: {purposes}.",
    )
    assert_in_both_languages(
        partial(bulk, [replace(TESTIMONY, interviewer="nobody-here")]),
        "interviewer",
        english="No account for interviewer(s) nobody-here: create them with "
        "`moksori createuser NAME --role interviewer`, or leave the column blank.",
        korean="계정이 없는 면담자가 있습니다: nobody-here. `moksori createuser NAME --role interviewer`로 "
        "계정을 만들거나 면담자 열을 비워 주세요.",
    )
    assert_in_both_languages(
        partial(bulk, [replace(TESTIMONY, identity={"nickname": "x"})]),
        None,
        english="Unknown survivor fields: nickname",
        korean="알 수 없는 생존자 항목입니다: nickname",
    )


def test_issuing_a_token_explains_name_and_inactive_account_in_the_active_language(
    interviewer: User,
) -> None:
    assert_in_both_languages(
        partial(issue_token, interviewer, "   "),
        "name",
        english=f"Give the token a name of 1 to {NAME_MAX_LENGTH} characters.",
        korean=f"토큰 이름은 1자에서 {NAME_MAX_LENGTH}자 사이로 입력해 주세요.",
    )
    interviewer.is_active = False
    assert_in_both_languages(
        partial(issue_token, interviewer, "nightly export"),
        "user",
        english="This account is inactive; reactivate it before issuing a token.",
        korean="이 계정은 사용 중지되었습니다. 토큰을 발급하기 전에 다시 활성화해 주세요.",
    )


BLANK_OR_TOO_LONG = st.one_of(
    st.text(alphabet=" \t", max_size=5),
    st.text(min_size=NAME_MAX_LENGTH + 1).filter(lambda s: len(s.strip()) > NAME_MAX_LENGTH),
)


@given(name=BLANK_OR_TOO_LONG)
def test_any_refused_token_name_gets_the_one_korean_sentence_that_carries_no_value(name: str) -> None:
    # An unsaved user is enough: the name is checked before anything is read or written.
    refuse = partial(issue_token, User(), name)
    assert messages(raised(refuse, "ko"), "name") == [
        f"토큰 이름은 1자에서 {NAME_MAX_LENGTH}자 사이로 입력해 주세요."
    ]


# --- the API: field messages and the detail line follow Accept-Language ----------------------------

API = "/api/v1"


def api_client(user: User) -> Client:
    # Failed-token counts live in the cache, and tests/api ends with a test that fills them for this
    # address: start from none, or the API answers 429 before it looks at the request.
    cache.clear()
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user, 'tests')}")


def refused(client: Client, method: str, url: str, body: dict[str, object], language: str) -> dict[str, Any]:
    send = getattr(client, method)
    response = send(url, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 422
    refusal: dict[str, Any] = response.json()
    return refusal


def test_the_api_refuses_in_the_language_the_request_accepts(
    world: World, user_factory: Callable[..., User]
) -> None:
    client = api_client(user_factory(Role.COORDINATOR))
    empty_code = partial(refused, client, "patch", f"{API}/survivors/{world.own.survivor.pk}", {"code": None})
    assert empty_code("en") == {
        "detail": "Check these fields and send again: code.",
        "errors": [{"field": "code", "message": "A survivor's code cannot be empty."}],
    }
    assert empty_code("ko") == {
        "detail": "다음 항목을 확인한 뒤 다시 보내 주세요: code.",
        "errors": [{"field": "code", "message": "생존자 코드는 비워 둘 수 없습니다."}],
    }
    passage = world.own.interview.passages.get(anchor="p0001")
    unknown_place = partial(
        refused,
        client,
        "post",
        f"{API}/passages/{passage.pk}/events",
        {"type_code": "evt_border_crossing", "place": "xx_nowhere"},
    )
    assert unknown_place("en")["errors"] == [
        {"field": "place", "message": "Unknown or retired place; use an id from the gazetteer."}
    ]
    assert unknown_place("ko")["errors"] == [
        {
            "field": "place",
            "message": "알 수 없거나 더 이상 쓰이지 않는 장소입니다. 지명 사전에 있는 id를 사용해 주세요.",
        }
    ]


def test_the_api_detail_line_of_a_malformed_request_follows_accept_language_too(
    world: World, user_factory: Callable[..., User]
) -> None:
    """Pydantic's own field messages stay English; the summary above them is translated."""
    client = api_client(user_factory(Role.COORDINATOR))
    url = f"{API}/survivors/{world.own.survivor.pk}"
    for language, detail in (
        ("en", "Check these fields and send again: nickname."),
        ("ko", "다음 항목을 확인한 뒤 다시 보내 주세요: nickname."),
    ):
        body = refused(client, "patch", url, {"nickname": "x"}, language)
        assert body["detail"] == detail


def not_a_valid_year(value: str) -> bool:
    return not (value.isdigit() and 1900 <= int(value) <= timezone.now().year)


INVALID_YEARS = st.one_of(
    st.integers(max_value=1899).map(str),
    st.integers(min_value=timezone.now().year + 1).map(str),
    st.text(alphabet="0123456789-.abc ", min_size=1, max_size=6).map(str.strip).filter(bool),
).filter(not_a_valid_year)


@given(year=INVALID_YEARS)
def test_any_invalid_year_gets_the_one_korean_sentence_that_carries_no_value(year: str) -> None:
    # An unsaved compartment is enough: the year is checked before anything is read or written.
    create = partial(do_create_survivor, by=None, compartment=Compartment(), code="S-YEAR", birth_year=year)
    assert messages(raised(create, "ko"), "birth_year") == [
        "1900년부터 올해 사이의 네 자리 연도를 입력해 주세요."
    ]


# --- the catalogue ---------------------------------------------------------------------------------


def is_gettext_call(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"


def is_translated(node: ast.expr | None) -> bool:
    """``_("...")``, ``_("...") % {...}``, or a dict of field -> such messages (keys are field names)."""
    if node is None:
        return False
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return is_gettext_call(node.left)
    if isinstance(node, ast.Dict):
        return all(is_translated(value) for value in node.values)
    return is_gettext_call(node)


def is_validation_error(node: ast.expr | None) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "ValidationError"
    )


def validation_error_raises(path: Path) -> Iterator[ast.Call]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and is_validation_error(node.exc) and isinstance(node.exc, ast.Call):
            yield node.exc


def literal_msgid(call: ast.Call) -> str | None:
    """The msgid of ``_("...")``; None when it is not one literal string (translators could not see it)."""
    first = call.args[0] if call.args else None
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def gettext_calls() -> Iterator[ast.Call]:
    for path in MESSAGE_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and is_gettext_call(node):
                yield node


def used_msgids() -> set[str]:
    msgids = {literal_msgid(call) for call in gettext_calls()}
    assert None not in msgids, "every _() in the actions takes one literal string"
    return {msgid for msgid in msgids if msgid is not None}


PO_KEYWORD = re.compile(r"^(msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$")


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr (msgstr[0] of a plural) of a .po file; enough of the format for this file."""
    catalogue: dict[str, str] = {}
    entry: dict[str, str] = {}
    keyword = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), 'msgid ""']:
        line = line.strip()
        match = PO_KEYWORD.match(line)
        if match and match.group(1) == "msgid" and "msgid" in entry:
            catalogue[entry["msgid"]] = entry.get("msgstr", entry.get("msgstr[0]", ""))
            entry = {}
        if match:
            keyword = match.group(1)
            entry[keyword] = str(ast.literal_eval(match.group(2)))
        elif line.startswith('"') and keyword:
            entry[keyword] += str(ast.literal_eval(line))
    return catalogue


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\((\w+)\)", text))


def test_every_validation_error_of_the_actions_goes_through_gettext() -> None:
    raises = [(path.name, call) for path in ACTION_MODULES for call in validation_error_raises(path)]
    untranslated = [
        f"{name}:{call.lineno}" for name, call in raises if not all(map(is_translated, call.args))
    ]
    assert len(raises) >= 20
    assert untranslated == []


def test_every_validation_error_of_the_other_refusing_modules_goes_through_gettext() -> None:
    raises = [(path, call) for path in REFUSING_MODULES for call in validation_error_raises(path)]
    untranslated = [
        f"{path.parent.name}/{path.name}:{call.lineno}"
        for path, call in raises
        if not all(map(is_translated, call.args))
    ]
    assert {path.name for path, _call in raises} == {
        "queries.py",
        "bulk.py",
        "coding.py",
        "survivors.py",
        "tokens.py",
    }
    assert untranslated == []


def test_every_msgid_of_the_actions_has_korean_with_the_same_placeholders() -> None:
    catalogue, used = read_po(KOREAN_PO), used_msgids()
    assert {"This user exists already.", "Check these fields and send again: %(fields)s."} <= used
    missing = sorted(msgid for msgid in used if not catalogue.get(msgid, "").strip())
    assert missing == []
    mismatched = sorted(msgid for msgid in used if placeholders(msgid) != placeholders(catalogue[msgid]))
    assert mismatched == []


def test_the_compiled_catalogue_holds_the_korean_of_the_po() -> None:
    catalogue = read_po(KOREAN_PO)
    with translation.override("ko"):
        stale = sorted(msgid for msgid in used_msgids() if translation.gettext(msgid) != catalogue[msgid])
    assert stale == []
