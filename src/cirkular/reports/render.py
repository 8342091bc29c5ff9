"""Renderers of :class:`~cirkular.reports.document.Document` to HTML, PDF, DOCX and PPTX.

- HTML: charts inline as SVG (``role="img"`` with a ``<title>``) followed by their data as
  a table; a table of contents with links.
- PDF: the HTML through WeasyPrint, tagged (PDF/UA-1) with embedded fonts; page numbers in
  the table of contents.
- DOCX: charts as PNG with alt text; a Word table-of-contents field whose cached text lists
  the headings.
- PPTX: 16:9, a title slide, then one slide per level-1 heading with its content and the
  heading's notes as speaker notes; content that does not fit continues on further slides.
"""

from __future__ import annotations

import io
import math
import re
import struct
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from cirkular.reports.document import (
    Block,
    BulletList,
    Document,
    Figure,
    Heading,
    KeyFigures,
    PageBreak,
    Paragraph,
    Quote,
    References,
    Table,
    TableOfContents,
)

if TYPE_CHECKING:
    from pptx.util import Length

GREEN = "#1d5e3a"
DARK_GREEN = "#123d26"
LIGHT_GREEN = "#eef5f0"

WORDS = {
    "sv": {"contents": "Innehåll", "continued": "forts.", "data": "Data"},
    "en": {"contents": "Contents", "continued": "cont.", "data": "Data"},
}


def _words(doc: Document) -> dict[str, str]:
    return WORDS["en" if doc.language.startswith("en") else "sv"]


def _rgb(kind: Any, colour: str) -> Any:
    """A python-docx or python-pptx ``RGBColor`` (``kind``) from "#1d5e3a"."""
    code = colour.lstrip("#")
    return kind(int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16))


def _is_url(url: str) -> bool:
    return url.startswith(("https://", "http://"))


