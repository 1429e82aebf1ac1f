"""Exports of the current view for steering committees: PowerPoint, Excel and CSV.

The PowerPoint holds native charts (data inside, editable in PowerPoint), never pictures:
a title slide, the headline figures, then one slide per screen of icc.present.screens. Every text
that comes from the data is neutralised against formula injection (icc.datasets.exports.neutralise),
chart categories too: PowerPoint keeps a chart's data in an embedded workbook.

The template is neutral (python-pptx's own, widened to 16:9); the Métropole's .pptx replaces
it through the ICC_PPTX_TEMPLATE setting (its first layouts are used: title slide, title only).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from pathlib import Path

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from icc import formatting as fr
from icc import settings
from icc.datasets import exports
from icc.datasets.schema import DATASETS, ORDER
from icc.prepared import provenance
from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present.panels.base import BAR, CLUSTERED_BAR, DECIMAL, EUROS, LINE, PIE, STACKED_BAR, Panel, readable
from icc.present.screens import SCREENS_BY_ID, build
from icc.storage import asof

TITLE = "Industries culturelles et créatives"
SUBTITLE = "Comité de pilotage de la feuille de route métropolitaine ICC"
ORGANISATION = "Métropole Aix-Marseille-Provence"
EMPTY = "Aucune donnée ne correspond aux filtres choisis."
TOTAL = "Total"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CHART_TYPES = {
    BAR: XL_CHART_TYPE.BAR_CLUSTERED,
    CLUSTERED_BAR: XL_CHART_TYPE.BAR_CLUSTERED,
    STACKED_BAR: XL_CHART_TYPE.BAR_STACKED,
    PIE: XL_CHART_TYPE.PIE,
    LINE: XL_CHART_TYPE.LINE_MARKERS,
}
# A line's dash on a slide (the page's plotly dashes): lines told apart without colour too.
DASH_STYLES = {
    "solid": MSO_LINE_DASH_STYLE.SOLID,
    "dash": MSO_LINE_DASH_STYLE.DASH,
    "dot": MSO_LINE_DASH_STYLE.ROUND_DOT,
    "dashdot": MSO_LINE_DASH_STYLE.DASH_DOT,
    "longdash": MSO_LINE_DASH_STYLE.LONG_DASH,
    "longdashdot": MSO_LINE_DASH_STYLE.LONG_DASH_DOT,
}
MARKERS = (
    XL_MARKER_STYLE.CIRCLE,
    XL_MARKER_STYLE.SQUARE,
    XL_MARKER_STYLE.DIAMOND,
    XL_MARKER_STYLE.TRIANGLE,
    XL_MARKER_STYLE.X,
    XL_MARKER_STYLE.PLUS,
    XL_MARKER_STYLE.STAR,
)
# Label formats in the file's syntax (French PowerPoint shows « 1 234 », « 211,5 M€ », « 80 000 € »).
NUMBER_FORMAT = exports.NUMBER_FORMATS["nombre"]
DECIMAL_FORMAT = exports.NUMBER_FORMATS["decimal"]
EUROS_FORMAT = '[>=1000000]#,##0.0,, "M€";#,##0 "€"'

GREY = RGBColor(0x5A, 0x5A, 0x5A)
ACCENT = RGBColor(0x00, 0x72, 0xB2)
PANEL = RGBColor(0xF1, 0xF4, 0xF8)
WIDE = (Inches(13.333), Inches(7.5))
MARGIN = Inches(0.5)
TABLE_ROWS = 11  # rows of a table slide; the Excel export has them all
ROW_HEIGHT = Inches(0.36)
_LOG = logging.getLogger(__name__)
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def template_setting() -> str | None:
    """The Métropole's template (.pptx), from ICC_PPTX_TEMPLATE or settings.pptx_template.

    A template that cannot be found leaves the built-in one (and says so in the log): a
    committee still gets its slides."""
    path = settings.load().pptx_template
    if path and not Path(path).is_file():
        _LOG.warning("Modèle PowerPoint introuvable (%s) : modèle intégré utilisé.", path)
        return None
    return path


def safe(value) -> str:
    """Data text for a slide: neutralised (formula injection) and without XML-illegal characters."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _XML_UNSAFE.sub("", str(exports.neutralise(str(value))))


