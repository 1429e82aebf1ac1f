"""Importing the Ministry's national files into the default data: the festivals list (7 283 rows),
the museums' attendance (24 769 rows) and Muséofile (1 227 Musées de France).

    .venv/bin/python -m benchmarks.import_national

Measured in the same run, for each file: the file read alone (``read_upload``, the baseline every
upload pays) and the whole import (read, map, recognise the rows already known, validate, compare),
each the median of 5 runs (wall clock, and this process's processor time, which a shared machine
blurs less) on a fresh SQLite database seeded with the default data, with the share of the
processors other programs took meanwhile (``benchmarks.cpu_share``). Budgets: the
festivals list (#26) and the attendance file (#31) within 2 s each on the project's machine.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import cpu_share
from icc.datasets.geo import load_contours
from icc.intake import ministere
from icc.intake.reading import read_upload
from icc.intake.seed import seed_if_empty
from icc.prepared.model import load_bundle
from icc.storage import store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "ministere"
# (what is imported, file, our dataset, budget in seconds or None)
FILES = (
    ("Liste des festivals", FIXTURES / "liste-des-festivals-en-france-2024-05.csv", "evenements", 2.0),
    ("Fréquentation des musées", FIXTURES / "frequentation-des-musees-de-france.csv", "frequentation_lieux", 2.0),
    ("Muséofile", FIXTURES / "musees-de-france-base-museofile.csv", "lieux", None),
)
RUNS = 5
LIMITS = (50 * 1024 * 1024, 200_000)


def median_seconds(action) -> tuple[float, float]:
    """Median wall-clock and processor seconds of ``RUNS`` runs: on a shared machine the wall clock
    counts the time others hold the processors, this process's processor time does not."""
    times, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), statistics.median(cpu)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = store.make_engine(f"sqlite:///{folder}/bench.db")
        seed_if_empty(engine, ROOT / "data")
        bundle, contours = load_bundle(engine), load_contours()
        for what, path, dataset, budget in FILES:
            content = path.read_bytes()
            with cpu_share.OthersShare() as share:
                read = median_seconds(lambda c=content, p=path: read_upload(c, p.name, *LIMITS))
                full = median_seconds(
                    lambda c=content, n=path.name, d=dataset: ministere.check_extract(
                        d, c, n, bundle, contours, *LIMITS
                    )
                )
            (read, read_cpu), (full, full_cpu) = read, full
            verdict = "" if budget is None else f" ; budget {budget:.0f} s : {'tenu' if full <= budget else 'dépassé'}"
            lines = [
                f"lecture seule du fichier national : {read:.2f} s (processeur : {read_cpu:.2f} s)",
                f"import complet (lecture, reconnaissance, contrôles, comparaison) : {full:.2f} s "
                f"(processeur : {full_cpu:.2f} s)",
                f"rapport : {full / read:.1f} × la lecture{verdict}",
            ]
            for line in lines:
                print(f"{what} — {line}".replace(".", ","))
            print(f"{what} — {cpu_share.sentence(share.others, share.own)}")
        engine.dispose()


if __name__ == "__main__":
    main()
