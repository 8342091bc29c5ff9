"""Text in another language than the document's is marked in every format: a Swedish case
title in an English table or heading, and a buyer's own words quoted in Swedish."""

from __future__ import annotations

import io
import subprocess

from docx import Document as Docx
from docx.oxml.ns import qn
from pptx import Presentation

from cirkular.reports import render
from cirkular.reports.document import Document, Heading, Paragraph, Quote, Table, TableOfContents

TITLE = "Ramavtal för återbrukade möbler"
SAID = "Att beställningen är lika enkel som för nya möbler."
LONG = " ".join(f"Mening nummer {n} om återbruk av möbler i kommunens lokaler." for n in range(40))


def english() -> Document:
    doc = Document("Evaluation of the 2020 round", "en")
    doc.add(
        TableOfContents(depth=1),
        Heading("Summary", notes="Fifteen cases took part."),
        Paragraph("The cases are listed with their titles in Swedish."),
        Table(("Title (in Swedish)", "Product group"), ((TITLE, "Furniture and interiors"),), languages=("sv", "")),
        Heading(TITLE, notes="Furniture, municipality.", language="sv"),
        Quote(SAID, "sv", label="Success factors", note="in Swedish"),
        Heading("Long quote"),
        Quote(LONG, "sv", label="Outcome", note="in Swedish"),
    )
    return doc


def test_html_marks_foreign_text_with_its_language() -> None:
    html = render.to_html(english())
    assert '<html lang="en">' in html
    assert f'<td class="foreign" lang="sv">{TITLE}</td>' in html
    assert f'lang="sv">{TITLE}</h2>' in html
    assert f'lang="sv">{TITLE}</a>' in html  # in the table of contents too
    assert (
        f'<strong>Success factors:</strong> <q lang="sv">{SAID}</q> <span class="quote-note">(in Swedish)</span>'
        in html
    )
    assert "<td>Furniture and interiors</td>" in html


def test_pdf_shows_the_quote_between_quotation_marks_with_its_note() -> None:
    data = render.to_pdf(english())
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.split())
    assert f"Success factors: “{SAID}” (in Swedish)" in flat


def test_docx_marks_the_runs_in_swedish() -> None:
    doc = Docx(io.BytesIO(render.to_docx(english())))
    normal = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal is not None and normal.get(qn("w:val")) == "en-GB"

    def lang(run: object) -> str | None:
        found = run._r.rPr.find(qn("w:lang")) if run._r.rPr is not None else None  # type: ignore[attr-defined]
        return None if found is None else found.get(qn("w:val"))

    quote = next(p for p in doc.paragraphs if SAID in p.text)
    assert quote.text == f"Success factors: “{SAID}” (in Swedish)"
    marked = {r.text: lang(r) for r in quote.runs}
    assert marked[f"“{SAID}”"] == "sv-SE" and marked["Success factors: "] is None
    assert all(r.italic for r in quote.runs if r.text.startswith("“"))
    heading = next(p for p in doc.paragraphs if p.text == TITLE and p.style.name.startswith("Heading"))
    assert all(lang(r) == "sv-SE" for r in heading.runs)
    cell = doc.tables[0].rows[1].cells
    assert lang(cell[0].paragraphs[0].runs[0]) == "sv-SE" and lang(cell[1].paragraphs[0].runs[0]) is None


def test_pptx_marks_swedish_runs_and_keeps_notes_in_english() -> None:
    deck = Presentation(io.BytesIO(render.to_pptx(english())))
    swedish, other = [], []
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [c.text_frame for r in shape.table.rows for c in r.cells]
            for frame in frames:
                for p in frame.paragraphs:
                    for run in p.runs:
                        (swedish if run.font._rPr.get("lang") == "sv-SE" else other).append(run.text)
    assert TITLE in swedish  # table cell, slide title and agenda item
    assert swedish.count(TITLE) == 3
    assert f"“{SAID}”" in swedish
    assert "Success factors: " in other and " (in Swedish)" in other
    assert "Furniture and interiors" in other
    # a long quote continues on a further slide, its closing mark and note at the end
    quoted = [t for t in swedish if t.startswith("“Mening") or t.endswith("lokaler.”")]
    assert len(quoted) >= 2 and quoted[0].startswith("“") and quoted[-1].endswith("”")
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert "Long quote (cont.)" in titles
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
    assert "Furniture, municipality." in notes
