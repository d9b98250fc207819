"""Column mapping: which file column feeds which Moksori field.

A mapping file (YAML or JSON) looks like::

    columns: {"이름": name_hangul, "Name": name_latin, "비고": null}
    defaults: {language: ko}
    date_format: "%d/%m/%Y"     # optional, tried before the standard spellings

A column mapped to ``null`` is ignored on purpose. Without a mapping file, headers that
already are Moksori field names or their Korean or English labels map to themselves.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from moksori.intake.errors import IntakeError
from moksori.intake.normalise import header_key, normalise_line
from moksori.intake.records import FIELD_SPECS, FIELDS_BY_NAME, REQUIRED_FIELDS

MAPPING_KEYS = frozenset({"columns", "defaults", "date_format"})
DefaultValue = str | int | bool


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """How one import file's columns map to fields; `source` is the mapping file, if any."""

    columns: tuple[tuple[str, str | None], ...] = ()
    defaults: tuple[tuple[str, DefaultValue], ...] = ()
    date_format: str | None = None
    source: str | None = None

    def default_for(self, field_name: str) -> DefaultValue | None:
        """The value used when `field_name` is blank or has no column."""
        return dict(self.defaults).get(field_name)

    def to_dict(self) -> dict[str, object]:
        """The mapping as it would be written in a mapping file."""
        return {
            "columns": dict(self.columns),
            "defaults": dict(self.defaults),
            "date_format": self.date_format,
        }


@dataclass(frozen=True, slots=True)
class ResolvedColumns:
    """The outcome of matching a file's headers against a mapping.

    `missing` lists (mapped header, field) pairs whose header is not in the file;
    `conflicts` lists (field, headers) for fields that more than one column claims.
    """

    field_columns: tuple[tuple[str, int], ...]
    ignored_headers: tuple[str, ...]
    missing: tuple[tuple[str, str], ...]
    conflicts: tuple[tuple[str, tuple[str, ...]], ...]


