"""A document with every kind of block, in Swedish or English, built from real impact figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cirkular.core.impact import Measurement, calculate, total
from cirkular.reports import charts
from cirkular.reports.document import (
    BulletList,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    PageBreak,
    Paragraph,
    Reference,
    References,
    Table,
    TableOfContents,
)
from cirkular.reports.numbers import numbers

TEXT = {
    "sv": {
        "title": "Cirkulär upphandling i praktiken: slutrapport",
        "subtitle": "Demonstration av en svensk modell, omgång 2021",
        "impact": "Klimatnytta och material",
        "impact_notes": "Börja med totalen och betona intervallet: det är en uppskattning, inte en mätning.",
        "intro": "Fallen levererade återbrukade möbler, arbetskläder och renoverade datorer.",
        "co2e": "Undviken klimatpåverkan",
        "kept": "Material i fortsatt bruk",
        "cost": "Lägre kostnad än nytt",
        "range": "intervall",
        "source": "Uppskattning med faktorer från RISE, UPC och ADEME; se källorna sist.",
        "chart": "Undviken CO2e per produkt",
        "share": "Andel återbrukade möbler",
        "target": "Mål",
        "cases": "Fallen",
        "cases_notes": "Gå igenom fallen ett i taget; nämn hindren.",
        "lessons": "Lärdomar",
        "lesson_items": (
            "Marknadsdialogen visade att leverantörer kan renovera.",
            "Beställningen måste vara lika enkel som för nytt.",
        ),
        "sources": "Källor",
        "cols": ("Fall", "Organisation", "Produktgrupp", "Utfall"),
        "chairs": "Kontorsstolar",
        "workwear": "Arbetskläder",
        "laptops": "Bärbara datorer",
        "long": "Lång tabell",
    },
    "en": {
        "title": "Circular procurement in practice: final report",
        "subtitle": "Demonstrating a Swedish model, 2021 round",
        "impact": "Climate benefit and materials",
        "impact_notes": "Start with the total and stress the range: it is an estimate, not a measurement.",
        "intro": "The cases delivered reused furniture, workwear and refurbished laptops.",
        "co2e": "CO2e avoided",
        "kept": "Material kept in use",
        "cost": "Lower cost than new",
        "range": "range",
        "source": "Estimated with factors from RISE, UPC and ADEME; see the sources at the end.",
        "chart": "CO2e avoided per product",
        "share": "Share of reused furniture",
        "target": "Target",
        "cases": "The cases",
        "cases_notes": "Go through the cases one by one; mention the barriers.",
        "lessons": "Lessons",
        "lesson_items": (
            "The market dialogue showed that suppliers can refurbish.",
            "Ordering must be as easy as for new items.",
        ),
        "sources": "Sources",
        "cols": ("Case", "Organisation", "Product group", "Outcome"),
        "chairs": "Office chairs",
        "workwear": "Workwear",
        "laptops": "Laptops",
        "long": "Long table",
    },
}


def sample_document(language: str, cases: int = 30) -> Document:
    t = TEXT[language]
    fmt = numbers(language)
    results = [
        calculate(Measurement("office-chair", Decimal(120), unit="st")),
        calculate(Measurement("workwear", Decimal(350), unit="kg")),
        calculate(
            Measurement("laptop", Decimal(40), years=Decimal(2), new_price=Decimal(12000), circular_price=Decimal(7000))
        ),
    ]
    totals = total(results)
    co2e, kept = totals.co2e_avoided, totals.material_kept
    bar = charts.bar_chart(
        [t["chairs"], t["workwear"], t["laptops"]],
        [r.co2e_avoided.central / 1000 for r in results],
        ranges=[(r.co2e_avoided.low / 1000, r.co2e_avoided.high / 1000) for r in results],
        title=t["chart"],
        language=language,
        unit="t CO2e",
    )
    line = charts.line_chart(
        [dt.date(2021, 10, 31), dt.date(2022, 10, 31), dt.date(2023, 10, 31)],
        [charts.Series(t["share"], (9, 12, 14)), charts.Series(t["target"], (30, 30, 30))],
        title=t["share"],
        language=language,
        unit="%",
    )
    rows = tuple(
        (f"{n:02d}", f"Kommun {n}", ("Möbler", "IT", "Textil")[n % 3], "Avtal tecknat " * (1 + n % 4))
        for n in range(1, cases + 1)
    )
    sources = tuple(dict.fromkeys(co2e.sources))
    doc = Document(t["title"], language, t["subtitle"], {"2021": fmt.date(dt.date(2026, 3, 1))})
    doc.add(
        TableOfContents(),
        Heading(t["impact"], 1, notes=t["impact_notes"]),
        Paragraph(t["intro"], style="lead"),
        KeyFigures(
            (
                KeyFigure(fmt.co2e(co2e.central), t["co2e"], f"{t['range']} {fmt.co2e_range(co2e.low, co2e.high)}"),
                KeyFigure(fmt.mass(kept.central), t["kept"], f"{t['range']} {fmt.mass_range(kept.low, kept.high)}"),
                KeyFigure(fmt.money(totals.cost_difference or 0), t["cost"]),
            ),
            t["source"],
        ),
        bar.figure(t["chart"]),
        Heading(t["share"], 2),
        line.figure(t["share"]),
        PageBreak(),
        Heading(t["cases"], 1, notes=t["cases_notes"]),
        Table(t["cols"], rows, t["long"]),
        Heading(t["lessons"], 1),
        BulletList(t["lesson_items"]),
        Paragraph("Kraven på skick och garanti fungerade. " * 40, "Summering" if language == "sv" else "Summary"),
        Heading(t["sources"], 1),
        References(tuple(Reference(f"{s.title} ({s.year})", s.url) for s in sources)),
    )
    return doc
