"""Browser time to open every page at 1×, 1 000× and 10 000× the default data, and a bare page.

    .venv/bin/python -m benchmarks.pages_browser [--scales 1,1000,10000] [--profiles variety,repeat] [--runs 5]

Each volume beyond 1× is measured with each profile of the synthetic data (benchmarks/synthetic.py):
``variety`` (new names, beneficiaries and programmes as the data grow, as in real data: the budget
is read on it) and ``repeat`` (the copies keep their programmes and beneficiaries), side by side.

Each volume is served as in production (``streamlit run server.py``, SQLite), all at once, and each
page is opened on each server in turn (so that a busy moment of a shared machine weighs on the
baseline and the large volumes alike), in a fresh Chromium context, timed from navigation until its
script has finished and every Plotly chart and map on it is drawn. The server prepares the data
version ahead of visitors (icc.web.preparer): the time it takes is reported, then the first opening
of each page after it, apart; the budget reads the median of the following ones. A bare one-chart
Streamlit page, measured in the same run, is the baseline of the overview's first chart. Results go
to var/benchmarks/pages-browser.json and into a section of docs/PERFORMANCE.md. Budgets are read
here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from benchmarks import cpu_share  # noqa: E402
from benchmarks.run import SCRIPT_DONE, app_env, fr, log, machine, streamlit_server  # noqa: E402
from benchmarks.synthetic import PROFILES, REPEAT, VARIETY  # noqa: E402
from icc.present.pagedata import TREEMAP_NODES, TREEMAP_PROGRAMMES  # noqa: E402
from tests.server import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = ROOT / "docs" / "PERFORMANCE.md"
RAW = ROOT / "var" / "benchmarks" / "pages-browser.json"
ANALYSIS = ROOT / "benchmarks" / "analysis_pages.md"
PAGES = {
    "vue-ensemble": ("Vue d'ensemble", ""),
    "financements": ("Financements", "financements"),
    "festivals": ("Festivals et événements", "festivals"),
    "carte": ("Carte", "carte"),
    "filieres": ("Filières", "filieres"),
    "feuille-de-route": ("Feuille de route", "feuille-de-route"),
    "grands-projets": ("Grands projets", "grands-projets"),
    "communes": ("Communes", "communes"),
    "portrait": ("Portrait de Martigues", "communes?commune=13056"),
}
# The museums' page (issue #31), measured as soon as it exists.
if (ROOT / "views" / "musees.py").exists():
    PAGES["musees"] = ("Musées", "musees")
# Budgets of issue #11 (never relaxed to fit the results).
MAX_RATIO = {1000: 1.2, 10000: 2.0}  # page open at N× / at 1×
FIRST_CHART_MAX_RATIO = 1.2  # overview's first chart / bare page's chart
OPEN_TIMEOUT_MS = 300_000
BEGIN, END = "<!-- pages-navigateur:debut -->", "<!-- pages-navigateur:fin -->"

# Script finished, a title shown, no element still waiting for its code (Streamlit shows a
# skeleton in its place, without its test id: a chart not yet loaded is not « every chart »), and
# every chart and map drawn.
OPENED = (
    "() => !!document.querySelector(" + json.dumps(SCRIPT_DONE) + ")"
    " && !!document.querySelector('[data-testid=\"stMain\"] h1')"
    " && !document.querySelector('[data-testid=\"stSkeleton\"]')"
    " && [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')].every(c => c.querySelector('.main-svg'))"
    " && [...document.querySelectorAll('[data-testid=\"stDeckGlJsonChart\"]')].every(c => c.querySelector('canvas'))"
)
# When the first chart and the first key figure appear, in the page's own clock (milliseconds
# since the navigation started), noted by the page itself as its document changes.
OBSERVE = """
window.__iccSeen = {};
new MutationObserver(() => {
  const seen = window.__iccSeen, now = performance.now();
  if (!seen.chart && document.querySelector('[data-testid="stPlotlyChart"] .main-svg')) seen.chart = now;
  if (!seen.figures && document.querySelector('[data-testid="stMetricValue"]')) seen.figures = now;
}).observe(document, {subtree: true, childList: true});
"""


def _open(browser, url: str) -> dict:
    """Seconds from the navigation until the page is open, its first chart drawn (a page without a
    Plotly chart, the map: when it is open) and its first key figure shown (None: it has none)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-FR")
    context.add_init_script(OBSERVE)
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_function(OPENED, timeout=OPEN_TIMEOUT_MS, polling=20)
        seen = page.evaluate(
            "() => ({...window.__iccSeen, open: performance.now(),"
            " charts: [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
            ".filter(c => c.querySelector('.main-svg')).length})"
        )
        return {
            "charts": seen["charts"],
            "open_s": seen["open"] / 1000,
            "first_chart_s": seen.get("chart", seen["open"]) / 1000,
            "figures_s": seen["figures"] / 1000 if "figures" in seen else None,
        }
    finally:
        context.close()


