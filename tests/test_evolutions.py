"""The dashboard as it stood on a date, and what changed since: three versions at three dates."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from icc import formatting as fr
from icc.datasets.schema import DATASETS
from icc.intake.seed import seed_if_empty
from icc.prepared import model
from icc.present import evolutions
from icc.storage import asof, store
from tests.apptest import chart_tables, fresh_env, open_page, texts
from tests.conftest import DATA

DAYS = [dt.date(2025, 3, 12), dt.date(2025, 6, 30), dt.date(2025, 11, 4)]
FUNDED = "satis_metropole"  # 150 000 € of the Métropole for SATIS: « en suspens » until day 3


@pytest.fixture
def three_dates(engine, monkeypatch):
    return publish_three_dates(engine, monkeypatch)


def publish_three_dates(engine, monkeypatch) -> dict:
    """Seeded on day 1 (10:00 Paris), edited on day 2 (23:30 Paris), edited again on day 3."""
    clock = {"now": dt.datetime(2025, 3, 12, 9, 0, tzinfo=dt.UTC)}
    monkeypatch.setattr(store, "now", lambda: clock["now"])
    seed_if_empty(engine, DATA)

    clock["now"] = dt.datetime(2025, 6, 30, 21, 30, tzinfo=dt.UTC)  # 23:30 in Paris: still 30 June
    current = store.current_versions(engine)
    events = store.read_version(engine, current["evenements"].id)
    delta = events["id"] == "delta_festival"
    assert delta.sum() == 1
    before = int(events.loc[delta, "frequentation"].iloc[0])
    events.loc[delta, "frequentation"] = before + 10_000
    store.publish(engine, "evenements", events, "agent", "fréquentation corrigée", current["evenements"].id)

    clock["now"] = dt.datetime(2025, 11, 4, 8, 0, tzinfo=dt.UTC)
    current = store.current_versions(engine)
    actions = store.read_version(engine, current["actions"].id)
    # The first action without sub-action: the one the pages list and count (not an axis).
    leaves = ~actions["code"].isin(actions["parent"].dropna())
    first = actions.index[leaves][0]
    code, old_status = actions.loc[first, "code"], actions.loc[first, "statut"]
    new_status = "en cours" if old_status != "en cours" else "réalisé"
    assert new_status == "réalisé"  # one more action done on day 3
    done_before = int((actions.loc[leaves, "statut"] == "réalisé").sum())
    actions.loc[first, "statut"] = new_status
    store.publish(engine, "actions", actions, "agent", "point d'étape", current["actions"].id)
    lieux = store.read_version(engine, current["lieux"].id)
    # The last place nothing else refers to (a museum's yearly figures refer to their place).
    counted = store.read_version(engine, current["frequentation_lieux"].id)["lieu"]
    free = lieux.index[~lieux["id"].isin(counted)]
    gone = lieux.loc[free[-1]]
    store.publish(engine, "lieux", lieux.drop(index=free[-1]), "agent", "lieu fermé", current["lieux"].id)
    funding = store.read_version(engine, current["financements"].id)
    satis = funding["id"] == FUNDED
    assert funding.loc[satis, "statut"].tolist() == ["en suspens"]
    funding.loc[satis, "statut"] = "acquis"
    store.publish(engine, "financements", funding, "agent", "financement acquis", current["financements"].id)
    return {
        "delta_before": before,
        "people_before": int(events["frequentation"].sum()) - 10_000,
        "done_before": done_before,
        "action": (code, old_status, new_status),
        "gone": gone["nom"],
        "lieux_before": lieux,
        "gone_commune": gone["code_insee"],
        "funded": float(funding.loc[satis, "montant_eur"].iloc[0]),
    }


def test_each_date_reads_the_versions_in_force_that_day(engine, three_dates):
    numbers = {day: {n: v.number for n, v in store.versions_at(engine, asof.end_of_day(day)).items()} for day in DAYS}
    assert numbers[DAYS[0]] == dict.fromkeys(DATASETS, 1)
    assert numbers[DAYS[1]] == {**dict.fromkeys(DATASETS, 1), "evenements": 2}
    assert numbers[DAYS[2]] == {
        **dict.fromkeys(DATASETS, 1),
        "evenements": 2,
        "actions": 2,
        "lieux": 2,
        "financements": 2,
    }
    assert store.versions_at(engine, asof.end_of_day(dt.date(2025, 3, 11))) == {}  # before anything existed
    # The day before the correction shows the old attendance.
    day_before = model.load_bundle(engine, store.versions_at(engine, asof.end_of_day(dt.date(2025, 6, 29))))
    delta = day_before["evenements"].set_index("id").loc["delta_festival", "frequentation"]
    assert delta == three_dates["delta_before"]


def test_the_banner_names_the_day_and_the_versions(engine, three_dates):
    versions = store.versions_at(engine, asof.end_of_day(DAYS[1]))
    text = asof.banner(DAYS[1], versions)
    assert text.startswith("Données au 30 juin 2025 (versions : ")
    assert f"{DATASETS['evenements'].title} v2" in text and f"{DATASETS['actions'].title} v1" in text


def test_parse_accepts_only_real_days():
    assert asof.parse("2025-03-12") == dt.date(2025, 3, 12)
    assert asof.parse("2025-02-31") is None and asof.parse("hier") is None and asof.parse("") is None


def test_changes_since_the_first_day_in_plain_french(engine, three_dates):
    then = model.load_bundle(engine, store.versions_at(engine, asof.end_of_day(DAYS[0])))
    now = model.load_bundle(engine)
    found = evolutions.between(then.frames, now.frames)
    sentences = [c.sentence for c in found]
    before = three_dates["delta_before"]
    code, old_status, new_status = three_dates["action"]
    assert [c.kind for c in found] == ["retrait", "modification", "modification", "modification"]
    assert sentences[0] == f"Lieu retiré : {three_dates['gone']}"

    assert (
        sentences[1] == f"Événement Delta Festival : fréquentation : {fr.nombre(before)} → {fr.nombre(before + 10_000)}"
    )
    assert sentences[2] == "Financement La grande fabrique de l'image : statut : en suspens → acquis"
    assert sentences[3].startswith(f"Action {code} « ") and sentences[3].endswith(
        f" : statut : {old_status} → {new_status}"
    )
    # Nothing changed between the last two committees for the datasets left alone.
    assert evolutions.between(now.frames, now.frames) == []


def test_the_evolutions_page_lists_the_changes_since_a_committee(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    eng = store.make_engine(url)
    store.init(eng)
    facts = publish_three_dates(eng, monkeypatch)
    current = store.current_versions(eng)
    comites = pd.DataFrame(
        [{"id": "copil_1", "nom": "Comité de pilotage ICC", "date": "2025-03-12", "commentaire": "", "source": "test"}]
    )
    store.publish(eng, "comites", comites, "agent", "premier comité", current["comites"].id)

    at = open_page("views/evolutions.py")
    assert not at.exception, at.exception
    assert at.selectbox(key="evolutions_comite").value == "Comité de pilotage ICC du 12 mars 2025"
    shown = texts(at)
    assert "Données au 12 mars 2025 (versions : " in shown
    lines = [t.value for t in at.text]
    assert f"Lieu retiré : {facts['gone']}" in lines
    assert any(line.startswith("Événement Delta Festival : fréquentation : ") for line in lines)
    figures = at.dataframe[0].value.set_index("Indicateur")
    assert figures.loc["Fréquentation des festivals cités", "Écart"] == "hausse de " + fr.nombre(10_000)
    assert figures.loc["Lieux recensés", "Écart"] == "baisse de 1"
    assert figures.loc["Financements publics mobilisés", "Écart"] == "hausse de " + fr.euros(facts["funded"])
    assert figures.loc["Lieux recensés", "Le 12 mars 2025"] == fr.nombre(len(facts["lieux_before"]))
    summary = chart_tables(at)[0].set_index("Jeu de données")
    assert summary.loc[DATASETS["lieux"].title, "Retraits"] == "1"
    assert summary.loc[DATASETS["actions"].title, "Modifications"] == "1"
    assert summary.loc[DATASETS["financements"].title, "Modifications"] == "1"
    assert DATASETS["communes"].title not in summary.index  # unchanged datasets are not listed
    # The committee itself was added after 12 March: it is listed as new.
    assert "Nouveau comité de pilotage : Comité de pilotage ICC" in lines


def test_the_evolutions_page_without_committee_offers_a_date(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/evolutions.py")
    assert not at.exception, at.exception
    assert "Aucune donnée n'était publiée le " in at.warning[0].value  # seeded today, asked 90 days ago
    assert "Aucun comité de pilotage n'est encore enregistré" in at.info[0].value
    assert at.date_input[0].label == "Date de référence"


def test_every_page_replays_a_past_day_with_its_banner(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    eng = store.make_engine(url)
    store.init(eng)
    facts = publish_three_dates(eng, monkeypatch)
    before, after = facts["delta_before"], facts["delta_before"] + 10_000

    def attendance(at) -> str:
        return {m.label: m.value for m in at.metric}["Fréquentation des festivals cités"]

    today = open_page()
    assert not [w.value for w in today.warning if w.value.startswith("Données au")]
    then = open_page(query={"au": "2025-06-29"})
    assert not then.exception, then.exception
    banner = then.warning[0].value
    assert banner.startswith("Données au 29 juin 2025 (versions : ") and f"{DATASETS['evenements'].title} v1" in banner
    # The headline of that day differs from today's by exactly the correction published on 30 June.
    numbers = {at: int("".join(ch for ch in attendance(at) if ch.isdigit())) for at in (today, then)}
    assert numbers[today] - numbers[then] == after - before
    # The presentation reads the same day.
    screen = open_page("views/presentation.py", {"au": "2025-06-29", "ecrans": "chiffres", "ecran": "1"})
    assert not screen.exception, screen.exception
    assert attendance(screen) == attendance(then)
    assert then.button(key="icc_au_retour").label == "Revenir aux données du jour"
    back = then.button(key="icc_au_retour").click().run()
    assert not [w.value for w in back.warning if w.value.startswith("Données au")]
    assert attendance(back) == attendance(today)
    # Before the first publication, every dataset is shown at its first version, and the banner says so.
    early = open_page(query={"au": "2025-03-11"})
    assert "Jeux publiés après cette date, montrés dans leur première version : " in early.warning[0].value


def record_committee(eng, day: str = "2025-03-12") -> None:
    current = store.current_versions(eng)
    comites = pd.DataFrame(
        [{"id": "copil_1", "nom": "Comité de pilotage ICC", "date": day, "commentaire": "", "source": "test"}]
    )
    store.publish(eng, "comites", comites, "agent", "premier comité", current["comites"].id)


def test_the_evolutions_screens_in_the_presentation(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    eng = store.make_engine(url)
    store.init(eng)
    facts = publish_three_dates(eng, monkeypatch)
    record_committee(eng)

    # Without ``depuis``, the screens compare with the last committee recorded.
    at = open_page("views/presentation.py", {"ecrans": "evolutions,evolutions-jeux", "ecran": "1"})
    assert not at.exception, at.exception
    assert at.title[0].value == "Les chiffres clés depuis le 12 mars 2025"
    figures = at.dataframe[0].value.set_index("Indicateur")
    assert figures.loc["Fréquentation des festivals cités", "Écart"] == "hausse de " + fr.nombre(10_000)
    assert figures.loc["Lieux recensés", "Aujourd'hui"] == fr.nombre(len(facts["lieux_before"]) - 1)
    assert "Par défaut, le dernier comité de pilotage enregistré (Comité de pilotage ICC du 12 mars 2025)." in texts(at)
    # Another day chosen while preparing the presentation goes to the address and to the screens.
    at = at.date_input(key="pres_depuis").set_value(DAYS[1]).run()
    assert not at.exception, at.exception
    assert at.query_params["depuis"] == DAYS[1].isoformat()
    assert at.title[0].value == "Les chiffres clés depuis le 30 juin 2025"

    # ``depuis`` in the address chooses another day: the attendance was corrected on 30 June, before it ends.
    at = open_page("views/presentation.py", {"ecrans": "evolutions,evolutions-jeux", "ecran": "2", "depuis": DAYS[1]})
    assert not at.exception, at.exception
    assert at.title[0].value == "Ce qui a changé depuis le 30 juin 2025, jeu par jeu"
    counts = chart_tables(at)[0].set_index("Jeu de données")
    assert list(counts.index) == [DATASETS[n].title for n in ("lieux", "financements", "actions", "comites")]
    assert counts.loc[DATASETS["lieux"].title].tolist() == ["0", "1", "0"]
    assert counts.loc[DATASETS["comites"].title].tolist() == ["1", "0", "0"]


def test_the_evolutions_screens_go_to_powerpoint_and_excel(engine, three_dates):
    import io

    from openpyxl import load_workbook
    from pptx import Presentation

    from icc.prepared.filters import Filters
    from icc.present import deck

    now = model.load_bundle(engine)
    then = model.load_bundle(engine, store.versions_at(engine, asof.end_of_day(DAYS[0])))
    ids = ["evolutions", "evolutions-jeux"]
    options = {i: {"then": then, "depuis": DAYS[0].isoformat()} for i in ids}
    prs = Presentation(io.BytesIO(deck.pptx_bytes(now, Filters(), ids, DAYS[2], "", options)))
    slides = {s.shapes.title.text_frame.text: s for s in prs.slides}
    (table,) = [s.table for s in slides["Les chiffres clés depuis le 12 mars 2025"].shapes if s.has_table]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows}
    assert rows["Indicateur"] == ["Indicateur", "Le 12 mars 2025", "Aujourd'hui", "Écart"]
    assert rows["Fréquentation des festivals cités"][3] == "hausse de " + fr.nombre(10_000)
    assert rows["Financements publics mobilisés"][3] == "hausse de " + fr.euros(three_dates["funded"])
    (chart,) = [s.chart for s in slides["Ce qui a changé depuis le 12 mars 2025, jeu par jeu"].shapes if s.has_chart]
    assert list(chart.plots[0].categories) == [
        DATASETS[n].title for n in ("lieux", "evenements", "financements", "actions")
    ]
    assert {s.name: list(s.values) for s in chart.plots[0].series}["Retraits"] == [1.0, 0.0, 0.0, 0.0]
    book = load_workbook(io.BytesIO(deck.xlsx_bytes(now, Filters(), ids, DAYS[2], options)))
    sheet = [[c.value for c in row] for row in book["Évolutions par jeu"].iter_rows()]
    assert sheet[0] == ["Jeu de données", "Ajouts", "Retraits", "Modifications"]
    assert [DATASETS["lieux"].title, 0, 1, 0] in sheet


def test_the_evolutions_screen_without_a_day_says_what_to_do(default_frames):
    from icc.prepared.filters import Filters
    from icc.present import panels
    from tests.test_screens import bundle_of

    panel = panels.build(bundle_of(default_frames), Filters(), ["evolutions"])[0]
    assert panel.empty and "enregistrez un comité de pilotage" in panel.empty_message
