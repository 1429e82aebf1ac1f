"""At national scale the browser gets summaries: grouped map symbols, top N + « Autres », paged tables.

The figures stay exact: a grouped symbol's count, the « Autres » bar and the headline add up
to the same totals as the rows themselves.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from benchmarks import synthetic
from icc.prepared import model
from icc.prepared.filters import Filters
from icc.present import maps, panels
from icc.present.panels import evenements as ev_panels
from icc.storage import store
from icc.ui import layout
from tests.apptest import fresh_env, open_page
from tests.conftest import ROOT

SCALE = 60  # 3 660 lieux and 2 100 events: above the map's 3 000 points for lieux
# One copy in ten renames its programmes (benchmarks/synthetic.py): at 120×, 5 programmes on the
# territory become 5 × 12 = 60, beyond the 30 a ranking draws.
VARIED = 120


def plain(text) -> str:
    return str(text).replace("\u202f", " ").replace("\u00a0", " ")


def scaled_database(monkeypatch, tmp_path, default_frames, scale: int = SCALE):
    url = fresh_env(monkeypatch, tmp_path)
    engine = store.make_engine(url)
    synthetic.publish_all(engine, synthetic.generate(scale, default_frames))
    return engine


def in_memory(frames) -> model.Bundle:
    """The prepared data of ``frames``, as if each dataset were published once."""
    at = pd.Timestamp("2024-10-25").to_pydatetime()
    versions = {n: store.Version(i + 1, n, 1, at, "", "", "x", len(f)) for i, (n, f) in enumerate(frames.items())}
    return model.Bundle(model.enrich(frames), versions)


def test_map_groups_points_per_commune_beyond_the_limit_and_says_so(monkeypatch, tmp_path, default_frames):
    engine = scaled_database(monkeypatch, tmp_path, default_frames)
    lieux = model.load_bundle(engine)["lieux"]
    assert len(lieux) > maps.MAX_POINTS
    at = AppTest.from_file(str(ROOT / "views" / "carte.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    drawn = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    symbols = next(lyr for lyr in drawn["layers"] if lyr["id"] == "lieux")["data"]
    assert len(symbols) == lieux["code_insee"].nunique()  # one per commune, not one per lieu
    counts = {s["id"]: int(s["infobulle"].split("\n")[1].split(" ")[0].replace("\u202f", "")) for s in symbols}
    assert counts == lieux["code_insee"].value_counts().to_dict()  # each symbol's count is exact
    shown = plain(" ".join(c.value for c in at.caption))
    assert f"Sur la carte : {plain(f'{len(lieux):,}'.replace(',', ' '))} lieux" in shown
    assert "un symbole par commune" in shown
    assert "choisissez une commune ou une filière" in " ".join(i.value for i in at.info)
    engine.dispose()


def test_rankings_show_the_top_and_one_exact_others_bar(default_frames):
    frames = synthetic.generate(SCALE, default_frames)
    at = pd.Timestamp("2024-10-25").to_pydatetime()
    versions = {n: store.Version(i + 1, n, 1, at, "", "", "x", len(f)) for i, (n, f) in enumerate(frames.items())}
    bundle = model.Bundle(model.enrich(frames), versions)
    panel = panels.build(bundle, Filters(), ["festivals"])[0]
    counted = bundle["evenements"]["frequentation"].dropna()
    assert len(counted) > ev_panels.TOP
    assert len(panel.table) == ev_panels.TOP + 1
    others = panel.table.iloc[-1]
    assert others["Événement"] == f"Autres ({len(counted) - ev_panels.TOP})"
    assert panel.table["Fréquentation"].sum() == counted.sum()  # nothing lost, nothing added
    assert panel.chart.categories[-1] == others["Événement"]
    assert len(panel.figure.data[0].y) + sum(len(t.y) for t in panel.figure.data[1:]) == ev_panels.TOP + 1
    assert "« Autres » additionne" in panel.note
    by_commune = panels.build(bundle, Filters(), ["frequentation-commune"])[0]
    assert by_commune.table["Fréquentation"].sum() == counted.sum()


def test_long_tables_are_sent_one_page_at_a_time(monkeypatch, tmp_path, default_frames):
    scaled_database(monkeypatch, tmp_path, default_frames)
    at = AppTest.from_file(str(ROOT / "views" / "festivals.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    events = SCALE * len(default_frames["evenements"])
    biggest = max(len(d.value) for d in at.dataframe)
    assert biggest == layout.PAGE_ROWS
    assert any(f"sur {plain(f'{events:,}'.replace(',', ' '))}" in plain(c.value) for c in at.caption)


def test_treemap_keeps_the_largest_envelopes_under_whole_programme_totals(default_frames):
    from icc.prepared.aggregations import financements as fin

    frames = synthetic.generate(SCALE, default_frames)
    rows = model.enrich(frames)["financements"]
    nodes = fin.hierarchy(rows, "cumule")
    kept, hidden, grouped = fin.largest_nodes(nodes, 150)
    envelopes = nodes[nodes["tree_parent"] != ""]
    drawn = kept[kept["tree_parent"] != ""]
    assert 0 < len(drawn) <= 150 and hidden == len(envelopes) - len(drawn) > 0 and grouped == 0
    programmes = nodes[nodes["tree_parent"] == ""].set_index("node")["value"]
    assert kept[kept["tree_parent"] == ""].set_index("node")["value"].to_dict() == programmes.to_dict()
    assert set(kept.loc[kept["tree_parent"] != "", "tree_parent"]) <= set(kept["node"])  # no orphan


def test_treemap_draws_the_largest_programmes_and_one_exact_others_node(default_frames):
    """With the variety of real data the programmes grow with the data: the treemap draws the 30
    largest and one « Autres » node adding up the rest, so its total stays the programmes' total."""
    from icc.prepared.aggregations import financements as fin
    from icc.present import pagedata

    frames = synthetic.generate(VARIED, default_frames)
    rows = fin.scope(model.enrich(frames)["financements"], fin.TERRITOIRE)
    nodes = fin.hierarchy(rows, "cumule")
    programmes = nodes[nodes["tree_parent"] == ""].set_index("node")["value"]
    assert len(programmes) > pagedata.TREEMAP_PROGRAMMES
    kept, hidden, grouped = fin.largest_nodes(nodes, 150, pagedata.TREEMAP_PROGRAMMES)
    tops = kept[kept["tree_parent"] == ""].set_index("node")["value"]
    largest = programmes.sort_values(ascending=False, kind="stable").head(pagedata.TREEMAP_PROGRAMMES)
    assert tops.drop(fin.OTHERS_NODE).to_dict() == largest.to_dict()
    assert grouped == len(programmes) - pagedata.TREEMAP_PROGRAMMES
    assert tops[fin.OTHERS_NODE] == pytest.approx(programmes.drop(largest.index).sum())
    assert tops.sum() == pytest.approx(programmes.sum()) == pytest.approx(fin.total(rows))
    drawn = kept[kept["tree_parent"] != ""]
    assert len(drawn) == 150 and hidden == (nodes["tree_parent"] != "").sum() - 150
    assert set(drawn["tree_parent"]) <= set(kept["node"]) - {fin.OTHERS_NODE}  # no orphan, none under « Autres »
    page = pagedata.financements(in_memory(frames), fin.TERRITOIRE, "cumule")
    label = page["nodes"].set_index("node").loc[fin.OTHERS_NODE, "label"]
    assert label == f"Autres ({grouped} programmes)" and page["grouped"] == grouped


