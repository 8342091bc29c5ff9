"""The evaluation protocol (utvärderingsprotokoll) as one document, rendered to PDF and DOCX."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from cirkular.evaluations.models import Evaluation
from cirkular.evaluations.texts import method_text
from cirkular.reports import render
from cirkular.reports.document import BulletList, Document, Heading, Paragraph, Table
from cirkular.reports.numbers import numbers


def _n(value: Any, language: str) -> str:
    return numbers(language).number(value, digits=2)


def document(ev: Evaluation, results: dict[str, Any], language: str) -> Document:
    with translation.override(language):
        result = results["result"]
        meta = {
            _("Procurement"): ev.case.title,
            _("Organisation"): ev.case.organisation.name,
            _("Version"): str(ev.number),
        }
        if ev.locked:
            meta[_("Locked")] = ev.record.locked_at.strftime("%Y-%m-%d %H:%M")
        doc = Document(title=_("Evaluation protocol"), language=language, subtitle=ev.data.get("title", ""), meta=meta)
        doc.add(Heading(_("Method"), 1), Paragraph(ev.get_kind_display() + " · " + method_text(result.method.value)))
        criteria = ev.data.get("criteria", [])
        if criteria:
            doc.add(
                Table(
                    (_("Criterion"), _("Weight or maximum"), _("Steps")),
                    tuple(
                        (
                            c.get("name", c["id"]),
                            c.get("weight", c.get("max", c.get("max_points", ""))) + (" %" if "weight" in c else ""),
                            ", ".join(f"{s['id']}: {s['value']}" for s in c.get("steps", [])),
                        )
                        for c in criteria
                    ),
                )
            )
        doc.add(Heading(_("Ranking"), 1))
        doc.add(
            Table(
                (_("Rank"), _("Tenderer"), _("Price"), _("Comparison value"), _("Probability of winning")),
                tuple(
                    (
                        str(r["t"].rank),
                        r["t"].name,
                        _n(r["t"].price, language),
                        _n(r["t"].comparison, language),
                        f"{r['probability']} %",
                    )
                    for r in results["rows"]
                ),
            )
        )
        if results.get("winner"):
            doc.add(Paragraph(results["winner"], _("Winner")))
        doc.add(Heading(_("Breakdown per tender"), 1))
        for r in results["rows"]:
            doc.add(Heading(f"{r['t'].rank}. {r['t'].name}", 2))
            doc.add(
                Table(
                    (_("Item"), _("Value"), _("Explanation")),
                    tuple(
                        (
                            line["line"].item,
                            f"{_n(line['line'].value, language)} {line['line'].unit.value}",
                            line["text"],
                        )
                        for line in r["lines"]
                    ),
                )
            )
        if results["flags"]:
            doc.add(Heading(_("Flags"), 1), BulletList(tuple(results["flags"])))
        doc.add(Heading(_("Sensitivity"), 1))
        rows = []
        for t in results["tipping_rows"]:
            p = t["p"]
            rows.append(
                (
                    p.parameter,
                    _n(p.current, language),
                    "—" if p.up is None else f"{_n(p.up, language)} → {t['up_winner']}",
                    "—" if p.down is None else f"{_n(p.down, language)} → {t['down_winner']}",
                )
            )
        if rows:
            doc.add(
                Table((_("Parameter"), _("Now"), _("Winner changes above"), _("Winner changes below")), tuple(rows))
            )
        mc = results["mc"]
        doc.add(Paragraph(_("Monte Carlo: %(draws)s draws, seed %(seed)s.") % {"draws": mc.draws, "seed": mc.seed}))
        if ev.locked:
            doc.add(Heading(_("Record"), 1), Paragraph(ev.record.sha256, "SHA-256", style="code"))
        else:
            doc.add(Paragraph(_("Not locked: this protocol is a draft."), style="muted"))
        return doc


def to_pdf(ev: Evaluation, results: dict[str, Any], language: str) -> bytes:
    return render.to_pdf(document(ev, results, language))


def to_docx(ev: Evaluation, results: dict[str, Any], language: str) -> bytes:
    return render.to_docx(document(ev, results, language))
