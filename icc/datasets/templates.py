"""Upload templates generated from the dataset description: French headers, help, example row."""

from __future__ import annotations

import pandas as pd

from icc.datasets.exports import csv_bytes, xlsx_bytes
from icc.datasets.schema import DATASETS, KIND_LABELS


def example_frame(name: str) -> pd.DataFrame:
    ds = DATASETS[name]
    return pd.DataFrame([{f.label: f.example for f in ds.fields}])


def help_frame(name: str) -> pd.DataFrame:
    """One row per column: what to write there."""
    ds = DATASETS[name]
    return pd.DataFrame(
        [
            {
                "Colonne": f.label,
                "Nom technique": f.name,
                "Type": KIND_LABELS[f.kind],
                "Obligatoire": "oui" if f.required else "non",
                "Valeurs permises": ", ".join(f.values or ()),
                "Unité": f.unit or "",
                "Référence": f.references or "",
                "Aide": f.help,
                "Exemple": f.example,
            }
            for f in ds.fields
        ]
    )


def template_csv(name: str) -> bytes:
    return csv_bytes(example_frame(name))


def template_xlsx(name: str) -> bytes:
    return xlsx_bytes({"Données": example_frame(name), "Aide": help_frame(name)})
