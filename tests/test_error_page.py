"""A failing page shows a French message with a reference, logs the traceback, keeps the upload."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tests.server import running_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
FIXTURE = ROOT / "tests" / "fixtures" / "failing_page" / "server.py"


def test_a_script_error_shows_a_french_page_and_keeps_the_upload(page, tmp_path):
    log = tmp_path / "serveur.log"
    upload = tmp_path / "festivals.csv"
    upload.write_text("id,nom\n1,Delta\n", encoding="utf-8")
    with running_app({}, script=FIXTURE, log=log) as url:
        page.goto(url)
        page.wait_for_selector('[data-testid="stFileUploader"]', timeout=30_000)
        page.locator('input[type="file"]').set_input_files(str(upload))
        page.get_by_text("Fichier reçu : festivals.csv, 15 octets").wait_for(timeout=20_000)

        page.get_by_text("Provoquer une erreur").click()
        message = page.get_by_text(re.compile("Référence de l'incident"))
        message.wait_for(timeout=20_000)
        wait_ready_without_title(page)
        shown = page.locator('[data-testid="stMain"]').inner_text()
        reference = re.search(r"Référence de l'incident : ([0-9A-F]{8})", shown).group(1)
        assert "Cette page a rencontré une erreur" in shown
        for english in ("Traceback", "ValueError", "détail interne", "Error", "exception"):
            assert english not in shown
        assert page.locator('[data-testid="stException"]').count() == 0
        # The upload in progress is still there, and the page works again once the cause is gone.
        assert "festivals.csv" in page.locator('[data-testid="stFileUploader"]').inner_text()
        page.get_by_text("Provoquer une erreur").click()
        page.get_by_text(re.compile("Référence de l'incident")).wait_for(state="detached", timeout=20_000)
        wait_ready_without_title(page)
        assert "Fichier reçu : festivals.csv, 15 octets" in page.locator('[data-testid="stMain"]').inner_text()
    logged = log.read_text(encoding="utf-8", errors="replace")
    assert f"référence {reference}" in logged
    assert "Traceback" in logged and "ValueError: détail interne à ne pas montrer" in logged


def wait_ready_without_title(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30_000)
