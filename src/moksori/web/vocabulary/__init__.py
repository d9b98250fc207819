"""The vocabulary bounded context."""
