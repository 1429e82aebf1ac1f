"""Each kind of rule, broken once, is refused with a French message naming row and column."""

import pandas as pd
import pytest

from icc.datasets.schema import DATASETS
from icc.intake.seed import read_csv_text
from icc.intake.validation import ERROR, WARNING, check_envelopes, validate_all, validate_table
from tests.conftest import DATA


def raw(name: str) -> pd.DataFrame:
    return read_csv_text(DATA / f"{name}.csv")


def only_error(problems):
    errors = [p for p in problems if p.severity == ERROR]
    assert len(errors) == 1, [p.text() for p in errors]
    return errors[0]


def test_type_error_names_row_column_value_and_expectation():
    table = raw("communes")
    table.loc[4, "population"] = "beaucoup"
    _, problems = validate_table(DATASETS["communes"], table)
    p = only_error(problems)
    assert (p.row, p.column, p.value, p.kind) == (6, "population", "beaucoup", "Type")
    assert p.text() == (
        "Ligne 6, colonne « Population » : « beaucoup » n'est pas un nombre entier ; "
        "attendu : nombre entier supérieur ou égal à 0 (habitants), ex. 873\u202f076."
    )


def test_required_cell_left_empty():
    table = raw("lieux")
    table.loc[0, "nom"] = "  "
    _, problems = validate_table(DATASETS["lieux"], table)
    p = only_error(problems)
    assert (p.row, p.column, p.kind) == (2, "nom", "Valeur obligatoire")
    assert "cellule vide" in p.message


def test_value_outside_the_allowed_list():
    table = raw("financements")
    table.loc[2, "statut"] = "promis"
    _, problems = validate_table(DATASETS["financements"], table)
    p = only_error(problems)
    assert (p.row, p.column, p.value) == (4, "statut", "promis")
    assert "« acquis », « lauréat », « en suspens »" in p.message


def test_duplicate_identifier():
    table = raw("evenements")
    table.loc[1, "id"] = table.loc[0, "id"]
    _, problems = validate_table(DATASETS["evenements"], table)
    rows = sorted(p.row for p in problems if p.kind == "Doublon")
    assert rows == [2, 3]


def test_unknown_reference_to_another_dataset(default_frames):
    frames = dict(default_frames)
    lieux = frames["lieux"].copy()
    lieux.loc[3, "code_insee"] = "75056"  # Paris: not a commune of the Métropole
    frames["lieux"] = lieux
    problems = validate_all(frames)
    p = only_error(problems)
    assert (p.dataset, p.row, p.column, p.value) == ("lieux", 5, "code_insee", "75056")
    assert p.message == "« 75056 » n'existe pas dans le jeu « Communes » (Code INSEE)."


def test_coordinate_outside_its_commune(default_frames, contours):
    frames = dict(default_frames)
    lieux = frames["lieux"].copy()
    marseille = lieux.index[lieux["code_insee"] == "13055"][0]
    lieux.loc[marseille, ["latitude", "longitude"]] = [43.5297, 5.4474]  # Aix-en-Provence
    frames["lieux"] = lieux
    p = only_error(validate_all(frames, contours))
    assert (p.dataset, p.row, p.kind) == ("lieux", marseille + 2, "Coordonnées hors commune")
    assert "n'est pas dans la commune 13055" in p.message


def test_missing_required_column_and_unknown_column():
    table = raw("actions").drop(columns=["statut"]).assign(commentaire="x")
    _, problems = validate_table(DATASETS["actions"], table)
    assert [(p.severity, p.message) for p in problems] == [
        (ERROR, "colonne obligatoire « Statut » absente du fichier."),
        (WARNING, "colonne « commentaire » inconnue : elle sera ignorée."),
    ]


def test_headers_match_french_labels_whatever_the_case_and_accents():
    table = raw("communes").rename(
        columns={"code_insee": "CODE INSEE", "conseil_de_territoire": "Conseil de Territoire"}
    )
    typed, problems = validate_table(DATASETS["communes"], table)
    assert problems == []
    assert typed["code_insee"].iloc[0] == raw("communes")["code_insee"].iloc[0]


