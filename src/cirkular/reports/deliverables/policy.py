"""Policy input: the barriers observed across cases, counted and with examples, in four groups
(legal, market, organisational, financial); proposals, each with the evidence behind it; and
national figures from market monitoring when a notice store is loaded (PDF, DOCX).

Outside Swedish, the examples are the buyers' words quoted in Swedish and marked so, each
labelled with its product group and kind of organisation, and the evidence counts cases by
product group instead of listing their Swedish titles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cirkular.reports import charts
from cirkular.reports.deliverables import common
from cirkular.reports.deliverables.common import POLICY_GROUPS, CaseData
from cirkular.reports.deliverables.evaluation import quote, quoting
from cirkular.reports.document import (
    Block,
    BulletList,
    Document,
    Heading,
    Paragraph,
    Table,
    TableOfContents,
)
from cirkular.reports.numbers import numbers

EXAMPLES = 3


@dataclass(frozen=True)
class Evidence:
    group: str
    cases: tuple[CaseData, ...]
    cleared: tuple[CaseData, ...] = ()  # cases that said this kind was no barrier


def evidence(cases: Sequence[CaseData]) -> list[Evidence]:
    out = []
    for group, categories in POLICY_GROUPS:
        hit = tuple(c for c in cases if any(str(k) in c.barriers for k in categories))
        cleared = tuple(c for c in cases if c not in hit and any(str(k) in c.cleared for k in categories))
        out.append(Evidence(group, hit, cleared))
    return out


def proposal(group: str) -> str:
    texts = {
        "legal": _(
            "Clarify in guidance how reused and refurbished goods, take-back and repair can be required and "
            "evaluated under the Public Procurement Act, with examples of wording that has held up."
        ),
        "market": _(
            "Support market development: pooled demand across organisations, longer contracts for reuse "
            "services and early dialogue, so that suppliers can build volume."
        ),
        "organisational": _(
            "Give buyers a mandate, time and training: make someone own the change after contract start and "
            "fund competence in circular requirements and follow-up."
        ),
        "financial": _(
            "Let budgets count life-cycle costs and avoided emissions, and fund the extra cost of the first "
            "circular procurements (sorting, inventory, logistics) until the routines are in place."
        ),
    }
    return texts[group]


def barrier_blocks(
    items: Sequence[Evidence], cases: Sequence[CaseData], names: Sequence[str], language: str
) -> list[Block]:
    fmt = numbers(language)
    chart = charts.bar_chart(
        [common.policy_label(e.group) for e in items],
        [len(e.cases) for e in items],
        title=_("Barriers across cases"),
        language=language,
        value_label=_("Cases"),
    )
    blocks: list[Block] = [
        Heading(_("Barriers across cases"), 1),
        Paragraph(
            _("%(n)d cases recorded lessons. Each case is counted once per group in which it named a barrier.")
            % {"n": len(cases)}
        ),
        chart.figure(_("Cases that named a barrier, by group")),
    ]
    for e in items:
        blocks.append(Heading(common.policy_label(e.group), 2))
        blocks.append(
            Paragraph(
                ngettext(
                    "%(n)s case named a barrier of this kind.",
                    "%(n)s cases named a barrier of this kind.",
                    len(e.cases),
                )
                % {"n": fmt.number(len(e.cases))}
            )
        )
        examples = []
        for c in e.cases[:EXAMPLES]:
            for category in dict(POLICY_GROUPS)[e.group]:
                text = c.barriers.get(str(category))
                if text:
                    examples.append((c, text))
                    break
        if examples and quoting(language):
            blocks += [quote(text, source(c), names) for c, text in examples]
        elif examples:
            blocks.append(BulletList(tuple(f"{c.case.title}: {common.anonymise(text, names)}" for c, text in examples)))
        cleared = e.cleared
        if cleared:
            blocks.append(
                Paragraph(
                    ngettext(
                        "%(n)d case said explicitly that this was no barrier.",
                        "%(n)d cases said explicitly that this was no barrier.",
                        len(cleared),
                    )
                    % {"n": len(cleared)},
                    style="muted",
                )
            )
    return blocks


def source(c: CaseData) -> str:
    """Where a quote comes from, in the document's language: "Furniture and interiors (municipality)"."""
    return _("%(group)s (%(kind)s)") % {"group": c.group, "kind": c.org_kind.lower()}


