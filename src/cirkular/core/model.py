"""The Swedish model for circular procurement as frozen data.

The content lives in ``content/model/*.yaml``. :func:`load_model` reads it, checks it
(unique ids, every reference resolves, both languages present) and returns a
:class:`Model`, or raises :class:`~cirkular.core.content.ContentError` naming the
file, line, place and problem for everything that is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from cirkular.core.content import (
    CONTENT_DIR,
    Document,
    IdRegistry,
    Node,
    Problem,
    ProblemCode,
    Source,
    Text,
    check_refs,
    raise_problems,
    unreadable,
)

MODEL_FILES = ("phases", "tools", "malkarta", "rladder", "waste_hierarchy", "business_models")
GOAL_RE = re.compile(r"^[A-E]$")
STRATEGY_RE = re.compile(r"^[A-E][1-9][0-9]?$")
R_RE = re.compile(r"^R[0-9]$")
VERSION_RE = re.compile(r"^\d+\.\d+$")


class PhaseId(StrEnum):
    FORBEREDA = "forbereda"
    UPPHANDLA = "upphandla"
    REALISERA = "realisera"


class ToolKind(StrEnum):
    AMBITION = "ambition"
    CHECK = "check"
    DIALOGUE = "dialogue"
    CALCULATION = "calculation"
    EVALUATION = "evaluation"
    FOLLOW_UP = "follow-up"


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: Text


@dataclass(frozen=True)
class Step:
    id: str
    phase_id: str
    number: int  # 1-based position over all phases
    name: Text
    purpose: Text
    circular: Text
    questions: tuple[Text, ...]
    checklist: tuple[ChecklistItem, ...]
    tool_ids: tuple[str, ...]
    outputs: tuple[Text, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Phase:
    id: str
    number: int
    name: Text
    summary: Text
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Tool:
    id: str
    kind: ToolKind
    name: Text
    description: Text
    when: Text
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Strategy:
    id: str
    goal_id: str
    name: Text
    description: Text
    r_codes: tuple[str, ...]
    own_wording: bool


@dataclass(frozen=True)
class Goal:
    id: str
    name: Text
    description: Text
    strategies: tuple[Strategy, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class RCluster:
    id: str
    name: Text


@dataclass(frozen=True)
class RStrategy:
    id: str
    rank: int
    cluster_id: str
    name: Text
    description: Text


@dataclass(frozen=True)
class WasteLevel:
    id: str
    rank: int
    name: Text
    description: Text
    r_codes: tuple[str, ...]


@dataclass(frozen=True)
class BusinessModel:
    id: str
    name: Text
    description: Text
    fits_when: Text
    strategy_ids: tuple[str, ...]
    r_codes: tuple[str, ...]
    examples: tuple[Text, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class FileInfo:
    version: str
    updated: dt.date | None


@dataclass(frozen=True)
class Model:
    phases: tuple[Phase, ...]
    tools: tuple[Tool, ...]
    goals: tuple[Goal, ...]
    clusters: tuple[RCluster, ...]
    ladder: tuple[RStrategy, ...]
    rladder_sources: tuple[Source, ...]
    waste_levels: tuple[WasteLevel, ...]
    waste_sources: tuple[Source, ...]
    business_models: tuple[BusinessModel, ...]
    files: dict[str, FileInfo] = field(hash=False)

    @property
    def version(self) -> str:
        """The content version: the version of ``phases.yaml``, the model's backbone."""
        return self.files["phases"].version

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s for p in self.phases for s in p.steps)

    @property
    def strategies(self) -> tuple[Strategy, ...]:
        return tuple(s for g in self.goals for s in g.strategies)

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def phase(self, phase_id: str) -> Phase:
        for p in self.phases:
            if p.id == phase_id:
                return p
        raise KeyError(phase_id)

    def tool(self, tool_id: str) -> Tool:
        for t in self.tools:
            if t.id == tool_id:
                return t
        raise KeyError(tool_id)

    def goal(self, goal_id: str) -> Goal:
        for g in self.goals:
            if g.id == goal_id:
                return g
        raise KeyError(goal_id)

    def strategy(self, strategy_id: str) -> Strategy:
        for s in self.strategies:
            if s.id == strategy_id:
                return s
        raise KeyError(strategy_id)

    def r_strategy(self, code: str) -> RStrategy:
        for r in self.ladder:
            if r.id == code:
                return r
        raise KeyError(code)

    def neighbours(self, step_id: str) -> tuple[Step | None, Step | None]:
        """The steps before and after ``step_id`` in the whole process."""
        steps = self.steps
        i = [s.id for s in steps].index(step_id)
        return (steps[i - 1] if i > 0 else None, steps[i + 1] if i + 1 < len(steps) else None)

    def steps_using(self, tool_id: str) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if tool_id in s.tool_ids)


