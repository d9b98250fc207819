"""Ratio benchmark for population estimation: Moksori against straightforward references and R.

For every shared table (../shared/data/mse, or $MOKSORI_SHARED_DIR/data/mse) it times
1. stepwise log-linear selection (AIC) with a profile-likelihood interval, beside the same
   stepwise search fitted model by model with statsmodels GLM; then a selection table per setting
   (AIC/BIC with and without the profile interval, SparseMSE's p-value search) beside R's stepwise
   time, and one profile interval beside Rcapture's `closedpCI.t` (`--selection` prints only it);
2. the 200-replicate bootstrap of SparseMSE's p-value stepwise selection, beside R's
   `estimatepopulation(nboot=200)` wall time;
3. the latent-class Gibbs sampler at LCMCR's settings (K=10, 10,000 burn-in, 1,000 samples
   thinned by 100), beside a plain NumPy sampler (per-person class draws, no compilation) run for
   a tenth of the iterations and scaled, and beside R's `lcmCR` wall time (`--sampler`: only this,
   with one chain's wall and CPU time against R, effective samples per second, and the default four
   chains with pooled ESS and R-hat);
and prints the ratios (reference time / ours; above 1 means Moksori is faster). R times are the
`r_wall_seconds` recorded in each reference (one core). Run: `.venv/bin/python benchmarks/estimation.py`.
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from moksori.analysis.estimation.bootstrap import bootstrap_estimate
from moksori.analysis.estimation.latent_class import SamplerSettings, latent_class_estimate
from moksori.analysis.estimation.log_linear_estimate import loglinear_estimate
from moksori.analysis.estimation.loglinear import Model, design_matrix
from moksori.analysis.estimation.selection import neighbours, stepwise
from moksori.analysis.estimation.table import CaptureTable, all_patterns, read_capture_table


def data_dir() -> Path:
    if os.environ.get("MOKSORI_SHARED_DIR"):
        return Path(os.environ["MOKSORI_SHARED_DIR"]) / "data" / "mse"
    return Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "mse"


def best_time(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def statsmodels_stepwise(table: CaptureTable) -> Model:
    """The same bidirectional AIC search, each model fitted by statsmodels' GLM."""
    import statsmodels.api as sm

    patterns = all_patterns(table.n_lists)[1:]
    counts = table.full_counts()[1:].astype(float)

    def aic(model: Model) -> float:
        # statsmodels' import sets its own warning filters, so they are silenced here, per fit.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = sm.GLM(counts, design_matrix(patterns, model), family=sm.families.Poisson()).fit()
        return float(fit.aic)

    current: Model = ()
    score = aic(current)
    while True:
        scored = []
        for candidate in neighbours(current, table.n_lists):
            try:
                scored.append((aic(candidate), candidate))
            except Exception:  # noqa: S112 - a reference run skips models that fail to fit
                continue
        best = min(scored, default=(score, current))
        if best[0] >= score - 1e-9:
            return current
        score, current = best


def numpy_gibbs(table: CaptureTable, iterations: int, classes: int = 10, seed: int = 1) -> np.ndarray:
    """A plain NumPy sampler for the same model: one class draw per person, no compilation."""
    rng = np.random.default_rng(seed)
    people = np.repeat(table.patterns, table.counts, axis=0).astype(float)
    n, lists = people.shape
    lam = rng.beta(1, 1, size=(lists, classes))
    pi = np.full(classes, 1 / classes)
    alpha = 1.0
    totals = np.empty(iterations)
    for it in range(iterations):
        like = np.exp(people @ np.log(lam) + (1 - people) @ np.log1p(-lam)) * pi
        like /= like.sum(axis=1, keepdims=True)
        z = (like.cumsum(axis=1) > rng.random((n, 1))).argmax(axis=1)
        unseen_by_class = pi * np.prod(1 - lam, axis=0)
        n0 = rng.negative_binomial(n, 1 - unseen_by_class.sum())
        missing = rng.multinomial(n0, unseen_by_class / unseen_by_class.sum())
        sizes = np.bincount(z, minlength=classes) + missing
        ones = np.array([np.bincount(z, weights=people[:, j], minlength=classes) for j in range(lists)])
        lam = rng.beta(1 + ones, 1 + sizes - ones)
        rest = sizes[::-1].cumsum()[::-1] - sizes
        v = np.minimum(rng.beta(1 + sizes[:-1], alpha + rest[:-1]), 1 - 1e-12)
        pi = np.append(v, 1) * np.concatenate([[1], np.cumprod(1 - v)])
        alpha = rng.gamma(0.25 + classes - 1, 1 / (0.25 - np.log1p(-v).sum()))
        totals[it] = n + n0
    return totals


