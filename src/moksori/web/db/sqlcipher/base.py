"""SQLCipher 4 through the ``sqlcipher3`` driver, built on Django's SQLite backend.

Django's SQLite backend is bound to the standard library's ``sqlite3`` module: its cursor class
derives from ``sqlite3.Cursor`` and its adapters are registered there. SQLCipher's driver is a
separate module with its own classes, so this backend brings its own cursor class and registers
the same adapters on ``sqlcipher3``. The key is applied with ``PRAGMA key`` as the very first
statement of every connection; SQLCipher refuses to read a page before that.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping, Sequence
from itertools import tee
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.sqlite3 import base as sqlite_base
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from sqlcipher3 import dbapi2 as Database  # noqa: N812 - the name Django's SQLite backend uses

from moksori.web.store import database_key

Database.register_converter("bool", b"1".__eq__)
Database.register_converter("date", sqlite_base.decoder(parse_date))
Database.register_converter("time", sqlite_base.decoder(parse_time))
Database.register_converter("datetime", sqlite_base.decoder(parse_datetime))
Database.register_converter("timestamp", sqlite_base.decoder(parse_datetime))
Database.register_adapter(decimal.Decimal, str)
Database.register_adapter(datetime.date, sqlite_base.adapt_date)
Database.register_adapter(datetime.datetime, sqlite_base.adapt_datetime)


class SQLCipherCursorWrapper(Database.Cursor):  # type: ignore[misc]
    """Translates Django's ``%s`` / ``%(name)s`` placeholders into SQLite's ``?`` / ``:name``."""

    def execute(self, query: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> Any:
        if params is None:
            return super().execute(query)
        names = list(params) if isinstance(params, Mapping) else None
        return super().execute(self.convert_query(query, param_names=names), params)

    def executemany(self, query: str, param_list: Iterable[Any]) -> Any:
        peekable, param_list = tee(iter(param_list))
        first = next(peekable, None)
        names = list(first) if first and isinstance(first, Mapping) else None
        return super().executemany(self.convert_query(query, param_names=names), param_list)

    def convert_query(self, query: str, *, param_names: list[str] | None = None) -> str:
        if param_names is None:
            return sqlite_base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")
        return query % {name: f":{name}" for name in param_names}


class DatabaseWrapper(sqlite_base.DatabaseWrapper):
    vendor = "sqlite"
    display_name = "SQLCipher"
    Database = Database

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        if self.is_in_memory_db():
            raise ImproperlyConfigured("Moksori keeps its store in an encrypted file, never in memory.")
        connection = Database.connect(**conn_params)
        # The key must be the first statement: SQLCipher reads no page before it.
        connection.execute(f"PRAGMA key = \"x'{database_key().hex()}'\"")
        self._check_key(connection)
        sqlite_base.register_functions(connection)  # type: ignore[attr-defined]
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA legacy_alter_table = OFF")
        # Temporary tables and indices stay in memory, never in a plaintext temp file.
        connection.execute("PRAGMA temp_store = MEMORY")
        for init_command in self.init_commands:  # type: ignore[attr-defined]
            if init_command := init_command.strip():
                connection.execute(init_command)
        return connection

    def create_cursor(self, name: str | None = None) -> Any:
        return self.connection.cursor(factory=SQLCipherCursorWrapper)

    @staticmethod
    def _check_key(connection: Any) -> None:
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except Database.DatabaseError:
            connection.close()
            raise ImproperlyConfigured(
                "The store's key does not open its database file (wrong key, or not a Moksori store)."
            ) from None
