"""In a real browser, an editor corrects cells in the table, sees them in the preview and publishes them."""

import re

import pytest

from icc import formatting as fr
from icc.datasets.schema import DATASETS
from icc.intake import edit
from icc.intake.headers import fold
from icc.intake.seed import seed_if_empty
from icc.prepared.aggregations.actions import axis_title
from icc.prepared.model import load_bundle
from icc.present.panels.figures import actions_figure
from icc.storage import accounts, store
from tests.browser import sign_in, wait_ready
from tests.conftest import DATA
from tests.server import running_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "mot de passe de test"
EDITOR, OTHER = "agent.culture", "agent.deux"
EVENTS, ACTIONS = DATASETS["evenements"], DATASETS["actions"]


def choose(page, selectbox, option: str) -> None:
    for _ in range(3):
        wait_ready(page)
        selectbox.click()
        choice = page.get_by_role("option", name=option, exact=True)
        try:
            choice.wait_for(timeout=5_000)
        except Exception:  # the list did not open (the page was rerunning): again
            page.keyboard.press("Escape")
            continue
        choice.click()
        wait_ready(page)
        return
    raise AssertionError(f"option {option!r} not offered")


def open_online_edit(page, dataset_title: str) -> None:
    page.get_by_role("link", name=re.compile("Mise à jour des données")).click()
    wait_ready(page)
    choose(page, page.locator('[data-testid="stSelectbox"]').first, dataset_title)
    page.locator('[data-testid="stButtonGroup"]').get_by_text("Modifier en ligne", exact=True).click()
    wait_ready(page)


def search(page, text: str) -> None:
    page.get_by_label("Rechercher").fill(text)
    page.get_by_label("Rechercher").press("Enter")
    wait_ready(page)


def grid_cells(grid) -> list[str]:
    """glide-data-grid draws on a canvas and keeps its visible cells in an accessible table."""
    return grid.locator("table td, table th").all_inner_texts()


def editor_grid(page):
    grid = page.locator('.st-key-editeur_en_ligne [data-testid="stDataFrame"]')
    for _ in range(5):
        wait_ready(page)
        try:
            grid.scroll_into_view_if_needed(timeout=5_000)
            return grid
        except Exception:  # redrawn by a rerun meanwhile: again
            page.wait_for_timeout(500)
    raise AssertionError("the table is not shown")


def wait_for_cell(page, grid, text: str, timeout_ms: int = 15_000) -> bool:
    for _ in range(timeout_ms // 250):
        try:
            if text in grid_cells(grid):
                return True
        except Exception:  # redrawn by a rerun meanwhile
            pass
        page.wait_for_timeout(250)
    return False


def eventually(page, read, check, timeout_ms: int = 20_000):
    """What ``read()`` gives once ``check`` accepts it (grids fill their accessible table after drawing)."""
    seen = None
    for _ in range(timeout_ms // 250):
        try:
            seen = read()
            if check(seen):
                return seen
        except Exception:  # redrawn meanwhile
            pass
        page.wait_for_timeout(250)
    raise AssertionError(f"never shown; last seen: {seen}")


def type_in_first_row(page, ds, column: str, text: str) -> None:
    """Select the first row's « Ligne », move right to ``column``, open its editor, replace its value."""
    grid = editor_grid(page)
    box = grid.bounding_box()
    page.wait_for_timeout(1_000)  # the grid settles after the page's last rerun
    page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)
    page.wait_for_timeout(500)
    page.keyboard.press("Control+Home")  # from the first row's « Ligne », wherever the last edit left the grid
    page.wait_for_timeout(200)
    for _ in range(ds.columns.index(column) + 1):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(200)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    page.keyboard.press("Control+a")
    page.keyboard.type(text, delay=30)
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    wait_ready(page)


def first_row_cell(page, ds, column: str) -> str:
    """What the table shows in the first row's ``column``, brought into view with the keyboard
    (the grid keeps only its visible cells in its accessible table: ``glide-cell-{col}-{row}``)."""
    grid = editor_grid(page)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)
    page.keyboard.press("Control+Home")
    for _ in range(ds.columns.index(column) + 1):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(200)
    cell = grid.locator(f"#glide-cell-{ds.columns.index(column) + 2}-0")
    return eventually(page, lambda: cell.inner_text(timeout=1_000), lambda shown: shown != "")


def in_draft(page, engine, user: str, ds, key: str, column: str, expected: str) -> None:
    """The server holds the edit: the draft in the store has ``expected`` in that cell."""

    def value() -> str:
        saved = store.draft_of(engine, user, ds.name)
        return edit.load(ds, saved.content).set_index(ds.key).at[key, column] if saved else None

    eventually(page, value, lambda seen: seen == expected)


def verify(page) -> None:
    page.get_by_role("button", name="Vérifier").click()
    page.get_by_text("Rapport de validation").wait_for(timeout=30_000)
    wait_ready(page)


def changed_cells(page) -> list[str]:
    page.get_by_text("Cellules modifiées").wait_for(timeout=10_000)
    return grid_cells(page.locator('[data-testid="stDataFrame"]:visible').last)