def _serve(stack: ExitStack, scale: int, profile: str, base, workdir: Path) -> tuple[str, dict]:
    """Publish the synthetic data of ``scale`` and ``profile``, serve them as in production (in
    ``stack``) and wait until the server has prepared them. Returns the address and the result so far."""
    from benchmarks.synthetic import generate, publish_all, row_counts
    from icc.storage import store

    log(f"{scale}× ({profile}) : données")
    started = time.perf_counter()
    frames = generate(scale, base, profile=profile)
    home = workdir / f"{scale}-{profile}"
    home.mkdir()
    url = f"sqlite:///{home / 'icc.db'}"
    engine = store.make_engine(url)
    publish_all(engine, frames)
    engine.dispose()
    result = {
        "scale": scale,
        "profile": profile,
        "rows": row_counts(frames),
        "distinct": distinct(frames),
        "data_s": time.perf_counter() - started,
        "pages": {},
    }
    del frames
    server_log = home / "server.log"
    server, _ = stack.enter_context(streamlit_server(ROOT / "server.py", app_env(url, home), log_to=server_log))
    started = time.perf_counter()
    result["prepared_s"] = _wait_prepared(server_log)
    if result["prepared_s"] is not None:
        result["prepared_s"] = time.perf_counter() - started
    log(f"  préparation : {result['prepared_s'] or 0:.1f} s")
    return server, result


def bench_interleaved(browser, plan: list[tuple[int, str]], base, workdir: Path, runs: int) -> list[dict]:
    """Every volume and profile of ``plan`` served at once, each page opened on each server in turn
    (the order rotating from one round to the next): on a machine shared with other programs, a
    busy minute slows the baseline and the large volumes alike, and the ratios stay fair."""
    with ExitStack() as stack:
        served = [_serve(stack, scale, profile, base, workdir) for scale, profile in plan]
        results = [result for _, result in served]
        for slug, (_, path) in PAGES.items():
            opens: list[list[dict]] = [[] for _ in served]
            failed: set[int] = set()
            for round_ in range(runs + 1):  # round 0: the first opening of the page on each server
                order = list(range(len(served)))
                order = order[round_ % len(order) :] + order[: round_ % len(order)]
                for i in order:
                    if i in failed:
                        continue
                    try:
                        opens[i].append(_open(browser, f"{served[i][0]}/{path}"))
                    except PlaywrightTimeout:
                        failed.add(i)
            for i, result in enumerate(results):
                if i in failed:
                    result["pages"][slug] = {"timeout_s": OPEN_TIMEOUT_MS / 1000}
                    log(f"  {_column(result)} {slug} : pas ouverte en {OPEN_TIMEOUT_MS / 1000:.0f} s")
                    continue
                cold, times = opens[i][0], opens[i][1:]
                figures = [t["figures_s"] for t in times if t["figures_s"] is not None]
                result["pages"][slug] = {
                    "cold_s": cold["open_s"],
                    "open_s": statistics.median(t["open_s"] for t in times),
                    "first_chart_s": statistics.median(t["first_chart_s"] for t in times),
                    "figures_s": statistics.median(figures) if figures else None,
                    "runs": [round(t["open_s"], 3) for t in times],
                }
            log(
                f"  {slug} : "
                + ", ".join(
                    f"{_column(r)} {r['pages'][slug]['open_s']:.2f} s" for r in results if "open_s" in r["pages"][slug]
                )
            )
    return results


