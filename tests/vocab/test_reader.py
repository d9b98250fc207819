"""The vocabulary reader: every scheme loads, lookups work, and errors name the file and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moksori.vocab.model import UnknownTermError, VocabularyError, VocabularySet
from moksori.vocab.reader import read_places, read_surnames, read_vocabularies

DATA = Path(__file__).parents[2] / "src" / "moksori" / "vocab" / "data"
VOCAB = read_vocabularies()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "vocab"
    shutil.copytree(DATA, target)
    return target


def test_packaged_copy_loads_the_four_schemes_and_the_gazetteer() -> None:
    assert [s.id for s in VOCAB.schemes] == ["htcds", "ilo", "palermo", "nkcn"]
    assert VOCAB.scheme("htcds").version == "2.0"
    # Counts from vocab/data/README.md: 11 ILO indicators, 21 Palermo terms, 90 places.
    assert len(VOCAB.terms_in("ilo", "indicators")) == 11
    assert sum(len(VOCAB.terms_in("palermo", g)) for g in ("acts", "means", "purposes")) == 21
    assert len(VOCAB.places) == 90


def test_reading_an_explicit_directory_gives_the_same_set_as_the_packaged_copy(data_copy: Path) -> None:
    assert read_vocabularies(data_copy) == VOCAB


def test_htcds_picklists_are_grouped_by_field_name() -> None:
    codes = {t.code for t in VOCAB.terms_in("htcds", "vic_TypeOfExploitation")}
    assert {"ForcedMarriage", "SexualExploitation", "ForcedLabour"} <= codes


def test_every_group_of_the_north_korea_china_file_is_read() -> None:
    expected = {
        "exploitation_types", "venues", "actors", "events", "detention_facility_types_dprk", "price_fields",
        "price_types", "currencies", "legal_status", "legal_references", "person_categories",
    }  # fmt: skip
    assert set(VOCAB.groups("nkcn")) == expected
    # README.md: 8 exploitation types, 17 actor roles, 34 event types, 11 currencies.
    groups = ("exploitation_types", "actors", "events", "currencies")
    assert [len(VOCAB.terms_in("nkcn", g)) for g in groups] == [8, 17, 34, 11]


def test_every_mapping_points_at_a_code_that_exists() -> None:
    assert VOCAB.unresolved_mappings() == ()


def test_korean_label_falls_back_to_english_and_the_term_is_listed() -> None:
    term = VOCAB.term("nkcn", "law_cn_240")
    assert term.label_ko == term.label_en
    assert ("nkcn", "legal_references", "law_cn_240") in VOCAB.missing_korean
    assert ("nkcn", "events", "evt_sale") not in VOCAB.missing_korean
    assert VOCAB.term("nkcn", "evt_sale").label_ko == "매매 (팔려감)"


def test_values_of_a_deprecated_htcds_field_are_kept_as_retired() -> None:
    retired = VOCAB.terms_in("htcds", "vic_Vulnerabilities")
    assert retired
    assert all(t.is_retired for t in retired)
    assert not VOCAB.term("htcds", "ForcedMarriage", group="vic_TypeOfExploitation").is_retired


def test_a_term_marked_retired_in_the_file_is_kept_and_flagged(data_copy: Path) -> None:
    path = data_copy / "nk_china_case.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  - {id: venue_sauna,", "  - {id: venue_sauna, status: retired,"
        ),
        encoding="utf-8",
    )
    assert read_vocabularies(data_copy).term("nkcn", "venue_sauna").status == "retired"


def test_ambiguous_code_needs_a_group_and_unknown_code_is_reported() -> None:
    with pytest.raises(UnknownTermError, match="several groups"):
        VOCAB.term("htcds", "Other")
    assert VOCAB.term("htcds", "Other", group="per_RoleInProcess").group == "per_RoleInProcess"
    with pytest.raises(UnknownTermError, match="evt_nonexistent"):
        VOCAB.term("nkcn", "evt_nonexistent")
    with pytest.raises(UnknownTermError, match="xx_none"):
        VOCAB.place("xx_none")


def test_places_split_multiple_korean_names_and_parse_coordinates() -> None:
    seoul_country = VOCAB.place("kr")
    assert seoul_country.name_ko_other == ("대한민국", "남조선 (North Korean usage)")
    yanji = VOCAB.place("cn_jl_yanji")
    assert (yanji.parent_id, yanji.gb2260, yanji.lat, yanji.lon) == ("cn_jl_yanbian", "222401", 42.89, 129.51)
    assert VOCAB.place("kp").parent_id is None
    assert read_places() == VOCAB.places


def test_surname_table_reads_north_korean_forms() -> None:
    lee = next(s for s in read_surnames() if s.id == "sn002")
    assert (lee.hangul, lee.hangul_north, lee.dprk_romanization) == ("이", "리", "Ri")
    assert lee.initial_r_north


def test_content_hash_is_stable_across_reloads_and_changes_when_a_label_changes(data_copy: Path) -> None:
    assert read_vocabularies(data_copy).content_hash == VOCAB.content_hash
    path = data_copy / "palermo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("label_ko: 모집", "label_ko: 모집함"), "utf-8")
    assert read_vocabularies(data_copy).content_hash != VOCAB.content_hash


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(len(VOCAB.terms))))
def test_content_hash_does_not_depend_on_the_order_of_entries(order: list[int]) -> None:
    terms = tuple(VOCAB.terms[i] for i in order)
    shuffled = VocabularySet(VOCAB.schemes, terms, tuple(reversed(VOCAB.places)))
    assert shuffled.content_hash == VOCAB.content_hash


def test_missing_file_error_names_the_file(data_copy: Path) -> None:
    (data_copy / "palermo.yaml").unlink()
    with pytest.raises(VocabularyError, match=r"^palermo\.yaml: not found"):
        read_vocabularies(data_copy)


def test_broken_yaml_error_names_file_and_line_but_not_the_content(data_copy: Path) -> None:
    (data_copy / "forced_labour_indicators.yaml").write_text("scheme: [unclosed\n  secret: 김영희\n", "utf-8")
    with pytest.raises(VocabularyError, match=r"^forced_labour_indicators\.yaml, line \d+") as caught:
        read_vocabularies(data_copy)
    assert "김영희" not in str(caught.value)


def test_entry_without_id_error_names_file_and_key_path(data_copy: Path) -> None:
    path = data_copy / "nk_china_case.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("- {id: venue_karaoke,", "- {code: venue_karaoke,"), "utf-8"
    )
    with pytest.raises(VocabularyError, match=r"nk_china_case\.yaml: venues\[1\]: missing or non-text 'id'"):
        read_vocabularies(data_copy)


def test_bad_coordinate_error_names_line_and_column(data_copy: Path) -> None:
    path = data_copy / "places.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",42.89,129.51,", ",north,129.51,", 1), "utf-8")
    with pytest.raises(VocabularyError, match=r"places\.csv, line \d+, column 'lat': not a number"):
        read_vocabularies(data_copy)


def test_unknown_parent_error_names_the_column(data_copy: Path) -> None:
    path = data_copy / "places.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",cn_jl_yanbian,Yanji,", ",cn_jl_nowhere,Yanji,"), "utf-8")
    with pytest.raises(VocabularyError, match=r"column 'parent_id': no place 'cn_jl_nowhere'"):
        read_vocabularies(data_copy)


def test_summary_and_to_dict_describe_the_set() -> None:
    assert "nkcn 1.0" in VOCAB.summary()
    as_dict = VOCAB.to_dict()
    assert as_dict["content_hash"] == VOCAB.content_hash
    assert len(as_dict["terms"]) == len(VOCAB.terms)  # type: ignore[arg-type]
