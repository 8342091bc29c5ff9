"""Every deliverable from the demo data, in every format it offers, read back."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from pptx import Presentation

from cirkular.reports import deliverables
from cirkular.reports.document import BulletList, Document, Heading, KeyFigures, Paragraph, Table
from tests.deliverables.conftest import RUNS, Built, pdf_fonts, pdf_pages, pdf_text

# The outputs are built once per session (see conftest); the marker makes the test database exist.
pytestmark = pytest.mark.django_db


def texts(doc: Document) -> list[str]:
    """The document's text, without the charts' pictures."""
    out = [doc.title, doc.subtitle]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += [block.text, block.notes]
        elif isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, BulletList):
            out += block.items
        elif isinstance(block, Table):
            out += [cell for row in block.rows for cell in row]
        elif isinstance(block, KeyFigures):
            out += [f"{f.value} {f.label} {f.note}" for f in block.figures]
    return out


def slides_text(content: bytes) -> tuple[list[str], list[str]]:
    deck = Presentation(io.BytesIO(content))
    bodies, notes = [], []
    for slide in deck.slides:
        bodies.append(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame))
        if slide.has_notes_slide:
            notes.append(slide.notes_slide.notes_text_frame.text)
    return bodies, notes


def docx_text(content: bytes) -> tuple[list[str], str]:
    doc = DocxDocument(io.BytesIO(content))
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return headings, " ".join([p.text for p in doc.paragraphs] + cells)


def test_every_offered_format_renders(built: Built) -> None:
    offered = {(k, str(f)) for k, formats in deliverables.FORMATS.items() for f in formats}
    assert {(k, f) for k, _y, _l, f in RUNS} == offered
    for key, content in built.outputs.items():
        assert len(content) > 1000, key


@pytest.mark.parametrize(
    ("kind", "year", "language", "pages"),
    [("evaluation", 2020, "sv", 8), ("guide", 2021, "sv", 10), ("policy", 2021, "en", 3), ("project", 2021, "en", 8)],
)
def test_pdfs_have_pages_fonts_and_titles(
    built: Built, tmp_path: Path, kind: str, year: int, language: str, pages: int
) -> None:
    content = built.outputs[(kind, year, language, "pdf")]
    assert content.startswith(b"%PDF")
    assert pdf_pages(tmp_path, content) >= pages
    fonts = pdf_fonts(tmp_path, content)
    assert fonts and all(emb == "yes" for _name, emb in fonts)
    text = pdf_text(tmp_path, content)
    if kind in {"evaluation", "project"}:
        for title in built.titles[year]:
            assert title in text, title
    if kind == "guide":
        assert "Kartlägga behov, marknad och risker" in text or "Planera" in text
        for name in built.organisations:
            assert name not in text
            assert name.removesuffix(" (exempel)") not in text
        assert "(exempel)" not in text


def test_guide_is_anonymised_in_every_edition(built: Built) -> None:
    for language in ("sv", "en"):
        joined = " ".join(texts(built.documents[("guide", 2021, language)]))
        for name in built.organisations:
            assert name.removesuffix(" (exempel)") not in joined
        assert "(exempel)" not in joined


def test_guide_site_is_navigable_searchable_and_accessible(built: Built) -> None:
    archive = zipfile.ZipFile(io.BytesIO(built.outputs[("guide", 2021, "en", "html")]))
    names = set(archive.namelist())
    assert {"guide/index.html", "guide/search-index.json", "guide/search.js"} <= names
    steps = sorted(n for n in names if n.startswith("guide/steps/"))
    assert len(steps) == 10
    index = archive.read("guide/index.html").decode()
    assert '<html lang="en">' in index
    for landmark in ("<header", "<nav", "<main", "<footer", 'role="search"', "<h1>"):
        assert landmark in index
    for step in steps:
        assert f'href="{step.removeprefix("guide/")}"' in index
        page = archive.read(step).decode()
        assert '<html lang="en">' in page and "<main" in page and "<h1>" in page and 'href="../index.html"' in page
    entries = json.loads(archive.read("guide/search-index.json"))
    assert len(entries) == 10 and all(e["url"].startswith("steps/") and e["text"] for e in entries)
    sv = zipfile.ZipFile(io.BytesIO(built.outputs[("guide", 2021, "sv", "html")]))
    assert '<html lang="sv">' in sv.read("guide/index.html").decode()


def test_evaluation_deck_has_cases_sections_and_notes(built: Built) -> None:
    bodies, notes = slides_text(built.outputs[("evaluation", 2020, "en", "pptx")])
    joined = " ".join(bodies)
    for title in built.titles[2020]:
        assert title in joined
    for section in ("Tools that helped", "Barriers by category", "Outcomes by product group"):
        assert section in joined
    assert sum(1 for n in notes if n.strip()) >= 15


def test_webinar_has_speaker_notes(built: Built) -> None:
    bodies, notes = slides_text(built.outputs[("webinar", 2021, "en", "pptx")])
    joined = " ".join(bodies)
    for section in ("The Swedish model", "The demonstration procurements", "Results", "Lessons"):
        assert section in joined
    assert any("phases" in n for n in notes) and any("range" in n for n in notes)
    sv_bodies, sv_notes = slides_text(built.outputs[("webinar", 2021, "sv", "pptx")])
    assert len(sv_bodies) >= 6 and sum(1 for n in sv_notes if n.strip()) >= 6


def test_policy_docx_has_groups_and_proposals_with_evidence(built: Built) -> None:
    headings, text = docx_text(built.outputs[("policy", 2021, "en", "docx")])
    for section in ("Barriers across cases", "Legal", "Market", "Organisational", "Financial", "Proposals"):
        assert section in headings
    assert "Evidence" in text and "cases named a barrier" in text


def test_project_docx_holds_every_section(built: Built) -> None:
    headings, text = docx_text(built.outputs[("project", 2021, "en", "docx")])
    for section in (
        "Aims",
        "Method",
        "The demonstration procurements",
        "Evaluation of the earlier round",
        "Results against the goals",
        "Impact",
        "Lessons",
        "Recommendations",
        "Related initiatives",
        "Appendix: criteria used",
    ):
        assert section in headings, section
    for title in built.titles[2021]:
        assert title in headings
    assert "target at least 10" in text


def test_impact_figures_carry_range_and_source(built: Built) -> None:
    doc = built.documents[("project", 2021, "en")]
    impact_lines = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.label == "Impact"]
    assert impact_lines
    for line in impact_lines:
        assert "range" in line and "Source:" in line and "–" in line
    tables = [b for b in doc.blocks if isinstance(b, Table) and "Range" in b.columns]
    assert tables and all(row[4] and row[5] for t in tables for row in t.rows)
    key = next(b for b in doc.blocks if isinstance(b, KeyFigures) and b.figures[0].label == "CO2e avoided")
    assert key.figures[0].note.startswith("range")


def test_the_same_data_gives_the_same_text(built: Built) -> None:
    for key, doc in built.documents.items():
        assert texts(doc) == texts(built.again[key]), key


def test_unsupported_combinations_are_refused() -> None:
    with pytest.raises(deliverables.UnsupportedFormat):
        deliverables.check("webinar", "pdf")
    with pytest.raises(deliverables.UnsupportedFormat):
        deliverables.check("report", "pdf")


def test_project_report_lists_impact_for_every_mapped_demo_case(built: Built) -> None:
    doc = built.documents[("project", 2021, "en")]
    table = next(b for b in doc.blocks if isinstance(b, Table) and "Range" in b.columns)
    cases = {row[0] for row in table.rows}
    assert len(cases) >= 6 and cases <= set(built.titles[2021])
    assert {"Workwear", "Laptop", "Smartphone", "Office chair", "Desk (sit-stand)", "Interior door"} <= {
        row[1] for row in table.rows
    }
    for row in table.rows:
        assert "–" in row[4] and "CO2e" in row[4] and row[5]
    # the assumptions behind each quantity are shown with it
    assert any("measured shares of 1,800 kg per period" in row[2] for row in table.rows)
    assert any("assumed 0.5 kg per item" in row[2] for row in table.rows)
    assert any("1 extra year of use" in row[2] for row in table.rows)
    impact_lines = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.label == "Impact"]
    assert len(impact_lines) == len(table.rows)


def test_project_report_shows_the_cost_difference_of_the_priced_kpis(built: Built) -> None:
    doc = built.documents[("project", 2021, "en")]
    table = next(b for b in doc.blocks if isinstance(b, Table) and "Cost difference" in b.columns)
    cost = {(row[0], row[1]): row[6] for row in table.rows}
    # demo example prices × measured quantity: 58 % of 480 chairs × (4 500 − 2 200) kr;
    # 48 % + 65 % of 120 desks × (7 500 − 4 200) kr; 71 % of 48 doors × (3 800 − 4 300) kr
    assert cost[("Möbler till nya kommunhuset", "Office chair")] == "SEK\u00a0640,320"
    assert cost[("Möbler till nya kommunhuset", "Desk (sit-stand)")] == "SEK\u00a0447,480"
    assert cost[("Renovering av kvarteret Tallen med återbrukade byggprodukter", "Interior door")] == "-SEK\u00a017,040"
    assert cost[("Vårdkläder, tvätt och kuddar med testarena", "Workwear")] == "–"  # no prices
    assert "a positive figure is money saved" in table.caption
    priced = [row[6] for row in table.rows if row[6] != "–"]
    assert 2 <= len(priced) < len(table.rows)
    figures = next(b for b in doc.blocks if isinstance(b, KeyFigures) and b.figures[0].label == "CO2e avoided")
    key = next(f for f in figures.figures if f.label == "cost difference")
    total = sum(int(c.replace("SEK\u00a0", "").replace(",", "")) for c in priced)
    assert key.value == f"SEK\u00a0{total:,}"
    assert "positive means money saved" in key.note
    assert f"from {len(priced)} of {len(table.rows)} measured KPIs" in key.note
    lines = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.label == "Impact"]
    assert any("Cost difference: SEK\u00a0640,320 saved: the circular choice cost less" in line for line in lines)
    assert any("Cost difference: SEK\u00a017,040 more: the circular choice cost more" in line for line in lines)
    assert not any("CO2e CO2e" in line for line in lines)
    _, text = docx_text(built.outputs[("project", 2021, "en", "docx")])
    assert "SEK\u00a0640,320" in text and "Cost difference" in text


def test_webinar_results_show_the_summed_cost_difference(built: Built) -> None:
    doc = built.documents[("webinar", 2021, "en")]
    figures = next(
        b for b in doc.blocks if isinstance(b, KeyFigures) and any(f.label == "CO2e avoided" for f in b.figures)
    )
    key = next(f for f in figures.figures if f.label == "cost difference")
    assert key.value == "SEK\u00a01,383,150" and "from 4 of 9 measured KPIs" in key.note
    bodies, _ = slides_text(built.outputs[("webinar", 2021, "en", "pptx")])
    assert any("SEK\u00a01,383,150" in body and "cost difference" in body for body in bodies)
