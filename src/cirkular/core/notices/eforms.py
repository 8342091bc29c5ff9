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

from lxml import etree

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


def is_eforms(root: Element) -> bool:
    tag = root.tag
    return isinstance(tag, str) and tag.startswith(NAMESPACE_PREFIXES)


def _text(el: Element) -> str:
    t = el.text
    return t.strip() if t else ""


def _first(el: Element, tag: str) -> Element | None:
    # A plain loop beats iterchildren(tag) on the few children these elements have.
    for child in el:
        if child.tag == tag:
            return child
    return None


# A text field while it is read: (value so far, whether it is in the notice's language).
Picked = tuple[str, bool]
NOTHING: Picked = ("", False)


class _Reader:
    """Where language variants go as they are met: straight into the notice's texts.

    Each variant is recorded for detection, with its language code as written (ENG, SWE;
    converting hundreds per notice costs more than the few that become evidence). The field
    keeps the variant in the notice's language, else the first one.
    """

    __slots__ = ("language", "texts")

    def __init__(self, texts: list[TextVariant]) -> None:
        self.texts = texts
        self.language = ""

    def take(self, el: Element, lot_id: str, where: Field, current: Picked) -> Picked:
        t = el.text
        if not t:
            return current
        t = t.strip()
        if not t:
            return current
        lang = el.get("languageID") or ""
        self.texts.append((lot_id, where, lang, t))
        if current[1] or (current[0] and lang != self.language):
            return current
        return t, lang == self.language


_FORM_TYPES = {t.value: t for t in FormType}


def parse_eforms(root: Element) -> Notice:
    notice = Notice(Format.EFORMS)
    reader = _Reader(notice.texts)
    buyer_ref = ""
    organizations: Element | None = None
    languages: list[str] = []
    awarded: tuple[float | None, str] | None = None

    # Root children come in schema order: the notice language before the procedure and
    # its lots, so texts can be picked as they are read.
    for child in root:
        tag = child.tag
        if tag == _LOT:
            lot = _lot(child, reader)
            if lot is not None:
                notice.lots.append(lot)
        elif tag == _PROJECT:
            _project(child, notice, reader)
        elif tag == _ADDITIONAL_LANGUAGE:
            ident = _code(child, _ID)
            if ident is not None and ident.text:
                languages.append(codes.language(ident.text))
        elif tag == _UBL_EXTENSIONS:
            organizations, awarded = _extensions(child, notice)
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
            notice.form_type = _FORM_TYPES.get(child.get("listName") or "", FormType.OTHER)
        elif tag == _NOTICE_LANGUAGE:
            reader.language = _text(child)
            notice.language = codes.language(reader.language)
        elif tag == _CONTRACTING_PARTY:
            if not buyer_ref:
                buyer_ref = _buyer_ref(child)
        elif tag == _TENDERING_PROCESS:
            code = _first(child, _PROCEDURE_CODE)
            if code is not None:
                notice.procedure_type = _text(code)

    language = notice.language
    notice.languages = [language, *languages] if language else languages
    if awarded is not None:
        notice.value, notice.currency = awarded
        notice.value_kind = "awarded"
    elif notice.value is not None:
        notice.value_kind = "estimated"
    if organizations is not None and buyer_ref:
        _buyer(organizations, buyer_ref, notice, reader.language)
    return notice


def _buyer_ref(el: Element) -> str:
    party = _first(el, _PARTY)
    ident = _first(party, _PARTY_IDENTIFICATION) if party is not None else None
    ref = _first(ident, _ID) if ident is not None else None
    return _text(ref) if ref is not None else ""


