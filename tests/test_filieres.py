"""Filières: the roadmap's diagnostic per family, key figures, festivals, sites, funding, page."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from icc import formatting as fr
from icc.colors import family_color
from icc.intake.seed import read_csv_text, seed_if_empty
from icc.prepared import model
from icc.prepared.aggregations import filieres as agg
from icc.present import tables
from icc.present.charts import filieres as charts
from icc.storage import store
from tests.apptest import fresh_env, page_tables
from tests.conftest import DATA, ROOT

PAGE = str(ROOT / "views" / "filieres.py")
XSS = "<img src=x onerror=alert(1)>"
FAMILIES = [
    "cinema_audiovisuel",
    "jeux_video_esport",
    "edition",
    "arts_visuels",
    "musique_spectacle_vivant",
    "mode_creation",
    "pluridisciplinaire",  # the Ministry's festivals with no single discipline
    "musees_patrimoine",  # the Musées de France of the territory (Muséofile)
]


def plain(value) -> str:
    """Babel separates thousands with a narrow no-break space: compare with plain spaces."""
    return str(value).replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture(scope="module")
def frames(default_frames):
    return model.enrich(default_frames)


def csv_family_rows(dataset: str, family: str) -> pd.DataFrame:
    """Rows of a default CSV whose filière is the family or one of its sub-sectors, read independently."""
    filieres = read_csv_text(DATA / "filieres.csv")
    codes = {family} | set(filieres.loc[filieres["famille"] == family, "code"])
    rows = read_csv_text(DATA / f"{dataset}.csv")
    return rows[rows["filiere"].isin(codes)]


# --- text of the roadmap --------------------------------------------------------------


def test_bullets_split_on_semicolons_but_not_inside_parentheses():
    text = "Atout un ; atout deux (a ; b) ;  ; atout trois"
    assert agg.bullets(text) == ["Atout un", "atout deux (a ; b)", "atout trois"]
    assert agg.bullets(None) == [] and agg.bullets(pd.NA) == []


def test_literal_escapes_every_markdown_and_html_character():
    assert agg.literal(XSS) == r"\<img src=x onerror=alert(1)\>"
    assert agg.literal("**gras**  :red[x]") == r"\*\*gras\*\* :red\[x\]"  # no directive without brackets
    assert agg.literal(pd.NA) == ""


def test_families_in_dataset_order_and_restricted_by_the_filter(frames):
    assert list(agg.families(frames["filieres"])["code"]) == FAMILIES
    assert list(agg.families(frames["filieres"], ("edition", "cinema_audiovisuel"))["code"]) == [
        "cinema_audiovisuel",
        "edition",
    ]


def test_diagnostic_lists_family_then_sub_sectors_with_their_priority(frames):
    points = agg.diagnostic(frames["filieres"], "jeux_video_esport")
    weak = points[points["section"] == "faiblesses"]
    assert list(weak["nom"].unique()) == ["Jeux vidéo & e-sport", "Jeu vidéo"]
    assert list(weak.loc[weak["nom"] == "Jeu vidéo", "point"]) == [
        "Peu d'éditeurs de jeux vidéo malgré la forte présence de studios"
    ]
    assert len(weak[weak["nom"] == "Jeux vidéo & e-sport"]) == 3
    # The family's first strength keeps its parenthesised « ; » list in one item.
    first = agg.diagnostic(frames["filieres"], "cinema_audiovisuel").iloc[1]["point"]
    assert first.startswith("territoire inscrit dans l'histoire") and "Marcel Pagnol" in first


def test_priorities_of_sub_sectors(frames):
    table = agg.priorities(frames["filieres"], "musique_spectacle_vivant")
    assert table.to_dict("list") == {
        "Sous-filière": ["Musique", "Spectacle vivant"],
        "Priorité": ["prioritaire", "à investiguer"],
    }


# --- key figures ----------------------------------------------------------------------


def test_key_figure_values_in_french_with_their_unit():
    assert plain(tables.key_figure(90_000_000, "€", True)) == "env. 90 M€"
    assert plain(tables.key_figure(4.4, "%")) == "4,4 %"
    assert plain(tables.key_figure(33.3, "%", False)) == "33,3 %"
    assert plain(tables.key_figure(2200, "jours", pd.NA)) == "2 200 jours"
    assert plain(tables.key_figure(250_000, "€")) == "250 000 €"
    assert (tables.key_figure(2, "rang"), tables.key_figure(1, "rang")) == ("2e", "1er")


def test_key_figures_of_cinema_include_its_sub_sectors(frames):
    table = tables.key_figures(agg.of_family(frames["chiffres_cles"], "cinema_audiovisuel"))
    assert len(table) == len(csv_family_rows("chiffres_cles", "cinema_audiovisuel"))
    row = table[table["Libellé"] == "Retombées économiques des tournages sur la Métropole"].iloc[0]
    assert plain(row["Valeur"]) == "env. 90 M€"
    assert (row["Année"], row["Périmètre"], row["Filière"]) == ("2023", "Métropole", "Cinéma")
    assert set(table["Filière"]) >= {"Cinéma", "Animation"}


# --- festivals, sites, funding ----------------------------------------------------------


def test_festival_totals_of_music_match_the_csv(frames):
    rows = csv_family_rows("evenements", "musique_spectacle_vivant")
    figures = rows[rows["frequentation"] != ""]
    summary = agg.festivals(agg.of_family(frames["evenements"], "musique_spectacle_vivant"))
    assert summary.count == len(rows)
    assert summary.with_figure == len(figures)
    assert summary.attendance == figures["frequentation"].astype(int).sum()
    assert summary.approximatif == (figures["approximatif"] == "true").any()
    text = tables.attendance_text(summary.attendance, summary.approximatif, summary.with_figure)
    assert plain(text) == plain(fr.approx(fr.nombre(summary.attendance), summary.approximatif))


def test_festival_table_and_chart_mark_approximate_attendance(frames):
    rows = agg.festival_rows(agg.of_family(frames["evenements"], "edition"))
    table = tables.festivals(rows)
    salon = table[table["Événement"] == "Salon du livre métropolitain"].iloc[0]
    assert plain(salon["Fréquentation"]) == "env. 10 000" and salon["Commune"] == "Marseille"
    fig = charts.attendance(agg.attendance(rows), "edition", "t")
    assert list(fig.data[0].y) == ["Salon du livre métropolitain"]
    assert plain(fig.data[0].text[0]) == "env. 10 000"
    assert fig.data[0].marker.color == family_color("edition")


def test_festival_without_figure_says_so():
    summary = agg.Festivals(count=2, attendance=0, with_figure=0, approximatif=False)
    assert tables.attendance_text(summary.attendance, summary.approximatif, summary.with_figure) == "non chiffrée"


def test_sites_by_type_count_every_site_of_the_family(frames):
    counts = agg.sites_by_type(agg.of_family(frames["lieux"], "jeux_video_esport", agg.SITE_COLUMNS))
    assert counts["nombre"].sum() == len(csv_family_rows("lieux", "jeux_video_esport"))
    assert counts.iloc[0].to_dict() == {"type": "Établissement d'enseignement supérieur", "nombre": 5}
    fig = charts.sites_by_type(counts, "jeux_video_esport", "Lieux")
    assert list(fig.data[0].x) == list(counts["nombre"])
    assert fig.data[0].marker.color == family_color("jeux_video_esport")


def funding_frame(*rows: dict) -> pd.DataFrame:
    columns = ["id", "parent", "famille", "filiere", "montant_eur", "annee_debut", "annee_fin", "recurrence"]
    columns += ["statut", "perimetre", "approximatif", "financeur_niveau"]
    base = {"parent": None, "annee_debut": None, "annee_fin": None, "recurrence": "ponctuel"}
    base |= {"statut": "acquis", "perimetre": "Métropole", "approximatif": False, "financeur_niveau": "État"}
    out = pd.DataFrame([base | r for r in rows], columns=columns)
    for col in ("annee_debut", "annee_fin"):
        out[col] = out[col].astype("Int64")
    out["montant_eur"] = out["montant_eur"].astype("Float64")
    out["approximatif"] = out["approximatif"].astype("boolean")
    return out


def test_funding_counts_nested_envelopes_once_and_keeps_national_apart():
    rows = funding_frame(
        {"id": "env", "famille": "f", "filiere": "f", "montant_eur": 1_000_000},
        {"id": "part", "parent": "env", "famille": "f", "filiere": "sub", "montant_eur": 400_000},
        {"id": "an", "famille": "f", "filiere": "f", "montant_eur": 50_000, "recurrence": "annuel"}
        | {"annee_debut": 2023, "annee_fin": 2025, "statut": "en nature", "approximatif": True},
        {"id": "refus", "famille": "f", "filiere": "f", "montant_eur": 200_000, "statut": "non retenu"},
        {"id": "nat", "famille": "f", "filiere": "f", "montant_eur": 9_000_000, "perimetre": "France"},
        {"id": "autre", "famille": "g", "filiere": "g", "montant_eur": 7},
        {"id": "tout", "famille": None, "filiere": None, "montant_eur": 5},
    )
    money = agg.funding(agg.of_family(rows, "f"))
    assert money.territoire == 1_000_000 + 150_000 + 200_000
    assert money.territoire_approx is True
    assert money.mobilise == 1_150_000
    assert money.national == 9_000_000 and money.national_approx is False
    assert agg.transversal(rows) == 1


def test_funding_of_cinema_against_the_default_data(frames):
    money = agg.funding(agg.of_family(frames["financements"], "cinema_audiovisuel"))
    # Marseille en grand 22,5 M€ (its projects inside), Studios de la Méditerranée 211,5 M€, MedAnim 5,7 M€,
    # CinéMaBase 80 000 € a year over 3 years, and the other envelopes reaching the territory.
    assert plain(fr.euros(money.territoire)) == "243,2 M€" and money.territoire_approx
    table = tables.family_funding(agg.of_family(frames["financements"], "cinema_audiovisuel"))
    assert list(table.columns[:4]) == ["Bénéficiaire ou projet", "Montant", "Récurrence", "Statut"]
    locaux = table[table["Bénéficiaire ou projet"].str.contains("rue Guibal")].iloc[0]
    assert plain(locaux["Montant"]) == "env. 52 500 €"


# --- page -------------------------------------------------------------------------------


def run(monkeypatch, tmp_path, query: dict | None = None) -> AppTest:
    fresh_env(monkeypatch, tmp_path)
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def metrics(container) -> dict[str, str]:
    return {m.label: plain(m.value) for m in container.metric}


def test_page_shows_one_tab_per_family_with_its_figures(monkeypatch, tmp_path):
    at = run(monkeypatch, tmp_path)
    assert not at.exception, at.exception
    assert at.title[0].value == "Filières"
    assert [t.label.replace("\\", "") for t in at.tabs] == [
        "Cinéma & audiovisuel",
        "Jeux vidéo & e-sport",
        "Édition",
        "Arts visuels",
        "Musique & spectacle vivant",
        "Mode & création",
        "Pluridisciplinaire",
        "Musées et patrimoine",
    ]
    assert metrics(at.tabs[6])["Priorité"] == "non citée"  # a family the roadmap does not cite
    music = at.tabs[4]
    rows = csv_family_rows("evenements", "musique_spectacle_vivant")
    total = rows.loc[rows["frequentation"] != "", "frequentation"].astype(int).sum()
    shown = metrics(music)
    assert shown["Priorité"] == "prioritaire"
    assert shown["Festivals cités"] == str(len(rows))
    assert shown["Fréquentation cumulée"] == "env. " + f"{total:,}".replace(",", " ")
    assert shown["Lieux recensés"] == str(len(csv_family_rows("lieux", "musique_spectacle_vivant")))
    texts = [t.value for t in music.text]
    assert any(t.startswith("• Difficulté de passage de l'artisanat") for t in texts)
    assert "Spectacle vivant · à investiguer" in [m.value.replace("*", "") for m in music.markdown]
    assert metrics(at.tabs[2])["Priorité"] == "à investiguer"
    cinema = metrics(at.tabs[0])
    assert cinema["Sur le territoire, sans double compte"] == "env. 243,2 M€"
    assert any("Données : Filières v1 du" in c.value for c in at.tabs[0].caption)
    # Mode & création: the roadmap cites no festival.
    assert any(i.value.startswith("Festivals : la feuille de route ne cite aucune") for i in at.tabs[5].info)


def test_page_with_the_family_filter_shows_that_family_only(monkeypatch, tmp_path):
    at = run(monkeypatch, tmp_path, {"filiere": "edition"})
    assert not at.exception, at.exception
    assert [t.label for t in at.tabs] == ["Édition"]
    assert at.caption[0].value == "Filtres : filière : Édition"
    shown = metrics(at)
    events = read_csv_text(DATA / "evenements.csv")
    assert shown["Festivals cités"] == str((events["filiere"] == "edition").sum())
    assert shown["Fréquentation cumulée"] == "env. 10 000"  # only the one with a known attendance counts
    table = page_tables(at)[1]  # chiffres clés, then festivals
    assert "Salon du livre métropolitain" in list(table["Événement"])


def test_page_with_a_territory_filter_keeps_the_festivals_there(monkeypatch, tmp_path):
    query = {"filiere": ["cinema_audiovisuel", "musique_spectacle_vivant"], "territoire": "Pays d'Aix"}
    at = run(monkeypatch, tmp_path, query)
    assert not at.exception, at.exception
    assert [t.label.replace("\\", "") for t in at.tabs] == ["Cinéma & audiovisuel", "Musique & spectacle vivant"]
    communes = read_csv_text(DATA / "communes.csv")
    aix = set(communes.loc[communes["conseil_de_territoire"] == "Pays d'Aix", "code_insee"])
    rows = csv_family_rows("evenements", "musique_spectacle_vivant")
    rows = rows[rows["code_insee_commune"].isin(aix)]
    total = rows.loc[rows["frequentation"] != "", "frequentation"].astype(int).sum()
    music = at.tabs[1]
    shown = metrics(music)
    assert shown["Festivals cités"] == str(len(rows))
    assert shown["Fréquentation cumulée"].endswith(f"{total:,}".replace(",", " "))
    festivals = next(d.value for d in music.dataframe if "Événement" in d.value.columns)
    assert len(festivals) == len(rows)
    assert set(festivals["Commune"]) <= set(communes.loc[communes["code_insee"].isin(aix), "nom"])
    # Funding has a place only through its project, and no cinema project is in the Pays d'Aix.
    assert any(i.value.startswith("Financements : Aucune donnée ne correspond aux filtres") for i in at.tabs[0].info)
    # Music has no funding in the roadmap at all: the page says so rather than blaming the filters.
    assert any(i.value.startswith("Financements : la feuille de route ne cite aucune") for i in music.info)


def test_a_hostile_festival_name_is_shown_literally_never_as_markdown(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    engine = store.make_engine(url)
    seed_if_empty(engine, DATA)
    current = store.current_versions(engine)["evenements"]
    events = store.read_version(engine, current.id)
    hostile = events[events["id"] == "salon_du_livre_metropolitain_2024"].assign(id="xss", nom=XSS)
    store.publish(engine, "evenements", pd.concat([events, hostile]), "test", "nom hostile", current.id)

    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["filiere"] = "edition"
    at.run()
    assert not at.exception, at.exception
    festivals = next(d.value for d in at.dataframe if "Événement" in d.value.columns)
    assert XSS in list(festivals["Événement"])
    chart = next(c for c in at.get("plotly_chart") if "onerror" in c.proto.spec)
    spec = json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)  # as the browser reads it
    assert "&lt;img src=x onerror=alert(1)&gt;" in spec and XSS not in spec
    markdown = [e.value for e in [*at.markdown, *at.caption, *at.title, *at.header, *at.subheader, *at.info]]
    markdown += [t.label for t in at.tabs] + [f"{m.label} {m.value}" for m in at.metric]
    assert not [m for m in markdown if XSS in m]
