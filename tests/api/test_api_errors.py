"""Error bodies name fields and never carry what was submitted (a name, a transcript)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from moksori.web.api.errors import GENERIC_VALUE_MESSAGE, action_errors, field_of, request_errors

submitted = st.text(min_size=6).filter(lambda s: s.strip())
location_part = st.one_of(st.sampled_from(["code", "passages", "text", "span"]), st.integers(0, 50))


@given(value=submitted, tail=st.lists(location_part, min_size=1, max_size=4))
def test_request_errors_keep_the_field_and_drop_the_submitted_value(value: str, tail: list[object]) -> None:
    error = {
        "type": "string_type",
        "loc": ("body", "payload", *tail),
        "msg": "Input should be a valid string",
        "input": value,
        "ctx": {"given": value},
        "url": "https://errors.pydantic.dev",
    }
    [cleaned] = request_errors([error])
    assert cleaned == {"field": ".".join(map(str, tail)), "message": "Input should be a valid string"}
    assert value not in repr(cleaned)


@given(value=submitted)
def test_django_messages_that_interpolate_the_value_are_replaced(value: str) -> None:
    error = ValidationError(
        {
            "language": ValidationError(
                "Value %(value)r is not a valid choice.", code="invalid_choice", params={"value": value}
            )
        }
    )
    assert action_errors(error) == [{"field": "language", "message": str(GENERIC_VALUE_MESSAGE)}]


def test_query_and_path_locations_name_the_parameter() -> None:
    assert field_of(("query", "scheme")) == "scheme"
    assert field_of(("path", "survivor_id")) == "survivor_id"
    assert field_of(()) == "__all__"


def test_an_action_error_without_a_field_is_reported_as_all() -> None:
    assert action_errors(ValidationError("This consent was withdrawn already.")) == [
        {"field": "__all__", "message": "This consent was withdrawn already."}
    ]
