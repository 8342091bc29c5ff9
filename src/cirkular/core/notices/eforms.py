"""eForms (UBL 2.3, SDK 1.x) notice → :class:`Notice`.

The tree is walked once, top-down, and only into the branches that hold a wanted field
(extensions, buyer, procedure, lots). Per-field XPath evaluations over the whole tree
cost more than the parse itself on multi-lot notices; a directed walk over direct
children visits a fraction of the elements. Field ids refer to the eForms SDK
(``fields/fields.json``): BT-06, BT-774, BT-805 sit per lot under
``cac:ProcurementProject/cac:ProcurementAdditionalType`` and are told apart by the
``@listName`` of ``cbc:ProcurementTypeCode``.
"""

from __future__ import annotations

from typing import Any

from cirkular.core.notices import codes
from cirkular.core.notices.record import AwardCriterion, Field, Format, FormType, Lot, Notice, TextVariant

CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
EXT = "{urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2}"
EFAC = "{http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1}"
EFBC = "{http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1}"
EFEXT = "{http://data.europa.eu/p27/eforms-ubl-extensions/1}"

NAMESPACE_PREFIXES = ("{urn:oasis:names:specification:ubl:schema:xsd:", "{http://data.europa.eu/p27/")

# Root children
_UBL_EXTENSIONS = EXT + "UBLExtensions"
_CUSTOMIZATION = CBC + "CustomizationID"
_ID = CBC + "ID"
_FOLDER = CBC + "ContractFolderID"
_ISSUE_DATE = CBC + "IssueDate"
_VERSION = CBC + "VersionID"
_NOTICE_TYPE = CBC + "NoticeTypeCode"
_NOTICE_LANGUAGE = CBC + "NoticeLanguageCode"
_ADDITIONAL_LANGUAGE = CAC + "AdditionalNoticeLanguage"
_CONTRACTING_PARTY = CAC + "ContractingParty"
_TENDERING_PROCESS = CAC + "TenderingProcess"
_TENDERING_TERMS = CAC + "TenderingTerms"
_PROJECT = CAC + "ProcurementProject"
_LOT = CAC + "ProcurementProjectLot"
# Extensions
_EXTENSION = EXT + "UBLExtension"
_EXTENSION_CONTENT = EXT + "ExtensionContent"
_EFORMS_EXTENSION = EFEXT + "EformsExtension"
_SUBTYPE = EFAC + "NoticeSubType"
_SUBTYPE_CODE = CBC + "SubTypeCode"
_ORGANIZATIONS = EFAC + "Organizations"
_ORGANIZATION = EFAC + "Organization"
_COMPANY = EFAC + "Company"
_PUBLICATION = EFAC + "Publication"
_PUBLICATION_ID = EFBC + "NoticePublicationID"
_PUBLICATION_DATE = EFBC + "PublicationDate"
_NOTICE_RESULT = EFAC + "NoticeResult"
_TOTAL_AMOUNT = CBC + "TotalAmount"
# Parties
_PARTY = CAC + "Party"
_PARTY_IDENTIFICATION = CAC + "PartyIdentification"
_PARTY_NAME = CAC + "PartyName"
_NAME = CBC + "Name"
_POSTAL_ADDRESS = CAC + "PostalAddress"
_NUTS = CBC + "CountrySubentityCode"
_COUNTRY = CAC + "Country"
_COUNTRY_CODE = CBC + "IdentificationCode"
_LEGAL_ENTITY = CAC + "PartyLegalEntity"
_COMPANY_ID = CBC + "CompanyID"
# Procedure and lots
_PROCEDURE_CODE = CBC + "ProcedureCode"
_DESCRIPTION = CBC + "Description"
_TYPE_CODE = CBC + "ProcurementTypeCode"
_ADDITIONAL_TYPE = CAC + "ProcurementAdditionalType"
_ADDITIONAL_TYPE_TEXT = CBC + "ProcurementType"
_TENDER_TOTAL = CAC + "RequestedTenderTotal"
_ESTIMATED_AMOUNT = CBC + "EstimatedOverallContractAmount"
_MAIN_CLASSIFICATION = CAC + "MainCommodityClassification"
_ADDITIONAL_CLASSIFICATION = CAC + "AdditionalCommodityClassification"
_CLASSIFICATION_CODE = CBC + "ItemClassificationCode"
_AWARDING_TERMS = CAC + "AwardingTerms"
_AWARDING_CRITERION = CAC + "AwardingCriterion"
_SUB_CRITERION = CAC + "SubordinateAwardingCriterion"
_CRITERION_TYPE = CBC + "AwardingCriterionTypeCode"
_CRITERION_PARAMETER = EFAC + "AwardCriterionParameter"
_PARAMETER_CODE = EFBC + "ParameterCode"
_PARAMETER_NUMERIC = EFBC + "ParameterNumeric"
_EXECUTION_REQUIREMENT = CAC + "ContractExecutionRequirement"
_EXECUTION_CODE = CBC + "ExecutionRequirementCode"

