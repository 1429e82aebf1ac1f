"""Read a file uploaded by staff into a table of text cells, or refuse it in French.

Only the reading happens here: which format, which encoding, which separator, where
the header is, which rows are empty. Every cell comes back as text, exactly as the
user typed or sees it; typing and rules are done afterwards by
``icc.intake.validation.validate_table``. Each kept row remembers its spreadsheet row number
through the frame index (``row - FIRST_ROW``), so that messages point at the right line
even when empty rows or a title above the header were skipped.

``read_upload`` never raises anything but ``ReadError``, whose ``message`` says in
French what was wrong and what is expected.

Longer than 600 lines on purpose: every refusal of a reader (encoding, separator, zip, sheet,
header) is a French message built from the same helpers, and they are reviewed together.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import math
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd

from icc.datasets.problems import FIRST_ROW
from icc.datasets.schema import DATASETS
from icc.formatting import nombre
from icc.intake.headers import fold, match_headers

KO = 1024
MO = 1024 * 1024  # the "MB" of Streamlit's upload limit and of ICC_MAX_UPLOAD_MB
# A real .xlsx unzips to 3 to 10 times its size; refuse far beyond that, and beyond
# an absolute cap whatever the upload limit (openpyxl loads shared strings in memory).
# Beyond these an upload is refused before it costs the server: an uncompressed workbook
# at most UNZIP_RATIO times the upload limit and UNZIP_FILE_RATIO times its own size
# (a 0.3 Mo workbook of 100 Mo of empty rows is refused at once, not read for a minute),
# and cells at most 1/CELL_SHARE of the upload limit (32 768 characters for 20 Mo, what
# Excel itself allows).
UNZIP_RATIO = 4
UNZIP_FILE_RATIO = 100
UNZIP_CAP = 256 * MO
CELL_SHARE = 640
MIN_CELL_CHARS = 256
# The widest dataset has 16 columns; a file far wider is a wrong separator or not a table.
MAX_COLUMNS = 500
MAX_ZIP_MEMBERS = 10_000

SEPARATORS = {";": "point-virgule (;)", ",": "virgule (,)", "\t": "tabulation", "|": "barre verticale (|)"}
SAMPLE_CHARS = 64 * 1024
SNIFF_CHARS = 8 * 1024  # csv.Sniffer's regular expressions get slow on long samples
# Encodings tried when the file is not UTF-8: what French office software writes.
WESTERN_ENCODINGS = ["cp1252", "iso8859_15", "mac_roman", "cp850"]
ENCODING_LABELS = {
    "utf_8": "UTF-8",
    "utf_16": "UTF-16",
    "cp1252": "Windows-1252",
    "latin_1": "ISO-8859-1 (Latin-1)",
    "iso8859_15": "ISO-8859-15 (Latin-9)",
    "mac_roman": "Mac Roman",
    "cp850": "DOS (CP850)",
}
# Rows looked at to find the header below titles.
HEADER_WINDOW = 10

EXPECTED = "Déposez un fichier CSV (séparateur point-virgule, virgule ou tabulation) ou un classeur Excel (.xlsx)."
NOT_A_TABLE = "Ce fichier n'est pas un CSV ou un classeur Excel (.xlsx) : "
EMPTY = "Le fichier est vide."
UNREADABLE = "Le fichier n'a pas pu être lu : son contenu n'a pas été compris. " + EXPECTED
DAMAGED_XLSX = (
    "Le classeur Excel n'a pas pu être ouvert : il est peut-être endommagé. Ouvrez-le dans Excel et "
    "enregistrez-le à nouveau au format .xlsx, ou déposez-le au format CSV."
)


class ReadError(ValueError):
    """A file that cannot be read as a table; ``message`` is French and says what is expected."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class ReadResult:
    """Text cells of an uploaded file and what was understood of it.

    ``frame``: one column per header (trimmed), every cell a ``str`` ("" when empty),
    index = spreadsheet row - ``FIRST_ROW``.
    """

    frame: pd.DataFrame
    format: str  # "csv" or "xlsx"
    encoding: str | None = None  # French label, CSV only
    bom: bool = False
    separator: str | None = None  # None: a single column
    decimal: str | None = None  # "," or "." when numbers were seen
    thousands_spaces: bool = False
    sheet: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)  # French remarks (ignored rows, sheets...)

    @property
    def rows(self) -> int:
        return len(self.frame)

    @property
    def headers(self) -> list[str]:
        return list(self.frame.columns)

    def spreadsheet_rows(self) -> list[int]:
        return [int(i) + FIRST_ROW for i in self.frame.index]

    @property
    def description(self) -> str:
        """French sentence(s) for the upload page (contains file names: show it as text, not markdown)."""
        parts = []
        if self.format == "xlsx":
            head = "Classeur Excel (.xlsx)"
            if self.sheet is not None:
                parts.append(f"feuille « {self.sheet} »")
        else:
            head = "Fichier CSV"
            parts.append(f"encodage {self.encoding}" + (" avec BOM" if self.bom else " sans BOM"))
            parts.append(f"séparateur {SEPARATORS[self.separator]}" if self.separator else "une seule colonne")
            if self.decimal:
                parts.append("nombres à virgule décimale" if self.decimal == "," else "nombres à point décimal")
            if self.thousands_spaces:
                parts.append("espaces entre les milliers")
        parts.append(_count(self.rows, "ligne de données", "lignes de données"))
        parts.append(_count(len(self.frame.columns), "colonne", "colonnes"))
        text = f"{head} : {', '.join(parts)}."
        return " ".join([text, *self.notes])


