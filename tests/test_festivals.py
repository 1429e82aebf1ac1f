"""Festivals et événements: attendance figures, their kinds, approximations, calendar, page."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from icc.colors import family_color
from icc.datasets.schema import DATASETS
from icc.intake.seed import seed_if_empty
from icc.prepared import model
from icc.prepared.aggregations import evenements as ev
from icc.present import tables
from icc.present.charts import evenements as charts
from icc.storage import store
from tests.apptest import chart_titles, figures, fresh_env, page_tables, strings, texts
from tests.conftest import DATA, ROOT

PAGE = str(ROOT / "views" / "festivals.py")
XSS = "<img src=x onerror=alert(1)>"
ENRICHED = ["commune", "commune_code", "conseil_de_territoire", "famille", "famille_nom", "filiere_nom"]


def plain(values) -> list[str]:
    """Babel separates thousands with a narrow no-break space: compare with plain spaces."""
    return [str(v).replace("\u202f", " ").replace("\u00a0", " ") for v in values]


def frame(*rows: dict) -> pd.DataFrame:
    """A small enriched events frame with the store's dtypes."""
    columns = DATASETS["evenements"].columns + ENRICHED
    out = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)
    for col in ("frequentation", "annee", "edition"):
        out[col] = out[col].astype("Int64")
    for col in ("approximatif", "soutien_metropole"):
        out[col] = out[col].astype("boolean")
    for col in ("date_debut", "date_fin", "commune", "type_frequentation", "nom"):
        out[col] = out[col].astype("str")
    return out


def event(id_: str, nom: str, famille: str, freq=None, kind=None, approx=False, commune=None, **more) -> dict:
    names = {"musique_spectacle_vivant": "Musique & spectacle vivant", "edition": "Édition", "jeux_video_esport": "JV"}
    return {
        "id": id_,
        "nom": nom,
        "famille": famille,
        "famille_nom": names.get(famille, famille),
        "frequentation": freq,
        "type_frequentation": kind,
        "approximatif": approx,
        "commune": commune,
        "source": "test",
        **more,
    }


SMALL = frame(
    event("a", "Alpha", "musique_spectacle_vivant", 100_000, "visiteurs", approx=True, commune="Aix-en-Provence"),
    event("b", "Beta", "musique_spectacle_vivant", 20_000, "spectateurs", commune="Marseille"),
    event("c", "Gamma", "edition", 10_000, "attendus", commune=None, soutien_metropole=True),
    event("d", "Delta", "edition", None, None, commune="Marseille", soutien_metropole=False),
    event("e", "Epsilon", "jeux_video_esport", 1_000, "participants", commune="Marseille"),
)


@pytest.fixture(scope="module")
def events(default_frames):
    return model.enrich(default_frames)["evenements"]


# --- aggregations on small frames ------------------------------------------------------


def test_headline_sums_every_kind_and_says_it_is_approximate():
    head = ev.headline(SMALL)
    assert head.evenements == 5 and head.chiffres == 4
    assert head.frequentation == 131_000 and head.approximatif is True
    assert head.kinds == {"visiteurs": 100_000, "spectateurs": 20_000, "participants": 1_000, "attendus": 10_000}
    assert head.soutenus == 1 and head.soutien_inconnu == 3


def test_headline_without_approximate_figure_is_exact():
    head = ev.headline(SMALL[SMALL["id"] != "a"])
    assert head.frequentation == 31_000 and head.approximatif is False


def test_ranked_keeps_only_figures_largest_first_with_kind_and_approximation():
    ranked = ev.ranked(SMALL)
    assert ranked["libelle"].tolist() == ["Alpha", "Beta", "Gamma", "Epsilon"]
    assert ranked["type_frequentation"].tolist() == ["visiteurs", "spectateurs", "attendus", "participants"]
    assert ranked["approximatif"].tolist() == [True, False, False, False]


def test_ranked_tells_apart_two_editions_of_the_same_festival():
    two = frame(
        event("x24", "Fest", "edition", 5, "visiteurs", annee=2024),
        event("x23", "Fest", "edition", 4, "visiteurs", annee=2023),
    )
    assert ev.ranked(two)["libelle"].tolist() == ["Fest (2024)", "Fest (2023)"]


def test_by_family_totals_with_one_column_per_kind():
    fam = ev.by_family(SMALL).set_index("famille")
    assert fam["frequentation"].to_dict() == {
        "musique_spectacle_vivant": 120_000,
        "edition": 10_000,
        "jeux_video_esport": 1_000,
    }
    music = fam.loc["musique_spectacle_vivant"]
    assert (music["visiteurs"], music["spectateurs"], music["evenements"]) == (100_000, 20_000, 2)
    assert bool(music["approximatif"]) is True and bool(fam.loc["edition", "approximatif"]) is False


