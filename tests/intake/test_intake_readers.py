"""Reading CSV, XLSX and JSON files into a RawTable."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from moksori.intake import IntakeError, read_rows

from .samples import HEADERS, ROWS, csv_text


def test_utf8_bom_and_cp949_csvs_of_the_same_rows_read_identically(write_csv: Callable[..., Path]) -> None:
    tables = [
        read_rows(write_csv("plain.csv", encoding="utf-8")),
        read_rows(write_csv("bom.csv", encoding="utf-8-sig")),
        read_rows(write_csv("excel.csv", encoding="cp949")),
    ]
    assert [t.encoding for t in tables] == ["utf-8", "utf-8-sig", "cp949"]
    assert all(t.headers == HEADERS for t in tables)
    assert tables[0].rows == tables[1].rows == tables[2].rows
    assert tables[0].rows[0].cells[1] == "김테스트"
    assert tables[0].rows[2].cells[7] == "第一段\n둘째 줄"  # quoted newline kept inside the cell


def test_excel_unicode_text_export_utf16_tab_separated_is_read(write_csv: Callable[..., Path]) -> None:
    table = read_rows(write_csv("unicode.txt", csv_text(delimiter="\t"), encoding="utf-16"))
    assert table.encoding == "utf-16"
    assert table.delimiter == "\t"
    assert table.rows[0].cells[1] == "김테스트"


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_delimiter_is_detected_among_comma_tab_and_semicolon(
    write_csv: Callable[..., Path], delimiter: str
) -> None:
    table = read_rows(write_csv("d.csv", csv_text(delimiter=delimiter)))
    assert table.delimiter == delimiter
    assert table.headers == HEADERS
    assert table.rows[0].cells[7] == "중국에서, 브로커를 만났습니다."


def test_excel_sep_line_sets_the_delimiter_and_is_not_a_row(write_csv: Callable[..., Path]) -> None:
    table = read_rows(write_csv("sep.csv", "sep=;\r\n" + csv_text(delimiter=";")))
    assert table.delimiter == ";"
    assert table.headers == HEADERS
    assert table.rows[0].row_number == 2


def test_row_numbers_follow_the_file_and_skip_blank_rows(write_csv: Callable[..., Path]) -> None:
    text = csv_text().replace("\r\nS-0002", "\r\n,,,,,,,,,\r\nS-0002")
    assert [row.row_number for row in read_rows(write_csv("gaps.csv", text)).rows] == [2, 4, 5]


def test_undecodable_csv_raises_intake_error_naming_the_file_and_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(b"survivor_code,transcript\r\nS-0001,\x80\x80\x80\r\n")
    with pytest.raises(IntakeError) as caught:
        read_rows(path)
    assert "broken.csv" in str(caught.value)
    assert "--encoding" in str(caught.value)
    assert "--encoding" in caught.value.message_ko


def test_chinese_gbk_csv_that_also_decodes_as_cp949_is_refused_as_ambiguous(tmp_path: Path) -> None:
    path = tmp_path / "zh.csv"
    path.write_bytes("survivor_code,transcript\nS-0001,我在中国遇到了一个中介，然后被卖了。\n".encode("gbk"))
    with pytest.raises(IntakeError, match=r"--encoding cp949 or --encoding gb18030"):
        read_rows(path)
    assert read_rows(path, encoding="gb18030").rows[0].cells[1] == "我在中国遇到了一个中介，然后被卖了。"


def test_wrong_explicit_encoding_names_the_line_not_the_content(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("survivor_code,name_hangul\nS-0001,김테스트\n".encode("cp949"))
    with pytest.raises(IntakeError, match=r"line 2 is not valid utf-8") as caught:
        read_rows(path, encoding="utf-8")
    assert "김테스트" not in str(caught.value)


def test_unknown_encoding_name_is_reported(write_csv: Callable[..., Path]) -> None:
    with pytest.raises(IntakeError, match="not an encoding Python knows"):
        read_rows(write_csv("a.csv"), encoding="klingon")


def test_transcript_longer_than_csv_default_field_limit_is_read(write_csv: Callable[..., Path]) -> None:
    long_transcript = "가" * 300_000
    path = write_csv("long.csv", csv_text([("S-0001", long_transcript)], ("survivor_code", "transcript")))
    assert read_rows(path).rows[0].cells[1] == long_transcript


def test_duplicate_headers_are_refused_with_both_column_numbers(write_csv: Callable[..., Path]) -> None:
    with pytest.raises(IntakeError, match=r"appears twice \(columns 1 and 3\)"):
        read_rows(write_csv("dup.csv", "code,이름,code\r\nS-1,김테스트,S-2\r\n"))


def test_empty_file_is_refused(write_csv: Callable[..., Path]) -> None:
    with pytest.raises(IntakeError, match="no header row"):
        read_rows(write_csv("empty.csv", ""))


def test_xlsx_round_trip_keeps_text_dates_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "testimonies.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "면담"
    sheet.append(list(HEADERS))
    sheet.append([])  # a blank row is skipped, and row numbers stay those Excel shows
    sheet.append(
        [
            "S-0001",
            "김테스트",
            "Kim Test",
            1985,
            "함경북도",
            dt.datetime(2023, 3, 15),
            "ko",
            "증언",
            True,
            None,
        ]
    )
    workbook.save(path)
    table = read_rows(path)
    assert table.sheet == "면담"
    assert table.headers == HEADERS
    assert [row.row_number for row in table.rows] == [3]
    assert table.rows[0].cells[:6] == (
        "S-0001",
        "김테스트",
        "Kim Test",
        1985,
        "함경북도",
        dt.datetime(2023, 3, 15),
    )


def test_xlsx_sheet_is_chosen_by_name_and_a_missing_sheet_lists_the_choices(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    assert workbook.active is not None
    workbook.active.append(["other"])
    second = workbook.create_sheet("import")
    second.append(["survivor_code"])
    second.append(["S-0009"])
    workbook.save(path)
    assert read_rows(path, sheet="import").rows[0].cells == ("S-0009",)
    with pytest.raises(IntakeError, match=r"--sheet with one of: Sheet, import"):
        read_rows(path, sheet="missing")


def test_file_that_is_not_a_zip_is_refused_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(IntakeError, match=r"not a valid \.xlsx"):
        read_rows(path)


@pytest.mark.parametrize("wrap", [False, True])
def test_json_round_trip_as_list_or_records_object(tmp_path: Path, wrap: bool) -> None:
    records = [dict(zip(HEADERS, row, strict=True)) for row in ROWS]
    path = tmp_path / "t.json"
    path.write_text(
        json.dumps({"records": records} if wrap else records, ensure_ascii=False), encoding="utf-8"
    )
    table = read_rows(path)
    assert table.headers == HEADERS
    assert [row.cells for row in table.rows] == [tuple(row) for row in ROWS]
    assert [row.row_number for row in table.rows] == [1, 2, 3]


def test_json_records_with_different_keys_share_one_header(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps([{"survivor_code": "S-1"}, {"transcript": "증언", "birth_year": 1985}]))
    table = read_rows(path)
    assert table.headers == ("survivor_code", "transcript", "birth_year")
    assert table.rows[1].cells == (None, "증언", 1985)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[{]", "not valid JSON at line 1"),
        ('{"rows": []}', "expected a list of records"),
        ('["S-1"]', "record 1: each record must be an object"),
        ('[{"transcript": ["a"]}]', "record 1, field 'transcript'"),
        ('[{"a": 1, "a": 2}]', "the key 'a' twice"),
    ],
)
def test_malformed_json_is_refused_with_location(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(IntakeError, match=message):
        read_rows(path)


def test_unsupported_suffix_names_the_supported_formats(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"")
    with pytest.raises(IntakeError, match=r"\.csv, \.tsv, \.xlsx or \.json"):
        read_rows(path)


def test_missing_file_is_an_intake_error(tmp_path: Path) -> None:
    with pytest.raises(IntakeError, match="file not found"):
        read_rows(tmp_path / "nowhere.csv")


def test_table_repr_and_summary_never_show_cells(write_csv: Callable[..., Path]) -> None:
    table = read_rows(write_csv("a.csv"))
    assert "김테스트" not in repr(table)
    assert "김테스트" not in table.summary()
    assert "김테스트" not in json.dumps(table.to_dict(), ensure_ascii=False)
    assert "3 data rows" in table.summary()
