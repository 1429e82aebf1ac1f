"""Benchmarks at 1×, 100× and 10 000× the default volume; writes docs/PERFORMANCE.md.

    .venv/bin/python -m benchmarks.run [--scales 1,100,10000] [--out docs/PERFORMANCE.md]
    .venv/bin/python -m benchmarks.run --rapport-seul   # rewrite the report from var/benchmarks/results.json

Each measurement comes with its baseline, measured in the same run on the same machine:
page scripts at 1× (AppTest), a bare ``pandas.read_csv`` for uploads, a bare one-chart
Streamlit page for the browser. A missed budget is reported with the profile's hot spots
(a sampling profiler); budgets are never adjusted to the results. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import logging
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "PERFORMANCE.md"
RAW = ROOT / "var" / "benchmarks" / "results.json"
ANALYSIS = Path(__file__).resolve().parent / "analysis.md"
sys.path.insert(0, str(ROOT))
from benchmarks import cpu_share  # noqa: E402
from tests.server import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - one Chromium setup for tests and benchmarks

PAGES = {
    "vue-ensemble": "views/vue_ensemble.py",
    "financements": "views/financements.py",
    "festivals": "views/festivals.py",
    "carte": "views/carte.py",
    "filieres": "views/filieres.py",
    "feuille-de-route": "views/feuille_de_route.py",
    "grands-projets": "views/grands_projets.py",
    "communes": "views/communes.py",
    # A commune's portrait (its museums, events and sites): a page with a query of its own.
    "portrait": "views/communes.py?commune=13056",
}
# The museums' page (issue #31), measured as soon as it exists.
if (ROOT / "views" / "musees.py").exists():
    PAGES["musees"] = "views/musees.py"
# Budgets (from the brief; never relaxed to fit the results).
WARM_MAX_S = 1.0  # warm rerun at 10 000×
WARM_MAX_RATIO = 3.0  # warm rerun at 10 000× / at 1×
UPLOAD_MAX_RATIO = 3.0  # read + validate / bare pandas.read_csv
RENDER_MAX_RATIO = 1.5  # overview / bare one-chart page, first complete render in Chromium
MEMORY_MAX_GROWTH = 0.05  # RSS growth after warm-up, over 200 reruns
BUDGET_SCALE = 10_000
UPLOAD_ROWS = 100_000
MEMORY_RERUNS = 200
MEMORY_WARMUP = 20
APPTEST_TIMEOUT = 600


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def fr(value: float, decimals: int = 2) -> str:
    from icc.formatting import nombre

    return nombre(value, decimals)


def seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{fr(value, 3 if value < 0.1 else 2)} s"


def verdict(ok: bool) -> str:
    return "respecté" if ok else "**dépassé**"


# --- profiling -----------------------------------------------------------------------------


class Sampler:
    """A statistical profiler: the stacks of the profiled threads, sampled every few milliseconds.

    Its cost is small enough to profile the very rerun that is timed (cProfile would slow
    pandas- and JSON-heavy code several times and only sees the thread that enables it;
    Streamlit runs each page in its own script thread). ``threads``: "script" for the
    script threads (AppTest's or a server's), "main" for the calling thread. ``dump_to``:
    a file where the profile is rewritten every second (for a server that is killed).
    """

    def __init__(self, threads: str = "script", interval: float = 0.005, dump_to: Path | None = None):
        self.interval = interval
        self.main = threading.get_ident()
        self.threads = threads
        self.dump_to = dump_to
        self.inclusive: Counter = Counter()
        self.own: Counter = Counter()
        self.samples = 0  # samples where a profiled thread was running
        self.ticks = 0  # samples taken
        self.elapsed = 0.0
        self._names: dict = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _targets(self) -> list[int]:
        if self.threads == "main":
            return [self.main]
        return [t.ident for t in threading.enumerate() if t.name.startswith("ScriptRunner") and t.ident]

    def _name(self, code) -> str:
        name = self._names.get(code)
        if name is None:
            name = self._names[code] = _where(code)
        return name

    def _run(self) -> None:
        last_dump = time.perf_counter()
        while not self._stop.wait(self.interval):
            self.ticks += 1
            frames = sys._current_frames()
            for ident in self._targets():
                frame = frames.get(ident)
                if frame is None:
                    continue
                self.samples += 1
                self.own[self._name(frame.f_code)] += 1
                seen = set()
                while frame is not None:
                    seen.add(self._name(frame.f_code))
                    frame = frame.f_back
                self.inclusive.update(seen)
            if self.dump_to and time.perf_counter() - last_dump > 1:
                last_dump = time.perf_counter()
                self.dump_to.write_text(json.dumps(self.hot_spots(10)), encoding="utf-8")

    def __enter__(self) -> Sampler:
        self.started = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()
        self.elapsed = time.perf_counter() - self.started

    def hot_spots(self, limit: int = 6) -> dict:
        """The project's functions by inclusive time, and the functions running when sampled."""
        elapsed = self.elapsed or time.perf_counter() - self.started
        per_tick = elapsed / self.ticks if self.ticks else 0.0
        ours = [(name, n) for name, n in self.inclusive.most_common() if name.startswith(("icc/", "views/"))]
        return {
            "total_s": elapsed,
            "busy_s": self.samples * per_tick,
            "samples": self.samples,
            "project_cumulative": [[name, round(n * per_tick, 3)] for name, n in ours[:limit]],
            "self_time": [[name, round(n * per_tick, 3)] for name, n in self.own.most_common(limit)],
        }