PREPARED = "Données préparées"


def distinct(frames) -> dict[str, int]:
    """How many distinct categories the data bring (what the variety profile makes grow)."""
    return {
        "programmes": int(frames["financements"]["programme"].nunique()),
        "beneficiaires": int(frames["financements"]["beneficiaire"].nunique()),
        "evenements": int(frames["evenements"]["nom"].nunique()),
        "communes": int(frames["evenements"]["code_insee_commune"].nunique()),
    }


def _wait_prepared(server_log: Path, timeout: float = 900) -> float | None:
    """Wait for the server to say it has prepared the data version (None: it never did)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if PREPARED in server_log.read_text(encoding="utf-8", errors="replace"):
            return 0.0
        time.sleep(0.2)
    return None


def _bare(browser, script: str, runs: int) -> dict:
    with streamlit_server(ROOT / "benchmarks" / script, {}) as (server, _):
        _open(browser, server)
        times = [_open(browser, server) for _ in range(runs)]
    return {
        "first_chart_s": statistics.median(t["first_chart_s"] for t in times),
        "open_s": statistics.median(t["open_s"] for t in times),
    }


def bench_bare(browser, runs: int) -> dict:
    """The bare page as ``streamlit run`` serves it (the budget's baseline), then served with the
    app's server settings (``served``): what the page costs apart from what the server saves."""
    return {**_bare(browser, "bare_app.py", runs), "served": _bare(browser, "bare_server.py", runs)}


def _load_warning(results: dict) -> list[str]:
    """Say when other programs held the processors: the ratios then measure them too."""
    others = results.get("others_cpu")
    if cpu_share.conclusive(others):
        return []
    return [
        f"**Mesures non concluantes** : {cpu_share.sentence(others, results.get('own_cpu'))} Refaire la mesure sur "
        "une machine au repos.",
        "",
    ]


def _verdict(ok: bool, conclusive: bool) -> str:
    return ("tenu" if ok else "dépassé") if conclusive else "non concluant"


PROFILE_NAMES = {VARIETY: "variété", REPEAT: "répétition"}


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


def _column(r: dict) -> str:
    """« 1× », « 1 000× variété »: at 1× both profiles are the default data."""
    scale = f"{r['scale']:,}×".replace(",", " ")
    return scale if r["scale"] == 1 else f"{scale} {PROFILE_NAMES[r.get('profile', VARIETY)]}"


def _volumes(r: dict) -> str:
    rows, found = r.get("rows", {}), r.get("distinct", {})
    parts = [
        f"{_number(rows[k])} {w}"
        for k, w in (("lieux", "lieux"), ("evenements", "événements"), ("financements", "financements"))
        if k in rows
    ]
    kinds = (
        ("programmes", "programmes"),
        ("beneficiaires", "bénéficiaires"),
        ("evenements", "noms d'événements"),
        ("communes", "communes des événements"),
    )
    named = [f"{_number(found[k])} {w}" for k, w in kinds if k in found]
    text = f"- {_column(r)} : {', '.join(parts)}"
    if named:
        text += f" ; distincts : {', '.join(named)}"
    if r.get("data_s") is not None:
        text += f" ; données générées et publiées en {fr(r['data_s'], 1 if r['data_s'] < 10 else 0)} s"
    return text + "."


def report(results: dict) -> str:
    conclusive = not _load_warning(results)
    measured = results["scales"]
    one = next((r for r in measured if r["scale"] == 1), None)
    lines = [
        BEGIN,
        "## Ouverture des pages dans le navigateur (1×, 1 000×, 10 000×)",
        "",
        f"Mesures du {results['date']} ({results['machine']}), `.venv/bin/python -m benchmarks.pages_browser`. "
        f"{cpu_share.sentence(results.get('others_cpu'), results.get('own_cpu'))} "
        "Chromium ouvre chaque page dans un contexte neuf ; "
        "temps depuis la navigation jusqu'à la fin du script, titre affiché, plus aucun élément en attente de son "
        "code et chaque graphique et carte dessinés "
        f"(médiane de {results['runs']} ouvertures après une première). Tous les volumes sont servis en même temps, "
        "chacun par son serveur, et chaque page est ouverte sur chacun tour à tour : la machine étant partagée, un "
        "moment chargé ralentit la référence et les grands volumes ensemble"
        + (f" ; exécution complète en {fr(results['minutes'], 0)} min." if results.get("minutes") else "."),
        "",
        "Deux profils de données synthétiques (`benchmarks/synthetic.py`), mesurés dans la même exécution, sur la "
        "même référence à 1× (les données par défaut) : **variété**, comme des données réelles (chaque copie apporte "
        "de nouveaux noms de lieux et d'événements et de nouveaux bénéficiaires, une copie sur dix de nouveaux noms "
        "de programmes, et les événements copiés sont répartis sur les communes qui ont un festival) ; "
        "**répétition**, la forme mesurée jusqu'ici (les copies gardent programmes, bénéficiaires et communes). "
        "Le budget se lit sur la variété : chaque page à 1 000× au plus 1,2 fois son temps à 1×, à 10 000× au plus "
        "2 fois.",
        "",
        "Ce que mesurent les temps : au démarrage (et à chaque nouvelle version des données), le serveur "
        "(`server.py`, comme en production) prépare d'avance le modèle (drapeaux, feuilles, familles, communes, "
        "positions sur la carte), puis les panneaux et tableaux de chaque page sans filtre (`icc/ui/data.py` "
        "`prepare`, lancé par `icc/web/preparer.py`) ; les ouvertures, dans de nouvelles sessions, relisent ces "
        "résultats, gardés par identifiants de version et par filtres. Un nouveau jeu de "
        "filtres paie le calcul de la page, pas la préparation. Le navigateur reçoit des résumés bornés, quelle que "
        "soit la variété des données : au-delà de 3 000 points, un symbole par commune sur la carte ; les 30 "
        "premiers et un « Autres » exact dans les classements (événements, communes, programmes) ; les tableaux par "
        "pages de 200 lignes ; dans l'arbre des financements, les "
        f"{TREEMAP_PROGRAMMES} plus grands programmes, « Autres » et les {TREEMAP_NODES} plus grandes enveloppes.",
        "",
        *_load_warning(results),
        "| page | " + " | ".join(_column(r) for r in measured) + " | budget (variété) |",
        "| --- | " + " | ".join("---:" for _ in measured) + " | --- |",
    ]
    for slug, (title, _) in PAGES.items():
        cells, verdicts = [], []
        for r in measured:
            entry = r["pages"].get(slug)
            counted = r.get("profile", VARIETY) == VARIETY  # the budget is read with variety
            scale = f"{r['scale']:,}×".replace(",", " ")
            if entry is None:
                cells.append("—")
                continue
            if "open_s" not in entry:
                cells.append(f"> {fr(entry['timeout_s'], 0)} s")
                if counted:
                    verdicts.append(f"{scale} : {_verdict(False, True)}")
                continue
            text = f"{fr(entry['open_s'])} s"
            base = (one or {}).get("pages", {}).get(slug, {})
            if r["scale"] in MAX_RATIO and "open_s" in base:
                ratio = entry["open_s"] / base["open_s"]
                ok = ratio <= MAX_RATIO[r["scale"]]
                text += f" ({fr(ratio)}×)"
                if counted:
                    verdicts.append(f"{scale} : {_verdict(ok, conclusive)}")
            cells.append(text)
        lines.append(f"| {title} | " + " | ".join(cells) + f" | {' ; '.join(verdicts) or '—'} |")
    bare = results.get("bare")
    if bare and one:
        overview = one["pages"]["vue-ensemble"]
        first = overview["first_chart_s"]
        ratio = first / bare["first_chart_s"]
        figures = overview.get("figures_s")
        lines += [
            "",
            f"Page témoin (un titre, un graphique) : graphique dessiné en {fr(bare['first_chart_s'])} s. Premier "
            f"graphique de la vue d'ensemble à 1× : {fr(first)} s, soit {fr(ratio)} fois la page témoin "
            f"(budget {fr(FIRST_CHART_MAX_RATIO, 1)} : {_verdict(ratio <= FIRST_CHART_MAX_RATIO, conclusive)})"
            + (f" ; ses chiffres clés s'affichent à {fr(figures)} s." if figures else "."),
        ]
        served = bare.get("served")
        if served:
            lines += [
                "",
                "La page témoin est servie par `streamlit run` tel quel. Servie avec les deux réglages du serveur de "
                "l'application (`TCP_NODELAY` sur le socket d'écoute, fichiers de l'interface gardés en mémoire et "
                "compressés : `benchmarks/bare_server.py`), son graphique est dessiné en "
                f"{fr(served['first_chart_s'])} s ; "
                f"le premier graphique de la vue d'ensemble en vaut {fr(first / served['first_chart_s'])} fois : "
                "ce que coûte la page elle-même, à serveur égal.",
            ]
    scales = {r["scale"] for r in measured}
    missing = [s for s in results.get("asked", []) if s not in scales]
    if missing:
        lines += ["", f"Non mesuré dans cette exécution : {', '.join(f'{s}×' for s in missing)}."]
    if any("rows" in r and r["rows"] for r in measured):
        lines += ["", "Volumes (lignes, puis catégories distinctes) :", ""]
        lines += [_volumes(r) for r in measured if r.get("rows")]
    lines += ["", "Préparation par le serveur, puis première ouverture de chaque page après elle :", ""]
    for r in measured:
        cold = ", ".join(f"{PAGES[s][0]} {fr(e['cold_s'])} s" for s, e in r["pages"].items() if "cold_s" in e)
        prepared = r.get("prepared_s")
        ready = f"préparation {fr(prepared)} s" if prepared is not None else "préparation non signalée"
        lines.append(f"- {_column(r)} : {ready} ; {cold}.")
    if ANALYSIS.is_file():  # written by hand after reading the measures, kept with them
        lines += ["", ANALYSIS.read_text(encoding="utf-8").strip()]
    lines += ["", END, ""]
    return "\n".join(lines)


def write_report(results: dict, out: Path) -> None:
    section = report(results)
    current = out.read_text(encoding="utf-8") if out.exists() else "# Performances\n\n"
    if BEGIN in current and END in current:
        before, rest = current.split(BEGIN, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + section + after
    else:
        head, _, tail = current.partition("\n\n")
        text = f"{head}\n\n{section}\n{tail}"
    out.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,1000,10000")
    parser.add_argument("--profiles", default=",".join(PROFILES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plan", default="", help="volumes and profiles, e.g. 1,1000:variety,1000:repeat")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--report-only", action="store_true", help="rewrite the report from the last raw results")
    args = parser.parse_args(argv)
    if args.report_only:
        write_report(json.loads(RAW.read_text(encoding="utf-8")), args.out)
        return
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from playwright.sync_api import sync_playwright

    from icc.intake.seed import load_default

    base = load_default(ROOT / "data")
    scales = sorted(int(s) for s in args.scales.split(","))
    profiles = [p for p in args.profiles.split(",") if p]
    if set(profiles) - set(PROFILES):
        parser.error(f"profils connus : {', '.join(PROFILES)}")
    # 1× is the default data whatever the profile: measured once, the baseline of both.
    plan = [(scale, profile) for scale in scales for profile in (profiles if scale > 1 else profiles[:1])]
    if args.plan:  # « 1,1000:variety,1000:repeat,10000:variety »: every server runs at once, memory adds up
        plan = [(int(n), p or VARIETY) for n, _, p in (item.partition(":") for item in args.plan.split(","))]
        scales = sorted({n for n, _ in plan})
    results = {
        "date": datetime.now(UTC).astimezone().strftime("%d/%m/%Y à %H:%M"),
        "machine": machine(),
        "runs": args.runs,
        "asked": scales,
        "scales": [],
    }
    RAW.parent.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="icc-pages-") as tmp,
        cpu_share.OthersShare() as share,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            results["bare"] = bench_bare(browser, args.runs)
            results["scales"] = bench_interleaved(browser, plan, base, Path(tmp), args.runs)
            share.read()
            results["others_cpu"], results["own_cpu"] = share.others, share.own
            results["minutes"] = share.seconds / 60 if share.seconds else None
            RAW.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
            write_report(results, args.out)
        finally:
            browser.close()
    log(f"rapport écrit : {args.out}")


if __name__ == "__main__":
    main()
