"""Validation of whole files: every issue found, located, and free of personal data."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from moksori.intake import (
    ISSUE_TABLE_HEADERS,
    ImportRecord,
    ValidationOptions,
    load_mapping,
    mapping_from_dict,
    read_rows,
    validate,
    validate_file,
)

from .samples import HEADERS, ROWS, csv_text

WriteCsv = Callable[..., Path]


def _with(row: int, field: str, value: str) -> list[list[str]]:
    rows = [list(r) for r in ROWS]
    rows[row][HEADERS.index(field)] = value
    return rows


def test_good_file_gives_typed_records_and_an_ok_report(
    write_csv: WriteCsv, options: ValidationOptions
) -> None:
    records, report = validate(read_rows(write_csv("good.csv")), None, options)
    assert report.ok
    assert report.issues == ()
    assert [r.row_number for r in records] == [2, 3, 4]
    first, second, third = records
    assert first.interview_date == dt.date(2023, 3, 15)
    assert first.birth_year == 1985
    assert first.consent_aggregate_statistics is True
    assert second.consent_aggregate_statistics is False
    assert third.birth_year is None
    assert third.consent_aggregate_statistics is None
    assert third.language == "zh"
    assert third.consent_partner_sharing == "희망재단"
    assert third.interview_date == dt.date(2023, 5, 7)
    assert first.language == "ko"
    assert first.source_file.endswith("good.csv")


def test_one_bad_row_reports_exactly_that_row_and_field(
    write_csv: WriteCsv, options: ValidationOptions
) -> None:
    path = write_csv("one_bad.csv", csv_text(_with(1, "interview_date", "2023-13-45")))
    records, report = validate(read_rows(path), None, options)
    assert not report.ok
    assert [(i.row, i.field, i.code) for i in report.issues] == [(3, "interview_date", "date_invalid")]
    assert [r.row_number for r in records] == [2, 4]
    assert report.rows_with_errors() == (3,)


def test_all_problems_in_all_rows_are_collected(write_csv: WriteCsv, options: ValidationOptions) -> None:
    rows = _with(0, "birth_year", "1850")
    rows[1][HEADERS.index("transcript")] = ""
    rows[1][HEADERS.index("language")] = "fr"
    rows[2][HEADERS.index("consent_aggregate_statistics")] = "maybe"
    _, report = validate(read_rows(write_csv("many.csv", csv_text(rows))), None, options)
    assert sorted((i.row, i.field, i.code) for i in report.issues) == [
        (2, "birth_year", "year_range"),
        (3, "language", "choice"),
        (3, "transcript", "required_missing"),
        (4, "consent_aggregate_statistics", "consent_value"),
    ]
    assert report.rows_valid == 0


def test_duplicate_testimony_within_a_file_is_flagged_against_the_first_row(
    write_csv: WriteCsv, options: ValidationOptions
) -> None:
    repeated = [*ROWS, ROWS[0]]
    records, report = validate(read_rows(write_csv("dup.csv", csv_text(repeated))), None, options)
    assert [(i.row, i.code) for i in report.issues] == [(5, "duplicate_row")]
    assert "row 2" in report.issues[0].message_en
    assert len(records) == 3


def test_same_survivor_on_another_date_is_not_a_duplicate(
    write_csv: WriteCsv, options: ValidationOptions
) -> None:
    later = list(ROWS[0])
    later[HEADERS.index("interview_date")] = "2024-01-02"
    _, report = validate(read_rows(write_csv("two.csv", csv_text([*ROWS, later]))), None, options)
    assert report.ok


def test_messages_never_contain_sensitive_cell_values(
    write_csv: WriteCsv, options: ValidationOptions
) -> None:
    rows = _with(0, "survivor_code", "김테스트")  # a name typed into the code column
    rows[1][HEADERS.index("interview_date")] = "이샘플"  # a name typed into the date column
    rows[2][HEADERS.index("name_hangul")] = "박예시" * 50  # too long
    _, report = validate(read_rows(write_csv("leaky.csv", csv_text(rows))), None, options)
    assert {i.code for i in report.issues} == {"code_looks_like_name", "date_format", "too_long"}
    dumped = json.dumps(report.to_dict(), ensure_ascii=False) + report.summary() + report.summary_ko()
    dumped += "".join("".join(row) for row in report.issue_rows("en") + report.issue_rows("ko"))
    for marker in ("김테스트", "이샘플", "박예시"):
        assert marker not in dumped


def test_harmless_date_value_is_quoted_to_help_the_fix(
    write_csv: WriteCsv, options: ValidationOptions
) -> None:
    path = write_csv("date.csv", csv_text(_with(0, "interview_date", "2023.02.30")))
    _, report = validate(read_rows(path), None, options)
    (issue,) = report.issues
    assert issue.code == "date_invalid"
    assert '"2023.02.30"' in issue.message_en
    assert '"2023.02.30"' in issue.message_ko


def test_missing_required_column_is_one_file_level_error_not_one_per_row(
    write_csv: WriteCsv, options: ValidationOptions
) -> None:
    headers = [h for h in HEADERS if h != "transcript"]
    rows = [[c for h, c in zip(HEADERS, r, strict=True) if h != "transcript"] for r in ROWS]
    _, report = validate(read_rows(write_csv("no_text.csv", csv_text(rows, headers))), None, options)
    assert [(i.row, i.field, i.code) for i in report.issues] == [
        (None, "transcript", "required_column_missing")
    ]
    assert not report.ok


def test_unknown_columns_are_warnings_that_do_not_block(
    write_csv: WriteCsv, options: ValidationOptions
) -> None:
    rows = [[*r, "메모"] for r in ROWS]
    records, report = validate(
        read_rows(write_csv("extra.csv", csv_text(rows, [*HEADERS, "비고"]))), None, options
    )
    assert report.ok
    assert [(i.code, i.severity) for i in report.issues] == [("column_ignored", "warning")]
    assert len(records) == 3


def test_mapped_file_with_korean_headers_and_custom_date_format(
    tmp_path: Path, options: ValidationOptions
) -> None:
    mapping_path = tmp_path / "map.yaml"
    mapping_path.write_text(
        "columns: {코드: survivor_code, 이름: name_hangul, 날짜: interview_date,"
        " 내용: transcript, 비고: null}\n"
        "defaults: {language: en, consent_legal_proceedings: 아니오}\n"
        "date_format: '%d/%m/%Y'\n",
        encoding="utf-8",
    )
    data = tmp_path / "korean.csv"
    data.write_text(
        csv_text(
            [("S-0001", "김테스트", "15/03/2023", "증언", "x")], ("코드", "이름", "날짜", "내용", "비고")
        )
    )
    records, report = validate(read_rows(data), load_mapping(mapping_path), options)
    assert report.ok, report.issue_rows()
    (record,) = records
    assert (record.survivor_code, record.name_hangul, record.language) == ("S-0001", "김테스트", "en")
    assert record.interview_date == dt.date(2023, 3, 15)
    assert record.consent_legal_proceedings is False
    assert dict(report.columns)["name_hangul"] == "이름"


def test_mapped_column_missing_from_the_file_is_an_error_for_required_fields(
    write_csv: WriteCsv, options: ValidationOptions
) -> None:
    mapping = mapping_from_dict(
        {
            "columns": {
                "survivor_code": "survivor_code",
                "interview_date": "interview_date",
                "증언": "transcript",
            }
        }
    )
    _, report = validate(read_rows(write_csv("m.csv")), mapping, options)
    assert [(i.field, i.code, i.severity) for i in report.errors] == [
        ("transcript", "column_missing", "error")
    ]


def test_partner_yes_without_a_name_and_birth_after_interview_are_errors(
    write_csv: WriteCsv, options: ValidationOptions
) -> None:
    rows = _with(0, "consent_partner_sharing", "예")
    rows[1][HEADERS.index("birth_year")] = "2024"
    _, report = validate(read_rows(write_csv("x.csv", csv_text(rows))), None, options)
    assert sorted((i.row, i.field, i.code) for i in report.issues) == [
        (2, "consent_partner_sharing", "partner_name_missing"),
        (3, "birth_year", "birth_after_interview"),
    ]


def test_extra_cells_beyond_the_header_are_an_error(write_csv: WriteCsv, options: ValidationOptions) -> None:
    text = csv_text().replace("S-0002,", "S-0002,", 1).rstrip("\r\n") + ",뒤에 남은 칸\r\n"
    _, report = validate(read_rows(write_csv("ragged.csv", text)), None, options)
    assert [(i.row, i.code) for i in report.issues] == [(4, "extra_cells")]


def test_header_only_file_is_ok_with_a_warning(write_csv: WriteCsv, options: ValidationOptions) -> None:
    records, report = validate(read_rows(write_csv("h.csv", csv_text([]))), None, options)
    assert records == []
    assert report.ok
    assert [i.code for i in report.warnings] == ["no_rows"]


def test_report_summaries_table_rows_and_dict_agree(write_csv: WriteCsv, options: ValidationOptions) -> None:
    path = write_csv("s.csv", csv_text(_with(2, "birth_year", "abc")))
    _, report = validate(read_rows(path), None, options)
    assert "3 rows read, 2 valid; 1 error in 1 row, 0 warnings. Not imported" in report.summary()
    assert "3행을 읽었고 2행이 올바릅니다" in report.summary_ko()
    (row,) = report.issue_rows()
    assert len(row) == len(ISSUE_TABLE_HEADERS)
    assert row[1:5] == ("4", "birth_year", "error", "year_format")
    assert report.issue_rows("ko")[0][5] == report.issues[0].message_ko
    as_dict = report.to_dict()
    assert as_dict["ok"] is False
    assert as_dict["counts_by_code"] == {"year_format": 1}


def test_record_repr_hides_personal_data_but_to_dict_keeps_it(
    write_csv: WriteCsv, options: ValidationOptions
) -> None:
    records, _ = validate(read_rows(write_csv("r.csv")), None, options)
    record = records[0]
    assert "김테스트" not in repr(record)
    assert "S-0001" not in repr(record)
    assert "브로커" not in record.summary()
    assert record.to_dict()["name_hangul"] == "김테스트"
    assert record.to_dict()["interview_date"] == "2023-03-15"


def test_validate_file_runs_the_whole_pipeline(write_csv: WriteCsv, options: ValidationOptions) -> None:
    records, report = validate_file(write_csv("all.csv", encoding="cp949"), options=options)
    assert report.ok
    assert all(isinstance(r, ImportRecord) for r in records)


@pytest.mark.parametrize("value", ["2025-06-02", "2030.01.01"])
def test_interview_dates_after_today_are_refused(
    write_csv: WriteCsv, options: ValidationOptions, value: str
) -> None:
    _, report = validate(
        read_rows(write_csv("f.csv", csv_text(_with(0, "interview_date", value)))), None, options
    )
    assert [i.code for i in report.issues] == ["date_in_future"]
