"""The audit bounded context."""
