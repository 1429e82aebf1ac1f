"""Validate a table against its dataset description, with French messages.

Cells are typed by ``icc.intake.cells`` (French numbers, dates, yes/no, each cell read
with its column's conventions). Per-table rules (required cells, allowed values,
ranges) are then run by pandera on the typed table, from schemas derived from
``icc.datasets.schema``; uniqueness, swapped coordinates and periods ending before they start
are vectorised pandas checks, as are the rules across tables (references, coordinates
inside their commune, nested envelopes). Every problem names the spreadsheet row, the
column by its French label, and quotes the cell as the user typed it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from icc import formatting as fr
from icc.datasets.geo import check_coordinates
from icc.datasets.problems import ERROR, FIRST_ROW, WARNING, Problem, ValidationFailed, quoted
from icc.datasets.schema import DATASETS, INTEGER, NUMBER, PANDAS_DTYPES, Dataset, Field
from icc.frames import isin
from icc.intake.cells import column_marks, expected, type_column
from icc.intake.headers import fold, match_headers

__all__ = [
    "ERROR",
    "FIRST_ROW",
    "WARNING",
    "Problem",
    "ValidationFailed",
    "check_envelopes",
    "check_references",
    "match_headers",
    "validate_all",
    "validate_table",
]

# (start, end) columns of a period: the end may not come before the start.
PERIODS = {
    "evenements": (("date_debut", "date_fin"),),
    "financements": (("annee_debut", "annee_fin"),),
}


# --- pandera schemas derived from the description ---------------------------------


@cache
def _rules_schema(name: str) -> pa.DataFrameSchema:
    ds = DATASETS[name]
    columns = {}
    for f in ds.fields:
        checks = []
        if f.values:
            checks.append(pa.Check.isin(list(f.values), error="valeur"))
        if f.minimum is not None:
            checks.append(pa.Check.ge(f.minimum, error="minimum"))
        if f.maximum is not None:
            checks.append(pa.Check.le(f.maximum, error="maximum"))
        columns[f.name] = pa.Column(PANDAS_DTYPES[f.kind], checks=checks, nullable=not f.required, required=False)
    return pa.DataFrameSchema(columns)


def _suggestion(f: Field, typed) -> str:
    """« vouliez-vous dire « État » ? » when the value differs from an allowed one by case or accents only."""
    key = fold(typed)
    close = [v for v in f.values or () if fold(v) == key]
    return f" Vouliez-vous dire « {close[0]} » ?" if close else ""


def _rule_problem(ds: Dataset, f: Field, check: str, row: int, raw: str, typed) -> Problem:
    shown = quoted(raw)
    if check == "not_nullable":
        return Problem(ds.name, "Valeur obligatoire", f"cellule vide ; attendu : {expected(f)}.", row, f.name, raw)
    if check == "valeur":
        message = f"{shown} n'est pas autorisé ; attendu : {expected(f)}.{_suggestion(f, typed)}"
        return Problem(ds.name, "Valeur non autorisée", message, row, f.name, raw)
    if check in ("minimum", "maximum"):
        return Problem(
            ds.name, "Hors limites", f"{shown} est hors limites ; attendu : {expected(f)}.", row, f.name, raw
        )
    return Problem(
        ds.name, "Autre", f"{shown} ne respecte pas la règle {check} ; attendu : {expected(f)}.", row, f.name, raw
    )


def _rules(ds: Dataset, typed: pd.DataFrame, raw: pd.DataFrame, seen: set) -> list[Problem]:
    try:
        _rules_schema(ds.name).validate(typed, lazy=True)
        return []
    except SchemaErrors as exc:
        cases = exc.failure_cases
    problems = []
    for case in cases.itertuples(index=False):
        if case.column not in ds.labels or pd.isna(case.index):
            continue
        index = int(case.index)
        if (index, case.column) in seen:
            continue
        seen.add((index, case.column))
        text = raw.at[index, case.column] if case.column in raw.columns else ""
        f = ds.field(case.column)
        problems.append(_rule_problem(ds, f, str(case.check), index + FIRST_ROW, str(text), case.failure_case))
    return sorted(problems, key=lambda p: (p.row, ds.columns.index(p.column)))


def _duplicates(ds: Dataset, typed: pd.DataFrame, raw: pd.DataFrame) -> list[Problem]:
    problems = []
    for f in ds.fields:
        if not f.unique or f.name not in typed.columns:
            continue
        values = typed[f.name]
        repeated = values.notna() & values.astype(object).duplicated(keep=False)
        if not repeated.any():
            continue
        rows = pd.Series(values.index[repeated] + FIRST_ROW, index=values.index[repeated])
        groups = rows.groupby(values[repeated].astype(object)).agg(list)
        for idx in values.index[repeated]:
            others = [r for r in groups[values[idx]] if r != idx + FIRST_ROW]
            where = ", ".join(fr.nombre(r) for r in others[:5]) + (" …" if len(others) > 5 else "")
            also = "aussi lignes" if len(others) > 1 else "aussi ligne"
            message = (
                f"{quoted(raw.at[idx, f.name])} apparaît plusieurs fois ({also} {where}) ; "
                "chaque valeur de cette colonne doit être unique."
            )
            problems.append(Problem(ds.name, "Doublon", message, int(idx) + FIRST_ROW, f.name, raw.at[idx, f.name]))
    return problems


def _swapped(ds: Dataset, typed: pd.DataFrame, raw: pd.DataFrame, problems: list[Problem]) -> list[Problem]:
    """One clear message where latitude and longitude are both out of range but fit once swapped."""
    if not {"latitude", "longitude"} <= set(typed.columns):
        return problems
    lat_f, lon_f = ds.field("latitude"), ds.field("longitude")
    lat, lon = typed["latitude"], typed["longitude"]
    swapped = (
        lon.between(lat_f.minimum, lat_f.maximum)
        & lat.between(lon_f.minimum, lon_f.maximum)
        & ~lat.between(lat_f.minimum, lat_f.maximum)
    ).fillna(False)
    if not swapped.any():
        return problems
    rows = {int(i) + FIRST_ROW for i in typed.index[swapped]}
    kept = [p for p in problems if not (p.row in rows and p.column in ("latitude", "longitude"))]
    for idx in typed.index[swapped]:
        typed_lat, typed_lon = raw.at[idx, "latitude"].strip(), raw.at[idx, "longitude"].strip()
        kept.append(
            Problem(
                ds.name,
                "Coordonnées inversées",
                f"latitude {quoted(typed_lat)} et longitude {quoted(typed_lon)} semblent inversées : "
                f"dans la Métropole, la latitude est entre {fr.nombre(lat_f.minimum, 1)} et "
                f"{fr.nombre(lat_f.maximum, 1)} et la longitude entre {fr.nombre(lon_f.minimum, 1)} et "
                f"{fr.nombre(lon_f.maximum, 1)}. Échangez les deux cellules.",
                int(idx) + FIRST_ROW,
                "latitude",
                f"{typed_lat} ; {typed_lon}",
            )
        )
    return kept


# Datasets whose figures carry their unit in another column: a "%" typed in the figure must agree with it.
UNIT_COLUMNS = {"chiffres_cles": ("valeur", "unite")}


def _percent_units(ds: Dataset, typed: pd.DataFrame, raw: pd.DataFrame) -> list[Problem]:
    if ds.name not in UNIT_COLUMNS:
        return []
    figure, unit = UNIT_COLUMNS[ds.name]
    if figure not in raw.columns or unit not in typed.columns:
        return []
    percent = raw[figure].str.strip().str.endswith("%") & typed[figure].notna()
    wrong = (percent & (typed[unit].fillna("") != "%")).fillna(False).astype(bool)
    return [
        Problem(
            ds.name,
            "Unité",
            f"{quoted(raw.at[idx, figure])} est un pourcentage, mais l'unité de cette ligne est "
            f"{quoted(typed.at[idx, unit])} ; attendu : « % » dans la colonne "
            f"« {ds.field(unit).label} », ou la valeur sans « % ».",
            int(idx) + FIRST_ROW,
            figure,
            raw.at[idx, figure],
        )
        for idx in typed.index[wrong]
    ]


def _periods(ds: Dataset, typed: pd.DataFrame, raw: pd.DataFrame) -> list[Problem]:
    problems = []
    for start, end in PERIODS.get(ds.name, ()):
        if start not in typed.columns or end not in typed.columns:
            continue
        both = typed[start].notna() & typed[end].notna()
        before = both & (typed[end].astype(object).where(both) < typed[start].astype(object).where(both)).fillna(False)
        for idx in typed.index[before.astype(bool)]:
            s, e = raw.at[idx, start].strip(), raw.at[idx, end].strip()
            problems.append(
                Problem(
                    ds.name,
                    "Période",
                    f"la fin ({quoted(e)}) est avant le début ({quoted(s)}, colonne « {ds.field(start).label} ») ; "
                    "attendu : une fin identique au début ou après lui.",
                    int(idx) + FIRST_ROW,
                    end,
                    raw.at[idx, end],
                )
            )
    return problems


def validate_table(ds: Dataset, raw: pd.DataFrame, decimal: str | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate one table of text cells; return the typed table and every problem found.

    ``decimal``: the decimal mark the file uses ("," or "."), for numbers whose own
    column does not tell. The index is kept: readers set it to the spreadsheet row
    minus FIRST_ROW.
    """
    mapping, unknown = match_headers(ds, list(raw.columns))
    raw = raw.rename(columns=mapping)[list(mapping.values())]
    raw = raw.astype("str").fillna("")
    problems = [
        Problem(ds.name, "Colonnes", f"colonne obligatoire « {f.label} » absente du fichier.")
        for f in ds.fields
        if f.required and f.name not in raw.columns
    ]
    problems += [
        Problem(ds.name, "Colonnes", f"colonne « {h} » inconnue : elle sera ignorée.", severity=WARNING)
        for h in unknown
    ]
    # Each number column's own marks; the file's decimal mark is the one its number columns agree on.
    numeric = [f.name for f in ds.fields if f.kind in (INTEGER, NUMBER) and f.name in raw.columns]
    column_conventions = {name: column_marks(raw[name]) for name in numeric}
    decimals = {d for d, _ in column_conventions.values() if d}
    decimal = decimals.pop() if len(decimals) == 1 else decimal
    typed = pd.DataFrame(index=raw.index)
    cell_problems, seen = [], set()
    for f in ds.fields:
        if f.name not in raw.columns:
            typed[f.name] = pd.Series([pd.NA] * len(raw), index=raw.index, dtype=PANDAS_DTYPES[f.kind])
            continue
        typed[f.name], issues = type_column(f, raw[f.name], decimal, column_conventions.get(f.name))
        for idx, issue in issues.items():
            seen.add((int(idx), f.name))
            cell_problems.append(
                Problem(
                    ds.name,
                    issue.kind,
                    issue.message,
                    int(idx) + FIRST_ROW,
                    f.name,
                    raw.at[idx, f.name],
                    issue.severity,
                )
            )
    present = [c for c in ds.columns if c in raw.columns]
    cell_problems += _rules(ds, typed[present], raw, seen)
    cell_problems = _swapped(ds, typed, raw, cell_problems)
    cell_problems += _duplicates(ds, typed, raw)
    cell_problems += _periods(ds, typed, raw)
    cell_problems += _percent_units(ds, typed, raw)
    order = {c: k for k, c in enumerate(ds.columns)}
    cell_problems.sort(key=lambda p: (p.row, order.get(p.column, 0)))
    return typed[ds.columns], problems + cell_problems