def test_funding_per_programme_shows_the_top_and_one_exact_others_bar(default_frames):
    from icc.prepared.aggregations import financements as fin
    from icc.present.panels import financements as fin_panels

    frames = synthetic.generate(VARIED, default_frames)
    bundle = in_memory(frames)
    rows = fin.scope(bundle["financements"], fin.TERRITOIRE)
    every = fin.by_programme(rows, "cumule").groupby("programme", observed=True)["montant"].sum()
    assert len(every) > fin_panels.TOP
    panel = panels.build(bundle, Filters(), ["financements-programme"])[0]
    table = panel.table.set_index("Programme")
    assert len(table) == fin_panels.TOP + 1
    others = f"Autres ({len(every) - fin_panels.TOP} programmes)"
    assert table.index[-1] == others  # last, whatever its total
    top = every.sort_values(ascending=False).head(fin_panels.TOP)
    assert table["Total"].drop(others).to_dict() == pytest.approx({str(k): float(v) for k, v in top.items()})
    assert table.loc[others, "Total"] == pytest.approx(every.drop(top.index).sum())
    assert table["Total"].sum() == pytest.approx(fin.total(rows))  # nothing lost, nothing added
    assert panel.chart.categories == list(table.index)
    assert {len(t.y) for t in panel.figure.data} <= set(range(1, fin_panels.TOP + 2))
    assert len(panel.figure.data[-1].y) == fin_panels.TOP + 1  # the totals written after each bar
    assert f"« Autres » additionne {len(every) - fin_panels.TOP} autres programmes" in panel.note


