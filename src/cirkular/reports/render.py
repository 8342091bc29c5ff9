"""Renderers of :class:`~cirkular.reports.document.Document` to HTML, PDF and DOCX."""

from __future__ import annotations

import io
from html import escape

from cirkular.reports.document import BulletList, Document, Heading, Paragraph, Table

_CSS = """
@page { size: A4; margin: 20mm 18mm 22mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-family: 'DejaVu Sans', sans-serif; font-size: 8pt; color: #555; } }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; line-height: 1.45; color: #1a1a1a; }
h1 { font-size: 20pt; color: #123d26; margin: 0 0 4pt; }
h2 { font-size: 14pt; color: #123d26; border-bottom: 1.5pt solid #1d5e3a; padding-bottom: 2pt; margin-top: 18pt; }
h3 { font-size: 11.5pt; margin: 14pt 0 4pt; break-after: avoid; }
p { margin: 3pt 0; }
p.lead { font-size: 11pt; }
p.muted, .meta { color: #4a4a4a; font-size: 9pt; }
p.code { font-family: 'DejaVu Sans Mono', monospace; font-size: 9pt; color: #4a4a4a; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 9pt; }
th, td { border: 0.5pt solid #9bb3a3; padding: 3pt 4pt; text-align: left; vertical-align: top; }
th { background: #eef5f0; }
"""


def to_html(doc: Document, standalone: bool = True) -> str:
    parts: list[str] = [f"<h1>{escape(doc.title)}</h1>"]
    if doc.subtitle:
        parts.append(f'<p class="lead">{escape(doc.subtitle)}</p>')
    if doc.meta:
        parts.append('<p class="meta">' + " · ".join(f"{escape(k)}: {escape(v)}" for k, v in doc.meta.items()) + "</p>")
    for block in doc.blocks:
        if isinstance(block, Heading):
            level = min(6, block.level + 1)
            anchor = f' id="{escape(block.anchor)}"' if block.anchor else ""
            parts.append(f"<h{level}{anchor}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            cls = f' class="{escape(block.style)}"' if block.style else ""
            label = f"<strong>{escape(block.label)}:</strong> " if block.label else ""
            parts.append(f"<p{cls}>{label}{escape(block.text)}</p>")
        elif isinstance(block, BulletList):
            parts.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Table):
            caption = f"<caption>{escape(block.caption)}</caption>" if block.caption else ""
            head = "".join(f'<th scope="col">{escape(c)}</th>' for c in block.columns)
            body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in block.rows)
            parts.append(f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
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


def to_docx(doc: Document) -> bytes:
    from docx import Document as Docx
    from docx.shared import Pt

    out = Docx()
    out.core_properties.title = doc.title
    out.core_properties.language = doc.language
    style = out.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    out.add_heading(doc.title, level=0)
    if doc.subtitle:
        out.add_paragraph(doc.subtitle)
    if doc.meta:
        out.add_paragraph(" · ".join(f"{k}: {v}" for k, v in doc.meta.items())).runs[0].italic = True
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.add_heading(block.text, level=min(block.level, 9))
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
            table = out.add_table(rows=1, cols=len(block.columns))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.columns, strict=True):
                cell.text = text
                cell.paragraphs[0].runs[0].bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
