"""Helpers to drive the real app in Chromium."""

from __future__ import annotations

DASHBOARDS = {
    "": "Industries culturelles et créatives – Vue d'ensemble",
    "financements": "Financements",
    "festivals": "Festivals et événements",
    "carte": "Carte",
    "filieres": "Filières",
    "feuille-de-route": "Feuille de route : plan d'actions",
    "grands-projets": "Grands projets",
}


def wait_ready(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script and drawn its charts."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout)
    # Streamlit marks the app root with the script's state, as its own end-to-end tests use.
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout, polling=200
    )
    page.wait_for_timeout(500)  # plotly and deck.gl draw asynchronously after the script ends


def open_page(page, base_url: str, path: str, query: str = "") -> None:
    page.goto(f"{base_url}/{path}{'?' + query if query else ''}")
    wait_ready(page)


def errors_shown(page) -> list[str]:
    boxes = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    return [boxes.nth(i).inner_text() for i in range(boxes.count())]


def fill_sign_in(page, username: str, password: str) -> None:
    """Type into the Connexion page's form and send it (the page must be open)."""
    page.get_by_label("Nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def sign_in(page, base_url: str, username: str, password: str) -> None:
    """Open Connexion, sign in, and wait until the app says who is signed in."""
    open_page(page, base_url, "connexion")
    fill_sign_in(page, username, password)
    page.get_by_text(f"Connecté : {username}").wait_for(timeout=20_000)


def human_click(page, x: float, y: float) -> None:
    """A click whose press and release carry the times a person's would (80 ms apart).

    Playwright sends the release only once the page has handled the press; on a software-rendered
    browser the press (deck.gl picks the shapes under the pointer) takes longer than a tap may last,
    so its click reads as a long press. A mouse stamps each event when it happens, as this does."""
    import time

    cdp = page.context.new_cdp_session(page)
    now = time.time()
    for kind, at in (("mousePressed", now), ("mouseReleased", now + 0.08)):
        cdp.send(
            "Input.dispatchMouseEvent",
            {
                "type": kind,
                "x": x,
                "y": y,
                "button": "left",
                "buttons": 1 if kind == "mousePressed" else 0,
                "clickCount": 1,
                "timestamp": at,
            },
        )
    cdp.detach()


EDITOR, EDITOR_PASSWORD = "agent.culture", "mot de passe de test"


def editor_store(tmp_path):
    """A seeded SQLite store with an editor account, and the environment that serves it."""
    from icc.intake.seed import seed_if_empty
    from icc.storage import accounts, store
    from tests.conftest import DATA

    db = tmp_path / "icc.db"
    engine = store.make_engine(f"sqlite:///{db}")
    seed_if_empty(engine, DATA)
    accounts.create(engine, EDITOR, EDITOR_PASSWORD, accounts.EDITOR, by="test")
    return engine, {"ICC_DATABASE_URL": f"sqlite:///{db}", "ICC_VAR_DIR": str(tmp_path), "ICC_BASEMAP": "none"}


# A phone as Chromium on Android presents itself: the server reads « Mobi » in its user agent
# (icc.ui.layout.on_phone) and fits the charts and maps to a phone's width.
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "user_agent": PHONE_USER_AGENT,
}
