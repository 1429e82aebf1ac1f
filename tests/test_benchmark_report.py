"""The browser benchmark's report states both data profiles side by side, the budget read on variety
(benchmarks/pages_browser.py; the measures themselves run apart)."""

from __future__ import annotations

from benchmarks.pages_browser import report


def _page(seconds: float) -> dict:
    return {"open_s": seconds, "first_chart_s": seconds - 0.2, "figures_s": None, "cold_s": seconds, "runs": []}


def _run(scale: int, profile: str, seconds: float) -> dict:
    return {
        "scale": scale,
        "profile": profile,
        "rows": {"lieux": 61 * scale, "evenements": 276 * scale, "financements": 28 * scale},
        "distinct": {"programmes": 8 * (1 + (scale - 1) // 10) if profile == "variety" else 8},
        "data_s": 4.0,
        "prepared_s": 6.0,
        "pages": {"financements": _page(seconds)},
    }


def _report() -> str:
    return report(
        {
            "date": "04/12/2026 à 10:00",
            "machine": "test",
            "others_cpu": 0.05,
            "own_cpu": 1.4,
            "runs": 5,
            "asked": [1, 1000],
            "scales": [
                _run(1, "variety", 2.0),
                _run(1000, "variety", 2.6),  # 1,3×: over the budget of 1,2
                _run(1000, "repeat", 2.2),  # 1,1×: within it, but the budget is read with variety
            ],
        }
    )


def test_both_profiles_side_by_side_and_the_budget_read_on_variety():
    text = _report()
    assert "| page | 1× | 1 000× variété | 1 000× répétition | budget (variété) |" in text
    assert "| Financements | 2 s | 2,6 s (1,3×) | 2,2 s (1,1×) | 1 000× : dépassé |" in text
    assert "| Vue d'ensemble | — | — | — | — |" in text


def test_the_report_says_how_many_categories_each_profile_brings():
    text = _report()
    rows = "61\u202f000 lieux, 276\u202f000 événements, 28\u202f000 financements"
    assert f"- 1 000× variété : {rows} ; distincts : 800 programmes ;" in text
    assert f"- 1 000× répétition : {rows} ; distincts : 8 programmes ;" in text
    assert "- 1 000× variété : préparation 6 s" in text


def test_the_hand_written_analysis_stays_with_the_measures():
    from benchmarks.pages_browser import ANALYSIS, END

    text = _report()
    first = ANALYSIS.read_text(encoding="utf-8").strip().splitlines()[0]
    assert text.index(first) < text.index(END)