Element = Any  # lxml ships no type information

Variants = list[tuple[str, str]]  # (language, text)


def is_eforms(root: Element) -> bool:
    tag = root.tag
    return isinstance(tag, str) and tag.startswith(NAMESPACE_PREFIXES)


def _text(el: Element) -> str:
    t = el.text
    return t.strip() if t else ""


def _first(el: Element, tag: str) -> Element | None:
    for child in el.iterchildren(tag):
        return child
    return None


def _pick(variants: Variants, language: str) -> str:
    """The variant in the notice's language, else the first one."""
    for lang, text in variants:
        if lang == language:
            return text
    return variants[0][1] if variants else ""


def _variant(el: Element, variants: Variants) -> None:
    text = _text(el)
    if text:
        variants.append((codes.language(el.get("languageID")), text))


class _LotDraft:
    """A lot while it is read: texts stay multilingual until the notice language is known."""

    __slots__ = ("conditions", "criteria", "descriptions", "lot", "strategic_texts", "titles")

    def __init__(self, lot_id: str) -> None:
        self.lot = Lot(lot_id)
        self.titles: Variants = []
        self.descriptions: Variants = []
        self.strategic_texts: Variants = []
        self.criteria: list[_Criterion] = []
        self.conditions: list[Variants] = []


def parse_eforms(root: Element) -> Notice:
    notice = Notice(Format.EFORMS)
    titles: Variants = []
    descriptions: Variants = []
    buyer_refs: list[str] = []
    organizations: Element | None = None
    drafts: list[_LotDraft] = []
    languages: list[str] = []
    awarded: float | None = None
    awarded_currency = ""

    for child in root.iterchildren():
        tag = child.tag
        if tag == _LOT:
            draft = _lot(child)
            if draft is not None:
                drafts.append(draft)
        elif tag == _UBL_EXTENSIONS:
            found = _extensions(child, notice)
            if found[0] is not None:
                organizations = found[0]
            if found[1] is not None:
                awarded, awarded_currency = found[1], found[2]
        elif tag == _ID:
            notice.notice_id = _text(child)
        elif tag == _FOLDER:
            notice.procedure_id = _text(child)
        elif tag == _ISSUE_DATE:
            notice.issue_date = codes.iso_date(child.text)
        elif tag == _CUSTOMIZATION:
            notice.sdk_version = _text(child)
        elif tag == _VERSION:
            notice.version = _text(child)
        elif tag == _NOTICE_TYPE:
            notice.notice_type = _text(child)
            list_name = child.get("listName") or ""
            notice.form_type = FormType(list_name) if list_name in FormType._value2member_map_ else FormType.OTHER
        elif tag == _NOTICE_LANGUAGE:
            notice.language = codes.language(child.text)
        elif tag == _ADDITIONAL_LANGUAGE:
            ident = _first(child, _ID)
            if ident is not None:
                languages.append(codes.language(ident.text))
        elif tag == _CONTRACTING_PARTY:
            party = _first(child, _PARTY)
            if party is not None:
                ident = _first(party, _PARTY_IDENTIFICATION)
                ref = _first(ident, _ID) if ident is not None else None
                if ref is not None:
                    buyer_refs.append(_text(ref))
        elif tag == _TENDERING_PROCESS:
            code = _first(child, _PROCEDURE_CODE)
            if code is not None:
                notice.procedure_type = _text(code)
        elif tag == _PROJECT:
            _project(child, notice, titles, descriptions)

    language = notice.language
    notice.languages = [language, *languages] if language else languages
    notice.title = _pick(titles, language)
    notice.description = _pick(descriptions, language)
    texts = notice.texts
    for lang, text in titles:
        texts.append(TextVariant("", Field.TITLE, lang, text))
    for lang, text in descriptions:
        texts.append(TextVariant("", Field.DESCRIPTION, lang, text))
    for draft in drafts:
        notice.lots.append(_finish_lot(draft, language, texts))

    if awarded is not None:
        notice.value, notice.currency, notice.value_kind = awarded, awarded_currency, "awarded"
    elif notice.value is not None:
        notice.value_kind = "estimated"
    if organizations is not None and buyer_refs:
        _buyer(organizations, buyer_refs[0], notice)
    return notice


