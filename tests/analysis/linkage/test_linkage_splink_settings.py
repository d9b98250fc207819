"""The run skips splink's settings validation (it only logs, and costs a sixth of a small run), so this
test runs it: every column the model's SQL names exists in the features the linker loads."""

from __future__ import annotations

import logging

import pandas as pd
import pytest
from splink import DuckDBAPI, Linker

from moksori.analysis.linkage import spec
from moksori.analysis.linkage.blocking import with_block_keys
from moksori.analysis.linkage.features import feature_columns
from moksori.analysis.linkage.model import private_duckdb
from moksori.analysis.linkage.normalise import normalise_rows
from moksori.analysis.linkage.settings import LinkageSettings
from moksori.analysis.linkage.synthetic import generate_sources


def _splink_messages(frame: pd.DataFrame, caplog: pytest.LogCaptureFixture) -> list[str]:
    settings = LinkageSettings()
    connection = private_duckdb(settings)
    connection.register("features", frame)
    keyed = with_block_keys(connection, "features", frame, settings.max_block_size)
    model = spec.splink_settings(across_sources=True)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="splink"):
        Linker(
            DuckDBAPI(connection=connection).register(keyed), model, log_level=None, validate_settings=True
        )
    connection.close()
    return [
        r.getMessage() for r in caplog.records if r.name.startswith("splink") and r.levelno >= logging.WARNING
    ]


def test_the_model_names_only_columns_the_features_have(caplog: pytest.LogCaptureFixture) -> None:
    frame = pd.DataFrame(feature_columns(normalise_rows(generate_sources(200, seed=2).records)))
    assert _splink_messages(frame, caplog) == []
    # The check can fail: without a column the comparisons use, splink says so.
    assert _splink_messages(frame.drop(columns=["given_jamo"]), caplog) != []
