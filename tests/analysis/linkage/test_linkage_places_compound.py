"""Compound place cells: a place written with its prefecture, province or country in one cell."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moksori.analysis.linkage.normalise import LINKAGE_COLUMNS, Normaliser
from moksori.analysis.linkage.places import Gazetteer, resolve_place
from moksori.analysis.linkage.reference import place_rows

GAZETTEER = Gazetteer.default()
ROWS = {row["id"]: row for row in place_rows()}
# Places below a province: the ones a cell would name together with their province.
LOCAL_PLACES = tuple(
    sorted(i for i, place in GAZETTEER.places.items() if place.level_rank >= 2 and GAZETTEER.province_of(i))
)


@pytest.mark.parametrize(
    ("text", "place_id"),
    [
        ("Yanji, Jilin", "cn_jl_yanji"),
        ("Yanji City, Jilin Province, China", "cn_jl_yanji"),
        ("Tumen, Yanbian", "cn_jl_tumen"),
        ("Hoeryong, North Hamgyong", "kp_09_hoeryong"),
        ("Hamgyong-bukdo Hoeryong", "kp_09_hoeryong"),
        ("연변 연길시", "cn_jl_yanji"),
        ("길림성 연길시", "cn_jl_yanji"),
        ("중국 길림성 도문", "cn_jl_tumen"),
        ("함경북도 회령시", "kp_09_hoeryong"),
        ("함북 무산군", "kp_09_musan"),
        ("길림성연길시", "cn_jl_yanji"),
        ("함경북도회령시", "kp_09_hoeryong"),
        ("吉林省延吉市", "cn_jl_yanji"),
        ("吉林延吉", "cn_jl_yanji"),
        ("延边朝鲜族自治州图们市", "cn_jl_tumen"),
        ("中国吉林省图们市", "cn_jl_tumen"),
    ],
)
def test_a_place_written_with_its_province_resolves_to_the_place(text: str, place_id: str) -> None:
    match = resolve_place(text)
    assert (match.place_id, match.candidates, match.method) == (place_id, (place_id,), "compound")


@pytest.mark.parametrize(
    ("text", "place_id"),
    [
        ("Hoeryong North Hamgyong", "kp_09_hoeryong"),  # no comma: "North Hamgyong" is still one part
        ("Hoeryong City; N. Hamgyong; North Korea", "kp_09_hoeryong"),
        ("연길/延吉", "cn_jl_yanji"),  # the same place twice
        ("Jilin, Jilin", "cn_jl_jilin"),  # the city, not the province it is in
        ("옌볜 조선족 자치주 투먼시", "cn_jl_tumen"),  # spaces inside a name
        ("Namyang, Onsong", "kp_09_namyang"),  # a town inside a county: the deeper one
    ],
)
def test_other_compound_spellings_resolve(text: str, place_id: str) -> None:
    assert resolve_place(text).place_id == place_id


@pytest.mark.parametrize(
    "text",
    [
        "Yanji, North Hamgyong",  # a Chinese city is not in a North Korean province
        "길림성 회령시",
        "Hoeryong, China",
        "Yanji/Tumen",  # two places: no guess between them
        "North Korea, China",  # only countries: not a place
        "Yanji, Atlantis",  # a part that is no place
    ],
)
def test_parts_that_contradict_or_do_not_resolve_give_no_match(text: str) -> None:
    match = resolve_place(text)
    assert (match.place_id, match.candidates, match.method) == (None, (), "none")


@pytest.mark.parametrize(("text", "place_id"), [("무산군", "kp_09_musan"), ("茂山郡", "kp_09_musan")])
def test_a_county_suffix_missing_from_the_gazetteer_is_dropped(text: str, place_id: str) -> None:
    assert resolve_place(text) == resolve_place(text[:-1])
    assert resolve_place(text).place_id == place_id


def test_a_single_name_keeps_its_method() -> None:
    assert resolve_place("延吉市").method == "exact"
    assert resolve_place("N. Hamgyong").method == "phonetic"


def test_the_country_filter_applies_to_compound_cells() -> None:
    assert resolve_place("함경북도 회령시", "KP").place_id == "kp_09_hoeryong"
    assert resolve_place("Yanji, Jilin", "KP").place_id is None


def test_a_city_with_its_province_as_home_province_gives_the_province() -> None:
    row = dict.fromkeys(LINKAGE_COLUMNS, "")
    row.update(source="seoul", record_id="1", home_province="함경북도 회령시", china_place="吉林省延吉市")
    person = Normaliser().normalise(row, row_number=2)
    assert (person.home_province_id, person.china_place_id, person.issues) == ("kp_09", "cn_jl_yanji", ())


@given(st.sampled_from(LOCAL_PLACES), st.booleans())
def test_an_english_name_with_its_province_resolves_to_the_place(place_id: str, province_first: bool) -> None:
    place, province = ROWS[place_id]["name_en"], ROWS[GAZETTEER.province_of(place_id) or ""]["name_en"]
    text = f"{province}, {place}" if province_first else f"{place}, {province}"
    assert resolve_place(text).candidates == (place_id,)


@given(st.sampled_from(LOCAL_PLACES), st.sampled_from([" ", ""]))
def test_a_hangul_name_after_its_province_resolves_to_the_place(place_id: str, space: str) -> None:
    place, province = ROWS[place_id]["name_ko"], ROWS[GAZETTEER.province_of(place_id) or ""]["name_ko"]
    assert resolve_place(f"{province}{space}{place}").candidates == (place_id,)


@given(st.sampled_from(LOCAL_PLACES), st.sampled_from(tuple(ROWS)))
def test_a_compound_match_lies_inside_every_part(place_id: str, other_id: str) -> None:
    match = resolve_place(f"{ROWS[place_id]['name_en']}, {ROWS[other_id]['name_en']}")
    if match.place_id is not None:
        assert {place_id, other_id} <= set(GAZETTEER.lineage(match.place_id))
    else:
        assert other_id not in GAZETTEER.lineage(place_id)


@pytest.mark.parametrize(
    ("text", "place_id"),
    [
        ("Hoeryong, DPRK", "kp_09_hoeryong"),
        ("Onsong-gun, N. Hamgyong, DPRK", "kp_09_onsong"),
        ("Yanji, PRC", "cn_jl_yanji"),
        ("Yanji, Jilin, P.R. China", "cn_jl_yanji"),
        ("Musan-gun", "kp_09_musan"),
        ("Hoeryong-si", "kp_09_hoeryong"),
        ("Hyesan-si, Ryanggang", "kp_10_hyesan"),
    ],
)
def test_country_abbreviations_and_hyphenated_county_and_city_suffixes(text: str, place_id: str) -> None:
    assert resolve_place(text).place_id == place_id
