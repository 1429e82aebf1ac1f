"""The métropoles compared, derived from the Ministry of Culture's « Liste des festivals en France ».

``python -m icc.intake.comparaison FICHIER --extrait-du "mai 2024"`` reads a national export (CSV or
Excel, through icc.intake.reading.read_upload: encodings, byte-order marks, separators) and rewrites
``data/metropoles.csv`` and ``data/metropoles-festivals.csv`` (icc.datasets.metropoles).
``--paquet DOSSIER`` first rebuilds ``data/reference/`` from an unpacked ``@etalab/decoupage-administratif``
npm package (``npm pack @etalab/decoupage-administratif@6.0.0``, then ``tar xzf``), the communes' and
départements' names that the museums' comparison (icc.intake.comparaison_musees) matches towns against too.

A festival is counted for the EPCI its « Code Insee EPCI » cell names. The cell is then checked against
the commune (« Code Insee commune », leading zero restored): a code of a territory of the Grand Paris
(EPT) or a commune's SIREN number means the métropole it belongs to; a cell that is no EPCI code at all
(corrupted, empty, « 0 ») is replaced by the EPCI of the commune, and said so (« epci_repris_de_la_commune »);
where the cell and the commune disagree, the festival stays where the list puts it and the disagreement is
counted (« ecarts_commune », « autres_festivals_des_communes »), to be stated next to the figure.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from icc import formatting as fr
from icc import settings
from icc.datasets import metropoles as mt
from icc.intake.reading import ReadError, read_upload

EPCI_HEADER = "Code Insee EPCI"
COMMUNE_HEADER = "Code Insee commune"
DISCIPLINE_HEADER = "Discipline dominante"
DECADE_HEADER = "Décennie de création du festival"
HEADERS = (EPCI_HEADER, COMMUNE_HEADER, DISCIPLINE_HEADER, DECADE_HEADER)
UNKNOWN = "Non renseignée"
PACKAGE = "@etalab/decoupage-administratif"
MAX_BYTES = 200 * 1024 * 1024
MAX_ROWS = 1_000_000

# What a code of reference/metropoles-codes.csv is.
COMMUNE, ARRONDISSEMENT, DELEGUEE, SIREN, EPT = (
    "commune",
    "arrondissement municipal",
    "commune déléguée ou associée",
    "SIREN d'une commune",
    "établissement public territorial",
)
COMMUNE_KINDS = (COMMUNE, ARRONDISSEMENT, DELEGUEE)


class ComparisonError(ValueError):
    """A national file that cannot give the comparison; ``message`` is French."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


# --- the reference, extracted once from the npm package -----------------------------------


def reference_from_package(package: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every EPCI: code, name, kind, population, source; the codes that mean each métropole)."""
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    data = package / "data"
    epcis = json.loads((data / "epci.json").read_text(encoding="utf-8"))
    communes = json.loads((data / "communes.json").read_text(encoding="utf-8"))
    # The communes' own populations (communes.json), summed over each EPCI's members: the figures of
    # data/communes.csv, so that the Métropole's population is the same on every page.
    population = {c["code"]: c.get("population") for c in communes if c["type"] == "commune-actuelle"}
    source = (
        f"INSEE, population municipale des communes membres, via {PACKAGE} {version} "
        "(communes.json et epci.json, millésime 2026 du paquet)"
    )
    rows = []
    for e in epcis:
        counts = [population.get(m["code"]) for m in e["membres"]]
        rows.append(
            {
                "code_epci": e["code"],
                "nom": e["nom"],
                "nature": e["type"],
                # Never invented: an EPCI with a member of unknown population has none.
                "population": sum(counts) if counts and None not in counts else None,
                "source": source,
            }
        )
    epci = pd.DataFrame(rows).astype({"population": "Int64"}).sort_values("code_epci")
    metros = [e for e in epcis if e["type"] in mt.KINDS]
    codes: list[tuple[str, str, str]] = []
    member_of: dict[str, str] = {}
    for e in metros:
        for m in e["membres"]:
            member_of[m["code"]] = e["code"]
            codes.append((m["code"], e["code"], COMMUNE))
            if m.get("siren"):
                codes.append((m["siren"], e["code"], SIREN))
    for c in communes:
        parent = c.get("commune") if c["type"] == "arrondissement-municipal" else c.get("chefLieu")
        if c["type"] != "commune-actuelle" and parent in member_of and c["code"] not in member_of:
            kind = ARRONDISSEMENT if c["type"] == "arrondissement-municipal" else DELEGUEE
            codes.append((c["code"], member_of[parent], kind))
    grand_paris = next((e["code"] for e in metros if e["nom"] == "Métropole du Grand Paris"), None)
    if grand_paris and (data / "ept.json").is_file():
        codes += [(t["code"], grand_paris, EPT) for t in json.loads((data / "ept.json").read_text(encoding="utf-8"))]
    table = pd.DataFrame(codes, columns=["code", "code_epci", "nature_du_code"]).drop_duplicates("code")
    return epci, table.sort_values(["code_epci", "code"])


def names_from_package(package: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every département: code, name; the communes of the départements where a métropole has a commune:
    code, name, département, nature, postcodes), what a museum's town is matched against
    (icc.intake.villes). Current communes, and the former communes merged into one (delegated or
    associated), whose names museums may still use; municipal arrondissements are their city."""
    data = package / "data"
    departements = json.loads((data / "departements.json").read_text(encoding="utf-8"))
    epcis = json.loads((data / "epci.json").read_text(encoding="utf-8"))
    communes = json.loads((data / "communes.json").read_text(encoding="utf-8"))
    members = {m["code"] for e in epcis if e["type"] in mt.KINDS for m in e["membres"]}
    kept = {c["departement"] for c in communes if c["type"] == "commune-actuelle" and c["code"] in members}
    rows = [
        {
            "code": c["code"],
            "nom": c["nom"],
            "departement": c["departement"],
            # « oui »: a former commune, delegated or associated, merged into a current one since.
            "ancienne": "" if c["type"] == "commune-actuelle" else "oui",
            "codes_postaux": " ".join(c.get("codesPostaux", [])),
        }
        for c in communes
        if c.get("departement") in kept and c["type"] in ("commune-actuelle", "commune-deleguee", "commune-associee")
    ]
    names = pd.DataFrame(rows, columns=["code", "nom", "departement", "ancienne", "codes_postaux"])
    names = names.drop_duplicates(["code", "nom"]).sort_values(["code", "ancienne"], ignore_index=True)
    table = pd.DataFrame([{"code": d["code"], "nom": d["nom"]} for d in departements], columns=["code", "nom"])
    return table.sort_values("code", ignore_index=True), names


