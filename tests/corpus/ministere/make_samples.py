"""Write the small Ministry of Culture extracts read by tests/test_imports.py.

Every row is a FICTITIOUS TEST ROW (« Festival d'essai… », « Cinéma d'essai… »,
identifiers numbered 90001+ / 990001+): none is real data. Only the column names are
the real ones, so that the import is tested on the files staff actually download:

* festivals-liste-nationale.csv — the 30 headers of the data.gouv.fr CSV
  « festivals-global-festivals » (dataset « Liste des festivals en France », Ministère de
  la Culture, Deps-doc / France festivals / Cepel, 2022), as listed by data.gouv.fr's
  column profile of that resource (2026); ``;``-separated, UTF-8 with BOM.
* festivals-champs-techniques.csv — the same fields as the Opendatasoft copies name them
  (data.culture.gouv.fr dataset « festivals-global-festivals-_-pl »: ``nom_du_festival``,
  ``code_insee_commune``, ``discipline_dominante``, ``geocodage_xy``…, field names seen in
  public code that reads that API).
* basilic-extrait.csv — headers of the data.gouv.fr CSV of Basilic (« Base des lieux et
  équipements culturels », DEPS): ``Nom``, ``Adresse``, ``Code Postal``,
  ``libelle_geographique``, ``code_insee``, ``Identifiant_deps_a_partir_de_2022``,
  ``Type équipement ou lieu``, ``Domaine``, ``Sous_domaine``, ``Latitude``, ``Longitude``…,
  as read by public code that loads that CSV (2026).
* basilic-champs-techniques.csv — the Opendatasoft field names of Basilic
  (data.culture.gouv.fr « base-des-lieux-et-des-equipements-culturels », republished by
  data.ampmetropole.fr as « ls-base-equipements-culturels-nouvelle-version »):
  ``type_equipement_ou_lieu``, ``sous_domaines``, ``adresse_postale``,
  ``coordonnees_gps_lat_lon``…

Positions are the communes' representative points of data/communes.csv (inside each
commune's contour), so that the coordinate checks pass where they should. Rerun after a
change:  .venv/bin/python tests/corpus/ministere/make_samples.py
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Representative points of data/communes.csv (latitude, longitude).
POINTS = {
    "13001": ("43.53618", "5.419"),  # Aix-en-Provence
    "13005": ("43.2906", "5.56444"),  # Aubagne
    "13028": ("43.1899", "5.61648"),  # La Ciotat
    "13047": ("43.54578", "4.94849"),  # Istres
    "13055": ("43.29397", "5.44838"),  # Marseille
    "13056": ("43.38398", "5.04815"),  # Martigues
    "13103": ("43.6435", "5.04298"),  # Salon-de-Provence
    "13117": ("43.45164", "5.26162"),  # Vitrolles
    "13004": ("43.5467", "4.6622"),  # Arles (outside the Métropole)
    "75056": ("48.8567", "2.3508"),  # Paris
    "83137": ("43.1242", "5.928"),  # Toulon
}

FESTIVALS_HEADERS = [
    "Nom du festival",
    "Envergure territoriale",
    "Région principale de déroulement",
    "Département principal de déroulement",
    "Commune principale de déroulement",
    "Code postal (de la commune principale de déroulement)",
    "Code Insee commune",
    "Code Insee EPCI",
    "Libellé EPCI",
    "Numéro de voie",
    "Type de voie (rue, Avenue, boulevard, etc.)",
    "Nom de la voie",
    "Adresse postale",
    "Complément d'adresse (facultatif)",
    "Site internet du festival",
    "Adresse e-mail",
    "Décennie de création du festival",
    "Année de création du festival",
    "Discipline dominante",
    "Sous-catégorie spectacle vivant",
    "Sous-catégorie musique",
    "Sous-catégorie Musique CNM",
    "Sous-catégorie cinéma et audiovisuel",
    "Sous-catégorie arts visuels et arts numériques",
    "Sous-catégorie livre et littérature",
    "Période principale de déroulement du festival",
    "Identifiant Agence A",
    "Identifiant",
    "Géocodage xy",
    "identifiant CNM",
]
SUD, BDR, AMP = "Provence-Alpes-Côte d'Azur", "Bouches-du-Rhône", ("200054807", "Métropole d'Aix-Marseille-Provence")
SAISON = "Saison (21 juin - 5 septembre)"


def festival(name, commune, postcode, insee, year, discipline, ident, sub=None, region=SUD, dept=BDR, epci=AMP):
    row = dict.fromkeys(FESTIVALS_HEADERS, "")
    lat_lon = POINTS.get("13055" if insee.startswith("132") else insee)
    row.update(
        {
            "Nom du festival": name,
            "Région principale de déroulement": region,
            "Département principal de déroulement": dept,
            "Commune principale de déroulement": commune,
            "Code postal (de la commune principale de déroulement)": postcode,
            "Code Insee commune": insee,
            "Code Insee EPCI": epci[0] if insee else "",
            "Libellé EPCI": epci[1] if insee else "",
            "Année de création du festival": year,
            "Discipline dominante": discipline,
            "Période principale de déroulement du festival": SAISON,
            "Identifiant": ident,
            "Géocodage xy": ", ".join(lat_lon) if lat_lon else "",
        }
    )
    if sub:
        row[sub[0]] = sub[1]
    return row


FESTIVALS = [
    festival(
        "Festival d'essai des musiques actuelles",
        "Marseille",
        "13001",
        "13055",
        "2008",
        "Musique",
        "FEST_13055_90001",
        ("Sous-catégorie musique", "Musiques actuelles"),
    ),
    festival(
        "Festival d'essai du court métrage",
        "Aix-en-Provence",
        "13100",
        "13001",
        "2012",
        "Cinéma, audiovisuel",
        "FEST_13001_90002",
        ("Sous-catégorie cinéma et audiovisuel", "Court métrage"),
    ),
    festival(
        "Salon d'essai du livre jeunesse", "Aubagne", "13400", "13005", "1999", "Livre, littérature", "FEST_13005_90003"
    ),
    # A Marseille arrondissement code, and a year that is not one.
    festival(
        "Biennale d'essai des arts numériques",
        "Marseille 2e Arrondissement",
        "13002",
        "13202",
        "vers 1995",
        "Arts visuels, arts numériques",
        "FEST_13202_90004",
    ),
    festival(
        "Rencontres d'essai de théâtre",
        "Martigues",
        "13500",
        "13056",
        "2015",
        "Spectacle vivant",
        "FEST_13056_90005",
        ("Sous-catégorie spectacle vivant", "Théâtre"),
    ),
    festival(
        "Festival d'essai pluridisciplinaire",
        "Istres",
        "13800",
        "13047",
        "2019",
        "Pluridisciplinaire",
        "FEST_13047_90006",
    ),
    festival(
        "Festival d'essai hors Métropole",
        "Arles",
        "13200",
        "13004",
        "2003",
        "Musique",
        "FEST_13004_90007",
        epci=("241300417", "CA Arles-Crau-Camargue-Montagnette"),
    ),
    festival(
        "Festival d'essai parisien",
        "Paris",
        "75001",
        "75056",
        "2010",
        "Cinéma, audiovisuel",
        "FEST_75056_90008",
        region="Île-de-France",
        dept="Paris",
        epci=("200054781", "Métropole du Grand Paris"),
    ),
    festival("Festival d'essai sans identifiant", "La Ciotat", "13600", "13028", "2001", "Musique", ""),
    festival("Festival d'essai sans commune", "", "", "", "2020", "Musique", "FEST__90010", region="", dept=""),
]

FESTIVALS_TECH = [
    ("Festival d'essai de Vitrolles", "Vitrolles", "13117", "Musique", "2011", "FEST_13117_90011"),
    ("Festival d'essai de Salon", "Salon-de-Provence", "13103", "Spectacle vivant", "2006", "FEST_13103_90012"),
    ("Festival d'essai toulonnais", "Toulon", "83137", "Musique", "1998", "FEST_83137_90013"),
]

BASILIC_HEADERS = [
    "Nom",
    "Adresse",
    "Code Postal",
    "libelle_geographique",
    "code_insee",
    "Identifiant_deps_a_partir_de_2022",
    "Identifiant_deps_old",
    "Identifiant origine",
    "Rang",
    "Type équipement ou lieu",
    "Label et appellation",
    "Domaine",
    "Sous_domaine",
    "Précision équipement",
    "Fonction_1",
    "Latitude",
    "Longitude",
    "N_Département",
    "Région",
    "Demographie_AP",
]

# name, address, postcode, commune, insee, id, type, label, domaine, sous_domaine, position (insee of the point)
BASILIC = [
    ("Cinéma d'essai du Vieux-Port", "1 rue de l'Essai", "13001", "Marseille", "13055", "CINE_13055_990001",
     "Cinéma", "Art et essai", "Cinéma", "", "13055"),
    ("Librairie d'essai", "", "13100", "Aix-en-Provence", "13001", "LIBR_13001_990002",
     "Librairie", "", "Livre et presse", "", "13001"),
    ("Scène d'essai des musiques actuelles", "3 boulevard de l'Essai", "13003", "Marseille 3e Arrondissement",
     "13203", "SMAC_13203_990003", "Scène", "Scène de musiques actuelles", "Arts du spectacle", "Musique", "13055"),
    ("Théâtre d'essai", "4 place de l'Essai", "13400", "Aubagne", "13005", "THEA_13005_990004",
     "Théâtre", "", "Arts du spectacle", "Théâtre", "13005"),
    ("Centre d'art d'essai", "5 allée de l'Essai", "13800", "Istres", "13047", "CART_13047_990005",
     "Centre d'art", "", "Arts visuels", "", "13047"),
    ("Monument d'essai", "", "13300", "Salon-de-Provence", "13103", "MH_13103_990006",
     "Monument", "Monument historique", "Patrimoine", "", "13103"),
    ("Bibliothèque d'essai", "7 rue de l'Essai", "13001", "Marseille", "13055", "BIB_13055_990007",
     "Bibliothèque", "", "Lecture publique", "", "13055"),
    ("Cinéma d'essai arlésien", "8 rue de l'Essai", "13200", "Arles", "13004", "CINE_13004_990008",
     "Cinéma", "", "Cinéma", "", "13004"),
    ("Théâtre d'essai sans position", "9 rue de l'Essai", "13600", "La Ciotat", "13028", "THEA_13028_990009",
     "Théâtre", "", "Arts du spectacle", "Théâtre", None),
    # Its point is in Aix-en-Provence, not in Martigues.
    ("Scène d'essai mal placée", "10 rue de l'Essai", "13500", "Martigues", "13056", "SCEN_13056_990010",
     "Scène", "", "Arts du spectacle", "Danse", "13001"),
    ("Opéra d'essai", "11 cours de l'Essai", "13127", "Vitrolles", "13117", "OPER_13117_990011",
     "Opéra", "", "Arts du spectacle", "Art lyrique", "13117"),
]  # fmt: skip

BASILIC_TECH_HEADERS = [
    "nom",
    "adresse_postale",
    "code_postal",
    "libelle_geographique",
    "code_insee",
    "identifiant_origine",
    "type_equipement_ou_lieu",
    "label_et_appellation",
    "domaine",
    "sous_domaines",
    "coordonnees_gps_lat_lon",
    "region",
    "departement",
]
BASILIC_TECH = [
    ("Cinéma d'essai de Vitrolles", "12 rue de l'Essai", "13127", "Vitrolles", "13117", "ORG990012",
     "Cinéma", "", "Cinéma", "", "13117"),
    ("Salle d'essai de danse", "13 rue de l'Essai", "13006", "Marseille 6e Arrondissement", "13206", "ORG990013",
     "Scène", "", "Arts du spectacle", "Danse", "13055"),
]  # fmt: skip


def write(name: str, headers: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    (HERE / name).write_bytes(buffer.getvalue().encode("utf-8-sig"))


def main() -> None:
    write("festivals-liste-nationale.csv", FESTIVALS_HEADERS, [list(r.values()) for r in FESTIVALS])
    tech = ["nom_du_festival", "commune_principale_de_deroulement", "code_insee_commune", "discipline_dominante"]
    tech += ["annee_de_creation_du_festival", "identifiant", "geocodage_xy"]
    write(
        "festivals-champs-techniques.csv",
        tech,
        [[n, c, i, d, y, ident, ", ".join(POINTS[i])] for n, c, i, d, y, ident in FESTIVALS_TECH],
    )
    rows = []
    for name, address, postcode, commune, insee, ident, kind, label, domaine, sous, at in BASILIC:
        lat, lon = POINTS[at] if at else ("", "")
        rank = ident.rsplit("_", 1)[1]
        identity = [name, address, postcode, commune, insee, ident, "", "", rank]
        rows.append([*identity, kind, label, domaine, sous, "", "Diffusion", lat, lon, "13", SUD, "Actif"])
    write("basilic-extrait.csv", BASILIC_HEADERS, rows)
    rows = [
        [name, address, postcode, commune, insee, ident, kind, label, domaine, sous, ", ".join(POINTS[at]), SUD, BDR]
        for name, address, postcode, commune, insee, ident, kind, label, domaine, sous, at in BASILIC_TECH
    ]
    write("basilic-champs-techniques.csv", BASILIC_TECH_HEADERS, rows)


if __name__ == "__main__":
    main()
