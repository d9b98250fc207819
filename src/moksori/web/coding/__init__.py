"""The coding bounded context."""
