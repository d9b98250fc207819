"""Request and response shapes of the API. Requests refuse unknown fields, so a typo is not dropped.

Identity fields of a survivor are optional in the response and left out entirely (not null) for
roles that may not see them.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

Language = Literal["ko", "en", "zh"]
DatePrecisionCode = Literal["exact", "month", "year", "range", "before", "after", "unknown"]
ConfidenceCode = Literal["low", "medium", "high"]
ConsentPurposeCode = Literal[
    "internal_case_work",
    "aggregate_statistics",
    "anonymised_quotation",
    "partner_sharing",
    "legal_proceedings",
]


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


class SurvivorIn(StrictIn):
    compartment: uuid.UUID
    code: str = Field(min_length=1, max_length=40)
    name_hangul: str = ""
    name_latin: str = ""
    birth_year: str = Field("", description="Four digits, 1900 to this year; empty if unknown.")
    home_province: str = ""
    left_year: str = Field("", description="Year she left North Korea: four digits; empty if unknown.")
    china_place: str = Field("", description="First place in China (any spelling; the gazetteer reads it).")
    contact: str = ""


class SurvivorPatch(StrictIn):
    code: str | None = Field(None, min_length=1, max_length=40)
    name_hangul: str | None = None
    name_latin: str | None = None
    birth_year: str | None = None
    home_province: str | None = None
    left_year: str | None = None
    china_place: str | None = None
    contact: str | None = None


class SurvivorOut(Schema):
    id: uuid.UUID
    code: str
    compartment: uuid.UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime
    name_hangul: str | None = Field(None, description="Only for roles that may see identity.")
    name_latin: str | None = Field(None, description="Only for roles that may see identity.")
    birth_year: str | None = Field(None, description="Only for roles that may see identity.")
    home_province: str | None = Field(None, description="Only for roles that may see identity.")
    left_year: str | None = Field(None, description="Only for roles that may see identity.")
    china_place: str | None = Field(None, description="Only for roles that may see identity.")
    contact: str | None = Field(None, description="Only for roles that may see identity.")


class PassageIn(StrictIn):
    text: str = Field(min_length=1)
    translation: str = ""


class InterviewIn(StrictIn):
    conducted_on: datetime.date
    place: str = ""
    language: Language = "ko"
    passages: list[PassageIn] = Field(min_length=1)


class PassageOut(Schema):
    id: uuid.UUID
    anchor: str
    ordinal: int
    text: str
    translation: str


class InterviewSummaryOut(Schema):
    id: uuid.UUID
    survivor: uuid.UUID
    conducted_on: datetime.date
    language: str
    created_at: datetime.datetime


class InterviewOut(InterviewSummaryOut):
    place: str
    passages: list[PassageOut]


class ConsentIn(StrictIn):
    purpose: ConsentPurposeCode
    given: bool
    recorded_on: datetime.date
    partner: str = ""


class WithdrawalIn(StrictIn):
    reason: str = ""


class ConsentOut(Schema):
    id: uuid.UUID
    survivor: uuid.UUID
    purpose: str
    given: bool
    partner: str
    recorded_on: datetime.date
    withdrawn_at: datetime.datetime | None
    in_force: bool


class EventIn(StrictIn):
    type_code: str = Field(min_length=1, description="An active term of vocabulary nkcn, group events.")
    date_precision: DatePrecisionCode = "unknown"
    date_start: datetime.date | None = None
    date_end: datetime.date | None = None
    place: str | None = Field(None, description="A gazetteer id such as cn_jl_yanji.")
    description: str = ""
    span: tuple[int, int] | None = Field(None, description="Start and end offsets within the passage text.")
    confidence: ConfidenceCode = "medium"


class TermRef(Schema):
    scheme: str
    group: str
    code: str


class SourceOut(Schema):
    passage: uuid.UUID
    anchor: str
    span_start: int | None
    span_end: int | None
    confidence: str


class EventOut(Schema):
    id: uuid.UUID
    survivor: uuid.UUID
    type: TermRef
    date_precision: str
    date_start: datetime.date | None
    date_end: datetime.date | None
    place: str | None
    description: str
    sources: list[SourceOut]


class TermOut(Schema):
    scheme: str
    group: str
    code: str
    label_en: str
    label_ko: str
    label_zh: str
    definition: str


class TokenOut(Schema):
    id: uuid.UUID
    name: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = Field(default_factory=list)
