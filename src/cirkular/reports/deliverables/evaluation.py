"""Evaluation of a round: per case what was done and learned, and across cases which tools
helped, which barriers came up and how each product group fared (PPTX and PDF).

Case texts (titles, outcomes, barriers, success factors) are written by Swedish buyers in
Swedish. A Swedish document uses them as its own text; any other document leads with the
structured data (product group, step reached, ambitions, tools, criteria, barrier categories)
and quotes the free text as what it is, marked as Swedish (:func:`quote`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cirkular.cases.models import CaseStatus
from cirkular.reports import charts
from cirkular.reports.deliverables import common
from cirkular.reports.deliverables.common import CaseData
from cirkular.reports.document import (
    Block,
    BulletList,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Quote,
    Table,
    TableOfContents,
)
from cirkular.reports.numbers import numbers

CASE_LANGUAGE = "sv"  # the language buyers write case texts in


def quoting(language: str) -> str:
    """The language case texts must be marked with in a document in ``language``: none when
    the document is in the language they were written in."""
    return "" if language.split("-")[0] == CASE_LANGUAGE else CASE_LANGUAGE


def own_words(text: str, names: Sequence[str] = ()) -> str:
    """A case text anonymised in its own language ("organisationen", not "the organisation"
    in the middle of a Swedish sentence)."""
    with translation.override(CASE_LANGUAGE):
        return common.anonymise(text, names) if names else text


def quote(text: str, label: str = "", names: Sequence[str] = ()) -> Quote:
    """A case text quoted as written, in Swedish, in a document in another language."""
    return Quote(own_words(text, names), CASE_LANGUAGE, label=label, note=_("in Swedish"))


def quoted_note() -> str:
    """What a reader outside Sweden needs to know about the quotes."""
    return _(
        "Case titles and the buyers' own words (outcomes, barriers, success factors) are quoted as they were "
        "written, in Swedish."
    )


def ambitions(c: CaseData, language: str) -> str:
    """The ambition-map strategies the case chose, in priority order ("A3 Reuse, …; C2 …")."""
    names = []
    for choice in sorted(c.case.ambitions.all(), key=lambda a: (a.priority, a.strategy_id)):
        try:
            names.append(f"{choice.strategy_id} {common.model().strategy(choice.strategy_id).name.get(language)}")
        except KeyError:
            names.append(choice.strategy_id)
    return "; ".join(names)


def recommendation(c: CaseData) -> str:
    return str(c.lesson.get_recommend_display()) if c.lesson and c.lesson.recommend else ""


def facts(rows: Sequence[tuple[str, str]]) -> Table:
    return Table((_("Aspect"), _("Finding")), tuple((a, b or "–") for a, b in rows))


def case_blocks(c: CaseData, language: str, level: int = 1) -> list[Block]:
    """The evaluation of one case: facts, barriers and success factors. Outside Swedish, the
    facts hold only structured data and the buyer's own words follow as Swedish quotes."""
    foreign = quoting(language)
    criteria = []
    for cid in c.criteria:
        found = common.criterion(cid)
        criteria.append(f"{cid} {found.name.get(language)}" if found else cid)
    tools = [common.tool_name(t, language) for t in c.tools_helped]
    notes = _("%(kind)s, %(group)s. Reached the step %(step)s (%(status)s).") % {
        "kind": c.org_kind,
        "group": c.group,
        "step": c.step,
        "status": c.status.lower(),
    }
    rows = [
        (_("Kind of organisation"), c.org_kind),
        (_("Product group"), c.group),
        (_("How far it got"), f"{c.step} ({c.status.lower()})"),
        (_("Tools that helped"), common.listing(tools)),
        (_("Criteria used"), common.listing(criteria)),
    ]
    if not foreign:
        rows.append((_("Outcome"), c.case.outcome))
        blocks: list[Block] = [Heading(c.case.title, level, notes=notes), facts(rows)]
        if c.barriers:
            blocks.append(Paragraph(_("Barriers"), style="lead"))
            blocks.append(BulletList(tuple(f"{common.barrier_label(k)}: {v}" for k, v in c.barriers.items())))
        if c.lesson and c.lesson.success_factors:
            blocks.append(Paragraph(c.lesson.success_factors, label=_("Success factors")))
        return blocks
    rows[3:3] = [(_("Ambitions (strategies)"), ambitions(c, language))]
    rows.append((_("Barrier categories"), common.listing(common.barrier_label(k) for k in c.barriers)))
    rows.append((_("Would recommend the approach"), recommendation(c)))
    blocks = [Heading(c.case.title, level, notes=notes, language=foreign), facts(rows)]
    if c.case.outcome:
        blocks.append(quote(c.case.outcome, _("Outcome")))
    if c.lesson and c.lesson.success_factors:
        blocks.append(quote(c.lesson.success_factors, _("Success factors")))
    if c.barriers:
        blocks.append(Heading(_("Barriers"), level + 1))
        blocks += [quote(v, common.barrier_label(k)) for k, v in c.barriers.items()]
    return blocks


