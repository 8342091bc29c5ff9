"""The circular criteria library: load, validate, search and select.

The library is data first: each product group is a YAML file in
``content/criteria/``; every criterion has a stable id (``CIR-MOB-012``) and a
version, CPV codes checked against CPV 2008, R-ladder and målkarta tags from the model,
and its verification and follow-up. :func:`load_library` validates it all and returns
a :class:`CriteriaLibrary` that answers filtered free-text searches in both languages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from cirkular.core import cpv as cpvlib
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
)
from cirkular.core.cpv import CpvList, load_cpv
from cirkular.core.model import Model, load_model
from cirkular.core.text import stems

CRITERION_ID_RE = re.compile(r"^CIR-[A-Z]{3}-\d{3}$")
CHOICE_ID_RE = re.compile(r"^CIR-[A-Z]{3}-V\d{2}$")
GROUP_CODE_RE = re.compile(r"^[A-Z]{3}$")
PLACEHOLDER_RE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
PARAM_ID_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
VERSION_RE = re.compile(r"^\d+\.\d+$")
# eForms code list environmental-impact (BT-774), SDK 1.15
ENVIRONMENTAL_IMPACTS = frozenset(
    {"biodiv-eco", "circ-econ", "clim-adapt", "clim-mitig", "pollu-prev", "water-mar", "other"}
)


class CriterionType(StrEnum):
    SELECTION = "selection"  # kvalificeringskrav
    SPECIFICATION = "specification"  # teknisk specifikation
    AWARD = "award"  # tilldelningskriterium
    CONTRACT_CLAUSE = "contract_clause"  # särskilt kontraktsvillkor

    @property
    def mandatory(self) -> bool:
        return self is not CriterionType.AWARD


TYPE_ORDER = {t: i for i, t in enumerate(CriterionType)}


class Level(StrEnum):
    CORE = "core"  # bas
    ADVANCED = "advanced"  # avancerad
    LEADING_EDGE = "leading_edge"  # spjutspets


LEVEL_ORDER = {lv: i for i, lv in enumerate(Level)}


class ParameterKind(StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"
    SEK = "sek"


class ScoringKind(StrEnum):
    POINTS = "points"
    DEDUCTION_SEK = "deduction_sek"
    DEDUCTION_PERCENT = "deduction_percent"


@dataclass(frozen=True)
class Parameter:
    id: str
    label: Text
    kind: ParameterKind
    default: Decimal
    minimum: Decimal | None
    maximum: Decimal | None
    unit: Text | None

    def check(self, value: Decimal) -> str | None:
        """A message code when ``value`` is not allowed, else None."""
        if self.kind is ParameterKind.INTEGER and value != value.to_integral_value():
            return "parameter-not-integer"
        if self.minimum is not None and value < self.minimum:
            return "parameter-below-minimum"
        if self.maximum is not None and value > self.maximum:
            return "parameter-above-maximum"
        return None


@dataclass(frozen=True)
class ScoringStep:
    when: Text
    value: Decimal


@dataclass(frozen=True)
class Scoring:
    kind: ScoringKind
    maximum: Decimal
    steps: tuple[ScoringStep, ...]


@dataclass(frozen=True)
class Kpi:
    id: str
    name: Text
    unit: Text


@dataclass(frozen=True)
class Criterion:
    id: str
    version: int
    created: dt.date | None
    reviewed: dt.date | None
    group_id: str
    name: Text
    type: CriterionType
    level: Level
    text: Text
    parameters: tuple[Parameter, ...]
    scoring: Scoring | None
    r_codes: tuple[str, ...]
    strategies: tuple[str, ...]
    motive: Text
    verification: Text
    follow_up: Text
    kpi: Kpi
    cpv: tuple[str, ...]
    legal: Text | None
    sources: tuple[Source, ...]
    environmental_impacts: tuple[str, ...] = ()
    gpp_origin: str = "other"

    @property
    def goals(self) -> frozenset[str]:
        return frozenset(s[0] for s in self.strategies)

    @property
    def ref(self) -> str:
        """Id and version, as a case pins it: ``CIR-MOB-012@1``."""
        return f"{self.id}@{self.version}"

    def parameter(self, parameter_id: str) -> Parameter:
        for p in self.parameters:
            if p.id == parameter_id:
                return p
        raise KeyError(parameter_id)

    def render(self, language: str, values: Mapping[str, Decimal] | None = None) -> str:
        """The criterion text with its parameters filled in (defaults where not given)."""
        given = dict(values or {})
        text = self.text.get(language)
        for p in self.parameters:
            value = given.get(p.id, p.default)
            shown = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
            if language.startswith("sv"):
                shown = shown.replace(".", ",")
            text = text.replace("{" + p.id + "}", shown)
        return text


@dataclass(frozen=True)
class Choice:
    """A procurement choice that is not a criterion: rent, call off from a reuse framework, …"""

    id: str
    group_id: str
    name: Text
    description: Text
    fits_when: Text
    business_model: str
    strategies: tuple[str, ...]
    r_codes: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class ProductGroup:
    id: str
    code: str
    name: Text
    description: Text
    cpv: tuple[str, ...]
    version: str
    updated: dt.date | None


@dataclass(frozen=True)
class Filters:
    group: str | None = None
    cpv: str | None = None
    type: CriterionType | None = None
    level: Level | None = None
    r_code: str | None = None
    goal: str | None = None
    strategy: str | None = None


@dataclass(frozen=True)
class Hit:
    criterion: Criterion
    score: float


@dataclass
class _Index:
    """Stems of a criterion's searchable fields, per language, with field weights."""

    exact: dict[str, float] = field(default_factory=dict)
    tokens: tuple[str, ...] = ()


