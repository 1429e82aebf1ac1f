"""Reading staff uploads: messy real-world files give the right text cells, or a French refusal.

The files are in tests/corpus/ (written by tests/corpus/make_corpus.py).
"""

import csv
import datetime as dt
import io
import struct
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from icc.datasets.schema import DATASETS
from icc.intake.headers import fold
from icc.intake.reading import (
    EMPTY,
    MO,
    ReadError,
    cell_text,
    looks_like,
    read_upload,
    taille,
)
from icc.intake.seed import read_csv_text
from icc.intake.validation import ERROR, match_headers, validate_table
from tests.conftest import DATA

CORPUS = Path(__file__).resolve().parent / "corpus"
LIMIT_BYTES, LIMIT_ROWS = 20 * MO, 200_000
NBSP, NNBSP = "\u00a0", "\u202f"
EXPECTED = "Déposez un fichier CSV (séparateur point-virgule, virgule ou tabulation) ou un classeur Excel (.xlsx)."
NOT_A_TABLE = "Ce fichier n'est pas un CSV ou un classeur Excel (.xlsx) : "
SOURCE = "Feuille de route ICC, I. Contexte – 2. Dispositifs de soutien"


def read(name: str, **limits):
    content = (CORPUS / name).read_bytes()
    options = {"max_bytes": LIMIT_BYTES, "max_rows": LIMIT_ROWS} | limits
    return read_upload(content, name, **options)


def refusal(name: str, content: bytes | None = None, **limits) -> str:
    content = (CORPUS / name).read_bytes() if content is None else content
    options = {"max_bytes": LIMIT_BYTES, "max_rows": LIMIT_ROWS} | limits
    with pytest.raises(ReadError) as caught:
        read_upload(content, name, **options)
    return caught.value.message


def cells(result) -> list[list[str]]:
    return result.frame.to_numpy().tolist()


def assert_text_cells(result):
    frame = result.frame
    assert all(isinstance(v, str) for v in frame.to_numpy().ravel())
    assert all(pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object for c in frame.columns)


# --- CSV dialects ---------------------------------------------------------------------------


def test_utf8_with_bom_semicolons_decimal_commas_and_non_breaking_spaces_stay_text():
    result = read("financements_utf8_bom.csv")
    assert result.headers == [
        "Identifiant",
        "Programme",
        "Niveau du financeur",
        "Bénéficiaire ou projet",
        "Montant",
        "Source",
    ]
    assert cells(result) == [
        ["pia4", "PIA 4", "État", "Filière ICC (national), 350 M€ en subvention", f"400{NBSP}000{NBSP}000", SOURCE],
        ["pia4_axe_rse", "PIA 4", "État", "Axe « responsabilité sociale »", f"18{NNBSP}000{NNBSP}000", SOURCE],
        ["poles_territoriaux_icc", "Pôles territoriaux ICC", "État", "25 projets retenus", "46 800 000,50", SOURCE],
        ["demi", "Essai", "Ville", "Montant décimal", "0,5", SOURCE],
    ]
    assert_text_cells(result)
    assert (result.encoding, result.bom, result.separator, result.decimal) == ("UTF-8", True, ";", ",")
    assert result.spreadsheet_rows() == [2, 3, 4, 5]
    assert result.description == (
        "Fichier CSV : encodage UTF-8 avec BOM, séparateur point-virgule (;), nombres à virgule décimale, "
        "espaces entre les milliers, 4 lignes de données, 6 colonnes."
    )


def test_windows_1252_with_accents_euro_and_oe_in_headers_and_cells():
    result = read("evenements_windows1252.csv")
    assert result.headers == ["Identifiant", "Événement", "Filière", "Fréquentation", "Remarque (coût en €)"]
    assert cells(result) == [
        ["fidmarseille", "Festival international de cinéma – FIDMarseille", "cinéma", "25 000", "Façade éclairée"],
        ["choeurs", "Chœurs en fête", "musique", "près de 3 000", "Entrée à 12 € ; élèves : gratuit"],
        ["reve", "Rêve d'été", "arts_visuels", "", "Œuvres « hors les murs »"],
    ]
    assert (result.encoding, result.bom, result.separator) == ("Windows-1252", False, ";")
    assert result.description.startswith("Fichier CSV : encodage Windows-1252 sans BOM, séparateur point-virgule (;)")


