"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997; as dga).

Lists are vertices; an edge lets two lists depend. For every decomposable graph and every
candidate number of unseen people m, the completed 2^k table has a closed-form marginal
likelihood under a hyper-Dirichlet prior with δ prior counts per cell:
    log p(table | G, m) = Σ_cliques L(C) − Σ_separators L(S),
    L(A) = log Γ(Σα) − log Γ(N + Σα) + Σ_cells of the A-margin [log Γ(n + α_A) − log Γ(α_A)],
α_A = δ·2^(k−|A|). With the multinomial coefficient and a prior on N (default ∝ 1/N) this gives
the joint posterior of (G, m); summing over graphs gives the posterior of N.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaln, logsumexp

from .result import Estimate
from .table import CaptureTable, sparse_table_warnings

Clique = tuple[int, ...]
DECOMPOSABLE_ASSUMPTIONS = (
    "The population is closed and people are matched between lists without error.",
    "List dependence follows one of the decomposable graphical models, each given prior weight; "
    "the estimate averages over them by their posterior probability.",
    "The interaction among all lists that the graph does not contain is absent, also among the unseen.",
    "The prior on the population size is proportional to 1/N unless another is given.",
)
MAX_LISTS = 5


@dataclass(frozen=True, slots=True)
class Graph:
    """A decomposable graph as its maximal cliques and (non-empty) separators."""

    edges: tuple[tuple[int, int], ...]
    cliques: tuple[Clique, ...]
    separators: tuple[Clique, ...]


@lru_cache(maxsize=8)
def decomposable_graphs(n_vertices: int) -> tuple[Graph, ...]:
    """Every decomposable (chordal) graph on `n_vertices` labelled vertices (8, 61, 822 for 3–5)."""
    all_edges = list(itertools.combinations(range(n_vertices), 2))
    graphs = []
    for size in range(len(all_edges) + 1):
        for edges in itertools.combinations(all_edges, size):
            cliques = _maximal_cliques(n_vertices, set(edges))
            separators = _junction_separators(cliques)
            if separators is not None:
                graphs.append(Graph(tuple(edges), cliques, separators))
    return tuple(graphs)


def _maximal_cliques(n: int, edges: set[tuple[int, int]]) -> tuple[Clique, ...]:
    def complete(nodes: tuple[int, ...]) -> bool:
        return all(pair in edges for pair in itertools.combinations(nodes, 2))

    found: list[Clique] = []
    for size in range(n, 0, -1):
        for nodes in itertools.combinations(range(n), size):
            if complete(nodes) and not any(set(nodes) <= set(c) for c in found):
                found.append(nodes)
    return tuple(sorted(found))