def load_mapping(path: Path) -> ColumnMapping:
    """Load and check a YAML or JSON mapping file; errors name the file and the key."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (FileNotFoundError, UnicodeDecodeError) as error:
        reason = "not found" if isinstance(error, FileNotFoundError) else "not UTF-8 text"
        raise _mapping_error(
            source, f"the mapping file is {reason}.", "매핑 파일을 읽을 수 없습니다."
        ) from None
    return mapping_from_dict(_parse_mapping_text(text, path), source=source)


def _parse_mapping_text(text: str, path: Path) -> object:
    source = str(path)
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise _mapping_error(
                source,
                f"not valid JSON at line {error.lineno}, column {error.colno}.",
                f"{error.lineno}행 {error.colno}열에서 JSON 형식이 잘못되었습니다.",
            ) from None
    if path.suffix.lower() in {".yaml", ".yml"}:
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise _mapping_error(
                source, f"not valid YAML{where}.", f"YAML 형식이 잘못되었습니다{where}."
            ) from None
    raise _mapping_error(
        source,
        "a mapping file must end in .yaml, .yml or .json.",
        "매핑 파일은 .yaml, .yml, .json이어야 합니다.",
    )


def mapping_from_dict(data: object, *, source: str = "(mapping)") -> ColumnMapping:
    """Check a parsed mapping document and return it as a `ColumnMapping`."""
    if not isinstance(data, dict):
        raise _mapping_error(
            source,
            "the top level must be a mapping with a 'columns' key.",
            "최상위는 'columns' 키를 가진 매핑이어야 합니다.",
        )
    for key in data:
        if key not in MAPPING_KEYS:
            raise _mapping_error(
                source,
                f"unknown key {key!r}; allowed keys are columns, defaults and date_format.",
                f"알 수 없는 키 {key!r}. columns, defaults, date_format만 쓸 수 있습니다.",
            )
    columns = _check_columns(data.get("columns", {}), source)
    defaults = _check_defaults(data.get("defaults") or {}, source)
    date_format = _check_date_format(data.get("date_format"), source)
    _check_required_covered(columns, defaults, source)
    return ColumnMapping(tuple(columns.items()), tuple(defaults.items()), date_format, source)


def _check_columns(columns: object, source: str) -> dict[str, str | None]:
    if not isinstance(columns, dict):
        raise _mapping_error(
            source,
            "'columns' must map file headers to field names.",
            "'columns'는 파일 머리글을 필드 이름에 대응시켜야 합니다.",
        )
    checked: dict[str, str | None] = {}
    claimed: dict[str, str] = {}
    for header, target in columns.items():
        if not isinstance(header, str):
            raise _mapping_error(
                source,
                f"columns: the header {header!r} must be quoted text.",
                f"columns: 머리글 {header!r}은(는) 따옴표로 감싼 글자여야 합니다.",
            )
        if target is not None:
            _check_field_name(target, source, f"columns: {header!r}")
            if target in claimed:
                raise _mapping_error(
                    source,
                    f"columns: {claimed[target]!r} and {header!r} both map to {target!r}; keep one.",
                    f"columns: {claimed[target]!r}와(과) {header!r}이(가) 모두 {target!r}에 대응합니다. "
                    "하나만 남기세요.",
                )
            claimed[target] = header
        checked[normalise_line(header)] = target
    return checked


def _check_field_name(target: object, source: str, where: str) -> str:
    if not isinstance(target, str) or target not in FIELDS_BY_NAME:
        raise _mapping_error(
            source,
            f"{where}: {target!r} is not a Moksori field; use one of: {', '.join(FIELDS_BY_NAME)}.",
            f"{where}: {target!r}은(는) 목소리 필드가 아닙니다. "
            f"다음 중 하나를 쓰세요: {', '.join(FIELDS_BY_NAME)}.",
        )
    return target


def _check_defaults(defaults: object, source: str) -> dict[str, DefaultValue]:
    if not isinstance(defaults, dict):
        raise _mapping_error(
            source,
            "'defaults' must map field names to values.",
            "'defaults'는 필드 이름에 값을 대응시켜야 합니다.",
        )
    checked: dict[str, DefaultValue] = {}
    for name, value in defaults.items():
        field_name = _check_field_name(name, source, "defaults")
        if not isinstance(value, str | int | bool):
            raise _mapping_error(
                source,
                f"defaults: {field_name!r} must be plain text, a number or true/false.",
                f"defaults: {field_name!r}의 값은 글자, 숫자, true/false 중 하나여야 합니다.",
            )
        checked[field_name] = value
    return checked


def _check_date_format(date_format: object, source: str) -> str | None:
    if date_format is None:
        return None
    sample = dt.date(2001, 2, 3)
    try:
        if not isinstance(date_format, str) or "%" not in date_format:
            raise ValueError
        if dt.datetime.strptime(sample.strftime(date_format), date_format).date() != sample:
            raise ValueError
    except ValueError:
        raise _mapping_error(
            source,
            f"date_format {date_format!r} is not a full strftime date format such as '%d/%m/%Y'.",
            f"date_format {date_format!r}은(는) '%d/%m/%Y' 같은 완전한 날짜 형식이 아닙니다.",
        ) from None
    return date_format


def _check_required_covered(
    columns: Mapping[str, str | None], defaults: Mapping[str, DefaultValue], source: str
) -> None:
    targets = set(columns.values())
    for name in REQUIRED_FIELDS:
        if name not in targets and name not in defaults:
            raise _mapping_error(
                source,
                f"columns: no column is mapped to the required field {name!r}; add '<your header>: {name}'.",
                f"columns: 필수 필드 {name!r}에 대응하는 열이 없습니다. '<머리글>: {name}' 줄을 추가하세요.",
            )


def _mapping_error(source: str, problem_en: str, problem_ko: str) -> IntakeError:
    return IntakeError(f"{source}: {problem_en}", message_ko=f"{source}: {problem_ko}", file=source)


def _auto_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for spec in FIELD_SPECS:
        for spelling in (spec.name, spec.label_ko, spec.label_en, *spec.aliases):
            keys.setdefault(header_key(spelling), spec.name)
    return keys


AUTO_HEADER_KEYS: dict[str, str] = _auto_keys()
"""Header spellings recognised without a mapping file (compared with `header_key`)."""


def resolve_columns(headers: Sequence[str], mapping: ColumnMapping) -> ResolvedColumns:
    """Match `headers` against `mapping`, then against field names and labels."""
    index_by_key = {header_key(header): index for index, header in enumerate(headers) if header}
    claims: dict[str, list[int]] = {}
    used: set[int] = set()
    missing: list[tuple[str, str]] = []
    for source_header, target in mapping.columns:
        index = index_by_key.get(header_key(source_header))
        if index is None:
            if target is not None:
                missing.append((source_header, target))
            continue
        used.add(index)
        if target is not None:
            claims.setdefault(target, []).append(index)
    explicit = set(claims)
    for index, header in enumerate(headers):
        target = AUTO_HEADER_KEYS.get(header_key(header)) if header else None
        if index in used or target is None or target in explicit:
            continue
        used.add(index)
        claims.setdefault(target, []).append(index)
    ignored = tuple(header for index, header in enumerate(headers) if header and index not in used)
    conflicts = tuple(
        (name, tuple(headers[index] for index in indexes))
        for name, indexes in claims.items()
        if len(indexes) > 1
    )
    field_columns = tuple((name, indexes[0]) for name, indexes in claims.items())
    return ResolvedColumns(field_columns, ignored, tuple(missing), conflicts)
