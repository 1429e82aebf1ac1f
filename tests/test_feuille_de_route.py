"""Feuille de route: leaf actions, progress per axis, what is late, the page."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from icc.colors import STATUS_COLORS
from icc.intake.seed import seed_if_empty
from icc.prepared.aggregations import actions as act
from icc.present.charts import actions as charts
from icc.storage import store
from tests.apptest import fresh_env, page_expanders, page_tables, texts
from tests.conftest import DATA, ROOT

PAGE = str(ROOT / "views" / "feuille_de_route.py")
XSS = "<img src=x onerror=alert(1)>"
LATE_BEFORE_2025 = ["2.1.1", "2.6.1", "3.1.1", "1.1.1", "1.3.2", "2.5.1", "2.5.2"]


def plain(values) -> list[str]:
    """Babel separates thousands and % with no-break spaces: compare with plain spaces."""
    return [str(v).replace("\u202f", " ").replace("\u00a0", " ") for v in values]


def plan(*rows: tuple) -> pd.DataFrame:
    """(code, axe, parent, annee_prevue, statut) rows with the store's dtypes."""
    out = pd.DataFrame(rows, columns=["code", "axe", "parent", "annee_prevue", "statut"])
    out["axe"] = out["axe"].astype("Int64")
    out["annee_prevue"] = out["annee_prevue"].astype("Int64")
    out["parent"] = out["parent"].astype("str")
    out["intitule"] = "Action " + out["code"]
    out["partenaires"] = pd.Series([None] * len(out), dtype="str")
    out["source"] = "test"
    return out


SMALL = plan(
    ("1", 1, None, None, "en cours"),
    ("1.1", 1, "1", None, "en cours"),
    ("1.1.1", 1, "1.1", 2023, "réalisé"),
    ("1.1.2", 1, "1.1", 2024, "en cours"),
    ("1.2", 1, "1", None, "à lancer"),
    ("2", 2, None, None, "à lancer"),
)


@pytest.fixture(scope="module")
def actions(default_frames):
    return default_frames["actions"]


# --- aggregations ----------------------------------------------------------------------


def test_codes_sort_naturally():
    codes = ["1.10", "1.2", "2.4bis", "2.4.1", "2.4", "2.2.a", "2.2.2", "2.4bis.1"]
    assert sorted(codes, key=act.code_key) == ["1.2", "1.10", "2.2.2", "2.2.a", "2.4", "2.4.1", "2.4bis", "2.4bis.1"]


def test_leaves_are_found_on_the_whole_plan():
    assert act.leaves(SMALL)["code"].tolist() == ["1.1.1", "1.1.2", "1.2", "2"]  # axis 2 is its own leaf
    # Filtering out 1.1.1 and 1.1.2 does not turn 1.1 into a leaf.
    shown = act.in_years(SMALL, None, 2022)
    assert shown["code"].tolist() == ["1", "1.1", "1.2", "2"]  # rows without year are kept
    assert act.leaves(SMALL, shown)["code"].tolist() == ["1.2", "2"]


def test_progress_counts_leaves_per_status_for_every_axis():
    out = act.progress(act.leaves(SMALL)).set_index("axe")
    assert list(out.index) == [1, 2, 3, 4, 5]
    assert out.loc[1, ["réalisé", "en cours", "à lancer", "total"]].tolist() == [1, 1, 1, 3]
    assert out.loc[1, "part_realise"] == pytest.approx(1 / 3)
    assert out.loc[4, "total"] == 0 and pd.isna(out.loc[4, "part_realise"])
    assert out.loc[2, "libelle"] == "Axe 2 – Renforcer et structurer l'offre de services aux entreprises"


def test_late_depends_on_the_given_day():
    leaf = act.leaves(SMALL)
    assert act.late(leaf, dt.date(2025, 1, 1))["code"].tolist() == ["1.1.2"]  # 1.1.1 is done
    assert act.late(leaf, dt.date(2024, 12, 31))["code"].tolist() == []


def test_default_plan_progress(actions):
    leaf = act.leaves(actions)
    assert len(leaf) == 37
    out = act.progress(leaf).set_index("axe")
    assert out["total"].to_dict() == {1: 5, 2: 19, 3: 8, 4: 4, 5: 1}
    assert out["réalisé"].to_dict() == {1: 0, 2: 2, 3: 0, 4: 0, 5: 0}
    assert out.loc[2, "part_realise"] == pytest.approx(2 / 19)


def test_default_plan_what_is_late(actions):
    leaf = act.leaves(actions)
    assert act.late(leaf, dt.date(2025, 1, 1))["code"].tolist() == LATE_BEFORE_2025
    assert act.late(leaf, dt.date(2024, 6, 1))["code"].tolist() == ["2.1.1", "2.6.1", "3.1.1"]
    assert act.late(leaf, dt.date(2023, 1, 1)).empty


def test_default_plan_by_year(actions):
    years = act.by_year(act.leaves(actions))
    assert years.values.tolist() == [
        [2023, "réalisé", 1],
        [2023, "en cours", 2],
        [2023, "à lancer", 1],
        [2024, "en cours", 4],
    ]


def test_axis_without_detailed_action(actions):
    assert act.of_axis(actions, 5).empty
    assert act.of_axis(actions, 4)["code"].tolist() == ["4.1", "4.2", "4.3", "4.5"]


# --- charts ----------------------------------------------------------------------------


def test_done_label():
    assert plain([charts.done_label(2, 19, 2 / 19)]) == ["2 / 19 réalisées (11 %)"]
    assert plain([charts.done_label(0, 5, 0.0)]) == ["0 / 5 réalisée (0 %)"]
    assert charts.done_label(0, 0, None) == "aucune action"


