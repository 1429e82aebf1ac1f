"""Mode présentation under AppTest: screens from the URL, navigation, round trip, literal names."""

from __future__ import annotations

import json

import pandas as pd
from streamlit.testing.v1 import AppTest

from icc.intake.seed import seed_if_empty
from icc.present import screens
from icc.present.charts.style import PLOTLY_CONFIG
from icc.storage import store
from tests.apptest import figures, fresh_env, strings, texts
from tests.conftest import DATA, ROOT

PAGE = str(ROOT / "views" / "presentation.py")
XSS = "<img src=x onerror=alert(1)>"


def run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def plain(text: str) -> str:
    return str(text).replace("\u202f", " ").replace("\u00a0", " ")


def shown_title(at: AppTest) -> str:
    return at.title[0].value


def progress(at: AppTest) -> str:
    (bar,) = at.get("progress")
    return bar.proto.text


def test_screens_come_in_the_order_of_the_query_string(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run({"ecrans": "festivals,chiffres,carte"})
    assert not at.exception, at.exception
    assert shown_title(at) == "Fréquentation des festivals et événements"
    assert progress(at) == "1 / 3"
    assert at.multiselect(key="pres_ecrans").value == ["festivals", "chiffres", "carte"]
    assert at.button(key="pres_prev").disabled and not at.button(key="pres_next").disabled
    assert at.query_params["ecran"] == "1"

    at.button(key="pres_next").click().run()
    assert shown_title(at) == "Chiffres clés" and progress(at) == "2 / 3"
    assert at.query_params["ecran"] == "2"
    metrics = {m.label: plain(m.value) for m in at.metric}
    assert metrics["Lieux recensés"] == "93"

    at.button(key="pres_next").click().run()
    assert shown_title(at) == "Lieux et événements par commune" and progress(at) == "3 / 3"
    assert at.query_params["ecran"] == "3" and at.button(key="pres_next").disabled
    table = at.dataframe[0].value
    assert table.iloc[0]["Commune"] == "Marseille" and plain(table.iloc[0]["Fréquentation des événements"]) == (
        "env. 290 000"
    )

    at.button(key="pres_prev").click().run()
    assert shown_title(at) == "Chiffres clés" and at.query_params["ecran"] == "2"


def test_without_screens_in_the_url_every_screen_is_prepared(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run()
    assert not at.exception, at.exception
    assert at.query_params["ecrans"] == ",".join(screens.IDS) and at.query_params["ecran"] == "1"
    assert shown_title(at) == "Chiffres clés" and progress(at) == f"1 / {len(screens.IDS)}"
    assert at.expander[0].label == "Préparer la présentation"
    # Unknown screens are dropped, an index past the end shows the last screen.
    at = run({"ecrans": "inconnu,grands-projets,festivals", "ecran": "99"})
    assert shown_title(at) == "Fréquentation des festivals et événements" and progress(at) == "2 / 2"
    assert at.query_params["ecrans"] == "grands-projets,festivals" and at.query_params["ecran"] == "2"


def test_the_url_set_by_the_page_reopens_the_same_presentation(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run({"ecrans": "chiffres,grands-projets,feuille-de-route", "filiere": "cinema_audiovisuel", "a": "2024"})
    at.button(key="pres_next").click().run()
    link = dict(at.query_params)
    assert link["ecrans"] == "chiffres,grands-projets,feuille-de-route" and link["ecran"] == "2"
    assert link["filiere"] == "cinema_audiovisuel" and link["a"] == "2024"
    before = (shown_title(at), [c.value for c in at.caption][:1], figures(at))

    again = run(link)  # a new session opened from the link
    assert not again.exception, again.exception
    assert dict(again.query_params) == link
    assert (shown_title(again), [c.value for c in again.caption][:1], figures(again)) == before
    assert again.multiselect(key="pres_ecrans").value == ["chiffres", "grands-projets", "feuille-de-route"]
    assert "cinéma" in again.caption[0].value.lower() and "2024" in again.caption[0].value


def test_choosing_screens_keeps_the_selection_order_in_the_url(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run({"ecrans": "chiffres,festivals", "ecran": "2"})
    at.multiselect(key="pres_ecrans").set_value(["carte", "festivals", "chiffres"]).run()
    assert at.query_params["ecrans"] == "carte,festivals,chiffres"
    # The screen on show stays on show, at its new place.
    assert shown_title(at) == "Fréquentation des festivals et événements" and at.query_params["ecran"] == "2"
    at.multiselect(key="pres_ecrans").set_value([]).run()
    assert "Aucun écran choisi" in at.info[0].value
    assert not at.get("progress")


def test_filters_are_stated_and_applied_on_each_screen(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run({"ecrans": "festivals,frequentation-filiere", "filiere": "edition"})
    assert "Filtres" in at.caption[0].value and "Édition" in at.caption[0].value
    (fig,) = figures(at)
    assert [t["name"] for t in fig["data"]] == ["Édition"]
    at = run({"ecrans": "festivals", "commune": "13003"})  # Alleins: no festival known
    assert "Aucune donnée ne correspond aux filtres choisis" in at.info[0].value
    assert not at.get("plotly_chart")


def test_charts_are_large_with_the_png_menu_config(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run({"ecrans": "feuille-de-route"})
    (chart,) = at.get("plotly_chart")
    config = json.loads(chart.proto.config)
    assert config["toImageButtonOptions"] == PLOTLY_CONFIG["toImageButtonOptions"]
    assert config["toImageButtonOptions"]["scale"] == 3
    spec = json.loads(chart.proto.spec)
    assert spec["layout"]["font"]["size"] >= 22  # 15 on the other pages, 1.5 times larger here


def test_only_constant_style_and_script_and_the_exports_are_offered(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    first = [h.proto for h in run({"ecrans": "festivals"}).get("html")]
    other = [h.proto for h in run({"ecrans": "carte", "filiere": "edition", "ecran": "1"}).get("html")]
    assert sorted(h.body for h in first) == sorted(h.body for h in other)  # constant: no data inside
    (style,) = [h for h in first if h.body.startswith("<style>")]
    (script,) = [h for h in first if h.body.startswith("<script>")]
    assert not style.unsafe_allow_javascript and "stSidebar" in style.body
    assert script.unsafe_allow_javascript and "PageDown" in script.body and "pres_next" in script.body
    at = run({"ecrans": "festivals,carte"})
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert {"PowerPoint", "Excel", "Tous les tableaux (CSV, zip)", "CSV : Festivals", "CSV : Communes"} <= set(buttons)
    assert all(b.deferred_file_id for b in buttons.values())  # built when clicked, not on every rerun


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
        "approximatif": False,
        "source": "test",
    }
    new = pd.concat([old, pd.DataFrame([row]).astype(old.dtypes.to_dict())], ignore_index=True)
    store.publish(engine, "evenements", new, "test", "nom piégé", expected_version_id=current.id)
    engine.dispose()

    at = run({"ecrans": "festivals"})
    assert not at.exception, at.exception
    assert XSS not in texts(at)  # never in markdown, captions or metrics
    (fig,) = figures(at)
    assert "&lt;img src=x onerror=alert(1)&gt;" in strings(fig)  # plotly decodes it back to the literal text
    assert not [s for s in strings(fig) if XSS in s]