def file_stem(today: dt.date) -> str:
    return f"comite-de-pilotage-icc-{today.isoformat()}"


def versions_note(bundle: Bundle) -> str:
    return provenance.version_note(bundle, *[d for d in ORDER if d in bundle.versions])


# --- presentation ---------------------------------------------------------------------


def _open(template: str | None) -> Presentation:
    if template:
        prs = Presentation(template)
        # A template may come with example slides: only its masters and layouts are kept.
        ids = prs.slides._sldIdLst
        for sld in list(ids):
            prs.part.drop_rel(sld.rId)
            ids.remove(sld)
        return prs
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDE
    return prs


def _title_only_layout(prs: Presentation):
    """The first layout with a title and nothing else to fill (« Titre seul »)."""
    extra = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
    titles = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
    for layout in prs.slide_layouts:
        kinds = {ph.placeholder_format.type for ph in layout.placeholders}
        if kinds & titles and not kinds - titles - extra:
            return layout
    return prs.slide_layouts[min(1, len(prs.slide_layouts) - 1)]


def _paragraph(frame, text: str, size: float, bold: bool = False, color: RGBColor | None = None, first=False):
    p = frame.paragraphs[0] if first else frame.add_paragraph()
    run = p.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.language_id = MSO_LANGUAGE_ID.FRENCH
    if color is not None:
        run.font.color.rgb = color
    return p


def _textbox(slide, left, top, width, height, lines: list[tuple[str, float]], color=GREY, bold=False):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, (text, size) in enumerate(lines):
        _paragraph(frame, text, size, bold=bold, color=color, first=i == 0)
    return box


class Deck:
    """Slides in a fixed frame: title at the top, filters under it, body, sources at the bottom."""

    def __init__(self, template: str | None):
        self.prs = _open(template)
        self.custom = bool(template)
        self.width, self.height = self.prs.slide_width, self.prs.slide_height
        self.content_layout = _title_only_layout(self.prs)

    def _strip(self, slide, keep=(PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.SUBTITLE)):
        """Remove placeholders left empty (« Cliquez pour ajouter du texte » in the show)."""
        for ph in list(slide.placeholders):
            if ph.placeholder_format.type not in keep:
                ph._element.getparent().remove(ph._element)

    def title_slide(self, title: str, lines: list[str], versions: str) -> None:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[0])
        self._strip(slide)
        placeholders = {ph.placeholder_format.type: ph for ph in slide.placeholders}
        heading = placeholders.get(PP_PLACEHOLDER.CENTER_TITLE) or placeholders.get(PP_PLACEHOLDER.TITLE)
        if heading is None:
            heading = slide.shapes.add_textbox(MARGIN, Inches(1.5), self.width - 2 * MARGIN, Inches(1.5))
        heading.text_frame.text = title
        if not self.custom:
            heading.left, heading.top = MARGIN, Inches(1.6)
            heading.width, heading.height = self.width - 2 * MARGIN, Inches(1.5)
        sub = placeholders.get(PP_PLACEHOLDER.SUBTITLE)
        if sub is None:
            sub = slide.shapes.add_textbox(MARGIN, heading.top + heading.height, self.width - 2 * MARGIN, Inches(2))
        elif not self.custom:
            sub.left, sub.top = MARGIN, Inches(3.3)
            sub.width, sub.height = self.width - 2 * MARGIN, Inches(2)
        frame = sub.text_frame
        frame.word_wrap = True
        for i, line in enumerate(lines):
            _paragraph(frame, line, 22 if i == 0 else 18, color=None if i == 0 else GREY, first=i == 0)
        _textbox(
            slide,
            MARGIN,
            self.height - Inches(1.2),
            self.width - 2 * MARGIN,
            Inches(0.9),
            [(versions, 11)],
        )

    def content_slide(self, title: str, subtitle: str, footer: list[str]):
        """A slide with its title, the filters and its sources; returns it and the body frame."""
        slide = self.prs.slides.add_slide(self.content_layout)
        self._strip(slide, keep=(PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE))
        heading = slide.shapes.title
        if heading is None:
            heading = slide.shapes.add_textbox(MARGIN, Inches(0.3), self.width - 2 * MARGIN, Inches(0.9))
        heading.text_frame.text = title
        if not self.custom:
            heading.left, heading.top = MARGIN, Inches(0.3)
            heading.width, heading.height = self.width - 2 * MARGIN, Inches(0.9)
            heading.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
            heading.text_frame.paragraphs[0].runs[0].font.size = Pt(28)
        top = heading.top + heading.height
        _textbox(slide, MARGIN, top, self.width - 2 * MARGIN, Inches(0.4), [(subtitle, 13)])
        footer_height = Inches(0.85)
        _textbox(
            slide,
            MARGIN,
            self.height - footer_height - Inches(0.1),
            self.width - 2 * MARGIN,
            footer_height,
            [(line, 10) for line in footer if line],
        )
        body_top = top + Inches(0.5)
        body = (MARGIN, body_top, self.width - 2 * MARGIN, self.height - footer_height - Inches(0.2) - body_top)
        return slide, body

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def _hide_label(point) -> None:
    """No label on this point (a zero or a sliver of a stacked bar)."""
    dlbl = point.data_label._get_or_add_dLbl()
    for child in list(dlbl)[1:]:  # keep c:idx
        dlbl.remove(child)
    dlbl.append(dlbl.makeelement(qn("c:delete"), {"val": "1"}))


