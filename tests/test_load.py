"""Several people browsing every dashboard at once while an editor publishes a new version.

Bounded: SESSIONS browser contexts for at most BROWSING_S seconds, on loopback, in one
headless Chromium driven by Playwright's async API (its sync API is not thread-safe).
Page times are reported (printed and written to a JSON file), never asserted.
"""

from __future__ import annotations

import asyncio
import json
import math
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.async_api import Error as PlaywrightError

from icc.prepared import model
from icc.present.panels import figures as headlines
from icc.storage import store
from tests.browser import DASHBOARDS, errors_shown, wait_ready
from tests.browser import open_page as open_in_browser
from tests.conftest import skip_or_fail
from tests.server import CHROMIUM, CHROMIUM_ARGS, running_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("heavy")]

SESSIONS = 6
BROWSING_S = 40.0
PUBLISH_AFTER_S = BROWSING_S / 2
# Generous: on a busy 2-CPU machine, Chromium drawing 6 pages at once is slower than the app.
PAGE_TIMEOUT_MS = 120_000
ATTENDANCE = "Fréquentation des festivals cités"
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
READY = (
    "() => !!document.querySelector('[data-testid=\"stMain\"] h1')"
    ' && !!document.querySelector(\'[data-testid="stApp"][data-test-script-state="notRunning"]\')'
    " && !document.querySelector('[data-testid=\"stSkeleton\"]')"
)


@dataclass
class Load:
    session: int
    path: str
    seconds: float
    title: str
    errors: list[str]
    after_publication: bool  # the load started once the new version was published
    attendance: str | None = None  # overview only


@dataclass
class Run:
    loads: list[Load] = field(default_factory=list)
    final: dict[int, str] = field(default_factory=dict)  # session -> figure of its last overview load
    published_at: float | None = None
    shots: Path = Path()  # where screenshots of failed loads go


async def open_page(page, url: str, path: str) -> float:
    start = time.perf_counter()
    await page.goto(f"{url}/{path}")
    await page.wait_for_function(READY, timeout=PAGE_TIMEOUT_MS, polling=50)
    return time.perf_counter() - start


async def attendance(page) -> str:
    metric = page.locator('[data-testid="stMetric"]', has_text=ATTENDANCE)
    return (await metric.locator('[data-testid="stMetricValue"]').inner_text()).strip()


async def one_load(page, url: str, session: int, path: str, after: bool, shots: Path) -> Load:
    """Open one page; a page that never finishes is recorded as an error, with a screenshot."""
    try:
        seconds = await open_page(page, url, path)
        title = await page.locator('[data-testid="stMain"] h1').first.inner_text()
        boxes = page.locator(ERRORS)
        errors = [await boxes.nth(i).inner_text() for i in range(await boxes.count())]
        load = Load(session, path, seconds, title, errors, after)
        if path == "":
            load.attendance = await attendance(page)
        return load
    except PlaywrightError as exc:
        shot = shots / f"session{session}-{path or 'vue-ensemble'}-{time.monotonic():.0f}.png"
        await page.screenshot(path=str(shot))
        return Load(session, path, math.nan, "", [f"{type(exc).__name__}: {exc.message[:300]} ({shot})"], after)