def publish(page, comment: str) -> None:
    page.get_by_label("Commentaire (obligatoire)").fill(comment)
    page.get_by_role("button", name="Publier la nouvelle version").click()


def an_action_to_finish(bundle):
    """A leaf action not yet done whose title no other row contains (so a search finds it alone)."""
    actions = bundle.frames["actions"]
    leaves = actions[~actions["code"].isin(actions["parent"].dropna()) & (actions["statut"] != "réalisé")]
    folded = actions.astype(str).apply(lambda column: column.map(fold))
    for _, row in leaves.iterrows():
        key = fold(row["intitule"])
        if int(folded.apply(lambda column, key=key: column.str.contains(key, regex=False)).any(axis=1).sum()) == 1:
            return row
    raise AssertionError("no action with a distinctive title")


def test_an_editor_corrects_two_cells_in_place_and_publishes_them(page, tmp_path):
    db = tmp_path / "icc.db"
    engine = store.make_engine(f"sqlite:///{db}")
    seed_if_empty(engine, DATA)
    accounts.create(engine, EDITOR, PASSWORD, accounts.EDITOR, by="test")
    accounts.create(engine, OTHER, PASSWORD, accounts.EDITOR, by="test")
    seeded = load_bundle(engine)
    events = edit.cells_of_version(EVENTS, seeded.frames["evenements"][EVENTS.columns])
    delta_line = str(int(events.index[events["id"] == "delta_festival"][0]))
    delta_before = events.set_index("id").at["delta_festival", "frequentation"]
    action = an_action_to_finish(seeded)
    env = {"ICC_DATABASE_URL": f"sqlite:///{db}", "ICC_VAR_DIR": str(tmp_path), "ICC_BASEMAP": "none"}
    with running_app(env) as url:
        sign_in(page, url, EDITOR, PASSWORD)
        open_online_edit(page, EVENTS.title)
        search(page, "Delta Festival")
        page.get_by_text("1 ligne(s) sur ").wait_for(timeout=5_000)  # the search found Delta Festival alone
        assert wait_for_cell(page, editor_grid(page), "delta_festival")

        # « beaucoup » in the attendance column: the French refusal on that row and column, nothing published.
        type_in_first_row(page, EVENTS, "frequentation", "beaucoup")
        in_draft(page, engine, EDITOR, EVENTS, "delta_festival", "frequentation", "beaucoup")
        verify(page)
        page.get_by_text("1 erreur(s) à corriger dans le tableau avant de publier.").wait_for(timeout=5_000)
        report = page.locator('[data-testid="stDataFrame"]:visible').last
        assert grid_cells(report) == [
            "Ligne",
            "Colonne",
            "Valeur trouvée",
            "Problème et attendu",
            delta_line,
            "Fréquentation",
            "beaucoup",
            "« beaucoup » n'est pas un nombre entier ; attendu : nombre entier supérieur ou égal à 0 (personnes), "
            f"ex. {fr.nombre(150_000)}.",
        ]
        assert page.get_by_role("button", name="Publier la nouvelle version").count() == 0
        assert store.current_versions(engine)["evenements"].number == 1

        # 160 000, then a reload in the middle of the edit: the draft is still there.
        type_in_first_row(page, EVENTS, "frequentation", "160 000")
        page.get_by_text("Brouillon du ").wait_for(timeout=10_000)
        in_draft(page, engine, EDITOR, EVENTS, "delta_festival", "frequentation", "160 000")
        page.reload()
        wait_ready(page)
        open_online_edit(page, EVENTS.title)
        page.get_by_text("Brouillon du ").wait_for(timeout=10_000)
        search(page, "Delta Festival")
        assert first_row_cell(page, EVENTS, "frequentation") == "160 000"

        verify(page)
        page.get_by_text("Aucune erreur.").wait_for(timeout=5_000)
        assert changed_cells(page) == [
            "Identifiant",
            "Ligne",
            "Colonne",
            "Avant",
            "Après",
            "delta_festival",
            delta_line,
            "Fréquentation",
            delta_before,
            fr.nombre(160_000),
        ]
        publish(page, "Fréquentation 2025 du Delta Festival")
        page.get_by_text(re.compile(r"Version 2 publiée")).wait_for(timeout=30_000)
        assert store.draft_of(engine, EDITOR, "evenements") is None

        # An action becomes « réalisé »; a colleague publishes the same dataset before the first account does.
        open_online_edit(page, ACTIONS.title)
        search(page, action["intitule"])
        type_in_first_row(page, ACTIONS, "statut", "réalisé")
        in_draft(page, engine, EDITOR, ACTIONS, action["code"], "statut", "réalisé")
        verify(page)
        actions_before = edit.cells_of_version(ACTIONS, seeded.frames["actions"][ACTIONS.columns])
        action_line = str(int(actions_before.index[actions_before["code"] == action["code"]][0]))
        assert changed_cells(page) == [
            "Code",
            "Ligne",
            "Colonne",
            "Avant",
            "Après",
            action["code"],
            action_line,
            "Statut",
            action["statut"],
            "réalisé",
        ]
        frame = load_bundle(engine).frames["actions"][ACTIONS.columns].copy()
        other_row = frame.index[frame["code"] != action["code"]][-1]
        frame.loc[other_row, "partenaires"] = "AGAM"
        current = store.current_versions(engine)["actions"]
        store.publish(engine, "actions", frame, OTHER, "partenaires ajoutés", current.id)
        publish(page, "Action réalisée")
        refusal = page.get_by_text(re.compile("Publication impossible pour l'instant"))
        refusal.wait_for(timeout=30_000)
        assert f"la version 2, publiée par {OTHER} le " in refusal.inner_text()
        assert "(« partenaires ajoutés »)" in refusal.inner_text()
        assert store.current_versions(engine)["actions"].author == OTHER
        assert store.draft_of(engine, EDITOR, "actions") is not None  # kept

        page.get_by_role("button", name="Reprendre mon brouillon sur la version 2").click()
        page.get_by_text("Votre brouillon est repris sur la version 2.").wait_for(timeout=30_000)
        wait_ready(page)
        verify(page)
        assert changed_cells(page)[5:] == [action["code"], action_line, "Statut", action["statut"], "réalisé"]
        publish(page, "Action réalisée")
        page.get_by_text(re.compile(r"Version 3 publiée")).wait_for(timeout=30_000)

        # What everybody reads.
        published = load_bundle(engine)
        page.get_by_role("link", name=re.compile("Festivals et événements")).click()
        wait_ready(page)
        tables = page.locator('[data-testid="stDataFrame"]').locator("table tr")
        eventually(
            page,
            tables.all_inner_texts,
            lambda rows: any("Delta Festival" in r and fr.nombre(160_000) in r for r in rows),
        )

        page.get_by_role("link", name=re.compile("Feuille de route")).click()
        wait_ready(page)
        done = actions_figure(published)
        assert done.value != actions_figure(seeded).value
        metric = page.locator('[data-testid="stMetric"]').filter(has_text=done.label)
        assert done.value in metric.inner_text()
        page.get_by_text(axis_title(int(action["axe"]))).first.click()
        wait_ready(page)
        eventually(
            page,
            page.locator('[data-testid="stDataFrame"]:visible table tr').all_inner_texts,
            lambda rows: any(action["intitule"] in r and "réalisé" in r for r in rows),
        )

        page.goto(f"{url}/historique")
        wait_ready(page)
        choose(page, page.locator('[data-testid="stSelectbox"]').first, EVENTS.title)
        eventually(
            page,
            page.locator('[data-testid="stDataFrame"]:visible').first.locator("table tr").all_inner_texts,
            lambda rows: any(EDITOR in r and "Fréquentation 2025 du Delta Festival" in r for r in rows),
        )
    log = store.audit_entries(engine)
    online = log[log["action"] == "modification en ligne"]
    assert online[["user", "dataset", "detail"]].values.tolist() == [
        [EDITOR, "actions", "Action réalisée"],
        [EDITOR, "evenements", "Fréquentation 2025 du Delta Festival"],
    ]


