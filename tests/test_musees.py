"""The Musées et fréquentation page, the overview's museum figure and the museum screens and exports,
on the default data (« Fréquentation des musées de France », ministère de la Culture)."""

from __future__ import annotations

from tests.apptest import chart_titles, fresh_env, open_page, texts

PAGE = "views/musees.py"
TITLE = "Musées et fréquentation"


def plain(text) -> str:
    return str(text).replace("\u202f", " ").replace("\u00a0", " ")


def metrics(at) -> dict[str, str]:
    assert not at.exception, at.exception
    return {m.label: plain(m.value) for m in at.metric}


def test_the_page_reads_the_latest_year_and_ranks_the_museums(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page(PAGE)
    assert at.title[0].value == TITLE
    shown = metrics(at)
    assert shown["Entrées dans les musées"] == "784 783"
    assert shown["Musées de France"] == "30"
    text = plain(texts(at))
    assert "22 musées, 2021" in text
    assert "Fréquentation des musées de France" in text and "Licence Ouverte 2.0" in text
    assert "Fréquentation des musées v1 du" in text  # the data version
    assert at.selectbox[0].value == 2021
    assert chart_titles(at)[:3] == [
        "Entrées par musée en 2021",
        "Entrées de chaque musée, année par année",
        "Entrées dans les musées du territoire, année par année",
    ]
