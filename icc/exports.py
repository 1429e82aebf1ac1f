"""Files people download: CSV and Excel, safe to open in a spreadsheet.

Text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are
prefixed with an apostrophe (OWASP's advice on CSV injection), so Excel and
LibreOffice show them as text instead of running them as formulas.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from icc.schema import DATASETS

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
    """One sheet per table; numbers stay numbers, text is neutralised."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, frame in sheets.items():
        ws = wb.create_sheet(title[:31])
        ws.append([str(c) for c in frame.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in neutralised(frame).itertuples(index=False):
            ws.append([None if (not isinstance(v, str) and pd.isna(v)) else v for v in row])
        for i, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            ws.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
