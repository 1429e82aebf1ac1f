"""The intake corpus: ordinary spreadsheets as staff send them, each with its expected outcome.

Every file is built from the default data in ``data/`` (no figure, name or place is
invented: a case only re-spells a real table as Excel for Windows or Mac, LibreOffice
or a copy-paste would, or breaks one cell the way people do). ``CASES`` pairs each
file of ``tests/corpus/intake/`` with what the data page must do with it:

- ``Accepted``: no error, and the typed table is the default one (``same_as_default``)
  or holds the listed values;
- ``Refused``: the listed errors (spreadsheet row, French column label, the cell as
  typed, words of the message), and no other; or a file-level refusal (``row=None``).

Rerun after changing a case (the output is deterministic)::

    .venv/bin/python -m tests.corpus.intake_cases
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from icc.datasets.schema import BOOLEAN, DATASETS, INTEGER, NUMBER

HERE = Path(__file__).resolve().parent
OUT = HERE / "intake"
DATA = HERE.parent.parent / "data"
NBSP, NNBSP = "\u00a0", "\u202f"
STAMP = (2024, 10, 25, 0, 0, 0)


@dataclass(frozen=True)
class Accepted:
    same_as_default: bool = True
    values: dict = field(default_factory=dict)  # {(key, column): typed value}
    warnings: tuple[str, ...] = ()  # words of each expected warning, in order
    description: str = ""  # words of the file's description


@dataclass(frozen=True)
class Error:
    row: int | None
    column: str | None  # French label
    value: str | None  # as typed
    words: str  # a part of the message


@dataclass(frozen=True)
class Refused:
    errors: tuple[Error, ...]


@dataclass(frozen=True)
class Case:
    name: str
    dataset: str
    build: Callable[[], bytes]
    expect: Accepted | Refused
    what: str  # the class of file or mistake this case stands for


# --- tables of the default data ---------------------------------------------------------


def table(dataset: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{dataset}.csv", dtype=str, keep_default_na=False, encoding="utf-8")


def row_of(frame: pd.DataFrame, key: str) -> int:
    """Position of the row whose key (first column, for every dataset) is ``key``."""
    return int(frame.index[frame.iloc[:, 0] == key][0])


def spreadsheet_row(frame: pd.DataFrame, key: str, header_row: int = 1) -> int:
    return row_of(frame, key) + header_row + 1


def french(frame: pd.DataFrame, dataset: str, decimal: str = ",", thousands: str = "") -> pd.DataFrame:
    """Numbers written the French way: decimal comma, optional thousands separator; labels as headers."""
    ds = DATASETS[dataset]
    out = frame.copy()
    for f in ds.fields:
        if f.kind in (INTEGER, NUMBER) and f.name in out.columns:
            # Thousands are grouped in amounts and counts, as Excel's "# ##0" shows them; never in years.
            grouping = thousands if f.unit in ("€", "personnes", "habitants", "m²") else ""
            out[f.name] = out[f.name].map(lambda v, g=grouping: _number(v, decimal, g))
        if f.kind == BOOLEAN and f.name in out.columns:
            out[f.name] = out[f.name].map({"true": "oui", "false": "non", "": ""})
    return out.rename(columns=ds.labels)


def _number(text: str, decimal: str, thousands: str) -> str:
    if not text:
        return text
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    if thousands and len(whole) > 3:
        groups = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = thousands.join(groups)
    return sign + whole + (decimal + fraction if fraction else "")


def to_csv(
    frame: pd.DataFrame, sep=";", encoding="utf-8", newline="\r\n", title=None, quoting=csv.QUOTE_MINIMAL
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator=newline, quoting=quoting)
    if title:
        writer.writerow([title] + [""] * (len(frame.columns) - 1))
        writer.writerow([""] * len(frame.columns))
    writer.writerow(frame.columns)
    writer.writerows(frame.to_numpy().tolist())
    return out.getvalue().encode(encoding)


def set_cell(frame: pd.DataFrame, key: str, column: str, value: str) -> pd.DataFrame:
    out = frame.copy()
    out.loc[row_of(out, key), column] = value
    return out


# --- workbooks ---------------------------------------------------------------------------------


def deterministic_zip(data: bytes, replace: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """The same archive with fixed timestamps (and members rewritten by ``replace``)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=STAMP)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            member = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                member = re.sub(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*", rb"\g<1>2024-10-25T00:00:00Z", member)
            if replace and info.filename in replace:
                member = replace[info.filename](member)
            target.writestr(fixed, member)
    return out.getvalue()


def typed_cell(text: str, kind: str):
    if text == "":
        return None
    if kind == INTEGER:
        return int(text)
    if kind == NUMBER:
        return float(text)
    if kind == BOOLEAN:
        return {"true": True, "false": False}[text]
    return text


def workbook(
    dataset: str,
    frame: pd.DataFrame | None = None,
    sheet: str | None = None,
    before: list[tuple[str, list[list[str]]]] = (),
    title: str | None = None,
    formats: dict[str, tuple[str, pd.Series]] | None = None,
) -> Workbook:
    """A workbook as Excel saves it: stored numbers, French labels, optional note sheets before."""
    ds = DATASETS[dataset]
    frame = table(dataset) if frame is None else frame
    book = Workbook()
    first = book.active
    for k, (name, rows) in enumerate(before):
        ws = first if k == 0 else book.create_sheet()
        ws.title = name
        for r in rows:
            ws.append(r)
    ws = book.create_sheet() if before else first
    ws.title = sheet or ds.title
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(ds.fields))
        ws.append([])
    ws.append([f.label for f in ds.fields])
    kinds = {f.name: f.kind for f in ds.fields}
    for values in frame[ds.columns].to_numpy().tolist():
        ws.append([typed_cell(v, kinds[c]) for c, v in zip(ds.columns, values, strict=True)])
    first_data = ws.max_row - len(frame) + 1
    for column, (number_format, rows) in (formats or {}).items():
        for position in [k for k, keep in enumerate(rows.tolist()) if keep]:
            ws.cell(first_data + position, ds.columns.index(column) + 1).number_format = number_format
    return book