def test_by_commune_groups_events_without_commune():
    com = ev.by_commune(SMALL)
    totals = com.groupby("commune", sort=False)["frequentation"].sum()
    assert totals.to_dict() == {"Aix-en-Provence": 100_000, "Marseille": 21_000, "Commune non précisée": 10_000}
    assert list(totals.index) == ["Aix-en-Provence", "Marseille", "Commune non précisée"]


def test_events_without_figure_are_listed():
    assert ev.without_attendance(SMALL)["nom"].tolist() == ["Delta"]


def test_calendar_keeps_dated_events_in_order_one_day_when_no_end():
    dated = frame(
        event("s", "Salon", "edition", date_debut="2024-10-25", date_fin="2024-10-28"),
        event("t", "Tournoi", "jeux_video_esport", date_debut="2024-10-25"),
        event("f", "Fest", "edition", date_debut="2024-09-19", date_fin="2024-09-20"),
        event("u", "Sans date", "edition"),
    )
    cal = ev.calendar(dated)
    assert cal["nom"].tolist() == ["Fest", "Tournoi", "Salon"]
    assert cal["fin"].dt.date.tolist() == [dt.date(2024, 9, 20), dt.date(2024, 10, 25), dt.date(2024, 10, 28)]


def test_table_marks_approximate_figures_and_unknown_communes():
    table = tables.events(SMALL)
    assert plain(table["Fréquentation"]) == ["env. 100 000", "20 000", "10 000", "1 000", ""]
    assert table["Commune"].tolist()[2] == "Commune non précisée"
    assert table["Soutenu par la Métropole"].tolist()[2] == "oui"


# --- charts ----------------------------------------------------------------------------


def test_ranked_chart_labels_each_bar_with_figure_and_kind_in_family_colours():
    fig = charts.ranked(ev.ranked(SMALL), "Fréquentation")
    bars = {t.name: t for t in fig.data}
    music = bars["Musique &amp; spectacle vivant"]
    assert plain(music.text) == ["env. 100 000 visiteurs", "20 000 spectateurs"]
    assert music.marker.color == family_color("musique_spectacle_vivant")
    assert plain(bars["Édition"].text) == ["10 000 attendus"]
    assert list(fig.layout.yaxis.categoryarray) == ["Epsilon", "Gamma", "Beta", "Alpha"]  # largest on top


def test_family_chart_hover_lists_the_kinds_added_up():
    fig = charts.by_family(ev.by_family(SMALL), "Par famille")
    bar = fig.data[0]
    assert plain(bar.text) == ["env. 120 000", "10 000", "1 000"]
    assert plain([bar.customdata[0][2]]) == ["visiteurs : 100 000 ; spectateurs : 20 000"]
    assert list(bar.marker.color) == [
        family_color(f) for f in ("musique_spectacle_vivant", "edition", "jeux_video_esport")
    ]


def test_commune_chart_writes_totals_with_env():
    fig = charts.by_commune(ev.by_commune(SMALL), "Par commune")
    totals = fig.data[-1]
    assert plain(t.strip() for t in totals.text) == ["env. 100 000", "21 000", "10 000"]
    assert list(totals.y) == ["Aix-en-Provence", "Marseille", "Commune non précisée"]


def test_calendar_chart_has_french_months_and_dates():
    dated = frame(
        event("s", "Salon", "edition", date_debut="2024-10-25", date_fin="2024-10-28", commune="Marseille"),
        event("f", "Fest", "edition", date_debut="2024-09-19", date_fin="2024-09-20"),
    )
    fig = charts.calendar(ev.calendar(dated), "Calendrier")
    assert list(fig.layout.xaxis.ticktext) == ["sept. 2024", "oct. 2024"]
    assert list(fig.layout.xaxis.tickvals) == ["2024-09-01", "2024-10-01"]
    assert fig.layout.xaxis.range == ("2024-09-01", "2024-11-01")
    bar = fig.data[0]
    assert [c[0] for c in bar.customdata] == ["du 19 sept. 2024 au 20 sept. 2024", "du 25 oct. 2024 au 28 oct. 2024"]
    assert [c[1] for c in bar.customdata] == ["Commune non précisée", "Marseille"]
    assert list(bar.x) == [2 * 86_400_000, 4 * 86_400_000]  # last day included


