"""The guide (handledning): per phase and step of the model what to do, what changes when it is
circular, the tools, example criteria and anonymised lessons and pitfalls from real cases.

As a PDF with a table of contents (one :class:`Document`), and as a static HTML site: an index
page, one page per step, a JSON search index and a small script that searches it.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from django.utils.translation import gettext as _

from cirkular.core.criteria import CriterionType
from cirkular.core.model import Step
from cirkular.reports.deliverables import common
from cirkular.reports.deliverables.common import CaseData
from cirkular.reports.document import Block, BulletList, Document, Heading, Paragraph, TableOfContents
from cirkular.reports.render import to_html

# Which kinds of criteria a step works with.
STEP_CRITERIA: dict[str, tuple[CriterionType, ...]] = {
    "upphandlingsdokument": (CriterionType.SELECTION, CriterionType.SPECIFICATION),
    "utvardera": (CriterionType.AWARD,),
    "tilldela": (CriterionType.AWARD,),
    "implementera": (CriterionType.CONTRACT_CLAUSE,),
    "forvalta": (CriterionType.CONTRACT_CLAUSE,),
}

# Which barrier categories are pitfalls of each phase.
PHASE_PITFALLS: dict[str, tuple[str, ...]] = {
    "forbereda": ("organisation", "competence", "time", "market"),
    "upphandla": ("legal", "market", "cost"),
    "realisera": ("organisation", "cost", "time"),
}

EXAMPLES = 4
LESSONS = 3


def all_cases(year: int, language: str) -> list[CaseData]:
    """The cases of the chosen round and every earlier one."""
    out: list[CaseData] = []
    for rnd in common.rounds():
        if rnd.year <= year:
            out.extend(common.cases_of(rnd.year, language))
    return out


def example_criteria(step: Step, cases: Sequence[CaseData], language: str) -> list[str]:
    kinds = STEP_CRITERIA.get(step.id)
    if not kinds:
        return []
    used = common.ranked(common.criteria_counts(cases))
    picked = []
    for cid, _n in used:
        found = common.criterion(cid)
        if found is not None and found.type in kinds:
            picked.append(found)
        if len(picked) == EXAMPLES:
            break
    if not picked:
        picked = [c for c in common.library().criteria if c.type in kinds][:EXAMPLES]
    return [f"{c.id} {c.name.get(language)}: {c.render(language)}" for c in picked]


def _where(c: CaseData) -> str:
    return _("%(kind)s, %(group)s") % {"kind": c.org_kind.lower(), "group": c.group.lower()}


def lessons_for(step: Step, cases: Sequence[CaseData], names: Sequence[str]) -> tuple[list[str], list[str]]:
    """What worked and what stood in the way, from cases whose helpful tools this step uses."""
    tools = set(step.tool_ids)
    related = [(c, c.lesson) for c in cases if c.lesson is not None and tools & set(c.tools_helped)]
    lessons: list[str] = []
    pitfalls: list[str] = []
    categories = PHASE_PITFALLS.get(step.phase_id, ())
    for c, lesson in related:
        if lesson.what_worked and len(lessons) < LESSONS:
            lessons.append(f"{common.anonymise(lesson.what_worked, names)} ({_where(c)})")
        for category in categories:
            text = c.barriers.get(category)
            if text and len(pitfalls) < LESSONS:
                pitfalls.append(f"{common.anonymise(text, names)} ({_where(c)})")
                break
    return lessons, pitfalls


def step_blocks(step: Step, cases: Sequence[CaseData], names: Sequence[str], language: str, level: int) -> list[Block]:
    blocks: list[Block] = [
        Heading(f"{step.number}. {step.name.get(language)}", level, anchor=f"step-{step.id}"),
        Paragraph(step.purpose.get(language), label=_("What to do")),
    ]
    if step.checklist:
        blocks.append(BulletList(tuple(i.text.get(language) for i in step.checklist)))
    blocks.append(Paragraph(step.circular.get(language), label=_("What changes when it is circular")))
    if step.tool_ids:
        blocks.append(Heading(_("Tools"), level + 1))
        items = []
        for tool_id in step.tool_ids:
            tool = common.model().tool(tool_id)
            items.append(f"{tool.name.get(language)}: {tool.description.get(language)}")
        blocks.append(BulletList(tuple(items)))
    examples = example_criteria(step, cases, language)
    if examples:
        blocks.append(Heading(_("Example criteria from the library"), level + 1))
        blocks.append(BulletList(tuple(examples)))
    lessons, pitfalls = lessons_for(step, cases, names)
    if lessons:
        blocks.append(Heading(_("Lessons from the cases"), level + 1))
        blocks.append(BulletList(tuple(lessons)))
    if pitfalls:
        blocks.append(Heading(_("Pitfalls"), level + 1))
        blocks.append(BulletList(tuple(pitfalls)))
    return blocks


def intro(language: str, cases: Sequence[CaseData]) -> Paragraph:
    with_lessons = sum(1 for c in cases if c.lesson)
    return Paragraph(
        _(
            "This guide follows the model's three phases step by step. Each step says what to do, what "
            "changes when the procurement is circular, which tools help, and gives example criteria from "
            "the library. The lessons and pitfalls come from %(n)d procurement cases with recorded lessons; "
            "they are anonymised and name only the kind of organisation and the product group."
        )
        % {"n": with_lessons},
        style="lead",
    )


def build(year: int, language: str) -> Document:
    cases = all_cases(year, language)
    names = common.organisation_names()
    doc = Document(
        _("Guide to circular procurement"),
        language,
        subtitle=_("The model step by step, with lessons from real procurements"),
    )
    doc.add(intro(language, cases), TableOfContents(depth=2))
    for phase in common.model().phases:
        doc.add(Heading(f"{phase.number}. {phase.name.get(language)}", 1, anchor=f"phase-{phase.id}"))
        doc.add(Paragraph(phase.summary.get(language)))
        for step in phase.steps:
            doc.add(*step_blocks(step, cases, names, language, 2))
    return doc


# The static site --------------------------------------------------------------------------

_SITE_CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0; color: #1a1a1a; }
header, footer { background: #123d26; color: #fff; padding: .75rem 1.5rem; }
header a, footer a { color: #fff; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; color: #000; }
.layout { display: flex; gap: 2rem; padding: 1rem 1.5rem; }
nav.steps { min-width: 16rem; } nav.steps ul { list-style: none; padding-left: 1rem; }
nav.steps a[aria-current] { font-weight: bold; }
main { max-width: 48rem; }
a { color: #1d5e3a; } a:focus { outline: 3px solid #f2a900; }
#search-results li { margin: .25rem 0; }
@media (max-width: 50rem) { .layout { flex-direction: column; } }
"""