_FIELD_WEIGHTS = (("name", 3.0), ("text", 2.0), ("motive", 1.0), ("verification", 0.5), ("follow_up", 0.5))


class CriteriaLibrary:
    def __init__(
        self,
        groups: Sequence[ProductGroup],
        criteria: Sequence[Criterion],
        choices: Sequence[Choice],
    ) -> None:
        self.groups = tuple(groups)
        self.criteria = tuple(criteria)
        self.choices = tuple(choices)
        self._by_id = {c.id: c for c in self.criteria}
        self._index = {c.id: self._build_index(c) for c in self.criteria}

    def __len__(self) -> int:
        return len(self.criteria)

    def get(self, criterion_id: str) -> Criterion:
        return self._by_id[criterion_id.strip().upper()]

    def group(self, group_id: str) -> ProductGroup:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(group_id)

    def in_group(self, group_id: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.group_id == group_id)

    def choices_in(self, group_id: str) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if c.group_id == group_id)

    @staticmethod
    def _build_index(c: Criterion) -> dict[str, _Index]:
        out: dict[str, _Index] = {}
        for lang in ("sv", "en"):
            weights: dict[str, float] = {}
            for name, weight in _FIELD_WEIGHTS:
                text: Text = getattr(c, name)
                for s in stems(text.get(lang), lang):
                    weights[s] = max(weights.get(s, 0.0), weight)
            for s in stems(c.kpi.name.get(lang), lang):
                weights[s] = max(weights.get(s, 0.0), 0.5)
            weights[c.id.lower()] = 5.0
            out[lang] = _Index(weights, tuple(weights))
        return out

    def matches(self, c: Criterion, f: Filters) -> bool:
        if f.group and c.group_id != f.group:
            return False
        if f.type and c.type is not f.type:
            return False
        if f.level and c.level is not f.level:
            return False
        if f.r_code and f.r_code not in c.r_codes:
            return False
        if f.goal and f.goal not in c.goals:
            return False
        if f.strategy and f.strategy not in c.strategies:
            return False
        return not (f.cpv and not any(cpvlib.related(code, f.cpv) for code in c.cpv))

    def _score(self, c: Criterion, query_stems: dict[str, list[str]]) -> float:
        """Every query word must match (in either language); exact stems weigh more than parts of compounds."""
        best = 0.0
        for lang, q in query_stems.items():
            index = self._index[c.id][lang]
            total = 0.0
            for s in q:
                weight = index.exact.get(s)
                if weight is None and len(s) >= 4:
                    # Swedish compounds: "möbl" in "kontorsmöbl", "återbruk" in "återbruksmöbl"
                    parts = [index.exact[t] for t in index.tokens if s in t]
                    weight = 0.5 * max(parts) if parts else None
                if weight is None:
                    total = 0.0
                    break
                total += weight
            best = max(best, total)
        return best

    def search(self, query: str = "", filters: Filters | None = None) -> list[Hit]:
        """Criteria that match every word of ``query`` and all filters, best first."""
        f = filters or Filters()
        if f.cpv:
            f = Filters(**{**f.__dict__, "cpv": cpvlib.normalise(f.cpv)})
        candidates = [c for c in self.criteria if self.matches(c, f)]
        exact = query.strip().upper()
        if exact in self._by_id:
            return [Hit(c, 100.0) for c in candidates if c.id == exact]
        query_stems = {lang: stems(query, lang) for lang in ("sv", "en")}
        if not any(query_stems.values()):
            return [Hit(c, 0.0) for c in candidates]
        hits = [Hit(c, s) for c in candidates if (s := self._score(c, query_stems)) > 0]
        hits.sort(key=lambda h: (-h.score, h.criterion.id))
        return hits


