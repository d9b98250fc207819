"""Moksori intake: read, map, normalise and validate testimony import files (pure, no Django)."""

from moksori.intake.errors import IntakeError
from moksori.intake.mapping import ColumnMapping, load_mapping, mapping_from_dict
from moksori.intake.normalise import normalise_text
from moksori.intake.readers import RawRow, RawTable, read_rows
from moksori.intake.records import FIELD_SPECS, FieldKind, FieldSpec, ImportRecord
from moksori.intake.report import ISSUE_TABLE_HEADERS, ImportIssue, ValidationReport
from moksori.intake.validate import ValidationOptions, validate, validate_file

__all__ = [
    "FIELD_SPECS",
    "ISSUE_TABLE_HEADERS",
    "ColumnMapping",
    "FieldKind",
    "FieldSpec",
    "ImportIssue",
    "ImportRecord",
    "IntakeError",
    "RawRow",
    "RawTable",
    "ValidationOptions",
    "ValidationReport",
    "load_mapping",
    "mapping_from_dict",
    "normalise_text",
    "read_rows",
    "validate",
    "validate_file",
]
