"""The presentation mode's screens: which panels a steering committee sees, in which order.

Nothing is assembled here: each screen is a panel of icc.present.panels, the same one its page shows
and the exports write.
"""

from __future__ import annotations

from collections.abc import Mapping

from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present import panels
from icc.present.panels.base import Definition, Panel

IDS: list[str] = [
    "chiffres",
    "financements-programme",
    "financements-statut",
    "festivals",
    "frequentation-filiere",
    "feuille-de-route",
    "grands-projets",
    "carte",
]
# Chosen on demand (a commune's portrait, with the commune filter), not in the default deck.
PORTRAIT_IDS: list[str] = [
    "portrait",
    "portrait-comparaison",
    "portrait-lieux",
    "portrait-musees",
    "portrait-evenements",
    "portrait-actions",
]
# The 92 communes and the six conseils de territoire side by side (the Communes page).
COMMUNES_IDS: list[str] = ["communes", "territoires"]
# The Métropole among the métropoles (national list of festivals): chosen on demand.
METROPOLES_IDS: list[str] = [
    "metropoles-festivals",
    "metropoles-habitants",
    "metropoles-disciplines",
    "metropoles-decennies",
    "metropoles-musees",
    "metropoles-visites",
]
# The territory's museums and their attendance (the Musées page): chosen on demand.
MUSEES_IDS: list[str] = ["musees-annee", "musees-lignes", "musees-total"]
# The changes since a committee or a date (``depuis=AAAA-MM-JJ``): their builders need that day's data.
EVOLUTION_IDS: list[str] = ["evolutions", "evolutions-jeux"]
OPTIONAL_IDS: list[str] = [
    *PORTRAIT_IDS,
    *COMMUNES_IDS,
    "editions",
    "festivals-communes",
    "festivals-familles",
    "festivals-decennies",
    "financements-annees",
    "financements-hors-annees",
    *EVOLUTION_IDS,
    *METROPOLES_IDS,
    *MUSEES_IDS,
]
SCREENS: list[Definition] = [panels.BY_ID[i] for i in IDS]
SCREENS_BY_ID: dict[str, Definition] = {i: panels.BY_ID[i] for i in IDS + OPTIONAL_IDS}


def parse(value: str | list[str] | None) -> list[str]:
    """Screen ids from the query string (« a,b,c »), unknown ids and repeats dropped, order kept."""
    if value is None:
        return []
    raw = value if isinstance(value, str) else ",".join(value)
    return list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip() in SCREENS_BY_ID))


def to_query(ids: list[str]) -> str:
    return ",".join(ids)


def build(
    bundle: Bundle, filters: Filters, ids: list[str] | None = None, options: dict[str, dict] | None = None
) -> list[Panel]:
    """The chosen screens (all by default) for the data restricted to ``filters``, with each
    screen's builder options (``options[screen id]``)."""
    return panels.build(bundle, filters, IDS if ids is None else ids, options)


def query_state(ids: list[str], index: int, filters: Filters) -> Mapping[str, str | list[str]]:
    """The query string of a prepared presentation: screens, current screen, filters."""
    return {**filters.to_query(), "ecrans": to_query(ids), "ecran": str(index)}
