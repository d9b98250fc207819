"""The one exception the intake pipeline raises for problems a user can fix."""

from __future__ import annotations


class IntakeError(Exception):
    """A file cannot be read or a mapping file is wrong.

    The message names the file (and where useful the option or key to change) and
    never contains cell contents, so it is safe to print and to log.
    """

    def __init__(self, message_en: str, *, file: str, message_ko: str | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_ko = message_ko or message_en
        self.file = file
