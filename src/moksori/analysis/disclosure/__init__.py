"""Disclosure control for published tables: small-cell suppression, primary and complementary (pure)."""

from moksori.analysis.disclosure.suppression import (
    DisclosureSettings,
    Entry,
    SuppressedTable,
    Suppression,
    suppress_split,
    suppress_table,
)

__all__ = [
    "DisclosureSettings",
    "Entry",
    "SuppressedTable",
    "Suppression",
    "suppress_split",
    "suppress_table",
]