def _junction_separators(cliques: tuple[Clique, ...]) -> tuple[Clique, ...] | None:
    """Separators of a maximum-weight spanning tree of the cliques; None unless it is a junction
    tree (running-intersection property), i.e. unless the graph is decomposable."""
    pairs = sorted(
        itertools.combinations(range(len(cliques)), 2),
        key=lambda ij: -len(set(cliques[ij[0]]) & set(cliques[ij[1]])),
    )
    parent = list(range(len(cliques)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    separators: list[Clique] = []
    total_weight = 0
    for i, j in pairs:
        if root(i) != root(j):
            parent[root(i)] = root(j)
            shared = tuple(sorted(set(cliques[i]) & set(cliques[j])))
            total_weight += len(shared)
            if shared:
                separators.append(shared)
    # A graph is chordal iff a maximum-weight clique tree has weight Σ|C| − |V|.
    covered = {v for c in cliques for v in c}
    if sum(len(c) for c in cliques) - total_weight != len(covered):
        return None
    return tuple(separators)


def _margin_terms(
    full: NDArray[np.int64], n_lists: int, missing: NDArray[np.float64], delta: float
) -> dict[Clique, NDArray[np.float64]]:
    """L(A) for every non-empty subset A of lists, as a vector over the candidate unseen counts."""
    codes = np.arange(full.shape[0])
    total_prior = delta * full.shape[0]
    n_seen = float(full.sum())
    normaliser = gammaln(total_prior) - gammaln(missing + n_seen + total_prior)
    terms: dict[Clique, NDArray[np.float64]] = {}
    for size in range(1, n_lists + 1):
        for subset in itertools.combinations(range(n_lists), size):
            alpha = delta * 2.0 ** (n_lists - size)
            mask = sum(1 << j for j in subset)
            margin = np.bincount(_compress(codes & mask, subset), weights=full, minlength=2**size)
            fixed = float(np.sum(gammaln(margin[1:] + alpha) - gammaln(alpha)))
            terms[subset] = normaliser + fixed + gammaln(margin[0] + missing + alpha) - gammaln(alpha)
    return terms


def _compress(masked: NDArray[np.int64], subset: tuple[int, ...]) -> NDArray[np.int64]:
    out = np.zeros_like(masked)
    for position, j in enumerate(subset):
        out |= ((masked >> j) & 1) << position
    return out


@dataclass(frozen=True, slots=True)
class DecomposablePosterior:
    """Posterior over (graph, unseen count) on a grid."""

    missing: NDArray[np.float64]
    population_probabilities: NDArray[np.float64]
    graph_probabilities: NDArray[np.float64]
    graphs: tuple[Graph, ...]


def decomposable_posterior(
    table: CaptureTable, *, delta: float | None = None, max_missing: int | None = None
) -> DecomposablePosterior:
    """Joint posterior of graph and unseen count (grid 0…max_missing, default 5·observed)."""
    if not 3 <= table.n_lists <= MAX_LISTS:
        raise ValueError(f"decomposable-model averaging supports 3 to {MAX_LISTS} lists, not {table.n_lists}")
    chosen_delta = delta if delta is not None else 2.0 ** (-table.n_lists)
    n_seen = table.observed
    top = max_missing if max_missing is not None else 5 * n_seen
    missing = np.arange(top + 1, dtype=np.float64)
    full = table.full_counts()
    terms = _margin_terms(full, table.n_lists, missing, chosen_delta)
    graphs = decomposable_graphs(table.n_lists)
    log_post = np.empty((len(graphs), len(missing)))
    for g, graph in enumerate(graphs):
        log_post[g] = sum(terms[c] for c in graph.cliques) - sum(
            (terms[s] for s in graph.separators), np.zeros_like(missing)
        )
    log_post += gammaln(missing + n_seen + 1.0) - gammaln(missing + 1.0) - np.log(missing + n_seen)
    log_post -= logsumexp(log_post)
    joint = np.exp(log_post)
    return DecomposablePosterior(missing, joint.sum(axis=0), joint.sum(axis=1), graphs)


def decomposable_estimate(
    table: CaptureTable, *, level: float = 0.95, delta: float | None = None, max_missing: int | None = None
) -> Estimate:
    """Posterior median of N averaged over decomposable graphs, with an equal-tailed interval."""
    posterior = decomposable_posterior(table, delta=delta, max_missing=max_missing)
    cdf = np.cumsum(posterior.population_probabilities)
    tail = (1.0 - level) / 2.0

    def quantile(q: float) -> float:
        return float(table.observed + posterior.missing[int(np.searchsorted(cdf, q))])

    best = int(np.argmax(posterior.graph_probabilities))
    graph = posterior.graphs[best]
    edge_label = " ".join(f"{table.lists[i]}-{table.lists[j]}" for i, j in graph.edges) or "no edges"
    top_mass = float(posterior.population_probabilities[-max(1, len(cdf) // 100) :].sum())
    warnings = sparse_table_warnings(table)
    if top_mass > 1e-3:
        warnings.append(
            f"{top_mass:.1%} of the posterior lies in the top 1% of the grid of N: the posterior has a heavy"
            " upper tail and the interval's upper end depends on where the grid stops."
        )
    return Estimate(
        method="dga",
        estimate=quantile(0.5),
        ci=(quantile(tail), quantile(1.0 - tail)),
        ci_level=level,
        observed=table.observed,
        model=f"average over {len(posterior.graphs)} decomposable graphs (top: {edge_label},"
        f" probability {posterior.graph_probabilities[best]:.2f})",
        assumptions=DECOMPOSABLE_ASSUMPTIONS,
        warnings=tuple(warnings),
        diagnostics={
            "posterior_mean": float(table.observed + posterior.missing @ posterior.population_probabilities),
            "top_graph_probability": float(posterior.graph_probabilities[best]),
            "mass_in_top_percent_of_grid": top_mass,
            "n_graphs": len(posterior.graphs),
        },
        interval_method="equal-tailed posterior interval on the grid of N",
    )
