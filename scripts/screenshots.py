"""Screenshots of every page at 1440×900 and on a 390×844 phone into docs/screenshots/ (make screenshots).

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

from tests.browser import DASHBOARDS, PHONE, open_page  # noqa: E402
from tests.server import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PAGES = [
    *DASHBOARDS,
    "communes",
    "communes?commune=13056",
    "metropoles",
    "musees",
    "presentation",
    "evolutions",
    "connexion",
    "accessibilite",
]
# The phone presents itself as one (its user agent), as the page fits its charts and maps to it.
SIZES = {"": {"viewport": {"width": 1440, "height": 900}}, "-telephone": PHONE}
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
        for suffix, device in SIZES.items():
            page = browser.new_page(locale="fr-FR", **device)
            for address in PAGES:
                path, _, query = address.partition("?")
                open_page(page, url, path, query)
                page.wait_for_timeout(2500 if path in ("carte", "communes") else 800)
                name = f"{path}-portrait" if query.startswith("commune=") else path or "vue-ensemble"
                target = OUT / f"{name}{suffix}.png"
                page.screenshot(path=str(target))
                print(f"écrit : {target.relative_to(ROOT)}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
