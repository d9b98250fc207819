"""NormalisedPerson: one CSV row of the issue, normalised; and the input errors."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moksori.analysis.linkage.normalise import (
    LINKAGE_COLUMNS,
    LinkageInputError,
    Normaliser,
    check_columns,
    normalise_rows,
)
from moksori.analysis.linkage.synthetic import generate_sources

SECRET = "리영희"


def _row(**cells: str) -> dict[str, str]:
    row = dict.fromkeys(LINKAGE_COLUMNS, "")
    row.update(source="seoul", record_id="1")
    row.update(cells)
    return row


def test_one_woman_written_three_ways_gets_the_same_keys_and_places() -> None:
    rows = [
        _row(record_id="1", name_ko="리영희", name_latin="Ri Yong-hui",
             birth_year="about 45 years old in 2023", home_province="함북", china_place="延吉"),
        _row(record_id="2", name_latin="Lee Young-hee", birth_year="1979", home_province="N. Hamgyong",
             china_place="Yanji"),
        _row(record_id="3", name_ko="이영희", name_latin="Yi Yŏnghŭi", home_province="Hamgyŏng-pukto",
             china_place="옌지"),
    ]  # fmt: skip
    people = normalise_rows(rows)
    assert {(p.surname_key, p.given_key, p.home_province_id, p.china_place_id) for p in people} == {
        ("i", "yonghi", "kp_09", "cn_jl_yanji")
    }
    assert people[0].birth_year is not None
    assert people[0].birth_year.low <= 1979 <= people[0].birth_year.high


def test_nfd_hangul_is_normalised_to_the_same_record() -> None:
    nfc = Normaliser().normalise(_row(name_ko=SECRET), row_number=2)
    nfd = Normaliser().normalise(_row(name_ko=unicodedata.normalize("NFD", SECRET)), row_number=2)
    assert nfd.to_dict() == nfc.to_dict()
    assert nfc.surname_ko == "이"
    assert nfc.given_jamo == "ㅇㅕㅇㅎㅢ"


def test_names_never_appear_in_repr_or_summary() -> None:
    person = Normaliser().normalise(_row(name_ko=SECRET, name_latin="Ri Yong-hui"), row_number=2)
    for text in (repr(person), person.summary()):
        assert "영희" not in text
        assert "Yong" not in text
        assert "yonghi" not in text


def test_unreadable_cells_become_issue_codes_not_guesses() -> None:
    person = Normaliser().normalise(
        _row(birth_year="spring", home_province="Atlantis", sex="?x"), row_number=2
    )
    assert person.birth_year is None
    assert person.home_province_id is None
    assert set(person.issues) == {"birth_year:unreadable", "home_province:not_in_gazetteer", "sex:unreadable"}


def test_a_missing_required_column_names_file_row_column_and_fix() -> None:
    with pytest.raises(LinkageInputError, match=r"people.csv, row 1, column record_id: .* add a 'record_id'"):
        check_columns(["source", "name_ko"], file_label="people.csv")


def test_duplicate_record_ids_are_refused_naming_both_rows_but_no_name() -> None:
    rows = [_row(name_ko=SECRET), _row(name_ko="김순희")]
    with pytest.raises(
        LinkageInputError, match="row 3, column record_id: the same source and record_id as row 2"
    ) as e:
        normalise_rows(rows)
    assert SECRET not in str(e.value)


def test_the_same_record_id_in_two_sources_is_allowed() -> None:
    assert len(normalise_rows([_row(source="a"), _row(source="b")])) == 2


def test_a_blank_record_id_is_refused() -> None:
    with pytest.raises(LinkageInputError, match="column record_id: empty"):
        normalise_rows([_row(record_id=" ", name_ko=SECRET)])


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_renormalising_the_normalised_hangul_name_gives_the_same_keys(seed: int) -> None:
    data = generate_sources(5, seed=seed)
    normaliser = Normaliser()
    for record in data.records:
        person = normaliser.normalise(record, row_number=2)
        if person.surname_ko and person.given_ko:
            again = normaliser.normalise(_row(name_ko=person.surname_ko + person.given_ko), row_number=2)
            assert (again.surname_ko, again.given_ko, again.surname_key, again.given_key) == (
                person.surname_ko, person.given_ko, person.surname_keys[0], person.given_keys[0],
            )  # fmt: skip
