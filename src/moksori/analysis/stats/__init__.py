"""Proportions with honest intervals, declarative claims over coded data, and Monte Carlo models.

Pure library: no Django, no I/O beyond the arguments given (YAML loaders take a path or text).
"""