def _extensions(el: Element, notice: Notice) -> tuple[Element | None, float | None, str]:
    organizations = None
    awarded: float | None = None
    currency = ""
    for ext in el.iterchildren(_EXTENSION):
        for content in ext.iterchildren(_EXTENSION_CONTENT):
            for eforms in content.iterchildren(_EFORMS_EXTENSION):
                for child in eforms.iterchildren():
                    tag = child.tag
                    if tag == _ORGANIZATIONS:
                        organizations = child
                    elif tag == _SUBTYPE:
                        code = _first(child, _SUBTYPE_CODE)
                        if code is not None:
                            notice.subtype = _text(code)
                    elif tag == _PUBLICATION:
                        for item in child.iterchildren():
                            if item.tag == _PUBLICATION_ID:
                                notice.publication_id = _text(item)
                            elif item.tag == _PUBLICATION_DATE:
                                notice.publication_date = codes.iso_date(item.text)
                    elif tag == _NOTICE_RESULT:
                        total = _first(child, _TOTAL_AMOUNT)
                        if total is not None:
                            awarded = codes.amount(total.text)
                            currency = total.get("currencyID") or ""
    return organizations, awarded, currency


def _buyer(organizations: Element, ref: str, notice: Notice) -> None:
    for organization in organizations.iterchildren(_ORGANIZATION):
        company = _first(organization, _COMPANY)
        if company is None:
            continue
        ident = _first(company, _PARTY_IDENTIFICATION)
        ident_id = _first(ident, _ID) if ident is not None else None
        if ident_id is None or _text(ident_id) != ref:
            continue
        for child in company.iterchildren():
            tag = child.tag
            if tag == _PARTY_NAME:
                names: Variants = []
                for name in child.iterchildren(_NAME):
                    _variant(name, names)
                notice.buyer_name = _pick(names, notice.language)
            elif tag == _POSTAL_ADDRESS:
                for item in child.iterchildren():
                    if item.tag == _NUTS:
                        notice.buyer_nuts = _text(item)
                    elif item.tag == _COUNTRY:
                        code = _first(item, _COUNTRY_CODE)
                        if code is not None:
                            notice.buyer_country = codes.country(_text(code))
            elif tag == _LEGAL_ENTITY:
                company_id = _first(child, _COMPANY_ID)
                if company_id is not None:
                    notice.buyer_id = _text(company_id)
        return


def _project(el: Element, notice: Notice, titles: Variants, descriptions: Variants) -> None:
    for child in el.iterchildren():
        tag = child.tag
        if tag == _NAME:
            _variant(child, titles)
        elif tag == _DESCRIPTION:
            _variant(child, descriptions)
        elif tag == _TYPE_CODE:
            notice.contract_nature = _text(child)
        elif tag == _MAIN_CLASSIFICATION:
            code = _first(child, _CLASSIFICATION_CODE)
            if code is not None and not notice.cpv_main:
                notice.cpv_main = codes.cpv(code.text)
        elif tag == _ADDITIONAL_CLASSIFICATION:
            code = _first(child, _CLASSIFICATION_CODE)
            if code is not None:
                value = codes.cpv(code.text)
                if value:
                    notice.cpv_additional.append(value)
        elif tag == _TENDER_TOTAL:
            amount = _first(child, _ESTIMATED_AMOUNT)
            if amount is not None:
                notice.value = codes.amount(amount.text)
                notice.currency = amount.get("currencyID") or ""


# The elements a lot's subtree is filtered on (in C, by lxml); the parent of each tells
# which field it is.
_LOT_TAGS = (
    _NAME,
    _DESCRIPTION,
    _TYPE_CODE,
    _ADDITIONAL_TYPE_TEXT,
    _CLASSIFICATION_CODE,
    _ESTIMATED_AMOUNT,
    _CRITERION_TYPE,
    _PARAMETER_CODE,
    _PARAMETER_NUMERIC,
    _EXECUTION_CODE,
)


