"""Importing the Ministry's national festivals list (7 283 rows) into the default data.

    .venv/bin/python -m benchmarks.import_national

Measured in the same run: the file read alone (``read_upload``, the baseline every upload pays)
and the whole import (read, map, recognise the festivals already known, validate, compare), each
the median of 5 runs on a fresh SQLite database seeded with the default data. Budget (#26): the
whole import within 2 s on the project's machine.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from icc.datasets.geo import load_contours
from icc.intake import ministere
from icc.intake.reading import read_upload
from icc.intake.seed import seed_if_empty
from icc.prepared.model import load_bundle
from icc.storage import store

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = ROOT / "tests" / "fixtures" / "ministere" / "liste-des-festivals-en-france-2024-05.csv"
RUNS = 5
LIMITS = (50 * 1024 * 1024, 200_000)


def median_seconds(action) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    content = NATIONAL.read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        engine = store.make_engine(f"sqlite:///{folder}/bench.db")
        seed_if_empty(engine, ROOT / "data")
        bundle, contours = load_bundle(engine), load_contours()
        read = median_seconds(lambda: read_upload(content, NATIONAL.name, *LIMITS))
        full = median_seconds(
            lambda: ministere.check_extract("evenements", content, NATIONAL.name, bundle, contours, *LIMITS)
        )
        engine.dispose()
    print(f"Lecture seule du fichier national : {read:.2f} s".replace(".", ","))
    print(f"Import complet (lecture, reconnaissance, contrôles, comparaison) : {full:.2f} s".replace(".", ","))
    verdict = "tenu" if full <= 2 else "dépassé"
    print(f"Rapport : {full / read:.1f} × la lecture ; budget 2 s : {verdict}".replace(".", ","))


if __name__ == "__main__":
    main()
