"""Project report (PDF, DOCX): aims, method, each demonstration procurement, the evaluation of
the earlier round, results against the goals, impact totals with ranges, lessons,
recommendations, related initiatives and an appendix of the criteria used.

Case texts are written by Swedish buyers in Swedish. A Swedish report uses them as its own
text; any other report marks the case titles as Swedish, quotes the outcomes and the lessons
as Swedish (``evaluation.quote``), names the round by its year, and takes the names and units
of KPIs from the criteria library when the buyer kept them as the library has them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cirkular.cases.models import Case, Kpi
from cirkular.evaluations.texts import method_text
from cirkular.reports.criteria_export import type_label
from cirkular.reports.deliverables import common, evaluation, policy
from cirkular.reports.deliverables.common import CaseData
from cirkular.reports.deliverables.evaluation import quote, quoting
from cirkular.reports.document import (
    Block,
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
from cirkular.reports.numbers import NBSP, numbers


def initiatives() -> list[tuple[str, str, str, str]]:
    """Related initiatives: (name, scope, what it offers and how this work relates, source)."""
    return [
        (
            _("Swedish National Agency for Public Procurement: criteria service"),
            _("Sweden"),
            _(
                "Ready-made sustainability requirements with levels, verification and motives. cirkular's "
                "library follows the same structure and adds scoring, follow-up KPIs and impact figures."
            ),
            "https://www.upphandlingsmyndigheten.se/kriterier/",
        ),
        (
            _("SKR ambition plan for circular procurement"),
            _("Sweden"),
            _(
                "The ambition map with goals A–E adapted for Swedish buyers. The model's ambition step uses it, "
                "and every case records its chosen strategies."
            ),
            "https://skr.se/demokratiledningstyrning/upphandling/hallbarupphandling/ambitionsplanforcirkularupphandling.33799.html",
        ),
        (
            _("Norway: DFØ criteria guide"),
            _("Nordic"),
            _(
                "Criteria sets per area that buyers tailor and download, with a required minimum weight for "
                "climate and environment. It is a close parallel to the library and the evaluation models here."
            ),
            "https://anskaffelser.no/verktoy/veiledere/veileder-til-regler-om-klima-og-miljohensyn-i-offentlige-anskaffelser/1-innledning",
        ),
        (
            _("Denmark: TCO tools of the Environmental Protection Agency"),
            _("Nordic"),
            _(
                "Spreadsheets for the total cost of ownership of many product types, including the cost of CO2. "
                "cirkular's LCC and CO2-priced evaluation serve the same need inside the case."
            ),
            "https://denansvarligeindkober.dk/tco-nye-vaerktoejer-goer-det-lettere-offentlige-indkoebere-traeffe-groenne-valg",
        ),
        (
            _("Flanders: circular purchasing knowledge base"),
            _("EU"),
            _(
                "A seven-step purchasing process, examples and communities of practice from the Flemish Green "
                "Deal. The Swedish model builds on the same idea of steps and ambitions, and adds data and follow-up."
            ),
            "https://aankopen.vlaanderen-circulair.be/nl",
        ),
        (
            _("EU green public procurement criteria"),
            _("EU"),
            _(
                "Voluntary criteria at core and comprehensive level for about fifteen product groups, published "
                "as documents. Library criteria state when they derive from them."
            ),
            "https://green-business.ec.europa.eu/green-public-procurement_en",
        ),
        (
            _("ICLEI Procura+ network"),
            _("EU"),
            _(
                "A European network of public buyers with case studies and awards. The demonstration procurements "
                "here add what case studies usually lack: the criteria used and measured outcomes."
            ),
            "https://procuraplus.org/case-studies/",
        ),
    ]


def _evaluation_model(case: Case, language: str) -> str:
    """The latest evaluation model: its title and method; outside Swedish only the method,
    since the title is the buyer's own (Swedish) text."""
    evaluations = sorted(case.evaluations.all(), key=lambda e: e.pk)
    if not evaluations:
        return _("No evaluation model recorded.")
    latest = evaluations[-1]
    method = method_text(str(latest.data.get("method", ""))) or "–"
    title = str(latest.data.get("title", ""))
    if quoting(language) or not title:
        return method
    return _("%(title)s (method: %(method)s)") % {"title": title, "method": method}


