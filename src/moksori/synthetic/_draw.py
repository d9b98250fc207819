"""A faster weighted draw than ``random.choices`` for the one-item draws of the generator's hot loop."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def weighted(rng: random.Random, items: Sequence[T], cum_weights: Sequence[float]) -> T:
    """One item drawn with cumulative weights; consumes exactly one ``rng.random()`` call."""
    return items[bisect(cum_weights, rng.random() * cum_weights[-1], 0, len(items) - 1)]
