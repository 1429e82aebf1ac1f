"""Recognising the territory's 270 festivals re-typed, without identifiers (issue #32).

    .venv/bin/python -m benchmarks.recognition_retyped

The file is ``benchmarks.retyped`` (the May 2024 national list's festivals of the 92 communes,
identifiers removed, names re-typed in a seeded way). Measured in the same run, each the median of
5 runs on a fresh SQLite database seeded with the default data:

* baselines: the re-typed file read alone (``read_upload``, what every upload pays), and the
  national list re-imported with its identifiers (every festival recognised by its identifier, no
  name compared);
* the import of the re-typed file (read, map, score every candidate pair, validate, compare), as
  the page runs it first (no answer) and once the sure group is merged (its answers given).

Budget (#32): the import of the re-typed file within 5 s on the project's machine.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.retyped import LIMITS, NATIONAL, retyped_csv
from icc.datasets.geo import load_contours
from icc.intake import ministere, recognition
from icc.intake.reading import read_upload
from icc.intake.seed import seed_if_empty
from icc.prepared.model import load_bundle
from icc.storage import store

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
BUDGET = 5.0


def median_seconds(action) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fr(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def main() -> None:
    content, national = retyped_csv(), NATIONAL.read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        engine = store.make_engine(f"sqlite:///{folder}/bench.db")
        seed_if_empty(engine, ROOT / "data")
        bundle, contours = load_bundle(engine), load_contours()

        def check(data: bytes, answers=None):
            return ministere.check_extract("evenements", data, "retape.csv", bundle, contours, *LIMITS, answers=answers)

        first = check(content)
        steps = recognition.plan(first.questions, {})
        sure = {q.key: recognition.MERGE for q in steps.sure}
        read = median_seconds(lambda: read_upload(content, "retape.csv", *LIMITS))
        by_id = median_seconds(lambda: check(national))
        cold = median_seconds(lambda: check(content))
        merged = median_seconds(lambda: check(content, sure))
        engine.dispose()
    pairs = f"{len(first.questions)} ; sûres : {len(steps.sure)} ; à examiner : {len(steps.doubtful)}"
    print(f"Paires candidates : {pairs}")
    print(f"Référence — lecture seule du fichier retapé : {fr(read)} s")
    print(f"Référence — liste nationale réimportée, reconnue par l'identifiant : {fr(by_id)} s")
    print(f"Import du fichier retapé, sans réponse : {fr(cold)} s")
    print(f"Import du fichier retapé, groupe sûr fusionné : {fr(merged)} s")
    worst = max(cold, merged)
    verdict = "tenu" if worst <= BUDGET else "dépassé"
    ratio = fr(worst / by_id)
    print(f"Le plus long : {fr(worst)} s, {ratio} × la réimportation par identifiant ; budget 5 s : {verdict}")


if __name__ == "__main__":
    main()