def kpi_texts(kpi: Kpi, language: str) -> tuple[str, str, bool]:
    """A KPI's name and unit, and whether they are in the document's language: a KPI taken
    from a criterion and kept as the library has it is named in the library's words in
    ``language``; one the buyer wrote or changed keeps the buyer's (Swedish) words."""
    found = common.criterion(kpi.criterion_id) if kpi.criterion_id else None
    kept = found is not None and found.kpi.id == kpi.kpi_id
    if found is not None and kept and (found.kpi.name.sv, found.kpi.unit.sv) == (kpi.name, kpi.unit):
        return found.kpi.name.get(language), found.kpi.unit.get(language), True
    return kpi.name, kpi.unit, not quoting(language)


def kpi_tables(kpis: Sequence[Kpi], language: str) -> list[Table]:
    """The follow-up KPIs with target and latest value; outside Swedish the KPIs the buyer
    named in Swedish come in a table of their own, its name and unit columns marked Swedish."""
    fmt = numbers(language)
    own: list[tuple[str, ...]] = []
    foreign: list[tuple[str, ...]] = []
    for k in kpis:
        values = sorted(k.measurements.all(), key=lambda x: (x.date, x.pk))
        latest = (
            f"{common.figure(values[-1].value, language)} ({fmt.date(values[-1].date, 'short')})" if values else "–"
        )
        name, unit, native = kpi_texts(k, language)
        # "at least 70" kept on one line in a narrow column
        target = NBSP.join([*str(k.get_direction_display()).split(), common.figure(k.target, language)])
        (own if native else foreign).append((name, unit, target, latest))
    columns = (_("KPI"), _("Unit"), _("Target"), _("Latest value"))
    tables = [Table(columns, tuple(own))] if own else []
    if foreign:
        named = (_("KPI (in Swedish)"), *columns[1:])
        tables.append(Table(named, tuple(foreign), languages=(quoting(language), quoting(language), "", "")))
    return tables


def case_section(c: CaseData, language: str) -> list[Block]:
    fmt = numbers(language)
    foreign = quoting(language)
    m = common.model()
    ambitions = []
    for a in c.case.ambitions.all():
        try:
            name = m.strategy(a.strategy_id).name.get(language)
        except KeyError:
            name = ""
        ambitions.append(f"{a.strategy_id} {name}".strip())
    criteria = []
    for cid in c.criteria:
        found = common.criterion(cid)
        criteria.append(f"{cid} {found.name.get(language)}" if found else cid)
    facts = [
        (_("Kind of organisation"), c.org_kind),
        (_("Product group"), c.group),
        (_("How far it got"), f"{c.step} ({c.status.lower()})"),
        (_("Ambitions"), common.listing(ambitions)),
        (_("Criteria"), common.listing(criteria)),
        (_("Evaluation model"), _evaluation_model(c.case, language)),
    ]
    if not foreign:
        facts.append((_("Outcome"), c.case.outcome))
    blocks: list[Block] = [Heading(c.case.title, 2, language=foreign), evaluation.facts(facts)]
    if foreign and c.case.outcome.strip():
        blocks.append(quote(c.case.outcome, _("Outcome")))
    blocks += kpi_tables(sorted(c.case.kpis.all(), key=lambda k: k.pk), language)
    for i in c.impacts:
        est = i.result.co2e_avoided
        sources = "; ".join(s.title for s in est.sources)
        text = _("%(item)s, %(quantity)s: %(co2e)s avoided (range %(range)s). Source: %(source)s.") % {
            "item": i.result.factor.name.get(language),
            "quantity": f"{fmt.number(i.quantity)} {common.quantity_unit(i.result.factor.quantity_unit)}",
            "co2e": fmt.co2e(est.central),
            "range": fmt.co2e_range(est.low, est.high),
            "source": sources or _("assumption"),
        }
        if i.result.cost_difference is not None:
            text += " " + _("Cost difference: %(cost)s.") % {
                "cost": common.cost_difference_text(i.result.cost_difference, language)
            }
        blocks.append(Paragraph(text, label=_("Impact")))
    return blocks


