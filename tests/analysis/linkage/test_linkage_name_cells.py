"""Name cells as real spreadsheets write them: mixed scripts, several names, titles and initials."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from moksori.analysis.linkage.hangul import contains_hangul
from moksori.analysis.linkage.names import SurnameTable, parse_name_cell, romanize_full_name
from moksori.analysis.linkage.normalise import NormalisedPerson, Normaliser
from moksori.analysis.linkage.phonetic import hangul_key
from moksori.analysis.linkage.romanize import System
from moksori.analysis.linkage.synthetic import GIVEN_NAMES

TABLE = SurnameTable.default()
NORMALISER = Normaliser()
# Single-syllable surnames only: a compound surname before a one-syllable given name is split on its own
# rules, which test_linkage_phonetic_names covers.
SURNAMES = sorted({s.hangul for s in TABLE.surnames if len(s.hangul) == 1})
TWO_SYLLABLE_GIVEN = sorted(g for g in GIVEN_NAMES if len(g) == 2)


def _person(name_ko: str = "", name_latin: str = "") -> NormalisedPerson:
    row = {"source": "a", "record_id": "1", "name_ko": name_ko, "name_latin": name_latin}
    return NORMALISER.normalise(row, row_number=2)


def _keys(person: NormalisedPerson) -> tuple[object, ...]:
    return person.surname_key, person.given_key, person.surname_keys, person.given_keys


def _hangul(person: NormalisedPerson) -> tuple[str | None, str | None]:
    return person.surname_ko, person.given_ko


@pytest.mark.parametrize(
    ("name_ko", "name_latin"),
    [
        ("김영희 (Kim Young-hee)", ""),
        ("", "Kim Yong Hui (김영희)"),
        ("김영희(金英姬)", ""),
        ("金英姬 (김영희)", ""),
        ("김영희 Kim Young-hee", ""),
        ("[김영희]", "（Kim Young-hee）"),
    ],
)
def test_mixed_scripts_in_one_cell_are_read_each_in_its_own_script(name_ko: str, name_latin: str) -> None:
    person = _person(name_ko, name_latin)
    assert _keys(person) == ("kim", "yonghi", ("kim",), ("yonghi",))
    assert _hangul(person) == ("김", "영희")


def test_the_text_decides_the_script_not_the_column() -> None:
    assert _keys(_person(name_ko="Kim Young-hee")) == ("kim", "yonghi", ("kim",), ("yonghi",))
    latin_column = _person(name_latin="김영희")
    assert _keys(latin_column) == ("kim", "yonghi", ("kim",), ("yonghi",))
    assert _hangul(latin_column) == ("김", "영희")


@pytest.mark.parametrize(
    ("name_ko", "name_latin", "surname_keys", "given_keys"),
    [
        ("", "Kim Young-hee / Kim Yong-hui", ("kim",), ("yonghi",)),
        ("", "Kim Young-hee/Pak Sun-hui", ("kim", "pak"), ("yonghi", "sonhi")),
        ("", "Kim Young-hee (alias: Pak Sun-hui)", ("kim", "pak"), ("yonghi", "sonhi")),
        ("", "Kim Young-hee a.k.a. Lee Sun-hee", ("kim", "i"), ("yonghi", "sonhi")),
        ("", "Kim Young-hee AKA Lee Sun-hee", ("kim", "i"), ("yonghi", "sonhi")),
        ("", "Kim Young-hee a/k/a Lee Sun-hee", ("kim", "i"), ("yonghi", "sonhi")),
        ("", "Kim Young-hee alias Lee Sun-hee", ("kim", "i"), ("yonghi", "sonhi")),
        ("", "Kim Young-hee or Lee Sun-hee", ("kim", "i"), ("yonghi", "sonhi")),
        ("", "Kim Young-hee | Lee Sun-hee; Pak Ok-hui", ("kim", "i", "pak"), ("yonghi", "sonhi", "oki")),
        ("", "Kim Young-hee, Lee Sun-hee", ("kim", "i"), ("yonghi", "sonhi")),
        ("김영희, 김순희", "", ("kim",), ("yonghi", "sonhi")),
        ("김영희、김순희", "", ("kim",), ("yonghi", "sonhi")),
        ("김영희 또는 김순희", "", ("kim",), ("yonghi", "sonhi")),
        ("김영희(가명: 박순희)", "", ("kim", "pak"), ("yonghi", "sonhi")),
        ("김영희 본명 박순희", "", ("kim", "pak"), ("yonghi", "sonhi")),
        ("김영희 일명 박순희", "", ("kim", "pak"), ("yonghi", "sonhi")),
        ("김영희", "Pak Sun-hui", ("kim", "pak"), ("yonghi", "sonhi")),
    ],
)
def test_several_names_in_a_cell_give_the_first_as_primary_and_the_others_as_alternatives(
    name_ko: str, name_latin: str, surname_keys: tuple[str, ...], given_keys: tuple[str, ...]
) -> None:
    person = _person(name_ko, name_latin)
    assert _keys(person) == (surname_keys[0], given_keys[0], surname_keys, given_keys)


def test_the_hangul_fields_come_from_the_primary_name_not_from_an_alias() -> None:
    assert _hangul(_person(name_ko="김영희(가명: 박순희)")) == ("김", "영희")
    assert _hangul(_person(name_latin="Kim Young-hee (가명: 박순희)")) == (None, None)
    assert _hangul(_person(name_latin="Kim Young-hee (김영희)")) == ("김", "영희")


@pytest.mark.parametrize("text", ["김영희(가명)", "김영희 (본명)", "김영희 [alias]"])
def test_a_bare_alias_word_is_a_note_not_a_name(text: str) -> None:
    person = _person(name_ko=text)
    assert _keys(person) == ("kim", "yonghi", ("kim",), ("yonghi",))


def test_an_alias_word_after_a_lone_surname_is_a_given_name() -> None:
    assert _hangul(_person(name_ko="김 일명")) == ("김", "일명")
    assert _person(name_ko="김 일명").given_key == hangul_key("일명")
    assert _hangul(_person(name_ko="김가명")) == ("김", "가명")


@pytest.mark.parametrize(
    ("cell", "order", "surname", "given"),
    [
        ("Lee, Young-hee", "surname_first", "Lee", "Young-hee"),
        ("LEE, Young Hee", "surname_first", "LEE", "Young Hee"),
        ("Mrs. Lee, Young-hee", "surname_first", "Lee", "Young-hee"),
    ],
)
def test_a_comma_after_a_single_latin_token_stays_one_surname_first_name(
    cell: str, order: str, surname: str, given: str
) -> None:
    (parsed,) = parse_name_cell(cell)
    assert (parsed.order, parsed.surname, parsed.given) == (order, surname, given)


def test_a_comma_after_a_lone_hangul_surname_stays_one_name() -> None:
    person = _person(name_ko="김, 영희")
    assert _keys(person) == ("kim", "yonghi", ("kim",), ("yonghi",))
    assert _hangul(person) == ("김", "영희")


@pytest.mark.parametrize(
    ("cell", "given_key"),
    [
        ("Ms. Kim Young-hee", "yonghi"),
        ("Ms Kim Young-hee", "yonghi"),
        ("Miss Kim Young-hee", "yonghi"),
        ("MRS. KIM YOUNG-HEE", "yonghi"),
        ("Dr Kim Young-hee", "yonghi"),
        ("Kim Young-hee, Mrs", "yonghi"),
        ("Mrs Kim", None),
        ("Madam Kim", None),
        ("Mdm. Kim", None),
        ("Mr. Kim", None),
    ],
)
def test_latin_titles_are_dropped(cell: str, given_key: str | None) -> None:
    person = _person(name_latin=cell)
    assert (person.surname_key, person.given_key) == ("kim", given_key)
    assert person.surname_keys == ("kim",)


@pytest.mark.parametrize(
    "cell",
    ["김영희 씨", "김영희씨", "김영희 여사", "김영희여사", "김영희 여사님", "김영희님", "김영희 님",
     "김영희 양", "김영희양", "김영희 선생님"],
)  # fmt: skip
def test_korean_honorifics_are_dropped(cell: str) -> None:
    person = _person(name_ko=cell)
    assert _keys(person) == ("kim", "yonghi", ("kim",), ("yonghi",))
    assert _hangul(person) == ("김", "영희")


@pytest.mark.parametrize(
    ("cell", "surname_ko", "given_ko"),
    [
        ("김별님", "김", "별님"),  # 님 ends the given name: one syllable would be left without it
        ("김별님 님", "김", "별님"),
        ("김지양", "김", "지양"),
        ("김양", "김", "양"),  # could be Miss Kim, but also a one-syllable given name: kept
        ("영희 양", "양", "영희"),  # given name first, surname 양
        ("김 양", "김", None),  # a lone surname and 양 written apart: Miss Kim
        ("김씨", "김", None),  # 씨 is never a name syllable
        ("김 씨", "김", None),
        ("양 씨", "양", None),
        ("김여사", "김", None),
    ],
)
def test_honorifics_that_can_be_part_of_a_name_are_kept_where_they_are(
    cell: str, surname_ko: str, given_ko: str | None
) -> None:
    assert _hangul(_person(name_ko=cell)) == (surname_ko, given_ko)


@pytest.mark.parametrize(
    ("cell", "surname_key", "given_key"),
    [
        ("Kim Y.H.", "kim", None),
        ("Kim Y. H.", "kim", None),
        ("Kim Y.-H.", "kim", None),
        ("Kim Y H", "kim", None),
        ("Y.H. Kim", "kim", None),
        ("K. Young-hee", None, "yonghi"),
        ("Young-hee K.", None, "yonghi"),
        ("K.", None, None),
        ("Lee, Y.H.", "i", None),
    ],
)
def test_initials_never_become_keys(cell: str, surname_key: str | None, given_key: str | None) -> None:
    person = _person(name_latin=cell)
    assert (person.surname_key, person.given_key) == (surname_key, given_key)
    assert len(person.surname_keys) <= 1
    assert len(person.given_keys) <= 1


@pytest.mark.parametrize(
    ("cell", "surname_key", "given_key"),
    [
        ("Kim Sun I", "kim", hangul_key("순이")),  # a lone vowel is a DPRK-style syllable, not an initial
        ("O Yong-hui", "o", "yonghi"),  # 오 in Revised Romanization
        ("I Yeong-hui", "i", "yonghi"),  # 이 in Revised Romanization
    ],
)
def test_a_lone_vowel_is_a_syllable_not_an_initial(cell: str, surname_key: str, given_key: str) -> None:
    person = _person(name_latin=cell)
    assert (person.surname_key, person.given_key) == (surname_key, given_key)


@pytest.mark.parametrize(
    ("name_ko", "name_latin", "surname", "given"),
    [
        ("리영희", "", "i", "yonghi"),
        ("", "Lee Young-hee", "i", "yonghi"),
        ("", "Yi Yŏnghŭi", "i", "yonghi"),
        ("", "Young Hee KIM", "kim", "yonghi"),
        ("", "Ri Yong-hui", "i", "yonghi"),
        ("이 영희", "", "i", "yonghi"),
        ("金顺姬", "Kim Sun-hee", "kim", "sonhi"),
    ],
)
def test_clean_cells_keep_their_keys(name_ko: str, name_latin: str, surname: str, given: str) -> None:
    person = _person(name_ko, name_latin)
    assert _keys(person) == (surname, given, (surname,), (given,))


def test_an_unclear_latin_order_still_keeps_both_splits() -> None:
    person = _person(name_latin="Song Min")
    assert (person.surname_keys, person.given_keys) == (("song", "min"), ("min", "song"))


def test_a_cell_of_titles_and_punctuation_gives_no_name() -> None:
    assert parse_name_cell("Mrs. (?) / -") == ()
    assert parse_name_cell("") == ()


def test_parsed_cells_and_people_keep_names_out_of_repr() -> None:
    cell = "김영희 (Kim Young-hee, alias: Pak Sun-hui)"
    texts = [repr(parse_name_cell(cell)), repr(_person(name_ko=cell)), _person(name_ko=cell).summary()]
    for text in texts:
        for fragment in ("영희", "Young", "Pak", "yonghi", "sonhi"):
            assert fragment not in text


hangul_names = st.tuples(st.sampled_from(SURNAMES), st.sampled_from(TWO_SYLLABLE_GIVEN))
systems: st.SearchStrategy[System] = st.sampled_from(("rr", "mr", "dprk"))


@settings(max_examples=150, deadline=None)
@given(hangul_names, systems)
def test_adding_the_romanization_in_brackets_keeps_the_primary_keys(
    name: tuple[str, str], system: System
) -> None:
    hangul = "".join(name)
    latin = romanize_full_name(*name, system)
    alone, wrapped = _person(name_ko=hangul), _person(name_ko=f"{hangul} ({latin})")
    assert (wrapped.surname_key, wrapped.given_key) == (alone.surname_key, alone.given_key)
    assert _hangul(wrapped) == _hangul(alone)
    latin_alone, latin_wrapped = _person(name_latin=latin), _person(name_latin=f"{latin} ({hangul})")
    assert (latin_wrapped.surname_key, latin_wrapped.given_key) == (
        latin_alone.surname_key,
        latin_alone.given_key,
    )


@settings(max_examples=150, deadline=None)
@given(hangul_names, hangul_names, systems, st.booleans())
def test_appending_another_name_keeps_the_primary_keys_and_adds_the_others_as_alternatives(
    name: tuple[str, str], other: tuple[str, str], system: System, other_in_latin: bool
) -> None:
    first = "".join(name)
    second = romanize_full_name(*other, system) if other_in_latin else "".join(other)
    alone, other_alone = _person(name_ko=first), _person(name_ko=second)
    both = _person(name_ko=f"{first} / {second}")
    assert (both.surname_key, both.given_key) == (alone.surname_key, alone.given_key)
    assert both.surname_keys[: len(alone.surname_keys)] == alone.surname_keys
    assert both.given_keys[: len(alone.given_keys)] == alone.given_keys
    assert set(other_alone.surname_keys) <= set(both.surname_keys)
    assert set(other_alone.given_keys) <= set(both.given_keys)
    assert _hangul(both) == _hangul(alone)


cell_text = st.text(alphabet="김영희박순 金英姬 KimYoungHeLSPak.,;/|()[]:-씨님양여사또는가명 ", max_size=30)


@settings(max_examples=300, deadline=None)
@given(cell_text, cell_text)
def test_any_cell_is_read_without_error_and_gives_no_blank_key(name_ko: str, name_latin: str) -> None:
    person = Normaliser().normalise(
        {"source": "a", "record_id": "1", "name_ko": name_ko, "name_latin": name_latin}, row_number=2
    )
    assert all(person.surname_keys)
    assert all(person.given_keys)
    assert len(set(person.surname_keys)) == len(person.surname_keys)
    assert len(set(person.given_keys)) == len(person.given_keys)
    if person.surname_ko or person.given_ko:
        assert contains_hangul(name_ko + name_latin)


plain_looking = st.text(alphabet="김이박영희순별가명일또는씨님양여사선생 ", max_size=9) | st.text(
    alphabet="KimLeYoungheParkSunIOMrsaklo-' ", max_size=20
)


@settings(max_examples=400, deadline=None)
@given(plain_looking)
@example("영희 가명")
@example("가명 영희")
@example("김 일명")
@example("김씨")
@example("영희 양")
@example("Mrs Kim")
@example("Kim Young-hee or Pak")
@example("O Yong-hui")
def test_the_shortcut_for_plain_names_reads_them_as_the_full_cutting_does(text: str) -> None:
    # Brackets around the whole cell change nothing but force the full road.
    assert parse_name_cell(text) == parse_name_cell(f"({text})")


@pytest.mark.parametrize(
    ("name_ko", "name_latin"),
    [("김영희 (여)", ""), ("김영희(45세)", ""), ("김영희 (女)", ""), ("", "Kim Young-hee (F, 1970)"),
     ("", "Kim Young-hee (b. 1970)"), ("", "Kim Young-hee / female")],
)  # fmt: skip
def test_notes_beside_a_name_give_no_keys(name_ko: str, name_latin: str) -> None:
    assert _keys(_person(name_ko, name_latin)) == ("kim", "yonghi", ("kim",), ("yonghi",))


def test_a_note_word_alone_is_still_read_as_a_name() -> None:
    assert _hangul(_person(name_ko="여")) == ("여", None)


@pytest.mark.parametrize(
    ("name_ko", "name_latin"),
    [
        ("김영희 (사망)", ""),
        ("김영희 (미상)", ""),
        ("", "Kim Young-hee (deceased)"),
        ("", "Kim Young-hee (unknown)"),
        ("", "Kim Young-hee (North Korea)"),
        ("김영희 (북한)", ""),
    ],
)
def test_notes_of_death_unknowns_and_countries_add_no_key(name_ko: str, name_latin: str) -> None:
    person = _person(name_ko, name_latin)
    assert (person.surname_keys, person.given_keys) == (("kim",), ("yonghi",))
