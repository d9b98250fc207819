"""Reading and validating 10,000 testimony rows, beside a plain csv-module read of the same file.

.venv/bin/python benchmarks/intake.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import csv
import io
import tempfile
import time
from pathlib import Path

from moksori.intake import read_rows, validate
from moksori.synthetic.generator import generate_demo

HEADERS = ["survivor_code", "name_hangul", "name_latin", "birth_year", "interview_date", "transcript"]


def write_rows(path: Path, rows: int) -> None:
    dataset = generate_demo(max(1, rows // 2), seed=1)
    survivors = {s.key: s for s in dataset.survivors}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for number in range(rows):
        interview = dataset.interviews[number % len(dataset.interviews)]
        s = survivors[interview.survivor_key]
        writer.writerow(
            [
                f"S-{number:05d}",
                s.name_hangul,
                s.name_latin,
                s.birth_year,
                interview.date.isoformat(),
                "\n\n".join(interview.passages_ko),
            ]
        )
    path.write_bytes(buffer.getvalue().encode("cp949", errors="replace"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.csv"
        write_rows(path, args.rows)
        started = time.perf_counter()
        with path.open(encoding="cp949", newline="") as handle:
            plain = sum(1 for _ in csv.reader(handle)) - 1
        peer = time.perf_counter() - started
        started = time.perf_counter()
        records, report = validate(read_rows(path))
        ours = time.perf_counter() - started
    print(f"plain csv read: {plain} rows in {peer:.3f} s")
    print(
        f"moksori intake (detect encoding, NFC, validate): {len(records)} rows in {ours:.3f} s "
        f"= {len(records) / ours:,.0f} rows/s; ratio to plain read {ours / peer:.1f}x; report ok: {report.ok}"
    )


if __name__ == "__main__":
    main()
