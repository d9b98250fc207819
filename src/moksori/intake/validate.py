"""Validation: map every row of a `RawTable` to an `ImportRecord`, collecting every issue.

Nothing stops at the first problem: a clerk fixing a 2,000-row spreadsheet needs the
whole list at once. Rows with errors produce no record; `report.ok` says whether the
file as a whole may be imported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from moksori.intake.mapping import ColumnMapping, ResolvedColumns, load_mapping, resolve_columns
from moksori.intake.normalise import Cell, cell_to_text, collapse_whitespace, normalise_text
from moksori.intake.readers import RawRow, RawTable, read_rows
from moksori.intake.records import FIELD_SPECS, FIELDS_BY_NAME, FieldKind, FieldSpec, ImportRecord
from moksori.intake.report import WARNING, ImportIssue, ValidationReport, make_issue
from moksori.intake.values import (
    CellValueError,
    check_length,
    parse_consent,
    parse_date,
    parse_language,
    parse_partner,
    parse_survivor_code,
    parse_username,
    parse_year,
)


@dataclass(frozen=True, slots=True)
class ValidationOptions:
    """Settings of one validation run.

    `today` bounds interview dates and birth years; it defaults to the current date and
    is a setting so that tests and re-runs of an old import give the same answer.
    """

    today: dt.date | None = None

    def resolved_today(self) -> dt.date:
        """The date used as "today"."""
        return self.today or dt.date.today()


@dataclass(frozen=True, slots=True)
class _RowContext:
    file: str
    date_format: str | None
    today: dt.date


def validate(
    table: RawTable, mapping: ColumnMapping | None = None, options: ValidationOptions | None = None
) -> tuple[list[ImportRecord], ValidationReport]:
    """Check every row of `table` and return the valid records and a report of all issues."""
    mapping = mapping or ColumnMapping()
    context = _RowContext(
        table.source_file, mapping.date_format, (options or ValidationOptions()).resolved_today()
    )
    resolved = resolve_columns(table.headers, mapping)
    issues = column_issues(table, mapping, resolved)
    columns = dict(resolved.field_columns)
    # A required field with no column is reported once for the file, not once per row,
    # and then no row can become a complete record.
    unfillable = {
        spec.name
        for spec in FIELD_SPECS
        if spec.required and spec.name not in columns and mapping.default_for(spec.name) is None
    }
    records: list[ImportRecord] = []
    first_seen: dict[tuple[str, dt.date, str], int] = {}
    for row in table.rows:
        values, row_issues = _parse_row(row, table.headers, columns, mapping, context, skip=unfillable)
        row_issues.extend(_duplicate_issues(values, row.row_number, first_seen, context.file))
        issues.extend(row_issues)
        if not unfillable and not any(issue.severity != WARNING for issue in row_issues):
            records.append(_build_record(values, context.file, row.row_number))
    if not table.rows:
        issues.append(make_issue(table.source_file, None, "", "no_rows", severity=WARNING))
    used = tuple((name, table.headers[index]) for name, index in resolved.field_columns)
    report = ValidationReport(table.source_file, len(table.rows), len(records), tuple(issues), used)
    return records, report


def validate_file(
    path: Path,
    *,
    mapping_path: Path | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    options: ValidationOptions | None = None,
) -> tuple[list[ImportRecord], ValidationReport]:
    """Read `path`, load the optional mapping file, and validate: the whole pipeline."""
    mapping = load_mapping(mapping_path) if mapping_path is not None else None
    return validate(read_rows(path, encoding=encoding, sheet=sheet), mapping, options)


def column_issues(table: RawTable, mapping: ColumnMapping, resolved: ResolvedColumns) -> list[ImportIssue]:
    """Issues with the file's columns as a whole: missing, conflicting, ignored, unnamed."""
    file = table.source_file
    issues: list[ImportIssue] = []
    missing_fields = {name for _, name in resolved.missing}
    for header, name in resolved.missing:
        blocking = FIELDS_BY_NAME[name].required and mapping.default_for(name) is None
        issues.append(
            make_issue(
                file, None, name, "column_missing", header=header, severity="error" if blocking else WARNING
            )
        )
    provided = {name for name, _ in resolved.field_columns}
    for spec in FIELD_SPECS:
        absent = spec.name not in provided and spec.name not in missing_fields
        if spec.required and absent and mapping.default_for(spec.name) is None:
            issues.append(make_issue(file, None, spec.name, "required_column_missing"))
    for name, headers in resolved.conflicts:
        issues.append(make_issue(file, None, name, "column_conflict", headers=", ".join(map(repr, headers))))
    for header in resolved.ignored_headers:
        issues.append(make_issue(file, None, "", "column_ignored", header=header, severity=WARNING))
    for column in _unnamed_columns_with_data(table):
        issues.append(make_issue(file, None, "", "unnamed_column_has_data", column=column, severity=WARNING))
    return issues


def _unnamed_columns_with_data(table: RawTable) -> list[int]:
    unnamed = [index for index, header in enumerate(table.headers) if not header]
    return [
        index + 1
        for index in unnamed
        if any(index < len(row.cells) and cell_to_text(row.cells[index]) for row in table.rows)
    ]


