"""A log filter that keeps request bodies, model instances and tracebacks' locals out of the logs."""

from __future__ import annotations

import logging


class RedactFilter(logging.Filter):
    """Drops the request object and formatting arguments, which may carry personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        if record.args:
            record.msg = record.getMessage() if record.name.startswith("moksori") else str(record.msg)
            record.args = None
        return True
