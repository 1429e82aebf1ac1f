"""Escaped data shows as typed in Chromium: no link, no image, no request to the planted host."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.markdown_samples import HOSTILE
from tests.server import running_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_escaped_data_forms_no_link_and_no_image(page):
    planted = []
    page.route("**/*pirate.example*", lambda r: (planted.append(r.request.url), r.abort()))
    with running_app({}, script=ROOT / "tests" / "fixtures" / "markdown_data" / "page.py") as url:
        page.goto(url)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30_000)
        page.wait_for_timeout(1000)
        main = page.locator('[data-testid="stMain"]')
        assert main.locator("a").count() == 0
        assert main.locator("img").count() == 0
        shown = main.inner_text().replace("\u2060", "")
        for text in HOSTILE:
            assert text in shown  # as typed, brackets and all
    assert planted == []
