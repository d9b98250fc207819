"""The linkage model's design as plain data: comparisons, blocking rules and training rules.

Written as splink settings (SQL over the columns of :mod:`features`) but without importing splink,
so the design can be read, tested and documented on its own. Every rule compares records of
different organisations only when an organisation records each woman once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Level = dict[str, object]
Comparison = dict[str, object]


def _level(label: str, condition: str, **extra: object) -> Level:
    return {"sql_condition": condition, "label_for_charts": label, **extra}


def _null(*columns: str) -> Level:
    condition = " OR ".join(f'"{c}_l" IS NULL OR "{c}_r" IS NULL' for c in columns)
    return _level("missing", condition, is_null_level=True)


_ELSE = _level("different", "ELSE")


def _gap(column: str) -> str:
    """Years between two inclusive ranges (0 when they overlap)."""
    low, high = f"{column}_low", f"{column}_high"
    return f"greatest({low}_l - {high}_r, {low}_r - {high}_l, 0)"


def given_name_comparison() -> Comparison:
    """Given names: the same key (and Hangul, when both have it), one of the keys, or a near miss.

    The exact level is adjusted for how common the name is (영희 says less than 별님). It is not split
    by whether both records have Hangul: the adjustment divides the level's m by the name's frequency
    among all records, so splitting m by script would understate the evidence.
    """
    tf: dict[str, object] = {"tf_adjustment_column": "given_key", "tf_adjustment_weight": 1.0}
    return {
        "output_column_name": "given_name",
        "comparison_levels": [
            _null("given_key"),
            # Before the exact level: splink's frequency adjustment takes its u from the level whose
            # condition is exactly "given_key_l = given_key_r", so that level must be the plain one.
            _level(
                "same key, hangul differs",
                "given_key_l = given_key_r AND given_jamo_l <> given_jamo_r",
                m_probability=0.01,
            ),
            _level("same name", "given_key_l = given_key_r", **tf),
            _level(
                "a shared key (order unclear)",
                "list_has_any(given_keys_l, given_keys_r)",
                m_probability=0.01,
            ),
            _level(
                "one letter apart",
                "damerau_levenshtein(given_key_l, given_key_r) <= 1 "
                "OR levenshtein(given_jamo_l, given_jamo_r) <= 1",
            ),
            _level(
                "two letters apart",
                "damerau_levenshtein(given_key_l, given_key_r) <= 2 "
                "OR levenshtein(given_jamo_l, given_jamo_r) <= 2",
            ),
            _ELSE,
        ],
    }


def surname_comparison() -> Comparison:
    """Surnames: the key of the surname table row (Lee = Yi = Ri = 리 = 李), adjusted for frequency."""
    return {
        "output_column_name": "surname",
        "comparison_levels": [
            _null("surname_key"),
            _level(
                "same surname",
                "surname_key_l = surname_key_r",
                tf_adjustment_column="surname_key",
                tf_adjustment_weight=1.0,
            ),
            _level(
                "a shared key (order unclear)",
                "list_has_any(surname_keys_l, surname_keys_r)",
                m_probability=0.005,
            ),
            _ELSE,
        ],
    }


def _frequency_adjusted(column: str, *, own_u: bool = False) -> dict[str, object]:
    """splink's term-frequency adjustment on ``column``: agreeing on a common value says less.

    ``own_u`` takes the level's own u as the baseline, for a level whose condition is not a plain
    equality of ``column`` (splink otherwise looks for such a level).
    """
    extra: dict[str, object] = {"tf_adjustment_column": column, "tf_adjustment_weight": 1.0}
    if own_u:
        extra["disable_tf_exact_match_detection"] = True
    return extra


def year_comparison(column: str, name: str) -> Comparison:
    """Years as ranges: same single year, overlapping ranges, then 1 and 3 years apart.

    The same single year is adjusted for how common the year is: in real files departures pile up
    in some years (the famine, a border crackdown) and the year of the interview caps recent ones.
    """
    gap = _gap(column)
    low, high = f"{column}_low", f"{column}_high"
    exact = f"{low}_l = {high}_l AND {low}_r = {high}_r AND {low}_l = {low}_r"
    return {
        "output_column_name": name,
        "comparison_levels": [
            _null(low),
            _level("same year", exact, **_frequency_adjusted(low, own_u=True)),
            _level("ranges overlap", f"{gap} = 0"),
            _level("1 year apart", f"{gap} <= 1"),
            _level("2-3 years apart", f"{gap} <= 3"),
            _ELSE,
        ],
    }


def exact_comparison(column: str, name: str, *, frequency_adjusted: bool = False) -> Comparison:
    """Two levels and a missing level: equal or not (gazetteer ids, sex)."""
    extra = _frequency_adjusted(column) if frequency_adjusted else {}
    return {
        "output_column_name": name,
        "comparison_levels": [_null(column), _level("same", f"{column}_l = {column}_r", **extra), _ELSE],
    }


def china_place_comparison() -> Comparison:
    """Place in China: same place, else the same province (延吉 and 图们 are both in Jilin)."""
    return {
        "output_column_name": "china_place",
        "comparison_levels": [
            _null("china_place_id"),
            _level(
                "same place",
                "china_place_id_l = china_place_id_r",
                **_frequency_adjusted("china_place_id"),
            ),
            _level("same province", "china_province_id_l = china_province_id_r"),
            _ELSE,
        ],
    }


def comparisons() -> list[Comparison]:
    """All comparisons of the Moksori model."""
    return [
        given_name_comparison(),
        surname_comparison(),
        year_comparison("birth", "birth_year"),
        year_comparison("left", "left_year"),
        # Most women come from a few provinces (함북, 양강): sharing a rare one says much more.
        exact_comparison("home_province_id", "home_province", frequency_adjusted=True),
        china_place_comparison(),
        exact_comparison("sex", "sex"),
    ]


def weight_columns() -> list[tuple[str, bool]]:
    """(output column name, frequency adjusted) of every comparison, in model order."""
    return [
        (
            str(c["output_column_name"]),
            any("tf_adjustment_column" in level for level in c["comparison_levels"]),  # type: ignore[attr-defined]
        )
        for c in comparisons()
    ]


def block_rule(columns: Sequence[str], *, across_sources: bool) -> str:
    """A blocking rule: records equal on every column (and of different sources, when asked)."""
    return _rule(columns, across_sources=across_sources)


def _levels(comparison: Comparison) -> list[Level]:
    levels = comparison["comparison_levels"]
    assert isinstance(levels, list)
    return [level for level in levels if not level.get("is_null_level")]


def fixed_m(comparison: Comparison) -> dict[int, float]:
    """Level positions whose m is set by design (too rare among matches to learn), and the value."""
    return {
        i: float(level["m_probability"])  # type: ignore[arg-type]
        for i, level in enumerate(_levels(comparison))
        if "m_probability" in level
    }


def starting_m(comparison: Comparison) -> npt.NDArray[np.float64]:
    """EM's starting m: most matches at the first level, fewer at each looser one."""
    size = len(_levels(comparison))
    start = np.array([0.5**i for i in range(size)])
    start[-1] = 0.05 * start[:-1].sum() if size > 1 else 1.0
    for index, value in fixed_m(comparison).items():
        start[index] = value
    result: npt.NDArray[np.float64] = start / start.sum()
    return result


