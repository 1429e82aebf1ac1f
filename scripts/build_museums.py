"""Write the museums of the default data from the Ministry's two national files.

    .venv/bin/python scripts/build_museums.py

Reads tests/fixtures/ministere/ (Muséofile, Fréquentation des musées de France) and rewrites
``data/lieux.csv`` (the Musées de France of the 92 communes, once each: the roadmap's MuCEM and
Musée Granet gain their Muséofile identifier, address and website) and
``data/frequentation_lieux.csv`` (their yearly attendance). Correspondences that no identifier
gives were decided by a person and are data: ``scripts/musees-correspondances.csv``.
Run once; the files it writes are then kept current through the data page like any dataset.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from icc.datasets.geo import load_contours  # noqa: E402
from icc.datasets.schema import DATASETS  # noqa: E402
from icc.intake import musees  # noqa: E402
from icc.intake.reading import read_upload  # noqa: E402
from icc.intake.seed import read_csv_text  # noqa: E402

DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "ministere"
DECISIONS = ROOT / "scripts" / "musees-correspondances.csv"
BIG = 500 * 1024 * 1024


def read(name: str) -> pd.DataFrame:
    path = FIXTURES / name
    return read_upload(path.read_bytes(), path.name, BIG, 1_000_000).frame


def main() -> int:
    communes = read_csv_text(DATA / "communes.csv")
    contours = load_contours()
    lieux = read_csv_text(DATA / "lieux.csv").reindex(columns=DATASETS["lieux"].columns, fill_value="")
    lieux = lieux[~lieux["id"].str.startswith(("museofile_", "frequentation_"))]
    decisions = pd.read_csv(DECISIONS, dtype=str, keep_default_na=False)
    roadmap = decisions[decisions["lieu"].isin(lieux["id"]) & (decisions["identifiant_museofile"] != "")]

    found = musees.museofile_to_lieux(read("musees-de-france-base-museofile.csv"), communes, contours)
    print("Muséofile :", found.summary)
    museums = found.frame.set_index("identifiant_museofile", drop=False)
    # The roadmap's own rows keep their id, name, type and family; they gain what Muséofile knows.
    for _, decision in roadmap.iterrows():
        place = museums.loc[decision["identifiant_museofile"]]
        row = lieux["id"] == decision["lieu"]
        lieux.loc[row, ["identifiant_museofile", "adresse", "site_internet"]] = [
            place["identifiant_museofile"],
            place["adresse"],
            place["site_internet"],
        ]
        if decision["position"] == "museofile":
            lieux.loc[row, ["latitude", "longitude", "precision_localisation"]] = [
                place["latitude"],
                place["longitude"],
                "adresse",
            ]
        own = lieux.loc[row, "source"].iloc[0].split(" ; Ministère de la Culture – Muséofile")[0]
        lieux.loc[row, "source"] = own + " ; " + place["source"]  # the same when run again
    others = museums[~museums.index.isin(roadmap["identifiant_museofile"])].reset_index(drop=True)
    lieux = pd.concat([lieux, others], ignore_index=True)

    attendance = musees.frequentation_rows(read("frequentation-des-musees-de-france.csv"), communes)
    print("Fréquentation :", attendance.summary)
    answers = dict(zip(decisions["ref_musee"], decisions["lieu"], strict=True))
    answers = {ref: place for ref, place in answers.items() if ref and place}
    done = musees.reconcile(attendance, {}, lieux, answers)
    # A museum only the attendance file knows is a place too, at its commune's centre.
    centres = communes.set_index("code_insee")
    added = []
    for _, museum in done.unknown.iterrows():
        place_id = "frequentation_" + museum["ref_musee"]
        centre = centres.loc[museum["commune"]]
        added.append(
            {
                "id": place_id,
                "nom": museum["nom"],
                "type_equipement_ou_lieu": musees.MUSEUM_TYPE,
                "filiere": musees.FAMILY,
                "code_insee": museum["commune"],
                "latitude": centre["latitude"],
                "longitude": centre["longitude"],
                "precision_localisation": "commune",
                "statut": "existant",
                "source": musees.SOURCE_TITLES[musees.FREQUENTATION]
                + f", musée {museum['ref_musee']} (sans fiche Muséofile) ; position : centre de la commune",
            }
        )
        answers[museum["ref_musee"]] = place_id
    lieux = pd.concat([lieux, pd.DataFrame(added)], ignore_index=True).fillna("")
    done = musees.reconcile(attendance, {}, lieux, answers)
    assert done.unknown.empty
    rows = done.frame.sort_values(["lieu", "annee"], ignore_index=True)
    lieux[DATASETS["lieux"].columns].to_csv(DATA / "lieux.csv", index=False)
    rows[DATASETS["frequentation_lieux"].columns].to_csv(DATA / "frequentation_lieux.csv", index=False)
    print(f"{len(lieux)} lieux, {len(rows)} lignes de fréquentation, {rows['lieu'].nunique()} musées chiffrés")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
