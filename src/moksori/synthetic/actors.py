"""A pool of fictional actors shared across testimonies, so that the same broker or police post recurs.

Shared actors are drawn with Zipf-like weights: a few brokers appear in many testimonies, most in one or two,
which is what corroboration and linkage need to be exercised on.
"""

from __future__ import annotations

import random
import string
from itertools import accumulate

from moksori.synthetic._draw import weighted
from moksori.synthetic.model import DemoActor

# Regions of the border a broker works from; crossings and holding places follow them.
REGIONS = ("tumen", "yalu_upper", "yalu_lower")
_NICKNAME_SURNAMES = ("김", "리", "박", "최", "정", "강", "조", "윤", "장", "림", "한", "오", "황", "전")
_REGION_KO = {"tumen": "연길", "yalu_upper": "장백", "yalu_lower": "단동"}
_SHARED_ROLES = {
    # role code: (label stem, pool size divisor, minimum pool size)
    "act_broker": ("Broker", 6, 8),
    "act_border_smuggler": ("Crossing guide", 12, 4),
    "act_brothel_owner": ("Venue owner", 20, 4),
    "act_cybersex_operator": ("Webcam operator", 40, 3),
    "act_escape_guide": ("Escape guide", 15, 4),
    "act_recruiter_dprk": ("Recruiter", 10, 4),
}


def letter_code(index: int) -> str:
    """A, B, ..., Z, AA, AB, ... for labels such as 'Broker AB'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return letters


class ActorPool:
    """Creates and hands out actors; everything it creates is kept in creation order for the dataset."""

    __slots__ = ("_by_place", "_counter", "_created", "_pools")

    def __init__(self, n: int, rng: random.Random) -> None:
        self._created: list[DemoActor] = []
        self._by_place: dict[tuple[str, str], str] = {}
        self._counter = 0
        self._pools: dict[tuple[str, str], tuple[list[str], tuple[float, ...]]] = {}
        for role, (stem, divisor, minimum) in _SHARED_ROLES.items():
            size = max(minimum, n // divisor)
            for region_index, region in enumerate(REGIONS):
                keys = [
                    self._new(f"{stem} {letter_code(i * len(REGIONS) + region_index)}", role, rng, region).key
                    for i in range(max(1, size // len(REGIONS)))
                ]
                weights = tuple(accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(len(keys))))
                self._pools[(role, region)] = (keys, weights)

    @property
    def actors(self) -> tuple[DemoActor, ...]:
        """All actors created so far, in creation order."""
        return tuple(self._created)

    def shared(self, role: str, region: str, rng: random.Random) -> str:
        """Key of a recurring actor of ``role`` working in ``region``."""
        keys, weights = self._pools[(role, region)]
        return weighted(rng, keys, weights)

    def at_place(self, role: str, place_id: str, label: str, rng: random.Random) -> str:
        """Key of the one institution of ``role`` at ``place_id`` (a police post, a detention centre)."""
        found = self._by_place.get((role, place_id))
        if found is None:
            found = self._new(label, role, rng, None, identified=True).key
            self._by_place[(role, place_id)] = found
        return found

    def individual(self, role: str, label: str, rng: random.Random) -> str:
        """Key of a new actor who appears in one testimony only (a buyer, his family)."""
        return self._new(label, role, rng, None).key

    def _new(
        self, label: str, role: str, rng: random.Random, region: str | None, *, identified: bool | None = None
    ) -> DemoActor:
        self._counter += 1
        actor = DemoActor(
            key=f"A-{self._counter:05d}",
            label=label,
            aliases=_aliases(role, region, rng),
            role=role,
            identified=identified if identified is not None else rng.random() < 0.2,
        )
        self._created.append(actor)
        return actor


def _aliases(role: str, region: str | None, rng: random.Random) -> tuple[str, ...]:
    """Invented nicknames of the kind survivors use; never a full name."""
    if region is None or role not in _SHARED_ROLES:
        return ()
    surname = rng.choice(_NICKNAME_SURNAMES)
    options = (
        f"{surname}사장",
        f"{surname}씨",
        f"{_REGION_KO[region]} 아줌마",
        f"{_REGION_KO[region]} 삼촌",
        "조선족 브로커",
    )
    count = rng.choice((1, 1, 2))
    return tuple(rng.sample(options, count))
