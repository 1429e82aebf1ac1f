"""The métropoles compared on their museums, derived from two files of the Ministry of Culture.

``python -m icc.intake.comparaison_musees MUSEOFILE FREQUENTATION`` reads the « Musées de France » of the
Muséofile base and the « Fréquentation des musées de France » (CSV or Excel, through
icc.intake.reading.read_upload) and rewrites ``data/metropoles-musees.csv`` and
``data/metropoles-musees-villes.csv`` (icc.datasets.metropoles), from the reference of ``data/reference/``
(``python -m icc.intake.comparaison … --paquet``).

A museum counts for the métropole of its commune: its town is matched to an INSEE commune by name within
its département (icc.intake.villes), with the postcode of its Muséofile record (for attendance rows, the one
their « id_museofile » names, filled from 2019); a museum of a département where no métropole has a commune is outside
them all, without a match; a museum whose town is not found is listed in ``metropoles-musees-villes.csv``,
never dropped silently. For a year of attendance, a museum with a figure adds its total; a museum closed
(note « F »), without a figure (note « NC », or no total) or counted with another museum (note « R ») adds
nothing, and is counted as such: each figure says how many museums it covers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from icc import formatting as fr
from icc import settings
from icc.datasets import metropoles as mt
from icc.intake import villes
from icc.intake.comparaison import COMMUNE_KINDS, ComparisonError, read_reference
from icc.intake.reading import ReadError, read_upload

MUSEOFILE_HEADERS = ("ref", "nomoff", "ville_m", "cp_m", "dpt")
ATTENDANCE_HEADERS = ("ref_musee", "nom_du_musee", "annee", "ville", "nomdep", "total", "note")
MAX_BYTES = 200 * 1024 * 1024
MAX_ROWS = 1_000_000
MUSEOFILE, ATTENDANCE = "Muséofile", "Fréquentation"
CLOSED, NOT_COMMUNICATED, COUNTED_WITH = "F", "NC", "R"
LICENCE = "Licence Ouverte 2.0"
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def read_file(content: bytes, filename: str, headers: tuple[str, ...], title: str) -> pd.DataFrame:
    """A national file's text cells, headers in lower case without spaces; ComparisonError (French) if it
    is not that file."""
    try:
        frame = read_upload(content, filename, MAX_BYTES, MAX_ROWS).frame
    except ReadError as exc:
        raise ComparisonError(exc.message) from exc
    frame = frame.rename(columns=lambda c: "_".join(str(c).strip().lower().split()))
    missing = [h for h in headers if h not in frame.columns]
    if missing:
        raise ComparisonError(
            f"Ce fichier n'est pas « {title} » : il y manque " + ", ".join(f"la colonne « {h} »" for h in missing) + "."
        )
    return frame.fillna("").astype(str)


def read_museofile(content: bytes, filename: str) -> pd.DataFrame:
    return read_file(content, filename, MUSEOFILE_HEADERS, "Musées de France : base Muséofile")


def read_attendance(content: bytes, filename: str) -> pd.DataFrame:
    return read_file(content, filename, ATTENDANCE_HEADERS, "Fréquentation des musées de France")


def reference(directory: Path) -> tuple[pd.DataFrame, pd.DataFrame, villes.Communes]:
    epci, codes = read_reference(directory)
    names = pd.read_csv(directory / mt.REFERENCE_NAMES, dtype=str, keep_default_na=False)
    departements = pd.read_csv(directory / mt.REFERENCE_DEPARTEMENTS, dtype=str, keep_default_na=False)
    return epci, codes, villes.Communes(names, departements)


def _placed(
    frame: pd.DataFrame, town: str, departement: str, postcode: str | None, communes: villes.Communes
) -> pd.DataFrame:
    """Per row: its département's code, its commune's code (empty if outside the reference's départements
    or not found) and why not found (empty if found, or outside)."""
    cache: dict[tuple[str, str, str], tuple[str, str, str]] = {}

    def one(dep_name: str, cell: str, code_postal: str) -> tuple[str, str, str]:
        key = (dep_name, cell, code_postal)
        if key not in cache:
            dep = communes.departement(dep_name)
            if dep is not None and not communes.covers(dep):
                cache[key] = (dep, "", "")  # no métropole there: outside them all, nothing to match
            else:
                found = communes.match(dep, cell, code_postal)
                cache[key] = (dep or "", found.code or "", found.reason)
        return cache[key]

    postcodes = frame[postcode] if postcode else pd.Series("", index=frame.index)
    rows = [one(d, t, p) for d, t, p in zip(frame[departement], frame[town], postcodes, strict=True)]
    return pd.DataFrame(rows, columns=["departement", "commune", "raison"], index=frame.index)


def _unmatched(frame, placed, kind: str, ident: str, name: str, town: str, dep: str, postcode: str | None):
    lost = frame[placed["raison"] != ""]
    return pd.DataFrame(
        {
            "fichier": kind,
            "identifiant": lost[ident].str.strip(),
            "musee": lost[name].str.strip(),
            "ville": lost[town].str.strip(),
            "code_postal": lost[postcode].str.strip() if postcode else "",
            "departement": lost[dep].str.strip(),
            "raison": placed.loc[lost.index, "raison"],
        },
        columns=mt.UNMATCHED_COLUMNS,
    )


def _number(text: str) -> int | None:
    digits = "".join(str(text).split())
    return int(digits) if digits.isdigit() else None


def year_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Per métropole (``epci``) for one year's rows: visits of the museums with a figure, and how many museums
    had a figure, were closed, had none, or were counted with another (adding nothing)."""
    note = rows["note"].str.strip().str.upper()
    total = rows["total"].map(_number)
    status = pd.Series("sans_chiffre", index=rows.index)
    status[total.notna()] = "chiffre"
    status[note == NOT_COMMUNICATED] = "sans_chiffre"
    status[note == CLOSED] = "ferme"
    status[note == COUNTED_WITH] = "avec_un_autre"
    counted = total.where(status == "chiffre")
    out = pd.DataFrame({"epci": rows["epci"], "status": status, "visites": counted})
    visits = out[out["status"] == "chiffre"].groupby("epci")["visites"].sum()
    by_status = out.groupby(["epci", "status"]).size().unstack(fill_value=0)
    for column in ("chiffre", "ferme", "sans_chiffre", "avec_un_autre"):
        if column not in by_status:
            by_status[column] = 0
    by_status["visites"] = visits
    return by_status