# --- small French helpers ------------------------------------------------------------


def _count(n: int, singular: str, plural: str) -> str:
    return f"{nombre(n)} {singular if n < 2 else plural}"


def taille(n: int) -> str:
    """A byte count in French: ``845 octets``, ``12,5 Ko``, ``210,3 Mo``."""
    if n >= MO:
        return f"{nombre(n / MO, 1)} Mo"
    if n >= KO:
        return f"{nombre(n / KO, 1)} Ko"
    return _count(n, "octet", "octets")


def _sizes(found: int, limit: int) -> tuple[str, str]:
    """Both sizes rounded alike, in bytes when rounding would make them look equal."""
    shown = taille(found), taille(limit)
    if shown[0] == shown[1]:
        return f"{nombre(found)} octets", f"{nombre(limit)} octets"
    return shown


def _letter(position: int) -> str:
    """Spreadsheet column letter of a 0-based position: 0 -> A, 26 -> AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _enumerate_fr(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def _rows_list(rows: list[int], limit: int = 5) -> str:
    shown = [nombre(r) for r in rows[:limit]]
    text = ("ligne " if len(rows) == 1 else "lignes ") + _enumerate_fr(shown)
    if len(rows) > limit:
        text += f" (et {_count(len(rows) - limit, 'autre', 'autres')})"
    return text


# --- entry point -----------------------------------------------------------------------


def read_upload(
    content: bytes, filename: str, max_bytes: int, max_rows: int, sheet_hint: str | None = None
) -> ReadResult:
    """Read an uploaded CSV or .xlsx into text cells; raise ReadError (French) otherwise.

    ``sheet_hint``: a dataset name or title; a sheet of that name is preferred.
    """
    try:
        content = bytes(content)
        if len(content) == 0:
            raise ReadError(EMPTY)
        if len(content) > max_bytes:
            found, limit = _sizes(len(content), max_bytes)
            raise ReadError(f"Le fichier fait {found} ; la limite est de {limit}.")
        if content.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return _read_zip(content, filename, max_bytes, max_rows, sheet_hint)
        _refuse_known_binary(content, filename)
        return _read_csv(content, filename, max_rows, cell_limit(max_bytes))
    except ReadError:
        raise
    except Exception as exc:  # never crash the page: any surprise is an unreadable file
        raise ReadError(UNREADABLE) from exc


# --- recognising what is not a table -----------------------------------------------------

_MAGIC = [
    (b"%PDF", "c'est un document PDF. Les tableaux d'un PDF ne peuvent pas être lus : "),
    (b"\x89PNG\r\n\x1a\n", "c'est une image (PNG). "),
    (b"\xff\xd8\xff", "c'est une image (JPEG). "),
    (b"GIF87a", "c'est une image (GIF). "),
    (b"GIF89a", "c'est une image (GIF). "),
    (b"II*\x00", "c'est une image (TIFF). "),
    (b"MM\x00*", "c'est une image (TIFF). "),
    (b"\x1f\x8b", "c'est une archive compressée (gzip). Décompressez-la, puis "),
    (b"7z\xbc\xaf\x27\x1c", "c'est une archive compressée (7-Zip). Décompressez-la, puis "),
    (b"Rar!\x1a\x07", "c'est une archive compressée (RAR). Décompressez-la, puis "),
]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 container, also encrypted .xlsx


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _refuse_known_binary(content: bytes, filename: str) -> None:
    name = filename.lower()
    if content.startswith(_OLE):
        if name.endswith((".xlsx", ".xlsm")):
            what = "c'est un classeur protégé par un mot de passe. Enregistrez-en une copie sans mot de passe."
        elif name.endswith(".doc"):
            what = "c'est un document Word 97-2003 (.doc). " + EXPECTED
        elif name.endswith(".ppt"):
            what = "c'est une présentation PowerPoint 97-2003 (.ppt). " + EXPECTED
        else:
            what = (
                "c'est un classeur Excel 97-2003 (.xls). Ouvrez-le dans Excel ou LibreOffice et "
                "enregistrez-le au format .xlsx ou CSV."
            )
        raise ReadError(NOT_A_TABLE + what)
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        raise ReadError(NOT_A_TABLE + "c'est une image (WebP). " + EXPECTED)
    if content[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        raise ReadError(NOT_A_TABLE + "c'est une image (HEIC). " + EXPECTED)
    for magic, what in _MAGIC:
        if content.startswith(magic):
            tail = _lower_first(EXPECTED) if what.endswith(("lus : ", "puis ")) else EXPECTED
            raise ReadError(NOT_A_TABLE + what + tail)


def _read_zip(content: bytes, filename: str, max_bytes: int, max_rows: int, sheet_hint: str | None) -> ReadResult:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        if filename.lower().endswith((".xlsx", ".xlsm")):
            raise ReadError(DAMAGED_XLSX) from exc
        raise ReadError(NOT_A_TABLE + "c'est une archive zip illisible. " + EXPECTED) from exc
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise ReadError(NOT_A_TABLE + _zip_kind(archive, names))
    # Before openpyxl inflates anything: zipfile never inflates a member beyond its
    # declared size, so checking the declared sizes bounds the work.
    limit = min(UNZIP_RATIO * max_bytes, UNZIP_FILE_RATIO * len(content), UNZIP_CAP)
    total = sum(info.file_size for info in infos)
    if total > limit or len(infos) > MAX_ZIP_MEMBERS:
        found, shown_limit = _sizes(total, limit)
        raise ReadError(
            f"Le classeur Excel ferait {found} une fois décompressé ; la limite est de {shown_limit}. "
            "Il a été refusé par précaution : enregistrez-le à nouveau depuis Excel, ou déposez-le au format CSV."
        )
    return _read_xlsx(content, max_rows, sheet_hint, cell_limit(max_bytes))


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:100].decode("ascii", "replace")
        except Exception:
            mimetype = ""
        if mimetype.endswith("spreadsheet"):
            return (
                "c'est un classeur OpenDocument (.ods). Dans LibreOffice, enregistrez-le au format "
                "Excel (.xlsx) ou CSV."
            )
        return "c'est un document OpenDocument. " + EXPECTED
    if "word/document.xml" in names:
        return "c'est un document Word (.docx). " + EXPECTED
    if "ppt/presentation.xml" in names:
        return "c'est une présentation PowerPoint (.pptx). " + EXPECTED
    return "c'est une archive zip. Décompressez-la et déposez le fichier CSV ou .xlsx qu'elle contient."


# --- CSV ---------------------------------------------------------------------------------

_LEADING_BLANK_LINES = re.compile(r"(?:[ \t\f\v\u00a0]*(?:\r\n|\n|\r))*")
_NOTHING = re.compile(r'[\s;,|"]*')
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def _decode(content: bytes) -> tuple[str, str, bool]:
    """(text, French encoding label, BOM found)."""
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "UTF-8", True
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", errors="replace"), "UTF-16", True
    try:
        return content.decode("utf-8"), "UTF-8", False
    except UnicodeDecodeError:
        pass
    if b"\x00" in content[:8192]:
        raise ReadError(NOT_A_TABLE + "son contenu n'est pas du texte lisible. " + EXPECTED)
    mixed = _decode_lines(content)
    if mixed is not None:
        return mixed
    encoding = _guess_western(content)
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError:  # the guess came from a sample
        encoding = "latin_1"
        text = content.decode(encoding)
    return text, ENCODING_LABELS.get(encoding, encoding), False


def _decode_lines(content: bytes) -> tuple[str, str, bool] | None:
    """A UTF-8 file with a few lines pasted from a Windows-1252 one: each line in its own encoding.

    Only when the file's other accented lines really are UTF-8: a file without any
    UTF-8 accent is read in one Western encoding.
    """
    lines = content.splitlines(keepends=True)
    texts: list[str | None] = []
    foreign, utf8_accents = [], False
    for number, line in enumerate(lines, start=1):
        try:
            texts.append(line.decode("utf-8"))
            utf8_accents = utf8_accents or not line.isascii()
        except UnicodeDecodeError:
            texts.append(None)
            foreign.append(number)
    if not utf8_accents or len(foreign) * 2 > len(lines):
        return None
    encoding = _guess_western(b"".join(lines[n - 1] for n in foreign))
    for n in foreign:
        texts[n - 1] = lines[n - 1].decode(encoding, errors="replace")
    label = ENCODING_LABELS.get(encoding, encoding)
    where = _rows_list(foreign).replace(" ", " du fichier ", 1)
    return "".join(texts), f"UTF-8 ({where} en {label})", False


def _guess_western(content: bytes) -> str:
    """The Western encoding that reads the most French letters; Windows-1252 on a tie.

    charset-normalizer's ranking alone misreads short French files (it reads "0000€0"
    as DOS "0000Ç0" and does not always list Windows-1252), so every Western encoding
    that decodes the file is scored on French letters; Windows-1252, by far the most
    common encoding of French spreadsheets, wins ties, then charset-normalizer's
    "mess" measure decides.
    """
    from charset_normalizer import from_bytes

    sample = content[: 256 * KO]
    chaos = {m.encoding: m.chaos for m in from_bytes(sample, cp_isolation=WESTERN_ENCODINGS, threshold=1.0)}
    texts = {e: sample.decode(e) for e in WESTERN_ENCODINGS if _decodes(sample, e)}
    if not texts:
        return "latin_1"
    return max(texts, key=lambda e: (_french_score(texts[e]), e == "cp1252", -chaos.get(e, 1.0)))


# Non-ASCII characters of French text: accented letters, ligatures, typography.
_FRENCH_CHARS = frozenset("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ€«»‘’“”–—…°²³·\u00a0")


def _french_score(text: str) -> int:
    return sum(1 if c in _FRENCH_CHARS else -1 for c in text if ord(c) > 127)


def _decodes(content: bytes, encoding: str) -> bool:
    try:
        content.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _refuse_markup(text: str) -> None:
    head = text[:2000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<table")):
        raise ReadError(
            NOT_A_TABLE + "c'est une page web (HTML). Ouvrez-la dans Excel et enregistrez-la au format .xlsx ou CSV."
        )
    if head.startswith("<?xml"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in text[:5000]:
            raise ReadError(
                NOT_A_TABLE
                + "c'est un classeur Excel 2003 au format XML. Ouvrez-le dans Excel et enregistrez-le au format .xlsx."
            )
        raise ReadError(NOT_A_TABLE + "c'est un fichier XML. " + EXPECTED)


def _sample(text: str) -> tuple[str, bool]:
    if len(text) <= SAMPLE_CHARS:
        return text, False
    cut = text.rfind("\n", 0, SAMPLE_CHARS)
    return text[: cut if cut > 0 else SAMPLE_CHARS], True


def _delimiter_score(sample: str, truncated: bool, delimiter: str) -> tuple[float, float]:
    """(share of records split in several cells, share of records with the most common width)."""
    try:
        widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(c.strip() for c in r)]
    except csv.Error:
        return 0.0, 0.0
    if truncated and len(widths) > 1:
        # The last record may be cut inside a quoted cell; when it is the only one (a huge cell on
        # the first lines), the sample ends at a line break: the header, whole, is what there is to count.
        widths = widths[:-1]
    multi = [w for w in widths if w > 1]
    if not multi:
        return 0.0, 0.0
    return len(multi) / len(widths), Counter(multi).most_common(1)[0][1] / len(widths)


def _separator(text: str) -> str | None:
    """The separator splitting most lines into the same number of cells; None for one column.

    csv.Sniffer's guess is checked by counting, with the csv module (so quoted cells are
    understood), how many records each candidate splits and how consistently; the
    Sniffer's guess only decides between equally consistent candidates, as it can give
    up or guess wrong on short or irregular files.
    """
    sample, truncated = _sample(text)
    try:
        sniffed = csv.Sniffer().sniff(sample[:SNIFF_CHARS], delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        sniffed = None
    order = list(SEPARATORS)
    scores = {d: _delimiter_score(sample, truncated, d) for d in order}
    best = max(order, key=lambda d: (*scores[d], d == sniffed, -order.index(d)))
    return best if scores[best][0] >= 0.5 else None


def _parse_csv(text: str, separator: str | None, data: bytes | None = None) -> pd.DataFrame:
    """Every record as a row of text cells (blank records included), positional columns.

    ``data``: ``text`` encoded in UTF-8, when the caller has it.
    """
    # One column: a separator that never occurs, so that quotes are still understood.
    sep = separator or next(c for c in "\x1f\x1e\x1d\x1c" if c not in text)
    options = dict(
        sep=sep,
        header=None,
        dtype=str,
        na_filter=False,
        keep_default_na=False,
        skip_blank_lines=False,
        quotechar='"',
        doublequote=True,
    )
    data = text.encode("utf-8") if data is None else data  # the C parser reads bytes faster than text
    try:
        return pd.read_csv(io.BytesIO(data), engine="c", encoding="utf-8", **options)
    except pd.errors.EmptyDataError as exc:
        raise ReadError(EMPTY) from exc
    except pd.errors.ParserError as exc:
        _refuse_open_quote(str(exc))
        # A record wider than the first one: give pandas the widest record's width.
        width = max((len(r) for r in csv.reader(io.StringIO(text), delimiter=sep)), default=1)
        options["names"] = list(range(width))
        try:
            return pd.read_csv(io.BytesIO(data), engine="c", encoding="utf-8", **options)
        except pd.errors.ParserError:
            return pd.read_csv(io.StringIO(text), engine="python", **options)


def _refuse_open_quote(error: str) -> None:
    match = re.search(r"EOF inside string starting at row (\d+)", error)
    if match:
        row = int(match.group(1)) + 1
        raise ReadError(
            f"Un guillemet (\") ouvert ligne {nombre(row)} n'est jamais refermé : tout le reste du fichier "
            "serait lu comme une seule cellule. Vérifiez les guillemets de cette ligne ; un guillemet à "
            "l'intérieur d'un texte entre guillemets s'écrit \"\"."
        )


_NUMBER_COMMA = re.compile(r"[-+]?(?:\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+),\d+")
_NUMBER_POINT = re.compile(r"[-+]?(?:\d{1,3}(?:[ \u00a0\u202f,]\d{3})+|\d+)\.\d+")
_AMBIGUOUS = re.compile(r"[-+]?\d{1,3}[.,]\d{3}")  # 1.500 or 1,500: thousands or decimals
_THOUSANDS_SPACES = re.compile(r"[-+]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?")


def _number_style(frame: pd.DataFrame) -> tuple[str | None, bool]:
    """Decimal mark and whether spaces group thousands, from the cells that look like numbers."""
    cells = pd.Series(frame.head(2000).to_numpy().ravel(), dtype=object).astype(str).str.strip()
    cells = cells[cells.str.len().between(3, 40) & cells.str.contains(r"\d", regex=True)]
    if cells.empty:
        return None, False
    clear = cells[~cells.str.fullmatch(_AMBIGUOUS)]
    commas = int(clear.str.fullmatch(_NUMBER_COMMA).sum())
    points = int(clear.str.fullmatch(_NUMBER_POINT).sum())
    decimal = None if commas == points == 0 else ("," if commas >= points else ".")
    return decimal, bool(cells.str.fullmatch(_THOUSANDS_SPACES).any())


def _refuse_width(columns: int) -> None:
    if columns > MAX_COLUMNS:
        raise ReadError(
            f"Le fichier compte {nombre(columns)} colonnes ; la limite est de {nombre(MAX_COLUMNS)} colonnes. "
            "Vérifiez que chaque ligne du tableau est bien une ligne du fichier et que le séparateur est le bon."
        )


def cell_limit(max_bytes: int) -> int:
    """Longest cell accepted, in characters: proportional to the upload limit (32 768 for 20 Mo)."""
    return max(MIN_CELL_CHARS, max_bytes // CELL_SHARE)


def _column_name(grid: pd.DataFrame, position: int, skip: int) -> str:
    """« « Source » (colonne Q) » when the header above names the column, else « Q »."""
    letter = _letter(position)
    for index in range(min(HEADER_WINDOW, len(grid))):
        row = grid.iloc[index]
        if index == skip or (row.str.strip() != "").sum() < 2:
            continue
        label = " ".join(str(row.iloc[position]).split())
        return f"« {label} » (colonne {letter})" if label and len(label) <= 80 else letter
    return letter


def _refuse_long_cells(grid: pd.DataFrame, numbers: np.ndarray, limit: int) -> None:
    """A cell beyond ``limit`` characters (``numbers``: spreadsheet row of each grid row)."""
    for position, column in enumerate(grid.columns):
        lengths = grid[column].str.len()
        if not lengths.max() > limit:
            continue
        lengths = lengths.to_numpy()
        over = np.flatnonzero(lengths > limit)
        if len(over):
            row, found = int(numbers[over[0]]), int(lengths[over[0]])
            where = _column_name(grid, position, int(over[0]))
            raise ReadError(
                f"Ligne {nombre(row)}, colonne {where} : la cellule contient {nombre(found)} caractères ; "
                f"la limite est de {nombre(limit)} caractères par cellule. Raccourcissez ce texte, ou vérifiez "
                "qu'un guillemet ouvert avant lui est bien refermé."
            )


def _read_csv(content: bytes, filename: str, max_rows: int, max_cell: int) -> ReadResult:
    text, encoding, bom = _decode(content)
    # The UTF-8 bytes of ``text`` as long as it is unchanged: no need to encode it again for pandas.
    same_bytes = content[len(codecs.BOM_UTF8) :] if bom else content
    unchanged = encoding == "UTF-8"
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)  # "É" typed as "E" + combining accent is "É"
        unchanged = False
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # "CSV (Macintosh)": lines end with a carriage return only
        unchanged = False
    sample = text[:SAMPLE_CHARS]
    if sample and len(_CONTROL.findall(sample)) > 0.01 * len(sample):
        raise ReadError(NOT_A_TABLE + "son contenu n'est pas du texte lisible. " + EXPECTED)
    _refuse_markup(text)
    if "\x00" in text:
        text = text.replace("\x00", "")
        unchanged = False
    if _NOTHING.fullmatch(text):  # spaces, separators and quotes only
        raise ReadError(EMPTY)
    # Blank lines above everything: pandas cannot count columns on them.
    lead = _LEADING_BLANK_LINES.match(text).group(0)
    if lead:
        text = text[len(lead) :]
        unchanged = False
    separator = _separator(text)
    if separator:  # before pandas makes thousands of columns: the first records, quotes understood
        first = itertools.islice(csv.reader(io.StringIO(_sample(text)[0]), delimiter=separator), HEADER_WINDOW)
        try:
            _refuse_width(max((len(record) for record in first), default=1))
        except csv.Error:
            pass  # the parser below says what is wrong
    grid = _parse_csv(text, separator, same_bytes if unchanged else None)
    _refuse_width(grid.shape[1])
    lead_lines = len(_LINE_BREAK.findall(lead))
    if len(text) > max_cell:
        _refuse_long_cells(grid, np.arange(1, len(grid) + 1) + lead_lines, max_cell)
    if "\r" in text:  # line breaks inside cells, as Windows writes them
        for column in grid.columns:
            if grid[column].str.contains("\r", regex=False).any():
                grid[column] = grid[column].str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
    filled = _filled(grid)
    keep = filled.any(axis=1).to_numpy()
    if not keep.any():
        raise ReadError(EMPTY)
    numbers = np.arange(1, len(grid) + 1)[keep] + lead_lines
    frame, notes = _assemble(grid[keep], filled[keep], numbers, max_rows, csv_separator=separator or "")
    decimal, spaces = _number_style(frame)
    name = filename.lower()
    if name.endswith((".xlsx", ".xls", ".xlsm", ".ods")):
        notes.insert(0, "Son contenu est du texte CSV, malgré son extension.")
    return ReadResult(
        frame,
        "csv",
        encoding=encoding,
        bom=bom,
        separator=separator,
        decimal=decimal,
        thousands_spaces=spaces,
        notes=tuple(notes),
    )


def _filled(grid: pd.DataFrame) -> pd.DataFrame:
    """True where a cell holds something other than spaces."""
    return pd.DataFrame({c: grid[c].str.strip().ne("") for c in grid.columns}, index=grid.index)


# --- from a grid of text cells to a table -------------------------------------------------


def _header_position(counts: list[int]) -> int:
    """Skip titles above the header: leading rows with one or two cells in a wide table."""
    widest = max(counts)
    position = 0
    while position < len(counts) - 1 and counts[position] <= 2 and counts[position] * 3 <= widest:
        position += 1
    return position


def _assemble(
    grid: pd.DataFrame, filled: pd.DataFrame, numbers: np.ndarray, max_rows: int, csv_separator: str | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Header, columns and rows of non-empty rows ``grid`` found at spreadsheet rows ``numbers``.

    ``csv_separator`` (CSV only): cells right of the header then mean a misplaced separator.
    """
    counts = filled.iloc[:HEADER_WINDOW].sum(axis=1).astype(int).tolist()
    position = _header_position(counts)
    header = [" ".join(str(h).split()) for h in grid.iloc[position]]
    data, data_filled, data_numbers = grid.iloc[position + 1 :], filled.iloc[position + 1 :], numbers[position + 1 :]
    if data.empty:
        raise ReadError(
            "Le fichier ne contient que la ligne d'en-tête : aucune ligne de données en dessous. "
            "Ajoutez une ligne par élément sous les en-têtes."
        )
    if len(data) > max_rows:
        raise ReadError(
            f"Le fichier contient {nombre(len(data))} lignes de données ; "
            f"la limite est de {_count(max_rows, 'ligne', 'lignes')}."
        )
    named = [i for i, h in enumerate(header) if h]
    has_data = data_filled.any(axis=0).to_numpy()
    last = named[-1] if named else -1
    if csv_separator is not None:
        beyond = data_filled.iloc[:, last + 1 :].any(axis=1).to_numpy()
        if beyond.any():
            raise ReadError(_misaligned([int(n) for n in data_numbers[beyond]], header, last, csv_separator))
    columns = [i for i in range(len(header)) if header[i] or has_data[i]]
    names = [header[i] or f"Colonne {_letter(i)}" for i in columns]
    _refuse_duplicates(names, columns)
    notes = []
    if position:
        titles = _count(position, "ligne de titre ignorée", "lignes de titre ignorées")
        notes.append(f"{titles[:1].upper()}{titles[1:]} ; l'en-tête est à la ligne {nombre(int(numbers[position]))}.")
    unnamed = [f"« {names[k]} »" for k, i in enumerate(columns) if not header[i]]
    if len(unnamed) == 1:
        notes.append(f"Une colonne sans en-tête a été nommée d'après sa lettre : {unnamed[0]}.")
    elif unnamed:
        notes.append(f"Des colonnes sans en-tête ont été nommées d'après leur lettre : {_enumerate_fr(unnamed)}.")
    blank = int(data_numbers[-1] - numbers[position]) - len(data)
    if blank:
        notes.append(_count(blank, "ligne vide ignorée.", "lignes vides ignorées."))
    frame = data.iloc[:, columns].copy()
    frame.columns = names
    index = data_numbers - FIRST_ROW
    if index[0] == 0 and index[-1] == len(index) - 1:
        frame.index = pd.RangeIndex(len(index))
    else:
        frame.index = pd.Index(index.astype("int64"))
    return frame.astype(str), notes