def _where(code) -> str:
    path = Path(code.co_filename)
    try:
        shown = str(path.resolve().relative_to(ROOT))
    except ValueError:
        parts = path.parts
        shown = "/".join(parts[parts.index("site-packages") + 1 :]) if "site-packages" in parts else path.name
    return f"{shown}:{code.co_firstlineno} {code.co_name}"


def serve_profiled(dump_to: str, argv: list[str]) -> None:
    """``streamlit <argv>`` with a Sampler on its script threads (used by bench_browser)."""
    Sampler(dump_to=Path(dump_to)).__enter__()
    sys.argv = ["streamlit", *argv]
    from streamlit.web.cli import main

    main()


# --- page scripts under AppTest --------------------------------------------------------------


def app_env(db_url: str, var_dir: Path) -> dict[str, str]:
    return {
        "ICC_DATABASE_URL": db_url,
        "ICC_VAR_DIR": str(var_dir),
        "ICC_BASEMAP": "none",
    }


def seeded_database(scale: int, base, workdir: Path) -> tuple[str, dict, float]:
    from benchmarks.synthetic import generate, publish_all, row_counts
    from icc.storage import store

    frames = generate(scale, base)
    counts = row_counts(frames)
    url = f"sqlite:///{workdir / f'icc-{scale}.db'}"
    engine = store.make_engine(url)
    start = time.perf_counter()
    publish_all(engine, frames)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return url, counts, elapsed


def _apptest(page: str):
    """The app under AppTest, about to run ``page``.

    st.Page hashes its url_path: before a first run, switch_page looks for the file name and
    silently falls back to the default page for "feuille-de-route" or "grands-projets". So the
    session opens the overview first (untimed), then switches.
    """
    from urllib.parse import parse_qsl

    from streamlit.testing.v1 import AppTest

    page, _, query = page.partition("?")  # « views/communes.py?commune=13056 »: a portrait
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APPTEST_TIMEOUT)
    if page != PAGES["vue-ensemble"]:
        at.run()
        at.switch_page(page)
    for key, value in parse_qsl(query):
        at.query_params[key] = value
    return at


def _check_page(at, page: str) -> str:
    """The page's title; refuse to time the overview in place of another page."""
    titles = [t.value for t in at.title]
    overview = page == PAGES["vue-ensemble"]
    if not titles or (("Vue d'ensemble" in titles[0]) != overview):
        raise RuntimeError(f"{page} : la page affichée n'est pas celle demandée (titres : {titles})")
    return titles[0]


def _problems(at) -> list[str]:
    return [str(e.value)[:200] for e in at.exception] + [str(e.value)[:200] for e in at.error]


def _timed_run(at) -> float:
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start