def _extensions(el: Element, notice: Notice) -> tuple[Element | None, tuple[float | None, str] | None]:
    organizations = None
    awarded: tuple[float | None, str] | None = None
    for ext in el:
        for content in ext:
            if content.tag != _EXTENSION_CONTENT:
                continue
            for eforms in content:
                if eforms.tag != _EFORMS_EXTENSION:
                    continue
                for child in eforms:
                    tag = child.tag
                    if tag == _ORGANIZATIONS:
                        organizations = child
                    elif tag == _SUBTYPE:
                        code = _first(child, _SUBTYPE_CODE)
                        if code is not None:
                            notice.subtype = _text(code)
                    elif tag == _PUBLICATION:
                        for item in child:
                            if item.tag == _PUBLICATION_ID:
                                notice.publication_id = _text(item)
                            elif item.tag == _PUBLICATION_DATE:
                                notice.publication_date = codes.iso_date(item.text)
                    elif tag == _NOTICE_RESULT:
                        total = _first(child, _TOTAL_AMOUNT)
                        if total is not None:
                            awarded = (codes.amount(total.text), total.get("currencyID") or "")
    return organizations, awarded


_NAMESPACES = {"cbc": CBC[1:-1], "cac": CAC[1:-1], "efac": EFAC[1:-1]}
# One compiled XPath finds the buyer among many organisations faster than a Python loop.
_COMPANY_BY_ID = etree.XPath(
    "efac:Organization/efac:Company[cac:PartyIdentification/cbc:ID = $ref]", namespaces=_NAMESPACES
)


def _buyer(organizations: Element, ref: str, notice: Notice, raw_language: str) -> None:
    for company in _COMPANY_BY_ID(organizations, ref=ref):
        for child in company:
            tag = child.tag
            if tag == _PARTY_NAME:
                # Only the name in the notice's language (else the first) is kept.
                for name in child:
                    if name.tag == _NAME and (not notice.buyer_name or name.get("languageID") == raw_language):
                        notice.buyer_name = _text(name)
                        if name.get("languageID") == raw_language:
                            break
            elif tag == _POSTAL_ADDRESS:
                for item in child:
                    if item.tag == _NUTS:
                        notice.buyer_nuts = _text(item)
                    elif item.tag == _COUNTRY:
                        code = _first(item, _COUNTRY_CODE)
                        if code is not None:
                            notice.buyer_country = codes.country(_text(code))
            elif tag == _LEGAL_ENTITY and not notice.buyer_id:
                # BT-501: the first registration number; further ones are other identifiers.
                company_id = _first(child, _COMPANY_ID)
                if company_id is not None:
                    notice.buyer_id = _text(company_id)
        return


def _project(el: Element, notice: Notice, reader: _Reader) -> None:
    title, description = NOTHING, NOTHING
    for child in el:
        tag = child.tag
        if tag == _NAME:
            title = reader.take(child, "", Field.TITLE, title)
        elif tag == _DESCRIPTION:
            description = reader.take(child, "", Field.DESCRIPTION, description)
        elif tag == _TYPE_CODE:
            notice.contract_nature = _text(child)
        elif tag == _MAIN_CLASSIFICATION:
            code = _code(child, _CLASSIFICATION_CODE)
            if code is not None and not notice.cpv_main:
                notice.cpv_main = codes.cpv(code.text)
        elif tag == _ADDITIONAL_CLASSIFICATION:
            code = _code(child, _CLASSIFICATION_CODE)
            if code is not None:
                value = codes.cpv(code.text)
                if value:
                    notice.cpv_additional.append(value)
        elif tag == _TENDER_TOTAL:
            amount = _first(child, _ESTIMATED_AMOUNT)
            if amount is not None:
                notice.value = codes.amount(amount.text)
                notice.currency = amount.get("currencyID") or ""
    notice.title = title[0]
    notice.description = description[0]


def _lot(el: Element, reader: _Reader) -> Lot | None:
    lot: Lot | None = None
    for child in el:
        tag = child.tag
        if tag == _ID:
            # Groups of lots (LotsGroup) repeat their lots' data; parts (Part) are the lots
            # of a prior information notice.
            if child.get("schemeName") == "LotsGroup":
                return None
            lot = Lot(_text(child))
        elif lot is None:
            continue
        elif tag == _PROJECT:
            _lot_project(child, lot, reader)
        elif tag == _TENDERING_TERMS:
            for terms in child.iterchildren(_AWARDING_TERMS, _EXECUTION_REQUIREMENT):
                if terms.tag == _AWARDING_TERMS:
                    for sub in terms.iter(_SUB_CRITERION):
                        lot.award_criteria.append(_criterion(sub, lot.lot_id, reader))
                    continue
                # Most execution requirements are not performance conditions (BT-70); their
                # code comes first, so they are passed over after one look.
                head = terms[0] if len(terms) else None
                if head is not None and head.tag == _EXECUTION_CODE and head.get("listName") != "conditions":
                    continue
                _condition(terms, lot, reader)
    return lot