def update_date(museofile: pd.DataFrame) -> str:
    """« novembre 2021 »: the latest update date (« dmaj ») of the Muséofile rows, as the source says it."""
    dates = pd.to_datetime(museofile.get("dmaj", pd.Series(dtype=str)), errors="coerce", format="%Y-%m-%d")
    if dates.notna().any():
        last = dates.max()
        return f"{MONTHS[last.month - 1]} {last.year}"
    return "date non précisée"


def derive(
    museofile: pd.DataFrame,
    attendance: pd.DataFrame,
    epci: pd.DataFrame,
    codes: pd.DataFrame,
    communes: villes.Communes,
) -> mt.Museums:
    """The museums' comparison of the métropoles from the two national files' text cells."""
    metro_of = codes[codes["nature_du_code"].isin(COMMUNE_KINDS)].set_index("code")["code_epci"]
    metros = epci[epci["nature"].isin(mt.KINDS)]

    placed = _placed(museofile, "ville_m", "dpt", "cp_m", communes)
    museums = placed["commune"].map(metro_of).value_counts()
    lost = [_unmatched(museofile, placed, MUSEOFILE, "ref", "nomoff", "ville_m", "dpt", "cp_m")]

    years = pd.to_numeric(attendance["annee"].str.strip(), errors="coerce")
    latest = int(years.max())
    used = attendance[years.isin([latest, mt.BEFORE_CRISIS])].copy()
    used_years = years[used.index]
    # From 2019 a row names its Muséofile museum: its postcode helps as it does for Muséofile.
    postcode_of = museofile.drop_duplicates("ref").set_index(museofile["ref"].drop_duplicates().str.strip())["cp_m"]
    used["code_postal"] = used.get("id_museofile", pd.Series("", index=used.index)).str.strip().map(postcode_of)
    used["code_postal"] = used["code_postal"].fillna("")
    places = _placed(used, "ville", "nomdep", "code_postal", communes)
    used["epci"] = places["commune"].map(metro_of)
    lost_rows = _unmatched(used, places, ATTENDANCE, "ref_musee", "nom_du_musee", "ville", "nomdep", "code_postal")
    lost.append(lost_rows.drop_duplicates(["identifiant"]))  # a museum once, whatever its years' spellings
    in_metro = used[used["epci"].notna()]
    now = year_counts(in_metro[used_years[in_metro.index] == latest])
    before = year_counts(in_metro[used_years[in_metro.index] == mt.BEFORE_CRISIS])

    first = int(years.min())
    table = pd.DataFrame(
        {
            "code_epci": metros["code_epci"].to_numpy(),
            "nom": metros["nom"].to_numpy(),
            "population": metros["population"].astype("Int64").to_numpy(),
        }
    )
    code = table["code_epci"]
    table["musees_de_france"] = code.map(museums).fillna(0).astype("int64")
    table["annee"] = latest
    table["visites"] = code.map(now["visites"]).astype("Int64")
    table["visites_pour_100000"] = (table["visites"] / table["population"] * 100_000).astype("float64").round(0)
    for column, source in (
        ("musees_chiffres", "chiffre"),
        ("musees_fermes", "ferme"),
        ("musees_sans_chiffre", "sans_chiffre"),
        ("musees_comptes_avec_un_autre", "avec_un_autre"),
    ):
        table[column] = code.map(now[source]).fillna(0).astype("int64")
    b = mt.BEFORE_CRISIS
    table[f"visites_{b}"] = code.map(before["visites"]).astype("Int64") if len(before) else pd.NA
    table[f"visites_{b}"] = table[f"visites_{b}"].astype("Int64")
    table[f"visites_{b}_pour_100000"] = (
        (table[f"visites_{b}"] / table["population"] * 100_000).astype("float64").round(0)
    )
    table[f"musees_chiffres_{b}"] = (code.map(before["chiffre"]) if len(before) else 0).fillna(0).astype("int64")
    table["source_musees"] = (
        f"ministère de la Culture, « Musées de France : base Muséofile », fiches mises à jour jusqu'en "
        f"{update_date(museofile)} ({LICENCE})"
    )
    table["source_frequentation"] = (
        f"ministère de la Culture, « Fréquentation des musées de France », {first} à {latest} ({LICENCE})"
    )
    table["source_population"] = metros["source"].to_numpy()
    table = table.sort_values(["musees_de_france", "nom"], ascending=[False, True], ignore_index=True)
    unmatched = pd.concat(lost, ignore_index=True).sort_values(
        ["fichier", "departement", "ville", "identifiant"], ignore_index=True, key=lambda s: s.str.lower()
    )
    return mt.Museums(table[mt.MUSEUM_COLUMNS], unmatched[mt.UNMATCHED_COLUMNS])