def read_reference(directory: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    epci = pd.read_csv(directory / mt.REFERENCE_EPCI, dtype=str, keep_default_na=False)
    epci["population"] = pd.to_numeric(epci["population"], errors="coerce").astype("Int64")
    codes = pd.read_csv(directory / mt.REFERENCE_CODES, dtype=str, keep_default_na=False)
    return epci, codes


# --- the national list -------------------------------------------------------------------


def read_national(content: bytes, filename: str) -> pd.DataFrame:
    """The national export's text cells; ComparisonError (French) if it is not that list."""
    try:
        frame = read_upload(content, filename, MAX_BYTES, MAX_ROWS).frame
    except ReadError as exc:
        raise ComparisonError(exc.message) from exc
    missing = [h for h in HEADERS if h not in frame.columns]
    if missing:
        raise ComparisonError(
            "Ce fichier n'est pas la « Liste des festivals en France » : il y manque "
            + ", ".join(f"la colonne « {h} »" for h in missing)
            + "."
        )
    return frame


def commune_code(text: str) -> str:
    """« 2220 » → « 02220 »; « 0 » or empty → ""."""
    text = str(text).strip()
    if not text or text.strip("0") == "":
        return ""
    return text.zfill(5) if text.isdigit() else text.upper()


def decade(text: str) -> str:
    """« de 1980 à 1989 » and « De 1980 à 1989 » are one decade; empty is « Non renseignée »."""
    text = " ".join(str(text).split())
    return text[:1].upper() + text[1:] if text else UNKNOWN


def placed(national: pd.DataFrame, epci: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """One row per festival: the EPCI it is counted for, whether that was read from its commune, and the
    métropole of its commune (empty if none)."""
    known = set(epci["code_epci"])
    alias = codes[~codes["nature_du_code"].isin(COMMUNE_KINDS)].set_index("code")["code_epci"]
    communes = codes[codes["nature_du_code"].isin(COMMUNE_KINDS)].set_index("code")["code_epci"]
    cell = national[EPCI_HEADER].astype(str).str.strip()
    commune = national[COMMUNE_HEADER].map(commune_code)
    of_commune = commune.map(communes).fillna("")
    readable = cell.isin(known) | cell.isin(alias.index)
    counted = cell.where(cell.isin(known), cell.map(alias)).where(readable, of_commune).fillna("")
    return pd.DataFrame(
        {
            "epci": counted,
            "repris": ~readable & (of_commune != ""),
            "metropole_commune": of_commune,
            "discipline": national[DISCIPLINE_HEADER].map(lambda t: " ".join(str(t).split()) or UNKNOWN),
            "decennie": national[DECADE_HEADER].map(decade),
        },
        index=national.index,
    )


def derive(national: pd.DataFrame, epci: pd.DataFrame, codes: pd.DataFrame, extract: str) -> mt.Comparison:
    """The comparison table of the métropoles (icc.datasets.metropoles) from the national list's text cells."""
    rows = placed(national, epci, codes)
    metros = epci[epci["nature"].isin(mt.KINDS)].copy()
    in_metro = rows[rows["epci"].isin(metros["code_epci"])]
    count = in_metro.groupby("epci").size()
    repaired = in_metro[in_metro["repris"]].groupby("epci").size()
    gaps = in_metro[in_metro["metropole_commune"] != in_metro["epci"]].groupby("epci").size()
    elsewhere = rows[(rows["metropole_commune"] != "") & (rows["metropole_commune"] != rows["epci"])]
    elsewhere = elsewhere.groupby("metropole_commune").size()
    source = f"ministère de la Culture, « Liste des festivals en France », export de {extract} (Licence Ouverte 2.0)"
    table = pd.DataFrame(
        {
            "code_epci": metros["code_epci"].to_numpy(),
            "nom": metros["nom"].to_numpy(),
            "nature": metros["nature"].to_numpy(),
            "population": metros["population"].astype("Int64").to_numpy(),
        }
    )
    for column, counts in (
        ("festivals", count),
        ("epci_repris_de_la_commune", repaired),
        ("ecarts_commune", gaps),
        ("autres_festivals_des_communes", elsewhere),
    ):
        table[column] = table["code_epci"].map(counts).fillna(0).astype("int64")
    table["festivals_pour_100000"] = (table["festivals"] / table["population"] * 100_000).round(2)
    table["source_population"] = metros["source"].to_numpy()
    table["source_festivals"] = source
    table = table.sort_values(["festivals", "nom"], ascending=[False, True], ignore_index=True)
    parts = []
    for criterion, column in ((mt.DISCIPLINE, "discipline"), (mt.DECENNIE, "decennie")):
        order = sorted(rows[column].unique(), key=lambda c: (c == UNKNOWN, c))
        if criterion == mt.DECENNIE:  # chronological: « Avant 1980 », « De 1980 à 1989 », …, « 2010 et après »
            order = sorted(
                order, key=lambda c: (c == UNKNOWN, not c.startswith("Avant"), c[-4:] if c[:1] == "D" else c)
            )
        grouped = in_metro.groupby(["epci", column]).size()
        for code in table["code_epci"]:
            for category in order:
                parts.append((code, criterion, category, int(grouped.get((code, category), 0))))
    breakdown = pd.DataFrame(parts, columns=mt.BREAKDOWN_COLUMNS)
    return mt.Comparison(table[mt.COLUMNS], breakdown)


def write(comparison: mt.Comparison, directory: Path) -> None:
    comparison.table.to_csv(directory / mt.TABLE, index=False, lineterminator="\n")
    comparison.breakdown.to_csv(directory / mt.BREAKDOWN, index=False, lineterminator="\n")


def summary(comparison: mt.Comparison) -> str:
    table = comparison.table
    amp = table[table["code_epci"] == mt.AMP]
    line = f"{fr.nombre(len(table))} métropoles, {fr.nombre(int(table['festivals'].sum()))} festivals."
    if len(amp):
        line += f" Aix-Marseille-Provence : {fr.nombre(int(amp['festivals'].iloc[0]))} festivals."
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m icc.intake.comparaison",
        description="Recalcule la comparaison des métropoles depuis un export de la Liste des festivals en France.",
    )
    parser.add_argument("fichier", type=Path, help="export national (CSV ou Excel)")
    parser.add_argument("--extrait-du", required=True, help="date de l'export, telle qu'elle sera citée (« mai 2024 »)")
    parser.add_argument("--paquet", type=Path, help=f"paquet npm {PACKAGE} décompressé : refait data/reference/")
    parser.add_argument("--dossier", type=Path, default=None, help="dossier des données (par défaut ICC_DATA_DIR)")
    args = parser.parse_args(argv)
    directory = args.dossier or settings.load().data_dir
    try:
        if args.paquet:
            epci, codes = reference_from_package(args.paquet)
            (directory / "reference").mkdir(exist_ok=True)
            epci.to_csv(directory / mt.REFERENCE_EPCI, index=False, lineterminator="\n")
            codes.to_csv(directory / mt.REFERENCE_CODES, index=False, lineterminator="\n")
            departements, names = names_from_package(args.paquet)
            departements.to_csv(directory / mt.REFERENCE_DEPARTEMENTS, index=False, lineterminator="\n")
            names.to_csv(directory / mt.REFERENCE_NAMES, index=False, lineterminator="\n")
        epci, codes = read_reference(directory)
        national = read_national(args.fichier.read_bytes(), args.fichier.name)
        comparison = derive(national, epci, codes, args.extrait_du)
    except (ComparisonError, OSError) as exc:
        print(getattr(exc, "message", None) or f"Lecture impossible : {exc}", file=sys.stderr)
        return 1
    write(comparison, directory)
    print(summary(comparison))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
