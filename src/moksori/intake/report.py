"""Validation issues and the report that collects them, in English and Korean.

Messages quote a cell only when it is both in a non-sensitive field and looks harmless
(digits, date punctuation, 년/월/일): a date typed into the wrong column could be a name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from moksori.intake.records import FIELDS_BY_NAME

ERROR = "error"
WARNING = "warning"
ISSUE_TABLE_HEADERS: tuple[str, ...] = ("file", "row", "field", "severity", "code", "message")

_HARMLESS_VALUE = re.compile(r"[0-9\s./:\-T년월일]{1,30}")

# code -> (English, Korean). Placeholders: {what_en}/{what_ko} name the field (and the
# quoted value when harmless); others are filled in by the caller.
MESSAGES: dict[str, tuple[str, str]] = {
    "required_missing": (
        "{what_en} is required but empty; fill it in.",
        "{what_ko} 값이 비어 있습니다. 입력하세요.",
    ),
    "date_format": (
        "{what_en} is not a date; write it as 2023-03-15, 2023.03.15, 2023/03/15 or 2023년 3월 15일.",
        "{what_ko} 값이 날짜가 아닙니다. "
        "2023-03-15, 2023.03.15, 2023/03/15, 2023년 3월 15일 형식으로 쓰세요.",
    ),
    "date_invalid": (
        "{what_en} is not a real calendar date; check the month and day.",
        "{what_ko} 값이 존재하지 않는 날짜입니다. 월과 일을 확인하세요.",
    ),
    "date_in_future": (
        "{what_en} is in the future; check the year.",
        "{what_ko} 값이 미래의 날짜입니다. 연도를 확인하세요.",
    ),
    "year_format": (
        "{what_en} is not a four-digit year such as 1985.",
        "{what_ko} 값이 1985처럼 네 자리 연도가 아닙니다.",
    ),
    "year_range": (
        "{what_en} must be between 1900 and {this_year}.",
        "{what_ko} 값은 1900년부터 {this_year}년 사이여야 합니다.",
    ),
    "choice": ("{what_en} must be one of: {allowed}.", "{what_ko} 값은 다음 중 하나여야 합니다: {allowed}."),
    "consent_value": (
        "{what_en} must be yes or no (예/아니오), or left blank.",
        "{what_ko} 값은 예 또는 아니오(yes/no)이거나 비어 있어야 합니다.",
    ),
    "partner_name_missing": (
        "{what_en} says yes but names no partner organisation; "
        "write the organisation's name or leave it blank.",
        "{what_ko} 값이 '예'이지만 협력 단체 이름이 없습니다. 단체 이름을 쓰거나 비워 두세요.",
    ),
    "code_format": (
        "{what_en} must be a pseudonymous code like S-0001 (letters, digits, - and _; at most 32).",
        "{what_ko} 값은 S-0001 같은 가명 코드여야 합니다 (영문, 숫자, -, _; 최대 32자).",
    ),
    "code_looks_like_name": (
        "{what_en} contains Hangul; it must be a pseudonymous code like S-0001, never a name.",
        "{what_ko} 값에 한글이 있습니다. 이름이 아닌 S-0001 같은 가명 코드를 쓰세요.",
    ),
    "username_format": (
        "{what_en} must be a Moksori username (letters, digits and . @ + - _).",
        "{what_ko} 값은 목소리 사용자 이름이어야 합니다 (글자, 숫자, . @ + - _).",
    ),
    "too_long": (
        "{what_en} is longer than {max_length} characters; shorten it.",
        "{what_ko} 값이 {max_length}자를 넘습니다. 줄이세요.",
    ),
    "duplicate_row": (
        "this row repeats row {other_row} (same survivor code, interview date and transcript); remove one.",
        "이 행은 {other_row}행과 같습니다 (생존자 코드, 면담 일자, 증언 기록 동일). 하나를 지우세요.",
    ),
    "birth_after_interview": (
        "{what_en} is after the interview date; check both.",
        "{what_ko} 값이 면담 일자보다 늦습니다. 둘 다 확인하세요.",
    ),
    "extra_cells": (
        "this row has more cells than there are column headers; check for an unquoted delimiter.",
        "이 행의 칸 수가 머리글보다 많습니다. 따옴표 없이 쓴 구분자가 있는지 확인하세요.",
    ),
    "column_missing": (
        "the mapping names the column {header!r} for {what_en}, but the file has no such column; "
        "fix the mapping file or the header.",
        "매핑 파일이 {what_ko}에 {header!r} 열을 지정했지만 파일에 그 열이 없습니다. "
        "매핑 파일이나 머리글을 고치세요.",
    ),
    "required_column_missing": (
        "no column provides the required {what_en}; add the column, or map it in a mapping file (--mapping).",
        "필수 항목 {what_ko}에 해당하는 열이 없습니다. 열을 추가하거나 매핑 파일(--mapping)로 지정하세요.",
    ),
    "column_conflict": (
        "several columns ({headers}) map to {what_en}; rename one, or choose one in a mapping file.",
        "여러 열({headers})이 {what_ko}에 대응합니다. 하나의 이름을 바꾸거나 매핑 파일로 하나를 고르세요.",
    ),
    "column_ignored": (
        "the column {header!r} is not imported; map it in a mapping file, or map it to null to silence this.",
        "{header!r} 열은 가져오지 않습니다. 매핑 파일로 지정하거나, null로 지정해 이 경고를 끄세요.",
    ),
    "unnamed_column_has_data": (
        "column {column} has data but no header, so it is not imported; give it a header.",
        "{column}번째 열에 머리글 없이 데이터가 있어 가져오지 않습니다. 머리글을 붙이세요.",
    ),
    "no_rows": ("the file has a header but no data rows.", "머리글만 있고 데이터 행이 없습니다."),
}


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One problem in an import file; `row` is None for problems with a whole column."""

    file: str
    row: int | None
    field: str
    code: str
    message_en: str
    message_ko: str
    severity: str = ERROR

    def to_dict(self) -> dict[str, object]:
        """The issue as plain values."""
        return {
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "code": self.code,
            "severity": self.severity,
            "message_en": self.message_en,
            "message_ko": self.message_ko,
        }


