"""Webinar deck (PPTX with speaker notes): the Swedish model, the demonstration procurements,
results and lessons. In English for international dissemination; in Swedish it is the deck of
the programme's final meeting.

In English the slides lead with what the data says in both languages (product groups, steps,
ambitions, counts); case titles and the buyers' words are quoted in Swedish and marked so, and
the speaker notes hold no Swedish.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cirkular.cases.models import Recommend
from cirkular.reports.deliverables import common, evaluation
from cirkular.reports.deliverables.common import CaseData
from cirkular.reports.deliverables.evaluation import quote, quoting
from cirkular.reports.document import (
    Block,
    BulletList,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Table,
)
from cirkular.reports.numbers import numbers

SUCCESS_QUOTES = 5


def procurements_table(cases: Sequence[CaseData], language: str) -> Table:
    """The round's procurements; outside Swedish the titles are marked as Swedish."""
    title = _("Procurement (title in Swedish)") if quoting(language) else _("Procurement")
    return Table(
        (title, _("Product group"), _("How far it got")),
        tuple((c.case.title, c.group, c.step) for c in cases),
        languages=(quoting(language), "", ""),
    )


def strategies_chosen(cases: Sequence[CaseData], language: str) -> list[Block]:
    """The ambition-map strategies the round's procurements chose most often."""
    counts = Counter(a.strategy_id for c in cases for a in c.case.ambitions.all())
    top = common.ranked(counts)[:3]
    if not top:
        return []
    m = common.model()
    named = []
    for strategy_id, n in top:
        try:
            name = m.strategy(strategy_id).name.get(language)
        except KeyError:
            name = ""
        named.append(
            ngettext("%(id)s %(name)s (%(n)d procurement)", "%(id)s %(name)s (%(n)d procurements)", n)
            % {"id": strategy_id, "name": name, "n": n}
        )
    return [
        Paragraph(_("Strategies chosen most often in the round: %(strategies)s.") % {"strategies": "; ".join(named)})
    ]


def lesson_blocks(lessons: Sequence[CaseData], language: str) -> list[Block]:
    """Success factors in the buyers' words: as the Swedish deck's own text, or (in another
    language) after the buyers' recommendation counted, each quote in Swedish with the product
    group and kind of organisation it comes from."""
    with_factors = [c for c in lessons if c.lesson and c.lesson.success_factors][:SUCCESS_QUOTES]
    names = common.organisation_names()
    if not quoting(language):
        return [
            Heading(_("Lessons"), notes=_("Success factors the buyers named themselves, anonymised.")),
            BulletList(tuple(common.anonymise(c.lesson.success_factors, names) for c in with_factors if c.lesson)),
        ]
    answers = [c.lesson.recommend for c in lessons if c.lesson and c.lesson.recommend]
    counts = {r: answers.count(r) for r in Recommend}
    blocks: list[Block] = [
        Heading(
            _("Lessons"),
            notes=_(
                "%(n)d buyers said whether they would recommend the approach: %(yes)d yes, %(partly)d partly, "
                "%(no)d no. The success factors are quoted as the buyers wrote them, in Swedish, anonymised; "
                "each is labelled with the product group and kind of organisation."
            )
            % {
                "n": len(answers),
                "yes": counts[Recommend.YES],
                "partly": counts[Recommend.PARTLY],
                "no": counts[Recommend.NO],
            },
        ),
        Paragraph(
            _("Would the buyers recommend the approach? Yes: %(yes)d, partly: %(partly)d, no: %(no)d.")
            % {"yes": counts[Recommend.YES], "partly": counts[Recommend.PARTLY], "no": counts[Recommend.NO]},
            style="lead",
        ),
    ]
    for c in with_factors:
        if c.lesson:
            label = _("%(group)s (%(kind)s)") % {"group": c.group, "kind": c.org_kind.lower()}
            blocks.append(quote(c.lesson.success_factors, label, names))
    return blocks


def build(year: int, language: str) -> Document:
    rnd = common.get_round(year)
    cases = common.cases_of(year, language)
    earlier = common.earlier_round(year)
    earlier_cases = common.cases_of(earlier.year, language) if earlier else []
    fmt = numbers(language)
    m = common.model()
    if quoting(language):  # the round's name is Swedish: the round is named by its year
        title = _("Circular public procurement: the Swedish model")
        subtitle = _("Programme round %(year)d") % {"year": rnd.year}
    else:
        title, subtitle = _("Final meeting"), rnd.name
    doc = Document(title, language, subtitle=subtitle)
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
        *(strategies_chosen(cases, language) if quoting(language) else []),
        Heading(
            _("The demonstration procurements"),
            notes=_("%(n)d procurements in %(groups)d product groups took part in the round.")
            % {"n": len(cases), "groups": len({c.group for c in cases})},
        ),
        procurements_table(cases, language),
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
                *filter(None, [common.cost_key_figure(totals, language)]),
            ),
            _("CO2e from measured KPIs with the programme's impact factors."),
        ),
    )
    lessons = earlier_cases + cases
    doc.add(*evaluation.across_blocks(lessons, language)[:3])
    doc.add(
        *lesson_blocks(lessons, language),
        Heading(_("Thank you"), notes=_("Questions and discussion.")),
        Paragraph(_("The model, the criteria library and these figures are available in cirkular.")),
    )
    return doc