def with_parameters(
    comparisons: Sequence[Comparison],
    m: Sequence[npt.NDArray[np.float64]],
    u: Sequence[npt.NDArray[np.float64]],
) -> list[Comparison]:
    """Comparisons with trained m and u written into each non-missing level, for splink."""
    result = []
    for comparison, m_c, u_c in zip(comparisons, m, u, strict=True):
        levels = []
        position = 0
        for level in comparison["comparison_levels"]:  # type: ignore[attr-defined]
            if level.get("is_null_level"):
                levels.append(level)
                continue
            trained = {**level, "m_probability": float(m_c[position]), "u_probability": float(u_c[position])}
            levels.append(trained)
            position += 1
        result.append({**comparison, "comparison_levels": levels})
    return result


def _rule(columns: Sequence[str], *, across_sources: bool) -> str:
    parts = [f"l.{c} = r.{c}" for c in columns]
    if across_sources:
        parts.append("l.org <> r.org")
    return " AND ".join(parts)


@dataclass(frozen=True, slots=True)
class BlockingRule:
    """Records equal on ``columns`` are compared; an over-full block is refined by ``refine_by`` in
    order, then cut into chunks (see :mod:`blocking`), so no block exceeds the cap."""

    columns: tuple[str, ...]
    refine_by: tuple[str, ...]