def write(museums: mt.Museums, directory: Path) -> None:
    museums.table.to_csv(directory / mt.MUSEUMS, index=False, lineterminator="\n")
    museums.unmatched.to_csv(directory / mt.UNMATCHED, index=False, lineterminator="\n")


def summary(museums: mt.Museums) -> str:
    table = museums.table
    year = int(table["annee"].iloc[0]) if len(table) else None
    line = (
        f"{fr.nombre(len(table))} métropoles, {fr.nombre(int(table['musees_de_france'].sum()))} musées de France ; "
        f"{fr.nombre(len(museums.unmatched))} musées dont la ville n'est pas reconnue."
    )
    amp = table[table["code_epci"] == mt.AMP]
    if len(amp):
        row = amp.iloc[0]
        visits = fr.nombre(int(row["visites"])) if pd.notna(row["visites"]) else "non chiffré"
        line += (
            f" Aix-Marseille-Provence : {fr.nombre(int(row['musees_de_france']))} musées de France, "
            f"{visits} visites en {year} ({fr.nombre(int(row['musees_chiffres']))} musées chiffrés)."
        )
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m icc.intake.comparaison_musees",
        description="Recalcule la comparaison des métropoles sur les musées de France et leur fréquentation.",
    )
    parser.add_argument("museofile", type=Path, help="« Musées de France : base Muséofile » (CSV ou Excel)")
    parser.add_argument("frequentation", type=Path, help="« Fréquentation des musées de France » (CSV ou Excel)")
    parser.add_argument("--dossier", type=Path, default=None, help="dossier des données (par défaut ICC_DATA_DIR)")
    args = parser.parse_args(argv)
    directory = args.dossier or settings.load().data_dir
    try:
        epci, codes, communes = reference(directory)
        museofile = read_museofile(args.museofile.read_bytes(), args.museofile.name)
        attendance = read_attendance(args.frequentation.read_bytes(), args.frequentation.name)
        museums = derive(museofile, attendance, epci, codes, communes)
    except (ComparisonError, OSError) as exc:
        print(getattr(exc, "message", None) or f"Lecture impossible : {exc}", file=sys.stderr)
        return 1
    write(museums, directory)
    print(summary(museums))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