def named_cases(cases: Sequence[CaseData], language: str) -> str:
    """The cases behind a proposal: their titles in Swedish; otherwise counted by product group
    ("Furniture and interiors (4); …"), since the titles are Swedish."""
    if not quoting(language):
        return common.listing(c.case.title for c in cases)
    counts = Counter(c.group for c in cases)
    return "; ".join(f"{group} ({n})" for group, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def proposal_blocks(items: Sequence[Evidence], language: str) -> list[Block]:
    blocks: list[Block] = [Heading(_("Proposals"), 1)]
    rows = []
    for number, e in enumerate(items, start=1):
        basis = (
            ngettext("Barrier named in %(n)d case: %(cases)s", "Barriers named in %(n)d cases: %(cases)s", len(e.cases))
            % {"n": len(e.cases), "cases": named_cases(e.cases, language)}
            if e.cases
            else _("No case named such a barrier; %(n)d said explicitly that it was none.") % {"n": len(e.cleared)}
        )
        blocks.append(
            Paragraph(
                proposal(e.group),
                label=_("Proposal %(n)d (%(group)s)") % {"n": number, "group": common.policy_label(e.group).lower()},
            )
        )
        blocks.append(Paragraph(basis, label=_("Evidence"), style="muted"))
        rows.append((str(number), common.policy_label(e.group), str(len(e.cases))))
    blocks.append(Table((_("Proposal"), _("Group"), _("Cases behind it")), tuple(rows)))
    return blocks


def monitoring_blocks(language: str, store: Path | None = None) -> list[Block]:
    """National figures from the notice store, or nothing when no store is loaded."""
    try:
        from cirkular.core.notices.stats import Filters, stats
        from cirkular.core.notices.store import default_store

        root = store or default_store()
        if not (root / "_commits").is_dir():
            return []
        result = stats(root, Filters(country="SE"), ["cpv_division"], 10)
    except Exception:
        return []
    fmt = numbers(language)
    t = result.total
    rows = tuple(
        (r.key, fmt.number(r.procedures), fmt.number(r.circular), fmt.percent(r.circular_share, 1))
        for r in result.by.get("cpv_division", [])
    )
    return [
        Heading(_("Market monitoring"), 1),
        Paragraph(
            _("Of %(n)s Swedish procedures in the notice store, %(c)s (%(share)s) show circular requirements.")
            % {"n": fmt.number(t.procedures), "c": fmt.number(t.circular), "share": fmt.percent(t.circular_share, 1)}
        ),
        Table((_("CPV division"), _("Procedures"), _("Circular"), _("Circular share")), rows),
    ]


def build(year: int, language: str, store: Path | None = None) -> Document:
    cases = [c for r in common.rounds() if r.year <= year for c in common.cases_of(r.year, language)]
    with_lessons = [c for c in cases if c.lesson]
    names = common.organisation_names()
    items = evidence(with_lessons)
    doc = Document(
        _("Policy input on circular public procurement"),
        language,
        subtitle=_("Barriers observed in the programme's procurements, and proposals based on them"),
    )
    doc.add(
        TableOfContents(depth=2),
        Heading(_("Summary"), 1),
        Paragraph(
            _(
                "The programme followed %(n)d procurement cases; %(l)d recorded what stood in the way. The barriers "
                "are grouped as legal, market, organisational (organisation, competence and time) and financial "
                "(cost). Every proposal below names the cases it rests on."
            )
            % {"n": len(cases), "l": len(with_lessons)},
            style="lead",
        ),
        *(
            [
                Paragraph(
                    _("The examples are the buyers' own words, quoted as written in Swedish and anonymised."),
                    style="muted",
                )
            ]
            if quoting(language)
            else []
        ),
        *barrier_blocks(items, with_lessons, names, language),
        *proposal_blocks(items, language),
        *monitoring_blocks(language, store),
    )
    return doc
