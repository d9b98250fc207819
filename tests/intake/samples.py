"""Synthetic rows for the intake tests; every name is invented (김테스트, 이샘플, 박예시)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

TODAY = dt.date(2025, 6, 1)
HEADERS: tuple[str, ...] = (
    "survivor_code",
    "name_hangul",
    "name_latin",
    "birth_year",
    "home_province",
    "interview_date",
    "language",
    "transcript",
    "consent_aggregate_statistics",
    "consent_partner_sharing",
)
ROWS: tuple[tuple[str, ...], ...] = (
    (
        "S-0001",
        "김테스트",
        "Kim Test",
        "1985",
        "함경북도",
        "2023-03-15",
        "ko",
        "중국에서, 브로커를 만났습니다.",
        "예",
        "",
    ),
    (
        "S-0002",
        "이샘플",
        "Lee Sample",
        "1990",
        "양강도",
        "2023.04.02",
        "ko",
        '그는 "식당 일"이라고 했습니다.',
        "no",
        "",
    ),
    ("S-0003", "박예시", "Park Example", "", "", "2023년 5월 7일", "zh", "第一段\n둘째 줄", "", "희망재단"),
)


def csv_text(
    rows: Sequence[Sequence[str]] = ROWS, headers: Sequence[str] = HEADERS, delimiter: str = ","
) -> str:
    """Render rows as CSV text with Excel's CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()
