"""The default dataset: the CSV files of ``data/``, drawn from the roadmap."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from icc.datasets.schema import DATASETS, ORDER
from icc.intake.validation import ERROR, ValidationFailed, validate_all, validate_table
from icc.storage import store

SEED_AUTHOR = "Données initiales"
SEED_COMMENT = "Version initiale, tirée de la feuille de route ICC (octobre 2024)"


def read_csv_text(path: Path) -> pd.DataFrame:
    """A CSV of ``data/`` as text cells (UTF-8, comma-separated)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def load_default(data_dir: Path, contours=None) -> dict[str, pd.DataFrame]:
    """Read and validate every default CSV; raise ValidationFailed on any error."""
    frames, problems = {}, []
    for name in ORDER:
        frame, found = validate_table(DATASETS[name], read_csv_text(data_dir / f"{name}.csv"))
        frames[name] = frame
        problems += found
    problems += validate_all(frames, contours)
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise ValidationFailed(errors)
    return frames


def seed_if_empty(engine: Engine, data_dir: Path) -> list[str]:
    """Publish version 1 of each dataset that has none yet; return the seeded names."""
    store.init(engine)
    missing = [name for name in ORDER if name not in store.current_versions(engine)]
    if not missing:
        return []
    frames = load_default(data_dir)
    seeded = []
    for name in missing:
        try:
            store.publish(engine, name, frames[name], SEED_AUTHOR, SEED_COMMENT, expected_version_id=None)
            seeded.append(name)
        except (store.StaleVersion, IntegrityError):
            pass  # another process seeded it first
    return seeded
