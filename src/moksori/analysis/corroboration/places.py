"""Place names in any script to gazetteer ids, and the places inside a place (Tumen = 도문 = 图们 = 투먼)."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

from moksori.vocab.model import Place

# Administrative suffixes dropped so that spoken forms match: 도문시 -> 도문, 图们市 -> 图们, Tumen Shi.
_SUFFIXES = (
    "조선족자치주",
    "조선족자치현",
    "자치주",
    "자치현",
    "시",
    "현",
    "성",
    "朝鲜族自治州",
    "自治州",
    "自治县",
    "市",
    "县",
    "省",
    " korean autonomous prefecture",
    " korean autonomous county",
    " autonomous prefecture",
    " autonomous county",
    " province",
    " county",
    " city",
    " shi",
    " xian",
    " sheng",
    " zizhizhou",
    " chaoxianzu zizhizhou",
)


class UnknownPlaceError(LookupError):
    """A place name the gazetteer does not know (or knows as several places)."""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().casefold()
    return " ".join(text.split())


def _forms(place: Place) -> set[str]:
    names = [
        place.id,
        place.name_en,
        place.name_local,
        place.name_zh,
        place.pinyin,
        place.name_ko,
        place.name_ko_sk,
        *place.name_ko_other,
    ]
    forms: set[str] = set()
    for name in names:
        if not name:
            continue
        folded = _fold(name)
        forms.add(folded)
        forms.add(_strip_suffixes(folded))
    return {f for f in forms if f}


def _strip_suffixes(folded: str) -> str:
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if folded.endswith(suffix) and len(folded) > len(suffix) + 1:
                folded = folded[: -len(suffix)].strip()
                changed = True
    return folded


class PlaceResolver:
    """Look-ups over the gazetteer: any written form to an id, an id to itself and everything inside it."""

    def __init__(self, places: Sequence[Place]) -> None:
        by_form: dict[str, set[str]] = defaultdict(set)
        children: dict[str, list[str]] = defaultdict(list)
        for place in places:
            for form in _forms(place):
                by_form[form].add(place.id)
            if place.parent_id:
                children[place.parent_id].append(place.id)
        self._ids = frozenset(p.id for p in places)
        self._by_form = {k: frozenset(v) for k, v in by_form.items()}
        self._children = {k: tuple(v) for k, v in children.items()}
        self._parent = {p.id: p.parent_id for p in places}

    def resolve(self, name: str) -> str:
        """The id of the place written `name`: id, English, Chinese, pinyin or Korean, with or without 市."""
        if name in self._ids:
            return name
        folded = _fold(name)
        found = self._by_form.get(folded) or self._by_form.get(_strip_suffixes(folded), frozenset())
        if len(found) == 1:
            return next(iter(found))
        if not found:
            raise UnknownPlaceError(
                f"No place {name!r} in the gazetteer (places.csv); use its id or a listed name."
            )
        raise UnknownPlaceError(f"{name!r} names several places ({', '.join(sorted(found))}); use the id.")

    def within(self, place_id: str) -> frozenset[str]:
        """`place_id` and every place under it (a prefecture and its cities and counties)."""
        found, stack = {place_id}, [place_id]
        while stack:
            for child in self._children.get(stack.pop(), ()):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return frozenset(found)

    def expand(self, names: Iterable[str]) -> frozenset[str]:
        """Every place id within any of the named places."""
        return frozenset(pid for name in names for pid in self.within(self.resolve(name)))

    def nested(self, a: str, b: str) -> bool:
        """True when one place lies within the other (or they are the same): no contradiction between them."""
        return a == b or a in self.within(b) or b in self.within(a)

    def ancestors(self, place_id: str) -> tuple[str, ...]:
        """The places containing `place_id`, nearest first."""
        chain, parent = [], self._parent.get(place_id)
        while parent:
            chain.append(parent)
            parent = self._parent.get(parent)
        return tuple(chain)
