"""Funding: totals without double counting, per-year versus one-off, the page's figures."""

import pandas as pd
import pytest

from icc import formatting as fr
from icc.datasets.schema import DATASETS
from icc.prepared.aggregations import financements as fin
from icc.present.charts import financements as charts
from icc.storage import store
from tests.apptest import fresh_env, open_page, page_tables


def rows(*specs) -> pd.DataFrame:
    """(id, parent, amount, recurrence, start, end, level, statut) -> typed funding rows."""
    cols = ["id", "parent", "montant_eur", "recurrence", "annee_debut", "annee_fin", "financeur_niveau", "statut"]
    frame = pd.DataFrame(specs, columns=cols)
    frame["programme"] = "P"
    frame["beneficiaire"] = frame["id"]
    frame["perimetre"] = "Métropole"
    for c in ("annee_debut", "annee_fin"):
        frame[c] = frame[c].astype("Int64")
    frame["montant_eur"] = frame["montant_eur"].astype("Float64")
    return frame


NESTED = rows(
    ("studios", None, 211_500_000, "ponctuel", None, None, "privé", "estimé"),
    ("v1", "studios", 30_000_000, "ponctuel", None, None, "privé", "lauréat"),
    ("v2", "studios", 82_000_000, "ponctuel", None, None, "privé", "non retenu"),
    ("v3", "studios", 99_500_000, "ponctuel", None, None, "privé", "lauréat"),
    ("base", None, 80_000, "annuel", 2023, 2025, "Métropole", "acquis"),
)


def test_a_parent_and_its_children_are_counted_once():
    assert fin.total(NESTED) == 211_500_000 + 3 * 80_000
    # Without the parent, its children are the top level and add up.
    assert fin.total(NESTED[NESTED["id"] != "studios"]) == 211_500_000 + 3 * 80_000


def test_per_year_amounts_are_cumulated_or_kept_per_year():
    base = NESTED[NESTED["id"] == "base"]
    assert fin.total(base, "cumule") == 240_000
    assert fin.total(base, "annuel") == 80_000
    one_off = rows(("x", None, 300_000, "ponctuel", 2023, 2025, "État", "acquis"))
    assert fin.total(one_off, "annuel") == 100_000  # spread over its 3 years
    assert fin.total(one_off, "cumule") == 300_000


def test_treemap_values_never_exceed_and_always_cover_their_children():
    nodes = fin.hierarchy(NESTED, "cumule").set_index("node")
    assert nodes.loc["studios", "value"] == 211_500_000
    assert nodes.loc[["v1", "v2", "v3"], "value"].sum() == nodes.loc["studios", "value"]
    assert nodes.loc["programme:P", "value"] == 211_500_000 + 240_000
    fig = charts.treemap(fin.hierarchy(NESTED, "cumule"), "t")
    assert fig.data[0].branchvalues == "total"
    assert fr.euros(211_500_000) in fig.data[0].customdata[list(fig.data[0].ids).index("studios")][0]


def test_by_programme_on_the_default_data(default_frames):
    from icc.prepared.model import enrich

    frame = fin.scope(enrich(default_frames)["financements"], fin.TERRITOIRE)
    agg = fin.by_programme(frame, "cumule")
    totals = agg.groupby("programme", observed=True)["montant"].sum()
    assert totals["Studios de la Méditerranée"] == 211_500_000
    assert totals["Marseille en grand"] == pytest.approx(fin.total(frame[frame["programme"] == "Marseille en grand"]))
    assert totals.sum() == pytest.approx(fin.total(frame))
    fig = charts.by_programme(agg, "t")
    labels = [t.strip() for t in fig.data[-1].text]
    assert fr.euros(211_500_000) in labels


def test_page_shows_totals_and_the_table(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/financements.py")
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Total sans double compte"] == fr.euros(243_240_000) == "243,2\u00a0M€"
    table = page_tables(at)[-1]  # the page ends with the table of every envelope
    assert "Studios de la Méditerranée" in set(table["Programme"])
    assert set(table.columns) >= {"Montant", "Statut", "Récurrence", "Source"}


def test_status_filter_from_the_url(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/financements.py", query={"statut": "en suspens"})
    assert not at.exception, at.exception
    table = page_tables(at)[-1]  # the page ends with the table of every envelope
    assert set(table["Statut"]) == {"en suspens"}
    assert "statut : en suspens" in "\n".join(c.value for c in at.caption)


def test_empty_selection_says_so(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/financements.py", query={"filiere": "edition"})
    assert not at.exception, at.exception
    assert any("Aucune donnée ne correspond aux filtres" in i.value for i in at.info)


def test_a_hostile_beneficiary_name_is_shown_literally(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    engine = store.make_engine(url)
    open_page("views/financements.py")  # seeds
    current = store.current_versions(engine)["financements"]
    frame = store.read_version(engine, current.id)
    local = frame.index[frame["perimetre"] == "Métropole"][0]
    frame.loc[local, "beneficiaire"] = "<img src=x onerror=alert(1)>"
    store.publish(engine, "financements", frame[DATASETS["financements"].columns], "t", "t", current.id)
    at = open_page("views/financements.py", query={"statut": frame.loc[local, "statut"]})
    beneficiaires = page_tables(at)[-1]["Bénéficiaire ou projet"].tolist()
    assert "<img src=x onerror=alert(1)>" in beneficiaires
    assert not any("<img" in m.value for m in at.markdown)
