"""Where a page's time goes at N× the default data: its script's time on the server and the bytes of
each element it sends to the browser, after the server has prepared the data version.

    .venv/bin/python -m benchmarks.elements [--scales 1,1000] [--profile variety] [--top 8] [--pages carte,portrait]

Each dashboard page runs under ``streamlit.testing.v1.AppTest`` against a SQLite base of synthetic
data (``benchmarks/synthetic.py``), once after ``icc.ui.data.prepare`` (as the server does ahead of
visitors), then again: the script time reported is the median of the runs after the first. Every
element's protobuf size is what the server sends for it (before compression): a number that grows
with the data is a summary that is not bounded. The first volume (1× by default) is the baseline,
measured in the same run. Prints a table per page, then each page against the baseline; writes nothing.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.run import PAGES, Sampler, _apptest, _check_page  # noqa: E402


def element_sizes(at) -> list[tuple[str, str, int]]:
    """(kind, a few words saying which, protobuf bytes) for every element of the page's tree."""
    out = []

    def walk(node):
        children = getattr(node, "children", None)
        if children:
            for child in children.values():
                walk(child)
            return
        proto = getattr(node, "proto", None)
        if proto is None:
            return
        what = ""
        for attr in ("label", "value", "body"):
            value = getattr(node, attr, None) if attr != "value" else None
            if isinstance(value, str) and value:
                what = value[:50]
                break
        if not what and node.type == "plotly_chart":
            import json

            spec = json.loads(proto.spec)
            title = spec.get("layout", {}).get("title", {})
            what = (title.get("text") if isinstance(title, dict) else str(title)) or ""
        out.append((node.type, what.replace("\n", " ")[:50], proto.ByteSize()))

    walk(at._tree)
    return out


def run_page(page: str, runs: int, profile: bool = False) -> tuple[list[float], list[tuple[str, str, int]]]:
    """Each run in a new session (as a new browser tab), the page's script timed alone."""
    times = []
    at = None
    for run in range(runs):
        at = _apptest(page)
        started = time.perf_counter()
        if profile and run == runs - 1:
            with Sampler(interval=0.002) as sampler:
                at.run()
            spots = sampler.hot_spots(12)
            for name, spent in spots["project_cumulative"]:
                print(f"    cumulated {spent:6.3f} s  {name}")
            for name, spent in spots["self_time"]:
                print(f"    own       {spent:6.3f} s  {name}")
        else:
            at.run()
        times.append(time.perf_counter() - started)
        title = _check_page(at, page)
        if run == 0:
            print(f"{page}: « {title} »", flush=True)
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception}")
    return times, element_sizes(at)


def measure(scale: int, profile: str, pages: list[str], runs: int, cprofile: bool, top: int) -> dict:
    """Each page's script times and elements at ``scale``, on a base of its own, prepared first."""
    import streamlit as st

    from benchmarks.synthetic import generate, publish_all
    from icc.intake.seed import load_default
    from icc.storage import store

    out = {}
    with tempfile.TemporaryDirectory(prefix="icc-elements-") as tmp:
        url = f"sqlite:///{tmp}/icc.db"
        os.environ.update({"ICC_DATABASE_URL": url, "ICC_VAR_DIR": tmp, "ICC_BASEMAP": "none"})
        st.cache_resource.clear()
        st.cache_data.clear()
        started = time.perf_counter()
        frames = generate(scale, load_default(ROOT / "data"), profile=profile)
        engine = store.make_engine(url)
        publish_all(engine, frames)
        engine.dispose()
        grown = ("lieux", "evenements", "frequentation_lieux")
        rows = ", ".join(f"{len(frames[n]):,} {n}" for n in grown if n in frames)
        print(f"{scale}× {profile}: {rows}; data in {time.perf_counter() - started:.1f} s", flush=True)
        from icc.ui import data

        started = time.perf_counter()
        data.prepare()
        print(f"prepare: {time.perf_counter() - started:.1f} s", flush=True)
        for slug in pages:
            times, sizes = run_page(PAGES[slug], runs, cprofile)
            total = sum(s for _, _, s in sizes)
            later = statistics.median(times[1:]) if len(times) > 1 else times[0]
            out[slug] = {"first": times[0], "later": later, "kib": total / 1024}
            print(
                f"\n## {slug}: script {times[0]:.3f} s first, {later:.3f} s after; "
                f"{len(sizes)} elements, {total / 1024:.0f} KiB",
                flush=True,
            )
            for kind, what, size in sorted(sizes, key=lambda e: -e[2])[:top]:
                print(f"  {size / 1024:8.1f} KiB  {kind:20} {what}")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=None, help="one volume only (no baseline)")
    parser.add_argument("--scales", default="1,1000", help="volumes measured in turn, the first the baseline")
    parser.add_argument("--profile", default="variety")
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--cprofile", action="store_true", help="sample the last run of each page")
    args = parser.parse_args(argv)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    scales = [args.scale] if args.scale else [int(v) for v in args.scales.split(",")]
    pages = args.pages.split(",")
    results = {scale: measure(scale, args.profile, pages, args.runs, args.cprofile, args.top) for scale in scales}
    if len(scales) < 2:
        return
    base = scales[0]
    print(f"\n## Script after the first run, and bytes sent, against {base}× in the same run")
    print("| page | " + " | ".join(f"{s}×" for s in scales) + " |")
    print("| --- |" + " ---: |" * len(scales))
    for slug in pages:
        cells = []
        for scale in scales:
            entry, ref = results[scale][slug], results[base][slug]
            ratio = "" if scale == base else f" ({entry['later'] / ref['later']:.2f}×)"
            cells.append(f"{entry['later']:.3f} s{ratio}, {entry['kib']:.0f} KiB")
        print(f"| {slug} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