def _lot(el: Element) -> _LotDraft | None:
    draft: _LotDraft | None = None
    for child in el.iterchildren(_ID):
        # Groups of lots (LotsGroup) repeat their lots' data; parts (Part) are the lots of
        # a prior information notice.
        if child.get("schemeName") == "LotsGroup":
            return None
        draft = _LotDraft(_text(child))
        break
    if draft is None:
        return None
    lot = draft.lot
    criteria = draft.criteria
    criterion: _Criterion | None = None
    condition: Element | None = None
    condition_texts: Variants = []
    weight_code = ""
    for node in el.iter(_LOT_TAGS):
        tag = node.tag
        parent = node.getparent()
        parent_tag = parent.tag
        if tag == _NAME or tag == _DESCRIPTION:
            if parent_tag == _PROJECT:
                _variant(node, draft.titles if tag == _NAME else draft.descriptions)
            elif parent_tag == _SUB_CRITERION:
                if criterion is None or criterion.element is not parent:
                    criterion = _Criterion(parent)
                    criteria.append(criterion)
                _variant(node, criterion.names if tag == _NAME else criterion.descriptions)
            elif parent is condition and tag == _DESCRIPTION:
                _variant(node, condition_texts)
        elif tag == _TYPE_CODE:
            if parent_tag == _ADDITIONAL_TYPE:
                list_name = node.get("listName")
                if list_name == "environmental-impact":
                    lot.environmental.append(_text(node))
                elif list_name == "strategic-procurement":
                    lot.strategic.append(_text(node))
                elif list_name == "gpp-criteria":
                    lot.gpp_criteria.append(_text(node))
            elif parent_tag == _PROJECT:
                lot.contract_nature = _text(node)
        elif tag == _CLASSIFICATION_CODE:
            code = codes.cpv(node.text)
            if not code:
                continue
            if parent_tag == _MAIN_CLASSIFICATION:
                if not lot.cpv_main:
                    lot.cpv_main = code
            elif parent_tag == _ADDITIONAL_CLASSIFICATION:
                lot.cpv_additional.append(code)
        elif tag == _CRITERION_TYPE:
            if criterion is None or criterion.element is not parent:
                criterion = _Criterion(parent)
                criteria.append(criterion)
            criterion.type = _text(node)
        elif tag == _PARAMETER_CODE:
            weight_code = _text(node) if node.get("listName") == "number-weight" else ""
        elif tag == _PARAMETER_NUMERIC:
            if weight_code and parent_tag == _CRITERION_PARAMETER:
                for owner in node.iterancestors(_SUB_CRITERION):
                    if criterion is None or criterion.element is not owner:
                        criterion = _Criterion(owner)
                        criteria.append(criterion)
                    criterion.weight = codes.amount(node.text)
                    criterion.weight_kind = weight_code
                    break
            weight_code = ""
        elif tag == _EXECUTION_CODE:
            if node.get("listName") == "conditions":
                condition = parent
                condition_texts = []
                draft.conditions.append(condition_texts)
        elif tag == _ESTIMATED_AMOUNT:
            if parent_tag == _TENDER_TOTAL and parent.getparent().tag == _PROJECT:
                lot.value = codes.amount(node.text)
                lot.currency = node.get("currencyID") or ""
        elif tag == _ADDITIONAL_TYPE_TEXT:
            # BT-777 belongs to the strategic-procurement entry (BT-06) it sits in.
            for sibling in parent.iterchildren(_TYPE_CODE):
                if sibling.get("listName") == "strategic-procurement":
                    _variant(node, draft.strategic_texts)
                break
    draft.conditions = [c for c in draft.conditions if c]
    return draft


class _Criterion:
    __slots__ = ("descriptions", "element", "names", "type", "weight", "weight_kind")

    def __init__(self, element: Element) -> None:
        self.element = element
        self.type = ""
        self.weight: float | None = None
        self.weight_kind = ""
        self.names: Variants = []
        self.descriptions: Variants = []


def _finish_lot(draft: _LotDraft, language: str, texts: list[TextVariant]) -> Lot:
    lot = draft.lot
    lot_id = lot.lot_id
    lot.title = _pick(draft.titles, language)
    lot.description = _pick(draft.descriptions, language)
    for lang, text in draft.titles:
        texts.append(TextVariant(lot_id, Field.TITLE, lang, text))
    for lang, text in draft.descriptions:
        texts.append(TextVariant(lot_id, Field.DESCRIPTION, lang, text))
    for lang, text in draft.strategic_texts:
        texts.append(TextVariant(lot_id, Field.STRATEGIC, lang, text))
    for c in draft.criteria:
        lot.award_criteria.append(
            AwardCriterion(c.type, _pick(c.names, language), c.weight, c.weight_kind, _pick(c.descriptions, language))
        )
        for lang, text in c.names:
            texts.append(TextVariant(lot_id, Field.AWARD_CRITERION, lang, text))
        for lang, text in c.descriptions:
            texts.append(TextVariant(lot_id, Field.AWARD_CRITERION, lang, text))
    for variants in draft.conditions:
        lot.performance_conditions.append(_pick(variants, language))
        for lang, text in variants:
            texts.append(TextVariant(lot_id, Field.PERFORMANCE, lang, text))
    return lot