SELECTION_SETTINGS = {
    "aic+prof": {"select": "aic", "interval": "profile"},
    "aic": {"select": "aic", "interval": "wald"},
    "bic+prof": {"select": "bic", "interval": "profile"},
    "pval": {"select": "pvalue", "interval": "wald"},
}


def selection_row(path: Path, repeat: int = 30) -> str:
    """Stepwise selection timings on one table (best of `repeat` wall-clock runs) beside R.

    R's stepwise reference is SparseMSE's `estimatepopulation.0(method='stepwise')`: forward p-value
    selection with a Wald interval, which is what `pval` runs; the AIC/BIC searches visit more models
    and the profile interval refits the chosen model a dozen times more, so their ratio against the
    same R time is conservative. `indep prof` is the profile interval of the independence model alone,
    beside Rcapture's `closedpCI.t(m='Mt')`.
    """
    table = read_capture_table(path)
    refs = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["reference"]
    r_select = r_seconds(refs, "SparseMSE estimatepopulation.0 stepwise")
    r_profile = r_seconds(refs, "Rcapture closedpCI.t Mt (independence") or r_seconds(
        refs, "Rcapture closedpCI.t Mt profile"
    )
    row = f"{path.stem:<34}"
    for settings in SELECTION_SETTINGS.values():
        ours = best_time(lambda s=settings: loglinear_estimate(table, **s), repeat=repeat)  # type: ignore[misc]
        row += f"{ours * 1e3:11.2f}{ratio(r_select, ours):>7}"
    profile = best_time(lambda: loglinear_estimate(table, model=(), interval="profile"), repeat=repeat)
    row += f"{profile * 1e3:11.2f}{ratio(r_profile, profile):>7}"
    reference = best_time(lambda: statsmodels_stepwise(table), repeat=3)
    ours_aic = best_time(lambda: stepwise(table, "aic"), repeat=repeat)
    r_text = "    n/a" if r_select is None else f"{r_select * 1e3:7.1f}"
    return row + f"{reference * 1e3:9.1f}{ratio(reference, ours_aic):>8}{r_text}"


def selection_report(tables: list[Path]) -> None:
    """Print the selection table: milliseconds and R-time / our-time per setting."""
    loglinear_estimate(read_capture_table(tables[0]))
    header = f"{'table (ms; ratio = R / ours)':<34}"
    for name in (*SELECTION_SETTINGS, "indep prof"):
        header += f"{name:>11}{'vs R':>7}"
    print(header + f"{'sm step':>9}{'vs sm':>8}{'R ms':>7}")
    for path in tables:
        print(selection_row(path))
    print(
        "\nSelection: best of 30 wall-clock runs of loglinear_estimate (selection, estimate, interval,"
        " warnings). R: SparseMSE estimatepopulation.0 stepwise (p-value forward + Wald) for every"
        " selection column, Rcapture closedpCI.t for 'indep prof'. 'sm step': the same AIC search with"
        " each model fitted by statsmodels GLM; 'vs sm' compares it with our bare AIC search."
    )


def r_seconds(refs: list[dict[str, Any]], prefix: str) -> float | None:
    for ref in refs:
        if ref["method"].startswith(prefix) and ref.get("r_wall_seconds"):
            return float(ref["r_wall_seconds"])
    return None


def ratio(reference: float | None, ours: float) -> str:
    return "   n/a" if reference is None else f"{reference / ours:6.1f}x"


