"""The actor network: who sold to whom and who worked with whom, exported as GraphML and drawn as SVG."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx  # type: ignore[import-untyped,unused-ignore]

from moksori.analysis.corroboration import (
    ActorRecord,
    ActRecord,
    EventRecord,
    Evidence,
    Involved,
    PlaceResolver,
    build_network,
    builtin_allegations,
    matching_events,
)

ACTORS = [
    ActorRecord("broker", "Broker A", "act_broker", "c1"),
    ActorRecord("broker-2", "Broker A", "act_broker", "c2"),
    ActorRecord("police", "Public security post (Yanji)", "act_police_china", "c1"),
    ActorRecord("owner", "Venue owner B", "act_brothel_owner", "c2"),
]


def sale(event_id: str, source: str, broker: str, *, police: bool = False) -> EventRecord:
    sellers = [Involved(broker, "act_broker")] + ([Involved("police", "act_police_china")] if police else [])
    return EventRecord(
        id=event_id,
        testimony=f"row-{event_id}",
        source=source,
        organisation="org",
        type="evt_sale",
        date_precision="year",
        date_start=date(2010, 1, 1),
        date_end=date(2010, 12, 31),
        place="cn_jl_yanji",
        acts=(
            ActRecord(f"{event_id}/0", "pal_act_transfer", tuple(sellers)),
            ActRecord(f"{event_id}/1", "pal_act_receipt", (Involved("owner", "act_brothel_owner"),)),
        ),
    )


def test_sales_give_directed_ties_counted_by_independent_sources(places: PlaceResolver) -> None:
    events = [
        sale("e1", "woman-1", "broker", police=True),
        sale("e2", "woman-1", "broker-2"),
        sale("e3", "woman-2", "broker"),
    ]
    evidence = Evidence.build(events, ACTORS, places)
    network = build_network(evidence.events, evidence.resolution)
    labels = {n.id: n.label for n in network.nodes}
    ties = {
        (labels[e.source], labels[e.target], e.relation): (e.events, e.testimonies, e.sources)
        for e in network.edges
    }
    assert ties[("Broker A", "Venue owner B", "sold_to")] == (3, 3, 2)  # one woman's two rows count once
    assert ties[("Public security post (Yanji)", "Venue owner B", "sold_to")] == (1, 1, 1)
    assert ("Broker A", "Public security post (Yanji)", "worked_with") in ties or (
        "Public security post (Yanji)",
        "Broker A",
        "worked_with",
    ) in ties
    assert len(network.nodes) == 3  # the broker's two rows are one node
    assert not any("woman" in str(value) for value in network.to_dict().values())


def test_graphml_round_trips_with_attributes(evidence: Evidence, tmp_path: Path) -> None:
    network = build_network(evidence.events, evidence.resolution)
    path = network.write_graphml(tmp_path / "network.graphml")
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() == len(network.nodes)
    assert graph.number_of_edges() == len(network.edges)
    node = network.nodes[0]
    assert graph.nodes[node.id]["label"] == node.label
    assert graph.nodes[node.id]["sources"] == node.sources
    relations = {data["relation"] for _, _, data in graph.edges(data=True)}
    assert relations == {"sold_to", "worked_with"}
    assert len(network.to_frame()) == len(network.edges)


def test_police_in_yanbian_sales_are_tied_to_brokers_and_buyers(evidence: Evidence) -> None:
    events = matching_events(builtin_allegations()["police_sales_yanbian"], evidence)
    network = build_network(events, evidence.resolution)
    police = {n.id for n in network.nodes if n.role == "act_police_china"}
    assert police
    assert any(e.source in police and e.relation == "sold_to" for e in network.edges)
    assert any(police & {e.source, e.target} and e.relation == "worked_with" for e in network.edges)
    assert "Actor network over" in network.summary()


def test_the_figure_is_a_safe_deterministic_svg_in_a_korean_font(evidence: Evidence) -> None:
    events = matching_events(builtin_allegations()["police_sales_yanbian"], evidence)
    network = build_network(events, evidence.resolution)
    svg = network.figure_svg(title="행위자 연결망 (police sales)")
    assert svg.lstrip().startswith(("<?xml", "<svg"))
    assert "<script" not in svg
    assert svg == network.figure_svg(title="행위자 연결망 (police sales)")
