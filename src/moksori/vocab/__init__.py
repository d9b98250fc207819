"""Moksori."""