# Names with a birth band, a place or a year; then rules that survive a mistyped given name. Each rule
# refines an over-full block by fields it does not already use, in a different order from its
# neighbours, so a record missing one field still reaches its match through another rule.
PREDICTION_BLOCKS: tuple[BlockingRule, ...] = (
    # Names alone, only where they are rare enough for the block to fit under the cap: a pair with
    # nothing but a rare name in common can still be a match; a pair of 김영희 cannot.
    BlockingRule(("surname_key", "given_key"), ("birth_band_a", "home_province_id")),
    BlockingRule(("surname_key", "given_key", "birth_band_a"), ("home_province_id", "china_place_id")),
    BlockingRule(("surname_key", "given_key", "birth_band_b"), ("china_place_id", "left_low")),
    BlockingRule(("surname_key", "given_key", "home_province_id"), ("birth_band_a", "left_low")),
    BlockingRule(("surname_key", "given_key", "china_place_id"), ("birth_band_b", "home_province_id")),
    BlockingRule(("surname_key", "given_key", "left_low"), ("birth_band_a", "china_place_id")),
    BlockingRule(("surname_key", "birth_band_a", "home_province_id"), ("china_place_id", "left_low")),
    BlockingRule(("surname_key", "birth_band_b", "china_place_id"), ("left_low", "home_province_id")),
    BlockingRule(("given_key", "birth_low", "home_province_id"), ("china_place_id", "left_low")),
    BlockingRule(("surname_key", "home_province_id", "china_place_id"), ("left_low", "birth_band_a")),
)
# Training blocks on names alone hold few matches among many namesakes (0.2 % of 김영희 pairs), and EM
# then takes namesakes with close birth years for matches; adding a place to the name keeps enough
# pairs but makes matches common enough for EM to find them.
TRAINING_BLOCKS: tuple[tuple[str, ...], ...] = (
    ("surname_key", "given_key", "china_place_id"),
    ("surname_key", "given_key", "home_province_id"),
    ("birth_low", "home_province_id", "china_place_id", "left_low"),
)
# Pairs this strict are taken as matches to estimate the prior probability that two records match.
DETERMINISTIC_BLOCK: tuple[str, ...] = ("surname_key", "given_key", "birth_low", "home_province_id")


def block_key_column(index: int) -> str:
    """The column holding the capped block key of prediction rule ``index`` (see :mod:`blocking`)."""
    return f"block_{index}"


def prediction_rules(*, across_sources: bool) -> list[str]:
    """Blocking rules that decide which pairs are scored: equal capped block keys."""
    return [
        _rule((block_key_column(i),), across_sources=across_sources) for i in range(len(PREDICTION_BLOCKS))
    ]


def training_rules(*, across_sources: bool) -> list[str]:
    """Blocking rules for the EM passes; each pass estimates the comparisons it does not block on."""
    return [_rule(block, across_sources=across_sources) for block in TRAINING_BLOCKS]


def deterministic_rule(*, across_sources: bool) -> str:
    """A strict rule whose pairs are nearly all matches, for the prior."""
    return _rule(DETERMINISTIC_BLOCK, across_sources=across_sources)


def splink_settings(*, across_sources: bool) -> dict[str, object]:
    """The whole splink settings dictionary for a dedupe over all organisations' records."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons(),
        "blocking_rules_to_generate_predictions": prediction_rules(across_sources=across_sources),
        "retain_matching_columns": False,
        # model.py turns this on for the person-level check (see cluster_evidence.py).
        "retain_intermediate_calculation_columns": False,
        "em_convergence": 0.001,
        "max_iterations": 8,
    }