def tools_chart(cases: Sequence[CaseData], language: str) -> list[Block]:
    counts = common.ranked(common.tool_counts(cases))[:10]
    if not counts:
        return [Paragraph(_("No case has recorded which tools helped."))]
    chart = charts.bar_chart(
        [common.tool_name(t, language) for t, _n in counts],
        [n for _t, n in counts],
        title=_("Tools that helped"),
        language=language,
        value_label=_("Cases"),
    )
    top, n = counts[0]
    text = ngettext(
        "The tool most often named as helpful was %(tool)s, in %(n)d case.",
        "The tool most often named as helpful was %(tool)s, in %(n)d cases.",
        n,
    ) % {"tool": common.tool_name(top, language), "n": n}
    return [Paragraph(text), chart.figure(_("Tools that helped, by number of cases"))]


def barriers_chart(cases: Sequence[CaseData], language: str) -> list[Block]:
    counts = common.barrier_counts(cases)
    order = [str(k) for k in ("legal", "market", "organisation", "cost", "competence", "time")]
    chart = charts.bar_chart(
        [common.barrier_label(k) for k in order],
        [counts.get(k, 0) for k in order],
        title=_("Barriers by category"),
        language=language,
        value_label=_("Cases"),
    )
    with_lessons = sum(1 for c in cases if c.lesson)
    top = common.ranked(counts)
    text = _("%(n)d of %(total)d cases recorded lessons.") % {"n": with_lessons, "total": len(cases)}
    if top:
        text += " " + _(
            "The most frequent barrier category was %(category)s (%(n)d cases); legal barriers: %(legal)d."
        ) % {
            "category": common.barrier_label(top[0][0]).lower(),
            "n": top[0][1],
            "legal": counts.get("legal", 0),
        }
    return [Paragraph(text), chart.figure(_("Barriers by category, number of cases"))]


def outcomes_chart(cases: Sequence[CaseData], language: str) -> list[Block]:
    groups = sorted({c.group for c in cases})
    states = [CaseStatus.COMPLETED, CaseStatus.ACTIVE, CaseStatus.PAUSED, CaseStatus.CANCELLED]
    counts: Counter[tuple[str, str]] = Counter((c.group, c.case.status) for c in cases)
    used = [s for s in states if any(counts[(g, s)] for g in groups)]
    chart = charts.stacked_bar_chart(
        groups,
        [charts.Series(str(s.label), tuple(counts[(g, s)] for g in groups)) for s in used],
        title=_("Outcomes by product group"),
        language=language,
    )
    rows = []
    for g in groups:
        in_group = [c for c in cases if c.group == g]
        rows.append((g, str(len(in_group)), str(sum(1 for c in in_group if c.case.status == CaseStatus.COMPLETED))))
    table = Table((_("Product group"), _("Cases"), _("Completed")), tuple(rows))
    return [chart.figure(_("Outcomes by product group, number of cases")), table]


def across_blocks(cases: Sequence[CaseData], language: str) -> list[Block]:
    return [
        Heading(_("Tools that helped"), notes=_("Which of the model's tools the buyers themselves said helped.")),
        *tools_chart(cases, language),
        Heading(_("Barriers by category"), notes=_("Barriers as the buyers recorded them, counted per case.")),
        *barriers_chart(cases, language),
        Heading(_("Outcomes by product group"), notes=_("How far the cases of each product group got.")),
        *outcomes_chart(cases, language),
    ]


def summary_figures(cases: Sequence[CaseData], language: str) -> KeyFigures:
    fmt = numbers(language)
    return KeyFigures(
        (
            KeyFigure(fmt.number(len(cases)), _("procurement cases")),
            KeyFigure(fmt.number(common.completed(cases)), _("completed")),
            KeyFigure(fmt.number(sum(1 for c in cases if c.reached_procurement)), _("reached the procurement phase")),
            KeyFigure(fmt.number(sum(1 for c in cases if c.lesson)), _("with recorded lessons")),
        )
    )


def build(year: int, language: str) -> Document:
    rnd = common.get_round(year)
    cases = common.cases_of(year, language)
    if quoting(language):  # the round's name is Swedish: the round is named by its year
        title, meta = _("Evaluation of the %(year)d round") % {"year": rnd.year}, {}
    else:
        title, meta = _("Evaluation of the round %(round)s") % {"round": rnd.name}, {_("Round"): rnd.name}
    doc = Document(
        title,
        language,
        subtitle=_("What the procurement cases did, what helped and what stood in the way"),
        meta=meta,
    )
    doc.add(
        TableOfContents(depth=1),
        Heading(
            _("Summary"),
            notes=_("The round had %(n)d procurement cases; %(done)d were completed.")
            % {"n": len(cases), "done": common.completed(cases)},
        ),
        summary_figures(cases, language),
        Paragraph(
            _(
                "This evaluation is generated from the cases recorded in cirkular: for every case the kind of "
                "organisation, product group, how far it got, the tools and criteria used, the outcome, the "
                "barriers and the success factors; then the same across all cases."
            )
        ),
        *([Paragraph(quoted_note(), style="muted")] if quoting(language) else []),
        *across_blocks(cases, language),
    )
    for c in cases:
        doc.add(*case_blocks(c, language))
    return doc
