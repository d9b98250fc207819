"""Population size from overlapping lists (multiple systems estimation, capture–recapture).

Pure library: plain data in, frozen `Estimate` results out; no Django, no I/O beyond reading a
CSV when asked. Start with `read_capture_table` and one of the estimators below.
"""

from .bootstrap import bootstrap_estimate
from .chapman import chapman, lincoln_petersen
from .coverage import sample_coverage
from .decomposable import decomposable_estimate
from .dispatch import METHODS, estimate_all, estimate_with
from .latent_class import SamplerSettings, latent_class_estimate
from .log_linear_estimate import averaged_estimate, loglinear_estimate
from .loglinear import EstimabilityError, fit_model, parse_model
from .result import Estimate
from .selection import pvalue_forward, stepwise
from .stratified import StratifiedEstimate, stratified_estimate
from .table import (
    CaptureTable,
    TableError,
    capture_table_from_memberships,
    capture_table_from_patterns,
    parse_capture_csv,
    read_capture_table,
)

__all__ = [
    "METHODS",
    "CaptureTable",
    "EstimabilityError",
    "Estimate",
    "SamplerSettings",
    "StratifiedEstimate",
    "TableError",
    "averaged_estimate",
    "bootstrap_estimate",
    "capture_table_from_memberships",
    "capture_table_from_patterns",
    "chapman",
    "decomposable_estimate",
    "estimate_all",
    "estimate_with",
    "fit_model",
    "latent_class_estimate",
    "lincoln_petersen",
    "loglinear_estimate",
    "parse_capture_csv",
    "parse_model",
    "pvalue_forward",
    "read_capture_table",
    "sample_coverage",
    "stepwise",
    "stratified_estimate",
]