def test_progress_chart_stacks_statuses_and_writes_the_share_done(actions):
    fig = charts.progress(act.progress(act.leaves(actions)), "Avancement")
    bars = fig.data[:3]
    assert [b.name for b in bars] == ["réalisé", "en cours", "à lancer"]
    assert [b.marker.color for b in bars] == [STATUS_COLORS[s] for s in ("réalisé", "en cours", "à lancer")]
    assert list(bars[0].y) == ["Axe 1", "Axe 2", "Axe 3", "Axe 4", "Axe 5"]
    assert list(bars[0].x) == [0, 2, 0, 0, 0]
    assert plain(t.strip() for t in fig.data[3].text)[1] == "2 / 19 réalisées (11 %)"
    assert fig.layout.barmode == "stack"


def test_by_year_chart(actions):
    fig = charts.by_year(act.by_year(act.leaves(actions)), "Par année")
    assert {b.name: (list(b.x), list(b.y)) for b in fig.data} == {
        "réalisé": (["2023"], [1]),
        "en cours": (["2023", "2024"], [2, 4]),
        "à lancer": (["2023"], [1]),
    }


# --- the page under AppTest -----------------------------------------------------------


def run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: plain([m.value])[0] for m in at.metric}


def late_today(actions: pd.DataFrame, de: int | None = None) -> list[str]:
    """What the page shows as late: it uses the real date."""
    leaf = act.leaves(actions, act.in_years(actions, de, None))
    return act.late(leaf, dt.date.today())["code"].tolist()


def test_page_without_filters(monkeypatch, tmp_path, actions):
    fresh_env(monkeypatch, tmp_path)
    at = run()
    assert not at.exception, at.exception
    late = late_today(actions)
    assert metrics(at) == {
        "Actions réalisées": "2 / 37",
        "En cours": "14",
        "À lancer": "21",
        "En retard": str(len(late)),
    }
    shown = texts(at)
    assert "Seul le filtre des années s'applique au plan d'actions" in shown
    assert "les actions sans année prévue restent toujours affichées" in shown
    labels = plain(e.label for e in page_expanders(at))
    assert labels[1] == "Axe 2 – Renforcer et structurer l'offre de services aux entreprises : 2 / 19 réalisées (11 %)"
    assert len(labels) == 5
    tables = page_tables(at)
    assert tables[0]["Code"].tolist() == late  # the late actions come first
    axis_tables = tables[1:]
    assert [len(t) for t in axis_tables] == [8, 26, 11, 4, 1]
    assert axis_tables[4]["Code"].tolist() == ["5"]  # axis 5 is followed as one action
    assert "il est suivi comme une seule action" in shown
    assert list(axis_tables[0].columns) == ["Code", "Intitulé", "Année prévue", "Partenaires", "Statut"]
    assert axis_tables[0].set_index("Code").loc["1.1.1", "Année prévue"] == "2024"
    progress = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in progress["data"][:3]] == ["réalisé", "en cours", "à lancer"]


def test_page_other_filters_do_not_change_the_plan(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run({"filiere": "edition", "commune": "13005"})
    assert not at.exception, at.exception
    assert "Filtres : filière : Édition ; commune : Aubagne" in texts(at)
    assert metrics(at)["Actions réalisées"] == "2 / 37"


def test_page_filtered_on_years_keeps_actions_without_year(monkeypatch, tmp_path, actions):
    fresh_env(monkeypatch, tmp_path)
    at = run({"de": "2024"})
    assert not at.exception, at.exception
    assert "années : 2024 à …" in texts(at)
    # The four actions planned in 2023 are left out, the undated ones stay.
    assert metrics(at) == {
        "Actions réalisées": "1 / 33",
        "En cours": "12",
        "À lancer": "20",
        "En retard": str(len(late_today(actions, 2024))),
    }
    tables = page_tables(at)
    assert "2.1.1" not in tables[2]["Code"].tolist() and "2.1.2" in tables[2]["Code"].tolist()


def test_a_hostile_text_is_shown_as_text(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    engine = store.make_engine(url)
    seed_if_empty(engine, DATA)
    current = store.current_versions(engine)["actions"]
    old = store.read_version(engine, current.id)
    row = {
        "code": "5.1",
        "axe": 5,
        "parent": "5",
        "intitule": XSS,
        "annee_prevue": 2023,  # before today: listed as late too
        "partenaires": XSS,
        "statut": "en cours",
        "source": "test",
    }
    new = pd.concat([old, pd.DataFrame([row]).astype(old.dtypes.to_dict())], ignore_index=True)
    store.publish(engine, "actions", new, "test", "intitulé piégé", expected_version_id=current.id)

    at = run()
    assert not at.exception, at.exception
    tables = page_tables(at)
    assert XSS in tables[0]["Intitulé"].tolist()  # late actions
    assert tables[-1][["Code", "Intitulé", "Partenaires"]].values.tolist() == [["5.1", XSS, XSS]]
    assert XSS not in texts(at)
    assert not [e.label for e in page_expanders(at) if XSS in e.label]
    assert not [e for e in at.get("plotly_chart") if XSS in e.proto.spec]


def test_aggregations_accept_an_empty_plan():
    none = act.leaves(SMALL).iloc[0:0]
    assert act.progress(none)["total"].tolist() == [0, 0, 0, 0, 0]
    assert act.by_year(none).empty and act.late(none, dt.date(2030, 1, 1)).empty