_SEARCH_JS = """
(function () {
  var input = document.getElementById('search');
  var list = document.getElementById('search-results');
  if (!input || !list || !window.GUIDE_INDEX) return;
  var base = input.getAttribute('data-base') || '';
  input.addEventListener('input', function () {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    list.innerHTML = '';
    if (!words.length) return;
    window.GUIDE_INDEX.filter(function (page) {
      var text = (page.title + ' ' + page.text).toLowerCase();
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    }).slice(0, 20).forEach(function (page) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = base + page.url; a.textContent = page.title;
      li.appendChild(a); list.appendChild(li);
    });
  });
})();
"""


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    body: str
    text: str


def _page(doc: Document, title: str, body: str, nav: str, base: str) -> str:
    lang = escape(doc.language)
    search_label = escape(_("Search the guide"))
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} – {escape(doc.title)}</title>"
        f'<link rel="stylesheet" href="{base}site.css"></head><body>'
        f'<a class="skip" href="#main">{escape(_("Skip to content"))}</a>'
        f'<header><p><a href="{base}index.html">{escape(doc.title)}</a></p></header>'
        f'<div class="layout"><nav class="steps" aria-label="{escape(_("Steps of the model"))}">{nav}'
        f'<div role="search"><label for="search">{search_label}</label> '
        f'<input id="search" type="search" data-base="{base}">'
        f'<ul id="search-results" aria-live="polite"></ul></div></nav>'
        f'<main id="main">{body}</main></div>'
        f"<footer><p>{escape(doc.subtitle)}</p></footer>"
        f'<script src="{base}search-index.js"></script><script src="{base}search.js"></script>'
        f"</body></html>"
    )