def test_tab_separated_with_commas_and_semicolons_inside_cells():
    result = read("lieux_tabulations.tsv")
    assert result.separator == "\t"
    assert cells(result) == [
        ["friche_belle_de_mai", "Friche la Belle de Mai", "Tiers-lieu; friche", "43.3105", "5.3902"],
        ["zinc", "ZINC (arts et cultures numériques)", "Tiers-lieu, numérique", "43.3101", "5.391"],
        ["pole_media", "Pôle Média de la Belle de Mai", "Pôle d'entreprises", "43.3093", "5.3894"],
    ]
    assert result.decimal == "."
    assert "séparateur tabulation, nombres à point décimal, 3 lignes de données, 5 colonnes" in result.description


def test_commas_with_quoted_cells_holding_commas_line_breaks_and_quotes():
    result = read("projets_virgule_guillemets.csv")
    assert result.separator == ","
    assert cells(result) == [
        ["cinemabase", "CinéMaBase Marseille", 'Base logistique "provisoire",\nancien atelier de 4 000 m²', "4000"],
        ["cinefabrique", "École CinéFabrique", "Rue Guibal, Marseille 3e", ""],
    ]
    # The line break inside the quoted cell does not shift the following rows.
    assert result.spreadsheet_rows() == [2, 3]


def test_excel_unicode_text_utf16_tab_separated():
    result = read("texte_unicode.txt")
    assert (result.encoding, result.bom, result.separator) == ("UTF-16", True, "\t")
    assert result.headers == ["Code INSEE", "Commune"]
    assert cells(result) == [["13055", "Marseille"]]


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("cp1252", "Windows-1252"),
        ("iso8859_15", "ISO-8859-15 (Latin-9)"),
        ("mac_roman", "Mac Roman"),
        ("cp850", "DOS (CP850)"),
    ],
)
def test_older_french_encodings_are_recognised_by_their_accents(encoding, label):
    text = "Événement;Coût\r\nFête de la musique;12 € à l'entrée\r\nÉté;œuvre « à voir »\r\n"
    if encoding == "cp850":  # DOS has neither the euro sign nor the oe ligature
        text = text.replace("€", "euros").replace("œ", "oe")
    result = read_upload(text.encode(encoding), "ancien.csv", LIMIT_BYTES, LIMIT_ROWS)
    assert result.encoding == label
    assert [result.headers, *cells(result)] == [row.split(";") for row in text.strip().split("\r\n")]


def test_a_csv_named_like_a_workbook_is_read_as_csv():
    result = read_upload((CORPUS / "lieux_tabulations.tsv").read_bytes(), "lieux.xlsx", LIMIT_BYTES, LIMIT_ROWS)
    assert result.format == "csv"
    assert result.rows == 3
    assert result.description.endswith("Son contenu est du texte CSV, malgré son extension.")


def test_empty_rows_are_dropped_but_rows_keep_their_spreadsheet_numbers():
    result = read("communes_lignes_vides.csv")
    assert [row[:2] for row in cells(result)] == [
        ["13001", "Aix-en-Provence"],
        ["13002", "Allauch"],
        ["13003", "Alleins"],
    ]
    assert result.spreadsheet_rows() == [2, 5, 7]
    assert list(result.frame.index) == [0, 3, 5]
    assert result.description.endswith("3 lignes de données, 7 colonnes. 3 lignes vides ignorées.")
    # Validation names line 7, where "beaucoup" is in the file.
    typed, problems = validate_table(DATASETS["communes"], result.frame)
    errors = [p for p in problems if p.severity == ERROR]
    assert [(p.row, p.column, p.value) for p in errors] == [(7, "population", "beaucoup")]
    assert errors[0].text().startswith("Ligne 7, colonne « Population » : « beaucoup »")
    assert list(typed.index) == [0, 3, 5]
    assert typed["population"].tolist()[:2] == [149695, 21443]


def test_headers_differing_by_case_accents_and_spaces_are_trimmed_and_recognised():
    result = read("lieux_entetes_casse_accents.csv")
    assert result.headers == [
        "IDENTIFIANT",
        "lieu",
        "type de LIEU",
        "Filiere",
        "code insee",
        "LATITUDE",
        "longitude",
        "Precision de la position",
        "STATUT",
        "sOuRcE",
    ]
    mapping, unknown = match_headers(DATASETS["lieux"], result.headers)
    assert unknown == []
    lieux = DATASETS["lieux"].columns
    optional = ("identifiants_basilic", "identifiant_museofile", "adresse", "site_internet", "projet")
    assert sorted(mapping.values()) == sorted(c for c in lieux if c not in optional)
    typed, problems = validate_table(DATASETS["lieux"], result.frame)
    assert [p.text() for p in problems if p.severity == ERROR] == []
    assert typed.loc[0, ["id", "latitude", "longitude"]].tolist() == ["zinc", 43.3101, 5.391]


