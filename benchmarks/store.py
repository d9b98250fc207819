"""Import rate of 10,000 synthetic testimonies into SQLCipher and into plain SQLite, in one run.

Both runs use the same code path (moksori.web.testimonies.bulk.do_bulk_import: field encryption,
one audit entry per record, one transaction); only the database engine differs, so the ratio is the
cost of SQLCipher's page encryption. Goal: SQLCipher at most 1.3x slower, at least 500 testimonies/s.

    .venv/bin/python benchmarks/store.py [--n 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENGINES = {"sqlcipher": "moksori.web.db.sqlcipher", "sqlite": "django.db.backends.sqlite3"}


def measure(engine: str, n: int, seed: int) -> dict[str, float]:
    """Runs in a child process: a fresh store on ``engine``, then one timed bulk import."""
    home = tempfile.mkdtemp(prefix=f"moksori-bench-{engine}-")
    os.environ.update(
        MOKSORI_HOME=home, MOKSORI_DB_KEY="3a" * 32, DJANGO_SETTINGS_MODULE="moksori.web.settings_test"
    )
    import django
    from django.conf import settings

    settings.DATABASES["default"]["ENGINE"] = ENGINES[engine]
    settings.DATABASES["default"]["NAME"] = str(Path(home) / "bench.db")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from moksori.synthetic.generator import generate_demo
    from moksori.web.accounts.models import Compartment, Organisation
    from moksori.web.testimonies.bulk import TestimonyInput, do_bulk_import

    dataset = generate_demo(n, seed=seed)
    survivors = {s.key: s for s in dataset.survivors}
    items = []
    for interview in dataset.interviews[:n]:
        s = survivors[interview.survivor_key]
        items.append(
            TestimonyInput(
                survivor_code=s.code,
                conducted_on=interview.date,
                place=interview.place,
                identity={
                    "name_hangul": s.name_hangul,
                    "name_latin": s.name_latin,
                    "birth_year": str(s.birth_year),
                },
                passages=tuple(zip(interview.passages_ko, interview.passages_en, strict=True)),
            )
        )
    compartment = Compartment.objects.create(
        organisation=Organisation.objects.create(name="Bench"), name="Bench"
    )
    started = time.perf_counter()
    do_bulk_import(items, by=None, compartment=compartment)
    seconds = time.perf_counter() - started
    return {
        "engine": engine,
        "testimonies": len(items),
        "seconds": seconds,
        "per_second": len(items) / seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2, help="runs per engine, alternating; the best counts")
    parser.add_argument("--child", choices=sorted(ENGINES))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.n, args.seed)))
        return
    results: dict[str, dict[str, float]] = {}
    for _round, engine in ((r, e) for r in range(args.rounds) for e in ("sqlite", "sqlcipher")):
        output = subprocess.run(
            [sys.executable, __file__, "--child", engine, "--n", str(args.n), "--seed", str(args.seed)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        run = json.loads(output.strip().splitlines()[-1])
        if engine not in results or run["seconds"] < results[engine]["seconds"]:
            results[engine] = run
    for engine in ("sqlite", "sqlcipher"):
        print(
            f"{engine:>9}: {results[engine]['testimonies']} testimonies in "
            f"{results[engine]['seconds']:.2f} s = {results[engine]['per_second']:.0f}/s"
        )
    ratio = results["sqlcipher"]["seconds"] / results["sqlite"]["seconds"]
    print(
        f"SQLCipher / plain SQLite time ratio: {ratio:.2f} (goal <= 1.3); "
        f"SQLCipher rate {results['sqlcipher']['per_second']:.0f}/s (goal >= 500/s)"
    )


if __name__ == "__main__":
    main()
