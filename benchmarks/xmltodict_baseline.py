"""The baseline the notice pipeline is measured against: the same fields, the plain way.

``xmltodict`` turns the whole document into nested dicts, and the fields are looked up
by key. Two variants:

* ``namespaces=True`` (the default): namespace-aware, so the keys do not depend on the
  prefixes a publisher chose (``cbc:``, ``ns2:`` or none). This is as correct as the
  pipeline, which matches elements by namespace URI, and is the headline baseline.
* ``namespaces=False``: the prefixes as written. Faster, but wrong for any notice that
  uses other prefixes; printed beside the first for comparison.

Every field of :class:`cirkular.core.notices.record.Notice` that the pipeline stores is
extracted (a test compares the two on the shared notices); detection is not part of it.
"""

from __future__ import annotations

from typing import Any

import xmltodict

from cirkular.core.notices import codes

NAMESPACES: dict[str, str | None] = {
    "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2": "cbc",
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2": "cac",
    "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2": "ext",
    "http://data.europa.eu/p27/eforms-ubl-extensions/1": "efext",
    "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1": "efac",
    "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1": "efbc",
    "http://publications.europa.eu/resource/schema/ted/R2.0.9/publication": None,
    "http://publications.europa.eu/resource/schema/ted/R2.0.8/publication": None,
    "http://publications.europa.eu/resource/schema/ted/2021/nuts": "n2021",
    "http://publications.europa.eu/resource/schema/ted/2016/nuts": "n2016",
}


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def get(value: Any, *keys: str) -> Any:
    """Follow keys through nested dicts; the first of a repeated element; None when missing."""
    for key in keys:
        if isinstance(value, list):
            value = value[0] if value else None
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return str(value.get("#text", "")).strip()
    return "" if value is None else str(value).strip()


def attr(value: Any, name: str) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value.get("@" + name, "")) if isinstance(value, dict) else ""


def pick(values: Any, language: str) -> str:
    """The variant in the notice's language, else the first."""
    items = as_list(values)
    for item in items:
        if attr(item, "languageID") == language and text(item):
            return text(item)
    for item in items:
        if text(item):
            return text(item)
    return ""


def extract(data: bytes, *, namespaces: bool = True) -> dict[str, Any]:
    if namespaces:
        doc = xmltodict.parse(data, disable_entities=True, process_namespaces=True, namespaces=NAMESPACES)
    else:
        doc = xmltodict.parse(data, disable_entities=True)
    name, root = next(iter(doc.items()))
    root = root or {}
    if name.rpartition(":")[2] == "TED_EXPORT":
        return _legacy(root)
    return _eforms(root)


def _eforms(root: dict[str, Any]) -> dict[str, Any]:
    language = text(root.get("cbc:NoticeLanguageCode"))
    eforms = get(root, "ext:UBLExtensions", "ext:UBLExtension", "ext:ExtensionContent", "efext:EformsExtension")
    ref = text(get(root, "cac:ContractingParty", "cac:Party", "cac:PartyIdentification", "cbc:ID"))
    buyer: Any = {}
    for org in as_list(get(eforms, "efac:Organizations", "efac:Organization")):
        company = get(org, "efac:Company")
        if ref and text(get(company, "cac:PartyIdentification", "cbc:ID")) == ref:
            buyer = company
            break
    project = root.get("cac:ProcurementProject") or {}
    estimated = get(project, "cac:RequestedTenderTotal", "cbc:EstimatedOverallContractAmount")
    awarded = get(eforms, "efac:NoticeResult", "cbc:TotalAmount")
    value = awarded if awarded is not None else estimated
    lots = []
    for lot in as_list(root.get("cac:ProcurementProjectLot")):
        ident = get(lot, "cbc:ID")
        if attr(ident, "schemeName") == "LotsGroup":
            continue
        proj = lot.get("cac:ProcurementProject") or {}
        by_list: dict[str, list[str]] = {}
        for extra in as_list(proj.get("cac:ProcurementAdditionalType")):
            code = get(extra, "cbc:ProcurementTypeCode")
            by_list.setdefault(attr(code, "listName"), []).append(text(code))
        terms = lot.get("cac:TenderingTerms") or {}
        criteria = []
        for awarding in as_list(terms.get("cac:AwardingTerms")):
            for criterion in as_list(get(awarding, "cac:AwardingCriterion")):
                if not isinstance(criterion, dict):
                    continue
                # An empty element is None in the dict tree, and still one criterion.
                subs = criterion.get("cac:SubordinateAwardingCriterion", [])
                for sub in as_list(subs) if subs is not None else [{}]:
                    weight = None
                    for parameter in as_list(
                        get(
                            sub,
                            "ext:UBLExtensions",
                            "ext:UBLExtension",
                            "ext:ExtensionContent",
                            "efext:EformsExtension",
                            "efac:AwardCriterionParameter",
                        )
                    ):
                        if attr(get(parameter, "efbc:ParameterCode"), "listName") == "number-weight":
                            weight = codes.amount(text(get(parameter, "efbc:ParameterNumeric")))
                    criteria.append(
                        {
                            "type": text(get(sub, "cbc:AwardingCriterionTypeCode")),
                            "name": pick(sub.get("cbc:Name") if isinstance(sub, dict) else None, language),
                            "weight": weight,
                        }
                    )
        conditions = [
            pick(requirement.get("cbc:Description"), language)
            for requirement in as_list(terms.get("cac:ContractExecutionRequirement"))
            if isinstance(requirement, dict)
            and attr(requirement.get("cbc:ExecutionRequirementCode"), "listName") == "conditions"
        ]
        lot_value = get(proj, "cac:RequestedTenderTotal", "cbc:EstimatedOverallContractAmount")
        lots.append(
            {
                "id": text(ident),
                "title": pick(proj.get("cbc:Name"), language),
                "description": pick(proj.get("cbc:Description"), language),
                "nature": text(proj.get("cbc:ProcurementTypeCode")),
                "cpv": codes.cpv(text(get(proj, "cac:MainCommodityClassification", "cbc:ItemClassificationCode"))),
                "cpv_additional": [
                    codes.cpv(text(get(c, "cbc:ItemClassificationCode")))
                    for c in as_list(proj.get("cac:AdditionalCommodityClassification"))
                ],
                "strategic": by_list.get("strategic-procurement", []),
                "environmental": by_list.get("environmental-impact", []),
                "gpp": by_list.get("gpp-criteria", []),
                "criteria": criteria,
                "conditions": [c for c in conditions if c],
                "value": codes.amount(text(lot_value)) if lot_value is not None else None,
            }
        )
    return {
        "notice_id": text(root.get("cbc:ID")),
        "procedure_id": text(root.get("cbc:ContractFolderID")),
        "issue_date": codes.iso_date(text(root.get("cbc:IssueDate"))),
        "publication_id": text(get(eforms, "efac:Publication", "efbc:NoticePublicationID")),
        "publication_date": codes.iso_date(text(get(eforms, "efac:Publication", "efbc:PublicationDate"))),
        "notice_type": text(root.get("cbc:NoticeTypeCode")),
        "subtype": text(get(eforms, "efac:NoticeSubType", "cbc:SubTypeCode")),
        "sdk_version": text(root.get("cbc:CustomizationID")),
        "language": codes.language(language),
        "buyer_name": pick([get(name, "cbc:Name") for name in as_list(get(buyer, "cac:PartyName"))], language),
        "buyer_id": text(get(buyer, "cac:PartyLegalEntity", "cbc:CompanyID")),
        "buyer_country": codes.country(text(get(buyer, "cac:PostalAddress", "cac:Country", "cbc:IdentificationCode"))),
        "buyer_nuts": text(get(buyer, "cac:PostalAddress", "cbc:CountrySubentityCode")),
        "procedure_type": text(get(root, "cac:TenderingProcess", "cbc:ProcedureCode")),
        "nature": text(project.get("cbc:ProcurementTypeCode")),
        "title": pick(project.get("cbc:Name"), language),
        "description": pick(project.get("cbc:Description"), language),
        "cpv": codes.cpv(text(get(project, "cac:MainCommodityClassification", "cbc:ItemClassificationCode"))),
        "value": codes.amount(text(value)) if value is not None else None,
        "currency": attr(value, "currencyID"),
        "lots": lots,
    }