def test_month_ticks_thin_out_beyond_a_year():
    vals, labels = charts.month_ticks(dt.date(2023, 1, 15), dt.date(2025, 6, 1))
    assert labels[:3] == ["janv. 2023", "avr. 2023", "juil. 2023"] and len(vals) == 10


def test_names_are_shown_literally_in_charts():
    hostile = frame(event("x", XSS, "edition", 5, "visiteurs", date_debut="2024-10-01", commune="A & B"))
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    assert list(charts.ranked(ev.ranked(hostile), "t").data[0].y) == [escaped]
    assert list(charts.calendar(ev.calendar(hostile), "t").data[0].y) == [escaped]
    assert list(charts.by_commune(ev.by_commune(hostile), "t").data[0].y) == ["A &amp; B"]


# --- default data ----------------------------------------------------------------------


def test_default_headline(events):
    head = ev.headline(events)
    assert (head.evenements, head.chiffres, head.soutenus) == (len(events), 10, 3)
    assert head.frequentation == 480_000 and head.approximatif is True
    assert head.kinds == {"visiteurs": 419_000, "spectateurs": 45_000, "participants": 1_000, "attendus": 15_000}


def test_default_ranking_and_families(events):
    ranked = ev.ranked(events)
    assert ranked["libelle"].iloc[0] == "Delta Festival" and ranked["frequentation"].iloc[0] == 150_000
    assert len(ranked) == 10
    fam = ev.by_family(events).set_index("famille")["frequentation"].to_dict()
    assert fam == {"musique_spectacle_vivant": 430_000, "jeux_video_esport": 40_000, "edition": 10_000}


def test_default_communes_and_calendar(events):
    totals = ev.by_commune(events).groupby("commune", sort=False)["frequentation"].sum()
    assert totals.to_dict() == {
        "Marseille": 290_000,  # Marsatac and the Fiesta des Suds: in Marseille, says the Ministry's list
        "Aix-en-Provence": 100_000,
        "La Roque-d'Anthéron": 85_000,
        "Commune non précisée": 5_000,
    }
    cal = ev.calendar(events)
    assert cal["id"].tolist() == [
        "so_good_maif_festival_2024",
        "ascension_2024",
        "salon_du_livre_metropolitain_2024",
        "marche_imaginaires_numeriques_2024",
    ]
    assert len(ev.without_attendance(events)) == len(events) - 10


# --- the page under AppTest -----------------------------------------------------------


def run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: plain([m.value])[0] for m in at.metric}


def frames(at: AppTest) -> list[pd.DataFrame]:
    return page_tables(at)


