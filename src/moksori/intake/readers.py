"""Reading CSV, XLSX and JSON testimony files into one plain `RawTable`.

Everything is read into memory and nothing is written: no temporary files, no caches.
Readers only split a file into headers and cells; mapping and validation come later.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from moksori.intake.encoding import decode_bytes
from moksori.intake.errors import IntakeError
from moksori.intake.normalise import Cell, normalise_line

CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
JSON_SUFFIXES = frozenset({".json"})
DELIMITERS = ",\t;"
MAX_XLSX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
"""An .xlsx is a zip; refuse archives that would inflate beyond this (zip bombs)."""

# The csv module refuses cells over 128 KiB by default; a long interview transcript is
# larger. The limit is process-wide, so it is only ever raised here, never lowered.
_CSV_FIELD_LIMIT = 64 * 1024 * 1024
if csv.field_size_limit() < _CSV_FIELD_LIMIT:
    csv.field_size_limit(_CSV_FIELD_LIMIT)


@dataclass(frozen=True, slots=True)
class RawRow:
    """The cells of one data row, and its row number as the user sees it in the file.

    For CSV and XLSX the header is row 1 and the first data row is usually row 2; for
    JSON the number is the 1-based position of the record in the list.
    """

    row_number: int
    cells: tuple[Cell, ...] = field(repr=False)


@dataclass(frozen=True, slots=True)
class RawTable:
    """A file's headers and data rows, not yet mapped or validated."""

    source_file: str
    file_format: str
    headers: tuple[str, ...]
    rows: tuple[RawRow, ...] = field(repr=False)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None

    def summary(self) -> str:
        """Describe the table without any cell content."""
        how = ", ".join(
            part
            for part in (
                self.file_format,
                f"encoding {self.encoding}" if self.encoding else "",
                f"delimiter {self.delimiter!r}" if self.delimiter else "",
                f"sheet {self.sheet!r}" if self.sheet else "",
            )
            if part
        )
        return f"{self.source_file} ({how}): {len(self.headers)} columns, {len(self.rows)} data rows"

    def to_dict(self) -> dict[str, object]:
        """Everything but the cells, for the import's audit entry."""
        return {
            "source_file": self.source_file,
            "file_format": self.file_format,
            "headers": list(self.headers),
            "row_count": len(self.rows),
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
        }


def read_rows(path: Path, *, encoding: str | None = None, sheet: str | None = None) -> RawTable:
    """Read a CSV, XLSX or JSON testimony file into a `RawTable`.

    `encoding` overrides detection for CSV and JSON; `sheet` picks an XLSX worksheet by
    name (default: the first). Raises `IntakeError` naming the file and the fix.
    """
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, encoding=encoding)
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, sheet=sheet)
    if suffix in JSON_SUFFIXES:
        return _read_json(path, encoding=encoding)
    raise IntakeError(
        f"{path}: files ending in {suffix or '(nothing)'!r} cannot be imported; "
        "use .csv, .tsv, .xlsx or .json (save old .xls files as .xlsx).",
        message_ko=f"{path}: {suffix or '(확장자 없음)'!r} 파일은 가져올 수 없습니다. "
        ".csv, .tsv, .xlsx, .json 중 하나로 저장하세요 (.xls는 .xlsx로).",
        file=str(path),
    )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise IntakeError(
            f"{path}: file not found.", message_ko=f"{path}: 파일을 찾을 수 없습니다.", file=str(path)
        ) from None


def _read_csv(path: Path, *, encoding: str | None) -> RawTable:
    decoded = decode_bytes(_read_bytes(path), file=str(path), encoding=encoding)
    text, delimiter = _excel_separator_line(decoded.text)
    delimiter = delimiter or detect_delimiter(text)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    headers, rows = _split_header(enumerate(records, start=1), file=str(path))
    return RawTable(str(path), "csv", headers, rows, encoding=decoded.encoding, delimiter=delimiter)


def _excel_separator_line(text: str) -> tuple[str, str | None]:
    # Excel writes and honours a first line "sep=;" and hides it, so the header is row 1.
    first, _, rest = text.lstrip("\ufeff").partition("\n")
    first = first.rstrip("\r")
    if len(first) == 5 and first.startswith("sep=") and first[4] in DELIMITERS:
        return rest, first[4]
    return text, None


def detect_delimiter(text: str) -> str:
    """Return the delimiter of CSV `text`: comma, tab or semicolon.

    csv.Sniffer decides, restricted to those three; when its answer does not occur in
    the header line (long quoted transcripts can mislead it) the header line decides.
    """
    header_line = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        sniffed: str | None = csv.Sniffer().sniff(text[:65536], delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    if sniffed is not None and sniffed in header_line:
        return sniffed
    counts = {candidate: header_line.count(candidate) for candidate in DELIMITERS}
    best = max(DELIMITERS, key=lambda candidate: counts[candidate])
    return best if counts[best] > 0 else (sniffed or ",")


def _split_header(
    numbered_rows: Iterable[tuple[int, Sequence[Cell]]], *, file: str
) -> tuple[tuple[str, ...], tuple[RawRow, ...]]:
    headers: tuple[str, ...] | None = None
    rows: list[RawRow] = []
    for row_number, cells in numbered_rows:
        if all(_is_blank(cell) for cell in cells):
            continue
        if headers is None:
            headers = _headers_from(cells, file=file, row_number=row_number)
        else:
            rows.append(RawRow(row_number, tuple(cells)))
    if headers is None:
        raise IntakeError(
            f"{file}: the file has no header row (it is empty).",
            message_ko=f"{file}: 머리글 행이 없습니다 (빈 파일).",
            file=file,
        )
    return headers, tuple(rows)


def _is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "")


