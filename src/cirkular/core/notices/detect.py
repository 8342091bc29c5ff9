"""Circular and green markers of a notice, with evidence (phrase, field, confidence).

Structured markers (eForms, per lot):

- BT-774 ``circ-econ`` → circular, confidence 1.0 (whether or not BT-06 says ``env-imp``);
- BT-06 ``env-imp``, any BT-774 code, BT-805 other than ``none`` → green.

Text cues (:mod:`cirkular.core.notices.cues`) are searched in every language variant of
titles, descriptions, award criteria, performance conditions and BT-777. A piece of
evidence is kept once per lot, field and concept, so a sentence repeated in twenty
languages is one piece of evidence; its confidence is the field weight times the cue
strength. In a works contract, weak cues in titles and descriptions are ignored: there
they name what is built (a recycling facility), not a requirement.

Speed: most texts hold no cue. A batch of texts is first screened with one regular
expression made only of literal anchors, run by Arrow's RE2 engine (linear time, no
backtracking over a hundred alternatives, case folded as it goes). In a text it flags,
one Aho-Corasick pass names the anchors it holds, and only the cues behind them are
searched with Python's ``re``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import ahocorasick
import pyarrow as pa
import pyarrow.compute as pc

from cirkular.core.notices import codes
from cirkular.core.notices.cues import (
    CIRCULAR_THRESHOLD,
    CUES,
    FIELD_WEIGHT,
    MASKS,
    STRENGTH_WEIGHT,
    Cue,
    Strength,
)
from cirkular.core.notices.record import Field, Notice, TextVariant

GREEN_ENVIRONMENTAL = "env-imp"
CIRCULAR_CODE = "circ-econ"


@dataclass(frozen=True, slots=True)
class Evidence:
    lot_id: str  # "" for the notice (procedure) level
    marker: str  # "circular" or "green"
    source: str  # BT-774, BT-06, BT-805 or "text"
    field: str  # a Field value
    cue: str  # the concept (text) or the code (structured)
    phrase: str  # what was found, as written
    language: str
    confidence: float
    context: str = ""  # a few words around a text match


@dataclass(slots=True)
class LotMarkers:
    circular: bool = False
    circular_confidence: float = 0.0
    green: bool = False


@dataclass(slots=True)
class Detection:
    circular: bool = False
    circular_confidence: float = 0.0
    circular_source: str = ""  # "structured", "criterion" (award/performance/BT-777), "text"
    green: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    lots: dict[str, LotMarkers] = field(default_factory=dict)  # only lots with evidence


_QUANTIFIERS = frozenset("?*+{")
_META = frozenset("\\()[].*+?{}|^$")


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex fragment."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def literal_runs(alternative: str) -> list[str]:
    """The literal stretches every match of ``alternative`` must contain, in order.

    Groups, classes, escapes and anything made optional by a quantifier end a stretch;
    their content is not used (a group may be optional or hold alternatives).
    """
    runs: list[str] = []
    current: list[str] = []
    depth = 0
    i = 0
    n = len(alternative)
    while i < n:
        ch = alternative[i]
        if ch == "\\":
            if current:
                runs.append("".join(current))
                current = []
            i += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if current:
                runs.append("".join(current))
                current = []
        elif depth == 0 and ch not in _META and not (i + 1 < n and alternative[i + 1] in _QUANTIFIERS):
            current.append(ch)
            i += 1
            continue
        if current:
            runs.append("".join(current))
            current = []
        i += 1
    if current:
        runs.append("".join(current))
    return runs


def anchors(cue: Cue) -> list[str]:
    """One literal per alternative that every match contains: a cue can only match where one occurs.

    The stem a phrase starts with is the most telling part, so the first stretch is taken
    when it has five characters or more, else the longest.
    """
    found = []
    for alternative in split_alternatives(cue.pattern):
        runs = literal_runs(alternative)
        if not runs:
            found.append("")
        elif len(runs[0]) >= 5:
            found.append(runs[0])
        else:
            found.append(max(runs, key=len))
    return found


@dataclass(frozen=True, slots=True)
class _Compiled:
    cue: Cue
    regex: re.Pattern[str]
    weight: float


@dataclass(frozen=True, slots=True)
class _Matcher:
    screen: str  # RE2 pattern of every anchor
    cues: tuple[_Compiled, ...]
    anchors: Any  # an Aho-Corasick automaton: anchor → indexes of the cues it stands for
    masks: re.Pattern[str]


@cache
def _matcher() -> _Matcher:
    compiled = []
    by_anchor: dict[str, list[int]] = {}
    for index, cue in enumerate(CUES):
        found = anchors(cue)
        if any(len(a) < 3 for a in found):
            raise ValueError(f"cue {cue.pattern!r}: every alternative must hold three literal characters")
        for anchor in found:
            by_anchor.setdefault(anchor, []).append(index)
        compiled.append(_Compiled(cue, re.compile(cue.pattern), STRENGTH_WEIGHT[cue.strength]))
    screen = "|".join(re.escape(a) for a in sorted(by_anchor))
    automaton = ahocorasick.Automaton()
    for anchor, ids in by_anchor.items():
        automaton.add_word(anchor, tuple(ids))
    automaton.make_automaton()
    masks = re.compile("|".join(f"(?:{m.pattern})" for m in MASKS))
    return _Matcher(screen, tuple(compiled), automaton, masks)


def _flagged(texts: list[str]) -> list[int]:
    """Indexes of the texts that hold at least one anchor (RE2 through Arrow, one call for all)."""
    if not texts:
        return []
    # Anchors are lower case; RE2 folds case while it matches (no lowered copy of the texts).
    hits = pc.match_substring_regex(pa.array(texts, pa.string()), _matcher().screen, ignore_case=True)
    return [int(i) for i in pc.indices_nonzero(hits).to_pylist()]


def _is_word_start(text: str, start: int) -> bool:
    return start == 0 or not text[start - 1].isalnum()


def _masked(lowered: str, start: int, end: int, masks: re.Pattern[str]) -> bool:
    lo = max(0, start - 60)
    hi = min(len(lowered), end + 60)
    return any(m.start() <= start and m.end() >= end for m in masks.finditer(lowered, lo, hi))


def _context(text: str, start: int, end: int) -> str:
    lo = max(0, start - 60)
    hi = min(len(text), end + 60)
    snippet = " ".join(text[lo:hi].split())
    return ("…" if lo else "") + snippet + ("…" if hi < len(text) else "")


def _text_evidence(variant: TextVariant, works: bool) -> list[Evidence]:
    matcher = _matcher()
    lot_id, where, raw_language, text = variant
    language = codes.language(raw_language)
    lowered = text.lower()
    same_length = len(lowered) == len(text)
    field_weight = FIELD_WEIGHT[where.value]
    found: list[Evidence] = []
    candidates: set[int] = set()
    for _end, ids in matcher.anchors.iter(lowered):
        candidates.update(ids)
    for index in sorted(candidates):
        compiled = matcher.cues[index]
        cue = compiled.cue
        if works and cue.strength is Strength.WEAK and where in (Field.TITLE, Field.DESCRIPTION):
            continue
        for m in compiled.regex.finditer(lowered):
            start, end = m.span()
            if not _is_word_start(lowered, start) or _masked(lowered, start, end, matcher.masks):
                continue
            phrase = text[start:end] if same_length else m.group(0)
            found.append(
                Evidence(
                    lot_id=lot_id,
                    marker="circular",
                    source="text",
                    field=where.value,
                    cue=cue.concept,
                    phrase=phrase,
                    language=language,
                    confidence=round(field_weight * compiled.weight, 2),
                    context=_context(text, start, end) if same_length else "",
                )
            )
            break  # one hit per cue and text is enough
    return found


def _structured(notice: Notice) -> list[Evidence]:
    found: list[Evidence] = []
    structured = Field.STRUCTURED.value
    for lot in notice.lots:
        if not (lot.environmental or lot.strategic or lot.gpp_criteria):
            continue
        for code in lot.environmental:
            marker = "circular" if code == CIRCULAR_CODE else "green"
            found.append(Evidence(lot.lot_id, marker, "BT-774", structured, code, code, "", 1.0))
        for code in lot.strategic:
            if code == GREEN_ENVIRONMENTAL:
                found.append(Evidence(lot.lot_id, "green", "BT-06", structured, code, code, "", 1.0))
        for code in lot.gpp_criteria:
            if code and code != "none":
                found.append(Evidence(lot.lot_id, "green", "BT-805", structured, code, code, "", 1.0))
    return found


def _summarise(notice: Notice, evidence: list[Evidence]) -> Detection:
    detection = Detection(evidence=evidence)
    lots = {lot.lot_id: LotMarkers() for lot in notice.lots}
    single = next(iter(lots.values())) if len(lots) == 1 else None
    best = 0.0
    source = ""
    for ev in evidence:
        if ev.marker == "green" or (ev.marker == "circular" and ev.source != "text"):
            detection.green = True
            target = lots.get(ev.lot_id)
            if target is not None:
                target.green = True
        if ev.marker != "circular":
            continue
        if ev.confidence > best:
            best = ev.confidence
            if ev.source != "text":
                source = "structured"
            elif ev.field in (Field.AWARD_CRITERION, Field.PERFORMANCE, Field.STRATEGIC):
                source = "criterion"
            else:
                source = "text"
        # Procedure-level text of a one-lot notice describes that lot.
        target = lots.get(ev.lot_id) if ev.lot_id else single
        if target is not None and ev.confidence > target.circular_confidence:
            target.circular_confidence = ev.confidence
    for markers in lots.values():
        markers.circular = markers.circular_confidence >= CIRCULAR_THRESHOLD
    detection.circular_confidence = best
    detection.circular = best >= CIRCULAR_THRESHOLD
    detection.circular_source = source if detection.circular else ""
    detection.lots = lots
    return detection


def _dedupe(evidence: list[Evidence], language: str) -> list[Evidence]:
    """One piece per lot, marker, field and concept; the notice's own language first."""
    ordered = sorted(evidence, key=lambda ev: (ev.language != language, ev.language != "en"))
    kept: dict[tuple[str, str, str, str, str], Evidence] = {}
    for ev in ordered:
        key = (ev.lot_id, ev.marker, ev.source, ev.field, ev.cue)
        if key not in kept:
            kept[key] = ev
    return sorted(kept.values(), key=lambda ev: (-ev.confidence, ev.lot_id, ev.field, ev.cue))