def bench_pages(scale: int, base, workdir: Path, baseline: dict | None) -> dict:
    import streamlit as st

    log(f"pages à {scale}× : génération et publication des données")
    url, counts, publish_s = seeded_database(scale, base, workdir)
    os.environ.update(app_env(url, workdir))
    st.cache_resource.clear()
    st.cache_data.clear()
    gc.collect()
    result = {"scale": scale, "rows": counts, "publish_s": publish_s, "pages": {}}
    log(f"pages à {scale}× : premier affichage (chargement depuis la base)")
    at = _apptest(PAGES["vue-ensemble"])
    with Sampler() as sampler:
        result["cold_s"] = _timed_run(at)
    result["cold_profile"] = sampler.hot_spots()
    result["cold_problems"] = _problems(at)
    del at
    for slug, page in PAGES.items():
        at = _apptest(page)
        first = _timed_run(at)
        title = _check_page(at, page)
        # More reruns where they are cheap: the 1× times are the baseline of every ratio.
        reruns = 7 if scale == 1 else (5 if first < 2 else (3 if first < 10 else 1))
        warm = [_timed_run(at) for _ in range(reruns - 1)]
        # The last rerun is sampled: where the time goes, at no extra run.
        with Sampler() as sampler:
            warm.append(_timed_run(at))
        entry = {
            "title": title,
            "first_s": first,
            "warm_s": statistics.median(warm),
            "warm_runs": [round(w, 4) for w in warm],
            "problems": _problems(at),
        }
        if scale == BUDGET_SCALE and baseline is not None:
            ratio = entry["warm_s"] / baseline["pages"][slug]["warm_s"]
            entry["budget_ok"] = entry["warm_s"] <= WARM_MAX_S and ratio <= WARM_MAX_RATIO
        entry["profile"] = sampler.hot_spots()
        log(f"  {slug} : premier {first:.2f} s, réaffichage {entry['warm_s']:.3f} s")
        result["pages"][slug] = entry
        del at
        gc.collect()
    os.environ.pop("ICC_DATABASE_URL", None)
    return result


# --- upload: read + validate vs bare pandas ------------------------------------------------


def bench_upload(base) -> dict:
    try:
        from icc.intake.reading import read_upload
    except ImportError:
        return {"skipped": "icc/intake/reading.py absent : mesure impossible"}
    import pandas as pd

    from benchmarks.synthetic import generate
    from icc.datasets.schema import DATASETS
    from icc.intake.validation import ERROR, validate_table
    from icc.storage import store

    ds = DATASETS["evenements"]
    frames = generate(math.ceil(UPLOAD_ROWS / len(base["evenements"])), base)
    content = store.to_canonical_csv(ds, frames["evenements"].head(UPLOAD_ROWS)).encode("utf-8")
    log(f"dépôt de {UPLOAD_ROWS} lignes ({len(content) / 1e6:.1f} Mo)")

    def bare():
        return pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)

    def ours():
        read = read_upload(content, "evenements.csv", max_bytes=len(content) + 1, max_rows=UPLOAD_ROWS + 1)
        return validate_table(ds, read.frame)

    bare_runs, our_runs = [], []
    for _ in range(3):
        start = time.perf_counter()
        bare()
        bare_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        typed, problems = ours()
        our_runs.append(time.perf_counter() - start)
    result = {
        "rows": UPLOAD_ROWS,
        "bytes": len(content),
        "bare_s": statistics.median(bare_runs),
        "ours_s": statistics.median(our_runs),
        "typed_rows": len(typed),
        "errors": len([p for p in problems if p.severity == ERROR]),
    }
    result["ratio"] = result["ours_s"] / result["bare_s"]
    result["budget_ok"] = result["ratio"] <= UPLOAD_MAX_RATIO
    result["refusals"] = bench_refusals()
    if not result["budget_ok"]:
        with Sampler("main") as sampler:
            ours()
        result["profile"] = sampler.hot_spots()
        # Split the two steps, to say which one costs.
        start = time.perf_counter()
        read = read_upload(content, "evenements.csv", max_bytes=len(content) + 1, max_rows=UPLOAD_ROWS + 1)
        result["read_s"] = time.perf_counter() - start
        start = time.perf_counter()
        validate_table(ds, read.frame)
        result["validate_s"] = time.perf_counter() - start
    return result


# Files of the intake corpus that once took seconds to minutes to refuse.
HARD_REFUSALS = {
    "evenements_espaces.csv": "une cellule de 1 000 espaces",
    "evenements_cellule_geante.csv": "une cellule d'un million de caractères",
    "evenements_lignes_vides_gonflees.xlsx": "classeur de 0,5 Mo qui se décompresse en 100 Mo",
}
REFUSAL_BUDGET_S = 2.0


def bench_refusals() -> list[dict]:
    """Read + validate time of each hard file (median of 3), with the default upload limits."""
    from icc.datasets.schema import DATASETS
    from icc.intake.reading import MO, ReadError, read_upload
    from icc.intake.validation import validate_table

    corpus = ROOT / "tests" / "corpus" / "intake"
    rows = []
    for name, what in HARD_REFUSALS.items():
        content = (corpus / name).read_bytes()
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            try:
                read = read_upload(content, name, 20 * MO, 200_000, sheet_hint="evenements")
                validate_table(DATASETS["evenements"], read.frame, read.decimal)
            except ReadError:
                pass
            runs.append(time.perf_counter() - start)
        seconds_taken = statistics.median(runs)
        rows.append({"file": name, "what": what, "s": seconds_taken, "ok": seconds_taken <= REFUSAL_BUDGET_S})
    return rows