def _headers_from(cells: Sequence[Cell], *, file: str, row_number: int) -> tuple[str, ...]:
    headers = [normalise_line("" if cell is None else str(cell)) for cell in cells]
    while headers and headers[-1] == "":
        headers.pop()
    seen: dict[str, int] = {}
    for column, header in enumerate(headers, start=1):
        if header and header in seen:
            raise IntakeError(
                f"{file}, row {row_number}: the column header {header!r} appears twice "
                f"(columns {seen[header]} and {column}); rename one of them.",
                message_ko=f"{file}, {row_number}행: 머리글 {header!r}이(가) 두 번 나옵니다 "
                f"({seen[header]}열과 {column}열). 하나의 이름을 바꾸세요.",
                file=file,
            )
        seen[header] = column
    return tuple(headers)


def _read_xlsx(path: Path, *, sheet: str | None) -> RawTable:
    _check_xlsx_archive(path)
    # Imported here: openpyxl is heavy and only needed for spreadsheets.
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = _pick_sheet(workbook, path, sheet)
        numbered = enumerate(
            (tuple(map(_xlsx_cell, values)) for values in worksheet.iter_rows(values_only=True)), 1
        )
        headers, rows = _split_header(numbered, file=str(path))
        return RawTable(str(path), "xlsx", headers, rows, sheet=str(worksheet.title))
    finally:
        workbook.close()


def _check_xlsx_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(_open_binary(path)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise IntakeError(
            f"{path}: not a valid .xlsx file (old .xls files must be saved as .xlsx first).",
            message_ko=f"{path}: 올바른 .xlsx 파일이 아닙니다 (.xls 파일은 .xlsx로 저장하세요).",
            file=str(path),
        ) from None
    if inflated > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise IntakeError(
            f"{path}: the workbook would unpack to {inflated // 2**20} MiB, more than the "
            f"{MAX_XLSX_UNCOMPRESSED_BYTES // 2**20} MiB allowed; split it or export it as CSV.",
            message_ko=f"{path}: 압축을 풀면 {inflated // 2**20} MiB로 허용량을 넘습니다. "
            "파일을 나누거나 CSV로 내보내세요.",
            file=str(path),
        )


def _open_binary(path: Path) -> io.BytesIO:
    return io.BytesIO(_read_bytes(path))


def _pick_sheet(workbook: Any, path: Path, sheet: str | None) -> Any:  # openpyxl is untyped
    names: list[str] = list(workbook.sheetnames)
    if sheet is None:
        return workbook.worksheets[0]
    if sheet not in names:
        raise IntakeError(
            f"{path}: there is no sheet {sheet!r}; pass --sheet with one of: {', '.join(names)}.",
            message_ko=f"{path}: {sheet!r} 시트가 없습니다. --sheet 옵션에 다음 중 하나를 쓰세요: "
            f"{', '.join(names)}.",
            file=str(path),
        )
    return workbook[sheet]


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | bool | dt.date):
        return value
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value)


def _read_json(path: Path, *, encoding: str | None) -> RawTable:
    decoded = decode_bytes(_read_bytes(path), file=str(path), encoding=encoding or "utf-8")
    try:
        document = json.loads(decoded.text, object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as error:
        raise IntakeError(
            f"{path}: not valid JSON at line {error.lineno}, column {error.colno} ({error.msg}).",
            message_ko=f"{path}: {error.lineno}행 {error.colno}열에서 JSON 형식이 잘못되었습니다.",
            file=str(path),
        ) from None
    except _DuplicateKeyError as error:
        raise IntakeError(
            f"{path}: a record has the key {error.key!r} twice; keep one.",
            message_ko=f"{path}: 한 레코드에 {error.key!r} 키가 두 번 있습니다. 하나만 남기세요.",
            file=str(path),
        ) from None
    records = _json_records(document, path)
    headers = tuple(dict.fromkeys(key for record in records for key in record))
    rows = tuple(
        RawRow(number, tuple(_json_cell(record.get(key), path, number, key) for key in headers))
        for number, record in enumerate(records, start=1)
    )
    return RawTable(
        str(path), "json", tuple(normalise_line(h) for h in headers), rows, encoding=decoded.encoding
    )


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _json_records(document: object, path: Path) -> list[dict[str, object]]:
    if isinstance(document, dict) and set(document) == {"records"}:
        document = document["records"]
    if not isinstance(document, list):
        raise IntakeError(
            f'{path}: expected a list of records, or {{"records": [...]}}.',
            message_ko=f'{path}: 레코드 목록 또는 {{"records": [...]}} 형식이어야 합니다.',
            file=str(path),
        )
    for number, record in enumerate(document, start=1):
        if not isinstance(record, dict):
            raise IntakeError(
                f"{path}, record {number}: each record must be an object with field names as keys.",
                message_ko=f"{path}, {number}번째 레코드: 각 레코드는 필드 이름을 키로 하는 객체여야 합니다.",
                file=str(path),
            )
    return document


def _json_cell(value: object, path: Path, number: int, key: str) -> Cell:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise IntakeError(
        f"{path}, record {number}, field {key!r}: lists and objects are not allowed; give plain text.",
        message_ko=f"{path}, {number}번째 레코드, {key!r} 필드: 목록이나 객체가 아닌 일반 값이어야 합니다.",
        file=str(path),
    )
