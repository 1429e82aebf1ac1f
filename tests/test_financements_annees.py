"""Funding year by year: a per-year amount in each of its years, a one-off amount in its year, the rest apart."""

from __future__ import annotations

import io

import pandas as pd
from pptx import Presentation

from icc import formatting as fr
from icc.prepared.aggregations import financements_annees as per_year
from icc.prepared.filters import Filters
from icc.present import deck, panels
from tests.apptest import chart_tables, fresh_env, open_page, page_tables
from tests.test_deck import TODAY
from tests.test_screens import bundle_of


def envelope(id_, montant, recurrence, debut=None, fin=None, parent=None, statut="acquis") -> dict:
    return {
        "id": id_,
        "beneficiaire": f"Projet {id_}",
        "programme": "Programme",
        "montant_eur": float(montant),
        "recurrence": recurrence,
        "annee_debut": debut,
        "annee_fin": fin,
        "parent": parent,
        "statut": statut,
        "approximatif": False,
    }


def frame(*rows) -> pd.DataFrame:
    out = pd.DataFrame(list(rows))
    return out.astype({"annee_debut": "Int64", "annee_fin": "Int64"})


def test_each_amount_is_read_as_the_data_states_it():
    read = per_year.reading(
        frame(
            envelope("annuel", 80_000, "annuel", 2023, 2025),
            envelope("une_annee", 250_000, "ponctuel", 2024, 2024),
            envelope("periode", 22_500_000, "ponctuel", 2023, 2025),
            envelope("sans_annee", 100_000, "ponctuel"),
            envelope("depuis", 500_000, "annuel", 2024),
            envelope("volet", 40_000, "annuel", 2023, 2025, parent="annuel"),  # inside « annuel »: not twice
        )
    )
    years = per_year.by_year(read)
    assert years.groupby("annee")["montant"].sum().to_dict() == {
        2023: 80_000.0,
        2024: 80_000.0 + 250_000.0 + 500_000.0,
        2025: 80_000.0,
    }
    lecture = read.set_index("id")["lecture"]
    assert lecture["annuel"] == "par an, compté chaque année de 2023 à 2025"
    assert lecture["une_annee"] == "montant total, compté en 2024"
    assert lecture["periode"] == "montant total sur 2023–2025 : sa répartition par année n'est pas connue"
    assert lecture["sans_annee"] == "années non renseignées : sur aucune année"
    assert lecture["depuis"] == "par an, année de fin non renseignée : compté en 2024 seulement"
    assert "volet" not in lecture.index
    # The one-off amount over three years is never divided into thirds.
    assert 22_500_000 / 3 not in set(years["montant"]) and 22_500_000 not in set(years["montant"])


def test_the_default_data_year_by_year(default_frames):
    bundle = bundle_of(default_frames)
    chart, apart = panels.build(bundle, Filters(), ["financements-annees", "financements-hors-annees"])
    totals = chart.table.set_index("Année")["Total"].to_dict()
    # CinéMaBase 80 000 € a year 2023–2025; CinéFabrique (Région) 500 000 € a year from 2024; FACAMM 250 000 € in
    # 2024; Kourtrajmé (in kind) 50 000 € a year from 2022. Nothing else of the territory has a year.
    assert totals == {2022: 50_000.0, 2023: 80_000.0, 2024: 830_000.0, 2025: 80_000.0}
    assert chart.table.set_index("Année").loc[2022, "en nature"] == 50_000.0
    assert chart.chart.categories == ["2022", "2023", "2024", "2025"]
    assert "8 enveloppes sans année ou sans répartition par année connue n'y figurent pas" in chart.note
    reasons = apart.table.set_index("Bénéficiaire ou projet")["Sur le calendrier par année"]
    marseille = [b for b in reasons.index if b.startswith("Projets « Marseille en grand »")]
    assert reasons[marseille[0]] == "montant total sur 2023–2025 : sa répartition par année n'est pas connue"
    studios = "Les Studios de la Méditerranée (ensemble du projet, 3 volets)"
    assert reasons[studios] == "années non renseignées : sur aucune année"
    assert len(apart.table) == 8 + 2  # the eight left out and the two counted in their first year only

    prs = Presentation(io.BytesIO(deck.pptx_bytes(bundle, Filters(), ["financements-annees"], TODAY, "")))
    (native,) = [s.chart for slide in prs.slides for s in slide.shapes if s.has_chart]
    assert list(native.plots[0].categories) == ["2022", "2023", "2024", "2025"]
    series = {s.name: list(s.values) for s in native.plots[0].series}
    assert series["acquis"][2] == 830_000.0 and series["en nature"][0] == 50_000.0


def test_the_financements_page_shows_amounts_per_year(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/financements.py")
    assert not at.exception, at.exception
    assert "Montants par année" in [h.value for h in at.header]
    per_year_data = next(t for t in chart_tables(at) if "Année" in t.columns).set_index("Année")
    assert per_year_data.loc["2024", "Total"] == fr.euros(830_000)  # a year as written, not « 2 024 »
    assert per_year_data.loc["2022", "acquis"] == ""  # no acquired amount that year: empty, never « 0 »
    apart = next(t for t in page_tables(at) if "Sur le calendrier par année" in t.columns)
    assert "années non renseignées : sur aucune année" in set(apart["Sur le calendrier par année"])
    assert "env. " + fr.euros(52_500) in set(apart["Montant"])  # the CinéFabrique premises, approximate
    # National envelopes: PIA 4 (400 M€ over 2021–2025) is not divided into five years.
    at = at.radio(key="fin_perimetre").set_value("national").run()
    assert not at.exception, at.exception
    national = next(t for t in chart_tables(at) if "Année" in t.columns).set_index("Année")
    assert list(national.index) == ["2021"] and national.loc["2021", "Total"] == fr.euros(10_000_000)
    apart = next(t for t in page_tables(at) if "Sur le calendrier par année" in t.columns)
    pia4 = apart[apart["Programme"] == "PIA 4"]
    assert pia4["Sur le calendrier par année"].tolist() == [
        "montant total sur 2021–2025 : sa répartition par année n'est pas connue"
    ]
