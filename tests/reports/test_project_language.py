"""The project report in English does not pass the buyers' Swedish off as English: case titles
are marked Swedish, outcomes and lessons are quoted as Swedish, KPIs are named in the library's
English when the buyer kept them and marked Swedish when the buyer wrote them. Figures are
written as the language writes them, and criterion types are named, not given as codes."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_file
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from docx import Document as Docx
from docx.oxml.ns import qn

from cirkular.cases import services
from cirkular.cases.demo import load_demo
from cirkular.cases.models import Case
from cirkular.core.criteria import CriterionType
from cirkular.reports import deliverables, render
from cirkular.reports.criteria_export import type_label
from cirkular.reports.deliverables import project
from cirkular.reports.document import BulletList, Document, Heading, Paragraph, Quote, Table
from tests.reports.test_languages import SWEDISH_LETTERS, outside_swedish, sentences

OUTCOME = "Avtalet tecknades med två leverantörer och de första stolarna är levererade."
OWN_KPI = "Antal möbler som återbrukats mellan förvaltningarna"
OWN_UNIT = "st/kvartal"


@dataclass
class Built:
    documents: dict[str, Document] = field(default_factory=dict)
    docx: dict[str, bytes] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)  # the buyers' own words on the cases
    titles: list[str] = field(default_factory=list)  # of the 2021 round


@pytest.fixture(scope="module")
def built(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Built]:
    out = Built()
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers), transaction.atomic():
        load_demo()
        admin = get_user_model().objects.get(username="admin")
        case = Case.objects.get(title="Möbler till nya kommunhuset")
        services.update_case(admin, case, {"outcome": OUTCOME}, case.version)
        kpi = services.add_kpi(
            admin,
            case,
            {"kpi_id": "own", "name": OWN_KPI, "unit": OWN_UNIT, "target": Decimal("12.5"), "direction": "at_least"},
        )
        services.add_measurement(admin, kpi, {"date": dt.date(2026, 3, 31), "value": Decimal("14"), "note": ""})
        for c in Case.objects.select_related("lesson"):
            out.texts += [c.title, c.outcome]
            lesson = getattr(c, "lesson", None)
            if lesson:
                out.texts += [lesson.success_factors, lesson.what_worked, *map(str, (lesson.barriers or {}).values())]
        out.texts = [t for t in out.texts if t.strip()]
        out.titles = list(Case.objects.filter(round__year=2021).values_list("title", flat=True))
        for language in ("en", "sv"):
            out.documents[language] = deliverables.build("project", 2021, language)
            out.docx[language] = deliverables.render("project", out.documents[language], "docx").content
        transaction.set_rollback(True)
    yield out


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


@pytest.mark.django_db
def test_english_html_marks_every_swedish_text(built: Built) -> None:
    html = render.to_html(built.documents["en"])
    outside = outside_swedish(html)
    found = SWEDISH_LETTERS.search(outside)
    assert found is None, outside[max(0, found.start() - 80) : found.start() + 80]
    assert not [s for s in sentences(built.texts) if s in outside]
    for title in built.titles:
        assert f'lang="sv">{title}</h3>' in html, title  # level 2: the document title is h1
    assert f'<strong>Outcome:</strong> <q lang="sv">{OUTCOME}</q>' in html
    assert html.count('<q lang="sv">') >= 9  # the outcome and eight lessons
    assert "Round:" not in outside and "Demonstration av" not in outside  # the round is named by its year
    assert "The 2020 round: 15 cases" in outside


@pytest.mark.django_db
def test_english_report_leads_with_structured_data_and_quotes_the_buyers(built: Built) -> None:
    doc = built.documents["en"]
    assert doc.title == "Project report: the 2021 round" and not doc.meta
    facts = [t for t in tables(doc) if t.columns == ("Aspect", "Finding")]
    assert len(facts) == len(built.titles)
    assert not [row for t in facts for row in t.rows if row[0] == "Outcome"]
    quotes = [b for b in doc.blocks if isinstance(b, Quote)]
    assert all(q.language == "sv" and q.note == "in Swedish" for q in quotes)
    assert [q.text for q in quotes if q.label == "Outcome"] == [OUTCOME]
    lessons = doc.blocks.index(Heading("Lessons", 1))
    assert isinstance(doc.blocks[lessons + 1], Paragraph)
    said = [b for b in doc.blocks[lessons + 2 : lessons + 10] if isinstance(b, Quote)]
    assert len(said) == 8 and all(" (" in q.label and q.label.endswith(")") for q in said)
    assert not [q for q in said if "the organisation" in q.text or "(exempel)" in q.text]


@pytest.mark.django_db
def test_kpis_are_named_in_english_from_the_library_and_the_buyers_own_marked_swedish(built: Built) -> None:
    kpis = [t for t in tables(built.documents["en"]) if t.columns[1:] == ("Unit", "Target", "Latest value")]
    library = [row for t in kpis if t.columns[0] == "KPI" and not any(t.languages) for row in t.rows]
    own = [t for t in kpis if t.columns[0] == "KPI (in Swedish)"]
    assert (
        "Garments exchanged or redistributed to a new user",
        "pcs",
        "at\u00a0least\u00a0300",
        "285 (31/12/2025)",
    ) in library
    assert not [row for row in library if SWEDISH_LETTERS.search(" ".join(row))]
    assert len(own) == 1 and own[0].languages == ("sv", "sv", "", "")
    assert own[0].rows == ((OWN_KPI, OWN_UNIT, "at\u00a0least\u00a012.5", "14 (31/03/2026)"),)
    # the Swedish report keeps one table per case, in the buyers' words
    sv = [t for t in tables(built.documents["sv"]) if t.columns[0] == "Nyckeltal"]
    rows = [row for t in sv for row in t.rows]
    assert not [t for t in sv if any(t.languages)]
    assert ("Plagg som bytts eller omfördelats till ny användare", "st", "minst\u00a0300", "285 (2025-12-31)") in rows
    assert (OWN_KPI, OWN_UNIT, "minst\u00a012,5", "14 (2026-03-31)") in rows
    assert not [row for row in rows if re.search(r"\d[.,]0\b", row[2] + row[3])]  # no "70,0", "285,0"


@pytest.mark.django_db
def test_impact_table_names_the_product_and_marks_the_titles(built: Built) -> None:
    en = next(t for t in tables(built.documents["en"]) if "CO2e avoided" in t.columns)
    assert en.columns[:2] == ("Procurement (title in Swedish)", "Product") and en.languages == ("sv",)
    assert {row[0] for row in en.rows} <= set(built.titles)
    assert any("2 extra years of use" in row[2] for row in en.rows)
    assert any("1 extra year of use" in row[2] for row in en.rows)
    sv = next(t for t in tables(built.documents["sv"]) if "Kostnadsskillnad" in t.columns)
    assert sv.columns[0] == "Upphandling" and not any(sv.languages)
    impact = [b.text for b in built.documents["en"].blocks if isinstance(b, Paragraph) and b.label == "Impact"]
    assert impact and all(". Source: " in line for line in impact)
    assert not [line for line in impact if re.search(r"[^.)] Cost difference:", line)]  # the source ends a sentence


@pytest.mark.django_db
def test_impact_table_cites_sources_by_their_number_in_the_list_after_it(built: Built) -> None:
    from cirkular.reports.document import References

    blocks = built.documents["en"].blocks
    at = next(n for n, b in enumerate(blocks) if isinstance(b, Table) and "CO2e avoided" in b.columns)
    table, listed = blocks[at], blocks[at + 1]
    assert isinstance(table, Table) and isinstance(listed, References)
    column = table.columns.index("Source")
    cited = {int(n) for row in table.rows for n in re.findall(r"\[(\d+)\]", row[column])}
    assert cited == set(range(1, len(listed.items) + 1))  # every number points into the list, each used
    assert all(re.fullmatch(r"\[\d+\](, \[\d+\])*", row[column]) for row in table.rows)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "sv"])
def test_appendix_names_criterion_types(built: Built, language: str) -> None:
    doc = built.documents[language]
    appendix = tables(doc)[-1]
    types = {row[2] for row in appendix.rows}
    raw = {t.value for t in CriterionType}
    assert types and not types & raw
    with translation.override(language):
        assert types <= {type_label(t) for t in CriterionType}


@pytest.mark.django_db
def test_recommendations_say_what_they_rest_on(built: Built) -> None:
    heading = built.documents["en"].blocks.index(Heading("Recommendations", 1))
    items = built.documents["en"].blocks[heading + 1]
    assert isinstance(items, BulletList) and items.items
    assert not [i for i in items.items if "based on 0 cases" in i]
    assert all(re.search(r"\((based on \d+ cases?|No case named such a barrier; .*)\)$", i) for i in items.items)


@pytest.mark.django_db
def test_swedish_report_uses_the_buyers_words_as_its_own(built: Built) -> None:
    doc = built.documents["sv"]
    assert not [b for b in doc.blocks if isinstance(b, Quote)]
    assert not [b for b in doc.blocks if isinstance(b, Heading) and b.language]
    assert not [t for t in tables(doc) if any(t.languages)]
    assert doc.title == "Projektrapport: Demonstration av en svensk modell (2021)"
    facts = [row for t in tables(doc) if t.columns == ("Aspekt", "Iakttagelse") for row in t.rows]
    assert ("Utfall", OUTCOME) in facts
    lessons = doc.blocks.index(Heading("Lärdomar", 1))
    items = doc.blocks[lessons + 1]
    assert isinstance(items, BulletList) and len(items.items) == 8


@pytest.mark.django_db
def test_english_docx_marks_every_swedish_run(built: Built) -> None:
    doc = Docx(io.BytesIO(built.docx["en"]))

    def lang(run: Any) -> str | None:
        found = run._r.rPr.find(qn("w:lang")) if run._r.rPr is not None else None
        return None if found is None else found.get(qn("w:val"))

    paragraphs = list(doc.paragraphs)
    paragraphs += [p for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    runs = [r for p in paragraphs for r in p.runs if r.text.strip()]
    unmarked = [r.text for r in runs if lang(r) is None and SWEDISH_LETTERS.search(r.text)]
    assert not unmarked, unmarked[:5]
    marked = [r.text for r in runs if lang(r) == "sv-SE"]
    assert OUTCOME in " ".join(marked) and OWN_KPI in marked
    assert set(built.titles) <= set(marked)


def test_every_sentence_of_the_project_report_is_extracted_for_translation() -> None:
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    found = [m for _line, m, _comments, _context in extract_from_file("python", Path(project.__file__), keywords)]
    assert ("based on %(n)d case", "based on %(n)d cases") in found
    source = Path(project.__file__).read_text()
    assert not re.search(r"""f(["'])[^\n]*?\{_\(""", source)  # gettext inside an f-string is never extracted
