"""Every file of the intake corpus (tests/corpus/intake/) does what a municipal agent expects.

Table-driven over ``tests.corpus.intake_cases.CASES``: each ordinary file is accepted
with the default values, each broken one is refused with its row, its column's French
label, the cell as typed and the words of its message. Never another exception.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest

from icc import upload
from icc.model import load_bundle
from icc.reading import MO, ReadError
from icc.schema import DATASETS
from icc.seed import seed_if_empty
from icc.store import make_engine
from tests.conftest import DATA
from tests.corpus.intake_cases import CASES, OUT, Accepted, Refused

LIMIT_BYTES, LIMIT_ROWS = 20 * MO, 200_000
# Not a benchmark: a generous bound that still catches the 8 to 53 s refusals of old.
ANSWER_SECONDS = 5.0


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'icc.db'}")
    seed_if_empty(engine, DATA)
    return load_bundle(engine)


def check(case, bundle, contours):
    content = (OUT / case.name).read_bytes()
    return upload.check(case.dataset, content, case.name, bundle, contours, LIMIT_BYTES, LIMIT_ROWS)


def test_the_corpus_is_large_and_its_files_are_the_generated_ones():
    assert len(CASES) >= 60
    assert sorted(p.name for p in OUT.iterdir()) == sorted(c.name for c in CASES)
    for case in CASES:
        if not case.name.endswith(".xlsx") or case.name == "evenements_extension_xlsx.xlsx":
            assert (OUT / case.name).read_bytes() == case.build(), case.name


@pytest.mark.parametrize("case", [c for c in CASES if isinstance(c.expect, Accepted)], ids=lambda c: c.name)
def test_ordinary_files_are_accepted_with_the_values_their_author_meant(case, bundle, contours):
    start = time.perf_counter()
    checked = check(case, bundle, contours)
    assert time.perf_counter() - start < ANSWER_SECONDS
    assert [p.text() for p in checked.errors] == []
    expect = case.expect
    ds = DATASETS[case.dataset]
    typed = checked.typed.reset_index(drop=True)
    if expect.same_as_default:
        default = bundle.frames[case.dataset][ds.columns].reset_index(drop=True)
        pd.testing.assert_frame_equal(typed, default, check_dtype=True)
        assert checked.changes.empty
    by_key = typed.set_index(ds.key)
    for (key, column), value in expect.values.items():
        assert by_key.at[key, column] == value, (key, column)
    assert expect.description in checked.read.description
    assert [w for w in expect.warnings if not any(w in p.message for p in checked.warnings)] == []


@pytest.mark.parametrize("case", [c for c in CASES if isinstance(c.expect, Refused)], ids=lambda c: c.name)
def test_broken_files_are_refused_naming_row_column_and_typed_value(case, bundle, contours):
    start = time.perf_counter()
    try:
        checked = check(case, bundle, contours)
    except ReadError as exc:
        elapsed = time.perf_counter() - start
        [error] = case.expect.errors
        assert error.row is None, f"refused as a whole: {exc.message}"
        assert error.words in exc.message
    else:
        elapsed = time.perf_counter() - start
        found = [(p.row, p.column_label or None, p.value) for p in checked.errors]
        assert found == [(e.row, e.column, e.value) for e in case.expect.errors], [p.text() for p in checked.errors]
        for problem, error in zip(checked.errors, case.expect.errors, strict=True):
            assert error.words in problem.message, problem.text()
            assert "nan" not in problem.message.lower().replace("« nan »", "")  # never a Python value
    assert elapsed < ANSWER_SECONDS
