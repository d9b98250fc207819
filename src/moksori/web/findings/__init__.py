"""Findings over the store: claims evaluated on consenting survivors' coded data, audited."""