# --- selections (the basket) -----------------------------------------------------------


@dataclass(frozen=True)
class Selected:
    criterion: Criterion
    values: Mapping[str, Decimal]


class SelectionIssueKind(StrEnum):
    DUPLICATE = "duplicate"
    CONFLICTING_LEVELS = "conflicting-levels"
    BAD_PARAMETER = "bad-parameter"


@dataclass(frozen=True)
class SelectionIssue:
    kind: SelectionIssueKind
    criterion_ids: tuple[str, ...]
    detail: str = ""  # a parameter id or a message code


def order_by_type(items: Iterable[Selected]) -> list[Selected]:
    """Selection criteria first, then specifications, award criteria and contract clauses."""
    return sorted(items, key=lambda s: (TYPE_ORDER[s.criterion.type], s.criterion.id))


def selection_issues(items: Sequence[Selected]) -> list[SelectionIssue]:
    """Duplicates, the same requirement picked at two levels, and parameter values out of range."""
    issues: list[SelectionIssue] = []
    counts = Counter(s.criterion.id for s in items)
    issues += [SelectionIssue(SelectionIssueKind.DUPLICATE, (cid,)) for cid, n in counts.items() if n > 1]
    # the same requirement at two levels: same KPI in the same group, different levels
    by_kpi: dict[tuple[str, str], list[Criterion]] = {}
    for s in items:
        by_kpi.setdefault((s.criterion.group_id, s.criterion.kpi.id), []).append(s.criterion)
    for group in by_kpi.values():
        unique = {c.id: c for c in group}
        if len({c.level for c in unique.values()}) > 1:
            ids = tuple(sorted(unique, key=lambda i: LEVEL_ORDER[unique[i].level]))
            issues.append(SelectionIssue(SelectionIssueKind.CONFLICTING_LEVELS, ids))
    for s in items:
        for pid, value in s.values.items():
            try:
                param = s.criterion.parameter(pid)
            except KeyError:
                issues.append(SelectionIssue(SelectionIssueKind.BAD_PARAMETER, (s.criterion.id,), "unknown-parameter"))
                continue
            code = param.check(value)
            if code:
                issues.append(SelectionIssue(SelectionIssueKind.BAD_PARAMETER, (s.criterion.id,), f"{pid}:{code}"))
    return issues


# --- loading -----------------------------------------------------------------------