def _parse_row(
    row: RawRow,
    headers: Sequence[str],
    columns: dict[str, int],
    mapping: ColumnMapping,
    context: _RowContext,
    *,
    skip: set[str],
) -> tuple[dict[str, object], list[ImportIssue]]:
    values: dict[str, object] = {}
    issues: list[ImportIssue] = []
    if any(cell_to_text(cell) for cell in row.cells[len(headers) :]):
        issues.append(make_issue(context.file, row.row_number, "", "extra_cells"))
    for spec in FIELD_SPECS:
        if spec.name in skip:
            continue
        index = columns.get(spec.name)
        cell: Cell = row.cells[index] if index is not None and index < len(row.cells) else None
        # Normalised once here; the parsers' own normalising is then a cheap no-op pass.
        cell = normalise_text(cell) if isinstance(cell, str) else cell
        if cell is None or cell == "":
            default = mapping.default_for(spec.name)
            cell = normalise_text(default) if isinstance(default, str) else default
        try:
            values[spec.name] = _parse_field(spec, cell, context)
        except CellValueError as problem:
            issues.append(_cell_issue(spec, problem.code, cell, row.row_number, context))
    issues.extend(_cross_field_issues(values, row.row_number, context))
    return values, issues


def _parse_field(spec: FieldSpec, cell: Cell, context: _RowContext) -> object:
    if cell is None or cell == "":
        if spec.required:
            raise CellValueError("required_missing")
        return spec.default
    parser = _PARSERS[spec.kind]
    return parser(spec, cell, context)


def _text_of(cell: Cell) -> str:
    # _parse_row has already normalised string cells; long transcripts are the costly
    # part of an import, so they are not normalised a second time.
    return cell if isinstance(cell, str) else cell_to_text(cell)


_Parser = Callable[[FieldSpec, Cell, _RowContext], object]
_PARSERS: dict[FieldKind, _Parser] = {
    FieldKind.CODE: lambda spec, cell, context: parse_survivor_code(cell),
    FieldKind.TEXT: lambda spec, cell, context: check_length(
        collapse_whitespace(_text_of(cell)), spec.max_length
    ),
    FieldKind.LONG_TEXT: lambda spec, cell, context: check_length(_text_of(cell), spec.max_length),
    FieldKind.DATE: lambda spec, cell, context: parse_date(
        cell, date_format=context.date_format, today=context.today
    ),
    FieldKind.YEAR: lambda spec, cell, context: parse_year(cell, today=context.today),
    FieldKind.CHOICE: lambda spec, cell, context: parse_language(cell),
    FieldKind.USERNAME: lambda spec, cell, context: check_length(parse_username(cell), spec.max_length),
    FieldKind.CONSENT: lambda spec, cell, context: parse_consent(cell),
    FieldKind.PARTNER: lambda spec, cell, context: parse_partner(cell, max_length=spec.max_length),
}


def _cell_issue(spec: FieldSpec, code: str, cell: Cell, row_number: int, context: _RowContext) -> ImportIssue:
    return make_issue(
        context.file,
        row_number,
        spec.name,
        code,
        value=cell_to_text(cell),
        allowed=", ".join(spec.allowed),
        max_length=spec.max_length,
        this_year=context.today.year,
    )


def _cross_field_issues(
    values: dict[str, object], row_number: int, context: _RowContext
) -> list[ImportIssue]:
    birth_year, interview_date = values.get("birth_year"), values.get("interview_date")
    if (
        isinstance(birth_year, int)
        and isinstance(interview_date, dt.date)
        and birth_year > interview_date.year
    ):
        return [make_issue(context.file, row_number, "birth_year", "birth_after_interview")]
    return []


def _duplicate_issues(
    values: dict[str, object], row_number: int, first_seen: dict[tuple[str, dt.date, str], int], file: str
) -> list[ImportIssue]:
    code, date, transcript = (
        values.get("survivor_code"),
        values.get("interview_date"),
        values.get("transcript"),
    )
    if not (isinstance(code, str) and isinstance(date, dt.date) and isinstance(transcript, str)):
        return []
    # The digest lives only in this dict during the run; it is never stored or printed.
    key = (code, date, hashlib.sha256(transcript.encode("utf-8")).hexdigest())
    earlier = first_seen.setdefault(key, row_number)
    if earlier == row_number:
        return []
    return [make_issue(file, row_number, "", "duplicate_row", other_row=earlier)]


def _text(values: dict[str, object], name: str) -> str:
    return cast(str, values[name])


def _optional_text(values: dict[str, object], name: str) -> str | None:
    return cast(str | None, values[name])


def _optional_bool(values: dict[str, object], name: str) -> bool | None:
    return cast(bool | None, values[name])


def _build_record(values: dict[str, object], file: str, row_number: int) -> ImportRecord:
    # The parsers in _PARSERS fix each field's type; the casts only restate it.
    return ImportRecord(
        source_file=file,
        row_number=row_number,
        survivor_code=_text(values, "survivor_code"),
        interview_date=cast(dt.date, values["interview_date"]),
        transcript=_text(values, "transcript"),
        language=_text(values, "language"),
        name_hangul=_optional_text(values, "name_hangul"),
        name_latin=_optional_text(values, "name_latin"),
        birth_year=cast(int | None, values["birth_year"]),
        home_province=_optional_text(values, "home_province"),
        left_year=cast(int | None, values["left_year"]),
        china_place=_optional_text(values, "china_place"),
        contact=_optional_text(values, "contact"),
        interview_place=_optional_text(values, "interview_place"),
        interviewer=_optional_text(values, "interviewer"),
        translation=_optional_text(values, "translation"),
        consent_internal_case_work=_optional_bool(values, "consent_internal_case_work"),
        consent_aggregate_statistics=_optional_bool(values, "consent_aggregate_statistics"),
        consent_anonymised_quotation=_optional_bool(values, "consent_anonymised_quotation"),
        consent_legal_proceedings=_optional_bool(values, "consent_legal_proceedings"),
        consent_partner_sharing=_optional_text(values, "consent_partner_sharing"),
    )
