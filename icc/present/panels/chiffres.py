"""The headline figures: the overview's metrics, the presentation's first screen, the deck's second slide."""

from __future__ import annotations

import pandas as pd

from icc.prepared import provenance
from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present.panels import figures as headlines
from icc.present.panels.base import Definition, Panel

CHIFFRES = "chiffres"
# The datasets the headline figures count (the museums' attendance once it is in the data).
DATASETS = ("financements", "evenements", "frequentation_lieux", "lieux", "actions")


def figures_table(figures: list[headlines.Figure]) -> pd.DataFrame:
    """Headline figures as a table: as read, and the number itself for spreadsheets."""
    return pd.DataFrame(
        {
            "Indicateur": [f.label for f in figures],
            "Valeur": [f.value for f in figures],
            # The number itself (empty when not quantified), for spreadsheets.
            "Nombre": pd.array([f.number for f in figures], dtype="Float64"),
            "Précision": [f.note for f in figures],
        }
    )


def build(view: Bundle, filters: Filters) -> Panel:
    figures = headlines.headline(view)
    table = figures_table(figures)
    datasets = [d for d in DATASETS if d in view.frames]
    frame = pd.concat([view[d][["source"]] for d in datasets])
    return Panel(
        CHIFFRES,
        DEFINITIONS[0].title,
        table,
        provenance.caption(view, frame, *datasets),
        figures=figures,
    )


DEFINITIONS = [Definition(CHIFFRES, "Chiffres clés", "Chiffres clés", build)]
