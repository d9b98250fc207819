"""The actor network: who sold to whom and who worked with whom, over resolved actors, with networkx.

Nodes are resolved actors (never survivors: the network describes perpetrators and officials, and a survivor
node would be a way back to her). Edges, per coded event:

* ``sold_to``: from every actor of a transfer act (seller, intermediary) to every actor of a receipt act;
* ``worked_with``: between actors of one act (two brokers handing a woman over; a broker and a police post).

Each edge counts the events, testimonies and independent sources (linkage clusters) behind it, so that a tie
told by one woman can be told apart from one told by ten.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from moksori.analysis.corroboration.actors import ActorResolution
from moksori.analysis.corroboration.model import EventRecord

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

RELATIONS = ("sold_to", "worked_with")
FONT_FAMILY = ["NanumGothic", "NanumBarunGothic", "DejaVu Sans"]


@dataclass(frozen=True, slots=True)
class NetworkSettings:
    """Which act types make a seller and a buyer; the drawing's seed and how many nodes get a label."""

    seller_act_types: tuple[str, ...] = ("pal_act_transfer",)
    buyer_act_types: tuple[str, ...] = ("pal_act_receipt",)
    min_sources: int = 1
    layout_seed: int = 7
    labelled_nodes: int = 25
    drawn_nodes: int = 150  # the figure shows the best-attested actors; the GraphML holds them all


@dataclass(frozen=True, slots=True)
class NetworkNode:
    id: str
    label: str
    role: str
    testimonies: int
    sources: int
    organisations: int
    rows: int  # actor rows (one per organisation that coded this actor) merged into this node


@dataclass(frozen=True, slots=True)
class NetworkEdge:
    source: str
    target: str
    relation: str
    events: int
    testimonies: int
    sources: int