def test_a_colleagues_comment_in_the_conflict_message_reads_as_typed(page, tmp_path):
    """The refusal names the version published meanwhile with its comment: Markdown and HTML in it
    show as the colleague typed them, never as bold text, a live link or markup."""
    db = tmp_path / "icc.db"
    engine = store.make_engine(f"sqlite:///{db}")
    seed_if_empty(engine, DATA)
    accounts.create(engine, EDITOR, PASSWORD, accounts.EDITOR, by="test")
    bundle = load_bundle(engine)
    base = bundle.versions["evenements"].id
    draft = edit.cells_of_version(EVENTS, bundle.frames["evenements"][EVENTS.columns])
    draft.loc[draft.index[0], "nom"] = "Nom de mon brouillon"
    store.save_draft(engine, EDITOR, "evenements", base, edit.dump(draft))
    comment = "**urgent** [voir ici](https://exemple.org) <b>gras</b> &amp; :smile: _fin_"
    frame = bundle.frames["evenements"][EVENTS.columns].copy()
    frame.loc[frame.index[1], "nom"] = "Nom publié entre-temps"
    store.publish(engine, "evenements", frame, OTHER, comment, base)
    env = {"ICC_DATABASE_URL": f"sqlite:///{db}", "ICC_VAR_DIR": str(tmp_path), "ICC_BASEMAP": "none"}
    with running_app(env) as url:
        sign_in(page, url, EDITOR, PASSWORD)
        open_online_edit(page, EVENTS.title)
        box = page.locator('[data-testid="stAlertContentError"]', has_text="Publication impossible")
        box.wait_for(timeout=20_000)
        shown = box.inner_text().replace("\u2060", "")  # the word joiner that keeps an address unlinked
        assert f"publiée par {OTHER} le " in shown
        assert f"(« {comment} »)" in shown
        assert box.locator("a, strong, em, b, img").count() == 0
