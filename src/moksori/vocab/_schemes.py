"""One reader per scheme file: the scheme's metadata and every coded value it defines."""

from __future__ import annotations

from collections.abc import Mapping

from moksori.vocab._terms import (
    TermCollector,
    as_mapping,
    code_list,
    entries,
    ilo_mappings,
    nkcn_mappings,
    optional_text,
    palermo_mappings,
    path_of,
    term_status,
)
from moksori.vocab.model import Scheme

HTCDS_FILE = "htcds.yaml"
ILO_FILE = "forced_labour_indicators.yaml"
PALERMO_FILE = "palermo.yaml"
NKCN_FILE = "nk_china_case.yaml"

# Groups of nk_china_case.yaml that are plain lists of terms keyed by 'id'.
_NKCN_LIST_GROUPS = (
    "exploitation_types",
    "venues",
    "actors",
    "detention_facility_types_dprk",
    "legal_status",
    "person_categories",
)
_PROJECT_LICENCE = "CC-BY-4.0 (project's own work; see vocab/data/README.md)"


def htcds_scheme(doc: Mapping[str, object]) -> Scheme:
    """Metadata of the HTCDS extract."""
    standard = as_mapping(f"{HTCDS_FILE}: standard", doc.get("standard"))
    licence = as_mapping(f"{HTCDS_FILE}: licence", doc.get("licence"))
    return Scheme(
        id="htcds",
        version=str(standard.get("version", "")),
        source=f"{standard.get('publisher', '')}, {standard.get('source_repository', '')}",
        licence=str(licence.get("id", "")),
    )


def htcds_terms(doc: Mapping[str, object], out: TermCollector) -> None:
    """Every picklist value (group = field name), ISIC subdivisions and the protection classifications."""
    for where, field_entry in entries(HTCDS_FILE, "fields", doc.get("fields")):
        values = field_entry.get("values")
        if values is None:
            continue
        group = str(field_entry.get("name"))
        # A deprecated field keeps its values readable in old records, but they are retired for new coding.
        status = term_status(where, field_entry)
        for value_where, value in entries(HTCDS_FILE, f"{path_of(where)}.values", values):
            out.add(value_where, "htcds", group, value, code_key="code", status=status)
    for tier in ("forced_labour_industry_tier2", "forced_labour_industry_tier3"):
        for where, value in entries(HTCDS_FILE, tier, doc.get(tier)):
            parent = optional_text(where, value, "parent")
            links = (("htcds", parent),) if parent else ()
            out.add(where, "htcds", tier, value, code_key="code", mappings=links)
    classifications = as_mapping(
        f"{HTCDS_FILE}: migration_and_protection_classifications",
        doc.get("migration_and_protection_classifications"),
    )
    for where, group_entry in entries(
        HTCDS_FILE, "migration_and_protection_classifications.groups", classifications.get("groups")
    ):
        group = str(group_entry.get("id"))
        for value_where, value in entries(HTCDS_FILE, f"{path_of(where)}.values", group_entry.get("values")):
            out.add(value_where, "htcds", group, value, code_key="code")


def ilo_scheme(doc: Mapping[str, object]) -> Scheme:
    """Metadata of the ILO indicator list; the list follows the ILO's 2012 publication."""
    scheme = as_mapping(f"{ILO_FILE}: scheme", doc.get("scheme"))
    return Scheme(
        id="ilo",
        version=str(scheme.get("version", "2012")),
        source=str(scheme.get("source", "")),
        licence=_PROJECT_LICENCE,
    )


def ilo_terms(doc: Mapping[str, object], out: TermCollector) -> None:
    """The eleven forced-labour indicators (group 'indicators')."""
    for where, entry in entries(ILO_FILE, "indicators", doc.get("indicators")):
        out.add(where, "ilo", "indicators", entry, mappings=ilo_mappings(where, entry))


def palermo_scheme(doc: Mapping[str, object]) -> Scheme:
    """Metadata of the Palermo Protocol elements; the version is the Protocol's year of adoption."""
    instrument = as_mapping(f"{PALERMO_FILE}: instrument", doc.get("instrument"))
    adopted = str(instrument.get("adopted", ""))
    return Scheme(
        id="palermo",
        version=str(instrument.get("version", adopted[:4] or "2000")),
        source=f"{instrument.get('title', '')}, {instrument.get('adopted_by', '')}, art. 3",
        licence=_PROJECT_LICENCE,
    )


def palermo_terms(doc: Mapping[str, object], out: TermCollector) -> None:
    """Acts, means and purposes (groups 'acts', 'means', 'purposes')."""
    purposes = as_mapping(f"{PALERMO_FILE}: purposes", doc.get("purposes"))
    groups = (("acts", "acts", doc.get("acts")), ("means", "means", doc.get("means")))
    for group, path, raw in (*groups, ("purposes", "purposes.terms", purposes.get("terms"))):
        for where, entry in entries(PALERMO_FILE, path, raw):
            out.add(where, "palermo", group, entry, mappings=palermo_mappings(where, entry))


def nkcn_scheme(doc: Mapping[str, object]) -> Scheme:
    """Metadata of the North Korea–China extension."""
    scheme = as_mapping(f"{NKCN_FILE}: scheme", doc.get("scheme"))
    return Scheme(
        id="nkcn",
        version=str(scheme.get("version", "")),
        source="Moksori North Korea–China case extension (nk_china_case.yaml)",
        licence=_PROJECT_LICENCE,
    )


def nkcn_terms(doc: Mapping[str, object], out: TermCollector) -> None:
    """Every group of nk_china_case.yaml; group names are the file's top-level keys."""
    for group in _NKCN_LIST_GROUPS:
        _add_nkcn_list(out, group, group, doc.get(group))
    events = as_mapping(f"{NKCN_FILE}: events", doc.get("events"))
    _add_nkcn_list(out, "events", "events.terms", events.get("terms"))
    _add_price_fields(doc, out)
    for where, entry in entries(NKCN_FILE, "currencies", doc.get("currencies")):
        out.add(where, "nkcn", "currencies", entry, code_key="code")
    references = as_mapping(f"{NKCN_FILE}: legal_references", doc.get("legal_references"))
    for jurisdiction in ("china", "dprk"):
        _add_nkcn_list(
            out, "legal_references", f"legal_references.{jurisdiction}", references.get(jurisdiction)
        )


def _add_nkcn_list(out: TermCollector, group: str, path: str, raw: object) -> None:
    for where, entry in entries(NKCN_FILE, path, raw):
        out.add(where, "nkcn", group, entry, mappings=nkcn_mappings(where, entry))


def _add_price_fields(doc: Mapping[str, object], out: TermCollector) -> None:
    """Price fields (group 'price_fields') and the coded values of price_type (group 'price_types')."""
    price = as_mapping(f"{NKCN_FILE}: price_fields", doc.get("price_fields"))
    for where, entry in entries(NKCN_FILE, "price_fields.fields", price.get("fields")):
        out.add(where, "nkcn", "price_fields", entry)
        if entry.get("id") == "price_type":
            for code in code_list(f"{where}.values", entry.get("values")):
                out.add(f"{where}.values", "nkcn", "price_types", {"id": code})
