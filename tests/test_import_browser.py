"""In a real browser: a Ministry file that names a festival we already know under another
identifier asks « Même festival ? »; answered « fusionner », the festival stays one row."""

import re

import pytest

from icc.intake.reading import read_upload
from icc.storage import store
from tests.browser import EDITOR, EDITOR_PASSWORD, editor_store, sign_in, wait_ready
from tests.conftest import DATA
from tests.server import running_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NATIONAL = DATA.parent / "tests" / "fixtures" / "ministere" / "liste-des-festivals-en-france-2024-05.csv"
NAME = "Les nuits de berre"  # Berre-l'Étang (13014)


def grid_cells(page) -> list[str]:
    """The cells of every data grid shown (glide-data-grid keeps them in an accessible table)."""
    return [
        t
        for grid in page.locator('[data-testid="stDataFrame"]:visible').all()
        for t in grid.locator("td").all_inner_texts()
    ]


def open_ministry_import(page, dataset_title: str) -> None:
    """The data page, ``dataset_title`` chosen, « Extrait du ministère de la Culture » ticked."""
    page.get_by_role("link", name=re.compile("Mise à jour des données")).click()
    wait_ready(page)
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=dataset_title, exact=True).click()
    wait_ready(page)
    page.get_by_text("Extrait du ministère de la Culture").click()
    page.get_by_text("Date de l'extrait").wait_for(timeout=30_000)  # the Ministry mode is on
    wait_ready(page)


def import_and_merge(page, dataset_title: str, extract, thing: str, comment: str) -> None:
    """Send a Ministry extract from the data page, see the question block publication, answer
    « fusionner » and publish with ``comment`` (``thing``: « festival » or « lieu »)."""
    open_ministry_import(page, dataset_title)
    page.locator('input[type="file"]').set_input_files(str(extract))
    page.get_by_role("heading", name=f"Même {thing} ?").wait_for(timeout=60_000)
    wait_ready(page)
    assert page.get_by_text(f"« Même {thing} ? » attendent votre réponse : rien n'est publié avant").count() == 1
    assert page.get_by_role("button", name="Publier la nouvelle version").count() == 0
    sure = page.get_by_role("button", name="Fusionner la correspondance sûre")
    if sure.count():  # the same name re-typed, same commune: in the sure group
        sure.click()
    else:  # asked alone, with the evidence for and against
        page.get_by_role("button", name=f"Fusionner : c'est le même {thing}").click()
    page.get_by_text("Cellules modifiées").wait_for(timeout=60_000)
    wait_ready(page)
    page.get_by_label("Commentaire (obligatoire)").fill(comment)
    page.get_by_role("button", name="Publier la nouvelle version").click()


def test_a_known_festival_under_a_new_identifier_is_merged_on_answer_and_shown_once(page, tmp_path):
    engine, env = editor_store(tmp_path)
    frame = read_upload(NATIONAL.read_bytes(), NATIONAL.name, 50_000_000, 100_000).frame
    copy = frame[frame["Nom du festival"] == NAME].copy()
    assert len(copy) == 1
    copy["Identifiant"] = "FEST_13014_99999"  # a new export's identifier
    copy["Nom du festival"] = "LES NUITS DE BERRE !"
    extract = tmp_path / "festivals-extrait.csv"
    extract.write_text(copy.to_csv(sep=";", index=False), encoding="utf-8")
    before = store.current_versions(engine)["evenements"].row_count
    with running_app(env) as url:
        sign_in(page, url, EDITOR, EDITOR_PASSWORD)
        import_and_merge(page, "Festivals et événements", extract, "festival", "Nouvel identifiant du ministère")
        page.get_by_text(f"Version 2 publiée ({before} lignes)").wait_for(timeout=30_000)

        page.goto(f"{url}/festivals?commune=13014")
        wait_ready(page)
        page.get_by_role("heading", name="Tableau des événements").wait_for(timeout=30_000)
        named = [c for c in grid_cells(page) if "nuits de berre" in c.lower()]
        assert named == [NAME] * len(named) and len(named) >= 1
        table = page.locator('[data-testid="stDataFrame"]:visible').last
        assert [c for c in table.locator("td").all_inner_texts() if "nuits de berre" in c.lower()] == [NAME]

        page.goto(f"{url}/communes?commune=13014")
        wait_ready(page)
        page.get_by_role("heading", level=1, name="Berre-l'Étang").wait_for(timeout=30_000)
        cells = page.locator('[data-testid="stMain"] td').all_inner_texts()
        assert [c for c in cells if "nuits de berre" in c.lower()] == [NAME]  # its festival, once, as text

    row = store.read_version(engine, store.current_versions(engine)["evenements"].id).set_index("nom").loc[NAME]
    assert row["identifiants_ministere"] == "FEST_13014_752 ; FEST_13014_99999"