async def browse(page, url: str, session: int, deadline: float, published: asyncio.Event, run: Run) -> None:
    # Each session starts on a different page, so that the pages are under load together; the
    # overview, where every session ends, is the start of none (with 6 sessions, all 7 pages are seen).
    others = [path for path in DASHBOARDS if path != ""]
    start = session % len(others)
    order = [*others[start:], *others[:start]]
    order.insert(len(order) // 2, "")
    while time.monotonic() < deadline:
        for path in order:
            if time.monotonic() >= deadline:
                break
            run.loads.append(await one_load(page, url, session, path, published.is_set(), run.shots))
    # The last overview load of every session, once browsing is over.
    last = await one_load(page, url, session, "", True, run.shots)
    run.loads.append(last)
    run.final[session] = last.attendance


def incidents(log: Path) -> str:
    """The server log's page errors with their tracebacks (icc.ui.errors logs each under its reference)."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
    starts = [i for i, line in enumerate(lines) if "Erreur de page" in line]
    return "\n\n".join("\n".join(lines[i : i + 40]) for i in starts[:3]) or "(aucune trace dans le journal du serveur)"


def publish_new_attendance(engine) -> None:
    """What an editor's upload does: a new version of the festivals, Delta Festival up by 100 000."""
    current = store.current_versions(engine)["evenements"]
    events = store.read_version(engine, current.id)
    delta = events["id"] == "delta_festival"
    assert delta.sum() == 1
    events.loc[delta, "frequentation"] = events.loc[delta, "frequentation"] + 100_000
    store.publish(engine, "evenements", events, "agent.culture", "Fréquentation 2025", current.id)


async def publish_midway(engine, published: asyncio.Event, run: Run, started: float) -> None:
    await asyncio.sleep(PUBLISH_AFTER_S)
    await asyncio.to_thread(publish_new_attendance, engine)
    run.published_at = time.monotonic() - started
    published.set()


async def load_test(url: str, engine, shots: Path) -> Run:
    from playwright.async_api import async_playwright

    run = Run(shots=shots)
    published = asyncio.Event()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            contexts = [
                await browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-FR")
                for _ in range(SESSIONS)
            ]
            for context in contexts:
                context.set_default_timeout(PAGE_TIMEOUT_MS)
            pages = [await context.new_page() for context in contexts]
            # Every session opens the overview at once (a cold browser cache), then browsing starts.
            run.loads += await asyncio.gather(
                *(one_load(page, url, i, "", False, shots) for i, page in enumerate(pages))
            )
            started = time.monotonic()
            deadline = started + BROWSING_S
            await asyncio.gather(
                publish_midway(engine, published, run, started),
                *(browse(page, url, i, deadline, published, run) for i, page in enumerate(pages)),
            )
        finally:
            await browser.close()
    return run


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def figure(engine) -> str:
    return next(f.value for f in headlines.headline(model.load_bundle(engine)) if f.label == ATTENDANCE)


def test_sessions_browse_every_page_while_a_version_is_published(tmp_path):
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"Chromium absent ({CHROMIUM}) : apt-get install chromium")
    db_url = f"sqlite:///{tmp_path / 'icc.db'}"
    env = {
        "ICC_DATABASE_URL": db_url,
        "ICC_VAR_DIR": str(tmp_path),
        "ICC_BASEMAP": "none",
    }
    engine = store.make_engine(db_url)
    with running_app(env, log=tmp_path / "server.log") as url:  # read when a page fails
        # A first visit seeds the database, as on a real first start.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, warm_up(url)).result(timeout=120)
        before = figure(engine)
        with ThreadPoolExecutor(1) as pool:
            running = pool.submit(asyncio.run, load_test(url, engine, tmp_path))
            run = running.result(timeout=BROWSING_S + 4 * PAGE_TIMEOUT_MS / 1000)
        after = figure(engine)
    engine.dispose()

    times = [load.seconds for load in run.loads if not math.isnan(load.seconds)]
    report = {
        "sessions": SESSIONS,
        "browsing_s": BROWSING_S,
        "published_at_s": run.published_at,
        "page_loads": len(times),
        "overview_loads_after_publication": len([x for x in run.loads if x.path == "" and x.after_publication]),
        "p50_s": statistics.median(times),
        "p95_s": percentile(times, 0.95),
        "by_page": {
            f"/{path}": {
                "loads": len(mine),
                "p50_s": statistics.median(mine),
                "p95_s": percentile(mine, 0.95),
            }
            for path in DASHBOARDS
            if (mine := [load.seconds for load in run.loads if load.path == path and not math.isnan(load.seconds)])
        },
    }
    (tmp_path / "load.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"\nCharge : {json.dumps(report, indent=1)}\n(écrit dans {tmp_path / 'load.json'})")

    assert before != after
    assert run.published_at is not None
    # Nothing went wrong on any page, for anyone (the server's tracebacks, by reference, if anything did).
    failed = [(load.path, load.errors) for load in run.loads if load.errors]
    assert failed == [], incidents(tmp_path / "server.log")
    assert [(load.path, load.title) for load in run.loads if load.title != DASHBOARDS[load.path]] == []
    # Every page was under load, by several sessions.
    assert {load.path for load in run.loads} == set(DASHBOARDS)
    assert len({load.session for load in run.loads}) == SESSIONS
    # Overview loads show the version current when they started: never a stale figure after publication.
    overviews = [load for load in run.loads if load.path == ""]
    assert [o.attendance for o in overviews if o.after_publication] == [after for o in overviews if o.after_publication]
    assert {o.attendance for o in overviews if not o.after_publication} <= {before, after}
    # Every session ends on the new version.
    assert run.final == dict.fromkeys(range(SESSIONS), after)


async def warm_up(url: str) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = await browser.new_page()
            await open_page(page, url, "")
        finally:
            await browser.close()


def test_the_menu_goes_through_every_page_keeping_its_filters(page, app_url):
    """The app's menu (the sidebar), as an official clicks through the pages: each link carries the filters."""
    open_in_browser(page, app_url, "", "filiere=edition")
    for path in [*[p for p in DASHBOARDS if p], ""]:
        page.locator(f'nav.icc-nav a[href^="{path or "./"}?"]').click()
        page.locator('[data-testid="stMain"] h1', has_text=DASHBOARDS[path]).first.wait_for()
        wait_ready(page)
        assert errors_shown(page) == [], path
        assert "filiere=edition" in page.url, path
        assert "Édition" in page.locator('[data-testid="stSidebar"]').inner_text(), path
