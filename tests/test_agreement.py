"""One figure, one reading: a headline reads the same on the overview and on its own page."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from icc import formatting as fr
from tests.apptest import fresh_env, open_page

OVERVIEW = "views/vue_ensemble.py"


def plain(text: str) -> str:
    return str(text).replace("\u202f", " ").replace("\u00a0", " ")


def metrics(at: AppTest) -> dict[str, str]:
    assert not at.exception, at.exception
    return {m.label: plain(m.value) for m in at.metric}


def test_actions_done_follow_the_years_on_the_overview_as_on_the_roadmap(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    query = {"de": "2025", "a": "2026"}
    overview = metrics(open_page(OVERVIEW, query))
    page = open_page("views/feuille_de_route.py", query)
    assert page.title[0].value == "Feuille de route : plan d'actions"
    roadmap = metrics(page)
    assert overview["Actions réalisées"] == roadmap["Actions réalisées"]
    assert overview["Actions réalisées"] != "2 / 37"  # the whole plan is 2 / 37: the years apply
    unfiltered = metrics(open_page(OVERVIEW))
    assert unfiltered["Actions réalisées"] == "2 / 37"


def test_unknown_attendance_is_not_quantified_never_zero(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    for query in ({"filiere": "cinema_audiovisuel"}, {"filiere": "mode_creation"}, {"commune": "13056"}):
        overview = metrics(open_page(OVERVIEW, query))
        page = open_page("views/festivals.py", query)
        assert page.title[0].value == "Festivals et événements"
        festivals = metrics(page)
        assert overview["Fréquentation des festivals cités"] == "non chiffrée", query
        # The page reads the same figure, or says that no event is left at all.
        assert festivals.get("Fréquentation cumulée", "non chiffrée") == "non chiffrée", query
        assert "Fréquentation cumulée" in festivals or "Aucune donnée" in " ".join(i.value for i in page.info)


def test_the_actions_note_dates_the_data_in_use(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page(OVERVIEW)
    notes = " ".join(plain(c.value) for c in at.caption)
    assert "statut à octobre 2024" not in notes
    # The seed publishes version 1 of every dataset today: the note dates that version.
    assert f"statut au {plain(fr.date(dt.date.today()))}" in notes
