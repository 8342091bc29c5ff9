"""The record one notice becomes, whatever its format (eForms UBL or legacy TED XML).

Plain slotted dataclasses: parsing creates many of them, so they stay cheap. Texts are
kept in the notice's own language; every language variant of the fields that detection
reads is kept apart in :attr:`Notice.texts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Format(StrEnum):
    EFORMS = "eforms"
    TED_LEGACY = "ted-r2.0.9"


class Field(StrEnum):
    """Where a text or a code was found; detection weighs evidence by it."""

    STRUCTURED = "structured"  # BT-06, BT-774, BT-805 codes
    STRATEGIC = "strategic-description"  # BT-777
    AWARD_CRITERION = "award-criterion"  # BT-734 name, BT-540 description; AC_CRITERION
    PERFORMANCE = "performance-condition"  # BT-70; PERFORMANCE_CONDITIONS
    TITLE = "title"  # BT-21
    DESCRIPTION = "description"  # BT-24; SHORT_DESCR


class FormType(StrEnum):
    """The eForms form type (the listName of cbc:NoticeTypeCode); legacy forms are mapped to it."""

    PLANNING = "planning"
    COMPETITION = "competition"
    RESULT = "result"
    DIRECT_AWARD = "dir-awa-pre"
    MODIFICATION = "cont-modif"
    CHANGE = "change"
    COMPLETION = "completion"
    CONSULTATION = "consultation"
    OTHER = "other"


class ErrorReason(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too-large"
    NOT_XML = "not-xml"
    MALFORMED = "malformed"  # truncated or otherwise not well-formed
    DTD = "dtd-forbidden"  # any DOCTYPE: entity expansion and external entities live there
    UNKNOWN_FORMAT = "unknown-format"
    UNREADABLE = "unreadable"
    EXTRACTION = "extraction-failed"


class NoticeError(Exception):
    """A file that cannot become a record; ``reason`` is a stable code, ``detail`` says more."""

    def __init__(self, reason: ErrorReason, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail


# One language variant of one text field, as detection reads it: (lot id or "" for the
# procedure level, field, language code as written in the notice, text). A plain tuple:
# a notice has hundreds of them and they are made while parsing.
TextVariant = tuple[str, Field, str, str]


@dataclass(slots=True)
class AwardCriterion:
    type: str  # quality, cost, price
    name: str
    weight: float | None
    weight_kind: str  # per-exa, per-fix, ord-imp, dec-exa, poi-exa …; "" when not given
    description: str


@dataclass(slots=True)
class Lot:
    lot_id: str
    title: str = ""
    description: str = ""
    contract_nature: str = ""
    cpv_main: str = ""
    cpv_additional: list[str] = field(default_factory=list)
    strategic: list[str] = field(default_factory=list)  # BT-06
    environmental: list[str] = field(default_factory=list)  # BT-774
    gpp_criteria: list[str] = field(default_factory=list)  # BT-805
    award_criteria: list[AwardCriterion] = field(default_factory=list)
    performance_conditions: list[str] = field(default_factory=list)
    value: float | None = None
    currency: str = ""


@dataclass(slots=True)
class Notice:
    format: Format
    notice_id: str = ""
    publication_id: str = ""  # TED publication number, e.g. 00522031-2023 or 352907-2021
    version: str = ""
    procedure_id: str = ""  # ContractFolderID; for legacy notices the first notice of the procedure
    issue_date: str = ""  # ISO date, yyyy-mm-dd
    publication_date: str = ""
    notice_type: str = ""  # cn-standard, can-standard, …; F02, F03, … for legacy forms
    form_type: FormType = FormType.OTHER
    subtype: str = ""  # eForms notice subtype 1–40, E1–E6, …
    sdk_version: str = ""  # eforms-sdk-1.10; R2.0.9.S04.E01 for legacy
    language: str = ""  # ISO 639-1, the notice's own language
    languages: list[str] = field(default_factory=list)
    buyer_name: str = ""
    buyer_id: str = ""  # national registration number
    buyer_country: str = ""  # ISO 3166-1 alpha-2
    buyer_nuts: str = ""
    procedure_type: str = ""
    contract_nature: str = ""  # works, supplies, services
    title: str = ""
    description: str = ""
    cpv_main: str = ""
    cpv_additional: list[str] = field(default_factory=list)
    value: float | None = None
    currency: str = ""
    value_kind: str = ""  # estimated, awarded
    lots: list[Lot] = field(default_factory=list)
    procedure_conditions: list[str] = field(default_factory=list)  # legacy III.2.2 (for every lot)
    texts: list[TextVariant] = field(default_factory=list)

    @property
    def date(self) -> str:
        """The date the notice counts under: publication, else issue (dispatch)."""
        return self.publication_date or self.issue_date

    @property
    def ted_url(self) -> str:
        if not self.publication_id:
            return ""
        return f"https://ted.europa.eu/en/notice/-/detail/{self.publication_id}"

    def all_cpv(self) -> list[str]:
        """Every CPV code of the notice and its lots, each once, in order of appearance."""
        seen: dict[str, None] = {}
        for code in (self.cpv_main, *self.cpv_additional):
            if code:
                seen[code] = None
        for lot in self.lots:
            for code in (lot.cpv_main, *lot.cpv_additional):
                if code:
                    seen[code] = None
        return list(seen)
