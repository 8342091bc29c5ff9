"""The criteria library on the web: search, basket, exports."""

from __future__ import annotations

import io
import json
import subprocess
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document as Docx
from lxml import etree
from openpyxl import load_workbook

from cirkular.core.criteria import CriterionType, Selected, load_library
from cirkular.reports import criteria_export

pytestmark = pytest.mark.django_db
LIBRARY = load_library()


def url(name: str, language: str = "sv", **kwargs: object) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def add(client: Client, criterion_id: str) -> None:
    response = client.post(url("library:basket_add"), {"criterion": criterion_id})
    assert response.status_code == 302


def test_search_page_lists_the_whole_library(client: Client) -> None:
    html = client.get(url("library:search")).content.decode()
    assert html.count('class="result"') == len(LIBRARY)


def test_search_with_words_and_filters(client: Client) -> None:
    response = client.get(url("library:search"), {"q": "återbrukade möbler", "group": "furniture"})
    html = response.content.decode()
    expected = [h.criterion.id for h in LIBRARY.search("återbrukade möbler")]
    assert expected
    for cid in expected:
        if cid.startswith("CIR-MOB"):
            assert cid in html


def test_htmx_search_returns_only_the_results(client: Client) -> None:
    response = client.get(url("library:search"), {"q": "möbler"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'class="result"' in html


def test_bad_filter_values_get_translated_errors(client: Client) -> None:
    html = client.get(url("library:search"), {"cpv": "12ab"}).content.decode()
    assert "En CPV-kod har åtta siffror" in html
    html = client.get(url("library:search", "en"), {"cpv": "99999999"}).content.decode()
    assert "99999999 is not a code in CPV 2008." in html
    html = client.get(url("library:search"), {"type": "<script>"}).content.decode()
    assert "<script>" not in html.split("<main")[1].split("</form>")[0].replace("<script src", "")


def test_detail_page_in_both_languages(client: Client) -> None:
    c = LIBRARY.criteria[0]
    sv = client.get(url("library:detail", criterion_id=c.id)).content.decode()
    en = client.get(url("library:detail", "en", criterion_id=c.id)).content.decode()
    assert c.name.sv.replace("'", "&#x27;") in sv and c.name.en.replace("'", "&#x27;") in en
    assert client.get(url("library:detail", criterion_id="CIR-XXX-999")).status_code == 404


def test_basket_keeps_criteria_for_an_anonymous_visitor(client: Client) -> None:
    award = next(c for c in LIBRARY.criteria if c.type is CriterionType.AWARD)
    spec = next(c for c in LIBRARY.criteria if c.type is CriterionType.SPECIFICATION)
    add(client, award.id)
    add(client, spec.id)
    html = client.get(url("library:basket")).content.decode()
    html = html[html.index('<ol class="basket">') :]
    # ordered by type: the specification before the award criterion
    assert html.index(spec.id) < html.index(award.id)
    assert "BT-774" in html and "circ-econ" in html


def test_adding_an_unknown_id_is_refused_with_a_message(client: Client) -> None:
    response = client.post(url("library:basket_add"), {"criterion": "CIR-ZZZ-001"}, follow=True)
    assert "Det finns inget kriterium med id CIR-ZZZ-001." in response.content.decode()


def test_a_wrong_parameter_value_is_refused_and_the_old_value_kept(client: Client) -> None:
    c = next(c for c in LIBRARY.criteria if c.parameters and c.parameters[0].maximum is not None)
    p = c.parameters[0]
    add(client, c.id)
    values_url = url("library:basket_values", index=0)
    response = client.post(values_url, {p.id: "tio"}, follow=True)
    assert "ange ett tal" in response.content.decode()
    assert client.session["criteria_basket"][0]["values"][p.id] == str(p.default)
    assert p.maximum is not None
    response = client.post(values_url, {p.id: str(p.maximum + 1)}, follow=True)
    assert "det högsta tillåtna värdet" in response.content.decode()
    good = p.maximum if p.kind.value != "integer" else int(p.maximum)
    response = client.post(values_url, {p.id: str(good).replace(".", ",")}, follow=True)
    assert Decimal(client.session["criteria_basket"][0]["values"][p.id]) == Decimal(good)


def test_remove_and_clear(client: Client) -> None:
    add(client, LIBRARY.criteria[0].id)
    add(client, LIBRARY.criteria[1].id)
    client.post(url("library:basket_remove", index=0))
    assert [e["id"] for e in client.session["criteria_basket"]] == [LIBRARY.criteria[1].id]
    response = client.post(url("library:basket_remove", index=5), follow=True)
    assert "finns inte längre i korgen" in response.content.decode()
    client.post(url("library:basket_clear"))
    assert "criteria_basket" not in client.session


def test_exports_download_in_every_format(client: Client) -> None:
    chosen = [c.id for c in LIBRARY.criteria[:4]]
    for cid in chosen:
        add(client, cid)
    docx = client.get(url("library:basket_export", fmt="docx"))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    text = "\n".join(p.text for p in Docx(io.BytesIO(docx.content)).paragraphs)
    assert all(cid in text for cid in chosen)
    data = json.loads(client.get(url("library:basket_export", fmt="json")).content)
    assert [c["id"] for c in data["criteria"]] and {c["id"] for c in data["criteria"]} == set(chosen)
    assert all(isinstance(c["version"], int) for c in data["criteria"])
    pdf = client.get(url("library:basket_export", fmt="pdf")).content
    assert pdf.startswith(b"%PDF")
    xml = client.get(url("library:basket_export", fmt="eforms")).content
    tree = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    codes = {
        (e.get("listName"), e.text)
        for e in tree.iter("{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}ProcurementTypeCode")
    }
    assert ("strategic-procurement", "env-imp") in codes and ("environmental-impact", "circ-econ") in codes
    assert any(name == "gpp-criteria" for name, _ in codes)
    assert client.get(url("library:basket_export", fmt="exe")).status_code == 404


def test_export_of_an_empty_basket_explains_itself(client: Client) -> None:
    response = client.get(url("library:basket_export", fmt="docx"), follow=True)
    assert "Korgen är tom" in response.content.decode()


def test_xlsx_round_trip_gives_the_same_ids_and_texts() -> None:
    items = [Selected(c, {}) for c in LIBRARY.criteria[:10]]
    with translation.override("sv"):
        book = load_workbook(io.BytesIO(criteria_export.to_xlsx(items, "sv")))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    ordered = [
        s.criterion for s in sorted(items, key=lambda s: (list(CriterionType).index(s.criterion.type), s.criterion.id))
    ]
    assert [r[0] for r in rows] == [c.id for c in ordered]
    assert [r[5] for r in rows] == [criteria_export.neutralise(c.render("sv")) for c in ordered]
    assert [r[1] for r in rows] == [c.version for c in ordered]


def test_xlsx_neutralises_formula_like_cells() -> None:
    assert criteria_export.neutralise('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for start in "=+-@":
        assert criteria_export.neutralise(start + "1+1").startswith("'")
    assert criteria_export.neutralise("Leverantören ska") == "Leverantören ska"


def test_pdf_annex_is_a_real_pdf_with_the_ids(tmp_path: object) -> None:
    items = [Selected(c, {}) for c in LIBRARY.criteria[:3]]
    with translation.override("en"):
        pdf = criteria_export.to_pdf(items, "en")
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    for s in items:
        assert s.criterion.id in out
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=False).stdout.decode()
    assert "yes" in fonts or fonts == ""
