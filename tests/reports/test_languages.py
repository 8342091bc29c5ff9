"""Text in another language than the document's is marked in every format: a Swedish case
title in an English table or heading, and a buyer's own words quoted in Swedish."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from docx import Document as Docx
from docx.oxml.ns import qn
from pptx import Presentation

from cirkular.cases.demo import load_demo
from cirkular.cases.models import Case
from cirkular.reports import deliverables, render
from cirkular.reports.document import BulletList, Document, Heading, Paragraph, Quote, Table, TableOfContents

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


# The deliverables from the demo data -------------------------------------------------------

SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")


@dataclass
class Built:
    documents: dict[tuple[str, str], Document] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)  # every free text the buyers wrote on the cases
    titles: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Built]:
    out = Built()
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers), transaction.atomic():
        load_demo()
        for case in Case.objects.select_related("lesson"):
            out.titles.append(case.title)
            out.texts += [case.title, case.outcome]
            lesson = getattr(case, "lesson", None)
            if lesson:
                out.texts += [lesson.success_factors, lesson.what_worked, *map(str, (lesson.barriers or {}).values())]
        out.texts = [t for t in out.texts if t.strip()]
        for kind, year, language in (
            ("webinar", 2021, "en"),
            ("webinar", 2021, "sv"),
            ("evaluation", 2020, "en"),
            ("evaluation", 2020, "sv"),
            ("policy", 2021, "en"),
        ):
            out.documents[(kind, language)] = deliverables.build(kind, year, language)
        transaction.set_rollback(True)
    yield out


def sentences(texts: list[str]) -> set[str]:
    """The sentences of the buyers' texts, long enough to be recognised anywhere."""
    return {s.strip() for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if len(s.strip()) >= 20}


class _Outside(HTMLParser):
    """The text of a page that is not inside an element with ``lang="sv"``."""

    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        inherited = bool(self.stack and self.stack[-1])
        self.stack.append(inherited or dict(attrs).get("lang") == "sv")
        self.skip += tag in {"style", "svg", "title"}

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        self.stack.pop()
        self.skip -= tag in {"style", "svg", "title"}

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]) and not self.skip:
            self.parts.append(data)


def outside_swedish(html: str) -> str:
    parser = _Outside()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.mark.django_db
def test_english_webinar_marks_swedish_and_keeps_notes_in_english(demo: Built) -> None:
    deck = Presentation(io.BytesIO(deliverables.render("webinar", demo.documents[("webinar", "en")], "pptx").content))
    swedish, other, notes = [], [], []
    for slide in deck.slides:
        if slide.has_notes_slide:
            notes.append(slide.notes_slide.notes_text_frame.text)
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [c.text_frame for r in shape.table.rows for c in r.cells]
            for frame in frames:
                for p in frame.paragraphs:
                    for run in p.runs:
                        (swedish if run.font._rPr.get("lang") == "sv-SE" else other).append(run.text)
    quoted = [t for t in swedish if t.startswith("“")]
    assert len(quoted) >= 3 and all(t.endswith("”") for t in quoted)
    assert other.count(" (in Swedish)") == len(quoted)
    assert set(demo.titles) & set(swedish)  # the titles in the table are marked too
    assert not [t for t in other if SWEDISH_LETTERS.search(t)], "Swedish text not marked as Swedish"
    assert notes and all(n.strip() for n in notes)
    joined = " ".join(notes)
    assert not SWEDISH_LETTERS.search(joined)
    assert not [s for s in sentences(demo.texts) if s in joined]
    assert "Demonstration av" not in " ".join(other)  # the round's Swedish name is not the subtitle


@pytest.mark.django_db
def test_swedish_webinar_keeps_the_buyers_words_as_its_own_text(demo: Built) -> None:
    doc = demo.documents[("webinar", "sv")]
    assert not [b for b in doc.blocks if isinstance(b, Quote)]
    assert not [b for b in doc.blocks if isinstance(b, Heading) and b.language]
    assert not [b for b in doc.blocks if isinstance(b, Table) and any(b.languages)]
    lessons = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.text == "Lärdomar")
    items = doc.blocks[lessons + 1]
    assert isinstance(items, BulletList) and len(items.items) == 5


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["evaluation", "policy"])
def test_english_html_marks_every_swedish_text(demo: Built, kind: str) -> None:
    html = render.to_html(demo.documents[(kind, "en")])
    assert '<html lang="en">' in html and '<q lang="sv">' in html
    outside = outside_swedish(html)
    found = SWEDISH_LETTERS.search(outside)
    assert found is None, outside[max(0, found.start() - 80) : found.start() + 80]
    assert not [s for s in sentences(demo.texts) if s in outside]
    assert "(in Swedish)" in outside
    quotes = re.findall(r'<q lang="sv">([^<]*)</q>', html)
    assert not [q for q in quotes if "the organisation" in q or "a supplier" in q]  # anonymised in Swedish


@pytest.mark.django_db
def test_english_evaluation_leads_with_structured_data(demo: Built) -> None:
    doc = demo.documents[("evaluation", "en")]
    assert doc.title == "Evaluation of the 2020 round"
    headings = {b.text: b for b in doc.blocks if isinstance(b, Heading)}
    for title in demo.titles:
        if title in headings:
            assert headings[title].language == "sv"
    facts = [b for b in doc.blocks if isinstance(b, Table) and b.columns == ("Aspect", "Finding")]
    assert facts
    for table in facts:
        aspects = [row[0] for row in table.rows]
        assert "Outcome" not in aspects
        assert {"Ambitions (strategies)", "Barrier categories", "Would recommend the approach"} <= set(aspects)
    sv = demo.documents[("evaluation", "sv")]
    assert not [b for b in sv.blocks if isinstance(b, Quote)]
    assert any(row[0] == "Utfall" for b in sv.blocks if isinstance(b, Table) for row in b.rows) or any(
        isinstance(b, Table) and b.columns[0] != "Aspect" for b in sv.blocks
    )


@pytest.mark.django_db
def test_english_policy_docx_marks_quotes_as_swedish(demo: Built) -> None:
    content = deliverables.render("policy", demo.documents[("policy", "en")], "docx").content
    doc = Docx(io.BytesIO(content))
    quotes = [p for p in doc.paragraphs if "(in Swedish)" in p.text]
    assert len(quotes) >= 3
    for p in quotes:
        langs = [r._r.rPr.find(qn("w:lang")) if r._r.rPr is not None else None for r in p.runs]
        marked = [r.text for r, lang in zip(p.runs, langs, strict=True) if lang is not None]
        assert marked and all(lang.get(qn("w:val")) == "sv-SE" for lang in langs if lang is not None)
        assert all(
            SWEDISH_LETTERS.search(r.text) is None for r, lang in zip(p.runs, langs, strict=True) if lang is None
        )
