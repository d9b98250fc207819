"""The canonical import record: one row per testimony (interview) with its survivor.

`FIELD_SPECS` is the single table that describes every Moksori import field; the
mapping, validation, documentation and tests all read it rather than repeating it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class FieldKind(StrEnum):
    """How a cell is parsed and checked."""

    CODE = "code"  # a pseudonymous survivor code such as S-0001
    TEXT = "text"  # a short single-line text
    LONG_TEXT = "long_text"  # a transcript or translation; newlines kept
    DATE = "date"
    YEAR = "year"
    CHOICE = "choice"  # one of `allowed`
    USERNAME = "username"
    CONSENT = "consent"  # yes / no / blank
    PARTNER = "partner"  # a partner organisation's name, or blank


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One Moksori import field.

    `sensitive` fields (names, contact, places, texts, codes) are never quoted back in
    messages; `aliases` are extra header spellings recognised without a mapping file.
    """

    name: str
    kind: FieldKind
    required: bool
    label_ko: str
    label_en: str
    sensitive: bool = True
    allowed: tuple[str, ...] = ()
    default: str | None = None
    max_length: int | None = None
    aliases: tuple[str, ...] = ()


CONSENT_FIELDS: tuple[str, ...] = (
    "consent_internal_case_work",
    "consent_aggregate_statistics",
    "consent_anonymised_quotation",
    "consent_legal_proceedings",
)

FIELD_SPECS: tuple[FieldSpec, ...] = (
    FieldSpec("survivor_code", FieldKind.CODE, True, "생존자 코드", "Survivor code", max_length=32,
              aliases=("코드", "code")),
    FieldSpec("name_hangul", FieldKind.TEXT, False, "이름(한글)", "Name (Hangul)", max_length=100,
              aliases=("이름", "성명", "한글 이름")),
    FieldSpec("name_latin", FieldKind.TEXT, False, "이름(영문)", "Name (Latin)", max_length=100,
              aliases=("영문 이름", "name")),
    FieldSpec("birth_year", FieldKind.YEAR, False, "출생 연도", "Birth year", sensitive=False,
              aliases=("출생년도", "생년")),
    FieldSpec("home_province", FieldKind.TEXT, False, "출신 지역", "Home province", max_length=100,
              aliases=("출신지", "고향")),
    FieldSpec("left_year", FieldKind.YEAR, False, "탈북 연도", "Year she left North Korea", sensitive=False,
              aliases=("탈북년도", "탈북 년도")),
    FieldSpec("china_place", FieldKind.TEXT, False, "중국 첫 거주지", "First place in China", max_length=100,
              aliases=("중국 거주지", "중국 지역")),
    FieldSpec("contact", FieldKind.TEXT, False, "연락처", "Contact", max_length=200),
    FieldSpec("interview_date", FieldKind.DATE, True, "면담 일자", "Interview date", sensitive=False,
              aliases=("면담일", "면담 날짜")),
    FieldSpec("interview_place", FieldKind.TEXT, False, "면담 장소", "Interview place", max_length=200),
    FieldSpec("language", FieldKind.CHOICE, False, "언어", "Language", sensitive=False,
              allowed=("ko", "en", "zh"), default="ko"),
    FieldSpec("interviewer", FieldKind.USERNAME, False, "면담자", "Interviewer", max_length=150),
    FieldSpec("transcript", FieldKind.LONG_TEXT, True, "증언 기록", "Transcript",
              aliases=("증언", "녹취록")),
    FieldSpec("translation", FieldKind.LONG_TEXT, False, "번역", "Translation"),
    FieldSpec("consent_internal_case_work", FieldKind.CONSENT, False, "동의: 내부 사례 관리",
              "Consent: internal case work", sensitive=False),
    FieldSpec("consent_aggregate_statistics", FieldKind.CONSENT, False, "동의: 집계 통계",
              "Consent: aggregate statistics", sensitive=False),
    FieldSpec("consent_anonymised_quotation", FieldKind.CONSENT, False, "동의: 익명 인용",
              "Consent: anonymised quotation", sensitive=False),
    FieldSpec("consent_legal_proceedings", FieldKind.CONSENT, False, "동의: 법적 절차",
              "Consent: legal proceedings", sensitive=False),
    FieldSpec("consent_partner_sharing", FieldKind.PARTNER, False, "동의: 협력 단체 공유",
              "Consent: partner sharing", max_length=200),
)  # fmt: skip

FIELDS_BY_NAME: dict[str, FieldSpec] = {spec.name: spec for spec in FIELD_SPECS}
REQUIRED_FIELDS: tuple[str, ...] = tuple(spec.name for spec in FIELD_SPECS if spec.required)


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One validated testimony row, ready for the encrypted store.

    Personal fields are left out of `repr` so that a record landing in a traceback or
    a log line does not spill names, contact details or testimony text.
    """

    source_file: str
    row_number: int
    survivor_code: str = field(repr=False)
    interview_date: dt.date
    transcript: str = field(repr=False)
    language: str = "ko"
    name_hangul: str | None = field(default=None, repr=False)
    name_latin: str | None = field(default=None, repr=False)
    birth_year: int | None = field(default=None, repr=False)
    home_province: str | None = field(default=None, repr=False)
    left_year: int | None = field(default=None, repr=False)
    china_place: str | None = field(default=None, repr=False)
    contact: str | None = field(default=None, repr=False)
    interview_place: str | None = field(default=None, repr=False)
    interviewer: str | None = None
    translation: str | None = field(default=None, repr=False)
    consent_internal_case_work: bool | None = None
    consent_aggregate_statistics: bool | None = None
    consent_anonymised_quotation: bool | None = None
    consent_legal_proceedings: bool | None = None
    consent_partner_sharing: str | None = field(default=None, repr=False)

    def summary(self) -> str:
        """A one-line description without personal data."""
        return f"{self.source_file} row {self.row_number}: interview of {self.interview_date.isoformat()}"

    def to_dict(self) -> dict[str, object]:
        """All fields as plain JSON-ready values (contains personal data: handle as such)."""
        values: dict[str, object] = {"source_file": self.source_file, "row_number": self.row_number}
        for spec in FIELD_SPECS:
            value = getattr(self, spec.name)
            values[spec.name] = value.isoformat() if isinstance(value, dt.date) else value
        return values
