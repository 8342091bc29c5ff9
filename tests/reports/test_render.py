"""Every block in every format: HTML, PDF, DOCX and PPTX, read back and checked."""

from __future__ import annotations

import io
import re
import subprocess
import zlib
from functools import cache

import pytest
from docx import Document as Docx
from docx.oxml.ns import qn
from pptx import Presentation

from cirkular.reports import render
from cirkular.reports.document import BulletList, Document, Heading, Paragraph, Table
from tests.reports.sample import TEXT, sample_document

LANGUAGES = ("sv", "en")
EMU = 914400


@cache
def pdf(language: str) -> bytes:
    return render.to_pdf(sample_document(language))


@cache
def docx(language: str) -> bytes:
    return render.to_docx(sample_document(language))


@cache
def pptx(language: str) -> bytes:
    return render.to_pptx(sample_document(language))


def pdf_text(data: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def docx_text(data: bytes) -> str:
    out = Docx(io.BytesIO(data))
    parts = [p.text for p in out.paragraphs]
    for table in out.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pptx_text(data: bytes) -> str:
    deck = Presentation(io.BytesIO(data))
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        parts.append(slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "")
    return "\n".join(parts)


# HTML -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_has_every_block(language: str) -> None:
    t = TEXT[language]
    html = render.to_html(sample_document(language))
    assert f'<html lang="{language}">' in html
    # charts: inline SVG as an image with its text alternative, then the data as a table
    assert html.count('<figure class="chart"><svg') == 2
    assert '<svg role="img" aria-labelledby="chart-' not in html  # attributes are added to matplotlib's root tag
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="chart-\d+-title"><title id="chart-\d+-title">', html)
    assert html.count('<table class="chart-data">') == 2
    assert t["chairs"] in html
    # key figures, table of contents with links to the headings, references with links
    assert html.count('<div class="key-figure">') == 3
    assert '<nav class="toc"' in html and f'<a href="#s1">{t["impact"]}</a>' in html
    assert '<h2 id="s1">' in html
    assert '<ol class="references"><li>' in html and 'href="https://sajkla.se/' in html
    assert '<div class="page-break"></div>' in html
    assert "notes" not in html and t["impact_notes"] not in html  # speaker notes are for slides only


def test_html_escapes_text_and_alt() -> None:
    doc = Document("<b>", "en").add(Paragraph("a < b & c"))
    html = render.to_html(doc)
    assert "<title>&lt;b&gt;</title>" in html and "a &lt; b &amp; c" in html
    svg = render.accessible_svg('<?xml version="1.0"?>\n<svg width="1pt"><g/></svg>', 'x "<y>"', "t1")
    assert (
        svg
        == '<svg width="1pt" role="img" aria-labelledby="t1"><title id="t1">x &quot;&lt;y&gt;&quot;</title><g/></svg>'
    )


def test_existing_documents_render_as_before() -> None:
    doc = Document("Bilaga", "sv", "Underrubrik", {"Kriterier": "2"}).add(
        Heading("Krav", 1, anchor="CIR-MOB-001"),
        Paragraph("Text", "Verifiering", "muted"),
        BulletList(("a", "b")),
        Table(("A", "B"), (("1", "2"),), "Tabell"),
    )
    body = render.to_html(doc, standalone=False)
    assert body.splitlines() == [
        "<h1>Bilaga</h1>",
        '<p class="lead">Underrubrik</p>',
        '<p class="meta">Kriterier: 2</p>',
        '<h2 id="CIR-MOB-001">Krav</h2>',
        '<p class="muted"><strong>Verifiering:</strong> Text</p>',
        "<ul><li>a</li><li>b</li></ul>",
        '<table><caption>Tabell</caption><thead><tr><th scope="col">A</th><th scope="col">B</th></tr></thead>'
        "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
    ]


# PDF --------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_holds_the_text_with_fonts_embedded_and_is_tagged(language: str) -> None:
    t = TEXT[language]
    data = pdf(language)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    contents = "Innehåll" if language == "sv" else "Contents"
    for expected in (t["title"], contents, t["impact"], t["co2e"], t["cases"], "Kommun 30"):
        assert expected in text
    assert ("7,0 t CO2e" if language == "sv" else "7.0 t CO2e") in text
    assert ("200 000 kr" if language == "sv" else "SEK 200,000") in text
    # the table of contents gives page numbers: "Fallen ........ 4"
    assert re.search(re.escape(t["cases"]) + r" \.{5,} ?\d", text)
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
    rows = fonts.splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+yes\s+yes\b", row) for row in rows), fonts
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert re.search(r"Tagged:\s+yes", info)
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 4  # type: ignore[union-attr]


def pdf_objects(data: bytes) -> bytes:
    """The PDF with every Flate stream inflated, so that compressed objects can be searched."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_pdf_tags_charts_as_figures_with_their_alt_text() -> None:
    objects = pdf_objects(pdf("en"))
    assert objects.count(b"/S /Figure") == 2
    assert objects.count(b"/Alt ") == 2
    # WeasyPrint writes the alt text as UTF-16 hex when it holds a no-break space
    assert b"/Alt <feff" + "Bar chart: CO2e avoided".encode("utf-16-be").hex().encode() in objects
    assert b"/Alt (Line chart: Share of reused furniture" in objects


# DOCX -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_docx_reads_back_with_every_block(language: str) -> None:
    t = TEXT[language]
    out = Docx(io.BytesIO(docx(language)))
    headings = [p.text for p in out.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [t["impact"], t["share"], t["cases"], t["lessons"], t["sources"]]
    assert out.core_properties.title == t["title"] and out.core_properties.language == language
    pictures = list(out.element.body.iter(qn("wp:docPr")))
    assert len(pictures) == 2
    assert pictures[0].get("descr").startswith("Stapeldiagram" if language == "sv" else "Bar chart")
    assert len(out.inline_shapes) == 2
    text = docx_text(docx(language))
    assert t["co2e"] in text and ("7,0\u00a0t\u00a0CO2e" if language == "sv" else "7.0\u00a0t\u00a0CO2e") in text
    assert t["chairs"] in text  # the chart's data table
    assert "Kommun 30" in text
    instructions = "".join(e.text for e in out.element.body.iter(qn("w:instrText")))
    assert 'TOC \\o "1-2"' in instructions
    assert out.element.body.xpath('.//w:br[@w:type="page"]')
    assert next(p.text for p in out.paragraphs if p.style.name == "List Number").startswith("RISE")


# PPTX -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_pptx_has_a_title_slide_a_slide_per_section_notes_and_pictures(language: str) -> None:
    t = TEXT[language]
    deck = Presentation(io.BytesIO(pptx(language)))
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 16:9
    titles = [s.shapes.title.text for s in deck.slides]
    cont = "forts." if language == "sv" else "cont."
    assert titles[0] == t["title"]
    assert titles[1] == ("Innehåll" if language == "sv" else "Contents")
    firsts = [x for x in titles[2:] if not x.endswith(f"({cont})")]
    assert firsts == [t["impact"], t["cases"], t["lessons"], t["sources"]]
    assert f"{t['cases']} ({cont})" in titles  # the long table continues
    notes = {s.shapes.title.text: s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide}
    assert notes[t["impact"]] == t["impact_notes"]
    assert notes[t["cases"]] == t["cases_notes"]
    pictures = [sh for s in deck.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == 2
    assert pictures[0]._element.nvPicPr.cNvPr.get("descr").startswith("Stapeldiagram" if language == "sv" else "Bar")
    text = pptx_text(pptx(language))
    assert ("7,0\u00a0t\u00a0CO2e" if language == "sv" else "7.0\u00a0t\u00a0CO2e") in text
    assert "Kommun 1\n" in text and "Kommun 30" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_pptx_nothing_leaves_the_slide_and_tables_stay_small(language: str) -> None:
    deck = Presentation(io.BytesIO(pptx(language)))
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= deck.slide_width, (number, shape.name)
            assert shape.top + shape.height <= deck.slide_height, (number, shape.name)
            if shape.has_table:
                assert len(shape.table.rows) <= 16
        content = [
            s
            for s in slide.shapes
            if s != slide.shapes.title and not (s.has_text_frame and s.text_frame.text.isdigit())
        ]
        assert content, f"slide {number} has nothing but its title"


def test_pptx_splits_a_long_paragraph_at_sentences() -> None:
    long = " ".join(f"Mening nummer {n} om återbruk av möbler i kommunen." for n in range(80))
    doc = Document("T", "sv").add(Heading("Lång", 1, notes="Tala kort."), Paragraph(long))
    deck = Presentation(io.BytesIO(render.to_pptx(doc)))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles[1:3] == ["Lång", "Lång (forts.)"]
    bodies = [
        sh.text_frame.text
        for s in list(deck.slides)[1:]
        for sh in s.shapes
        if sh.has_text_frame and sh != s.shapes.title
    ]
    text = " ".join(b for b in bodies if not b.isdigit())
    assert text == long
    assert all(b.endswith(".") for b in bodies if not b.isdigit())


# Deterministic output ---------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_same_input_gives_the_same_output(language: str) -> None:
    assert render.to_html(sample_document(language)) == render.to_html(sample_document(language))
    assert pdf_text(render.to_pdf(sample_document(language))) == pdf_text(pdf(language))
    assert docx_text(render.to_docx(sample_document(language))) == docx_text(docx(language))
    assert pptx_text(render.to_pptx(sample_document(language))) == pptx_text(pptx(language))