def _misaligned(rows: list[int], header: list[str], last: int, separator: str) -> str:
    shown = _rows_list(rows)
    where = f"colonne {_letter(last)}, « {header[last]} »" if last >= 0 else "colonne A"
    advice = "donnez un en-tête à chaque colonne remplie."
    if separator in SEPARATORS:
        advice = (
            f"si un texte contient le séparateur, {SEPARATORS[separator]}, mettez ce texte entre guillemets "
            f'("…") ; sinon, {advice}'
        )
    return (
        f"{shown[:1].upper()}{shown[1:]} : des cellules sont remplies à droite de la dernière colonne de "
        f"l'en-tête ({where}). {advice[:1].upper()}{advice[1:]}"
    )


def _refuse_duplicates(names: list[str], columns: list[int]) -> None:
    groups: dict[str, list[int]] = {}
    for k, name in enumerate(names):
        groups.setdefault(fold(name) or name, []).append(k)
    repeated = [ks for ks in groups.values() if len(ks) > 1]
    if not repeated:
        return
    parts = []
    for ks in repeated:
        spelled = list(dict.fromkeys(names[k] for k in ks))
        letters = _enumerate_fr([_letter(columns[k]) for k in ks])
        parts.append(", ".join(f"« {s} »" for s in spelled) + f" (colonnes {letters})")
    raise ReadError(
        "Plusieurs colonnes portent le même en-tête : "
        + " ; ".join(parts)
        + ". Donnez à chaque colonne un en-tête différent."
    )


# --- XLSX ----------------------------------------------------------------------------------


def cell_text(value) -> str:
    """An Excel cell value as the user sees it: 25/10/2024, 150000, 1.5, VRAI."""
    if value is None:
        return ""
    if isinstance(value, str):
        if not value.isascii():
            value = unicodedata.normalize("NFC", value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text
    if isinstance(value, dt.datetime):
        day = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
        if value.time() == dt.time(0):
            return day
        return f"{day} {value.hour:02d}:{value.minute:02d}" + (f":{value.second:02d}" if value.second else "")
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}" + (f":{value.second:02d}" if value.second else "")
    return str(value)


def percent_text(value: float) -> str:
    """A cell formatted as a percentage, as Excel shows it: 0.044 -> ``4.4 %``."""
    shown = (Decimal(repr(float(value))) * 100).normalize()
    return f"{format(shown, 'f')} %"


def _shown(cell) -> str:
    """What the user sees in an openpyxl read-only cell: percentages from the cell's number format."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        if "%" in (getattr(cell, "number_format", None) or ""):
            return percent_text(value)
    return cell_text(value)


def _sheet_order(sheets: list, sheet_hint: str | None) -> list:
    wanted = set()
    if sheet_hint:
        wanted.add(fold(sheet_hint))
        if sheet_hint in DATASETS:
            wanted.add(fold(DATASETS[sheet_hint].title))
    hinted = [ws for ws in sheets if fold(ws.title) in wanted]
    visible = [ws for ws in sheets if ws not in hinted and ws.sheet_state == "visible"]
    hidden = [ws for ws in sheets if ws not in hinted and ws.sheet_state != "visible"]
    return hinted + visible + hidden


PEEK_ROWS = 200  # rows looked at to find a sheet's header when choosing the sheet


def _peek_header(ws) -> list[str]:
    """The header a sheet would have, from its first non-empty rows."""
    ws.reset_dimensions()
    rows = []
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        texts = [cell_text(v) for v in row]
        if any(t.strip() for t in texts):
            rows.append(texts)
        if len(rows) > HEADER_WINDOW or number > PEEK_ROWS:
            break
    if not rows:
        return []
    counts = [sum(1 for t in r if t.strip()) for r in rows]
    return [" ".join(t.split()) for t in rows[_header_position(counts)]]


def _sheets_for(sheets: list, sheet_hint: str | None) -> list:
    """Sheets in the order they are tried: for a dataset, the one whose header matches most of its columns first."""
    ordered = _sheet_order(sheets, sheet_hint)
    if sheet_hint not in DATASETS or len(sheets) < 2:
        return ordered
    ds = DATASETS[sheet_hint]
    scores = {id(ws): len(match_headers(ds, _peek_header(ws))[0]) for ws in ordered}
    return sorted(ordered, key=lambda ws: -scores[id(ws)])


def _read_xlsx(content: bytes, max_rows: int, sheet_hint: str | None, max_cell: int) -> ReadResult:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise ReadError(DAMAGED_XLSX) from exc
    try:
        sheets = list(book.worksheets)
        extents = {id(ws): ws.max_row for ws in sheets}  # declared dimensions, before peeking resets them
        for ws in _sheets_for(sheets, sheet_hint):
            rows = _stream_sheet(ws, max_rows, extents[id(ws)])
            if rows is None:
                continue
            cells, numbers = rows
            width = max(len(r) for r in cells)
            _refuse_width(width)
            grid = pd.DataFrame([r + [""] * (width - len(r)) for r in cells], dtype=object).astype(str)
            _refuse_long_cells(grid, np.array(numbers), max_cell)
            frame, notes = _assemble(grid, _filled(grid), np.array(numbers), max_rows)
            others = [s.title for s in sheets if s is not ws]
            if others:
                notes.append("Autres feuilles ignorées : " + _enumerate_fr([f"« {t} »" for t in others]) + ".")
            # Numbers of a workbook are stored numbers, written here with a decimal point.
            return ReadResult(frame, "xlsx", decimal=".", sheet=ws.title, notes=tuple(notes))
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(DAMAGED_XLSX) from exc
    finally:
        book.close()
    raise ReadError("Le classeur ne contient aucune donnée : toutes ses feuilles sont vides.")


def _stream_sheet(ws, max_rows: int, extent: int | None) -> tuple[list[list[str]], list[int]] | None:
    """Non-empty rows as text and their row numbers, stopping past the row limit.

    ``extent``: the last row of the sheet's declared dimension, when present.
    """
    ws.reset_dimensions()  # declared dimensions are often wrong: read every cell present
    cells, numbers = [], []
    stop = max_rows + HEADER_WINDOW + 1
    for number, row in enumerate(ws.iter_rows(), start=1):
        texts = [_shown(c) for c in row]
        if not any(t.strip() for t in texts):
            continue
        while texts and not texts[-1].strip():
            texts.pop()
        _refuse_width(len(texts))
        cells.append(texts)
        numbers.append(number)
        if len(cells) > stop:
            reach = f" (elle s'étend jusqu'à la ligne {nombre(extent)})" if extent and extent > number else ""
            raise ReadError(
                f"La feuille « {ws.title} » contient plus de {nombre(max_rows)} lignes de données{reach} ; "
                f"la limite est de {_count(max_rows, 'ligne', 'lignes')}."
            )
    return (cells, numbers) if cells else None


# --- which dataset does a file look like ---------------------------------------------------


def looks_like(headers: list[str]) -> list[tuple[str, float]]:
    """Every dataset with a 0-1 likeness score of these headers, best first.

    The score is the Dice coefficient between the file's headers and the dataset's
    fields (matched by name or French label): 1 when they are the same columns.
    """
    cleaned = [str(h) for h in headers if str(h).strip()]
    scores = []
    for name, ds in DATASETS.items():
        mapping, _ = match_headers(ds, cleaned)
        total = len(cleaned) + len(ds.fields)
        scores.append((name, round(2 * len(mapping) / total, 3) if total else 0.0))
    return sorted(scores, key=lambda item: -item[1])