def test_title_rows_above_the_header_are_skipped_in_a_csv():
    content = b"Financements ICC;;\r\n\r\nIdentifiant;Montant;Statut\r\npia4;400000000;acquis\r\n"
    result = read_upload(content, "titre.csv", LIMIT_BYTES, LIMIT_ROWS)
    assert result.headers == ["Identifiant", "Montant", "Statut"]
    assert cells(result) == [["pia4", "400000000", "acquis"]]
    assert result.spreadsheet_rows() == [4]
    assert result.description.endswith("1 ligne de titre ignorée ; l'en-tête est à la ligne 3.")


def test_a_single_column_file():
    result = read_upload(b"Commune\nMarseille\nAix-en-Provence\n", "une.csv", LIMIT_BYTES, LIMIT_ROWS)
    assert result.separator is None
    assert cells(result) == [["Marseille"], ["Aix-en-Provence"]]
    assert "une seule colonne" in result.description


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_sheet_named_like_the_dataset_with_dates_numbers_and_empty_cells():
    result = read("financements_classeur.xlsx", sheet_hint="financements")
    assert result.sheet == "Financements"
    assert result.headers == [
        "Identifiant",
        "Montant",
        "Taux",
        "Date de décision",
        "Acquis",
        "Colonne F",
        "Commentaire",
    ]
    assert cells(result) == [
        ["pia4", "400000000", "0.5", "08/01/2021", "VRAI", "", "Montant  national"],
        ["pia4_axe_rse", "18000000", "0.125", "25/10/2024", "FAUX", "", ""],
        ["demi", "1234.5", "", "25/10/2024 14:30", "", "à voir", ""],
    ]
    assert_text_cells(result)
    # Title on row 1, blank row 2, header row 3, empty row 6.
    assert result.spreadsheet_rows() == [4, 5, 7]
    assert result.description == (
        "Classeur Excel (.xlsx) : feuille « Financements », 3 lignes de données, 7 colonnes. "
        "1 ligne de titre ignorée ; l'en-tête est à la ligne 3. "
        "Une colonne sans en-tête a été nommée d'après sa lettre : « Colonne F ». "
        "1 ligne vide ignorée. Autres feuilles ignorées : « Vide » et « Lisez-moi »."
    )


def test_xlsx_without_hint_reads_the_first_sheet_with_data():
    result = read("financements_classeur.xlsx")
    assert result.sheet == "Lisez-moi"
    assert result.headers == ["Ce classeur est une extraction du suivi des financements."]
    assert cells(result) == [["Ne pas modifier les identifiants."]]


def test_the_dataset_title_also_finds_the_sheet():
    result = read("communes.xlsx", sheet_hint="communes")
    assert result.sheet == "Communes"
    assert result.rows == 92


def test_a_workbook_without_data_or_with_a_header_only():
    book = Workbook()
    book.active.title = "Feuil1"
    book.create_sheet("Feuil2")
    empty = io.BytesIO()
    book.save(empty)
    assert refusal("vide.xlsx", empty.getvalue()) == (
        "Le classeur ne contient aucune donnée : toutes ses feuilles sont vides."
    )
    book.active.append(["Code INSEE", "Commune"])
    header_only = io.BytesIO()
    book.save(header_only)
    assert refusal("entete.xlsx", header_only.getvalue()).startswith("Le fichier ne contient que la ligne d'en-tête")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  texte  ", "  texte  "),
        ("ligne 1\r\nligne 2", "ligne 1\nligne 2"),
        (150000, "150000"),
        (150000.0, "150000"),
        (-3.0, "-3"),
        (0.1, "0.1"),
        (43.53618, "43.53618"),
        (1e-7, "0.0000001"),
        (1.5e20, "150000000000000000000"),
        (True, "VRAI"),
        (False, "FAUX"),
        (dt.datetime(2024, 10, 25), "25/10/2024"),
        (dt.datetime(2024, 10, 25, 9, 5), "25/10/2024 09:05"),
        (dt.datetime(2024, 10, 25, 9, 5, 7), "25/10/2024 09:05:07"),
        (dt.date(999, 1, 2), "02/01/0999"),
        (dt.time(14, 30), "14:30"),
    ],
)
def test_cells_read_the_way_excel_shows_them(value, text):
    assert cell_text(value) == text