def goals_blocks(cases: Sequence[CaseData], target: int, language: str) -> list[Block]:
    reached = sum(1 for c in cases if c.reached_procurement)
    with_kpis = sum(1 for c in cases if c.case.kpis.exists())
    status = _("target met") if reached >= target else _("target not yet met")
    return [
        Heading(_("Results against the goals"), 1),
        Paragraph(
            _("The model was demonstrated in %(n)d procurements, target at least %(target)d (%(status)s).")
            % {"n": reached, "target": target, "status": status}
        ),
        Table(
            (_("Goal"), _("Result"), _("Target")),
            (
                (_("Procurements that reached the procurement phase"), str(reached), str(target)),
                (_("Procurements with follow-up KPIs"), str(with_kpis), "–"),
                (_("Procurements in the round"), str(len(cases)), "–"),
            ),
        ),
    ]


def impact_blocks(cases: Sequence[CaseData], language: str) -> list[Block]:
    fmt = numbers(language)
    totals = common.impact_totals(cases)
    co2e, material = totals.co2e_avoided, totals.material_kept
    blocks: list[Block] = [
        Heading(_("Impact"), 1),
        KeyFigures(
            (
                KeyFigure(
                    fmt.co2e(co2e.central),
                    _("CO2e avoided"),
                    _("range %(range)s") % {"range": fmt.co2e_range(co2e.low, co2e.high)},
                ),
                KeyFigure(
                    fmt.mass(material.central),
                    _("material kept in use"),
                    _("range %(range)s") % {"range": fmt.mass_range(material.low, material.high)},
                ),
                *filter(None, [common.cost_key_figure(totals, language)]),
                KeyFigure(fmt.number(totals.count), _("measured quantities")),
            ),
            _("Totals are sums of the low, central and high values, so the range is kept."),
        ),
    ]
    if totals.count:
        blocks.append(common.impact_table(cases, language))
        blocks.append(References(tuple(common.impact_references(cases))))
    else:
        blocks.append(Paragraph(_("No measured KPI maps to an impact factor yet.")))
    return blocks


def criteria_appendix(cases: Sequence[CaseData], language: str) -> list[Block]:
    fmt = numbers(language)
    rows = []
    for cid, n in sorted(common.criteria_counts(cases).items()):
        found = common.criterion(cid)
        if found is None:
            rows.append((cid, "", "", fmt.number(n)))
            continue
        rows.append((f"{cid} v{found.version}", found.name.get(language), type_label(found.type), fmt.number(n)))
    return [
        Heading(_("Appendix: criteria used"), 1),
        Table((_("Criterion"), _("Name"), _("Type"), _("Cases")), tuple(rows)),
    ]


def recommendation_basis(e: policy.Evidence) -> str:
    """How many cases a recommendation rests on, or that none named such a barrier."""
    if not e.cases:
        return _("No case named such a barrier; %(n)d said explicitly that it was none.") % {"n": len(e.cleared)}
    return ngettext("based on %(n)d case", "based on %(n)d cases", len(e.cases)) % {"n": len(e.cases)}