# --- first complete render in Chromium ---------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(script: Path, env: dict[str, str], profile_to: Path | None = None, log_to: Path | None = None):
    port = _free_port()
    argv = [
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    if profile_to is None:
        cmd = [sys.executable, "-m", "streamlit", *argv]
    else:
        cmd = [sys.executable, "-c", f"import benchmarks.run as r; r.serve_profiled({str(profile_to)!r}, {argv!r})"]
    out = open(log_to, "wb") if log_to else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"{script.name} ne démarre pas") from None
                time.sleep(0.2)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if log_to:
            out.close()


SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _all(selector: str, count: int = 1) -> str:
    """A JavaScript predicate: the script has finished and ``count`` elements match ``selector``."""
    return (
        f"() => document.querySelectorAll({json.dumps(selector)}).length >= {count}"
        f" && !!document.querySelector({json.dumps(SCRIPT_DONE)})"
    )


# Like for like: the main content (overview: its four headline figures; baseline: its title),
# then everything drawn (overview: its three charts; baseline: its chart).
OVERVIEW = (_all('[data-testid="stMetric"]', 4), _all('[data-testid="stPlotlyChart"] .main-svg', 3))
BARE = (_all('[data-testid="stMain"] h1'), _all('[data-testid="stPlotlyChart"] .main-svg'))


BROWSER_METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")
SCRIPTS_KB = (
    "() => performance.getEntriesByType('resource').filter(e => e.initiatorType === 'script'"
    " || e.name.endsWith('.js')).reduce((s, e) => s + e.decodedBodySize, 0) / 1024"
)