# --- end to end ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def communes_typed():
    typed, problems = validate_table(DATASETS["communes"], read_csv_text(DATA / "communes.csv"))
    assert problems == []
    return typed


@pytest.mark.parametrize("name", ["communes_excel_windows.csv", "communes.xlsx"])
def test_communes_saved_by_excel_validate_to_the_default_communes(name, communes_typed):
    result = read(name)
    assert result.rows == 92
    typed, problems = validate_table(DATASETS["communes"], result.frame)
    assert [p.text() for p in problems] == []
    pd.testing.assert_frame_equal(typed, communes_typed)


def test_the_windows_communes_file_is_described():
    assert read("communes_excel_windows.csv").description == (
        "Fichier CSV : encodage Windows-1252 sans BOM, séparateur point-virgule (;), nombres à virgule décimale, "
        "espaces entre les milliers, 92 lignes de données, 7 colonnes."
    )


def test_looks_like_finds_the_dataset_of_a_file():
    scores = looks_like(read("communes_excel_windows.csv").headers)
    assert scores[0] == ("communes", 1.0)
    assert [name for name, _ in scores] == sorted(DATASETS, key=lambda n: -dict(scores)[n])
    best, score = looks_like(read("financements_utf8_bom.csv").headers)[0]
    assert best == "financements"
    assert score == round(2 * 6 / (6 + len(DATASETS["financements"].fields)), 3)
    assert looks_like(["Lieu", "Type de lieu", "Latitude", "Longitude"])[0][0] == "lieux"
    assert {score for _, score in looks_like(["rien", "à voir"])} == {0.0}


# --- refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "ancien_format.xls",
            NOT_A_TABLE + "c'est un classeur Excel 97-2003 (.xls). Ouvrez-le dans Excel ou LibreOffice et "
            "enregistrez-le au format .xlsx ou CSV.",
        ),
        ("image.png", NOT_A_TABLE + "c'est une image (PNG). " + EXPECTED),
        (
            "document.pdf",
            NOT_A_TABLE + "c'est un document PDF. Les tableaux d'un PDF ne peuvent pas être lus : déposez un "
            "fichier CSV (séparateur point-virgule, virgule ou tabulation) ou un classeur Excel (.xlsx).",
        ),
        (
            "classeur.ods",
            NOT_A_TABLE + "c'est un classeur OpenDocument (.ods). Dans LibreOffice, enregistrez-le au format "
            "Excel (.xlsx) ou CSV.",
        ),
        (
            "page_web.xls",
            NOT_A_TABLE + "c'est une page web (HTML). Ouvrez-la dans Excel et enregistrez-la au format .xlsx ou CSV.",
        ),
        ("vide.csv", "Le fichier est vide."),
        (
            "entete_seule.csv",
            "Le fichier ne contient que la ligne d'en-tête : aucune ligne de données en dessous. "
            "Ajoutez une ligne par élément sous les en-têtes.",
        ),
        (
            "doublons.csv",
            "Plusieurs colonnes portent le même en-tête : « Identifiant » (colonnes A et E) ; "
            "« Montant », « montant » (colonnes B et D). Donnez à chaque colonne un en-tête différent.",
        ),
    ],
)
def test_corpus_files_that_are_refused(name, message):
    assert refusal(name) == message


def test_random_binary_and_other_archives_are_refused():
    assert refusal("x.bin", bytes(range(256)) * 8) == (
        NOT_A_TABLE + "son contenu n'est pas du texte lisible. " + EXPECTED
    )
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("financements.csv", "Identifiant;Montant\npia4;1\n")
    assert refusal("envoi.zip", plain_zip.getvalue()) == (
        NOT_A_TABLE + "c'est une archive zip. Décompressez-la et déposez le fichier CSV ou .xlsx qu'elle contient."
    )
    assert refusal("x.xlsx", b"PK\x03\x04 tronque") == (
        "Le classeur Excel n'a pas pu être ouvert : il est peut-être endommagé. Ouvrez-le dans Excel et "
        "enregistrez-le à nouveau au format .xlsx, ou déposez-le au format CSV."
    )
    assert refusal("protege.xlsx", (CORPUS / "ancien_format.xls").read_bytes()) == (
        NOT_A_TABLE + "c'est un classeur protégé par un mot de passe. Enregistrez-en une copie sans mot de passe."
    )


