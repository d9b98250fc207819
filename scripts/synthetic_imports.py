"""Write one import file per organisation from the linkage generator (fictional women, known truth).

    python scripts/synthetic_imports.py 1500 --seed 5 --out-dir imports/

Each file is what that organisation would import with `moksori import`: the generator's ages ("만 46세
(2023)") are left blank, as the import takes years only. The truth (woman per record) is not written.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

from moksori.analysis.linkage.synthetic import SyntheticLinkageData, generate_sources

COLUMNS = (
    "survivor_code",
    "name_hangul",
    "name_latin",
    "birth_year",
    "home_province",
    "left_year",
    "china_place",
    "interview_date",
    "transcript",
    "consent_aggregate_statistics",
)


def year(text: str) -> str:
    return text if re.fullmatch(r"(19|20)\d\d", text or "") else ""


def import_rows(data: SyntheticLinkageData, source: str) -> list[tuple[str, ...]]:
    return [
        (
            r["record_id"],
            r["name_ko"],
            r["name_latin"],
            year(r["birth_year"]),
            r["home_province"],
            year(r["left_year"]),
            r["china_place"],
            "2024-05-01",
            "(synthetic testimony)",
            "yes",
        )
        for r in data.records
        if r["source"] == source
    ]


def write_imports(data: SyntheticLinkageData, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for profile in data.sources:
        path = out_dir / f"{profile.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerows(import_rows(data, profile.name))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("women", type=int, help="women in the population (most are seen by no one)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out-dir", type=Path, default=Path("imports"))
    args = parser.parse_args()
    for path in write_imports(generate_sources(args.women, seed=args.seed), args.out_dir):
        print(path)


if __name__ == "__main__":
    main()