class _Loader:
    def __init__(self, directory: Path, model: Model, cpv: CpvList) -> None:
        self.directory = directory
        self.model = model
        self.cpv = cpv
        self.problems: list[Problem] = []
        self.criterion_ids = IdRegistry("criterion")
        self.choice_ids = IdRegistry("procurement choice")
        self.group_ids = IdRegistry("product group")
        self.group_codes = IdRegistry("product group code")
        self.r_codes = frozenset(r.id for r in model.ladder)
        self.strategies = frozenset(s.id for s in model.strategies)
        self.business_models = frozenset(b.id for b in model.business_models)

    def load(self) -> CriteriaLibrary:
        files = sorted(self.directory.glob("*.yaml"))
        if not files:
            self.problems.append(
                Problem("criteria/", None, "", ProblemCode.MISSING_FILE, "no criteria files (*.yaml) found")
            )
        groups: list[ProductGroup] = []
        criteria: list[Criterion] = []
        choices: list[Choice] = []
        for path in files:
            doc = Document(path, f"criteria/{path.name}", self.problems)
            root = doc.root()
            if doc.data is None:
                continue
            if not root.is_mapping():
                root.report(ProblemCode.WRONG_TYPE, "the file must hold a mapping at the top")
                continue
            self.file(path, root, groups, criteria, choices)
        raise_problems(self.problems)
        return CriteriaLibrary(groups, criteria, choices)

    def cpv_codes(self, node: Node, key: str = "cpv") -> tuple[str, ...]:
        out = []
        for i, raw in enumerate(node.strings(key, min_items=1)):
            try:
                code = cpvlib.normalise(raw)
            except ValueError:
                node.doc.report((*node.path, key, i), ProblemCode.BAD_VALUE, f"'{raw}' is not a CPV code (8 digits)")
                continue
            if code not in self.cpv:
                node.doc.report((*node.path, key, i), ProblemCode.DANGLING_REFERENCE, f"unknown CPV 2008 code '{raw}'")
            out.append(code)
        return tuple(out)

    def tags(self, node: Node) -> tuple[tuple[str, ...], tuple[str, ...]]:
        r_codes = node.strings("r_codes", min_items=1)
        check_refs(node, "r_codes", r_codes, self.r_codes, "R-ladder code")
        strategies = node.strings("strategies", min_items=1)
        check_refs(node, "strategies", strategies, self.strategies, "målkarta strategy")
        return r_codes, strategies

    def file(
        self,
        path: Path,
        root: Node,
        groups: list[ProductGroup],
        criteria: list[Criterion],
        choices: list[Choice],
    ) -> None:
        version = root.string("version")
        if version and not VERSION_RE.match(version):
            root.report(ProblemCode.BAD_VALUE, f"'version' '{version}' must look like 1.0", "version")
        updated = root.date("updated")
        g = root.child("group")
        if g is None or not g.is_mapping():
            if g is not None:
                g.report(ProblemCode.WRONG_TYPE, "must be a mapping")
            root.done()
            return
        gid = g.ident()
        self.group_ids.add(gid, g)
        if gid and gid != path.stem:
            g.report(ProblemCode.BAD_VALUE, f"group id '{gid}' must match the file name '{path.stem}'", "id")
        code = g.ident("code", GROUP_CODE_RE)
        self.group_codes.add(code, g, "code")
        group = ProductGroup(
            gid,
            code,
            g.text("name") or Text("", ""),
            g.text("description") or Text("", ""),
            self.cpv_codes(g),
            version,
            updated,
        )
        g.done()
        groups.append(group)
        for c in root.mappings("criteria", min_items=1):
            criteria.append(self.criterion(c, group))
        for ch in root.mappings("choices", required=False):
            choices.append(self.choice(ch, group))
        root.done()

    def decimal(self, node: Node, key: str, required: bool = True) -> Decimal | None:
        value = node.number(key, required)
        if value is None:
            return None
        raw = node.value[key]
        try:
            return Decimal(str(raw))
        except InvalidOperation:  # pragma: no cover - number() already checked the type
            return None

    def criterion(self, c: Node, group: ProductGroup) -> Criterion:
        cid = c.ident(pattern=CRITERION_ID_RE)
        self.criterion_ids.add(cid, c)
        if cid and group.code and not cid.startswith(f"CIR-{group.code}-"):
            c.report(ProblemCode.BAD_VALUE, f"id '{cid}' must start with CIR-{group.code}- in this group", "id")
        version = c.integer("version")
        if version < 1 and c.has("version"):
            c.report(ProblemCode.BAD_VALUE, "'version' must be 1 or more", "version")
        kind = c.choice("type", [t.value for t in CriterionType])
        level = c.choice("level", [lv.value for lv in Level])
        ctype = CriterionType(kind) if kind in CriterionType._value2member_map_ else CriterionType.SPECIFICATION
        text_node = c.child("text")
        text = text_node.as_text() if text_node else Text("", "")
        parameters = tuple(self.parameter(p) for p in c.mappings("parameters", required=False))
        known = {p.id for p in parameters}
        for lang in ("sv", "en"):
            used = set(PLACEHOLDER_RE.findall(text.get(lang)))
            for missing in sorted(used - known):
                c.report(
                    ProblemCode.DANGLING_REFERENCE, f"the {lang} text uses {{{missing}}}, which is no parameter", "text"
                )
            for unused in sorted(known - used):
                c.report(ProblemCode.BAD_VALUE, f"parameter '{unused}' is not used in the {lang} text", "text")
        scoring_node = c.child("scoring", required=False)
        scoring = self.scoring(scoring_node) if scoring_node else None
        if ctype is CriterionType.AWARD and scoring is None:
            c.report(ProblemCode.MISSING_FIELD, "an award criterion needs a 'scoring' rule")
        if ctype is not CriterionType.AWARD and scoring_node is not None:
            c.report(ProblemCode.BAD_VALUE, "only award criteria have a 'scoring' rule", "scoring")
        r_codes, strategies = self.tags(c)
        kpi_node = c.child("kpi")
        kpi = Kpi("", Text("", ""), Text("", ""))
        if kpi_node is not None and kpi_node.is_mapping():
            kpi = Kpi(kpi_node.ident(), kpi_node.text("name") or kpi.name, kpi_node.text("unit") or kpi.unit)
            kpi_node.done()
        criterion = Criterion(
            id=cid,
            version=version,
            created=c.date("created"),
            reviewed=c.date("reviewed"),
            group_id=group.id,
            name=c.text("name") or Text("", ""),
            type=ctype,
            level=Level(level) if level in Level._value2member_map_ else Level.CORE,
            text=text,
            parameters=parameters,
            scoring=scoring,
            r_codes=r_codes,
            strategies=strategies,
            motive=c.text("motive") or Text("", ""),
            verification=c.text("verification") or Text("", ""),
            follow_up=c.text("follow_up") or Text("", ""),
            kpi=kpi,
            cpv=self.cpv_codes(c),
            legal=c.text("legal", required=False),
            sources=c.sources(required=True),
            environmental_impacts=self.impacts(c),
            gpp_origin=c.choice("gpp", sorted(GPP_SOURCES)) if c.has("gpp") else "other",
        )
        if criterion.created and criterion.reviewed and criterion.reviewed < criterion.created:
            c.report(ProblemCode.BAD_VALUE, "'reviewed' is before 'created'", "reviewed")
        c.done()
        return criterion

    def impacts(self, c: Node) -> tuple[str, ...]:
        codes = c.strings("environmental_impacts", required=False)
        check_refs(c, "environmental_impacts", codes, ENVIRONMENTAL_IMPACTS, "eForms environmental-impact code")
        return codes

    def parameter(self, p: Node) -> Parameter:
        pid = p.ident(pattern=PARAM_ID_RE)
        kind = p.choice("kind", [k.value for k in ParameterKind])
        default = self.decimal(p, "default") or Decimal(0)
        minimum = self.decimal(p, "min", required=False)
        maximum = self.decimal(p, "max", required=False)
        unit_node = p.child("unit", required=False)
        param = Parameter(
            pid,
            p.text("label") or Text("", ""),
            ParameterKind(kind) if kind in ParameterKind._value2member_map_ else ParameterKind.DECIMAL,
            default,
            minimum,
            maximum,
            unit_node.as_text() if unit_node else None,
        )
        if param.check(default):
            p.report(ProblemCode.BAD_VALUE, f"the default {default} is outside the allowed values", "default")
        p.done()
        return param

    def scoring(self, s: Node) -> Scoring | None:
        if not s.is_mapping():
            s.report(ProblemCode.WRONG_TYPE, "must be a mapping")
            return None
        kind = s.choice("kind", [k.value for k in ScoringKind])
        maximum = self.decimal(s, "max") or Decimal(0)
        if maximum <= 0:
            s.report(ProblemCode.BAD_VALUE, "'max' must be more than 0", "max")
        steps = []
        for st in s.mappings("steps", min_items=1):
            value = self.decimal(st, "value")
            if value is not None and not Decimal(0) <= value <= maximum:
                st.report(ProblemCode.BAD_VALUE, f"'value' {value} must lie between 0 and max {maximum}", "value")
            steps.append(ScoringStep(st.text("when") or Text("", ""), value or Decimal(0)))
            st.done()
        s.done()
        return Scoring(
            ScoringKind(kind) if kind in ScoringKind._value2member_map_ else ScoringKind.POINTS, maximum, tuple(steps)
        )

    def choice(self, ch: Node, group: ProductGroup) -> Choice:
        cid = ch.ident(pattern=CHOICE_ID_RE)
        self.choice_ids.add(cid, ch)
        bm = ch.string("business_model")
        check_refs(ch, "business_model", (bm,), self.business_models, "business model")
        r_codes, strategies = self.tags(ch)
        choice = Choice(
            cid,
            group.id,
            ch.text("name") or Text("", ""),
            ch.text("description") or Text("", ""),
            ch.text("fits_when") or Text("", ""),
            bm,
            strategies,
            r_codes,
            ch.sources(),
        )
        ch.done()
        return choice