def test_blank_lines_only_is_an_empty_file():
    assert refusal("blanc.csv", b"\r\n  \r\n;;\r\n") == EMPTY


def test_an_unclosed_quote_names_its_line():
    content = b'Identifiant;Nom\npia4;PIA 4\n\nrse;"Axe RSE\nautre;x\n'
    assert refusal("q.csv", content) == (
        "Un guillemet (\") ouvert ligne 4 n'est jamais refermé : tout le reste du fichier serait lu comme une "
        "seule cellule. Vérifiez les guillemets de cette ligne ; un guillemet à l'intérieur d'un texte entre "
        'guillemets s\'écrit "".'
    )


def test_an_unquoted_separator_inside_a_cell_names_the_rows():
    content = "Identifiant,Nom,Commune\npia4,PIA 4,Marseille\nx,Dupont, Jean,Aix\ny,a,b\nz,Martin, Paul,Istres\n"
    assert refusal("v.csv", content.encode()) == (
        "Lignes 3 et 5 : des cellules sont remplies à droite de la dernière colonne de l'en-tête (colonne C, "
        "« Commune »). Si un texte contient le séparateur, virgule (,), mettez ce texte entre guillemets "
        '("…") ; sinon, donnez un en-tête à chaque colonne remplie.'
    )


def test_xlsx_zip_bomb_is_refused_before_inflating():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<row/>" * (8 * MO // 6))
    content = bomb.getvalue()
    assert len(content) < 100 * 1024
    assert refusal("bombe.xlsx", content, max_bytes=100 * 1024) == (
        "Le classeur Excel ferait 8 Mo une fois décompressé ; la limite est de 400 Ko. Il a été refusé par "
        "précaution : enregistrez-le à nouveau depuis Excel, ou déposez-le au format CSV."
    )


def test_xlsx_lying_about_its_sizes_is_refused_as_damaged():
    """A zip declaring small members but holding a large one: zipfile stops at the declared size."""
    content = bytearray((CORPUS / "communes.xlsx").read_bytes())
    member = b"xl/worksheets/sheet1.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := content.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if content[name_at : name_at + len(member)] == member:
                content[start + size_at : start + size_at + 4] = struct.pack("<I", 100)
            start += 4
    message = refusal("menteur.xlsx", bytes(content))
    assert message.startswith("Le classeur Excel n'a pas pu être ouvert : il est peut-être endommagé.")


def test_over_the_size_limit_is_refused_before_reading():
    assert taille(int(210.3 * MO)) == "210,3 Mo"
    assert refusal("x.csv", b"a;b\n" + b"1;2\n" * 7_500, max_bytes=20 * 1024) == (
        "Le fichier fait 29,3 Ko ; la limite est de 20 Ko."
    )
    assert refusal("financements_utf8_bom.csv", max_bytes=500) == (
        "Le fichier fait 623 octets ; la limite est de 500 octets."
    )
    # Sizes that would round alike are given in bytes.
    assert refusal("x.csv", b"a" * (MO + 10), max_bytes=MO) == (
        f"Le fichier fait 1{NNBSP}048{NNBSP}586 octets ; la limite est de 1{NNBSP}048{NNBSP}576 octets."
    )


def test_over_the_row_limit_is_refused_with_both_numbers():
    assert refusal("communes_excel_windows.csv", max_rows=50) == (
        "Le fichier contient 92 lignes de données ; la limite est de 50 lignes."
    )
    assert refusal("communes.xlsx", max_rows=85) == (
        "Le fichier contient 92 lignes de données ; la limite est de 85 lignes."
    )
    # Far over the limit, the workbook is not read to its end.
    assert refusal("communes.xlsx", max_rows=50) == (
        "La feuille « Communes » contient plus de 50 lignes de données (elle s'étend jusqu'à la ligne 93) ; "
        "la limite est de 50 lignes."
    )


def test_any_unexpected_failure_becomes_a_french_refusal(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pd, "read_csv", broken)
    assert refusal("x.csv", b"a;b\n1;2\n") == (
        "Le fichier n'a pas pu être lu : son contenu n'a pas été compris. " + EXPECTED
    )


# --- properties ------------------------------------------------------------------------------------

