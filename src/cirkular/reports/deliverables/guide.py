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
#
# index.html (the phases and their steps), phases/<id>.html, steps/<id>.html, a search index
# (JSON, and the same as a script so the site also works opened from disk) and a search script.
# Every page has the language of the edition, a skip link, one h1 and the landmarks banner,
# navigation, search, main and contentinfo. The search box is shown only when its script runs.

_SITE_CSS = """
:root { --ink: #1a1a1a; --muted: #4a4a4a; --green: #1d5e3a; --dark: #123d26; --light: #eef5f0;
  --focus: #b35c00; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0; color: var(--ink); background: #fff;
  overflow-wrap: break-word; }
a { color: var(--green); }
a:hover { color: var(--dark); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
main:focus { outline: none; }
.skip { position: absolute; left: .5rem; top: -4rem; z-index: 10; padding: .5rem 1rem; background: var(--dark);
  color: #fff; }
.skip:focus { top: .5rem; color: #fff; }
.site-header, .site-footer { background: var(--dark); color: #fff; }
.site-header a, .site-footer a { color: #fff; }
.site-header :focus-visible, .skip:focus-visible { outline-color: #ffd27a; }
.site-header .wrap, .site-footer .wrap { max-width: 76rem; margin: 0 auto; padding: .9rem 1.5rem; }
.site-header p { margin: 0; font-size: 1.15rem; font-weight: 700; }
.site-header a { text-decoration: none; }
.site-header a:hover, .site-header a:focus { text-decoration: underline; }
.site-footer p { margin: 0; }
.layout { display: flex; align-items: flex-start; gap: 2.5rem; max-width: 76rem; margin: 0 auto;
  padding: 1.5rem; }
.sidebar { flex: 0 0 18rem; }
main { flex: 1 1 auto; min-width: 0; max-width: 48rem; }
h1, h2, h3 { line-height: 1.25; color: var(--dark); }
h1 { font-size: 2rem; margin: 0 0 .75rem; }
h2 { font-size: 1.4rem; margin: 2rem 0 .5rem; }
p.lead { font-size: 1.1rem; }
main li { margin: .3rem 0; }
.search { margin: 0 0 1.5rem; }
.search label { display: block; font-weight: 700; margin-bottom: .25rem; }
.search input { width: 100%; font: inherit; padding: .4rem .5rem; border: 1px solid #6b6b6b; border-radius: 3px; }
.search .status { margin: .4rem 0 0; color: var(--muted); font-size: .9rem; }
.search .status:empty { display: none; }
.search ul { list-style: none; margin: .25rem 0 0; padding: 0; }
.search li { margin: .15rem 0; padding: .35rem .5rem; background: var(--light); border-radius: 3px; }
.search li p { margin: .15rem 0 0; font-size: .85rem; color: var(--muted); }
nav.steps ul { list-style: none; margin: 0; padding: 0; }
nav.steps ul ul { margin: .25rem 0 .9rem; padding-left: .9rem; border-left: 2px solid #c9d9ce; }
nav.steps li { margin: .2rem 0; }
nav.steps .phase > a { font-weight: 700; color: var(--dark); }
nav.steps a[aria-current] { font-weight: 700; color: var(--ink); text-decoration: none; }
nav.steps a[aria-current]::before { content: "▸ "; }
.phase-steps li a { font-weight: 600; }
.phase-steps li p { margin: .1rem 0 .6rem; }
.pager { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1rem; margin-top: 2.5rem;
  padding-top: 1rem; border-top: 1px solid #c9d9ce; }
@media (max-width: 50rem) {
  .layout { flex-direction: column; gap: 1rem; padding: 1rem; }
  .sidebar { flex: none; width: 100%; }
  h1 { font-size: 1.6rem; }
  h2 { font-size: 1.25rem; }
  .site-header .wrap, .site-footer .wrap { padding: .75rem 1rem; }
}
@media print { .skip, .sidebar, .pager { display: none; } }
"""