def load_library(
    directory: Path | None = None, model: Model | None = None, cpv: CpvList | None = None
) -> CriteriaLibrary:
    """Load and validate the criteria in ``directory`` (default: the shipped library)."""
    if directory is None and model is None and cpv is None:
        return _default_library()
    return _Loader(directory or CONTENT_DIR / "criteria", model or load_model(), cpv or load_cpv()).load()


@cache
def _default_library() -> CriteriaLibrary:
    return _Loader(CONTENT_DIR / "criteria", load_model(), load_cpv()).load()


# --- eForms --------------------------------------------------------------------------

GPP_SOURCES = frozenset({"eu", "national", "other"})


def eforms_fields(criteria: Sequence[Criterion]) -> dict[str, Any]:
    """The eForms lot fields a selection implies, so national statistics see it.

    BT-06 (strategic procurement) ``env-imp``; BT-774 (green procurement) ``circ-econ``
    plus any other environmental-impact codes the criteria carry; BT-805 (green
    procurement criteria) ``other`` for cirkular's own library, or the criteria's
    declared origin (``eu``, ``national``).
    """
    if not criteria:
        return {"BT-06-Lot": ["none"], "BT-774-Lot": [], "BT-805-Lot": ["none"]}
    impacts = {"circ-econ"}
    origins: set[str] = set()
    for c in criteria:
        impacts.update(c.environmental_impacts)
        origins.add(c.gpp_origin)
    return {
        "BT-06-Lot": ["env-imp"],
        "BT-774-Lot": sorted(impacts, key=lambda code: (code != "circ-econ", code)),
        "BT-805-Lot": sorted(origins),
    }


CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
_LIST_NAMES = {"BT-06-Lot": "strategic-procurement", "BT-774-Lot": "environmental-impact", "BT-805-Lot": "gpp-criteria"}


def eforms_xml(criteria: Sequence[Criterion]) -> bytes:
    """The same fields as UBL elements for a lot's ``cac:ProcurementProject`` in an eForms notice."""
    from lxml import etree

    root = etree.Element(f"{{{CAC}}}ProcurementProject", nsmap={"cac": CAC, "cbc": CBC})
    root.append(etree.Comment(" cirkular: copy the ProcurementAdditionalType elements into each lot "))
    for term, codes in eforms_fields(criteria).items():
        for code in codes:
            extra = etree.SubElement(root, f"{{{CAC}}}ProcurementAdditionalType")
            element = etree.SubElement(extra, f"{{{CBC}}}ProcurementTypeCode", listName=_LIST_NAMES[term])
            element.text = code
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml
