"""Files people download: CSV and Excel, safe to open in a spreadsheet.

In CSV, text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are
prefixed with an apostrophe (OWASP's advice on CSV injection), so Excel and LibreOffice show
them as text instead of running them as formulas. In .xlsx they are typed text cells instead.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from icc.datasets.schema import DATASETS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise).astype(object)
    return out


def csv_bytes(frame: pd.DataFrame, french_excel: bool = True) -> bytes:
    """French Excel's dialect by default (UTF-8 with BOM, ``;``), else plain UTF-8 with ``,``."""
    text = neutralised(frame).to_csv(index=False, sep=";" if french_excel else ",", lineterminator="\r\n")
    return text.encode("utf-8-sig" if french_excel else "utf-8")


def dataset_csv(name: str, frame: pd.DataFrame, french_excel: bool = True) -> bytes:
    """A dataset as stored (technical headers: the file can be uploaded again as is)."""
    return csv_bytes(frame[DATASETS[name].columns], french_excel)


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per table; numbers stay numbers; text is stored as text.

    An .xlsx text cell is never evaluated, so text is written as typed (no apostrophe, which would
    show and come back on re-upload): a cell that openpyxl would take for a formula is typed as a
    string, with Excel's own « quote prefix » flag.
    """
    wb = Workbook()
    wb.remove(wb.active)
    for title, frame in sheets.items():
        ws = wb.create_sheet(title[:31])
        ws.append([str(c) for c in frame.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in frame.itertuples(index=False):
            ws.append([None if (not isinstance(v, str) and pd.isna(v)) else v for v in row])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
                    cell.quotePrefix = True
        for i, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            ws.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- figures tables (presentation exports) ----------------------------------------------

# Number formats in the files' own syntax: French Excel and PowerPoint show « 1 234 567 » and
# « 1 234 567 € » (their thousands separator is the locale's), LibreOffice too in French.
NUMBER_FORMATS = {"nombre": "#,##0", "euros": '#,##0 "€"', "pourcentage": "0%", "decimal": "#,##0.00"}


def xlsx_formatted(sheets: dict[str, pd.DataFrame], formats: dict[str, dict[str, str]]) -> bytes:
    """Like ``xlsx_bytes``, with a display format per column: ``formats[sheet][column]`` is a
    key of NUMBER_FORMATS (or a format code); numbers stay numbers."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx_bytes(sheets)))
    for title, frame in sheets.items():
        ws = wb[title[:31]]
        for i, column in enumerate(frame.columns, start=1):
            kind = formats.get(title, {}).get(column)
            if kind is None:
                continue
            code = NUMBER_FORMATS.get(kind, kind)
            for (cell,) in ws.iter_rows(min_row=2, max_row=len(frame) + 1, min_col=i, max_col=i):
                cell.number_format = code
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def table_csv(frame: pd.DataFrame, french_excel: bool = True) -> bytes:
    """A table of figures as CSV: like ``csv_bytes``, with a decimal comma for French Excel, and
    whole amounts written without decimals (``211500000``, not ``211500000.0``)."""
    out = neutralised(frame)
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_float_dtype(values) and values.dropna().map(float.is_integer).all():
            out[column] = values.round().astype("Int64")
    text = out.to_csv(
        index=False,
        sep=";" if french_excel else ",",
        decimal="," if french_excel else ".",
        lineterminator="\r\n",
    )
    return text.encode("utf-8-sig" if french_excel else "utf-8")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """Several files in one zip archive (names as given)."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
