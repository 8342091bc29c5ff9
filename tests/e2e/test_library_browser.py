"""A buyer filters the library, adds two criteria to the basket and downloads the annex."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from cirkular.core.criteria import CriterionType, Filters, load_library
from tests.e2e.axe import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_filter_add_two_and_download_docx(page: Page, live_server: Any, tmp_path: Path) -> None:
    library = load_library()
    page.goto(live_server.url + "/kriterier/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cirkulärt kriteriebibliotek")
    page.get_by_label("Produktgrupp").select_option("furniture")
    page.get_by_label("Typ").select_option("award")
    expected = [h.criterion for h in library.search(filters=Filters(group="furniture", type=CriterionType.AWARD))]
    results = page.locator("#results .result")
    expect(results).to_have_count(len(expected))
    assert axe_violations(page) == []

    first, second = expected[0], expected[1]
    page.get_by_role("button", name=f"Lägg i korgen: {first.id}").click()
    expect(page.get_by_role("status")).to_contain_text(first.id)
    page.get_by_role("button", name=f"Lägg i korgen: {second.id}").click()
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Korg").click()
    expect(page.locator(".basket .result")).to_have_count(2)
    assert axe_violations(page) == []

    with page.expect_download() as info:
        page.get_by_role("link", name="Bilaga till upphandlingsdokumenten (Word, DOCX)").click()
    target = tmp_path / "bilaga.docx"
    info.value.save_as(target)
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert first.id in text and second.id in text
    assert first.verification.sv.split(".")[0] in text