def benchmark_row(path: Path) -> str:
    """One table's timings and ratios."""
    table = read_capture_table(path)
    refs = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["reference"]
    select = best_time(lambda: loglinear_estimate(table, select="aic"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        same = statsmodels_stepwise(table) == stepwise(table, "aic").best.model
        reference = best_time(lambda: statsmodels_stepwise(table), repeat=1)
    boot = best_time(lambda: bootstrap_estimate(table, select="pvalue", kind="multinomial"), repeat=1)
    r_select = r_seconds(refs, "SparseMSE estimatepopulation.0 stepwise")
    r_boot = r_seconds(refs, "SparseMSE estimatepopulation stepwise + BCa")
    row = f"{path.stem:<34}{select:9.4f}{ratio(reference, select):>8}{ratio(r_select, select):>8}"
    row += f"{'yes' if same else 'NO':>6}{boot:8.3f}{ratio(r_boot, boot):>8}"
    if table.n_lists < 3:
        return row
    one_chain = SamplerSettings(chains=1)
    result = latent_class_estimate(table, seed=1, settings=one_chain)
    gibbs = float(result.diagnostics["seconds"])  # type: ignore[arg-type]
    tenth = one_chain.iterations_per_chain // 10
    plain = best_time(lambda: numpy_gibbs(table, tenth), repeat=1) * 10
    row += f"{gibbs:9.3f}{ratio(plain, gibbs):>8}{ratio(r_seconds(refs, 'LCMCR'), gibbs):>8}"
    return row + f"{float(result.diagnostics['ess_per_second']):9.0f}"  # type: ignore[arg-type]


def _diagnostic(result: Any, key: str) -> float:
    return float(result.diagnostics[key])


def _timed_chain(table: CaptureTable, seed: int) -> tuple[Any, float]:
    # Process CPU time counts the chain's worker thread and, unlike wall time, not other programs
    # sharing the cores.
    started = time.process_time()
    result = latent_class_estimate(table, seed=seed, settings=SamplerSettings(chains=1))
    return result, time.process_time() - started


def sampler_row(path: Path, repeat: int = 3) -> str | None:
    """The latent-class sampler on one table at LCMCR's settings: one chain beside R, then four."""
    table = read_capture_table(path)
    if table.n_lists < 3:
        return None
    refs = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["reference"]
    r_time = r_seconds(refs, "LCMCR")
    runs = [_timed_chain(table, seed=1 + i) for i in range(repeat)]
    fastest = min(_diagnostic(r, "seconds") for r, _ in runs)
    cpu = min(c for _, c in runs)
    ess_per_second = float(np.median([_diagnostic(r, "ess_per_second") for r, _ in runs]))
    four = latent_class_estimate(table, seed=1)
    r_text = "    n/a" if r_time is None else f"{r_time:7.3f}"
    row = f"{path.stem:<34}{fastest:8.3f}{r_text}{ratio(r_time, fastest):>8}{cpu:8.3f}{ratio(r_time, cpu):>8}"
    row += f"{ess_per_second:8.0f}{_diagnostic(four, 'seconds'):8.2f}{_diagnostic(four, 'ess'):7.0f}"
    return row + f"{_diagnostic(four, 'ess_per_second'):8.0f}{_diagnostic(four, 'rhat'):7.3f}"


def sampler_report(tables: list[Path]) -> None:
    """Print the sampler table: one chain's wall time against R's `lcmCR`, and four chains in parallel."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.1f} on {os.cpu_count()} cores (wall times grow with load; CPU times less)")
    latent_class_estimate(
        read_capture_table(data_dir() / "hepatitis_a_taiwan.csv"),
        settings=SamplerSettings(burn_in=10, samples=10, thinning=1, chains=1),
    )
    print(
        f"{'table':<34}{'chain s':>8}{'R s':>7}{'R/ours':>8}{'cpu s':>8}{'R/cpu':>8}{'ESS/s':>8}"
        f"{'4ch s':>8}{'ESS':>7}{'ESS/s':>8}{'R-hat':>7}"
    )
    for path in tables:
        row = sampler_row(path)
        if row is not None:
            print(row)
    print(
        "\nSampler: LCMCR's settings (K=10, 10,000 burn-in, 1,000 draws thinned by 100; ours adds"
        " LCMCR's 500-sweep warm-up). 'chain s': fastest of 3 wall-clock runs of one chain; 'R s': the"
        " reference's r_wall_seconds (lcmCR, one core); 'R/ours' above 1: Moksori faster; 'cpu s': the least"
        " process CPU time of the 3 runs (robust to other programs on the cores); 'ESS/s':"
        " effective draws of N per second, median of the 3 runs. '4ch': the default four chains in"
        " parallel threads (pooled ESS, rank-normalised R-hat)."
    )


def main() -> None:
    """Print one row per shared table."""
    tables = sorted(data_dir().glob("*.csv"))
    if not tables:
        sys.exit(f"no tables under {data_dir()}")
    if "--selection" in sys.argv:  # only the log-linear selection table
        selection_report(tables)
        return
    if "--sampler" in sys.argv:  # only the latent-class sampler table
        sampler_report(tables)
        return
    loglinear_estimate(read_capture_table(tables[0]))
    latent_class_estimate(
        read_capture_table(data_dir() / "hepatitis_a_taiwan.csv"),
        settings=SamplerSettings(burn_in=10, samples=10, thinning=1, chains=1),
    )
    print(
        f"{'table':<34}{'select s':>9}{'vs sm':>8}{'vs R':>8}{'same':>6}{'boot s':>8}{'vs R':>8}"
        f"{'gibbs s':>9}{'vs np':>8}{'vs R':>8}{'ESS/s':>9}"
    )
    for path in tables:
        print(benchmark_row(path))
    print(
        "\nratios: reference seconds / Moksori seconds (above 1: Moksori faster). 'select' includes the"
        " profile-likelihood interval; R's stepwise time does not. 'same': statsmodels' search picks the"
        " same model (it cannot tell models whose estimate does not exist). Gibbs: one chain, 110,000 sweeps."
    )
    print()
    selection_report(tables)


if __name__ == "__main__":
    main()