def test_every_problem_is_reported_not_only_the_first():
    table = raw("communes")
    table["population"] = "?"
    _, problems = validate_table(DATASETS["communes"], table)
    assert len(problems) == 92


def test_child_envelope_larger_than_its_parent(default_frames):
    fin = default_frames["financements"].copy()
    child = fin.index[fin["parent"].notna()][0]
    parent_amount = fin.loc[fin["id"] == fin.loc[child, "parent"], "montant_eur"].iloc[0]
    fin.loc[child, "montant_eur"] = parent_amount * 2
    problems = check_envelopes(fin)
    errors = [p for p in problems if p.severity == ERROR]
    assert [(p.row, p.column) for p in errors] == [(child + 2, "montant_eur")]
    assert "dépasse celui de l'enveloppe parente" in errors[0].message


@pytest.mark.parametrize(
    ("text", "value"),
    [("1 500", 1500), ("1\u202f500,5", 1500.5), ("211,5 M€", 211_500_000), ("80 K€", 80_000), ("12", 12), ("4.4", 4.4)],
)
def test_french_numbers_are_understood(text, value):
    from icc.intake.parsing import parse_number

    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("50,000.50", ",", 50_000.5),  # English grouping is unambiguous, even in a decimal-comma file
        ("1.500.000", ",", 1_500_000),
        ("2,500", ",", 2.5),
        ("2.500", ".", 2.5),
        ("6,43E+11", ",", 643_000_000_000),
        ("4,4 %", ",", 4.4),
        ("−12,5", ",", -12.5),  # the minus sign of typeset documents
        ("160.000", ",", None),  # 160 000 or 160,0: ambiguous, never guessed
        ("2,500", None, None),
        ("Infinity", ",", None),
        ("NaN", ",", None),
        ("1e400", ",", None),
        ("1 5", ",", None),
    ],
)
def test_numbers_follow_the_file_conventions_or_are_not_guessed(text, decimal, value):
    from icc.intake.parsing import parse_number

    assert parse_number(text, decimal) == (None if value is None else pytest.approx(value))


def test_impossible_dates_are_not_dates():
    from icc.intake.parsing import parse_date

    assert [parse_date(t) for t in ("29/02/2024", "31/02/2024", "2024-13-01", "25/10/24")] == [
        "2024-02-29",
        None,
        None,
        None,
    ]


def test_the_intake_wing_has_no_import_circle_and_imports_no_private_name():
    import ast

    from tests.conftest import ROOT

    imported: dict[str, set[str]] = {}
    private = []
    for path in sorted((ROOT / "icc").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("icc"):
                names.add(node.module)
                private += [f"{module}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
            elif isinstance(node, ast.Import):
                names |= {a.name for a in node.names if a.name.startswith("icc")}
        imported[module] = names
    assert private == []

    def reaches(start: str, target: str, seen: set) -> bool:
        for other in imported.get(start, ()):
            if other == target or (other not in seen and reaches(other, target, seen | {other})):
                return True
        return False

    intake = [
        "icc.intake.reading",
        "icc.intake.validation",
        "icc.datasets.geo",
        "icc.intake.upload",
        "icc.intake.diff",
        "icc.intake.ministere",
        "icc.intake.parsing",
    ]
    assert [m for m in intake + [n for n in imported if n.startswith("icc.intake")] if reaches(m, m, {m})] == []


@pytest.mark.parametrize(("typed", "read"), [("１２", 12), ("١٢", 12), ("𝟙𝟚", 12), ("…12", None)])
def test_digits_of_other_scripts_are_read_or_refused_in_french_never_a_crash(typed, read):
    """Non-ASCII digits once crashed pandas' fast number path (« Unable to parse string »)."""
    ds = DATASETS["evenements"]
    row = {c: "" for c in ds.columns} | {"id": "x", "nom": "y", "filiere": "musique", "approximatif": "non"}
    frame = pd.DataFrame([row | {"source": "s", "frequentation": typed}])
    typed_frame, problems = validate_table(ds, frame)
    errors = [(p.column_label, p.value) for p in problems if p.severity == ERROR]
    if read is None:
        assert errors == [("Fréquentation", typed)]
    else:
        assert errors == [] and typed_frame["frequentation"].iloc[0] == read