def _paragraphs(value: Any) -> str:
    if isinstance(value, dict):
        parts = [text(p) for p in as_list(value.get("P"))] or [text(value)]
        return " ".join(p for p in parts if p)
    return text(value)


def _legacy(root: dict[str, Any]) -> dict[str, Any]:
    candidates = [
        form
        for value in (get(root, "FORM_SECTION") or {}).values()
        for form in as_list(value)
        if isinstance(form, dict) and "@FORM" in form
    ]
    originals = [f for f in candidates if f.get("@CATEGORY") == "ORIGINAL"]
    form = (originals or candidates or [{}])[0]
    body = get(form, "CONTRACTING_BODY", "ADDRESS_CONTRACTING_BODY") or {}
    obj = get(form, "OBJECT_CONTRACT") or {}
    coded = get(root, "CODED_DATA_SECTION") or {}
    lots = []
    for lot in as_list(obj.get("OBJECT_DESCR")):
        if not isinstance(lot, dict):
            continue
        criteria = []
        for name, value in (lot.get("AC") or {}).items():
            for item in as_list(value):
                if isinstance(item, dict) and "AC_CRITERION" in item:
                    criteria.append({"type": name, "name": text(item.get("AC_CRITERION"))})
        lots.append(
            {
                "id": text(lot.get("LOT_NO")) or str(lot.get("@ITEM", "")).strip(),
                "title": _paragraphs(lot.get("TITLE")),
                "description": _paragraphs(lot.get("SHORT_DESCR")),
                "cpv_additional": [attr(get(c, "CPV_CODE"), "CODE") for c in as_list(lot.get("CPV_ADDITIONAL"))],
                "criteria": criteria,
            }
        )
    return {
        "notice_id": root.get("@DOC_ID"),
        "sdk_version": root.get("@VERSION"),
        "publication_date": codes.iso_date(text(get(coded, "REF_OJS", "DATE_PUB"))),
        "issue_date": codes.iso_date(text(get(coded, "CODIF_DATA", "DS_DATE_DISPATCH"))),
        "language": codes.language(text(get(coded, "NOTICE_DATA", "LG_ORIG"))),
        "notice_type": form.get("@FORM"),
        "buyer_name": text(body.get("OFFICIALNAME")),
        "buyer_id": text(body.get("NATIONALID")),
        "buyer_country": codes.country(attr(body.get("COUNTRY"), "VALUE")),
        "buyer_nuts": attr(get(body, "n2016:NUTS") or get(body, "n2021:NUTS"), "CODE"),
        "title": _paragraphs(obj.get("TITLE")),
        "description": _paragraphs(obj.get("SHORT_DESCR")),
        "cpv": codes.cpv(attr(get(obj, "CPV_MAIN", "CPV_CODE"), "CODE")),
        "nature": attr(obj.get("TYPE_CONTRACT"), "CTYPE"),
        "value": text(obj.get("VAL_TOTAL") or obj.get("VAL_ESTIMATED_TOTAL")),
        "conditions": _paragraphs(get(form, "LEFTI", "PERFORMANCE_CONDITIONS")),
        "lots": lots,
    }
