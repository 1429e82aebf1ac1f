"""In a real browser, a file of a class that once crashed the data page gets its French report."""

import re

import pytest

from icc.storage import store
from tests.browser import EDITOR, EDITOR_PASSWORD, editor_store, sign_in, wait_ready
from tests.corpus.intake_cases import OUT, RSE
from tests.server import running_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_an_empty_sub_envelope_amount_is_reported_in_french_without_a_streamlit_error(page, tmp_path):
    engine, env = editor_store(tmp_path)
    with running_app(env) as url:
        sign_in(page, url, EDITOR, EDITOR_PASSWORD)
        page.get_by_role("link", name=re.compile("Mise à jour des données")).click()
        wait_ready(page)
        page.locator('[data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="Financements").click()
        wait_ready(page)
        page.locator('input[type="file"]').set_input_files(str(OUT / "financements_sous_enveloppe_vide.csv"))
        page.get_by_text("Rapport de validation").wait_for(timeout=30_000)
        wait_ready(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_text("This app has encountered an error").count() == 0
        page.get_by_text("1 erreur(s) à corriger dans le fichier avant de publier.").wait_for(timeout=5_000)
        page.get_by_text("Vérification terminée").wait_for(timeout=5_000)
        report = page.locator('[data-testid="stDataFrame"]:visible').first
        report.wait_for(timeout=10_000)
        # The grid is drawn on a canvas; glide-data-grid keeps its cells in an accessible table.
        cells = report.locator("table td, table th").all_inner_texts()
        assert cells == [
            "Ligne",
            "Colonne",
            "Valeur trouvée",
            "Problème et attendu",
            str(RSE),
            "Montant",
            "(vide)",  # an empty cell is named, never shown as nothing
            "cellule vide ; attendu : nombre supérieur ou égal à 0 (€).",
        ]
        assert page.get_by_role("button", name="Publier la nouvelle version").count() == 0
    entries = store.audit_entries(engine)
    assert entries["action"].iloc[0] == "téléversement"
    assert "1 erreur(s)" in entries["detail"].iloc[0]
    assert store.current_versions(engine)["financements"].number == 1
