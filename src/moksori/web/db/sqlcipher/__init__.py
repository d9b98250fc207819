"""A Django database backend for SQLCipher 4: Django's SQLite backend, keyed before its first statement."""