_SEARCH_JS = """
(function () {
  var form = document.getElementById('search-form');
  var input = document.getElementById('search');
  var list = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  if (!form || !input || !list || !status || !window.GUIDE_INDEX) return;
  form.hidden = false;
  var base = form.getAttribute('data-base') || '';
  var found = form.getAttribute('data-found') || '';

  function snippet(text, word) {
    var at = text.toLowerCase().indexOf(word);
    if (at < 0) return '';
    // whole words around the first hit
    var start = Math.max(0, at - 50);
    var space = text.indexOf(' ', start);
    if (start > 0 && space >= 0 && space < at) start = space + 1;
    var end = Math.min(text.length, at + word.length + 70);
    space = text.lastIndexOf(' ', end);
    if (end < text.length && space > at + word.length) end = space;
    return (start > 0 ? '… ' : '') + text.slice(start, end) + (end < text.length ? ' …' : '');
  }

  function search() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    list.innerHTML = '';
    if (!words.length) { status.textContent = ''; return; }
    var hits = [];
    window.GUIDE_INDEX.forEach(function (page) {
      var title = page.title.toLowerCase();
      var text = page.text.toLowerCase();
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var inTitle = title.indexOf(words[i]) >= 0;
        var count = text.split(words[i]).length - 1;
        if (!inTitle && !count) return;
        score += (inTitle ? 10 : 0) + count;
      }
      hits.push({page: page, score: score});
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    hits.slice(0, 20).forEach(function (hit) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = base + hit.page.url;
      a.textContent = hit.page.title;
      li.appendChild(a);
      var context = snippet(hit.page.text, words[0]);
      if (context) {
        var p = document.createElement('p');
        p.textContent = context;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    status.textContent = found + ': ' + hits.length;
  }

  input.addEventListener('input', search);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    search();
    var first = list.querySelector('a');
    if (first) first.focus();
  });
  list.addEventListener('keydown', function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll('a'));
    var at = links.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === 'ArrowDown' && at < links.length - 1) { links[at + 1].focus(); event.preventDefault(); }
    else if (event.key === 'ArrowUp') { (at > 0 ? links[at - 1] : input).focus(); event.preventDefault(); }
    else if (event.key === 'Escape') { input.focus(); event.preventDefault(); }
  });
  input.addEventListener('keydown', function (event) {
    var first = list.querySelector('a');
    if (event.key === 'ArrowDown' && first) { first.focus(); event.preventDefault(); }
    else if (event.key === 'Escape') { input.value = ''; search(); }
  });
})();
"""


@dataclass
class _Section:
    heading: Heading
    blocks: list[Block]


@dataclass
class _Phase(_Section):
    steps: list[_Section]

    @property
    def path(self) -> str:
        return f"phases/{self.heading.anchor.removeprefix('phase-')}.html"


def _step_path(step: _Section) -> str:
    return f"steps/{step.heading.anchor.removeprefix('step-')}.html"


def _page(doc: Document, title: str, body: str, nav: str, base: str) -> str:
    lang = escape(doc.language)
    skip, results, search, model = _("Skip to content"), _("Results"), _("Search the guide"), _("The model")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} – {escape(doc.title)}</title>"
        f'<link rel="stylesheet" href="{base}site.css"></head><body>'
        f'<a class="skip" href="#main">{escape(skip)}</a>'
        f'<header class="site-header"><div class="wrap"><p><a href="{base}index.html">{escape(doc.title)}</a></p>'
        f"</div></header>"
        f'<div class="layout"><div class="sidebar">'
        f'<form class="search" id="search-form" role="search" hidden data-base="{base}"'
        f' data-found="{escape(results)}">'
        f'<label for="search">{escape(search)}</label>'
        f'<input id="search" type="search" autocomplete="off" aria-controls="search-results">'
        f'<p class="status" id="search-status" role="status"></p>'
        f'<ul id="search-results"></ul></form>'
        f'<nav class="steps" aria-label="{escape(model)}">{nav}</nav></div>'
        f'<main id="main" tabindex="-1">{body}</main></div>'
        f'<footer class="site-footer"><div class="wrap"><p>{escape(doc.subtitle)}</p></div></footer>'
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