def test_the_funding_page_says_what_its_treemap_groups(monkeypatch, tmp_path, default_frames):
    from icc.present import pagedata

    scaled_database(monkeypatch, tmp_path, default_frames, VARIED)
    at = AppTest.from_file(str(ROOT / "views" / "financements.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    treemap = next(
        f for f in map(lambda e: json.loads(e.proto.spec), at.get("plotly_chart")) if f["data"][0]["type"] == "treemap"
    )
    labels = treemap["data"][0]["labels"]
    assert len(labels) == pagedata.TREEMAP_PROGRAMMES + 1 + pagedata.TREEMAP_NODES
    shown = plain(" ".join(c.value for c in at.caption))
    assert f"Les {pagedata.TREEMAP_PROGRAMMES} programmes aux montants les plus élevés ; « Autres » additionne" in shown
    assert "autres restent comptées dans le total de leur programme ou dans « Autres »" in shown


def rows_written(monkeypatch, name: str) -> list[int]:
    """How many rows each call of ``icc.present.tables.<name>`` writes in French, as the pages call it."""
    from icc.present import tables

    written: list[int] = []
    write = getattr(tables, name)

    def counting(rows):
        written.append(len(rows))
        return write(rows)

    monkeypatch.setattr(tables, name, counting)
    return written


def test_a_long_funding_table_writes_only_the_page_shown(monkeypatch, tmp_path, default_frames):
    """Rows stay numbers until shown: only the page on screen is written in French (writing every
    amount of a new filter set took 9 s at ten thousand times the default data)."""
    scaled_database(monkeypatch, tmp_path, default_frames)
    written = rows_written(monkeypatch, "financements_table")
    at = AppTest.from_file(str(ROOT / "views" / "financements.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    rows = SCALE * len(default_frames["financements"])
    assert written == [layout.PAGE_ROWS]  # of 1 680 rows
    page = next(d.value for d in at.dataframe if "Montant" in d.value.columns)
    assert len(page) == layout.PAGE_ROWS and page["Montant"].str.endswith("€").all()
    at = at.number_input(key="fin_table_page").set_value(2).run()
    assert written[-1] == layout.PAGE_ROWS and rows > 2 * layout.PAGE_ROWS


def test_the_long_events_table_writes_only_the_page_shown(monkeypatch, tmp_path, default_frames):
    scaled_database(monkeypatch, tmp_path, default_frames)
    written = rows_written(monkeypatch, "events_text")
    at = AppTest.from_file(str(ROOT / "views" / "festivals.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    assert written == [layout.PAGE_ROWS]  # of 2 100 events
    page = next(d.value for d in at.dataframe if "Portrait de la commune" in d.value.columns and len(d.value) > 100)
    assert page["Portrait de la commune"].notna().any()  # each row still links its commune's portrait


def test_museums_at_scale_stay_exact_and_the_portrait_pages_its_list(monkeypatch, tmp_path, default_frames):
    """At 60× the museums' yearly rows follow their copied places: the communes' visits still add up
    to the territory's total of the year, each portrait lists every museum of its commune, and a
    long list goes to the browser a page at a time."""
    from icc.prepared.aggregations import communes as com
    from icc.prepared.aggregations import frequentation as fq

    frames = synthetic.generate(SCALE, default_frames)
    bundle = in_memory(frames)
    head = fq.latest(bundle["frequentation_lieux"])
    assert head["annee"] == 2021 and head["musees_chiffres"] > 22 * SCALE * 0.8  # some copies closed (variety)
    rows = com.table(bundle)
    assert rows["entrees_musees"].sum() == pytest.approx(head["total"])  # each ticket once
    marseille = Filters(communes=("13055",))
    (listed,) = panels.build(bundle, marseille, ["portrait-musees"])
    museums = bundle["frequentation_lieux"].loc[bundle["frequentation_lieux"]["commune_code"] == "13055", "lieu"]
    assert len(listed.table) == museums.nunique() > layout.SHORT_ROWS
    # The portrait's page: a long list is a paged grid, never every row at once.
    scaled_database(monkeypatch, tmp_path, default_frames)
    at = open_page("views/communes.py", {"commune": "13055"}, timeout=180)
    assert not at.exception, at.exception
    grid = next(d.value for d in at.dataframe if "Musée" in d.value.columns)
    assert len(grid) == layout.PAGE_ROWS
