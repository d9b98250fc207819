"""A run tells its caller each stage as it starts, so a terminal can show where a long run is."""

from __future__ import annotations

from moksori.analysis.linkage.model import link_records
from moksori.analysis.linkage.settings import LinkageSettings
from moksori.analysis.linkage.synthetic import generate_sources
from moksori.cli.link import STAGE_LABELS


def test_every_stage_is_announced_once_in_order_and_the_terminal_has_a_label_for_it() -> None:
    seen: list[str] = []
    result = link_records(
        generate_sources(150, seed=3).records, LinkageSettings(seed=3), progress=seen.append
    )
    first_seen = list(dict.fromkeys(seen))
    assert first_seen == list(STAGE_LABELS)
    assert set(result.timings) == set(STAGE_LABELS)