def _is_works(notice: Notice, lot_id: str) -> bool:
    if lot_id:
        for lot in notice.lots:
            if lot.lot_id == lot_id and lot.contract_nature:
                return lot.contract_nature == "works"
    return notice.contract_nature == "works"


def detect_many(notices: Sequence[Notice]) -> list[Detection]:
    """Detection for a batch of notices (one screening pass over all their texts).

    Notices without any evidence get an empty :class:`Detection` (no lot is circular or
    green), which is most of them.
    """
    variants: list[TextVariant] = []
    bounds = [0]
    for notice in notices:
        variants.extend(notice.texts)
        bounds.append(len(variants))
    found: dict[int, list[Evidence]] = {}
    for i, notice in enumerate(notices):
        structured = _structured(notice)
        if structured:
            found[i] = structured
    for index in _flagged([v[3] for v in variants]):
        i = bisect_right(bounds, index) - 1
        variant = variants[index]
        evidence = _text_evidence(variant, _is_works(notices[i], variant[0]))
        if evidence:
            found.setdefault(i, []).extend(evidence)
    return [
        _summarise(notice, _dedupe(found[i], notice.language)) if i in found else Detection()
        for i, notice in enumerate(notices)
    ]


def detect(notice: Notice) -> Detection:
    return detect_many([notice])[0]
