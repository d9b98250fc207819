"""Mapping files and the matching of file headers to Moksori fields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moksori.intake import ColumnMapping, IntakeError, load_mapping, mapping_from_dict
from moksori.intake.mapping import resolve_columns

GOOD_YAML = """\
columns:
  코드: survivor_code
  이름: name_hangul
  Name: name_latin
  날짜: interview_date
  증언 내용: transcript
  비고: null
defaults:
  language: zh
date_format: "%d/%m/%Y"
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_mapping_file_loads_columns_defaults_and_date_format(tmp_path: Path) -> None:
    mapping = load_mapping(_write(tmp_path, "map.yaml", GOOD_YAML))
    assert dict(mapping.columns)["이름"] == "name_hangul"
    assert dict(mapping.columns)["비고"] is None
    assert mapping.default_for("language") == "zh"
    assert mapping.date_format == "%d/%m/%Y"
    assert mapping.source is not None
    assert mapping.source.endswith("map.yaml")


def test_json_mapping_file_loads_the_same_as_yaml(tmp_path: Path) -> None:
    import yaml

    document = yaml.safe_load(GOOD_YAML)
    from_json = load_mapping(_write(tmp_path, "map.json", json.dumps(document, ensure_ascii=False)))
    from_yaml = load_mapping(_write(tmp_path, "map.yaml", GOOD_YAML))
    assert from_json.to_dict() == from_yaml.to_dict()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD_YAML.replace("name_latin", "name_english"),
            r"columns: 'Name': 'name_english' is not a Moksori field",
        ),
        (GOOD_YAML.replace("  증언 내용: transcript\n", ""), r"required field 'transcript'"),
        (GOOD_YAML + "sheet: 1\n", r"unknown key 'sheet'"),
        (GOOD_YAML.replace("language: zh", "lang: zh"), r"defaults: 'lang' is not a Moksori field"),
        (GOOD_YAML.replace("%d/%m/%Y", "dd/mm/yyyy"), r"date_format 'dd/mm/yyyy'"),
        (
            GOOD_YAML.replace("Name: name_latin", "Name: name_hangul"),
            r"'이름' and 'Name' both map to 'name_hangul'",
        ),
        ("columns: [a, b]\n", r"'columns' must map file headers"),
        ("columns: {a: b\n", r"not valid YAML at line"),
    ],
)
def test_mapping_errors_name_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(IntakeError, match=message) as caught:
        load_mapping(_write(tmp_path, "mine.yaml", text))
    assert "mine.yaml" in str(caught.value)


def test_unquoted_yes_header_in_yaml_is_reported_as_needing_quotes() -> None:
    with pytest.raises(IntakeError, match="must be quoted text"):
        mapping_from_dict({"columns": {True: "transcript", "a": "survivor_code", "b": "interview_date"}})


def test_required_field_may_come_from_a_default_instead_of_a_column() -> None:
    mapping = mapping_from_dict(
        {"columns": {"a": "survivor_code", "b": "transcript"}, "defaults": {"interview_date": "2023-01-01"}}
    )
    assert mapping.default_for("interview_date") == "2023-01-01"


def test_mapping_file_with_unknown_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IntakeError, match=r"\.yaml, \.yml or \.json"):
        load_mapping(_write(tmp_path, "map.txt", GOOD_YAML))


def test_without_mapping_field_names_and_korean_and_english_labels_map_to_themselves() -> None:
    headers = ("생존자 코드", "Interview date", "transcript", "이름(한글)", "동의: 집계 통계", "비고")
    resolved = resolve_columns(headers, ColumnMapping())
    assert dict(resolved.field_columns) == {
        "survivor_code": 0,
        "interview_date": 1,
        "transcript": 2,
        "name_hangul": 3,
        "consent_aggregate_statistics": 4,
    }
    assert resolved.ignored_headers == ("비고",)


def test_explicit_mapping_wins_over_a_header_that_is_a_field_name() -> None:
    mapping = mapping_from_dict(
        {"columns": {"코드": "survivor_code", "날짜": "interview_date", "내용": "transcript"}}
    )
    resolved = resolve_columns(("survivor_code", "코드", "날짜", "내용"), mapping)
    assert dict(resolved.field_columns)["survivor_code"] == 1
    assert resolved.ignored_headers == ("survivor_code",)


def test_two_headers_claiming_one_field_are_a_conflict() -> None:
    resolved = resolve_columns(("이름", "이름(한글)", "transcript"), ColumnMapping())
    assert resolved.conflicts == (("name_hangul", ("이름", "이름(한글)")),)


def test_mapped_header_absent_from_the_file_is_reported_missing() -> None:
    mapping = mapping_from_dict(
        {"columns": {"코드": "survivor_code", "날짜": "interview_date", "내용": "transcript"}}
    )
    resolved = resolve_columns(("코드", "날짜"), mapping)
    assert resolved.missing == (("내용", "transcript"),)
