"""An event cited for several years: its attendance edition by edition, on the page and in PowerPoint."""

from __future__ import annotations

import io

import pandas as pd
from pptx import Presentation

from icc import formatting as fr
from icc.prepared.filters import Filters
from icc.present import deck, panels
from tests.test_deck import TODAY
from tests.test_screens import bundle_of


def with_two_editions(default_frames) -> dict:
    frames = dict(default_frames)
    events = frames["evenements"]
    delta = events[events["id"] == "delta_festival"].iloc[0]
    second = delta.copy()
    second["id"], second["annee"], second["frequentation"] = "delta_festival_bis", 2023, 120_000
    first = events["id"] == "delta_festival"
    events = events.copy()
    events.loc[first, "annee"] = 2024
    frames["evenements"] = pd.concat([events, second.to_frame().T.astype(events.dtypes)], ignore_index=True)
    return frames


def test_an_event_with_two_editions_charts_both_years(default_frames):
    bundle = bundle_of(with_two_editions(default_frames))
    panel = panels.build(bundle, Filters(), ["editions"])[0]
    assert panel.table[["Événement", "Année", "Fréquentation"]].values.tolist() == [
        ["Delta Festival", 2023, 120_000],
        ["Delta Festival", 2024, 150_000],
    ]
    assert [trace.name for trace in panel.figure.data] == ["2023", "2024"]
    assert [list(trace.x) for trace in panel.figure.data] == [[120_000.0], [150_000.0]]
    assert panel.figure.data[1].marker.pattern.shape == "/"  # years told apart without colour too
    assert panel.chart.series == {"2023": [120_000.0], "2024": [150_000.0]}
    prs = Presentation(io.BytesIO(deck.pptx_bytes(bundle, Filters(), ids=["editions"], today=TODAY, template="")))
    charts = [s.chart for slide in prs.slides for s in slide.shapes if s.has_chart]
    assert [s.name for s in charts[0].plots[0].series] == ["2023", "2024"]
    assert "2024 : " + fr.nombre(150_000) in panel.figure.data[1].text[0]


def test_without_several_editions_the_panel_says_so(default_frames):
    panel = panels.build(bundle_of(default_frames), Filters(), ["editions"])[0]
    assert panel.empty and "plusieurs éditions" in panel.empty_message
