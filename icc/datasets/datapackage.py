"""Frictionless data package (Table Schema) of ``data/``, generated from ``icc.datasets.schema``.

Run ``python -m icc.datasets.datapackage`` to rewrite ``data/datapackage.json``; a test checks
the committed file is up to date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from icc.datasets.schema import DATASETS, FRICTIONLESS_TYPES, ORDER, Dataset
from icc.settings import ROOT

DATA_DIR = ROOT / "data"


def table_schema(ds: Dataset) -> dict:
    fields, foreign_keys = [], []
    for f in ds.fields:
        spec = {"name": f.name, "title": f.label, "type": FRICTIONLESS_TYPES[f.kind]}
        if f.help:
            spec["description"] = f.help
        if f.unit:
            spec["unit"] = f.unit
        if f.kind == "boolean":
            spec["trueValues"], spec["falseValues"] = ["true"], ["false"]
        constraints = {}
        if f.required:
            constraints["required"] = True
        if f.unique:
            constraints["unique"] = True
        if f.values:
            constraints["enum"] = list(f.values)
        if f.minimum is not None:
            constraints["minimum"] = f.minimum
        if f.maximum is not None:
            constraints["maximum"] = f.maximum
        if constraints:
            spec["constraints"] = constraints
        fields.append(spec)
        if f.references:
            target, target_field = f.references.split(".")
            foreign_keys.append(
                {
                    "fields": f.name,
                    "reference": {"resource": "" if target == ds.name else target, "fields": target_field},
                }
            )
    schema = {"fields": fields, "primaryKey": ds.key, "missingValues": [""]}
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


# The commune contours shipped beside the tables (read by icc.datasets.geo).
CONTOURS = {
    "name": "contours_communes",
    "title": "Contours des 92 communes de la Métropole",
    "description": "Contours simplifiés des communes de l'EPCI 200054807 (propriétés code = code INSEE, nom).",
    "path": "communes.geojson",
    "format": "geojson",
    "mediatype": "application/geo+json",
    "encoding": "utf-8",
    "sources": [
        {
            "title": "IGN Admin Express COG et INSEE Code officiel géographique, édition 2018 simplifiée, "
            "conversion du projet france-geojson"
        }
    ],
    "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence 2.0"}],
}


# Beyond the roadmap, a dataset's rows may come from a public source, named here with its licence.
RESOURCE_SOURCES = {
    "evenements": [
        {"title": "Feuille de route métropolitaine ICC (octobre 2024)"},
        {
            "title": "Ministère de la Culture – Liste des festivals en France, export de mai 2024 "
            "(festivals des 92 communes ; Licence Ouverte 2.0)",
            "path": "https://data.culture.gouv.fr/explore/dataset/festivals-global-festivals-_-pl/",
        },
    ],
    "lieux": [
        {"title": "Feuille de route métropolitaine ICC (octobre 2024)"},
        {
            "title": "Ministère de la Culture – Muséofile, base des Musées de France, mise à jour 2021 "
            "(musées des 92 communes ; Licence Ouverte 2.0)",
            "path": "https://data.culture.gouv.fr/explore/dataset/musees-de-france-base-museofile/",
        },
        {
            "title": "Ministère de la Culture – Fréquentation des musées de France, 2001-2021 (musées sans fiche "
            "Muséofile ; Licence Ouverte 2.0)",
            "path": "https://data.culture.gouv.fr/explore/dataset/frequentation-des-musees-de-france/",
        },
    ],
    "frequentation_lieux": [
        {
            "title": "Ministère de la Culture – Fréquentation des musées de France, 2001-2021 (musées des 92 "
            "communes ; Licence Ouverte 2.0)",
            "path": "https://data.culture.gouv.fr/explore/dataset/frequentation-des-musees-de-france/",
        },
    ],
}


def build() -> dict:
    return {
        "name": "icc-aix-marseille-provence",
        "title": "Feuille de route métropolitaine Industries culturelles et créatives – Aix-Marseille-Provence",
        "description": "Données du tableau de bord ICC, tirées de la feuille de route adoptée en octobre 2024 et, pour "
        "les festivals, de la « Liste des festivals en France » du ministère de la Culture.",
        "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence 2.0"}],
        "resources": [
            {
                "name": name,
                "title": DATASETS[name].title,
                "description": DATASETS[name].description,
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ","},
                "schema": table_schema(DATASETS[name]),
                **({"sources": RESOURCE_SOURCES[name]} if name in RESOURCE_SOURCES else {}),
            }
            for name in ORDER
        ]
        + [CONTOURS],
    }


def render() -> str:
    return json.dumps(build(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA_DIR / "datapackage.json"
    target.write_text(render(), encoding="utf-8")
    print(f"écrit : {target}")
