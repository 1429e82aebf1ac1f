"""The Métropole among the métropoles: the comparison table derived from the national festivals list,
its page, its presentation screens and its PowerPoint slides, which all say the same ranks."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pptx import Presentation

from icc import formatting as fr
from icc.datasets import metropoles as mt
from icc.intake import comparaison as cmp
from icc.intake.reading import read_upload
from icc.prepared.aggregations import metropoles as agg
from icc.prepared.filters import Filters
from icc.present import deck, panels, screens
from icc.present.panels import metropoles as mp
from icc.present.panels.base import readable
from tests.apptest import chart_tables, fresh_env, open_page, texts
from tests.conftest import DATA, ROOT
from tests.test_deck import TODAY
from tests.test_screens import bundle_of, plain

NATIONAL = ROOT / "tests" / "fixtures" / "ministere" / "liste-des-festivals-en-france-2024-05.csv"
COLUMNS = [
    "Nom du festival",
    "Code Insee commune",
    "Code Insee EPCI",
    "Libellé EPCI",
    "Discipline dominante",
    "Décennie de création du festival",
]


# --- the derivation, on a small hand-made national sample ---------------------------------

SAMPLE_EPCI = pd.DataFrame(
    {
        "code_epci": ["200000001", "200000002", "200000003", "200000009"],
        "nom": ["Métropole Une", "Métropole Deux", "Métropole de Lyon (exemple)", "CC Voisine"],
        "nature": ["METRO", "METRO", "MET69", "CC"],
        "population": pd.array([200_000, 50_000, 100_000, 10_000], dtype="Int64"),
        "source": ["INSEE (exemple)"] * 4,
    }
)
SAMPLE_CODES = pd.DataFrame(
    [
        ("01001", "200000001", cmp.COMMUNE),
        ("13117", "200000001", cmp.COMMUNE),
        ("01002", "200000002", cmp.COMMUNE),
        ("69381", "200000003", cmp.ARRONDISSEMENT),
        ("200000099", "200000002", cmp.EPT),
    ],
    columns=["code", "code_epci", "nature_du_code"],
)
SAMPLE_ROWS = [
    # name; commune as the list writes it (leading zero lost); EPCI cell; label; discipline; decade
    ("Un", "1001", "200000001", "Métropole Une", "Musique", "2010 et après"),
    ("Deux", "1001", "200000001", "Métropole Une", "Musique", "de 2000 à 2009"),
    ("Corrompu", "13117", "2+A2:AJ94400054807", "Métropole Une", "Livre, littérature", "De 2000 à 2009"),
    ("Territoire", "1002", "200000099", "Territoire (T2)", "Spectacle vivant", ""),
    ("Ailleurs", "1002", "200000009", "CC Voisine", "Musique", "Avant 1980"),
    ("Mal placé", "99999", "200000002", "Métropole Deux", "Cinéma, audiovisuel", "2010 et après"),
    ("Arrondissement", "69381", "200000003", "Métropole de Lyon", "", "2010 et après"),
    ("Hors métropole", "0", "200000009", "CC Voisine", "Musique", "2010 et après"),
    ("Sans code", "0", "0", "", "Musique", "2010 et après"),
]


def sample_bytes() -> bytes:
    """The national export's quirks: two byte-order marks, CRLF, « ; »."""
    lines = [";".join(COLUMNS), *(";".join(row) for row in SAMPLE_ROWS)]
    return ("\ufeff\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


@pytest.fixture(scope="module")
def sample() -> mt.Comparison:
    national = cmp.read_national(sample_bytes(), "liste.csv")
    return cmp.derive(national, SAMPLE_EPCI, SAMPLE_CODES, "janvier 2030")


def test_the_derivation_counts_each_festival_where_the_list_puts_it_and_checks_its_commune(sample):
    table = sample.table.set_index("code_epci")
    assert list(sample.table["code_epci"]) == ["200000001", "200000002", "200000003"]  # métropoles only
    one, two, lyon = (table.loc[c] for c in ["200000001", "200000002", "200000003"])
    # Un, Deux, and the corrupted cell read from its commune (13117).
    assert (one["festivals"], one["epci_repris_de_la_commune"], one["ecarts_commune"]) == (3, 1, 0)
    # A territory's code counts for its métropole; a festival coded here whose commune is not its own is a gap;
    # one of its communes' festivals that the list gives to another EPCI is said too.
    assert (two["festivals"], two["ecarts_commune"], two["autres_festivals_des_communes"]) == (2, 1, 1)
    assert (lyon["festivals"], lyon["ecarts_commune"]) == (1, 0)  # a municipal arrondissement is Lyon
    assert one["festivals_pour_100000"] == 1.5 and two["festivals_pour_100000"] == 4.0
    assert one["source_festivals"].endswith("export de janvier 2030 (Licence Ouverte 2.0)")
    assert one["source_population"] == "INSEE (exemple)"


def test_the_derivation_by_discipline_and_decade(sample):
    discipline, decade = sample.of(mt.DISCIPLINE), sample.of(mt.DECENNIE)
    assert discipline.loc["200000001"].to_dict() == {
        "Cinéma, audiovisuel": 0,
        "Livre, littérature": 1,
        "Musique": 2,
        "Spectacle vivant": 0,
        cmp.UNKNOWN: 0,
    }
    assert discipline.loc["200000003", cmp.UNKNOWN] == 1
    # « de 2000 à 2009 » and « De 2000 à 2009 » are one decade; the decades in time order, unknown last.
    assert list(decade.columns) == ["Avant 1980", "De 2000 à 2009", "2010 et après", cmp.UNKNOWN]
    assert decade.loc["200000001"].to_dict() == {
        "Avant 1980": 0,
        "De 2000 à 2009": 2,
        "2010 et après": 1,
        cmp.UNKNOWN: 0,
    }
    assert decade.loc["200000002", cmp.UNKNOWN] == 1


def test_a_file_that_is_not_the_list_gets_a_french_message():
    with pytest.raises(cmp.ComparisonError) as caught:
        cmp.read_national(b"Nom;Commune\r\nA;B\r\n", "autre.csv")
    assert "il y manque la colonne « Code Insee EPCI »" in caught.value.message


def test_the_reference_is_read_from_the_npm_package(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "package.json").write_text(json.dumps({"version": "9.9.9"}))
    member = {"code": "75056", "siren": "217500016", "nom": "Paris"}
    epci = [
        {"code": "200054781", "nom": "Métropole du Grand Paris", "type": "METRO", "membres": [member]},
        {"code": "200000009", "nom": "CC Voisine", "type": "CC", "membres": [{"code": "01001", "nom": "A"}]},
    ]
    communes = [
        {"code": "75056", "type": "commune-actuelle", "population": 2_000_000},
        {"code": "75101", "type": "arrondissement-municipal", "commune": "75056"},
        {"code": "01001", "type": "commune-actuelle"},  # no population: none invented
    ]
    ept = [{"code": "200057867", "nom": "Plaine Commune"}]
    for name, content in (("epci", epci), ("communes", communes), ("ept", ept)):
        (tmp_path / "data" / f"{name}.json").write_text(json.dumps(content))
    table, codes = cmp.reference_from_package(tmp_path)
    populations = table.set_index("code_epci")["population"]
    assert populations["200054781"] == 2_000_000 and pd.isna(populations["200000009"])
    assert "decoupage-administratif 9.9.9" in table["source"].iloc[0]
    assert dict(zip(codes["code"], codes["nature_du_code"], strict=True)) == {
        "75056": cmp.COMMUNE,
        "217500016": cmp.SIREN,
        "75101": cmp.ARRONDISSEMENT,
        "200057867": cmp.EPT,
    }
    assert set(codes["code_epci"]) == {"200054781"}


# --- the shipped table --------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> mt.Comparison:
    return mt.read(DATA)


def test_the_shipped_table_has_the_22_metropoles_with_population_and_counts(shipped):
    epci, _ = cmp.read_reference(DATA)
    metros = epci[epci["nature"].isin(mt.KINDS)]
    table = shipped.table
    assert len(table) == 22 == len(metros)
    assert set(table["code_epci"]) == set(metros["code_epci"])
    assert (table["nature"] == "MET69").sum() == 1  # Lyon's métropole is one of them
    assert table["population"].notna().all() and (table["population"] > 100_000).all()
    assert table["festivals"].ge(0).all() and table["festivals"].sum() > 0
    assert table["source_population"].str.contains("decoupage-administratif 6.0.0").all()
    # Per discipline and per decade, the counts add up to each métropole's total.
    for criterion in (mt.DISCIPLINE, mt.DECENNIE):
        assert shipped.of(criterion).sum(axis=1).to_list() == table["festivals"].to_list()


def test_the_metropoles_population_is_the_dashboards_own(shipped):
    """The same INSEE figures as data/communes.csv: the Métropole's population is one number everywhere."""
    communes = pd.read_csv(DATA / "communes.csv")
    amp = shipped.table.set_index("code_epci").loc[mt.AMP]
    assert amp["population"] == communes["population"].sum()


def test_the_shipped_table_is_what_the_command_derives_from_the_shared_export(shipped):
    epci, codes = cmp.read_reference(DATA)
    derived = cmp.derive(cmp.read_national(NATIONAL.read_bytes(), NATIONAL.name), epci, codes, "mai 2024")
    pd.testing.assert_frame_equal(derived.table.reset_index(drop=True), shipped.table, check_dtype=False)
    pd.testing.assert_frame_equal(derived.breakdown, shipped.breakdown, check_dtype=False)


def test_aix_marseille_provences_count_recomputed_from_the_shared_export(shipped):
    """Counted another way: the rows whose EPCI cell is the Métropole's code, plus those whose cell is no
    EPCI code and whose commune is one of the 92 of data/communes.csv."""
    frame = read_upload(NATIONAL.read_bytes(), NATIONAL.name, 50_000_000, 100_000).frame
    ours = set(pd.read_csv(DATA / "communes.csv", dtype={"code_insee": str})["code_insee"])
    cell = frame["Code Insee EPCI"].str.strip()
    commune = frame["Code Insee commune"].str.strip().str.zfill(5)
    unreadable = ~cell.str.fullmatch(r"\d{9}")
    expected = int((cell == mt.AMP).sum() + (unreadable & commune.isin(ours)).sum())
    assert (unreadable & commune.isin(ours)).sum() >= 1  # the Vitrolles festival's corrupted cell
    assert shipped.table.set_index("code_epci").loc[mt.AMP, "festivals"] == expected


# --- ranks: the page, the screens and the slides say what the table says -------------------


def strictly_ahead(values: pd.Series, value) -> int:
    return int((values > value).sum())


@pytest.mark.parametrize("measure", agg.MEASURES)
def test_the_ranks_shown_match_the_table(shipped, measure):
    content = panels.panel(None, Filters(), mp.FESTIVALS if measure == agg.FESTIVALS else mp.HABITANTS)
    by_name = shipped.table.set_index("nom")[measure]
    for rank, name in zip(content.table["Rang"], content.table["Métropole"], strict=True):
        assert rank.split()[0] == mp.ordinal(1 + strictly_ahead(by_name, by_name[name]))
    amp = shipped.table.set_index("code_epci").loc[mt.AMP, measure]
    expected = mp.ordinal(1 + strictly_ahead(shipped.table[measure], amp))
    assert f"{expected} des 22 métropoles" in content.title


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 400), st.integers(100_000, 8_000_000)),
        min_size=2,
        max_size=22,
    )
)
def test_the_rank_sentence_matches_any_table(rows):
    """Property: over any counts and populations, the sentence's ranks are 1 + the métropoles strictly ahead."""
    codes = [mt.AMP, *(f"2{i:08d}" for i in range(1, len(rows)))]
    table = pd.DataFrame(
        {
            "code_epci": codes,
            "nom": [f"Métropole {i}" for i in range(len(rows))],
            "festivals": [n for n, _ in rows],
            "population": [p for _, p in rows],
        }
    )
    table["festivals_pour_100000"] = agg.per_100k(table["festivals"], table["population"])
    data = mt.Comparison(table, pd.DataFrame(columns=mt.BREAKDOWN_COLUMNS))
    words = []
    for measure in agg.MEASURES:
        ahead = strictly_ahead(table[measure], table[measure].iloc[0])
        tied = int((table[measure] == table[measure].iloc[0]).sum()) > 1
        words.append(mp.rank_words(1 + ahead, tied))
    assert mp.sentence(data) == (
        f"Aix-Marseille-Provence : {words[0]} des {fr.nombre(len(rows))} métropoles pour le nombre de festivals, "
        f"{words[1]} pour 100 000 habitants."
    )