def lesson_blocks(cases: Sequence[CaseData], language: str) -> list[Block]:
    """What worked, anonymised: as the report's own text in Swedish, else quoted as Swedish
    with the product group and kind of organisation it comes from."""
    names = common.organisation_names()
    said = [c for c in cases if c.lesson and c.lesson.what_worked.strip()][:8]
    blocks: list[Block] = [Heading(_("Lessons"), 1)]
    if not quoting(language):
        lessons = tuple(common.anonymise(c.lesson.what_worked, names) for c in said if c.lesson)
        return [*blocks, BulletList(lessons or ("–",))]
    if not said:
        return [*blocks, BulletList(("–",))]
    blocks.append(
        Paragraph(
            _("What worked, in the buyers' own words, quoted as written in Swedish and anonymised."), style="muted"
        )
    )
    return blocks + [quote(c.lesson.what_worked, policy.source(c), names) for c in said if c.lesson]


def build(year: int, language: str) -> Document:
    rnd = common.get_round(year)
    cases = common.cases_of(year, language)
    earlier = common.earlier_round(year)
    earlier_cases = common.cases_of(earlier.year, language) if earlier else []
    if quoting(language):  # the rounds' names are Swedish: a round is named by its year
        title, meta = _("Project report: the %(year)d round") % {"year": rnd.year}, {}
    else:
        title, meta = _("Project report: %(round)s") % {"round": rnd.name}, {_("Round"): rnd.name}
    doc = Document(
        title,
        language,
        subtitle=_("Demonstrating a Swedish model for circular public procurement"),
        meta=meta,
    )
    m = common.model()
    doc.add(
        TableOfContents(depth=1),
        Heading(_("Aims"), 1),
        Paragraph(
            _(
                "The programme set out to evaluate the earlier round, to demonstrate the Swedish model for circular "
                "procurement in at least %(target)d procurements, and to pass on what it learned through a guide, "
                "policy input and dissemination."
            )
            % {"target": rnd.target}
        ),
        Heading(_("Method"), 1),
        Paragraph(
            _(
                "Each procurement followed the model's %(phases)d phases and %(steps)d steps in cirkular: ambitions "
                "from the ambition map, criteria from the library pinned by version, evaluation models, follow-up "
                "KPIs and recorded lessons. This report is generated from those records."
            )
            % {"phases": len(m.phases), "steps": len(m.steps)}
        ),
        Heading(_("The demonstration procurements"), 1),
        *([Paragraph(evaluation.quoted_note(), style="muted")] if quoting(language) else []),
    )
    for c in cases:
        doc.add(*case_section(c, language))
    if earlier:
        doc.add(
            Heading(_("Evaluation of the earlier round"), 1),
            Paragraph(
                (
                    _("The %(year)d round: %(n)d cases, %(done)d completed.")
                    if quoting(language)
                    else _("%(round)s: %(n)d cases, %(done)d completed.")
                )
                % {
                    "round": earlier.name,
                    "year": earlier.year,
                    "n": len(earlier_cases),
                    "done": common.completed(earlier_cases),
                }
            ),
            evaluation.summary_figures(earlier_cases, language),
            *evaluation.barriers_chart(earlier_cases, language),
        )
    doc.add(*goals_blocks(cases, rnd.target, language))
    doc.add(*impact_blocks(cases, language))
    everyone = earlier_cases + cases
    doc.add(*lesson_blocks(everyone, language))
    proposals = policy.evidence([c for c in everyone if c.lesson])
    doc.add(
        Heading(_("Recommendations"), 1),
        BulletList(tuple(f"{policy.proposal(e.group)} ({recommendation_basis(e)})" for e in proposals)),
    )
    related = initiatives()
    doc.add(
        Heading(_("Related initiatives"), 1),
        Table(
            (_("Initiative"), _("Scope"), _("What it offers and how this work relates")), tuple(r[:3] for r in related)
        ),
        References(tuple(Reference(r[0], r[3]) for r in related)),
        PageBreak(),
    )
    doc.add(*criteria_appendix(everyone, language))
    return doc
