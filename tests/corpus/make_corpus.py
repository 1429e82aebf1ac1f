"""Write the corpus of messy uploads read by tests/test_reading.py.

Each file imitates what staff really send: Excel's "CSV (séparateur : point-virgule)"
in Windows-1252, UTF-8 with a BOM, tabs, quoted cells, blank rows, titles above the
header, old .xls, images... Rerun after changing a file here (or data/communes.csv):

    .venv/bin/python tests/corpus/make_corpus.py

Output is deterministic (fixed zip timestamps), so unchanged files stay unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "data"
NBSP, NNBSP = "\u00a0", "\u202f"
STAMP = (2024, 10, 25, 0, 0, 0)  # adoption of the roadmap: a fixed date for zip entries
SOURCE = "Feuille de route ICC, I. Contexte – 2. Dispositifs de soutien"


def write_text(name: str, text: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(text.encode(encoding))


def rows_to_text(rows: list[list[str]], delimiter: str, newline: str = "\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return out.getvalue()


def deterministic_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps, so that rerunning changes nothing."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=STAMP)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-10-25T00:00:00Z", data)
            target.writestr(fixed, data)
    return out.getvalue()


def save_workbook(name: str, book: Workbook) -> None:
    book.properties.created = book.properties.modified = dt.datetime(*STAMP)
    buffer = io.BytesIO()
    book.save(buffer)
    (HERE / name).write_bytes(deterministic_zip(buffer.getvalue()))


def communes() -> list[dict[str, str]]:
    with (DATA / "communes.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def french_number(text: str) -> str:
    """43.53618 -> 43,53618 ; 149695 -> 149 695 (non-breaking space), as French Excel writes them."""
    whole, _, decimals = text.partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    whole = NBSP.join([whole, *groups])
    return f"{whole},{decimals}" if decimals else whole


def main() -> None:
    # UTF-8 with BOM, semicolons, CRLF, decimal commas, non-breaking and narrow
    # non-breaking spaces between thousands (what Excel "CSV UTF-8" writes in French).
    write_text(
        "financements_utf8_bom.csv",
        "\ufeff"
        + rows_to_text(
            [
                ["Identifiant", "Programme", "Niveau du financeur", "Bénéficiaire ou projet", "Montant", "Source"],
                [
                    "pia4",
                    "PIA 4",
                    "État",
                    "Filière ICC (national), 350 M€ en subvention",
                    f"400{NBSP}000{NBSP}000",
                    SOURCE,
                ],
                ["pia4_axe_rse", "PIA 4", "État", "Axe « responsabilité sociale »", f"18{NNBSP}000{NNBSP}000", SOURCE],
                [
                    "poles_territoriaux_icc",
                    "Pôles territoriaux ICC",
                    "État",
                    "25 projets retenus",
                    "46 800 000,50",
                    SOURCE,
                ],
                ["demi", "Essai", "Ville", "Montant décimal", "0,5", SOURCE],
            ],
            ";",
        ),
    )

    # Excel on Windows, "CSV (séparateur : point-virgule)": Windows-1252, accents in
    # headers and cells, the euro sign and the oe ligature (absent from Latin-1).
    write_text(
        "evenements_windows1252.csv",
        rows_to_text(
            [
                ["Identifiant", "Événement", "Filière", "Fréquentation", "Remarque (coût en €)"],
                [
                    "fidmarseille",
                    "Festival international de cinéma – FIDMarseille",
                    "cinéma",
                    "25 000",
                    "Façade éclairée",
                ],
                ["choeurs", "Chœurs en fête", "musique", "près de 3 000", "Entrée à 12 € ; élèves : gratuit"],
                ["reve", "Rêve d'été", "arts_visuels", "", "Œuvres « hors les murs »"],
            ],
            ";",
        ),
        "cp1252",
    )

    # Tab-separated (copied from a spreadsheet), points as decimal marks, commas and
    # semicolons inside cells that must not be taken for separators.
    write_text(
        "lieux_tabulations.tsv",
        rows_to_text(
            [
                ["Identifiant", "Lieu", "Type de lieu", "Latitude", "Longitude"],
                ["friche_belle_de_mai", "Friche la Belle de Mai", "Tiers-lieu; friche", "43.3105", "5.3902"],
                ["zinc", "ZINC (arts et cultures numériques)", "Tiers-lieu, numérique", "43.3101", "5.391"],
                ["pole_media", "Pôle Média de la Belle de Mai", "Pôle d'entreprises", "43.3093", "5.3894"],
            ],
            "\t",
            "\n",
        ),
    )

    # Commas, with quoted cells holding commas, line breaks and doubled quotes.
    write_text(
        "projets_virgule_guillemets.csv",
        rows_to_text(
            [
                ["Identifiant", "Projet", "Description", "Surface"],
                [
                    "cinemabase",
                    "CinéMaBase Marseille",
                    'Base logistique "provisoire",\nancien atelier de 4 000 m²',
                    "4000",
                ],
                ["cinefabrique", "École CinéFabrique", "Rue Guibal, Marseille 3e", ""],
            ],
            ",",
        ),
    )

    # Blank lines, a row of empty cells and a row of spaces in the middle, blank lines
    # at the end: rows 2, 5 and 7 hold data (row 7 has a population that is no number).
    first, second, third = communes()[:3]
    columns = ["code_insee", "nom", "conseil_de_territoire", "population", "latitude", "longitude", "source"]

    def line(row: dict[str, str]) -> str:
        return rows_to_text([[row[k] for k in columns]], ";", "")

    lines = [";".join(columns), line(first), "", ";;;;;;", line(second), " ; ;;;;  ;"]
    lines += [line(third | {"population": "beaucoup"}), "", ";;;;;;", "", ""]
    write_text("communes_lignes_vides.csv", "\r\n".join(lines))

    # Headers that differ from the labels by case, accents and spaces.
    write_text(
        "lieux_entetes_casse_accents.csv",
        rows_to_text(
            [
                [
                    "IDENTIFIANT",
                    " lieu ",
                    "type  de LIEU",
                    "Filiere",
                    "code insee",
                    "LATITUDE",
                    "longitude ",
                    "Precision de la position",
                    "STATUT",
                    "sOuRcE",
                ],
                [
                    "zinc",
                    "ZINC",
                    "Tiers-lieu",
                    "arts_immersifs",
                    "13055",
                    "43,3101",
                    "5,391",
                    "lieu",
                    "existant",
                    "Feuille de route ICC, II. Panorama territorial",
                ],
            ],
            ";",
        ),
    )

    # A workbook as staff make them: an empty first sheet, a notes sheet, then the
    # data under a merged title and a blank row, with dates, integers, decimals,
    # booleans, empty cells, an empty row and a column without header.
    book = Workbook()
    book.active.title = "Vide"
    notes = book.create_sheet("Lisez-moi")
    notes.append(["Ce classeur est une extraction du suivi des financements."])
    notes.append(["Ne pas modifier les identifiants."])
    sheet = book.create_sheet("Financements")
    sheet.append(["Financements ICC – extraction du 25/10/2024"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["Identifiant", "Montant", "Taux", "Date de décision", "Acquis", None, "Commentaire"])
    sheet.append(["pia4", 400000000, 0.5, dt.datetime(2021, 1, 8), True, None, "Montant  national"])
    sheet.append(["pia4_axe_rse", 18000000.0, 0.125, dt.date(2024, 10, 25), False, None, None])
    sheet.append([])
    sheet.append(["demi", 1234.5, None, dt.datetime(2024, 10, 25, 14, 30), None, "à voir", None])
    save_workbook("financements_classeur.xlsx", book)

    # End-to-end: data/communes.csv as Excel on Windows would save it, with French
    # headers in another order, decimal commas and thousands separated by spaces.
    order = ["nom", "code_insee", "population", "latitude", "longitude", "conseil_de_territoire", "source"]
    labels = {
        "nom": "Commune",
        "code_insee": "Code INSEE",
        "population": "Population",
        "latitude": "Latitude",
        "longitude": "Longitude",
        "conseil_de_territoire": "Conseil de territoire",
        "source": "Source",
    }
    table = [[labels[k] for k in order]]
    for row in communes():
        table.append([french_number(row[k]) if k in ("population", "latitude", "longitude") else row[k] for k in order])
    write_text("communes_excel_windows.csv", rows_to_text(table, ";") + "\r\n\r\n", "cp1252")

    # The same communes in a workbook, numbers stored as numbers.
    book = Workbook()
    sheet = book.active
    sheet.title = "Communes"
    sheet.append([labels[k] for k in order])
    for row in communes():
        values = {**row, "population": int(row["population"])}
        values |= {k: float(row[k]) for k in ("latitude", "longitude")}
        sheet.append([values[k] for k in order])
    save_workbook("communes.xlsx", book)

    # Files that are not tables.
    (HERE / "ancien_format.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (HERE / "vide.csv").write_bytes(b"")
    write_text("entete_seule.csv", "Code INSEE;Commune;Population\r\n\r\n")
    write_text(
        "doublons.csv",
        "Identifiant;Montant;Programme;montant ;Identifiant\r\npia4;400000000;PIA 4;1;pia4\r\n",
    )
    (HERE / "document.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    write_text(
        "page_web.xls",
        "<!DOCTYPE html><html><body><table><tr><td>Identifiant</td></tr></table></body></html>\n",
    )
    (HERE / "image.png").write_bytes(png_pixel())
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content/>')
    (HERE / "classeur.ods").write_bytes(deterministic_zip(ods.getvalue()))
    # Excel's "Texte Unicode": UTF-16 with a BOM, tab-separated.
    write_text("texte_unicode.txt", "\ufeffCode INSEE\tCommune\r\n13055\tMarseille\r\n", "utf-16-le")


def png_pixel() -> bytes:
    """A valid 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


if __name__ == "__main__":
    main()