MAGIC_PREFIXES = [b"", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"\xd0\xcf\x11\xe0", b"%PDF", b"<html>", b"a;b\n"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(MAGIC_PREFIXES), body=st.binary(max_size=3000))
def test_random_bytes_never_raise_anything_but_a_read_error(prefix, body):
    try:
        result = read_upload(prefix + body, "hasard.csv", LIMIT_BYTES, LIMIT_ROWS)
    except ReadError as exc:
        assert exc.message.strip()
    else:
        assert result.rows >= 1
        assert_text_cells(result)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=";,\t\"'\n\r x1é€", max_size=200))
def test_random_separator_soup_never_raises_anything_but_a_read_error(text):
    for encoding in ("utf-8", "cp1252"):
        try:
            read_upload(text.encode(encoding), "soupe.csv", LIMIT_BYTES, LIMIT_ROWS)
        except ReadError as exc:
            assert exc.message.strip()


FRENCH = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éèêëàâçùûôîïœŒÉÈÀÇ€«»’–"
CELL_EXTRAS = " .;,:!?'\"-()/\t\n" + NBSP


def cells_of(alphabet):
    return st.text(alphabet=alphabet, max_size=12)


@st.composite
def tables(draw):
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    if encoding == "cp1252":
        cell = cells_of(FRENCH + CELL_EXTRAS)
    else:
        any_char = st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn"), exclude_characters="\ufeff\ufffd")
        cell = st.text(any_char | st.sampled_from(list(CELL_EXTRAS)), max_size=12)
    headers = draw(st.lists(st.text(alphabet=FRENCH, min_size=1, max_size=8), min_size=2, max_size=6, unique_by=fold))
    assume(all(fold(h) for h in headers))
    rows = draw(st.lists(st.lists(cell, min_size=len(headers), max_size=len(headers)), min_size=1, max_size=8))
    dialect = {
        "delimiter": draw(st.sampled_from([";", ",", "\t"])),
        "quoting": draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
        "lineterminator": draw(st.sampled_from(["\r\n", "\n"])),
    }
    return encoding, dialect, headers, rows


def _valid_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_a_random_table_in_a_random_dialect_comes_back_cell_for_cell(table):
    encoding, dialect, headers, rows = table
    out = io.StringIO()
    writer = csv.writer(out, **dialect)
    writer.writerow(headers)
    writer.writerows(rows)
    content = out.getvalue().encode(encoding)
    if encoding == "cp1252":
        # Windows-1252 bytes that also happen to be valid UTF-8 ("ÇŒ" is the bytes of "ǌ") are
        # ambiguous: UTF-8 is preferred by design.
        assume(not _valid_utf8(content))
    kept = [(i, row) for i, row in enumerate(rows) if any(c.strip() for c in row)]
    if not kept:
        assert refusal("t.csv", content).startswith("Le fichier ne contient que la ligne d'en-tête")
        return
    result = read_upload(content, "t.csv", LIMIT_BYTES, LIMIT_ROWS)
    assert result.headers == headers
    # Cells come back in Unicode NFC: what the user sees, whatever the keyboard typed.
    assert cells(result) == [[unicodedata.normalize("NFC", c) for c in row] for _, row in kept]
    assert list(result.frame.index) == [i for i, _ in kept]
    assert result.separator == dialect["delimiter"]
    assert result.bom == (encoding == "utf-8-sig")
    assert_text_cells(result)


def test_the_sheet_matching_the_dataset_is_read_even_after_a_note_and_its_extent_is_told():
    book = Workbook()
    book.active.title = "Lisez-moi"
    book.active.append(["Ce classeur est une extraction du suivi des communes."])
    data = book.create_sheet("Feuil2")
    for row in read_csv_text(DATA / "communes.csv").head(60).itertuples(index=False):
        data.append(list(row))
    data.insert_rows(1)
    for k, label in enumerate(DATASETS["communes"].labels.values(), start=1):
        data.cell(1, k, label)
    content = io.BytesIO()
    book.save(content)
    result = read_upload(content.getvalue(), "c.xlsx", LIMIT_BYTES, LIMIT_ROWS, sheet_hint="communes")
    assert (result.sheet, result.rows, result.headers[0]) == ("Feuil2", 60, "Code INSEE")
    message = refusal("c.xlsx", content.getvalue(), max_rows=20, sheet_hint="communes")
    assert message == (
        "La feuille « Feuil2 » contient plus de 20 lignes de données (elle s'étend jusqu'à la ligne 61) ; "
        "la limite est de 20 lignes."
    )
