"""The testimonies bounded context."""