def _code(el: Element, tag: str) -> Element | None:
    """The child ``tag`` of a wrapper element, where it is nearly always the first child."""
    if len(el):
        head = el[0]
        if head.tag == tag:
            return head
    return _first(el, tag)


def _lot_project(el: Element, lot: Lot, reader: _Reader) -> None:
    lot_id = lot.lot_id
    title, description = NOTHING, NOTHING
    for child in el:
        tag = child.tag
        if tag == _NAME:
            title = reader.take(child, lot_id, Field.TITLE, title)
        elif tag == _DESCRIPTION:
            description = reader.take(child, lot_id, Field.DESCRIPTION, description)
        elif tag == _ADDITIONAL_TYPE:
            code_el = _code(child, _TYPE_CODE)
            if code_el is None:
                continue
            list_name = code_el.get("listName")
            if list_name == "environmental-impact":
                lot.environmental.append(_text(code_el))
            elif list_name == "strategic-procurement":
                lot.strategic.append(_text(code_el))
                for text_el in child:
                    if text_el.tag == _ADDITIONAL_TYPE_TEXT:
                        reader.take(text_el, lot_id, Field.STRATEGIC, NOTHING)
            elif list_name == "gpp-criteria":
                lot.gpp_criteria.append(_text(code_el))
        elif tag == _TYPE_CODE:
            lot.contract_nature = _text(child)
        elif tag == _MAIN_CLASSIFICATION:
            code_el = _code(child, _CLASSIFICATION_CODE)
            if code_el is not None and not lot.cpv_main:
                lot.cpv_main = codes.cpv(code_el.text)
        elif tag == _ADDITIONAL_CLASSIFICATION:
            code_el = _code(child, _CLASSIFICATION_CODE)
            if code_el is not None:
                value = codes.cpv(code_el.text)
                if value:
                    lot.cpv_additional.append(value)
        elif tag == _TENDER_TOTAL:
            amount = _first(child, _ESTIMATED_AMOUNT)
            if amount is not None:
                lot.value = codes.amount(amount.text)
                lot.currency = amount.get("currencyID") or ""
    lot.title = title[0]
    lot.description = description[0]


def _condition(el: Element, lot: Lot, reader: _Reader) -> None:
    text = NOTHING
    for child in el:
        tag = child.tag
        if tag == _EXECUTION_CODE:
            if child.get("listName") != "conditions":
                return
        elif tag == _DESCRIPTION:
            text = reader.take(child, lot.lot_id, Field.PERFORMANCE, text)
    if text[0]:
        lot.performance_conditions.append(text[0])


def _criterion(el: Element, lot_id: str, reader: _Reader) -> AwardCriterion:
    criterion = AwardCriterion("", "", None, "", "")
    name, description = NOTHING, NOTHING
    for child in el:
        tag = child.tag
        if tag == _NAME:
            name = reader.take(child, lot_id, Field.AWARD_CRITERION, name)
        elif tag == _DESCRIPTION:
            description = reader.take(child, lot_id, Field.AWARD_CRITERION, description)
        elif tag == _CRITERION_TYPE:
            criterion.type = _text(child)
        elif tag == _UBL_EXTENSIONS:
            # ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension/efac:AwardCriterionParameter
            for ext in child:
                for content in ext:
                    for eforms in content:
                        for parameter in eforms:
                            if parameter.tag == _CRITERION_PARAMETER:
                                _weight(parameter, criterion)
    criterion.name = name[0]
    criterion.description = description[0]
    return criterion


def _weight(parameter: Element, criterion: AwardCriterion) -> None:
    code = _code(parameter, _PARAMETER_CODE)
    if code is None or code.get("listName") != "number-weight":
        return
    number = _first(parameter, _PARAMETER_NUMERIC)
    if number is not None:
        criterion.weight = codes.amount(number.text)
        criterion.weight_kind = _text(code)
