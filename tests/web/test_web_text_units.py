"""Invariants of the text helpers behind the interview form and the coding screen (no database)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from moksori.web.coding.view_helpers import passage_segments
from moksori.web.testimonies.forms import split_paragraphs

paragraph = (
    st.text(alphabet=st.sampled_from("가나다 abc.?"), min_size=1, max_size=20).map(str.strip).filter(bool)
)


@given(
    st.lists(paragraph, min_size=1, max_size=6),
    st.sampled_from(["\n\n", "\r\n\r\n", "\n \n\n", "\r\n\r\n\r\n"]),
)
def test_paragraphs_come_back_whatever_blank_lines_separate_them(parts: list[str], separator: str) -> None:
    assert split_paragraphs(separator.join(parts)) == parts


def test_blank_transcript_has_no_paragraphs() -> None:
    assert split_paragraphs(" \r\n \n") == []


spans = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)).map(sorted).map(tuple), max_size=5)


@given(st.text(max_size=40), spans)
def test_segments_rebuild_the_passage_and_mark_exactly_the_union_of_spans(
    text: str, chosen: list[tuple[int, int]]
) -> None:
    segments = passage_segments(text, chosen)
    assert "".join(s.text for s in segments) == text
    marked = [s.marked for s in segments for _ in s.text]
    covered = [any(a <= i < b for a, b in chosen) for i in range(len(text))]
    assert marked == covered


def test_overlapping_spans_are_cut_at_every_boundary() -> None:
    segments = passage_segments("브로커가 저를 팔았습니다", [(0, 3), (2, 6)])
    assert [(s.text, s.marked) for s in segments] == [
        ("브로", True),
        ("커", True),
        ("가 저", True),
        ("를 팔았습니다", False),
    ]
