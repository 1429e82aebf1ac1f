"""Every file of the intake corpus (tests/corpus/intake/) does what a municipal agent expects.

Table-driven over ``tests.corpus.intake_cases.CASES``: each ordinary file is accepted
with the default values, each broken one is refused with its row, its column's French
label, the cell as typed and the words of its message. Never another exception.
"""

from __future__ import annotations

import re
import time

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icc.datasets.schema import DATASETS, ORDER
from icc.intake import upload
from icc.intake.reading import MO, ReadError
from icc.intake.seed import seed_if_empty
from icc.prepared.model import load_bundle
from icc.storage.store import current_versions, make_engine, read_version
from tests.conftest import DATA
from tests.corpus.intake_cases import CASES, NBSP, OUT, Accepted, Refused, french, table, to_csv

LIMIT_BYTES, LIMIT_ROWS = 20 * MO, 200_000
# Not a benchmark: a generous bound that still catches the 8 to 53 s refusals of old.
ANSWER_SECONDS = 5.0
# Words of Python or library errors that must never reach a user.
ENGLISH = re.compile(r"Traceback|Error\b|ambiguous|could not|invalid literal|NoneType|dtype|\bnan\b|<NA>")
# Two guillemets around nothing: an empty cell reads « (vide) » instead.
NOTHING_QUOTED = re.compile(r"«\s*»")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'icc.db'}")
    seed_if_empty(engine, DATA)
    return engine


@pytest.fixture(scope="module")
def bundle(engine):
    return load_bundle(engine)


@pytest.fixture(scope="module")
def stored(engine):
    """The default tables as the store keeps them (the schema's dtypes, before the model's enrichment)."""
    versions = current_versions(engine)
    return {name: read_version(engine, versions[name].id) for name in ORDER}


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
def test_ordinary_files_are_accepted_with_the_values_their_author_meant(case, bundle, stored, contours):
    start = time.perf_counter()
    checked = check(case, bundle, contours)
    assert time.perf_counter() - start < ANSWER_SECONDS
    assert [p.text() for p in checked.errors] == []
    expect = case.expect
    ds = DATASETS[case.dataset]
    typed = checked.typed.reset_index(drop=True)
    if expect.same_as_default:
        default = stored[case.dataset][ds.columns].reset_index(drop=True)
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
            assert not NOTHING_QUOTED.search(problem.message), problem.text()
    assert elapsed < ANSWER_SECONDS


# --- property: whatever happens to a valid file, a table or a French refusal ---------------------

CORPUS_BASES = [
    "evenements_excel_windows.csv",
    "evenements_excel_utf8_bom.csv",
    "financements_excel_windows.csv",
    "lieux_virgules_decimales.csv",
    "chiffres_cles_pourcentages.csv",
    "evenements.xlsx",
    "financements.xlsx",
]
# Every dataset, as French Excel saves it: the same must hold in every dataset and column.
BASES = {name: (c.dataset, (OUT / name).read_bytes()) for c in CASES for name in [c.name] if name in CORPUS_BASES}
BASES |= {f"{name}.csv": (name, to_csv(french(table(name), name, thousands=NBSP))) for name in ORDER}
WEIRD = st.text(
    st.characters(exclude_categories=("Cs",)) | st.sampled_from(list(";,\t\"'\r\n %€.-eE0123456789\u00a0\u202f")),
    max_size=30,
)


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(BASES)))
    dataset, base = BASES[name]
    content = bytearray(base)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "cut", "separator", "shuffle", "cell"]))
        if kind == "flip" and content:
            at = draw(st.integers(0, len(content) - 1))
            content[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            content = content[: draw(st.integers(0, len(content)))]
        elif kind == "separator":
            old, new = (
                draw(st.sampled_from([b";", b",", b"\t", b"\r\n", b"\n"])),
                draw(st.sampled_from([b";", b",", b"\t", b"|", b"\r", b""])),
            )
            content = bytearray(bytes(content).replace(old, new))
        elif kind in ("shuffle", "cell") and not name.endswith(".xlsx"):
            lines = bytes(content).split(b"\r\n")
            rows = [line.split(b";") for line in lines]
            width = max(len(r) for r in rows)
            if kind == "shuffle":
                order = draw(st.permutations(range(width)))
                rows = [[r[k] for k in order if k < len(r)] for r in rows]
            else:
                r = draw(st.integers(0, len(rows) - 1))
                c = draw(st.integers(0, max(len(rows[r]) - 1, 0)))
                if rows[r]:
                    rows[r][c] = draw(WEIRD).encode(draw(st.sampled_from(["utf-8", "utf-16-le"])), "surrogatepass")
            content = bytearray(b"\r\n".join(b";".join(r) for r in rows))
    return name, dataset, bytes(content)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_a_mutated_valid_file_is_a_table_or_a_french_refusal_never_an_exception(bundle, contours, sample):
    name, dataset, content = sample
    try:
        checked = upload.check(dataset, content, name, bundle, contours, LIMIT_BYTES, LIMIT_ROWS)
    except ReadError as exc:
        assert exc.message.strip()
        assert not ENGLISH.search(exc.message), exc.message
        return
    ds = DATASETS[dataset]
    for p in checked.problems:
        assert p.message.strip() and not ENGLISH.search(p.message), p.text()
        assert not NOTHING_QUOTED.search(p.message), p.text()
        assert p.column is None or p.column in DATASETS[p.dataset].columns  # may be another dataset it breaks
        assert p.row is None or p.row >= 1
    assert list(checked.typed.columns) == ds.columns


def test_an_empty_cell_reads_vide_in_the_messages_and_the_report(bundle, contours):
    from icc.ui.review import problems_frame
    from tests.corpus.intake_cases import CHIFFRES, row_of, set_cell

    frame = french(table(CHIFFRES), CHIFFRES)
    key = table(CHIFFRES)["id"].iloc[0]
    frame = set_cell(set_cell(frame, key, "Valeur", "50 %"), key, "Unité", "   ")
    content = to_csv(frame)
    checked = upload.check(CHIFFRES, content, "chiffres.csv", bundle, contours, LIMIT_BYTES, LIMIT_ROWS)
    row = row_of(frame, key) + 2
    messages = {p.column_label: p.message for p in checked.errors if p.row == row}
    assert "l'unité de cette ligne est (vide)" in messages["Valeur"]
    assert messages["Unité"].startswith("cellule vide")
    assert not [p.text() for p in checked.problems if NOTHING_QUOTED.search(p.message)]
    report = problems_frame(checked.errors)
    shown = dict(zip(report["Colonne"], report["Valeur trouvée"], strict=True))
    assert shown["Unité"] == "(vide)" and shown["Valeur"] == "50 %"  # never an empty cell the eye cannot see


@pytest.mark.parametrize("column", ["Description", "Identifiant", "Source"])
def test_a_huge_cell_on_the_first_row_is_named_by_its_columns_label(column):
    from icc.intake.reading import read_upload
    from tests.corpus.intake_cases import set_cell

    frame = french(table("projets"), "projets")
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[list(frame.columns).index(column)]
    content = to_csv(set_cell(frame, table("projets")["id"].iloc[0], column, "x" * 1_000_000))
    with pytest.raises(ReadError) as refused:
        read_upload(content, "projets.csv", LIMIT_BYTES, LIMIT_ROWS)
    assert refused.value.message.startswith(f"Ligne 2, colonne « {column} » (colonne {letter}) : la cellule contient")