def make_issue(
    file: str,
    row: int | None,
    field: str,
    code: str,
    *,
    value: str | None = None,
    severity: str = ERROR,
    **details: object,
) -> ImportIssue:
    """Build an issue from the message catalogue, quoting `value` only if it is harmless."""
    template_en, template_ko = MESSAGES[code]
    what_en, what_ko = _describe(field, _quotable(field, value))
    message_en = template_en.format(what_en=what_en, **details)
    message_ko = template_ko.format(what_ko=what_ko, **details)
    return ImportIssue(file, row, field, code, message_en, message_ko, severity)


def _quotable(field: str, value: str | None) -> str | None:
    spec = FIELDS_BY_NAME.get(field)
    if value is None or spec is None or spec.sensitive or not _HARMLESS_VALUE.fullmatch(value):
        return None
    return value


def _describe(field: str, value: str | None) -> tuple[str, str]:
    spec = FIELDS_BY_NAME.get(field)
    label_en = f"{spec.label_en} ({field})" if spec else field
    label_ko = f"{spec.label_ko}({field})" if spec else field
    if value is None:
        return label_en, label_ko
    return f'{label_en} "{value}"', f'{label_ko} "{value}"'


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Every issue found in one import file, and what was read.

    `ok` is True only when there is no error; warnings alone do not block an import.
    """

    source_file: str
    rows_read: int
    rows_valid: int
    issues: tuple[ImportIssue, ...]
    columns: tuple[tuple[str, str], ...] = ()
    """(field, file header) pairs actually used, for the import's audit entry."""

    @property
    def errors(self) -> tuple[ImportIssue, ...]:
        """The issues that block the import."""
        return tuple(issue for issue in self.issues if issue.severity == ERROR)

    @property
    def warnings(self) -> tuple[ImportIssue, ...]:
        """The issues worth reading that do not block the import."""
        return tuple(issue for issue in self.issues if issue.severity == WARNING)

    @property
    def ok(self) -> bool:
        """True when the file can be imported as it is."""
        return not self.errors

    def rows_with_errors(self) -> tuple[int, ...]:
        """The row numbers that have at least one error, in order."""
        return tuple(sorted({issue.row for issue in self.errors if issue.row is not None}))

    def counts_by_code(self) -> dict[str, int]:
        """How many issues of each code, most frequent first."""
        return dict(Counter(issue.code for issue in self.issues).most_common())

    def summary(self) -> str:
        """An English paragraph for the person running the import."""
        head = (
            f"{self.source_file}: {_count(self.rows_read, 'row')} read, {self.rows_valid} valid; "
            f"{_count(len(self.errors), 'error')} in {_count(len(self.rows_with_errors()), 'row')}, "
            f"{_count(len(self.warnings), 'warning')}."
        )
        verdict = "Ready to import." if self.ok else "Not imported: fix the errors listed and run again."
        return f"{head} {verdict}"

    def summary_ko(self) -> str:
        """The same paragraph in Korean."""
        head = (
            f"{self.source_file}: {self.rows_read}행을 읽었고 {self.rows_valid}행이 올바릅니다. "
            f"오류 {len(self.errors)}건({len(self.rows_with_errors())}행), 경고 {len(self.warnings)}건."
        )
        verdict = (
            "가져올 준비가 되었습니다."
            if self.ok
            else "가져오지 않았습니다. 목록의 오류를 고친 뒤 다시 실행하세요."
        )
        return f"{head} {verdict}"

    def issue_rows(self, language: str = "en") -> list[tuple[str, ...]]:
        """Rows for a table printer, matching `ISSUE_TABLE_HEADERS`; `language` is en or ko."""
        return [
            (
                issue.file,
                "-" if issue.row is None else str(issue.row),
                issue.field or "-",
                issue.severity,
                issue.code,
                issue.message_ko if language == "ko" else issue.message_en,
            )
            for issue in self.issues
        ]

    def to_dict(self) -> dict[str, object]:
        """The report as plain values (no cell contents beyond harmless quoted values)."""
        return {
            "source_file": self.source_file,
            "ok": self.ok,
            "rows_read": self.rows_read,
            "rows_valid": self.rows_valid,
            "error_count": len(self.errors),
            "warning_count": len(self.warnings),
            "counts_by_code": self.counts_by_code(),
            "columns": [list(pair) for pair in self.columns],
            "issues": [issue.to_dict() for issue in self.issues],
        }


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
