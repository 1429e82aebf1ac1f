"""The headline figures: label, number, what it covers, and how it reads in French.

One computation per figure, read by the overview, the Festivals and Feuille de route pages,
portraits, the presentation, the exports and « Évolutions ». The numbers come from
icc.prepared.aggregations; the notes are written here, when the figure is built for reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from icc import formatting as fr
from icc.datasets.schema import DATASETS
from icc.prepared.aggregations import financements as fin
from icc.prepared.aggregations import frequentation as fq
from icc.prepared.aggregations.overview import actions_done, attendance
from icc.prepared.model import Bundle

NOMBRE, EUROS = "nombre", "euros"
NON_CHIFFRE = "non chiffré"


@dataclass(frozen=True)
class Figure:
    label: str
    number: float | None  # None: not quantified in the data (never shown as 0)
    note: str  # year and source
    help: str = ""
    kind: str = NOMBRE  # NOMBRE or EUROS
    approximatif: bool = False
    total: int | None = None  # « 2 / 37 »: the whole the number is counted in
    missing: str = NON_CHIFFRE  # what an unknown figure reads (agreeing with its label)

    @property
    def known(self) -> bool:
        return self.number is not None

    @property
    def value(self) -> str:
        """The figure as read on every page, screen and slide."""
        if self.number is None:
            return self.missing
        text = fr.euros(self.number) if self.kind == EUROS else fr.nombre(self.number)
        if self.total is not None:
            text = f"{text} / {fr.nombre(self.total)}"
        return fr.approx(text, self.approximatif)


def version_date(bundle: Bundle, dataset: str) -> str:
    """The date of the version in use of a dataset (« 25 oct. 2024 »), for notes about the data."""
    return fr.date(bundle.versions[dataset].created_at.date())


ACTIONS_LABEL = "Actions réalisées"
ATTENDANCE_LABEL = "Fréquentation des festivals cités"
MUSEUMS_LABEL = "Entrées dans les musées"


def funding_figure(bundle: Bundle) -> Figure:
    funding = fin.mobilised(bundle["financements"])
    return Figure(
        "Financements publics mobilisés",
        fin.total(funding) if funding["montant_eur"].notna().any() else None,
        " ; ".join(f"{level} {fr.euros(v)}" for level, v in fin.by_level(funding).items()),
        "Montants acquis, lauréats ou en nature, des financeurs publics, sans double compte des enveloppes "
        "imbriquées ; montants annuels cumulés sur leur période. Détail dans la page Financements.",
        kind=EUROS,
    )


def attendance_figure(bundle: Bundle, label: str = ATTENDANCE_LABEL) -> Figure:
    """Also the Festivals page's « Fréquentation cumulée »: one computation, one reading."""
    events = bundle["evenements"]
    people, people_approx, counted = attendance(events)
    return Figure(
        label,
        people,
        f"{fr.nombre(counted)} événements chiffrés sur {fr.nombre(len(events))} ; dernière édition connue",
        "Somme de visiteurs, spectateurs, participants et publics attendus, tels que la feuille de route les cite.",
        approximatif=people_approx,
        missing="non chiffrée",
    )


def museums_count(n: int) -> str:
    return f"{fr.nombre(n)} musée{'s' if n > 1 else ''}"


def museums_figure(bundle: Bundle) -> Figure:
    """The territory's museum visits in the latest year with a figure: also the Musées page's headline."""
    latest = fq.latest(bundle["frequentation_lieux"]) if "frequentation_lieux" in bundle.frames else None
    help_text = (
        "Entrées payantes et gratuites des musées de France du territoire qui ont donné un chiffre cette "
        "année-là (« Fréquentation des musées de France », ministère de la Culture). Un musée fermé ou sans "
        "chiffre ne compte pas ; un musée compté avec un autre n'ajoute rien. Détail dans la page Musées et "
        "fréquentation."
    )
    if latest is None:
        return Figure(MUSEUMS_LABEL, None, "aucun musée chiffré", help_text, missing="non chiffrées")
    return Figure(
        MUSEUMS_LABEL,
        latest["total"],
        f"{museums_count(latest['musees_chiffres'])}, {latest['annee']}",
        help_text,
        missing="non chiffrées",
    )


def sites_figure(bundle: Bundle) -> Figure:
    lieux = bundle["lieux"]
    return Figure(
        "Lieux recensés",
        len(lieux),
        f"dans {fr.nombre(n := lieux['code_insee'].nunique())} commune{'s' if n > 1 else ''} ; "
        f"{fr.nombre(int((lieux['statut'] == 'en projet').sum()))} en projet",
    )


def actions_figure(bundle: Bundle) -> Figure:
    """Also the Feuille de route page's headline."""
    done, leaves = actions_done(bundle["actions"])
    return Figure(
        ACTIONS_LABEL,
        done,
        f"plan d'actions de la feuille de route, statut au {version_date(bundle, 'actions')}",
        "Actions de dernier niveau (sans sous-action) ; un axe sans action détaillée compte pour une action.",
        total=leaves,
    )


def headline(bundle: Bundle) -> list[Figure]:
    """The overview's figures of ``bundle`` (already filtered by icc.prepared.filters.apply)."""
    return [
        funding_figure(bundle),
        attendance_figure(bundle),
        museums_figure(bundle),
        sites_figure(bundle),
        actions_figure(bundle),
    ]


def data_note(bundle: Bundle) -> str:
    latest = max(bundle.versions.values(), key=lambda v: v.created_at)
    return (
        f"Données en vigueur : dernière mise à jour le {fr.date_heure(latest.created_at)} par {latest.author} "
        f"(jeu « {DATASETS[latest.dataset].title} », version {latest.number})."
    )