def _render_times(browser, url: str, stages: tuple[str, str]) -> tuple[float, float, dict]:
    """Seconds from the start of navigation until each stage, in a fresh browser context,
    and what the page cost the browser (main-thread seconds from Chrome's metrics, JavaScript loaded)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-FR")
    page = context.new_page()
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        start = time.perf_counter()
        page.goto(url)
        times = []
        for stage in stages:
            page.wait_for_function(stage, timeout=120_000, polling=20)
            times.append(time.perf_counter() - start)
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        cost = {name: metrics.get(name, 0.0) for name in BROWSER_METRICS}
        cost["scripts_kb"] = page.evaluate(SCRIPTS_KB)
        return times[0], times[1], cost
    finally:
        context.close()


def bench_browser(base, workdir: Path, runs: int = 9) -> dict:
    if not Path(CHROMIUM).exists():
        return {"skipped": f"Chromium absent ({CHROMIUM})"}
    from playwright.sync_api import sync_playwright

    from benchmarks.synthetic import publish_all
    from icc.storage import store

    url = f"sqlite:///{workdir / 'icc-browser.db'}"
    engine = store.make_engine(url)
    publish_all(engine, base)
    engine.dispose()
    result = {"runs": runs}
    targets = {
        "overview": (ROOT / "server.py", app_env(url, workdir), OVERVIEW),  # served as in production
        "bare": (Path(__file__).with_name("bare_app.py"), {}, BARE),
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            # One server at a time: the two measurements do not share the CPU.
            for name, (script, env, stages) in targets.items():
                log(f"navigateur : {script.name}")
                with streamlit_server(script, env) as (server_url, _):
                    result[f"{name}_cold"] = _render_times(browser, server_url, stages)
                    times = [_render_times(browser, server_url, stages) for _ in range(runs)]
                result[f"{name}_main_s"] = statistics.median(t[0] for t in times)
                result[f"{name}_drawn_s"] = statistics.median(t[1] for t in times)
                result[f"{name}_browser"] = {k: statistics.median(t[2][k] for t in times) for k in times[0][2]}
            # Apart from the timed loads: how much of a load is the server running the page?
            dump = workdir / "profil-serveur.json"
            with streamlit_server(ROOT / "server.py", app_env(url, workdir), profile_to=dump) as (server_url, _):
                _render_times(browser, server_url, OVERVIEW)  # the data are loaded once per process
                time.sleep(1.5)
                before = json.loads(dump.read_text(encoding="utf-8"))["busy_s"]
                for _ in range(runs):
                    _render_times(browser, server_url, OVERVIEW)
                time.sleep(1.5)
            profile = json.loads(dump.read_text(encoding="utf-8"))
            result["server_busy_per_load_s"] = (profile["busy_s"] - before) / runs
            result["server_profile"] = profile
        finally:
            browser.close()
    for stage in ("main", "drawn"):
        result[f"{stage}_ratio"] = result[f"overview_{stage}_s"] / result[f"bare_{stage}_s"]
        result[f"{stage}_ok"] = result[f"{stage}_ratio"] <= RENDER_MAX_RATIO
    result["brief_ratio"] = result["overview_main_s"] / result["bare_drawn_s"]
    result["budget_ok"] = result["main_ok"] and result["drawn_ok"]
    return result


# --- memory after 200 reruns -----------------------------------------------------------------


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def memory_worker(db_url: str, var_dir: str, page: str, reruns: int, warmup: int) -> None:
    """Run in a fresh process: RSS of the process running the page, rerun after rerun."""
    os.environ.update(app_env(db_url, Path(var_dir)))
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    at = _apptest(page)
    at.run()
    _check_page(at, page)
    for _ in range(warmup):
        at.run()
    gc.collect()
    samples = [(0, rss_kib())]
    times = []
    for i in range(1, reruns + 1):
        times.append(_timed_run(at))
        if i % 25 == 0:
            gc.collect()
            samples.append((i, rss_kib()))
    problems = _problems(at)
    print(json.dumps({"samples": samples, "warm_s": statistics.median(times), "problems": problems}))


def bench_memory(specs: list[tuple[str, int]], base, workdir: Path) -> dict:
    out = {"reruns": MEMORY_RERUNS, "warmup": MEMORY_WARMUP, "pages": []}
    urls = {}
    for slug, scale in specs:
        if scale not in urls:
            (workdir / f"icc-{scale}.db").unlink(missing_ok=True)
            urls[scale] = seeded_database(scale, base, workdir)[0]
        url = urls[scale]
        log(f"mémoire : {MEMORY_RERUNS} réaffichages de {slug} à {scale}×")
        code = (
            "import benchmarks.run as r; "
            f"r.memory_worker({url!r}, {str(workdir)!r}, {PAGES[slug]!r}, {MEMORY_RERUNS}, {MEMORY_WARMUP})"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=1800
        )
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        start, end = data["samples"][0][1], data["samples"][-1][1]
        data["growth"] = (end - start) / start
        data["budget_ok"] = data["growth"] < MEMORY_MAX_GROWTH
        out["pages"].append({"slug": slug, "scale": scale, **data})
    return out


# --- the report -------------------------------------------------------------------------------


def _profile_lines(profile: dict) -> list[str]:
    lines = [
        f"  - profil par échantillonnage ({fr(profile['samples'], 0)} relevés, {seconds(profile['busy_s'])} "
        "d'exécution du script) — fonctions du projet, temps cumulé :"
    ]
    lines += [f"    - `{name}` : {seconds(t)}" for name, t in profile["project_cumulative"]]
    lines.append("  - fonctions en cours d'exécution lors des relevés (temps propre) :")
    lines += [f"    - `{name}` : {seconds(t)}" for name, t in profile["self_time"]]
    return lines


def report(results: dict) -> str:
    from icc.datasets.schema import DATASETS

    lines = [
        "# Performances",
        "",
        "<!-- Généré par `.venv/bin/python -m benchmarks.run` : ne pas modifier à la main. -->",
        "",
        f"Mesures du {results['date']} sur {results['machine']}, durée totale {fr(results['duration_s'] / 60, 1)} min.",
        cpu_share.sentence(results.get("others_cpu"), results.get("own_cpu")),
        "Chaque mesure est comparée à sa référence mesurée dans la même exécution, sur la même machine.",
        "Les budgets sont ceux fixés pour le projet ; un budget dépassé est signalé avec son point chaud.",
        "",
        "## Volumes de données",
        "",
        "Données synthétiques : lieux, événements et financements répétés N fois avec de nouveaux "
        "identifiants (références conservées, coordonnées reprises des lignes par défaut, donc dans leur "
        "commune, fréquentations et montants tirés au hasard avec une graine fixe), avec la variété des données "
        "réelles : chaque copie apporte de nouveaux noms et bénéficiaires, une sur dix de nouveaux programmes, et "
        "les événements copiés sont répartis sur les communes qui ont un festival ; les autres jeux gardent "
        "leurs lignes par défaut (`benchmarks/synthetic.py`, profil « variety »).",
        "",
    ]
    scales = [r["scale"] for r in results["pages"]]
    lines.append("| jeu | " + " | ".join(f"{fr(s, 0)}×" for s in scales) + " |")
    lines.append("| --- |" + " ---: |" * len(scales))
    for name in results["pages"][0]["rows"]:
        lines.append(
            f"| {DATASETS[name].title} | " + " | ".join(fr(r["rows"][name], 0) for r in results["pages"]) + " |"
        )
    lines.append(
        "| publication de la version 1 (SQLite) | "
        + " | ".join(seconds(r["publish_s"]) for r in results["pages"])
        + " |"
    )

    lines += [
        "",
        "## Temps serveur des pages (AppTest)",
        "",
        "Exécution du script de chaque page sous `streamlit.testing.v1.AppTest`, base SQLite publiée avec "
        "`icc.storage.store.publish`. *Premier affichage après démarrage* : première page d'un processus neuf, qui "
        "inclut la lecture de tous les jeux depuis la base et leur enrichissement. *Premier affichage* : "
        "première exécution de la page dans une nouvelle session (qui a d'abord ouvert la vue d'ensemble, "
        "sauf pour celle-ci), données déjà en mémoire. *Réaffichage* : relance du script dans la même session "
        "(médiane de 7 relances à 1×, sinon 5, 3 ou 1 selon la durée).",
        "",
        f"Budget : réaffichage au plus {fr(WARM_MAX_S, 0)} s à {fr(BUDGET_SCALE, 0)}× et au plus "
        f"{fr(WARM_MAX_RATIO, 0)} fois le temps à 1×.",
        "",
        "| | " + " | ".join(f"{fr(s, 0)}×" for s in scales) + " |",
        "| --- |" + " ---: |" * len(scales),
        "| premier affichage après démarrage (vue d'ensemble) | "
        + " | ".join(seconds(r["cold_s"]) for r in results["pages"])
        + " |",
    ]
    for slug in PAGES:
        cells = []
        for r in results["pages"]:
            p = r["pages"][slug]
            cells.append(f"{seconds(p['first_s'])} / {seconds(p['warm_s'])}")
        lines.append(f"| `/{slug}` premier affichage / réaffichage | " + " | ".join(cells) + " |")
    base = results["pages"][0]
    top = results["pages"][-1]
    problems = {
        (r["scale"], slug): p["problems"] for r in results["pages"] for slug, p in r["pages"].items() if p["problems"]
    }
    if problems:
        lines += ["", "Erreurs affichées pendant les mesures :", ""]
        lines += [f"- `/{slug}` à {fr(s, 0)}× : {'; '.join(v)}" for (s, slug), v in problems.items()]
    if top["scale"] == BUDGET_SCALE:
        lines += [
            "",
            f"### Budget à {fr(BUDGET_SCALE, 0)}×",
            "",
            f"| page | réaffichage à 1× | réaffichage à {fr(BUDGET_SCALE, 0)}× | rapport | budget |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        for slug, p in top["pages"].items():
            ratio = p["warm_s"] / base["pages"][slug]["warm_s"]
            lines.append(
                f"| `/{slug}` | {seconds(base['pages'][slug]['warm_s'])} | {seconds(p['warm_s'])} | "
                f"{fr(ratio, 1)} | {verdict(p.get('budget_ok', False))} |"
            )
        missed = [(slug, p) for slug, p in top["pages"].items() if not p.get("budget_ok", False)]
        if missed:
            lines += ["", "Pages hors budget et leur point chaud (profil d'un réaffichage) :", ""]
            for slug, p in missed:
                lines.append(f"- `/{slug}` : {seconds(p['warm_s'])}")
                if "profile" in p:
                    lines += _profile_lines(p["profile"])
    if top["scale"] > 1:
        lines += [
            "",
            f"### Premier affichage après démarrage à {fr(top['scale'], 0)}×",
            "",
            f"{seconds(top['cold_s'])}, une fois par processus et par version des données : lecture de la "
            "version en vigueur de chaque jeu (`icc.storage.store.read_version`) et enrichissement "
            "(`icc.prepared.model.enrich`), puis la vue d'ensemble.",
            "",
            *_profile_lines(top["cold_profile"]),
        ]

    up = results["upload"]
    lines += ["", "## Lecture et validation d'un dépôt", ""]
    if "skipped" in up:
        lines.append(f"Non mesuré : {up['skipped']}.")
    else:
        lines += [
            f"Fichier CSV de {fr(up['rows'], 0)} lignes d'événements ({fr(up['bytes'] / 1e6, 1)} Mo, UTF-8) : "
            "`icc.intake.reading.read_upload` puis `icc.intake.validation.validate_table`, comparés à un simple "
            "`pandas.read_csv` du même fichier (médiane de 3). "
            f"Budget : au plus {fr(UPLOAD_MAX_RATIO, 0)} fois la référence.",
            "",
            "| `pandas.read_csv` | lecture + validation | rapport | budget |",
            "| ---: | ---: | ---: | --- |",
            f"| {seconds(up['bare_s'])} | {seconds(up['ours_s'])} | {fr(up['ratio'], 1)} | "
            f"{verdict(up['budget_ok'])} |",
            "",
            f"{fr(up['typed_rows'], 0)} lignes typées, {fr(up['errors'], 0)} erreur(s) de validation.",
        ]
        if up.get("refusals"):
            lines += [
                "",
                f"Fichiers à refuser (corpus `tests/corpus/intake/`), budget {seconds(REFUSAL_BUDGET_S)} chacun :",
                "",
                "| fichier | contenu | lecture + validation | budget |",
                "| --- | --- | ---: | --- |",
                *[f"| `{r['file']}` | {r['what']} | {seconds(r['s'])} | {verdict(r['ok'])} |" for r in up["refusals"]],
            ]
        if not up["budget_ok"]:
            lines += [
                "",
                f"Détail : lecture {seconds(up['read_s'])}, validation {seconds(up['validate_s'])}.",
                "",
                "- point chaud :",
                *_profile_lines(up["profile"]),
            ]

    br = results["browser"]
    lines += ["", "## Premier affichage complet dans Chromium", ""]
    if "skipped" in br:
        lines.append(f"Non mesuré : {br['skipped']}.")
    else:
        lines += [
            "Chromium sans interface (Playwright), boucle locale, serveur déjà démarré, nouveau contexte de "
            f"navigation (donc sans cache) à chaque mesure, médiane de {br['runs']}, du début de la navigation "
            "jusqu'à ce que le script soit terminé et que la page soit affichée. Vue d'ensemble à 1×, servie "
            "comme en production (`server.py`), comparée à une page Streamlit témoin qui n'a qu'un titre et un "
            "graphique (`benchmarks/bare_app.py`, servie par `streamlit run` tel quel). "
            f"Budget : au plus {fr(RENDER_MAX_RATIO, 1)} fois la page témoin, appliqué aux deux étapes.",
            "",
            "| étape | page témoin | vue d'ensemble | rapport | budget |",
            "| --- | ---: | ---: | ---: | --- |",
            f"| contenu affiché (témoin : son titre ; vue d'ensemble : ses quatre chiffres clés) | "
            f"{seconds(br['bare_main_s'])} | {seconds(br['overview_main_s'])} | {fr(br['main_ratio'], 2)} | "
            f"{verdict(br['main_ok'])} |",
            f"| graphiques dessinés (témoin : son graphique ; vue d'ensemble : ses trois graphiques) | "
            f"{seconds(br['bare_drawn_s'])} | {seconds(br['overview_drawn_s'])} | {fr(br['drawn_ratio'], 2)} | "
            f"{verdict(br['drawn_ok'])} |",
            "",
            f"Chiffres clés de la vue d'ensemble visibles / page témoin entièrement dessinée : "
            f"{fr(br['brief_ratio'], 2)}. Premier chargement juste après le démarrage du serveur (chargement "
            f"des données compris) : vue d'ensemble {seconds(br['overview_cold'][0])} pour les chiffres clés, "
            f"{seconds(br['overview_cold'][1])} pour les graphiques ; page témoin {seconds(br['bare_cold'][0])} "
            f"et {seconds(br['bare_cold'][1])}.",
        ]
        if not br["budget_ok"]:
            lines += [
                "",
                f"Où passe le temps : sur {br['runs']} chargements de plus, avec un serveur profilé, le script de la "
                f"vue d'ensemble a tourné en moyenne {seconds(br['server_busy_per_load_s'])} par chargement côté "
                "serveur ; le reste est le navigateur (démarrage de l'interface Streamlit, réception et dessin des "
                "éléments) et l'attente entre les deux.",
                "",
                "Coût pour le navigateur (médianes, métriques de Chromium jusqu'aux graphiques dessinés) :",
                "",
                "| | page témoin | vue d'ensemble |",
                "| --- | ---: | ---: |",
                *[
                    f"| {label} | {seconds(br['bare_browser'][key])} | {seconds(br['overview_browser'][key])} |"
                    for key, label in (
                        ("TaskDuration", "tâches du fil principal"),
                        ("ScriptDuration", "dont exécution de JavaScript"),
                        ("LayoutDuration", "dont mise en page"),
                        ("RecalcStyleDuration", "dont calcul des styles"),
                    )
                ],
                f"| JavaScript chargé | {fr(br['bare_browser']['scripts_kb'], 0)} Kio | "
                f"{fr(br['overview_browser']['scripts_kb'], 0)} Kio |",
                "",
                "- point chaud côté serveur (cumulé sur tous les chargements, y compris le premier) :",
                *_profile_lines(br["server_profile"]),
            ]

    mem = results["memory"]
    lines += [
        "",
        "## Mémoire",
        "",
        "Mémoire résidente (RSS) d'un processus neuf qui exécute la page sous AppTest : "
        f"{mem['warmup']} réaffichages de mise en température, puis {mem['reruns']} réaffichages dans la même "
        f"session. Budget : croissance inférieure à {fr(MEMORY_MAX_GROWTH * 100, 0)} % après la mise en "
        "température.",
        "",
        "| page | volume | après mise en température | après "
        f"{mem['reruns']} réaffichages | croissance | réaffichage (médiane) | budget |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for data in mem["pages"]:
        start, end = data["samples"][0][1], data["samples"][-1][1]
        lines.append(
            f"| `/{data['slug']}` | {fr(data['scale'], 0)}× | {fr(start / 1024, 1)} Mio | {fr(end / 1024, 1)} Mio | "
            f"{fr(data['growth'] * 100, 1)} % | "
            f"{seconds(data['warm_s'])} | {verdict(data['budget_ok'])} |"
        )
    for data in mem["pages"]:
        series = ", ".join(f"{i} : {fr(kib / 1024, 1)}" for i, kib in data["samples"])
        lines.append(f"\nRelevés pour `/{data['slug']}` à {fr(data['scale'], 0)}× (réaffichage : Mio) : {series}.")

    if ANALYSIS.is_file():
        lines += ["", ANALYSIS.read_text(encoding="utf-8").strip()]
    lines.append("")
    return "\n".join(lines)


def machine() -> str:
    import pandas
    import streamlit

    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().splitlines()[0].split()[1])
        memory = f", {fr(kib / 1024 / 1024, 0)} Gio de mémoire"
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} processeurs{memory}, "
        f"Python {platform.python_version()}, Streamlit {streamlit.__version__}, pandas {pandas.__version__}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=f"1,100,{BUDGET_SCALE}")
    parser.add_argument("--memory", default="vue-ensemble@100,carte@1", help="page@volume, séparés par des virgules")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--rapport-seul", action="store_true", help=f"réécrire le rapport depuis les mesures brutes ({RAW})"
    )
    args = parser.parse_args(argv)
    if args.rapport_seul:
        args.out.write_text(report(json.loads(RAW.read_text(encoding="utf-8"))), encoding="utf-8")
        log(f"rapport écrit : {args.out}")
        return
    scales = sorted(int(s) for s in args.scales.split(","))
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    from icc.intake.seed import load_default

    started = time.perf_counter()
    base = load_default(ROOT / "data")
    results = {
        "date": datetime.now(UTC).astimezone().strftime("%d/%m/%Y à %H:%M"),
        "machine": machine(),
        "pages": [],
    }
    with tempfile.TemporaryDirectory(prefix="icc-bench-") as tmp, cpu_share.OthersShare() as share:
        workdir = Path(tmp)
        baseline = None
        for scale in scales:
            results["pages"].append(bench_pages(scale, base, workdir, baseline))
            baseline = baseline or results["pages"][0]
        for scale in scales:
            (workdir / f"icc-{scale}.db").unlink(missing_ok=True)
        results["upload"] = bench_upload(base)
        results["browser"] = bench_browser(base, workdir)
        specs = [(spec.split("@")[0], int(spec.split("@")[1])) for spec in args.memory.split(",")]
        results["memory"] = bench_memory(specs, base, workdir)
    results["others_cpu"], results["own_cpu"] = share.others, share.own
    results["duration_s"] = time.perf_counter() - started
    RAW.parent.mkdir(parents=True, exist_ok=True)
    RAW.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(results), encoding="utf-8")
    log(f"rapport écrit : {args.out} (mesures brutes : {RAW})")


if __name__ == "__main__":
    main()
