"""Writing import files and running the real `moksori` command against a store of its own."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from moksori.synthetic.generator import generate_demo

COLUMNS = [
    "survivor_code",
    "name_hangul",
    "name_latin",
    "birth_year",
    "home_province",
    "interview_date",
    "transcript",
    "translation",
    "consent_internal_case_work",
    "consent_aggregate_statistics",
]


def synthetic_rows(n: int, *, seed: int = 7) -> list[dict[str, str]]:
    """``n`` testimony rows from the synthetic generator (fictional people only)."""
    dataset = generate_demo(max(1, n), seed=seed)
    survivors = {s.key: s for s in dataset.survivors}
    rows = []
    while len(rows) < n:
        for interview in dataset.interviews:
            survivor = survivors[interview.survivor_key]
            rows.append(
                {
                    "survivor_code": f"{survivor.code}-{len(rows)}",
                    "name_hangul": survivor.name_hangul,
                    "name_latin": survivor.name_latin,
                    "birth_year": str(survivor.birth_year),
                    "home_province": survivor.home_province,
                    "interview_date": interview.date.isoformat(),
                    "transcript": "\n\n".join(interview.passages_ko),
                    "translation": "\n\n".join(interview.passages_en),
                    "consent_internal_case_work": "예",
                    "consent_aggregate_statistics": "yes",
                }
            )
            if len(rows) == n:
                break
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], *, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def store_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MOKSORI_"))}
    env.update(MOKSORI_HOME=str(home), MOKSORI_DB_KEY="5c" * 32, TMPDIR=str(home.parent / "tmp"))
    (home.parent / "tmp").mkdir(exist_ok=True)
    return env


def moksori(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "moksori.cli.main", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"moksori {' '.join(args)} exited {result.returncode}:\n{result.stderr[-3000:]}")
    return result


def withdraw_statistics_consent_of_one_sold_survivor() -> str:
    """Withdraw the aggregate-statistics consent of the first consenting survivor with a recorded sale.

    Returns her survivor id."""
    from moksori.web.testimonies.actions import consent_in_force, do_withdraw_consent
    from moksori.web.testimonies.models import Consent, Survivor

    survivor = next(
        s
        for s in Survivor.objects.filter(events__type__code="evt_sale").distinct().order_by("pk")
        if consent_in_force(s, "aggregate_statistics")
    )
    consent = (
        Consent.objects.filter(survivor=survivor, purpose="aggregate_statistics")
        .order_by("-recorded_on", "-created_at")
        .first()
    )
    assert consent is not None
    do_withdraw_consent(consent, by=None, reason="test")
    return str(survivor.pk)
