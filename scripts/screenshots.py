"""Screenshots of every dashboard at 1440×900 into docs/screenshots/ (rerun: make screenshots).

Starts the app as the README does, on a temporary database seeded with the default data,
and drives Debian's Chromium with Playwright.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import DASHBOARDS, open_page  # noqa: E402
from tests.server import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
# Software WebGL, so that the pydeck map draws without a GPU.
WEBGL_ARGS = ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="icc-captures-"))
    env = {
        "ICC_DATABASE_URL": f"sqlite:///{tmp / 'icc.db'}",
        "ICC_VAR_DIR": str(tmp),
        "ICC_BASEMAP": "none",  # no network here: the commune contours keep the map readable
    }
    args = [a for a in CHROMIUM_ARGS if a != "--disable-gpu"] + WEBGL_ARGS
    with running_app(env) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="fr-FR")
        for path in DASHBOARDS:
            open_page(page, url, path)
            page.wait_for_timeout(2500 if path == "carte" else 800)
            target = OUT / f"{path or 'vue-ensemble'}.png"
            page.screenshot(path=str(target))
            print(f"écrit : {target.relative_to(ROOT)}")
        browser.close()


if __name__ == "__main__":
    main()