def test_page_without_filters(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Festivals et événements"
    assert metrics(at) == {
        "Événements": "276",
        "Fréquentation cumulée": "env. 480 000",
        "Soutenus par la Métropole": "3",
    }
    shown = texts(at)
    assert "Sans filtre : toutes les données" in shown
    assert "« env. » : ordre de grandeur" in shown and "Un total qui en contient un est lui-même approximatif" in shown
    assert "visiteurs, spectateurs, participants ou publics attendus" in shown
    assert "4 événements datés ; 272 sans date n'y figurent pas." in shown
    assert (
        "276 festivals et événements : 261 de la « Liste des festivals en France » du ministère de la Culture, "
        "35 cités par la feuille de route (dont 20 aussi dans la liste)."
    ) in [x.value for x in at.text]
    assert "Seuls les 10 festivals et événements dont la fréquentation est chiffrée comptent ici" in shown
    missing, table = frames(at)
    assert "266 festivals et événements sans chiffre de fréquentation" in shown
    assert len(missing) == 200 and "Festival AFLAM" in missing["Événement"].tolist()  # a page of 200 rows
    assert len(table) == 200 and table["Événement"].iloc[0] == "Delta Festival"
    lyrique = table[table["Événement"] == "Festival d'art lyrique d'Aix-en-Provence"]
    assert plain(lyrique["Fréquentation"]) == ["env. 100 000"]
    assert "Commune non précisée" in table["Commune"].tolist()
    counts, *_, ranked, family, commune, calendar = figures(at)
    assert counts["data"][0]["y"][0] == "Marseille" and counts["data"][0]["text"][0] == "118"
    assert plain(family["data"][0]["text"]) == ["env. 430 000", "40 000", "env. 10 000"]
    labels = plain(t for trace in ranked["data"] for t in trace["text"])
    assert "150 000 visiteurs" in labels and "env. 100 000 visiteurs" in labels and "5 000 attendus" in labels
    assert "Commune non précisée" in [y for trace in commune["data"] for y in trace["y"]]
    assert calendar["layout"]["xaxis"]["ticktext"] == ["sept. 2024", "oct. 2024", "nov. 2024"]
    hover = [c[0] for trace in calendar["data"] for c in trace["customdata"]]
    assert "du 25 oct. 2024 au 28 oct. 2024" in plain(hover)


def test_page_filtered_on_a_family(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run({"filiere": "jeux_video_esport"})
    assert not at.exception, at.exception
    assert "Filtres : filière : Jeux vidéo & e-sport" in texts(at)
    # No approximate figure among these: the total is exact.
    assert metrics(at) == {"Événements": "4", "Fréquentation cumulée": "40 000", "Soutenus par la Métropole": "1"}
    missing, table = frames(at)
    assert missing["Événement"].tolist() == ["e-sport Festival 13"]
    assert len(table) == 4
    assert "1 événements datés ; 3 sans date n'y figurent pas." in texts(at)


def test_page_says_when_every_event_has_a_figure(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    engine = store.make_engine(url)
    seed_if_empty(engine, DATA)
    current = store.current_versions(engine)["evenements"]
    old = store.read_version(engine, current.id)
    figured = old[old["frequentation"].notna()].reset_index(drop=True)
    store.publish(engine, "evenements", figured, "test", "chiffrés seulement", expected_version_id=current.id)
    at = run()
    assert not at.exception, at.exception
    assert metrics(at)["Événements"] == "10" and metrics(at)["Fréquentation cumulée"] == "env. 480 000"
    assert "Tous les événements retenus ont une fréquentation chiffrée." in texts(at)
    assert [len(f) for f in frames(at)] == [10]


def test_page_filtered_on_years_keeps_events_without_year(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run({"de": "2024"})
    assert not at.exception, at.exception
    assert metrics(at)["Événements"] == "274"  # the 2022 and 2023 editions are left out
    assert metrics(at)["Fréquentation cumulée"] == "env. 446 000"


def test_page_with_no_matching_event_says_so(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run({"commune": "13003"})  # Alleins: no festival in the list nor in the roadmap
    assert not at.exception, at.exception
    assert "Aucune donnée ne correspond aux filtres choisis" in at.info[0].value
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")


def test_a_hostile_name_is_shown_as_text(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    engine = store.make_engine(url)
    seed_if_empty(engine, DATA)
    current = store.current_versions(engine)["evenements"]
    old = store.read_version(engine, current.id)
    row = {c: None for c in old.columns} | {
        "id": "hostile",
        "nom": XSS,
        "filiere": "edition",
        "frequentation": 42,
        "type_frequentation": "visiteurs",
        "date_debut": "2024-12-01",
        "approximatif": False,
        "source": "test",
    }
    new = pd.concat([old, pd.DataFrame([row]).astype(old.dtypes.to_dict())], ignore_index=True)
    store.publish(engine, "evenements", new, "test", "nom piégé", expected_version_id=current.id)

    at = run()
    assert not at.exception, at.exception
    table = frames(at)[-1]
    assert XSS in table["Événement"].tolist()
    assert XSS not in texts(at)  # never in markdown, captions or metrics
    escaped = "&lt;img src=x onerror=alert(1)&gt;"  # plotly decodes it back to the literal text
    ranked, calendar = figures(at)[3], figures(at)[-1]
    assert escaped in strings(ranked) and escaped in strings(calendar)
    assert not [s for fig in figures(at) for s in strings(fig) if XSS in s]


def test_page_when_no_event_has_a_figure(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run({"filiere": "cinema_audiovisuel"})
    assert not at.exception, at.exception
    assert metrics(at) == {
        "Événements": "34",
        "Fréquentation cumulée": "non chiffrée",
        "Soutenus par la Métropole": "1",
    }
    assert "Aucun des événements retenus n'a de fréquentation chiffrée" in at.info[0].value
    missing, table = frames(at)
    assert len(missing) == 34 and len(table) == 34
    # Only the three counts (communes, families, decades): no attendance chart, no dated event.
    assert len(figures(at)) == 3
    assert chart_titles(at) == [
        "Nombre de festivals par commune",
        "Nombre de festivals par famille",
        "Nombre de festivals par décennie de création",
    ]


def test_aggregations_accept_frames_without_figures():
    none = SMALL[SMALL["frequentation"].isna()]
    assert ev.ranked(none).empty and ev.by_family(none).empty and ev.by_commune(none).empty
    assert ev.calendar(none).empty and ev.headline(none).chiffres == 0
    assert tables.events(SMALL.iloc[0:0]).empty
