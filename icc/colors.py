"""One colour per filière family, the same in every chart and on the map.

Okabe–Ito palette (colour-blind safe), without its yellow, which vanishes on a projector.
"""

from __future__ import annotations

FAMILY_COLORS = {
    "cinema_audiovisuel": "#0072B2",
    "jeux_video_esport": "#D55E00",
    "edition": "#009E73",
    "arts_visuels": "#CC79A7",
    "musique_spectacle_vivant": "#E69F00",
    "mode_creation": "#56B4E9",
    # Not a roadmap family: the Musées de France of the territory (Muséofile).
    "musees_patrimoine": "#882255",
}
OTHER = "#7F7F7F"

# Funder levels and statuses also keep one colour each across charts.
LEVEL_COLORS = {
    "UE": "#003399",
    "État": "#0072B2",
    "Région": "#009E73",
    "Département": "#56B4E9",
    "Métropole": "#D55E00",
    "Ville": "#E69F00",
    "privé": "#7F7F7F",
}
STATUS_COLORS = {
    "acquis": "#009E73",
    "lauréat": "#0072B2",
    "en nature": "#56B4E9",
    "en suspens": "#E69F00",
    "estimé": "#BBBBBB",
    "non retenu": "#D55E00",
    "réalisé": "#009E73",
    "en cours": "#0072B2",
    "à lancer": "#BBBBBB",
}


def family_color(code: str | None) -> str:
    return FAMILY_COLORS.get(code or "", OTHER)


def rgb(hex_color: str) -> list[int]:
    """[r, g, b] for pydeck."""
    value = hex_color.lstrip("#")
    return [int(value[i : i + 2], 16) for i in (0, 2, 4)]
