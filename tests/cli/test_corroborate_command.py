"""`moksori allegation list|show` and `moksori network` over a demo store: consent, linkage, audit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx  # type: ignore[import-untyped,unused-ignore]
import pytest
import typer
from typer.testing import CliRunner, Result

from moksori.cli.corroborate import register
from moksori.synthetic.retold import RetoldDemo

pytestmark = pytest.mark.django_db(transaction=True)

app = typer.Typer()
register(app)
app.command("noop", hidden=True)(lambda: None)  # keeps `network` a sub-command, as in the real app


@pytest.fixture
def demo() -> RetoldDemo:
    """A fictional demo store in which six survivors also testified to a second organisation."""
    from moksori.synthetic.generator import generate_demo
    from moksori.synthetic.retold import retell_in_other_organisations
    from moksori.vocab.reader import read_vocabularies
    from moksori.web.demo import write_demo
    from moksori.web.vocabulary.actions import do_load_vocabularies

    do_load_vocabularies(read_vocabularies(), by=None)
    retold = retell_in_other_organisations(generate_demo(80, seed=3), 6, seed=3)
    write_demo(retold.dataset)
    return retold


def link_retellings(retold: RetoldDemo) -> None:
    """Record a linkage run in which each retelling is one person with her first testimony (the truth)."""
    from moksori.web.linkage.models import LinkageRun, SurvivorCluster
    from moksori.web.testimonies.models import Survivor

    code_of = {s.key: s.code for s in retold.dataset.survivors}
    pk_of = dict(Survivor.objects.values_list("code", "pk"))
    cluster = {pk: number for number, pk in enumerate(sorted(pk_of.values(), key=str))}
    for first, second in retold.same_person:
        cluster[pk_of[code_of[second]]] = cluster[pk_of[code_of[first]]]
    run = LinkageRun.objects.create(seed=1, match_threshold=0.9, review_threshold=0.5)
    SurvivorCluster.objects.bulk_create(
        SurvivorCluster(run=run, survivor_id=pk, cluster=number) for pk, number in cluster.items()
    )


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def show(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run("allegation", "show", name, "--json").stdout)
    return data


def names_of(retold: RetoldDemo) -> list[str]:
    return [n for s in retold.dataset.survivors for n in (s.name_hangul, s.name_latin) if n]


def test_list_and_show_count_sources_and_never_print_a_name(demo: RetoldDemo) -> None:
    listed = json.loads(run("allegation", "list", "--json").stdout)
    assert [a["name"] for a in listed] == sorted(a["name"] for a in listed)
    assert len(listed) == 4
    table = run("allegation", "list").stdout
    data = show("police_sales_yanbian")
    assert data["n_sources"] >= 1
    assert data["n_sources"] <= data["n_testimonies"] <= data["n_events"]
    assert len(data["passages"]) >= data["n_events"]
    summary = run("allegation", "show", "police_sales_yanbian").stdout
    for text in (table, summary, json.dumps(listed), json.dumps(data)):
        assert not any(name in text for name in names_of(demo))


def test_a_survivor_who_testified_to_two_organisations_counts_once_after_linkage(demo: RetoldDemo) -> None:
    before = {a["name"]: a for a in json.loads(run("allegation", "list", "--json").stdout)}
    link_retellings(demo)
    after = {a["name"]: a for a in json.loads(run("allegation", "list", "--json").stdout)}
    assert any(after[n]["n_sources"] < before[n]["n_sources"] for n in after)
    for name, result in after.items():
        assert result["n_testimonies"] == before[name]["n_testimonies"]
        detail = show(name)
        for source in detail["sources"]:
            assert len(source["testimonies"]) <= 2  # a woman and her one retelling, never two women
        assert detail["n_sources"] == len(detail["sources"])
    from moksori.analysis.corroboration import find_contradictions
    from moksori.web.findings.corroboration import store_evidence

    evidence = store_evidence().evidence
    found = find_contradictions(evidence.events, evidence.resolution, evidence.places)
    same_woman = [c for c in found if c.same_source]
    # every retelling dates her first sale two years off; every second one moves her border crossing
    assert sum(1 for c in same_woman if c.kind == "date" and c.event_type == "evt_sale") == len(
        demo.date_changed
    )
    assert sum(1 for c in same_woman if c.kind == "place") == len(demo.place_changed)


def test_withdrawing_consent_in_one_organisation_withdraws_her_everywhere(demo: RetoldDemo) -> None:
    from moksori.web.audit.models import AuditEntry
    from moksori.web.testimonies.actions import do_withdraw_consent
    from moksori.web.testimonies.models import Consent

    link_retellings(demo)
    name = "broker_resale_yanbian_inland"
    before = show(name)
    linked = max(before["sources"], key=lambda s: (len(s["testimonies"]), s["source"]))
    assert len(linked["testimonies"]) == 2  # one of the women who testified twice
    consent = Consent.objects.filter(
        survivor_id=linked["testimonies"][0], purpose="aggregate_statistics"
    ).first()
    assert consent is not None
    do_withdraw_consent(consent, by=None, reason="test")
    after = show(name)
    assert after["n_sources"] == before["n_sources"] - 1
    assert after["n_testimonies"] == before["n_testimonies"] - len(linked["testimonies"])
    assert not set(linked["testimonies"]) & {t for s in after["sources"] for t in s["testimonies"]}
    assert AuditEntry.objects.filter(action="allegation.show").count() == 2


def test_network_writes_graphml_and_an_svg_figure(demo: RetoldDemo, tmp_path: Path) -> None:
    from moksori.web.audit.models import AuditEntry

    graphml, figure = tmp_path / "net.graphml", tmp_path / "net.svg"
    output = run("network", "--graphml", str(graphml), "--figure", str(figure)).stdout
    assert "Actor network over" in output
    graph = nx.read_graphml(graphml)
    assert graph.number_of_nodes() > 10
    assert {d["relation"] for _, _, d in graph.edges(data=True)} == {"sold_to", "worked_with"}
    svg = figure.read_text(encoding="utf-8")
    assert "<svg" in svg
    assert "<script" not in svg
    for text in (output, graphml.read_text(encoding="utf-8")):
        assert not any(name in text for name in names_of(demo))
    police = tmp_path / "police.graphml"
    run("network", "--graphml", str(police), "--allegation", "police_sales_yanbian")
    assert nx.read_graphml(police).number_of_nodes() < graph.number_of_nodes()
    assert AuditEntry.objects.filter(action="network.build").count() == 2


def test_unknown_names_and_wrong_figure_formats_are_one_clear_error(tmp_path: Path) -> None:
    for args in (
        ["allegation", "show", "no_such_allegation"],
        ["network", "--graphml", str(tmp_path / "n.graphml"), "--allegation", "nope"],
        ["network", "--graphml", str(tmp_path / "n.graphml"), "--figure", str(tmp_path / "n.png")],
    ):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "allegation list" in result.output or ".svg" in result.output