# HTML and PDF -----------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 20mm 18mm 22mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-family: 'DejaVu Sans', sans-serif; font-size: 8pt; color: #555; } }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; line-height: 1.45; color: #1a1a1a; }
h1 { font-size: 20pt; color: #123d26; margin: 0 0 4pt; }
h2 { font-size: 14pt; color: #123d26; border-bottom: 1.5pt solid #1d5e3a; padding-bottom: 2pt; margin-top: 18pt; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 14pt 0 4pt; break-after: avoid; }
p { margin: 3pt 0; }
p.lead { font-size: 11pt; }
p.muted, .meta { color: #4a4a4a; font-size: 9pt; }
p.code { font-family: 'DejaVu Sans Mono', monospace; font-size: 9pt; color: #4a4a4a; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 9pt; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
th, td { border: 0.5pt solid #9bb3a3; padding: 3pt 4pt; text-align: left; vertical-align: top; }
th { background: #eef5f0; }
caption { text-align: left; font-weight: bold; padding-bottom: 2pt; }
figure { margin: 10pt 0; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; max-width: 170mm; }
figcaption { font-size: 9pt; color: #4a4a4a; margin-top: 2pt; }
table.chart-data { font-size: 8.5pt; width: auto; min-width: 50%; }
table.chart-data caption { font-weight: normal; color: #4a4a4a; }
.key-figures { display: flex; gap: 8pt; margin: 8pt 0 2pt; break-inside: avoid; }
.key-figure { flex: 1 1 0; background: #eef5f0; border-top: 3pt solid #1d5e3a; padding: 6pt 8pt; }
.key-figure p { margin: 0; }
.kf-value { font-size: 18pt; font-weight: bold; color: #123d26; line-height: 1.2; }
.kf-label { font-size: 9.5pt; }
.kf-note, .kf-source { font-size: 8pt; color: #4a4a4a; }
nav.toc h2 { bookmark-level: none; }
nav.toc ol { list-style: none; padding: 0; margin: 0; }
nav.toc li { margin: 2pt 0; }
nav.toc li.toc-2 { margin-left: 14pt; font-size: 9.5pt; }
nav.toc li.toc-3 { margin-left: 28pt; font-size: 9pt; }
nav.toc a { color: inherit; text-decoration: none; }
nav.toc a::after { content: leader('.') target-counter(attr(href), page); }
ol.references { font-size: 9pt; padding-left: 18pt; }
ol.references a { color: #1d5e3a; word-break: break-all; }
p.quote { margin: 4pt 0 4pt 10pt; padding-left: 6pt; border-left: 2pt solid #9bb3a3; }
p.quote q, td.foreign { font-style: italic; }
p.quote q { quotes: "“" "”"; }
.quote-note { color: #4a4a4a; font-size: 9pt; }
.page-break { break-after: page; }
"""


def _anchors(doc: Document) -> list[str]:
    """The id of each heading: its own anchor, or (when there is a table of contents) s1, s2 …"""
    toc = any(isinstance(b, TableOfContents) for b in doc.blocks)
    out = []
    n = 0
    for block in doc.blocks:
        if isinstance(block, Heading):
            n += 1
            out.append(block.anchor or (f"s{n}" if toc else ""))
    return out


def _lang(language: str) -> str:
    """A ``lang`` attribute when ``language`` is set (text not in the document's language)."""
    return f' lang="{escape(language)}"' if language else ""


def _html_table(table: Table, cls: str = "") -> str:
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in table.columns)
    opening = [
        f'<td class="foreign"{_lang(lang)}>' if lang else "<td>"
        for lang in map(table.language, range(len(table.columns)))
    ]
    body = "".join(
        "<tr>" + "".join(f"{opening[i]}{escape(v)}</td>" for i, v in enumerate(row)) + "</tr>" for row in table.rows
    )
    klass = f' class="{cls}"' if cls else ""
    return f"<table{klass}>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def accessible_svg(svg: str, alt: str, ident: str) -> str:
    """The chart's SVG with ``role="img"``, a ``<title>`` holding the text alternative and
    ``aria-labelledby`` pointing at it (WeasyPrint uses the title as the PDF's Alt text)."""
    svg = svg[svg.index("<svg") :]
    match = _SVG_OPEN.search(svg)
    if match is None:
        raise ValueError("not an SVG document")
    tag = match.group(0)
    opened = tag[:-1] + f' role="img" aria-labelledby="{ident}">'
    title = f'<title id="{ident}">{escape(alt)}</title>'
    return svg[: match.start()] + opened + title + svg[match.end() :]


def _html_block(block: Block, doc: Document, anchor: Callable[[], str], counter: Iterator[int]) -> str:
    if isinstance(block, Heading):
        level = min(6, block.level + 1)
        ident = anchor()
        attr = (f' id="{escape(ident)}"' if ident else "") + _lang(block.language)
        return f"<h{level}{attr}>{escape(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        cls = f' class="{escape(block.style)}"' if block.style else ""
        label = f"<strong>{escape(block.label)}:</strong> " if block.label else ""
        return f"<p{cls}>{label}{escape(block.text)}</p>"
    if isinstance(block, BulletList):
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Table):
        return _html_table(block)
    if isinstance(block, Quote):
        label = f"<strong>{escape(block.label)}:</strong> " if block.label else ""
        note = f' <span class="quote-note">({escape(block.note)})</span>' if block.note else ""
        return f'<p class="quote">{label}<q{_lang(block.language)}>{escape(block.text)}</q>{note}</p>'
    if isinstance(block, Figure):
        n = next(counter)
        parts = [f'<figure class="chart">{accessible_svg(block.svg, block.alt, f"chart-{n}-title")}']
        if block.caption:
            parts.append(f"<figcaption>{escape(block.caption)}</figcaption>")
        if block.data is not None:
            data = block.data
            caption = f"{_words(doc)['data']}: {data.caption or block.caption}".rstrip(": ")
            parts.append(_html_table(Table(data.columns, data.rows, caption), "chart-data"))
        parts.append("</figure>")
        return "".join(parts)
    if isinstance(block, KeyFigures):
        cells = []
        for f in block.figures:
            note = f'<p class="kf-note">{escape(f.note)}</p>' if f.note else ""
            cells.append(
                f'<div class="key-figure"><p class="kf-value">{escape(f.value)}</p>'
                f'<p class="kf-label">{escape(f.label)}</p>{note}</div>'
            )
        source = f'<p class="kf-source">{escape(block.note)}</p>' if block.note else ""
        return f'<div class="key-figures">{"".join(cells)}</div>{source}'
    if isinstance(block, References):
        items = []
        for ref in block.items:
            link = f' <a href="{escape(ref.url)}">{escape(ref.url)}</a>' if _is_url(ref.url) else ""
            items.append(f"<li>{escape(ref.text)}{link}</li>")
        return f'<ol class="references">{"".join(items)}</ol>'
    if isinstance(block, PageBreak):
        return '<div class="page-break"></div>'
    return _html_toc(block, doc)


def _html_toc(block: TableOfContents, doc: Document) -> str:
    title = block.title or _words(doc)["contents"]
    entries = []
    for heading, ident in zip((b for b in doc.blocks if isinstance(b, Heading)), _anchors(doc), strict=True):
        if heading.level <= block.depth and ident:
            entries.append(
                f'<li class="toc-{heading.level}"><a href="#{escape(ident)}"{_lang(heading.language)}>'
                f"{escape(heading.text)}</a></li>"
            )
    return (
        f'<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">{escape(title)}</h2>'
        f"<ol>{''.join(entries)}</ol></nav>"
    )


def to_html(doc: Document, standalone: bool = True) -> str:
    parts: list[str] = [f"<h1>{escape(doc.title)}</h1>"]
    if doc.subtitle:
        parts.append(f'<p class="lead">{escape(doc.subtitle)}</p>')
    if doc.meta:
        parts.append('<p class="meta">' + " · ".join(f"{escape(k)}: {escape(v)}" for k, v in doc.meta.items()) + "</p>")
    anchors = iter(_anchors(doc))
    counter = iter(range(1, len(doc.blocks) + 1))
    for block in doc.blocks:
        parts.append(_html_block(block, doc, lambda: next(anchors), counter))
    content = "\n".join(parts)
    if not standalone:
        return content
    return (
        f'<!DOCTYPE html><html lang="{escape(doc.language)}"><head><meta charset="utf-8">'
        f"<title>{escape(doc.title)}</title><style>{_CSS}</style></head><body>{content}</body></html>"
    )


def to_pdf(doc: Document) -> bytes:
    """A tagged A4 PDF (PDF/UA) with embedded fonts."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=to_html(doc)).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


# DOCX -------------------------------------------------------------------------------------


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


# The language tags Office uses for the languages of a document.
LOCALES = {"sv": "sv-SE", "en": "en-GB"}


def _locale(language: str) -> str:
    return LOCALES.get(language.split("-")[0], language)


def _docx_lang(element: Any, language: str) -> None:
    """Mark a run (or a style) as text in ``language``, for spelling and for screen readers."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_pr = element.get_or_add_rPr()
    for old in r_pr.findall(qn("w:lang")):
        r_pr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), _locale(language))
    r_pr.append(lang)


def _docx_table(out: Any, block: Table) -> None:
    from docx.shared import Pt

    if block.caption:
        out.add_paragraph(block.caption, style="Caption")
    table = out.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.columns, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for column, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = text
            if block.language(column):
                for run in cell.paragraphs[0].runs:
                    run.italic = True
                    _docx_lang(run._r, block.language(column))
    if len(block.columns) > 4:
        for row in table.rows:
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(9)


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shd)


def _docx_field(paragraph: Any, kind: str, text: str = "") -> None:
    """A field character (``begin``, ``separate``, ``end``) or an instruction run."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()._r
    if kind == "instr":
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = text
        run.append(instr)
    else:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)


def _docx_toc(out: Any, block: TableOfContents, doc: Document) -> None:
    """A TOC field; its cached result lists the headings, and Word adds page numbers when
    it updates the field on opening."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    out.add_paragraph(block.title or _words(doc)["contents"], style="TOC Heading")
    headings = [b for b in doc.blocks if isinstance(b, Heading) and b.level <= block.depth] or [Heading("")]
    for i, heading in enumerate(headings):
        p = out.add_paragraph()
        p.paragraph_format.left_indent = Pt(14 * (heading.level - 1))
        p.paragraph_format.space_after = Pt(2)
        if i == 0:
            _docx_field(p, "begin")
            _docx_field(p, "instr", f' TOC \\o "1-{block.depth}" \\h \\z \\u ')
            _docx_field(p, "separate")
        run = p.add_run(heading.text)
        if heading.language:
            _docx_lang(run._r, heading.language)
        if i == len(headings) - 1:
            _docx_field(p, "end")
    settings = out.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)


def _docx_figure(out: Any, block: Figure, doc: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    width_px, height_px = png_size(block.png)
    width = Cm(16) if height_px * 16 <= width_px * 11 else int(Cm(11) * width_px / height_px)
    shape = out.add_picture(io.BytesIO(block.png), width=width)
    out.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", block.alt)
    doc_pr.set("title", block.caption or block.alt[:80])
    if block.caption:
        out.add_paragraph(block.caption, style="Caption")
    if block.data is not None:
        data = block.data
        caption = f"{_words(doc)['data']}: {data.caption or block.caption}".rstrip(": ")
        _docx_table(out, Table(data.columns, data.rows, caption))


def _docx_key_figures(out: Any, block: KeyFigures) -> None:
    from docx.shared import Pt, RGBColor

    table = out.add_table(rows=1, cols=len(block.figures))
    for cell, figure in zip(table.rows[0].cells, block.figures, strict=True):
        _shade(cell, LIGHT_GREEN)
        value = cell.paragraphs[0].add_run(figure.value)
        value.bold = True
        value.font.size = Pt(18)
        value.font.color.rgb = _rgb(RGBColor, DARK_GREEN.lstrip("#"))
        cell.add_paragraph(figure.label)
        if figure.note:
            note = cell.add_paragraph().add_run(figure.note)
            note.italic = True
            note.font.size = Pt(8)
    if block.note:
        run = out.add_paragraph().add_run(block.note)
        run.italic = True
        run.font.size = Pt(8)


def _docx_quote(out: Any, block: Quote) -> None:
    from docx.shared import Pt, RGBColor

    p = out.add_paragraph()
    p.paragraph_format.left_indent = Pt(12)
    if block.label:
        p.add_run(f"{block.label}: ").bold = True
    run = p.add_run(f"\u201c{block.text}\u201d")
    run.italic = True
    _docx_lang(run._r, block.language)
    if block.note:
        note = p.add_run(f" ({block.note})")
        note.font.size = Pt(9)
        note.font.color.rgb = _rgb(RGBColor, "#4a4a4a")


def to_docx(doc: Document) -> bytes:
    from docx import Document as Docx
    from docx.shared import Pt

    out: Any = Docx()
    out.core_properties.title = doc.title
    out.core_properties.language = doc.language
    out.core_properties.author = "cirkular"
    out.core_properties.last_modified_by = "cirkular"
    style = out.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    _docx_lang(style.element, doc.language)
    out.add_heading(doc.title, level=0)
    if doc.subtitle:
        out.add_paragraph(doc.subtitle)
    if doc.meta:
        out.add_paragraph(" · ".join(f"{k}: {v}" for k, v in doc.meta.items())).runs[0].italic = True
    for block in doc.blocks:
        if isinstance(block, Heading):
            heading = out.add_heading(block.text, level=min(block.level, 9))
            if block.language:
                for run in heading.runs:
                    _docx_lang(run._r, block.language)
        elif isinstance(block, Paragraph):
            p = out.add_paragraph()
            if block.label:
                p.add_run(f"{block.label}: ").bold = True
            run = p.add_run(block.text)
            if block.style in {"muted", "code"}:
                run.italic = True
        elif isinstance(block, BulletList):
            for item in block.items:
                out.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _docx_table(out, block)
        elif isinstance(block, Quote):
            _docx_quote(out, block)
        elif isinstance(block, Figure):
            _docx_figure(out, block, doc)
        elif isinstance(block, KeyFigures):
            _docx_key_figures(out, block)
        elif isinstance(block, References):
            for ref in block.items:
                out.add_paragraph(f"{ref.text} {ref.url}".strip(), style="List Number")
        elif isinstance(block, PageBreak):
            out.add_page_break()
        else:
            _docx_toc(out, block, doc)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


# PPTX -------------------------------------------------------------------------------------

EMU_PER_INCH = 914400
SLIDE_W, SLIDE_H = 12192000 / EMU_PER_INCH, 7.5  # inches, 16:9 (13.33 × 7.5)
MARGIN = 0.6
BODY_TOP, BODY_BOTTOM = 1.45, 6.95
BODY_W = SLIDE_W - 2 * MARGIN
BODY_H = BODY_BOTTOM - BODY_TOP
GAP = 0.15
CHAR_EM = 0.55  # mean character width in em for the body font, on the safe side
MIN_CHART_H = 3.6


def _emu(inches: float) -> Length:
    from pptx.util import Emu

    return Emu(round(inches * EMU_PER_INCH))


def _lines(text: str, width: float, size: float) -> int:
    per_line = max(8, int(width * 72 / (size * CHAR_EM)))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _text_height(lines: int, size: float, spacing: float = 1.2) -> float:
    return lines * size * spacing / 72 + 0.1


@dataclass
class _Piece:
    """Something placed on a slide: its height, how to draw it at a given top, and how to
    split it when it does not fit the room left on a slide."""

    height: float
    draw: Callable[[Any, float, float], None]  # (slide, top, height given)
    first_height: float = 0.0  # the least that can start on a slide (one line, one row); 0: all of it
    flexible: bool = False  # a chart: may shrink to the room left, down to MIN_CHART_H
    keep_with_next: bool = False  # a heading: never last on a slide
    split: Callable[[float, bool], tuple[_Piece, _Piece] | None] | None = None  # (room, slide empty)

    @property
    def least(self) -> float:
        return MIN_CHART_H if self.flexible else (self.first_height or self.height)


def _pptx_font(
    run: Any, size: float, bold: bool = False, colour: str = "", italic: bool = False, language: str = ""
) -> None:
    """Size, weight, colour and slant of a run; ``language`` marks text not in the deck's language."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    if colour:
        run.font.color.rgb = _rgb(RGBColor, colour)
    if language:
        run.font._rPr.set("lang", _locale(language))


def _textbox(slide: Any, top: float, height: float, left: float = MARGIN, width: float = BODY_W) -> Any:
    box = slide.shapes.add_textbox(_emu(left), _emu(top), _emu(width), _emu(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = 0
    frame.margin_top = frame.margin_bottom = _emu(0.03)
    return frame


def _bullet(paragraph: Any, char: str = "•") -> None:
    from pptx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.set("marL", str(_emu(0.3)))
    p_pr.set("indent", str(-_emu(0.3)))
    for tag in ("a:buNone", "a:buAutoNum", "a:buChar"):
        for old in p_pr.findall(qn(tag)):
            p_pr.remove(old)
    p_pr.append(p_pr.makeelement(qn("a:buChar"), {"char": char}))


def _units(text: str) -> list[str]:
    """Sentences, or words when the text is one sentence."""
    sentences = [u for u in re.split(r"(?<=[.!?])\s+", text.strip()) if u]
    return sentences if len(sentences) > 1 else text.split()


@dataclass(frozen=True)
class _TextStyle:
    size: float
    bold: bool = False
    colour: str = ""
    italic: bool = False


def _text_piece(
    text: str,
    style: _TextStyle,
    label: str = "",
    keep_with_next: bool = False,
    language: str = "",
    suffix: str = "",
) -> _Piece:
    """A paragraph: ``label`` in bold, ``text`` (in ``language`` when set: a quote) and a
    ``suffix`` in the deck's language ("(in Swedish)"); split between sentences or words."""
    prefix = f"{label}: " if label else ""
    after = f" {suffix}" if suffix else ""

    def fits(candidate: str) -> float:
        return _text_height(_lines(prefix + candidate + after, BODY_W, style.size), style.size)

    height = fits(text)

    def draw(slide: Any, top: float, _h: float) -> None:
        p = _textbox(slide, top, height).paragraphs[0]
        if label:
            head = p.add_run()
            head.text = prefix
            _pptx_font(head, style.size, True, style.colour, style.italic and not language)
        run = p.add_run()
        run.text = text
        _pptx_font(run, style.size, style.bold, style.colour, style.italic, language)
        if suffix:
            tail = p.add_run()
            tail.text = after
            _pptx_font(tail, style.size * 0.8, colour="#4a4a4a")

    def split(room: float, empty: bool) -> tuple[_Piece, _Piece] | None:
        units = _units(text)
        if len(units) < 2 or (language and not empty and units == text.split()):
            return None  # a quoted sentence breaks between words only when a slide cannot hold it
        taken = 0
        while taken < len(units) and fits(" ".join(units[: taken + 1])) <= room:
            taken += 1
        if taken == 0 and empty and len(units) > 1 and units != text.split():
            units = text.split()  # one sentence taller than the room: break it between words
            while taken < len(units) and fits(" ".join(units[: taken + 1])) <= room:
                taken += 1
        if taken == 0 or taken == len(units):
            return None
        head = _text_piece(" ".join(units[:taken]), style, label, language=language)
        return head, _text_piece(" ".join(units[taken:]), style, language=language, suffix=suffix)

    return _Piece(
        height,
        draw,
        first_height=_text_height(1, style.size),
        keep_with_next=keep_with_next,
        split=None if keep_with_next else split,
    )


def _bullets_piece(items: Sequence[str], size: float, languages: Sequence[str] = ()) -> _Piece:
    """A bulleted list; ``languages`` gives an item's language when not the deck's."""
    from pptx.util import Pt

    languages = tuple(languages) or ("",) * len(items)

    heights = [_lines(item, BODY_W - 0.3, size) * size * 1.2 / 72 + size * 0.35 / 72 for item in items]
    height = 0.1 + sum(heights)

    def draw(slide: Any, top: float, _h: float) -> None:
        frame = _textbox(slide, top, height)
        for n, text in enumerate(items):
            p = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            _bullet(p)
            p.space_after = Pt(size * 0.35)
            run = p.add_run()
            run.text = text
            _pptx_font(run, size, language=languages[n])

    def split(room: float, _empty: bool) -> tuple[_Piece, _Piece] | None:
        used, taken = 0.1, 0
        while taken < len(items) and used + heights[taken] <= room:
            used += heights[taken]
            taken += 1
        if taken == 0 or taken == len(items):
            return None
        return (
            _bullets_piece(items[:taken], size, languages[:taken]),
            _bullets_piece(items[taken:], size, languages[taken:]),
        )

    return _Piece(height, draw, first_height=0.1 + heights[0] if heights else 0.1, split=split)


def _column_widths(table: Table, total: float) -> list[float]:
    lengths = [max([len(table.columns[c])] + [len(r[c]) for r in table.rows]) for c in range(len(table.columns))]
    weights = [min(max(n, 6), 60) for n in lengths]
    return [total * w / sum(weights) for w in weights]


def _table_piece(table: Table, size: float = 12) -> _Piece:
    from pptx.dml.color import RGBColor

    widths = _column_widths(table, BODY_W)

    def row_height(cells: Sequence[str]) -> float:
        lines = max(_lines(text, max(0.3, w - 0.2), size) for text, w in zip(cells, widths, strict=True))
        return lines * size * 1.2 / 72 + 0.16

    caption_h = _text_height(_lines(table.caption, BODY_W, 12), 12) if table.caption else 0.0
    heights = [row_height(table.columns)] + [row_height(r) for r in table.rows]
    height = caption_h + sum(heights)

    def draw(slide: Any, top: float, _h: float) -> None:
        if table.caption:
            run = _textbox(slide, top, caption_h).paragraphs[0].add_run()
            run.text = table.caption
            _pptx_font(run, 12, italic=True)
        shape = slide.shapes.add_table(
            len(table.rows) + 1,
            len(table.columns),
            _emu(MARGIN),
            _emu(top + caption_h),
            _emu(BODY_W),
            _emu(sum(heights)),
        )
        grid = shape.table
        for c, w in enumerate(widths):
            grid.columns[c].width = _emu(w)
        for r, cells in enumerate([table.columns, *table.rows]):
            grid.rows[r].height = _emu(heights[r])
            for c, text in enumerate(cells):
                cell = grid.cell(r, c)
                cell.margin_left = cell.margin_right = _emu(0.08)
                cell.margin_top = cell.margin_bottom = _emu(0.04)
                cell.text = text
                language = table.language(c) if r else ""
                for run in cell.text_frame.paragraphs[0].runs:
                    colour = "#ffffff" if r == 0 else "#1a1a1a"
                    _pptx_font(run, size, bold=r == 0, colour=colour, italic=bool(language), language=language)
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(RGBColor, GREEN if r == 0 else ("#ffffff" if r % 2 else LIGHT_GREEN))

    def split(room: float, _empty: bool) -> tuple[_Piece, _Piece] | None:
        used, taken = caption_h + heights[0], 0
        while taken < len(table.rows) and used + heights[taken + 1] <= room:
            used += heights[taken + 1]
            taken += 1
        if taken < min(2, len(table.rows)) or taken == len(table.rows):
            return None
        head = Table(table.columns, table.rows[:taken], table.caption, table.languages)
        tail = Table(table.columns, table.rows[taken:], table.caption, table.languages)
        return _table_piece(head, size), _table_piece(tail, size)

    least = caption_h + sum(heights[:3])
    return _Piece(height, draw, first_height=least, split=split)


def _key_figure_pieces(block: KeyFigures) -> list[_Piece]:
    per_row = 4
    rows = [block.figures[i : i + per_row] for i in range(0, len(block.figures), per_row)]
    pieces = []
    for n, row in enumerate(rows):
        width = (BODY_W - GAP * (len(row) - 1)) / len(row)
        note_lines = max((_lines(f.note, width - 0.3, 12) for f in row if f.note), default=0)
        label_lines = max(_lines(f.label, width - 0.3, 16) for f in row)
        value_lines = max(_lines(f.value, width - 0.3, 36) for f in row)
        box_h = 0.3 + value_lines * 36 * 1.15 / 72 + label_lines * 16 * 1.2 / 72 + note_lines * 12 * 1.2 / 72
        last = n == len(rows) - 1
        source_h = _text_height(_lines(block.note, BODY_W, 12), 12) if last and block.note else 0.0

        def draw(
            slide: Any,
            top: float,
            _h: float,
            row: Sequence[Any] = row,
            width: float = width,
            box_h: float = box_h,
            source_h: float = source_h,
        ) -> None:
            from pptx.dml.color import RGBColor
            from pptx.enum.shapes import MSO_SHAPE
            from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
            from pptx.util import Pt

            for i, figure in enumerate(row):
                left = MARGIN + i * (width + GAP)
                shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _emu(left), _emu(top), _emu(width), _emu(box_h))
                shape.fill.solid()
                shape.fill.fore_color.rgb = _rgb(RGBColor, LIGHT_GREEN.lstrip("#"))
                shape.line.fill.background()
                shape.shadow.inherit = False
                frame = shape.text_frame
                frame.word_wrap = True
                frame.margin_left = frame.margin_right = _emu(0.15)
                frame.margin_top = _emu(0.12)
                frame.vertical_anchor = MSO_ANCHOR.TOP
                value = frame.paragraphs[0].add_run()
                value.text = figure.value
                _pptx_font(value, 36, bold=True, colour=DARK_GREEN)
                frame.paragraphs[0].alignment = PP_ALIGN.LEFT
                label_p = frame.add_paragraph()
                label_p.alignment = PP_ALIGN.LEFT
                label = label_p.add_run()
                label.text = figure.label
                _pptx_font(label, 16, colour="#1a1a1a")
                if figure.note:
                    note_p = frame.add_paragraph()
                    note_p.alignment = PP_ALIGN.LEFT
                    note_p.space_before = Pt(4)
                    note = note_p.add_run()
                    note.text = figure.note
                    _pptx_font(note, 12, colour="#4a4a4a")
            if source_h:
                run = _textbox(slide, top + box_h + 0.05, source_h).paragraphs[0].add_run()
                run.text = block.note
                _pptx_font(run, 12, italic=True, colour="#4a4a4a")

        pieces.append(_Piece(box_h + (source_h + 0.05 if source_h else 0.0), draw))
    return pieces


def _figure_piece(block: Figure) -> _Piece:
    width_px, height_px = png_size(block.png)
    ratio = height_px / width_px
    caption_h = _text_height(_lines(block.caption, BODY_W, 14), 14) if block.caption else 0.0
    full_h = min(BODY_H, BODY_W * ratio + caption_h)

    def draw(slide: Any, top: float, room: float) -> None:
        from pptx.enum.text import PP_ALIGN

        pic_h = max(0.5, min(room, full_h) - caption_h)
        pic_w = pic_h / ratio
        if pic_w > BODY_W:
            pic_w, pic_h = BODY_W, BODY_W * ratio
        left = MARGIN + (BODY_W - pic_w) / 2
        picture = slide.shapes.add_picture(io.BytesIO(block.png), _emu(left), _emu(top), _emu(pic_w), _emu(pic_h))
        c_nv_pr = picture._element.nvPicPr.cNvPr
        c_nv_pr.set("descr", block.alt)
        c_nv_pr.set("title", block.caption or block.alt[:80])
        if block.caption:
            run = _textbox(slide, top + pic_h + 0.02, caption_h).paragraphs[0]
            run.alignment = PP_ALIGN.CENTER
            text = run.add_run()
            text.text = block.caption
            _pptx_font(text, 14, italic=True, colour="#4a4a4a")

    return _Piece(full_h, draw, flexible=True)


def _pptx_pieces(block: Block) -> list[_Piece]:
    if isinstance(block, Heading):
        return [_text_piece(block.text, _TextStyle(22, bold=True, colour=DARK_GREEN), keep_with_next=True)]
    if isinstance(block, Paragraph):
        style = {
            "lead": _TextStyle(20),
            "muted": _TextStyle(14, colour="#4a4a4a"),
            "code": _TextStyle(14, colour="#4a4a4a"),
        }.get(block.style, _TextStyle(18))
        return [_text_piece(block.text, style, block.label)]
    if isinstance(block, BulletList):
        return [_bullets_piece(block.items, 18)] if block.items else []
    if isinstance(block, Table):
        return [_table_piece(block)]
    if isinstance(block, Quote):
        note = f"({block.note})" if block.note else ""
        text = f"\u201c{block.text}\u201d"
        return [_text_piece(text, _TextStyle(16, italic=True), block.label, language=block.language, suffix=note)]
    if isinstance(block, Figure):
        return [_figure_piece(block)]
    if isinstance(block, KeyFigures):
        return _key_figure_pieces(block)
    if isinstance(block, References):
        return [_bullets_piece([f"{r.text} {r.url}".strip() for r in block.items], 12)] if block.items else []
    return []


@dataclass(frozen=True)
class _Agenda:
    """The agenda slide's list: the level-1 headings, each in its own language."""

    headings: tuple[Heading, ...]


@dataclass
class _Section:
    title: str
    notes: str
    blocks: list[Block | _Agenda]
    language: str = ""  # the title's, when not the deck's


def _sections(doc: Document) -> list[_Section]:
    sections: list[_Section] = []
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 1:
            sections.append(_Section(block.text, block.notes, [], block.language))
        elif isinstance(block, TableOfContents):
            title = block.title or _words(doc)["contents"]
            headings = tuple(b for b in doc.blocks if isinstance(b, Heading) and b.level == 1)
            sections.append(_Section(title, "", [_Agenda(headings)]))
            sections.append(_Section("", "", []))  # what follows belongs to no heading yet
        else:
            if not sections:
                sections.append(_Section("", "", []))
            sections[-1].blocks.append(block)
    return [s for s in sections if s.title or s.blocks]


def _place_title(slide: Any, text: str, language: str = "", suffix: str = "") -> None:
    """The slide's title; ``language`` marks a title not in the deck's language, and
    ``suffix`` ("(cont.)") is in the deck's language."""
    from pptx.enum.text import PP_ALIGN

    title = slide.shapes.title
    title.left, title.top, title.width, title.height = _emu(MARGIN), _emu(0.35), _emu(BODY_W), _emu(0.95)
    frame = title.text_frame
    frame.word_wrap = True
    length = len(text) + len(suffix) + 1
    size = 32 if length <= 55 else 26 if length <= 80 else 22
    p = frame.paragraphs[0]
    p.alignment = PP_ALIGN.LEFT
    run = p.add_run()
    run.text = text
    _pptx_font(run, size, bold=True, colour=DARK_GREEN, language=language)
    if suffix:
        tail = p.add_run()
        tail.text = f" {suffix}"
        _pptx_font(tail, size, bold=True, colour=DARK_GREEN)


def _slide_number(slide: Any, number: int) -> None:
    from pptx.enum.text import PP_ALIGN

    frame = _textbox(slide, SLIDE_H - 0.45, 0.3, SLIDE_W - MARGIN - 1.0, 1.0)
    p = frame.paragraphs[0]
    p.alignment = PP_ALIGN.RIGHT
    run = p.add_run()
    run.text = str(number)
    _pptx_font(run, 11, colour="#6b6b6b")


Placed = list[tuple[_Piece, float, float]]


def _layout_slides(pieces: Sequence[_Piece | None]) -> list[Placed]:
    """Place pieces top to bottom, splitting or moving on to a new slide when the room runs
    out; ``None`` forces a new slide. Returns (piece, top, height) per slide."""
    slides: list[Placed] = [[]]
    top = BODY_TOP
    queue: deque[_Piece | None] = deque(pieces)

    def place(piece: _Piece, height: float) -> None:
        nonlocal top
        slides[-1].append((piece, top, height))
        top += height + GAP

    def next_slide() -> None:
        nonlocal top
        slides.append([])
        top = BODY_TOP

    while queue:
        piece = queue.popleft()
        if piece is None:
            if slides[-1]:
                next_slide()
            continue
        room, empty = BODY_BOTTOM - top, not slides[-1]
        following = queue[0] if queue else None
        if piece.keep_with_next and not empty and following is not None and piece.height + GAP + following.least > room:
            next_slide()
            queue.appendleft(piece)
            continue
        if piece.height <= room or (piece.flexible and room >= MIN_CHART_H):
            place(piece, min(piece.height, room))
            continue
        parts = piece.split(room, empty) if piece.split is not None else None
        if parts is not None:
            head, tail = parts
            place(head, head.height)
            queue.appendleft(tail)
            next_slide()
        elif not empty:
            next_slide()
            queue.appendleft(piece)
        else:
            place(piece, room)  # taller than a slide and cannot be split: clipped to the body
    while len(slides) > 1 and not slides[-1]:
        slides.pop()
    return slides


def to_pptx(doc: Document) -> bytes:
    """A 16:9 deck: a title slide, then one slide (or more, when the content needs it) per
    level-1 heading, with the heading's notes as speaker notes."""
    from pptx import Presentation

    deck = Presentation()
    deck.slide_width, deck.slide_height = _emu(SLIDE_W), _emu(SLIDE_H)
    deck.core_properties.title = doc.title
    deck.core_properties.language = doc.language
    deck.core_properties.author = "cirkular"
    deck.core_properties.last_modified_by = "cirkular"
    title_layout, content_layout = deck.slide_layouts[0], deck.slide_layouts[5]

    cover = deck.slides.add_slide(title_layout)
    cover.shapes.title.left, cover.shapes.title.top = _emu(MARGIN), _emu(2.2)
    cover.shapes.title.width, cover.shapes.title.height = _emu(BODY_W), _emu(1.6)
    cover.shapes.title.text = doc.title
    for run in cover.shapes.title.text_frame.paragraphs[0].runs:
        _pptx_font(run, 40 if len(doc.title) <= 50 else 32, bold=True, colour=DARK_GREEN)
    subtitle = cover.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = _emu(MARGIN), _emu(4.0), _emu(BODY_W), _emu(2.0)
    lines = [doc.subtitle] if doc.subtitle else []
    if doc.meta:
        lines.append(" · ".join(f"{k}: {v}" for k, v in doc.meta.items()))
    subtitle.text = "\n".join(lines)
    for n, p in enumerate(subtitle.text_frame.paragraphs):
        for run in p.runs:
            _pptx_font(run, 20 if n == 0 and doc.subtitle else 14, colour="#4a4a4a")

    continued = _words(doc)["continued"]
    number = 1
    for section in _sections(doc):
        pieces: list[_Piece | None] = []
        for block in section.blocks:
            if isinstance(block, PageBreak):
                pieces.append(None)
            elif isinstance(block, _Agenda):
                if block.headings:
                    items = [h.text for h in block.headings]
                    pieces.append(_bullets_piece(items, 18, [h.language for h in block.headings]))
            else:
                pieces.extend(_pptx_pieces(block))
        title, language = (section.title, section.language) if section.title else (doc.title, "")
        for page, placed in enumerate(_layout_slides(pieces)):
            slide = deck.slides.add_slide(content_layout)
            number += 1
            _place_title(slide, title, language, "" if page == 0 else f"({continued})")
            for piece, top, height in placed:
                piece.draw(slide, top, height)
            if page == 0 and section.notes:
                slide.notes_slide.notes_text_frame.text = section.notes
            _slide_number(slide, number)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
