"""Panels: every idea shown by a page, the presentation and the exports, defined once.

Flow: intake → storage (icc.storage.store) → prepared model (icc.prepared.model) → filters (icc.prepared.filters) →
numbers (icc.prepared.aggregations) → panels (here; figures from icc.present.charts) → pages (views/, through
icc.ui.layout.panel), the presentation (icc.present.screens orders panels) and the files (icc.present.deck).
"""

from __future__ import annotations

from icc.prepared.filters import Filters
from icc.prepared.filters import apply as apply_filters
from icc.prepared.model import Bundle
from icc.present.charts.style import legible
from icc.present.panels import (
    actions,
    chiffres,
    communes,
    editions,
    evenements,
    evolutions,
    festivals,
    financements,
    lieux,
    metropoles,
    musees,
    portrait,
    projets,
)
from icc.present.panels.base import Definition, Panel

__all__ = ["BY_ID", "DEFINITIONS", "Definition", "Panel", "build", "panel"]

DEFINITIONS: list[Definition] = [
    *chiffres.DEFINITIONS,
    *financements.DEFINITIONS,
    *evenements.DEFINITIONS,
    *festivals.DEFINITIONS,
    *actions.DEFINITIONS,
    *projets.DEFINITIONS,
    *lieux.DEFINITIONS,
    *portrait.DEFINITIONS,
    *communes.DEFINITIONS,
    *editions.DEFINITIONS,
    *evolutions.DEFINITIONS,
    *metropoles.DEFINITIONS,
    *musees.DEFINITIONS,
]
BY_ID: dict[str, Definition] = {d.id: d for d in DEFINITIONS}


def panel(view: Bundle, filters: Filters, panel_id: str, **options) -> Panel:
    """One panel of data already filtered by ``filters`` (icc.prepared.filters.apply)."""
    built = BY_ID[panel_id].build(view, filters, **options)
    if built.figure is not None:
        legible(built.figure)  # once, where it is built: pages and screens share the cached figure
    return built


def build(bundle: Bundle, filters: Filters, ids: list[str], options: dict[str, dict] | None = None) -> list[Panel]:
    """The panels ``ids`` of the whole ``bundle`` restricted to ``filters``; ``options``: a panel id's
    builder options (the Évolutions panels' day and data to compare with)."""
    view = apply_filters(bundle, filters)
    return [panel(view, filters, i, **(options or {}).get(i, {})) for i in ids]