def xlsx(book: Workbook, replace=None) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return deterministic_zip(buffer.getvalue(), replace)


# --- the cases ------------------------------------------------------------------------------------

EV, FIN, LIEUX, CHIFFRES, COMMUNES = "evenements", "financements", "lieux", "chiffres_cles", "communes"


def _percent_chiffres() -> pd.DataFrame:
    frame = french(table(CHIFFRES), CHIFFRES)
    percent = table(CHIFFRES)["unite"] == "%"
    frame.loc[percent, "Valeur"] = frame.loc[percent, "Valeur"] + " %"
    return frame


def _nfd(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(lambda v: unicodedata.normalize("NFD", v) if isinstance(v, str) else v).rename(
        columns=lambda c: unicodedata.normalize("NFD", c)
    )


def _mixed_encoding() -> bytes:
    """UTF-8, except one line pasted from a Windows-1252 file."""
    frame = french(table(EV), EV)
    lines = to_csv(frame).decode("utf-8").split("\r\n")
    target = next(i for i, line in enumerate(lines) if line.startswith("fidmarseille;"))
    encoded = [line.encode("cp1252" if i == target else "utf-8") for i, line in enumerate(lines)]
    return b"\r\n".join(encoded)


def _formulas() -> bytes:
    """Attendance computed by a formula; Excel saves the formula and its cached value."""

    def add_formula(xml: bytes) -> bytes:
        return re.sub(rb'(<c r="I18"[^>]*>)(<v>150000</v>)', rb"\1<f>100000+50000</f>\2", xml, count=1)

    return xlsx(workbook(EV), {"xl/worksheets/sheet1.xml": add_formula})


def _inflating() -> bytes:
    """A small workbook whose sheet is 100 Mo of formatted empty rows below the data."""
    empty_rows = (b"<row>" + b'<c s="0"/>' * 15 + b"</row>") * 650_000

    def inflate(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", empty_rows + b"</sheetData>")

    return xlsx(workbook(EV), {"xl/worksheets/sheet1.xml": inflate})


def _open_quote() -> bytes:
    """A quote opened in the last row's name and never closed."""
    lines = to_csv(_ev_fr()).split(b"\r\n")
    last = lines[-2]
    cut = last.index(b";") + 1
    lines[-2] = last[:cut] + b'"' + last[cut:]
    return b"\r\n".join(lines)


def _year_typo_xlsx() -> bytes:
    """A year typed 20233 for 2023, stored by Excel as the floating point number 20233.0."""
    book = workbook(EV)
    ws = book.active
    column = DATASETS[EV].columns.index("annee") + 1
    ws.cell(spreadsheet_row(_ev, "so_good_maif_festival_2024"), column).value = 20233.0
    return xlsx(book)


def _long_cell() -> bytes:
    return to_csv(set_cell(french(table(EV), EV), "delta_festival", "Source", "x" * 1_000_000))


def _spaces_cell() -> bytes:
    return to_csv(set_cell(french(table(EV), EV), "delta_festival", "Source", " " * 1_000))


_ev = table(EV)
_fin = table(FIN)
_lieux = table(LIEUX)
_chiffres = table(CHIFFRES)
DELTA = spreadsheet_row(_ev, "delta_festival")
FID = spreadsheet_row(_ev, "fidmarseille")
SALON = spreadsheet_row(_ev, "salon_du_livre_metropolitain_2024")
RSE = spreadsheet_row(_fin, "pia4_axe_rse")
PIA4 = spreadsheet_row(_fin, "pia4")
FRICHE = spreadsheet_row(_lieux, "friche_belle_de_mai")
EUROPE = spreadsheet_row(_chiffres, "ca_icc_europe_2019")


def _ev_fr(**options) -> pd.DataFrame:
    return french(table(EV), EV, **options)


def _one_line_width() -> str:
    """Fields of the events table written on one line: every cell side by side, header included,
    and the empty field after the last line break."""
    frame = _ev_fr()
    return f"{(len(frame) + 1) * len(frame.columns) + 1:,}".replace(",", NNBSP)


def _fin_fr(**options) -> pd.DataFrame:
    return french(table(FIN), FIN, **options)


def _lieux_fr(**options) -> pd.DataFrame:
    return french(table(LIEUX), LIEUX, **options)


def _refused(row, column, value, words) -> Refused:
    return Refused((Error(row, column, value, words),))


def _file_refused(words) -> Refused:
    return Refused((Error(None, None, None, words),))


CASES: list[Case] = [
    # --- ordinary files, accepted with the default values --------------------------------------
    Case(
        "evenements_excel_windows.csv",
        EV,
        lambda: to_csv(_ev_fr(), encoding="cp1252"),
        Accepted(description="encodage Windows-1252"),
        "Excel Windows « CSV (séparateur : point-virgule) »",
    ),
    Case(
        "evenements_excel_utf8_bom.csv",
        EV,
        lambda: b"\xef\xbb\xbf" + to_csv(_ev_fr()),
        Accepted(description="UTF-8 avec BOM"),
        "Excel « CSV UTF-8 »",
    ),
    Case(
        "evenements_excel_mac.csv",
        EV,
        lambda: to_csv(_ev_fr(), encoding="mac_roman", newline="\r"),
        Accepted(description="Mac Roman"),
        "Excel Mac « CSV (Macintosh) » : fins de ligne CR",
    ),
    Case(
        "evenements_mac_utf8_cr.csv",
        EV,
        lambda: to_csv(_ev_fr(), newline="\r"),
        Accepted(),
        "fins de ligne CR en UTF-8",
    ),
    Case(
        "evenements_unicode.txt",
        EV,
        lambda: b"\xff\xfe" + to_csv(_ev_fr(), sep="\t").decode().encode("utf-16-le"),
        Accepted(description="UTF-16"),
        "Excel « Texte Unicode » (UTF-16, tabulations)",
    ),
    Case(
        "evenements_libreoffice.csv",
        EV,
        lambda: to_csv(french(table(EV), EV, decimal="."), sep=",", newline="\n"),
        Accepted(),
        "LibreOffice : virgule, point décimal",
    ),
    Case(
        "evenements_copier_coller.tsv",
        EV,
        lambda: to_csv(_ev_fr(), sep="\t", newline="\n"),
        Accepted(),
        "copier-coller d'un tableau : tabulations",
    ),
    Case(
        "evenements_titre.csv",
        EV,
        lambda: to_csv(_ev_fr(), title="Festivals et événements – Métropole"),
        Accepted(description="l'en-tête est à la ligne 3"),
        "titre et ligne vide au-dessus de l'en-tête",
    ),
    Case(
        "evenements_milliers_espaces.csv",
        EV,
        lambda: to_csv(_ev_fr(thousands=" ")),
        Accepted(values={("delta_festival", "frequentation"): 150_000}),
        "milliers séparés par des espaces",
    ),
    Case(
        "evenements_milliers_insecables.csv",
        EV,
        lambda: to_csv(_ev_fr(thousands=NBSP), encoding="cp1252"),
        Accepted(),
        "milliers séparés par des espaces insécables (Excel Windows)",
    ),
    Case(
        "evenements_milliers_fines.csv",
        EV,
        lambda: to_csv(_ev_fr(thousands=NNBSP)),
        Accepted(),
        "milliers séparés par des espaces fines insécables",
    ),
    Case(
        "evenements_dates_francaises.csv",
        EV,
        lambda: to_csv(
            _ev_fr().assign(
                **{
                    "Date de début": table(EV)["date_debut"].map(
                        lambda d: "/".join(reversed(d.split("-"))) if d else ""
                    ),
                    "Date de fin": table(EV)["date_fin"].map(lambda d: "/".join(reversed(d.split("-"))) if d else ""),
                }
            )
        ),
        Accepted(values={("salon_du_livre_metropolitain_2024", "date_fin"): "2024-10-28"}),
        "dates JJ/MM/AAAA",
    ),
    Case(
        "evenements_vrai_faux.csv",
        EV,
        lambda: to_csv(
            _ev_fr().assign(
                **{
                    "Approximatif": table(EV)["approximatif"].map({"true": "VRAI", "false": "FAUX"}),
                    "Soutenu par la Métropole": table(EV)["soutien_metropole"].map({"true": "VRAI", "": ""}),
                }
            )
        ),
        Accepted(),
        "VRAI/FAUX d'Excel",
    ),
    Case(
        "evenements_decomposes.csv",
        EV,
        lambda: to_csv(_nfd(_ev_fr())),
        Accepted(),
        "accents décomposés (É = E + accent combinant, copier-coller macOS)",
    ),
    Case(
        "evenements_ligne_windows.csv",
        EV,
        _mixed_encoding,
        Accepted(description="ligne du fichier"),
        "UTF-8 avec une ligne collée depuis un fichier Windows-1252",
    ),
    Case(
        "evenements_colonnes_melangees.csv",
        EV,
        lambda: to_csv(_ev_fr()[list(reversed(_ev_fr().columns))]),
        Accepted(),
        "colonnes dans un autre ordre",
    ),
    Case(
        "evenements_lignes_vides.csv",
        EV,
        lambda: to_csv(_ev_fr()).replace(b"\r\naflam", b"\r\n;;;\r\n\r\naflam"),
        Accepted(description="lignes vides ignorées"),
        "lignes vides au milieu",
    ),
    Case(
        "evenements_guillemets.csv",
        EV,
        lambda: to_csv(_ev_fr(), quoting=csv.QUOTE_ALL),
        Accepted(),
        "toutes les cellules entre guillemets",
    ),
    Case("evenements.xlsx", EV, lambda: xlsx(workbook(EV)), Accepted(), "classeur Excel"),
    Case(
        "evenements_titre_fusionne.xlsx",
        EV,
        lambda: xlsx(workbook(EV, title="Festivals et événements 2024")),
        Accepted(description="ligne de titre ignorée"),
        "classeur : titre en cellules fusionnées",
    ),
    Case(
        "evenements_formules.xlsx",
        EV,
        _formulas,
        Accepted(values={("delta_festival", "frequentation"): 150_000}),
        "classeur : formule avec sa valeur calculée",
    ),
    Case(
        "evenements_deuxieme_feuille.xlsx",
        EV,
        lambda: xlsx(
            workbook(
                EV,
                sheet="Feuil2",
                before=[("Lisez-moi", [["Extraction du suivi des festivals."], ["Ne pas modifier les identifiants."]])],
            )
        ),
        Accepted(description="feuille « Feuil2 »"),
        "classeur : une note en première feuille, les données en seconde",
    ),
    Case(
        "financements_excel_windows.csv",
        FIN,
        lambda: to_csv(_fin_fr(thousands=NBSP), encoding="cp1252"),
        Accepted(),
        "montants à milliers insécables",
    ),
    Case(
        "financements_montants_en_millions.csv",
        FIN,
        lambda: to_csv(set_cell(_fin_fr(), "pia4", "Montant", "400 M€")),
        Accepted(same_as_default=True),
        "montant écrit « 400 M€ »",
    ),
    Case(
        "financements_milliers_anglais.csv",
        FIN,
        lambda: to_csv(set_cell(_fin_fr(), "pia4_axe_rse", "Montant", "18,000,000.00")),
        Accepted(),
        "montant copié d'un document anglais (18,000,000.00) dans un fichier à virgule décimale",
    ),
    Case(
        "financements_points_milliers.csv",
        FIN,
        lambda: to_csv(_fin_fr(thousands=".")),
        Accepted(),
        "milliers séparés par des points (1.500.000)",
    ),
    Case("financements.xlsx", FIN, lambda: xlsx(workbook(FIN)), Accepted(), "classeur des financements"),
    Case("lieux_virgules_decimales.csv", LIEUX, lambda: to_csv(_lieux_fr()), Accepted(), "coordonnées 43,3105"),
    Case(
        "lieux_libreoffice.csv",
        LIEUX,
        lambda: to_csv(_lieux_fr(decimal="."), sep=",", newline="\n"),
        Accepted(),
        "coordonnées 43.3105",
    ),
    Case("lieux.xlsx", LIEUX, lambda: xlsx(workbook(LIEUX)), Accepted(), "classeur des lieux"),
    Case(
        "chiffres_cles_pourcentages.csv",
        CHIFFRES,
        lambda: to_csv(_percent_chiffres()),
        Accepted(values={("part_pib_icc_europe_2019", "valeur"): 4.4}),
        "« 4,4 % » dans un CSV",
    ),
    Case(
        "chiffres_cles_pourcentages.xlsx",
        CHIFFRES,
        lambda: xlsx(
            workbook(CHIFFRES, _percent_xlsx_frame(), formats={"valeur": ("0.0%", table(CHIFFRES)["unite"] == "%")})
        ),
        Accepted(values={("part_pib_icc_europe_2019", "valeur"): 4.4}),
        "cellules Excel au format pourcentage (4,4 % stocké 0,044)",
    ),
    Case(
        "chiffres_cles_scientifique.csv",
        CHIFFRES,
        lambda: to_csv(set_cell(french(table(CHIFFRES), CHIFFRES), "ca_icc_europe_2019", "Valeur", "6,43E+11")),
        Accepted(values={("ca_icc_europe_2019", "valeur"): 643_000_000_000.0}),
        "notation scientifique d'Excel (6,43E+11)",
    ),
    Case(
        "communes_excel_windows.csv",
        COMMUNES,
        lambda: to_csv(french(table(COMMUNES), COMMUNES, thousands=NBSP), encoding="cp1252"),
        Accepted(),
        "communes, Excel Windows",
    ),
    Case("communes.xlsx", COMMUNES, lambda: xlsx(workbook(COMMUNES)), Accepted(), "classeur des communes"),
    Case(
        "evenements_extension_xlsx.xlsx",
        EV,
        lambda: to_csv(_ev_fr()),
        Accepted(description="malgré son extension"),
        "un CSV nommé .xlsx",
    ),
    # --- mistakes that crashed the page: refused with their row and column ---------------------------
    Case(
        "financements_sous_enveloppe_vide.csv",
        FIN,
        lambda: to_csv(set_cell(_fin_fr(), "pia4_axe_rse", "Montant", "")),
        _refused(RSE, "Montant", "", "cellule vide"),
        "montant vide d'une sous-enveloppe",
    ),
    Case(
        "financements_parent_non_chiffre.csv",
        FIN,
        lambda: to_csv(set_cell(_fin_fr(), "pia4", "Montant", "n.c.")),
        _refused(PIA4, "Montant", "n.c.", "« n.c. » n'est pas un nombre"),
        "montant non numérique d'une enveloppe parente",
    ),
    Case(
        "financements_parent_en_double.csv",
        FIN,
        lambda: to_csv(set_cell(_fin_fr(), "choc_modernisation", "Identifiant", "pia4")),
        Refused(
            (
                Error(PIA4, "Identifiant", "pia4", "apparaît plusieurs fois (aussi ligne 8)"),
                Error(8, "Identifiant", "pia4", "apparaît plusieurs fois (aussi ligne 2)"),
            )
        ),
        "identifiant en double qui est aussi un parent",
    ),
    Case(
        "evenements_decimale_entier.csv",
        EV,
        lambda: to_csv(set_cell(_ev_fr(), "delta_festival", "Fréquentation", "150 000,5")),
        _refused(DELTA, "Fréquentation", "150 000,5", "« 150 000,5 » n'est pas un nombre entier"),
        "décimale dans une colonne de nombres entiers",
    ),
    Case(
        "lieux_longitude_nan.csv",
        LIEUX,
        lambda: to_csv(set_cell(_lieux_fr(), "friche_belle_de_mai", "Longitude", "NaN")),
        _refused(FRICHE, "Longitude", "NaN", "« NaN » n'est pas un nombre"),
        "longitude NaN",
    ),
    Case(
        "lieux_longitude_moins_infini.csv",
        LIEUX,
        lambda: to_csv(set_cell(_lieux_fr(), "friche_belle_de_mai", "Longitude", "-inf")),
        _refused(FRICHE, "Longitude", "-inf", "« -inf » n'est pas un nombre"),
        "longitude -inf",
    ),
    # --- wrong values once accepted: now refused ---------------------------------------------------
    Case(
        "evenements_point_ambigu.csv",
        EV,
        lambda: to_csv(set_cell(_ev_fr(), "delta_festival", "Fréquentation", "150.000")),
        _refused(
            DELTA,
            "Fréquentation",
            "150.000",
            "peut se lire 150\u202f000 ou 150 : rien dans la colonne ni dans le fichier ne dit si le point ou la "
            "virgule marque les décimales. Écrivez 150000 s'il s'agit de milliers",
        ),
        "« 150.000 » dans un fichier à virgule décimale",
    ),
    Case(
        "lieux_virgule_ambigue.csv",
        LIEUX,
        lambda: to_csv(set_cell(_lieux_fr(decimal="."), "zinc", "Longitude", "5,391"), sep=",", newline="\n"),
        _refused(
            spreadsheet_row(_lieux, "zinc"),
            "Longitude",
            "5,391",
            "les décimales de ce fichier s'écrivent avec un point",
        ),
        "« 5,391 » dans un fichier à point décimal",
    ),
    Case(
        "financements_infini.csv",
        FIN,
        lambda: to_csv(set_cell(_fin_fr(), "pia4", "Montant", "Infinity")),
        _refused(PIA4, "Montant", "Infinity", "« Infinity » n'est pas un nombre"),
        "« Infinity » comme montant",
    ),
    Case(
        "evenements_fin_avant_debut.csv",
        EV,
        lambda: to_csv(set_cell(_ev_fr(), "salon_du_livre_metropolitain_2024", "Date de fin", "2024-10-24")),
        _refused(SALON, "Date de fin", "2024-10-24", "la fin (« 2024-10-24 ») est avant le début (« 2024-10-25 »"),
        "date de fin avant la date de début",
    ),
    Case(
        "financements_annee_fin_avant_debut.csv",
        FIN,
        lambda: to_csv(set_cell(_fin_fr(), "pia4", "Année de fin", "2020")),
        _refused(PIA4, "Année de fin", "2020", "la fin (« 2020 ») est avant le début (« 2021 »"),
        "année de fin avant l'année de début",
    ),
    Case(
        "financements_pourcentage_montant.csv",
        FIN,
        lambda: to_csv(set_cell(_fin_fr(), "pia4", "Montant", "4,4 %")),
        _refused(PIA4, "Montant", "4,4 %", "est un pourcentage"),
        "un pourcentage dans une colonne de montants",
    ),
    Case(
        "evenements_trop_grand.csv",
        EV,
        lambda: to_csv(set_cell(_ev_fr(), "delta_festival", "Fréquentation", "1e+20")),
        _refused(DELTA, "Fréquentation", "1e+20", "« 1e+20 » est trop grand"),
        "1e+20 dans une colonne d'entiers",
    ),
    Case(
        "evenements_trop_grand_nombre.csv",
        EV,
        lambda: to_csv(set_cell(_ev_fr(), "delta_festival", "Fréquentation", "1e400")),
        _refused(DELTA, "Fréquentation", "1e400", "« 1e400 » est trop grand"),
        "1e400",
    ),
    Case(
        "chiffres_cles_pourcentage_en_euros.csv",
        CHIFFRES,
        lambda: to_csv(set_cell(french(table(CHIFFRES), CHIFFRES), "ca_icc_europe_2019", "Valeur", "4,4 %")),
        _refused(EUROPE, "Valeur", "4,4 %", "est un pourcentage, mais l'unité de cette ligne est « € »"),
        "un pourcentage sur une ligne dont l'unité est l'euro",
    ),
    # --- messages: the value as typed, the French label, what was expected --------------------------
    Case(
        "evenements_31_fevrier.csv",
        EV,
        lambda: to_csv(set_cell(_ev_fr(), "salon_du_livre_metropolitain_2024", "Date de début", "31/02/2024")),
        Refused(
            (
                Error(
                    SALON,
                    "Date de début",
                    "31/02/2024",
                    "« 31/02/2024 » n'est pas une date qui existe : février 2024 n'a que 29 jours",
                ),
            )
        ),
        "31/02/2024",
    ),
    Case(
        "evenements_mois_13.csv",
        EV,
        lambda: to_csv(set_cell(_ev_fr(), "salon_du_livre_metropolitain_2024", "Date de fin", "28/13/2024")),
        _refused(SALON, "Date de fin", "28/13/2024", "il n'y a pas de mois 13"),
        "mois 13",
    ),
    Case(
        "evenements_date_texte.csv",
        EV,
        lambda: to_csv(set_cell(_ev_fr(), "salon_du_livre_metropolitain_2024", "Date de fin", "fin octobre")),
        _refused(
            SALON,
            "Date de fin",
            "fin octobre",
            "« fin octobre » n'est pas une date ; attendu : une date, par exemple 25/10/2024",
        ),
        "date en toutes lettres",
    ),
    Case(
        "lieux_coordonnees_inversees.csv",
        LIEUX,
        lambda: to_csv(
            set_cell(
                set_cell(_lieux_fr(), "friche_belle_de_mai", "Latitude", "5,3902"),
                "friche_belle_de_mai",
                "Longitude",
                "43,3105",
            )
        ),
        _refused(FRICHE, "Latitude", "5,3902 ; 43,3105", "semblent inversées"),
        "latitude et longitude inversées",
    ),
    Case(
        "lieux_hors_commune.csv",
        LIEUX,
        lambda: to_csv(
            set_cell(
                set_cell(_lieux_fr(), "friche_belle_de_mai", "Latitude", "43,53618"),
                "friche_belle_de_mai",
                "Longitude",
                "5,419",
            )
        ),
        _refused(FRICHE, "Latitude", "43,53618 ; 5,419", "n'est pas dans la commune 13055"),
        "point dans une autre commune (coordonnées d'Aix-en-Provence)",
    ),
    Case(
        "financements_niveau_minuscule.csv",
        FIN,
        lambda: to_csv(set_cell(_fin_fr(), "pia4", "Niveau du financeur", "etat")),
        _refused(PIA4, "Niveau du financeur", "etat", "Vouliez-vous dire « État » ?"),
        "valeur permise écrite sans accent ni majuscule",
    ),
    Case(
        "financements_statut_inconnu.csv",
        FIN,
        lambda: to_csv(set_cell(_fin_fr(), "pia4", "Statut", "promis")),
        _refused(PIA4, "Statut", "promis", "« promis » n'est pas autorisé ; attendu : une de ces valeurs"),
        "statut hors de la liste",
    ),
    Case(
        "financements_annee_decimale.csv",
        FIN,
        lambda: to_csv(set_cell(_fin_fr(), "pia4", "Année de début", "2021,5")),
        _refused(PIA4, "Année de début", "2021,5", "« 2021,5 » n'est pas un nombre entier"),
        "année à virgule",
    ),
    Case(
        "evenements_oui_non.csv",
        EV,
        lambda: to_csv(set_cell(_ev_fr(), "ascension_2024", "Soutenu par la Métropole", "peut-être")),
        _refused(
            spreadsheet_row(_ev, "ascension_2024"),
            "Soutenu par la Métropole",
            "peut-être",
            "« peut-être » n'est pas compris comme oui ou non",
        ),
        "oui/non illisible",
    ),
    Case(
        "evenements_filiere_inconnue.csv",
        EV,
        lambda: to_csv(set_cell(_ev_fr(), "delta_festival", "Filière", "peinture")),
        _refused(DELTA, "Filière", "peinture", "« peinture » n'existe pas dans le jeu « Filières »"),
        "référence inconnue",
    ),
    Case(
        "evenements_espaces.csv",
        EV,
        _spaces_cell,
        _refused(DELTA, "Source", " " * 1000, "cellule vide"),
        "une cellule de 1 000 espaces",
    ),
    Case(
        "evenements_sans_source.csv",
        EV,
        lambda: to_csv(_ev_fr().drop(columns=["Source"])),
        _refused(None, None, None, "colonne obligatoire « Source » absente du fichier"),
        "colonne obligatoire absente",
    ),
    # --- files refused as a whole ------------------------------------------------------------------------
    Case(
        "evenements_cellule_geante.csv",
        EV,
        _long_cell,
        _file_refused(
            f"Ligne {DELTA}, colonne « Source » (colonne Q) : la cellule contient 1\u202f000\u202f000 caractères ; "
            "la limite est de "
            "32\u202f768 caractères par cellule."
        ),
        "une cellule d'un million de caractères",
    ),
    Case(
        "evenements_lignes_vides_gonflees.xlsx",
        EV,
        _inflating,
        _file_refused("une fois décompressé ; la limite est de"),
        "0,3 Mo qui se décompressent en 100 Mo de lignes vides",
    ),
    Case(
        "evenements_guillemet_ouvert.csv",
        EV,
        _open_quote,
        _file_refused("n'est jamais refermé"),
        "guillemet jamais refermé",
    ),
    Case(
        "evenements_annee_faute_de_frappe.xlsx",
        EV,
        _year_typo_xlsx,
        _refused(
            spreadsheet_row(_ev, "so_good_maif_festival_2024"),
            "Année",
            "20233",
            "« 20233 » est hors limites ; attendu : nombre entier entre 1800 et 2100.",
        ),
        "année tapée 20233, stockée 20233.0 par Excel : le message cite 20233",
    ),
    Case(
        "evenements_sans_fins_de_ligne.csv",
        EV,
        lambda: to_csv(_ev_fr()).replace(b"\r\n", b";"),
        _file_refused(f"Le fichier compte {_one_line_width()} colonnes ; la limite est de 500 colonnes."),
        "fins de ligne perdues : tout le tableau sur une seule ligne",
    ),
    Case(
        "evenements_entete_seule.csv",
        EV,
        lambda: to_csv(_ev_fr().head(0)),
        _file_refused("ne contient que la ligne d'en-tête"),
        "en-tête sans données",
    ),
]


def _percent_xlsx_frame() -> pd.DataFrame:
    frame = table(CHIFFRES)
    percent = frame["unite"] == "%"
    frame.loc[percent, "valeur"] = (frame.loc[percent, "valeur"].astype(float) / 100).map(repr)
    return frame


def write_all() -> None:
    OUT.mkdir(exist_ok=True)
    names = {case.name for case in CASES}
    assert len(names) == len(CASES), "two cases share a file name"
    for stale in OUT.iterdir():
        if stale.name not in names:
            stale.unlink()
    for case in CASES:
        (OUT / case.name).write_bytes(case.build())


if __name__ == "__main__":
    write_all()
    print(f"{len(CASES)} fichiers écrits dans {OUT}")