@dataclass(frozen=True, slots=True)
class ActorNetwork:
    """Nodes and edges as plain records; `to_networkx()` gives the graph for analysis or export."""

    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]
    events_in: int

    def summary(self) -> str:
        by_relation = {r: sum(1 for e in self.edges if e.relation == r) for r in RELATIONS}
        top = sorted(self.nodes, key=lambda n: (-n.sources, n.label))[:5]
        lines = [
            f"Actor network over {self.events_in} events: {len(self.nodes)} actors, "
            + ", ".join(f"{n} {r} ties" for r, n in by_relation.items())
        ]
        lines += [
            f"  {n.label} ({n.role or 'no role'}): {n.sources} sources, {n.organisations} orgs" for n in top
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        return {
            "events_in": self.events_in,
            "nodes": [vars_of(n) for n in self.nodes],
            "edges": [vars_of(e) for e in self.edges],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per edge, with the labels of both ends."""
        import pandas as pd

        labels = {n.id: n.label for n in self.nodes}
        rows = [
            {**vars_of(e), "source_label": labels[e.source], "target_label": labels[e.target]}
            for e in self.edges
        ]
        return pd.DataFrame(rows)

    def to_networkx(self) -> nx.MultiDiGraph:
        """A MultiDiGraph keyed by relation; `worked_with` edges carry `directed=False`."""
        import networkx as nx

        graph = nx.MultiDiGraph(name="moksori actor network")
        for node in self.nodes:
            graph.add_node(node.id, **{k: v for k, v in vars_of(node).items() if k != "id"})
        for edge in self.edges:
            graph.add_edge(
                edge.source,
                edge.target,
                key=edge.relation,
                relation=edge.relation,
                directed=edge.relation == "sold_to",
                events=edge.events,
                testimonies=edge.testimonies,
                sources=edge.sources,
                weight=edge.sources,
            )
        return graph

    def write_graphml(self, path: Path) -> Path:
        """Write the network as GraphML (readable by Gephi, Cytoscape, yEd and networkx)."""
        import networkx as nx

        nx.write_graphml(self.to_networkx(), str(path), named_key_ids=True)
        return path

    def figure_svg(self, settings: NetworkSettings | None = None, *, title: str = "") -> str:
        """The network drawn as SVG text: node size by sources, colour by role, the best-attested named."""
        return draw_network_svg(self, settings or NetworkSettings(), title=title)


def vars_of(record: object) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__slots__}  # type: ignore[attr-defined]


def build_network(
    events: Sequence[EventRecord], resolution: ActorResolution, settings: NetworkSettings | None = None
) -> ActorNetwork:
    """The network of resolved actors over `events` (pass an allegation's events for its sub-network)."""
    settings = settings or NetworkSettings()
    tie_events: dict[tuple[str, str, str], list[EventRecord]] = defaultdict(list)
    node_events: dict[str, list[EventRecord]] = defaultdict(list)
    for event in events:
        for actor in {resolution.resolved(i.actor) for i in event.involved()}:
            node_events[actor].append(event)
        for tie in sorted(_ties(event, resolution, settings)):
            tie_events[tie].append(event)
    edges = [
        NetworkEdge(a, b, relation, len(found), _count(found, "testimony"), _count(found, "source"))
        for (a, b, relation), found in sorted(tie_events.items())
    ]
    edges = [e for e in edges if e.sources >= settings.min_sources]
    known = resolution.by_id()
    nodes = [
        NetworkNode(
            id=actor,
            label=known[actor].label if actor in known else actor,
            role=(known[actor].role or "") if actor in known else "",
            testimonies=_count(found, "testimony"),
            sources=_count(found, "source"),
            organisations=_count(found, "organisation"),
            rows=len(known[actor].members) if actor in known else 1,
        )
        for actor, found in sorted(node_events.items())
    ]
    return ActorNetwork(tuple(nodes), tuple(edges), len(events))


def _ties(
    event: EventRecord, resolution: ActorResolution, settings: NetworkSettings
) -> set[tuple[str, str, str]]:
    sellers = {
        resolution.resolved(i.actor)
        for a in event.acts
        if a.type in settings.seller_act_types
        for i in a.actors
    }
    buyers = {
        resolution.resolved(i.actor)
        for a in event.acts
        if a.type in settings.buyer_act_types
        for i in a.actors
    }
    ties = {(s, b, "sold_to") for s in sellers for b in buyers if s != b}
    for act in event.acts:
        together = sorted({resolution.resolved(i.actor) for i in act.actors})
        ties |= {(a, b, "worked_with") for a, b in combinations(together, 2)}
    return ties


def _count(events: Iterable[EventRecord], attribute: str) -> int:
    return len({getattr(e, attribute) for e in events})


def _best_attested(network: ActorNetwork, limit: int) -> ActorNetwork:
    if len(network.nodes) <= limit:
        return network
    kept = sorted(network.nodes, key=lambda n: (-n.sources, n.label, n.id))[:limit]
    ids = {n.id for n in kept}
    edges = tuple(e for e in network.edges if e.source in ids and e.target in ids)
    return ActorNetwork(tuple(n for n in network.nodes if n.id in ids), edges, network.events_in)


def draw_network_svg(network: ActorNetwork, settings: NetworkSettings, *, title: str = "") -> str:
    """Deterministic SVG (fixed layout seed and hash salt, no date) of the network, Korean-capable font."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx

    total = len(network.nodes)
    network = _best_attested(network, settings.drawn_nodes)
    drawn = len(network.nodes)
    graph = nx.Graph()
    graph.add_nodes_from(n.id for n in network.nodes)
    graph.add_edges_from((e.source, e.target) for e in network.edges)
    positions = nx.spring_layout(graph, seed=settings.layout_seed, k=None) if network.nodes else {}
    roles = sorted({n.role for n in network.nodes})
    colours = {role: plt.get_cmap("tab10")(i % 10) for i, role in enumerate(roles)}
    with plt.rc_context({"font.family": FONT_FAMILY, "svg.hashsalt": "moksori"}):
        figure, axes = plt.subplots(figsize=(11, 8))
        for relation, style in (("worked_with", "dotted"), ("sold_to", "solid")):
            chosen = [(e.source, e.target) for e in network.edges if e.relation == relation]
            widths = [0.5 + e.sources for e in network.edges if e.relation == relation]
            arrows = {"arrows": True, "arrowsize": 8} if relation == "sold_to" else {"arrows": False}
            nx.draw_networkx_edges(
                graph.to_directed(),
                positions,
                edgelist=chosen,
                width=widths,
                style=style,
                alpha=0.45,
                ax=axes,
                edge_color="#555555",
                **arrows,
            )
        for role in roles:
            members = [n for n in network.nodes if n.role == role]
            nx.draw_networkx_nodes(
                graph,
                positions,
                nodelist=[n.id for n in members],
                node_size=[40 + 30 * n.sources for n in members],
                node_color=[colours[role]],
                label=role or "no role",
                ax=axes,
                alpha=0.9,
            )
        best = sorted(network.nodes, key=lambda n: (-n.sources, n.label))[: settings.labelled_nodes]
        nx.draw_networkx_labels(
            graph,
            positions,
            labels={n.id: n.label for n in best},
            font_size=7,
            ax=axes,
            font_family=FONT_FAMILY,
        )
        shown = f" ({len(network.nodes)} best-attested actors)" if drawn < total else ""
        axes.set_title((title or "Actor network (solid: sold to, dotted: worked with)") + shown)
        axes.legend(loc="lower left", fontsize=7, markerscale=0.5, frameon=False)
        axes.set_axis_off()
        buffer = io.StringIO()
        figure.savefig(
            buffer, format="svg", metadata={"Date": None, "Creator": "moksori"}, bbox_inches="tight"
        )
        plt.close(figure)
    return buffer.getvalue()