class _Loader:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.problems: list[Problem] = []
        self.docs: dict[str, Document] = {}
        self.files: dict[str, FileInfo] = {}
        for name in MODEL_FILES:
            doc = Document(directory / f"{name}.yaml", f"model/{name}.yaml", self.problems)
            self.docs[name] = doc
            root = doc.root()
            if doc.data is not None and not root.is_mapping():
                root.report(ProblemCode.WRONG_TYPE, "the file must hold a mapping at the top")
        # ids of each kind, for duplicates and references
        self.step_ids = IdRegistry("step")
        self.checklist_ids = IdRegistry("checklist item")
        self.tool_ids = IdRegistry("tool")
        self.goal_ids = IdRegistry("goal")
        self.strategy_ids = IdRegistry("strategy")
        self.r_ids = IdRegistry("R-ladder")
        self.cluster_ids = IdRegistry("R-ladder cluster")
        self.waste_ids = IdRegistry("waste hierarchy level")
        self.bm_ids = IdRegistry("business model")
        # references to check once every id is known: (node, key, refs, registry, kind)
        self.refs: list[tuple[Node, str, tuple[str, ...], IdRegistry, str]] = []

    def root(self, name: str) -> Node | None:
        doc = self.docs[name]
        node = doc.root()
        return node if node.is_mapping() else None

    def header(self, name: str, node: Node) -> None:
        version = node.string("version")
        if version and not VERSION_RE.match(version):
            node.report(ProblemCode.BAD_VALUE, f"'version' '{version}' must look like 1.0", "version")
        self.files[name] = FileInfo(version, node.date("updated"))

    def load(self) -> Model:
        phases = self.phases()
        tools = self.tools()
        goals = self.goals()
        clusters, ladder, r_sources = self.rladder()
        levels, waste_sources = self.waste()
        models = self.business_models()
        if not unreadable(self.problems):
            for node, key, refs, registry, kind in self.refs:
                check_refs(node, key, refs, registry, kind)
        raise_problems(self.problems)
        return Model(phases, tools, goals, clusters, ladder, r_sources, levels, waste_sources, models, self.files)

    def r_codes(self, node: Node, required: bool = True) -> tuple[str, ...]:
        codes = node.strings("r_codes", required=required, min_items=1 if required else 0)
        self.refs.append((node, "r_codes", codes, self.r_ids, "R-ladder code"))
        return codes

    def phases(self) -> tuple[Phase, ...]:
        root = self.root("phases")
        if root is None:
            return ()
        self.header("phases", root)
        phases: list[Phase] = []
        number = 0
        phase_ids = IdRegistry("phase")
        for p in root.mappings("phases", min_items=1):
            pid = p.choice("id", [x.value for x in PhaseId])
            phase_ids.add(pid, p)
            steps: list[Step] = []
            for s in p.mappings("steps", min_items=1):
                number += 1
                sid = s.ident()
                self.step_ids.add(sid, s)
                checklist = []
                for c in s.mappings("checklist", min_items=1):
                    cid = c.ident()
                    self.checklist_ids.add(cid, c)
                    if cid and sid and not cid.startswith(f"{sid}-"):
                        c.report(
                            ProblemCode.BAD_VALUE, f"checklist id '{cid}' must start with the step id '{sid}-'", "id"
                        )
                    checklist.append(ChecklistItem(cid, c.text("text") or Text("", "")))
                    c.done()
                tool_ids = s.strings("tools", required=False)
                self.refs.append((s, "tools", tool_ids, self.tool_ids, "tool"))
                steps.append(
                    Step(
                        id=sid,
                        phase_id=pid,
                        number=number,
                        name=s.text("name") or Text("", ""),
                        purpose=s.text("purpose") or Text("", ""),
                        circular=s.text("circular") or Text("", ""),
                        questions=s.texts("questions", min_items=1),
                        checklist=tuple(checklist),
                        tool_ids=tool_ids,
                        outputs=s.texts("outputs", min_items=1),
                        sources=s.sources(),
                    )
                )
                s.done()
            phases.append(
                Phase(
                    pid,
                    len(phases) + 1,
                    p.text("name") or Text("", ""),
                    p.text("summary") or Text("", ""),
                    tuple(steps),
                )
            )
            p.done()
        root.done()
        return tuple(phases)

    def tools(self) -> tuple[Tool, ...]:
        root = self.root("tools")
        if root is None:
            return ()
        self.header("tools", root)
        tools = []
        for t in root.mappings("tools", min_items=1):
            tid = t.ident()
            self.tool_ids.add(tid, t)
            kind = t.choice("kind", [k.value for k in ToolKind])
            tools.append(
                Tool(
                    id=tid,
                    kind=ToolKind(kind) if kind in ToolKind._value2member_map_ else ToolKind.CHECK,
                    name=t.text("name") or Text("", ""),
                    description=t.text("description") or Text("", ""),
                    when=t.text("when") or Text("", ""),
                    sources=t.sources(),
                )
            )
            t.done()
        root.done()
        return tuple(tools)

    def goals(self) -> tuple[Goal, ...]:
        root = self.root("malkarta")
        if root is None:
            return ()
        self.header("malkarta", root)
        goals = []
        for g in root.mappings("goals", min_items=1):
            gid = g.ident(pattern=GOAL_RE)
            self.goal_ids.add(gid, g)
            strategies = []
            for s in g.mappings("strategies", min_items=1):
                sid = s.ident(pattern=STRATEGY_RE)
                self.strategy_ids.add(sid, s)
                if sid and gid and not sid.startswith(gid):
                    s.report(ProblemCode.BAD_VALUE, f"strategy '{sid}' must start with its goal's letter '{gid}'", "id")
                strategies.append(
                    Strategy(
                        id=sid,
                        goal_id=gid,
                        name=s.text("name") or Text("", ""),
                        description=s.text("description") or Text("", ""),
                        r_codes=self.r_codes(s),
                        own_wording=s.boolean("own_wording"),
                    )
                )
                s.done()
            goals.append(
                Goal(
                    gid,
                    g.text("name") or Text("", ""),
                    g.text("description") or Text("", ""),
                    tuple(strategies),
                    g.sources(),
                )
            )
            g.done()
        root.done()
        return tuple(goals)

    def rladder(self) -> tuple[tuple[RCluster, ...], tuple[RStrategy, ...], tuple[Source, ...]]:
        root = self.root("rladder")
        if root is None:
            return (), (), ()
        self.header("rladder", root)
        clusters = []
        for c in root.mappings("clusters", min_items=1):
            cid = c.ident()
            self.cluster_ids.add(cid, c)
            clusters.append(RCluster(cid, c.text("name") or Text("", "")))
            c.done()
        ladder = []
        for i, r in enumerate(root.mappings("ladder", min_items=10)):
            rid = r.ident(pattern=R_RE)
            self.r_ids.add(rid, r)
            if rid and rid != f"R{i}":
                r.report(
                    ProblemCode.BAD_VALUE, f"the ladder must run R0..R9 in order; expected R{i} here, found {rid}", "id"
                )
            cluster = r.string("cluster")
            self.refs.append((r, "cluster", (cluster,), self.cluster_ids, "R-ladder cluster"))
            ladder.append(
                RStrategy(rid, i, cluster, r.text("name") or Text("", ""), r.text("description") or Text("", ""))
            )
            r.done()
        sources = root.sources()
        root.done()
        return tuple(clusters), tuple(ladder), sources

    def waste(self) -> tuple[tuple[WasteLevel, ...], tuple[Source, ...]]:
        root = self.root("waste_hierarchy")
        if root is None:
            return (), ()
        self.header("waste_hierarchy", root)
        levels = []
        for i, w in enumerate(root.mappings("levels", min_items=1)):
            wid = w.ident()
            self.waste_ids.add(wid, w)
            levels.append(
                WasteLevel(
                    wid,
                    i + 1,
                    w.text("name") or Text("", ""),
                    w.text("description") or Text("", ""),
                    self.r_codes(w, required=False),
                )
            )
            w.done()
        sources = root.sources()
        root.done()
        return tuple(levels), sources

    def business_models(self) -> tuple[BusinessModel, ...]:
        root = self.root("business_models")
        if root is None:
            return ()
        self.header("business_models", root)
        models = []
        for b in root.mappings("business_models", min_items=1):
            bid = b.ident()
            self.bm_ids.add(bid, b)
            strategies = b.strings("strategies", min_items=1)
            self.refs.append((b, "strategies", strategies, self.strategy_ids, "målkarta strategy"))
            models.append(
                BusinessModel(
                    id=bid,
                    name=b.text("name") or Text("", ""),
                    description=b.text("description") or Text("", ""),
                    fits_when=b.text("fits_when") or Text("", ""),
                    strategy_ids=strategies,
                    r_codes=self.r_codes(b),
                    examples=b.texts("examples", required=False),
                    sources=b.sources(),
                )
            )
            b.done()
        root.done()
        return tuple(models)


def load_model(directory: Path | None = None) -> Model:
    """Load and validate the model content in ``directory`` (default: the shipped content)."""
    if directory is None:
        return _default_model()
    return _Loader(directory).load()


@cache
def _default_model() -> Model:
    return _Loader(CONTENT_DIR / "model").load()