def _plain(blocks: Sequence[Block]) -> str:
    parts: list[str] = []
    for b in blocks:
        if isinstance(b, Heading | Paragraph):
            parts.append(b.text)
        elif isinstance(b, BulletList):
            parts.extend(b.items)
    return " ".join(parts)


def site_files(doc: Document) -> dict[str, bytes]:
    """The static site of a guide document: path → content."""
    sections: list[tuple[Heading, list[Block]]] = []
    lead: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level <= 2:
            sections.append((block, []))
        elif isinstance(block, TableOfContents):
            continue
        elif sections:
            sections[-1][1].append(block)
        else:
            lead.append(block)

    def nav(base: str, current: str = "") -> str:
        items: list[str] = []
        for heading, _blocks in sections:
            if heading.level == 1:
                if items:
                    items.append("</ul></li>")
                items.append(f"<li>{escape(heading.text)}<ul>")
            else:
                step_id = heading.anchor.removeprefix("step-")
                mark = ' aria-current="page"' if step_id == current else ""
                items.append(f'<li><a href="{base}steps/{step_id}.html"{mark}>{escape(heading.text)}</a></li>')
        items.append("</ul></li>")
        return "<ul>" + "".join(items) + "</ul>"

    files: dict[str, bytes] = {}
    index_entries = []
    index_body = [f"<h1>{escape(doc.title)}</h1>", f'<p class="lead">{escape(doc.subtitle)}</p>']
    index_body.append(
        to_html(Document("", doc.language, blocks=list(lead)), standalone=False).removeprefix("<h1></h1>")
    )
    phase_blocks: list[Block] = []
    for heading, blocks in sections:
        if heading.level == 1:
            phase_blocks.append(heading)
            phase_blocks.extend(blocks)
            continue
        step_id = heading.anchor.removeprefix("step-")
        # the step is the page's h1; its sub-headings become h2
        page_blocks = [Heading(b.text, 1) if isinstance(b, Heading) else b for b in blocks]
        page_doc = Document(heading.text, doc.language, blocks=page_blocks)
        body = to_html(page_doc, standalone=False)
        path = f"steps/{step_id}.html"
        files[path] = _page(doc, heading.text, body, nav("../", step_id), "../").encode()
        index_entries.append({"url": path, "title": heading.text, "text": _plain(blocks)})
    phases = Document("", doc.language, blocks=phase_blocks)
    index_body.append(to_html(phases, standalone=False).removeprefix("<h1></h1>"))
    files["index.html"] = _page(doc, doc.title, "".join(index_body), nav(""), "").encode()
    data = json.dumps(index_entries, ensure_ascii=False, indent=1, sort_keys=True)
    files["search-index.json"] = data.encode()
    files["search-index.js"] = f"window.GUIDE_INDEX = {data};\n".encode()
    files["search.js"] = _SEARCH_JS.encode()
    files["site.css"] = _SITE_CSS.encode()
    return dict(sorted(files.items()))


def write_site(doc: Document, folder: Path) -> list[Path]:
    written = []
    for name, content in site_files(doc).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return written


def site_zip(doc: Document) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in site_files(doc).items():
            info = zipfile.ZipInfo(f"guide/{name}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()