def _sections(doc: Document) -> tuple[list[Block], list[_Phase]]:
    """The blocks before the first phase, and the phases with their steps."""
    lead: list[Block] = []
    phases: list[_Phase] = []
    for block in doc.blocks:
        if isinstance(block, TableOfContents):
            continue
        if isinstance(block, Heading) and block.level == 1:
            phases.append(_Phase(block, [], []))
        elif isinstance(block, Heading) and block.level == 2 and phases:
            phases[-1].steps.append(_Section(block, []))
        elif phases and phases[-1].steps:
            phases[-1].steps[-1].blocks.append(block)
        elif phases:
            phases[-1].blocks.append(block)
        else:
            lead.append(block)
    return lead, phases


def _fragment(blocks: Sequence[Block], language: str) -> str:
    """Blocks as HTML without a title (headings one level below the page's h1)."""
    return to_html(Document("", language, blocks=list(blocks)), standalone=False).removeprefix("<h1></h1>")


def _link(href: str, text: str, current: bool = False) -> str:
    mark = ' aria-current="page"' if current else ""
    return f'<a href="{href}"{mark}>{escape(text)}</a>'


def _step_list(phase: _Phase, base: str) -> str:
    """The steps of a phase as links, each with what to do."""
    items = []
    for step in phase.steps:
        purpose = next((b.text for b in step.blocks if isinstance(b, Paragraph)), "")
        summary = f"<p>{escape(purpose)}</p>" if purpose else ""
        items.append(f"<li>{_link(base + _step_path(step), step.heading.text)}{summary}</li>")
    return f'<ul class="phase-steps">{"".join(items)}</ul>'


def site_files(doc: Document) -> dict[str, bytes]:
    """The static site of a guide document: path → content."""
    lead, phases = _sections(doc)
    language = doc.language

    def nav(base: str, current: str = "") -> str:
        items: list[str] = []
        for phase in phases:
            steps = "".join(
                f"<li>{_link(base + _step_path(s), s.heading.text, _step_path(s) == current)}</li>" for s in phase.steps
            )
            items.append(
                f'<li class="phase">{_link(base + phase.path, phase.heading.text, phase.path == current)}'
                f"<ul>{steps}</ul></li>"
            )
        return "<ul>" + "".join(items) + "</ul>"

    files: dict[str, bytes] = {}
    index_entries = []
    index_body = [f"<h1>{escape(doc.title)}</h1>", f'<p class="lead">{escape(doc.subtitle)}</p>']
    index_body.append(_fragment(lead, language))
    all_steps = [step for phase in phases for step in phase.steps]
    steps_label, previous_label, next_label = _("Steps"), _("Previous step"), _("Next step")
    for phase in phases:
        index_body.append(f"<h2>{_link(phase.path, phase.heading.text)}</h2>")
        index_body.append(_fragment(phase.blocks, language))
        index_body.append(_step_list(phase, ""))
        phase_body = [f"<h1>{escape(phase.heading.text)}</h1>", _fragment(phase.blocks, language)]
        phase_body.append(f"<h2>{escape(steps_label)}</h2>{_step_list(phase, '../')}")
        files[phase.path] = _page(doc, phase.heading.text, "".join(phase_body), nav("../", phase.path), "../").encode()
        for step in phase.steps:
            at = all_steps.index(step)
            # the step is the page's h1; its sub-headings become h2
            page_blocks = [Heading(b.text, 1) if isinstance(b, Heading) else b for b in step.blocks]
            body = to_html(Document(step.heading.text, language, blocks=page_blocks), standalone=False)
            pager = []
            if at > 0:
                before = all_steps[at - 1]
                pager.append(
                    f'<a rel="prev" href="../{_step_path(before)}">← {escape(previous_label)}: '
                    f"{escape(before.heading.text)}</a>"
                )
            if at < len(all_steps) - 1:
                after = all_steps[at + 1]
                pager.append(
                    f'<a rel="next" href="../{_step_path(after)}">{escape(next_label)}: '
                    f"{escape(after.heading.text)} →</a>"
                )
            body += f'<nav class="pager" aria-label="{escape(steps_label)}">{"".join(pager)}</nav>'
            path = _step_path(step)
            files[path] = _page(doc, step.heading.text, body, nav("../", path), "../").encode()
            index_entries.append({"url": path, "title": step.heading.text, "text": _plain(step.blocks)})
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
