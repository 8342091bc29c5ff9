"""Webinar deck (PPTX with speaker notes): the Swedish model, the demonstration procurements,
results and lessons. In English for international dissemination; in Swedish it is the deck of
the programme's final meeting."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cirkular.reports.deliverables import common, evaluation
from cirkular.reports.document import BulletList, Document, Heading, KeyFigure, KeyFigures, Paragraph, Table
from cirkular.reports.numbers import numbers


def build(year: int, language: str) -> Document:
    rnd = common.get_round(year)
    cases = common.cases_of(year, language)
    earlier = common.earlier_round(year)
    earlier_cases = common.cases_of(earlier.year, language) if earlier else []
    fmt = numbers(language)
    m = common.model()
    title = _("Circular public procurement: the Swedish model") if language.startswith("en") else _("Final meeting")
    doc = Document(title, language, subtitle=rnd.name)
    doc.add(
        Heading(
            _("The Swedish model"),
            notes=_(
                "The model has %(phases)d phases and %(steps)d steps. Each step says what to do and what changes "
                "when the procurement is circular, and points to the tools that help."
            )
            % {"phases": len(m.phases), "steps": len(m.steps)},
        ),
        BulletList(
            tuple(f"{p.name.get(language)}: " + ", ".join(s.name.get(language) for s in p.steps) for p in m.phases)
        ),
        Paragraph(
            _("The ambition map: %(goals)s") % {"goals": ", ".join(f"{g.id} {g.name.get(language)}" for g in m.goals)}
        ),
        Heading(
            _("The demonstration procurements"),
            notes=_("%(n)d procurements in %(groups)d product groups took part in the round.")
            % {"n": len(cases), "groups": len({c.group for c in cases})},
        ),
        Table(
            (_("Procurement"), _("Product group"), _("How far it got")),
            tuple((c.case.title, c.group, c.step) for c in cases),
        ),
    )
    totals = common.impact_totals(cases)
    reached = sum(1 for c in cases if c.reached_procurement)
    doc.add(
        Heading(
            _("Results"),
            notes=_(
                "%(reached)d of %(n)d procurements reached the procurement phase, against a target of %(target)d. "
                "Avoided emissions are shown with their low–high range."
            )
            % {"reached": reached, "n": len(cases), "target": rnd.target},
        ),
        KeyFigures(
            (
                KeyFigure(fmt.number(len(cases)), _("demonstration procurements")),
                KeyFigure(fmt.number(reached), _("reached the procurement phase")),
                KeyFigure(
                    fmt.co2e(totals.co2e_avoided.central),
                    _("CO2e avoided"),
                    _("range %(range)s") % {"range": fmt.co2e_range(totals.co2e_avoided.low, totals.co2e_avoided.high)},
                ),
            ),
            _("CO2e from measured KPIs with the programme's impact factors."),
        ),
    )
    lessons = earlier_cases + cases
    doc.add(*evaluation.across_blocks(lessons, language)[:3])
    success = [c.lesson.success_factors for c in lessons if c.lesson and c.lesson.success_factors][:5]
    names = common.organisation_names()
    doc.add(
        Heading(_("Lessons"), notes=_("Success factors the buyers named themselves, anonymised.")),
        BulletList(tuple(common.anonymise(s, names) for s in success)),
        Heading(_("Thank you"), notes=_("Questions and discussion.")),
        Paragraph(_("The model, the criteria library and these figures are available in cirkular.")),
    )
    return doc