# --- rules across tables -----------------------------------------------------------


def check_references(frames: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Every reference resolves to a row of the dataset it names (when that dataset is given)."""
    problems = []
    for name, frame in frames.items():
        ds = DATASETS[name]
        for f in ds.fields:
            if not f.references:
                continue
            target_name, target_field = f.references.split(".")
            if target_name not in frames:
                continue
            known = frames[target_name][target_field].dropna().astype(str).unique()
            values = frame[f.name]
            bad = values.notna() & ~isin(values.astype(str), list(known))
            target = DATASETS[target_name]
            where = f"le jeu « {target.title} » ({target.field(target_field).label})"
            for idx, value in values[bad].items():
                problems.append(
                    Problem(
                        name,
                        "Référence inconnue",
                        f"{quoted(value)} n'existe pas dans {where}.",
                        int(idx) + FIRST_ROW,
                        f.name,
                        str(value),
                    )
                )
    return problems


def check_envelopes(financements: pd.DataFrame) -> list[Problem]:
    """A nested envelope is never larger than its parent, and children never add up to more.

    Envelopes without an amount (« non chiffré ») are compared with nothing; a repeated
    identifier (already an error) counts as its first row.
    """
    fin = financements
    amounts = fin.drop_duplicates("id").dropna(subset=["id"]).set_index("id")["montant_eur"].astype("Float64")
    nested = isin(fin["parent"], amounts.index) & fin["montant_eur"].notna()
    children = fin[nested]
    parent_amount = children["parent"].astype(object).map(amounts.astype(object))
    parent_amount = pd.to_numeric(parent_amount, errors="coerce").astype("Float64")
    larger = (children["montant_eur"].astype("Float64") > parent_amount).fillna(False).astype(bool)
    problems = []
    for idx in children.index[larger]:
        amount, parent = children.at[idx, "montant_eur"], children.at[idx, "parent"]
        problems.append(
            Problem(
                "financements",
                "Enveloppes imbriquées",
                f"le montant ({fr.euros(amount)}) dépasse celui de l'enveloppe parente "
                f"{quoted(parent)} ({fr.euros(parent_amount[idx])}).",
                int(idx) + FIRST_ROW,
                "montant_eur",
                fr.nombre(amount, 2),
            )
        )
    sums = children.groupby(children["parent"].astype(object))["montant_eur"].sum()
    first_row = fin.drop_duplicates("id").dropna(subset=["id"]).reset_index().set_index("id")["index"]
    for parent, total in sums.items():
        limit = amounts.get(parent)
        if limit is None or pd.isna(limit) or not total > limit * (1 + 1e-9):
            continue
        problems.append(
            Problem(
                "financements",
                "Enveloppes imbriquées",
                f"les enveloppes contenues dans {quoted(parent)} totalisent {fr.euros(total)}, "
                f"plus que son montant ({fr.euros(limit)}).",
                int(first_row[parent]) + FIRST_ROW,
                "montant_eur",
                severity=WARNING,
            )
        )
    return problems


def validate_all(frames: Mapping[str, pd.DataFrame], contours=None) -> list[Problem]:
    """Rules across tables on already typed tables."""
    problems = check_references(frames)
    if "financements" in frames:
        problems += check_envelopes(frames["financements"])
    if contours is not None:
        for name, frame in frames.items():
            problems += check_coordinates(DATASETS[name], frame, contours)
    return problems