def test_a_known_place_in_a_basilic_extract_is_merged_on_answer_and_shown_once(page, tmp_path):
    """The same step for Basilic and ``lieux``: « Même lieu ? », answered « fusionner »."""
    engine, env = editor_store(tmp_path)
    extract = tmp_path / "basilic-extrait.csv"
    extract.write_text(
        "Identifiant_deps_a_partir_de_2022;Nom;Type équipement ou lieu;Domaine;Sous_domaine;code_insee;Adresse;"
        "Latitude;Longitude\n"
        "LIEU_13001_990101;THEATRE DU JEU DE PAUME;Théâtre;Arts du spectacle;Théâtre;13001;rue de l'Opéra;"
        "43.5277;5.4515\n",  # a hand-made row: Basilic's documented columns, our place written otherwise
        encoding="utf-8",
    )
    before = store.current_versions(engine)["lieux"].row_count
    with running_app(env) as url:
        sign_in(page, url, EDITOR, EDITOR_PASSWORD)
        import_and_merge(page, "Lieux", extract, "lieu", "Identifiant Basilic du Jeu de Paume")
        page.get_by_text(f"Version 2 publiée ({before} lignes)").wait_for(timeout=30_000)

        page.goto(f"{url}/communes?commune=13001")
        wait_ready(page)
        page.get_by_role("heading", level=1, name="Aix-en-Provence").wait_for(timeout=30_000)
        cells = page.locator('[data-testid="stMain"] td').all_inner_texts()
        assert [c for c in cells if "jeu de paume" in c.lower()] == ["Théâtre du Jeu de Paume"]  # once, ours

    row = store.read_version(engine, store.current_versions(engine)["lieux"].id).set_index("id")
    assert row.loc["theatre_jeu_de_paume", "identifiants_basilic"] == "LIEU_13001_990101"
    assert row.loc["theatre_jeu_de_paume", "adresse"] == "rue de l'Opéra"


MUSEOFILE = DATA.parent / "tests" / "fixtures" / "ministere" / "musees-de-france-base-museofile.csv"


def test_a_known_museum_retyped_in_a_museofile_extract_is_merged_on_answer_and_shown_once(page, tmp_path):
    """Muséofile into ``lieux``: the territory's records of the national file, the Musée Ziem re-typed
    without its reference (« Même lieu ? », answered « fusionner ») and the Musée Cantini's website
    changed (updated by its identifier): Martigues' portrait shows the Musée Ziem once."""
    engine, env = editor_store(tmp_path)
    frame = read_upload(MUSEOFILE.read_bytes(), MUSEOFILE.name, 50_000_000, 100_000).frame
    copy = frame[frame["dpt"].isin(["Bouches-du-Rhône", "BOUCHES DU RHONE"])].copy()
    ziem, cantini = copy["ref"] == "M0923", copy["ref"] == "M0915"
    assert ziem.sum() == cantini.sum() == 1
    copy.loc[ziem, ["ref", "nomoff"]] = ["", "MUSEE ZIEM"]
    copy.loc[cantini, "url_m"] = "https://musees.marseille.fr/musee-cantini"
    extract = tmp_path / "museofile-extrait.csv"
    extract.write_text(copy.to_csv(sep=";", index=False), encoding="utf-8")
    before = store.current_versions(engine)["lieux"].row_count
    with running_app(env) as url:
        sign_in(page, url, EDITOR, EDITOR_PASSWORD)
        import_and_merge(page, "Lieux", extract, "lieu", "Muséofile : site du Musée Cantini")
        page.get_by_text(f"Version 2 publiée ({before} lignes)").wait_for(timeout=30_000)

        page.goto(f"{url}/communes?commune=13056")
        wait_ready(page)
        page.get_by_role("heading", level=1, name="Martigues").wait_for(timeout=30_000)
        cells = page.locator('[data-testid="stMain"] td').all_inner_texts()
        # One place: named once, as Muséofile names it, in the portrait's places and in its museums.
        assert [c for c in cells if "ziem" in c.lower()] == ["Musée Ziem", "Musée Ziem"]
        rows = page.locator('[data-testid="stMain"] tr').all_inner_texts()
        museum = [r for r in rows if "Musée Ziem" in r and "2021" in r]
        assert len(museum) == 1 and re.search(r"6\s249", museum[0]), rows  # with its attendance, 6 249 in 2021

    places = store.read_version(engine, store.current_versions(engine)["lieux"].id).set_index("id")
    assert places.loc["museofile_m0923", "identifiant_museofile"] == "M0923"
    assert places.loc["museofile_m0915", "site_internet"] == "https://musees.marseille.fr/musee-cantini"
    assert places["nom"].str.lower().str.contains("ziem").sum() == 1
