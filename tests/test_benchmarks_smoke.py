"""The benchmarks' synthetic data are valid data (benchmarks/synthetic.py; the benchmarks run apart)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from benchmarks.synthetic import SCALED, generate, publish_all, row_counts
from icc.datasets.schema import DATASETS, ORDER
from icc.intake.validation import ERROR, validate_all, validate_table
from icc.prepared import model
from icc.storage import store


def errors(frames, contours) -> list:
    """Every blocking problem, as an upload of each dataset's stored text would meet it."""
    problems = []
    for name in ORDER:
        text = store.to_canonical_csv(DATASETS[name], frames[name])
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        _, found = validate_table(DATASETS[name], raw)
        problems += found
    problems += validate_all(frames, contours)
    return [p for p in problems if p.severity == ERROR]


def test_one_times_is_the_default_data(default_frames, contours):
    frames = generate(1, default_frames)
    assert row_counts(frames) == {name: len(default_frames[name]) for name in ORDER}
    for name in ORDER:
        pd.testing.assert_frame_equal(frames[name], default_frames[name])
    assert errors(frames, contours) == []


@pytest.mark.parametrize("scale", [3, 7])
def test_replicated_rows_keep_ids_unique_references_valid_and_points_in_their_commune(default_frames, contours, scale):
    frames = generate(scale, default_frames)
    for name in ORDER:
        expected = len(default_frames[name]) * (scale if name in SCALED else 1)
        assert len(frames[name]) == expected, name
        assert frames[name][DATASETS[name].key].is_unique, name
    assert errors(frames, contours) == []
    # Copies keep the coordinates of the row they copy.
    lieux = frames["lieux"]
    assert set(zip(lieux["latitude"], lieux["longitude"], strict=True)) == set(
        zip(default_frames["lieux"]["latitude"], default_frames["lieux"]["longitude"], strict=True)
    )
    # A copied envelope points at the copy of its parent.
    funding = frames["financements"]
    copied = funding[funding["id"].str.endswith("__s2") & funding["parent"].notna()]
    assert len(copied) and copied["parent"].str.endswith("__s2").all()


def test_the_same_seed_gives_the_same_data_and_figures_vary(default_frames):
    a, b = generate(3, default_frames), generate(3, default_frames)
    for name in ORDER:
        pd.testing.assert_frame_equal(a[name], b[name])
    attendance = a["evenements"]["frequentation"].dropna()
    assert attendance.sum() != 3 * default_frames["evenements"]["frequentation"].sum()


def test_synthetic_data_publish_and_load_like_real_data(default_frames, tmp_path):
    engine = store.make_engine(f"sqlite:///{tmp_path / 'icc.db'}")
    frames = generate(3, default_frames)
    publish_all(engine, frames)
    bundle = model.load_bundle(engine)
    assert {name: len(bundle[name]) for name in ORDER} == row_counts(frames)
    assert bundle["lieux"]["commune"].notna().all()
    engine.dispose()