def test_the_discipline_ranks_match_the_table(shipped):
    content = panels.panel(None, Filters(), mp.DISCIPLINES)
    wide = shipped.of(mt.DISCIPLINE)
    column = next(c for c in content.table.columns if c.endswith("(nombre)") and c.startswith("Rang"))
    assert list(content.table["Discipline dominante"]) == list(wide.columns)
    for discipline, rank in zip(content.table["Discipline dominante"], content.table[column], strict=True):
        counts = wide[discipline]
        assert rank.split()[0] == mp.ordinal(1 + strictly_ahead(counts, counts[mt.AMP]))
        shown = content.table.set_index("Discipline dominante").loc[discipline, "Festivals d'Aix-Marseille-Provence"]
        assert shown == counts[mt.AMP]


def test_the_note_says_what_the_list_is_and_its_date(shipped):
    content = panels.panel(None, Filters(), mp.FESTIVALS)
    assert "ce n'est pas un décompte exhaustif" in content.note
    assert "export de mai 2024" in content.note
    assert "Métropole d'Aix-Marseille-Provence (1)" in content.note
    assert "Licence Ouverte 2.0" in plain(content.sources)


@pytest.fixture(scope="module")
def bundle(default_frames):
    return bundle_of(default_frames)


def test_the_screens_and_the_powerpoint_show_the_same_numbers(bundle, shipped):
    ids = screens.METROPOLES_IDS
    assert screens.parse(",".join(ids)) == ids
    contents = screens.build(bundle, Filters(), ids)
    slides = list(Presentation(io.BytesIO(deck.pptx_bytes(bundle, Filters(), ids, today=TODAY, template=""))).slides)
    # The title slide and the headline figures come first.
    for content, slide in zip(contents, slides[2:], strict=True):
        assert slide.shapes.title.text_frame.text == content.title
        (chart,) = [s.chart for s in slide.shapes if s.has_chart]  # a native chart, not a picture
        assert list(chart.plots[0].categories) == content.chart.categories
        assert list(chart.plots[0].series[0].values) == content.chart.series[next(iter(content.chart.series))]
    festivals, habitants = contents[0], contents[1]
    assert "2e des 22 métropoles pour le nombre de festivals" in festivals.title
    assert "6e des 22 métropoles pour 100 000 habitants" in habitants.title
    by_code = shipped.table.set_index("nom")
    (chart,) = [s.chart for s in slides[2].shapes if s.has_chart]
    values = dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=True))
    assert values == {n: float(v) for n, v in by_code["festivals"].items()}
    workbook = load_workbook(io.BytesIO(deck.xlsx_bytes(bundle, Filters(), ids, today=TODAY)))
    sheet = workbook["Métropoles"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Rang", "Métropole", "Festivals dans la liste")
    assert {r[1]: r[2] for r in rows[1:]} == by_code["festivals"].to_dict()


def test_the_page_says_the_rank_in_words(monkeypatch, tmp_path, shipped):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/metropoles.py")
    assert not at.exception, at.exception
    sentence = mp.sentence(shipped)
    assert sentence in [t.value for t in at.text]
    shown = texts(at)
    assert "La Métropole parmi les métropoles" in shown
    assert "ce n'est pas un décompte exhaustif" in plain(shown)
    ranking = readable(panels.panel(None, Filters(), mp.FESTIVALS))
    tables = chart_tables(at)
    assert any(
        list(t.columns) == list(ranking.columns) and t["Métropole"].tolist() == ranking["Métropole"].tolist()
        for t in tables
    )


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_page_in_a_browser_says_aix_marseille_provences_rank(page, app_url, shipped):
    from tests.browser import errors_shown, open_page

    open_page(page, app_url, "metropoles")
    assert errors_shown(page) == []
    page.get_by_text(mp.sentence(shipped)).wait_for(timeout=30_000)
    shown = page.locator('[data-testid="stText"]').all_inner_texts()
    rank = mp.ordinal(agg.rank_of(shipped.table, agg.FESTIVALS)[0])
    assert any(f"Aix-Marseille-Provence : {rank} des 22 métropoles pour le nombre de festivals" in t for t in shown)


# --- the command, and a missing table -------------------------------------------------------


def test_the_command_regenerates_the_table_from_a_national_export(tmp_path, capsys, shipped):
    (tmp_path / "reference").mkdir()
    for name in (mt.REFERENCE_EPCI, mt.REFERENCE_CODES):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    assert cmp.main([str(NATIONAL), "--extrait-du", "mai 2024", "--dossier", str(tmp_path)]) == 0
    regenerated = mt.read(tmp_path)
    pd.testing.assert_frame_equal(regenerated.table, shipped.table)
    amp = shipped.table.set_index("code_epci").loc[mt.AMP, "festivals"]
    assert f"Aix-Marseille-Provence : {fr.nombre(amp)} festivals." in plain(capsys.readouterr().out)


def test_the_command_refuses_a_file_that_is_not_the_list_in_french(tmp_path, capsys):
    (tmp_path / "reference").mkdir()
    for name in (mt.REFERENCE_EPCI, mt.REFERENCE_CODES):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    other = tmp_path / "autre.csv"
    other.write_text("Nom;Ville\nA;B\n", encoding="utf-8")
    assert cmp.main([str(other), "--extrait-du", "mai 2024", "--dossier", str(tmp_path)]) == 1
    assert "il y manque la colonne « Code Insee EPCI »" in capsys.readouterr().err
    assert not (tmp_path / mt.TABLE).exists()  # nothing written


def test_without_the_table_the_panels_say_how_to_make_it(monkeypatch, tmp_path):
    monkeypatch.setenv("ICC_DATA_DIR", str(tmp_path))
    for panel_id in screens.METROPOLES_IDS:
        content = panels.panel(None, Filters(), panel_id)
        museums = panel_id in (mp.MUSEES, mp.VISITES)  # their own table (tests/test_metropoles_musees.py)
        assert content.empty and content.empty_message == (mp.MISSING_MUSEUMS if museums else mp.MISSING)
    assert "python -m icc.intake.comparaison" in mp.MISSING