def _ink(fill: str) -> RGBColor:
    """White on dark fills, near-black on light ones (labels inside stacked bars)."""
    r, g, b = (int(fill.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return RGBColor(0xFF, 0xFF, 0xFF) if 0.299 * r + 0.587 * g + 0.114 * b < 150 else RGBColor(0x22, 0x22, 0x22)


def _point_legend(slide, body, legend: dict[str, str]):
    """What the bar colours mean (one colour per filière family): coloured squares and names."""
    left, top, width, height = body
    box = slide.shapes.add_textbox(left, top, width, Inches(0.4))
    paragraph = box.text_frame.paragraphs[0]
    for name, color in legend.items():
        square = paragraph.add_run()
        square.text = "\u25a0 "
        square.font.size = Pt(14)
        square.font.color.rgb = RGBColor.from_string(color.lstrip("#"))
        label = paragraph.add_run()
        label.text = f"{safe(name)}    "
        label.font.size = Pt(12)
        label.font.language_id = MSO_LANGUAGE_ID.FRENCH
    return (left, top + Inches(0.4), width, height - Inches(0.4))


def _french(chart) -> None:
    """The chart's language: French editing in PowerPoint, and French separators in LibreOffice."""
    space = chart._chartSpace
    if space.find(qn("c:lang")) is None:
        space.find(qn("c:date1904")).addnext(space.makeelement(qn("c:lang"), {"val": "fr-FR"}))


def add_line_chart(slide, body, content: Panel):
    """Years left to right, one line per series (its colour, dash and marker); a year without a figure
    is a gap in its line, never 0. The value axis is drawn; only the points the spec labels carry a label."""
    spec = content.chart
    number_format = {EUROS: EUROS_FORMAT, DECIMAL: DECIMAL_FORMAT}.get(spec.value_kind, NUMBER_FORMAT)
    data = CategoryChartData(number_format=number_format)
    data.categories = [safe(c) for c in spec.categories]
    for name, values in spec.series.items():
        data.add_series(safe(name), values, number_format=number_format)
    left, top, width, height = body
    chart = slide.shapes.add_chart(CHART_TYPES[LINE], left, top, width, height, data).chart
    chart.font.size = Pt(12)
    chart.has_title = False
    _french(chart)
    # A missing year stays a gap (PowerPoint would otherwise be free to draw it as 0).
    blanks = chart._chartSpace.find(qn("c:chart")).find(qn("c:dispBlanksAs"))
    if blanks is not None:
        blanks.set("val", "gap")
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(12)
    axis = chart.category_axis
    axis.tick_labels.font.size = Pt(12)
    axis.has_major_gridlines = False
    values = chart.value_axis
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = RGBColor(0xD9, 0xD9, 0xD9)
    values.minimum_scale = 0
    values.tick_labels.font.size = Pt(12)
    values.tick_labels.number_format = number_format
    values.tick_labels.number_format_is_linked = False
    for k, (name, series) in enumerate(zip(spec.series, chart.plots[0].series, strict=True)):
        series.smooth = False
        color = RGBColor.from_string((spec.series_colors.get(name) or "#0072B2").lstrip("#"))
        series.format.line.color.rgb = color
        series.format.line.width = Pt(2.5)
        series.format.line.dash_style = DASH_STYLES.get(spec.series_dashes.get(name, "solid"))
        series.marker.style = MARKERS[k % len(MARKERS)]
        series.marker.size = 7
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = color
        series.marker.format.line.color.rgb = color
        if k == 0 and spec.labels:
            for i, label in enumerate(spec.labels):
                if label and spec.series[name][i] is not None:
                    frame = series.points[i].data_label.text_frame
                    frame.text = safe(label)
                    frame.paragraphs[0].runs[0].font.size = Pt(12)
                    series.points[i].data_label.position = XL_LABEL_POSITION.ABOVE
    return chart


def add_chart(slide, body, content: Panel):
    spec = content.chart
    if spec.kind == LINE:
        return add_line_chart(slide, body, content)
    if spec.point_legend:
        body = _point_legend(slide, body, spec.point_legend)
    number_format = {EUROS: EUROS_FORMAT, DECIMAL: DECIMAL_FORMAT}.get(spec.value_kind, NUMBER_FORMAT)
    data = CategoryChartData(number_format=number_format)
    data.categories = [safe(c) for c in spec.categories]
    for name, values in spec.series.items():
        data.add_series(safe(name), values, number_format=number_format)
    stacked = spec.kind == STACKED_BAR
    totals = [sum(v or 0 for v in row) for row in zip(*spec.series.values(), strict=True)]
    top_total = max(totals, default=0) or 1
    if stacked:
        # Each bar's total is written just past its end by a transparent series stacked last.
        data.add_series(TOTAL, totals, number_format=number_format)
    left, top, width, height = body
    shape = slide.shapes.add_chart(CHART_TYPES[spec.kind], left, top, width, height, data)
    chart = shape.chart
    chart.font.size = Pt(12)
    chart.has_title = False  # the slide's title says it
    _french(chart)
    chart.has_legend = len(spec.series) > 1 or spec.kind == PIE
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(12)
    plot = chart.plots[0]
    if spec.kind != PIE:
        plot.gap_width = 50
        plot.vary_by_categories = False
        axis = chart.category_axis
        axis.reverse_order = True  # categories read from the top, as on screen
        axis.tick_labels.font.size = Pt(12)
        axis.has_major_gridlines = False
        values = chart.value_axis
        values.has_major_gridlines = False
        values.visible = False  # every bar carries its label
        values.tick_labels.number_format = number_format
        values.tick_labels.number_format_is_linked = False
    # Labels are set per series: a series' own settings (needed to hide a point's label) override the plot's.
    for name, series in zip(spec.series, list(plot.series)[: len(spec.series)], strict=True):
        color = spec.series_colors.get(name)
        if color:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#"))
        labels = series.data_labels
        labels.number_format = number_format
        labels.number_format_is_linked = False
        labels.font.size = Pt(12)
        labels.show_value = True
        if spec.kind != PIE:
            labels.position = XL_LABEL_POSITION.CENTER if stacked else XL_LABEL_POSITION.OUTSIDE_END
        if stacked:
            labels.font.color.rgb = _ink(color or "#7F7F7F")
        for i, value in enumerate(spec.series[name]):
            point = series.points[i]
            if spec.point_colors:
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = RGBColor.from_string(spec.point_colors[i].lstrip("#"))
            if value is None or value == 0 or (stacked and value < 0.06 * top_total):
                _hide_label(point)
            elif spec.labels and spec.labels[i]:
                frame = point.data_label.text_frame
                frame.text = safe(spec.labels[i])
                frame.paragraphs[0].runs[0].font.size = Pt(12)
                point.data_label.position = XL_LABEL_POSITION.OUTSIDE_END
    if stacked:
        _total_series(chart, plot.series[len(spec.series)], number_format, top_total)
    return chart


def _total_series(chart, series, number_format: str, top_total: float) -> None:
    """The transparent « Total » series: no fill, its label at its base (the legend shows its name alone).

    Its bars run past the axis maximum, which leaves just the room of the label."""
    series.format.fill.background()
    series.format.line.fill.background()
    labels = series.data_labels
    labels.number_format = number_format
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.position = XL_LABEL_POSITION.INSIDE_BASE
    labels.font.size = Pt(12)
    labels.font.bold = True
    labels.font.color.rgb = RGBColor(0x22, 0x22, 0x22)
    chart.value_axis.minimum_scale = 0
    chart.value_axis.maximum_scale = top_total * 1.22


def add_table(slide, body, content: Panel, limit: int = TABLE_ROWS):
    """A table slide (the map screen): text cells, neutralised, figures aligned right."""
    shown = readable(content, content.table.head(limit))
    left, top, width, _ = body
    rows, cols = len(shown) + 1, len(shown.columns)
    shape = slide.shapes.add_table(rows, cols, left, top, width, ROW_HEIGHT * rows)
    table = shape.table
    numeric = set(content.formats)
    # Text columns twice as wide as figure columns.
    weights = [1 if c in numeric else 2 for c in shown.columns]
    for j, weight in enumerate(weights):
        table.columns[j].width = Emu(int(width * weight / sum(weights)))
    for j, column in enumerate(shown.columns):
        cells = [column, *shown[column].tolist()]
        for i, value in enumerate(cells):
            cell = table.cell(i, j)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            paragraph = _paragraph(cell.text_frame, safe(value), 12, bold=i == 0, first=True)
            if column in numeric:
                paragraph.alignment = PP_ALIGN.RIGHT
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    return table


def add_figures(deck: Deck, slide, body, content: Panel) -> None:
    """The headline figures side by side: label, large value, what it covers."""
    left, top, width, height = body
    n = max(1, len(content.figures))
    gap = Inches(0.25)
    box_width = Emu(int((width - gap * (n - 1)) / n))
    value_size = 36 if n <= 4 else 28  # five figures side by side: « 1 354 670 » still on one line
    for k, figure in enumerate(content.figures):
        x = left + k * (box_width + gap)
        panel = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, x, top + Inches(0.3), box_width, min(Inches(3.6), height - Inches(0.3))
        )
        panel.fill.solid()
        panel.fill.fore_color.rgb = PANEL
        panel.line.fill.background()
        panel.shadow.inherit = False
        frame = panel.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.margin_left = frame.margin_right = Inches(0.2)
        frame.margin_top = Inches(0.25)
        _paragraph(frame, safe(figure.label), 16, bold=True, color=GREY, first=True)
        _paragraph(frame, safe(figure.value), value_size, bold=True, color=ACCENT).space_before = Pt(12)
        _paragraph(frame, safe(figure.note), 12, color=GREY).space_before = Pt(12)
        for paragraph in frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT


def _footer(content: Panel, extra: str = "") -> list[str]:
    return [content.sources, " ".join(t for t in (content.note, extra) if t)]


def as_of_line(as_of: dt.date | None) -> str:
    """« Données au 12 mars 2025 » for a deck of a past day (``?au=``), else nothing."""
    return f"Données au {asof.long_date(as_of)}" if as_of else ""


def presentation(contents: list[Panel], bundle: Bundle, filters: Filters, today: dt.date, template=None, as_of=None):
    deck = Deck(template)
    described = filters.describe(bundle)
    deck.title_slide(
        TITLE,
        [SUBTITLE, f"{ORGANISATION} · {fr.date(today)}", *([as_of_line(as_of)] if as_of else []), described],
        versions_note(bundle),
    )
    # The headline figures always come second; the other screens follow in the chosen order.
    head = [c for c in contents if c.figures] or [c for c in build(bundle, filters, ["chiffres"])]
    for content in head[:1] + [c for c in contents if not c.figures and c.id != "chiffres"]:
        extra = ""
        if content.chart is None and not content.figures and len(content.table) > TABLE_ROWS:
            more = len(content.table) - TABLE_ROWS
            extra = f"Et {fr.nombre(more)} autre(s) ligne(s) : tableau complet dans l'export Excel."
        slide, body = deck.content_slide(content.title, described, _footer(content, extra))
        if content.figures:
            add_figures(deck, slide, body, content)
        elif content.empty:
            left, top, width, _ = body
            _textbox(slide, left, top, width, Inches(1), [(EMPTY, 20)])
        elif content.chart is not None:
            add_chart(slide, body, content)
        else:
            add_table(slide, body, content)
    return deck


def pptx_bytes(
    bundle: Bundle,
    filters: Filters,
    ids: list[str] | None = None,
    today: dt.date | None = None,
    template: str | Path | None = None,
    options: dict[str, dict] | None = None,
    as_of: dt.date | None = None,
) -> bytes:
    """The PowerPoint of the chosen screens (all by default) under the current filters.

    ``template``: a .pptx whose layouts are used; None reads the setting, "" forces the built-in one.
    ``options``: builder options per screen id (icc.present.screens.build), e.g. the Évolutions' day.
    ``as_of``: the day whose versions ``bundle`` holds (``?au=``), said on the title slide.
    """
    template = template if template is not None else template_setting()
    today = today or dt.date.today()
    contents = build(bundle, filters, ids, options)
    return presentation(contents, bundle, filters, today, template and str(template), as_of).save()


# --- Excel and CSV --------------------------------------------------------------------


def sheet_names(contents: list[Panel]) -> list[str]:
    return [SCREENS_BY_ID[c.id].sheet[:31] for c in contents]


def sources_table(
    contents: list[Panel], bundle: Bundle, filters: Filters, today: dt.date, as_of: dt.date | None = None
) -> pd.DataFrame:
    rows = [
        ("Export", f"{SUBTITLE}, {ORGANISATION}"),
        ("Date de l'export", fr.date(today)),
        *([("Données au", asof.long_date(as_of))] if as_of else []),
        ("Filtres", filters.describe(bundle)),
    ]
    rows += [(f"Source : {c.title}", c.sources) for c in contents]
    rows += [(f"Note : {c.title}", c.note) for c in contents if c.note]
    for name in ORDER:
        if name in bundle.versions:
            v = bundle.versions[name]
            rows.append(
                (
                    f"Données : {DATASETS[name].title}",
                    f"version {v.number} du {fr.date(v.created_at.date())} ({v.author})",
                )
            )
    return pd.DataFrame(rows, columns=["Rubrique", "Détail"])


def _sheet_table(content: Panel) -> pd.DataFrame:
    return content.table if not content.empty else pd.DataFrame({"Information": [EMPTY]})


def xlsx_bytes(
    bundle: Bundle,
    filters: Filters,
    ids: list[str] | None = None,
    today: dt.date | None = None,
    options: dict[str, dict] | None = None,
    as_of: dt.date | None = None,
) -> bytes:
    """One sheet per screen table (numbers as numbers, French display formats) and a « Sources » sheet."""
    today = today or dt.date.today()
    contents = build(bundle, filters, ids, options)
    sheets, formats = {}, {}
    for name, content in zip(sheet_names(contents), contents, strict=True):
        sheets[name] = _sheet_table(content)
        formats[name] = content.formats
    sheets["Sources"] = sources_table(contents, bundle, filters, today, as_of)
    return exports.xlsx_formatted(sheets, formats)


def csv_files(
    bundle: Bundle,
    filters: Filters,
    ids: list[str] | None = None,
    french_excel: bool = True,
    today: dt.date | None = None,
    options: dict[str, dict] | None = None,
    as_of: dt.date | None = None,
) -> dict[str, bytes]:
    """Every screen table as CSV (French Excel's dialect by default), and the sources."""
    today = today or dt.date.today()
    contents = build(bundle, filters, ids, options)
    files = {f"{k:02d}-{c.id}.csv": exports.table_csv(_sheet_table(c), french_excel) for k, c in enumerate(contents, 1)}
    files["sources.csv"] = exports.table_csv(sources_table(contents, bundle, filters, today, as_of), french_excel)
    return files


def screen_csv(
    bundle: Bundle, filters: Filters, screen_id: str, french_excel: bool = True, options: dict[str, dict] | None = None
) -> bytes:
    """One screen's table as CSV."""
    return exports.table_csv(_sheet_table(build(bundle, filters, [screen_id], options)[0]), french_excel)


def csv_zip(
    bundle: Bundle,
    filters: Filters,
    ids: list[str] | None = None,
    french_excel: bool = True,
    today: dt.date | None = None,
    options: dict[str, dict] | None = None,
    as_of: dt.date | None = None,
) -> bytes:
    return exports.zip_bytes(csv_files(bundle, filters, ids, french_excel, today, options, as_of))
