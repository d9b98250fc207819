"""Benchmark: Moksori's linker against splink with a generic configuration, on the same data.

Run by hand (never in the test suite's timing):

    .venv/bin/python benchmarks/linkage.py --people 5000 --seed 3 4 5 --repeat 5
    .venv/bin/python benchmarks/linkage.py --people 47000 --seed 31 32 33     # about 50,000 records
    .venv/bin/python benchmarks/linkage.py --skip-compare --scale 1000000 --seed 7   # records/s, memory

The generic configuration is what a careful non-specialist would write with splink: Jaro-Winkler on
``name_latin``, exact ``name_ko``, birth-year distance on the years that parse as integers, exact
``home_province`` as written; blocking on each name column and on birth year + province; u by random
sampling, EM, connected components at the same threshold, and again at its own best threshold (picked
with the truth, which favours it). Both run on in-memory DuckDB without spilling.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, block_on

from moksori.analysis.linkage.clusters import cluster_pairs
from moksori.analysis.linkage.evaluate import LinkageScores, score_clusters
from moksori.analysis.linkage.model import link_records, private_duckdb
from moksori.analysis.linkage.settings import LinkageSettings
from moksori.analysis.linkage.synthetic import generate_sources

RECORDS_PER_PERSON = (
    1.07  # generate_sources with its default sources yields about this many records per woman
)


def _year(text: str) -> int | None:
    text = text.strip()
    return int(text) if len(text) == 4 and text.isdigit() else None


def _generic_frame(records: Sequence[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unique_id": range(len(records)),
            "name_latin": [r["name_latin"].lower() or None for r in records],
            "name_ko": [r["name_ko"].replace(" ", "") or None for r in records],
            "birth_year": [_year(r["birth_year"]) for r in records],
            "home_province": [r["home_province"] or None for r in records],
        }
    )


def _generic_settings() -> dict[str, object]:
    birth = cl.CustomComparison(
        output_column_name="birth_year",
        comparison_levels=[
            {"sql_condition": "birth_year_l IS NULL OR birth_year_r IS NULL", "is_null_level": True},
            {"sql_condition": "birth_year_l = birth_year_r"},
            {"sql_condition": "abs(birth_year_l - birth_year_r) <= 1"},
            {"sql_condition": "abs(birth_year_l - birth_year_r) <= 3"},
            {"sql_condition": "ELSE"},
        ],
    )
    return {
        "link_type": "dedupe_only",
        "comparisons": [
            cl.JaroWinklerAtThresholds("name_latin", [0.92, 0.85]),
            cl.ExactMatch("name_ko"),
            birth,
            cl.ExactMatch("home_province"),
        ],
        "blocking_rules_to_generate_predictions": [
            block_on("name_ko"),
            block_on("name_latin"),
            block_on("birth_year", "home_province"),
        ],
    }


GENERIC_THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)


def run_generic(
    records: Sequence[dict[str, str]], threshold: float, seed: int
) -> tuple[list[int], pd.DataFrame, float]:
    """Cluster ids per record from the generic configuration, its scored pairs and the seconds taken."""
    start = time.perf_counter()
    connection = private_duckdb(LinkageSettings())
    api = DuckDBAPI(connection=connection)
    linker = Linker(api.register(_generic_frame(records)), _generic_settings(), log_level=None)
    linker.training.estimate_probability_two_random_records_match([block_on("name_ko", "birth_year")], 0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_ko"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_year"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    frame = clustered.as_pandas_dataframe().sort_values("unique_id")  # type: ignore[no-untyped-call]
    pairs: pd.DataFrame = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    clusters = [str(c) for c in frame["cluster_id"]]
    connection.close()
    numbers: dict[str, int] = {}
    return [numbers.setdefault(c, len(numbers)) for c in clusters], pairs, time.perf_counter() - start


def generic_at_best_threshold(pairs: pd.DataFrame, truth: Sequence[int]) -> tuple[float, LinkageScores]:
    """The generic configuration's best B-cubed F1 over a grid of thresholds (chosen with the truth,
    which favours it: a real user cannot pick the threshold this way), with connected components."""
    best: tuple[float, LinkageScores] | None = None
    everyone = ["all"] * len(truth)  # one pseudo-source: plain connected components, as splink does
    for threshold in GENERIC_THRESHOLDS:
        clusters = cluster_pairs(
            everyone,
            pairs["unique_id_l"].to_numpy(),
            pairs["unique_id_r"].to_numpy(),
            pairs["match_probability"].to_numpy(),
            threshold=threshold,
            one_record_per_source=False,
        )
        scores = score_clusters(clusters.tolist(), truth)
        if best is None or scores.bcubed_f1 > best[1].bcubed_f1:
            best = (threshold, scores)
    assert best is not None
    return best


def _line(name: str, scores: LinkageScores, seconds: float) -> str:
    return (
        f"{name:<16} {seconds:7.1f} s  pairwise P {scores.pairwise_precision:.3f} "
        f"R {scores.pairwise_recall:.3f} "
        f"F1 {scores.pairwise_f1:.3f}  B-cubed P {scores.bcubed_precision:.3f} R {scores.bcubed_recall:.3f} "
        f"F1 {scores.bcubed_f1:.3f}"
    )


def compare(people: int, seed: int, threshold: float | None, repeat: int = 1) -> dict[str, object]:
    """Both linkers on one generated data set; prints a table and returns the figures.

    Moksori runs at its default match threshold unless ``threshold`` is given; the generic
    configuration runs at the same threshold and, separately, at its own best one. With ``repeat``
    above one, both run that many times, alternately, and each time is the median of its runs (the
    results are the same every time: both are seeded).
    """
    data = generate_sources(people, seed=seed)
    print(data.summary())
    settings = LinkageSettings(seed=seed)
    if threshold is not None:
        settings = replace(settings, match_threshold=threshold)
    ours_times, generic_times = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        ours = link_records(data.records, settings)
        ours_times.append(time.perf_counter() - start)
        generic_clusters, generic_pairs, seconds = run_generic(data.records, settings.match_threshold, seed)
        generic_times.append(seconds)
    ours_seconds, generic_seconds = statistics.median(ours_times), statistics.median(generic_times)
    ours_scores = score_clusters(ours.cluster_ids, data.person_ids)
    generic_scores = score_clusters(generic_clusters, data.person_ids)
    best_threshold, best_scores = generic_at_best_threshold(generic_pairs, data.person_ids)
    print(_line(f"moksori@{settings.match_threshold:g}", ours_scores, ours_seconds))
    print(_line(f"generic@{settings.match_threshold:g}", generic_scores, generic_seconds))
    print(_line(f"generic@{best_threshold:g}(best)", best_scores, generic_seconds))
    ratio = ours_seconds / generic_seconds
    gain = ours_scores.bcubed_f1 - best_scores.bcubed_f1
    print(f"time ratio moksori/generic {ratio:.2f}; B-cubed F1 gain over generic at its best {gain:+.3f}")
    print(f"moksori stages: {json.dumps({k: round(v, 2) for k, v in ours.timings.items()})}")
    return {
        "data": data.to_dict(),
        "moksori": {**ours_scores.to_dict(), "seconds": ours_seconds, "threshold": settings.match_threshold},
        "generic": {**generic_scores.to_dict(), "seconds": generic_seconds},
        "generic_best": {**best_scores.to_dict(), "threshold": best_threshold},
        "time_ratio": ratio,
        "bcubed_f1_gain": gain,
    }


def warm_up() -> None:
    """Run both linkers once on a small data set, untimed: whichever ran first would otherwise pay
    for the process's first use of DuckDB, splink and the compiled helpers, and look slower."""
    records = generate_sources(300, seed=0).records
    link_records(records, LinkageSettings(seed=0))
    run_generic(records, LinkageSettings().match_threshold, 0)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def scale(records: int, seed: int, threshold: float | None) -> dict[str, object]:
    """Moksori's linker alone on about ``records`` records: records per second and peak memory."""
    started = time.perf_counter()
    data = generate_sources(max(2, round(records / RECORDS_PER_PERSON)), seed=seed)
    generated = time.perf_counter() - started
    settings = LinkageSettings(seed=seed)
    if threshold is not None:
        settings = replace(settings, match_threshold=threshold)
    cpu_before = _cpu_seconds()
    result = link_records(data.records, settings)
    cpu = _cpu_seconds() - cpu_before
    scores = score_clusters(result.cluster_ids, data.person_ids)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "records": result.n_records,
        "seed": seed,
        "max_block_size": settings.max_block_size,
        "generate_seconds": round(generated, 1),
        "link_seconds": round(result.seconds, 1),
        # CPU seconds of this process (all threads): on a shared machine wall time overstates the
        # cost, and CPU / 2 is what the run would take alone on 2 cores when both stay busy.
        "link_cpu_seconds": round(cpu, 1),
        "records_per_second": round(result.n_records / result.seconds),
        "peak_memory_mib": round(peak_mib),
        "load_average": round(os.getloadavg()[0], 1),
        "timings": {k: round(v, 1) for k, v in result.timings.items()},
        "pairs_scored": result.pairs_scored,
        "bcubed_precision": round(scores.bcubed_precision, 4),
        "bcubed_recall": round(scores.bcubed_recall, 4),
        "bcubed_f1": round(scores.bcubed_f1, 4),
        "pairwise_f1": round(scores.pairwise_f1, 4),
    }
    print(json.dumps(figures, indent=2))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000, help="women to generate for the comparison")
    parser.add_argument("--seed", type=int, nargs="+", default=[1], help="one comparison per seed")
    parser.add_argument(
        "--threshold", type=float, default=None, help="match threshold (default: Moksori's default)"
    )
    parser.add_argument("--scale", type=int, default=0, help="also run on about this many records")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each comparison this many times; report median times"
    )
    parser.add_argument("--skip-compare", action="store_true")
    args = parser.parse_args()
    if not args.skip_compare:
        warm_up()
        for seed in args.seed:
            compare(args.people, seed, args.threshold, args.repeat)
    if args.scale:
        scale(args.scale, args.seed[0], args.threshold)


if __name__ == "__main__":
    main()
