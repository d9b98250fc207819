"""Moksori (목소리): a safe, audited store of survivors' testimonies and an honest analysis library."""

__version__ = "0.1.0"
