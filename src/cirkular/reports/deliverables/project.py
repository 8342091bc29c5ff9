"""Project report (PDF, DOCX): aims, method, each demonstration procurement, the evaluation of
the earlier round, results against the goals, impact totals with ranges, lessons,
recommendations, related initiatives and an appendix of the criteria used."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from cirkular.cases.models import Case
from cirkular.reports.deliverables import common, evaluation, policy
from cirkular.reports.deliverables.common import CaseData
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
from cirkular.reports.numbers import numbers


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


def _evaluation_model(case: Case) -> str:
    evaluations = sorted(case.evaluations.all(), key=lambda e: e.pk)
    if not evaluations:
        return _("No evaluation model recorded.")
    latest = evaluations[-1]
    method = str(latest.data.get("method", "")) or "–"
    return _("%(title)s (method: %(method)s)") % {"title": latest.data.get("title", ""), "method": method}


def case_section(c: CaseData, language: str) -> list[Block]:
    fmt = numbers(language)
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
    blocks: list[Block] = [
        Heading(c.case.title, 2),
        evaluation.facts(
            [
                (_("Kind of organisation"), c.org_kind),
                (_("Product group"), c.group),
                (_("How far it got"), f"{c.step} ({c.status.lower()})"),
                (_("Ambitions"), common.listing(ambitions)),
                (_("Criteria"), common.listing(criteria)),
                (_("Evaluation model"), _evaluation_model(c.case)),
                (_("Outcome"), c.case.outcome),
            ]
        ),
    ]
    kpis = sorted(c.case.kpis.all(), key=lambda k: k.pk)
    if kpis:
        rows = []
        for k in kpis:
            values = sorted(k.measurements.all(), key=lambda x: (x.date, x.pk))
            latest = f"{fmt.number(values[-1].value, 1)} ({fmt.date(values[-1].date, 'short')})" if values else "–"
            rows.append((k.name, k.unit, f"{k.get_direction_display()} {fmt.number(k.target, 1)}", latest))
        blocks.append(Table((_("KPI"), _("Unit"), _("Target"), _("Latest value")), tuple(rows)))
    for i in c.impacts:
        est = i.result.co2e_avoided
        sources = "; ".join(s.title for s in est.sources)
        text = _("%(item)s, %(quantity)s: %(co2e)s avoided (range %(range)s). Source: %(source)s") % {
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
    rows = []
    for cid, n in sorted(common.criteria_counts(cases).items()):
        found = common.criterion(cid)
        if found is None:
            rows.append((cid, "", "", str(n)))
            continue
        rows.append((f"{cid} v{found.version}", found.name.get(language), str(found.type.value), str(n)))
    return [
        Heading(_("Appendix: criteria used"), 1),
        Table((_("Criterion"), _("Name"), _("Type"), _("Cases")), tuple(rows)),
    ]


def build(year: int, language: str) -> Document:
    rnd = common.get_round(year)
    cases = common.cases_of(year, language)
    earlier = common.earlier_round(year)
    earlier_cases = common.cases_of(earlier.year, language) if earlier else []
    doc = Document(
        _("Project report: %(round)s") % {"round": rnd.name},
        language,
        subtitle=_("Demonstrating a Swedish model for circular public procurement"),
        meta={_("Round"): rnd.name},
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
    )
    for c in cases:
        doc.add(*case_section(c, language))
    if earlier:
        doc.add(
            Heading(_("Evaluation of the earlier round"), 1),
            Paragraph(
                _("%(round)s: %(n)d cases, %(done)d completed.")
                % {"round": earlier.name, "n": len(earlier_cases), "done": common.completed(earlier_cases)}
            ),
            evaluation.summary_figures(earlier_cases, language),
            *evaluation.barriers_chart(earlier_cases, language),
        )
    doc.add(*goals_blocks(cases, rnd.target, language))
    doc.add(*impact_blocks(cases, language))
    names = common.organisation_names()
    everyone = earlier_cases + cases
    lessons = [
        f"{common.anonymise(c.lesson.what_worked, names)}" for c in everyone if c.lesson and c.lesson.what_worked
    ][:8]
    doc.add(Heading(_("Lessons"), 1), BulletList(tuple(lessons) or ("–",)))
    proposals = policy.evidence([c for c in everyone if c.lesson])
    doc.add(
        Heading(_("Recommendations"), 1),
        BulletList(
            tuple(f"{policy.proposal(e.group)} ({_('based on %(n)d cases') % {'n': len(e.cases)}})" for e in proposals)
        ),
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
