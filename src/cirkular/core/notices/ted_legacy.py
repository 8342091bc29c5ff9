"""Legacy TED XML (schema R2.0.9 / R2.0.8, ``TED_EXPORT``, standard forms F01–F25) → :class:`Notice`.

These forms have no structured green or circular field: only titles, descriptions
(II.2.4), award criteria (II.2.5) and performance conditions (III.2.2) carry such content,
as free text. A file may hold the original form and its translations; only the original
is read (the translations say the same thing). Lots are the ``OBJECT_DESCR`` items.

Procedures: a legacy notice has no procedure id. A notice that refers to an earlier
notice of the same procedure (``PROCEDURE/NOTICE_NUMBER_OJ``, e.g. the contract notice
an award notice follows) takes that notice's publication number as procedure id; a
notice that refers to none starts a procedure under its own number. That pairs a
contract notice with its award notice.
"""

from __future__ import annotations

from typing import Any

from cirkular.core.notices import codes
from cirkular.core.notices.record import AwardCriterion, Field, Format, FormType, Lot, Notice, TextVariant

Element = Any  # lxml ships no type information

PROCEDURE_TYPES = {
    "PT_OPEN": "open",
    "PT_RESTRICTED": "restricted",
    "PT_COMPETITIVE_NEGOTIATION": "neg-w-call",
    "PT_NEGOTIATED_WITH_PRIOR_CALL": "neg-w-call",
    "PT_COMPETITIVE_DIALOGUE": "comp-dial",
    "PT_INNOVATION_PARTNERSHIP": "innovation",
    "PT_AWARD_CONTRACT_WITHOUT_CALL": "neg-wo-call",
    "PT_AWARD_CONTRACT_WITHOUT_PUBLICATION": "neg-wo-call",
    "PT_NEGOTIATED_WITHOUT_PUBLICATION": "neg-wo-call",
    "PT_INVITED": "restricted",
}


def is_legacy(root: Element) -> bool:
    tag = root.tag
    return isinstance(tag, str) and (tag == "TED_EXPORT" or tag.endswith("}TED_EXPORT"))


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _paragraphs(el: Element) -> str:
    """Text split over ``<P>`` children, joined by spaces."""
    parts = [t.strip() for t in el.itertext()]
    return " ".join(p for p in parts if p)


def _children(el: Element) -> dict[str, list[Element]]:
    found: dict[str, list[Element]] = {}
    for child in el.iterchildren():
        found.setdefault(_local(child.tag), []).append(child)
    return found


def parse_legacy(root: Element) -> Notice:
    notice = Notice(Format.TED_LEGACY)
    doc_id = (root.get("DOC_ID") or "").strip()
    notice.notice_id = doc_id
    notice.publication_id = doc_id
    notice.sdk_version = (root.get("VERSION") or "").strip()
    sections = _children(root)
    for coded in sections.get("CODED_DATA_SECTION", []):
        _coded(coded, notice)
    form = None
    for form_section in sections.get("FORM_SECTION", []):
        forms = [f for f in form_section.iterchildren() if isinstance(f.tag, str)]
        originals = [f for f in forms if f.get("CATEGORY") == "ORIGINAL"]
        form = (originals or forms or [None])[0]
        break
    if form is not None:
        _form(form, notice)
    if not notice.procedure_id:
        notice.procedure_id = notice.publication_id
    if notice.language and notice.language not in notice.languages:
        notice.languages.insert(0, notice.language)
    return notice


def _coded(el: Element, notice: Notice) -> None:
    for part in el.iterchildren():
        name = _local(part.tag)
        if name == "REF_OJS":
            for item in part.iterchildren():
                if _local(item.tag) == "DATE_PUB":
                    notice.publication_date = codes.iso_date(item.text)
        elif name == "NOTICE_DATA":
            for item in part.iterchildren():
                local = _local(item.tag)
                if local == "LG_ORIG" and item.text:
                    notice.language = codes.language(item.text)
                elif local == "ISO_COUNTRY" and not notice.buyer_country:
                    notice.buyer_country = codes.country(item.get("VALUE") or "")
        elif name == "CODIF_DATA":
            for item in part.iterchildren():
                if _local(item.tag) == "DS_DATE_DISPATCH":
                    notice.issue_date = codes.iso_date(item.text)


def _form(form: Element, notice: Notice) -> None:
    form_code = (form.get("FORM") or _local(form.tag)[:3]).strip().upper()
    notice.notice_type = form_code
    notice.form_type = FormType(codes.LEGACY_FORM_TYPES.get(form_code, FormType.OTHER.value))
    lang = codes.language(form.get("LG"))
    if lang:
        notice.language = lang
    parts = _children(form)
    for body in parts.get("CONTRACTING_BODY", []):
        for address in body.iterchildren():
            if _local(address.tag) == "ADDRESS_CONTRACTING_BODY":
                _buyer(address, notice)
                break
    conditions: list[str] = []
    for lefti in parts.get("LEFTI", []):
        for item in lefti.iterchildren():
            if _local(item.tag) == "PERFORMANCE_CONDITIONS":
                text = _paragraphs(item)
                if text:
                    conditions.append(text)
                    notice.texts.append(("", Field.PERFORMANCE, notice.language, text))
    notice.procedure_conditions = conditions
    for procedure in parts.get("PROCEDURE", []):
        for item in procedure.iterchildren():
            local = _local(item.tag)
            if local.startswith("PT_") and not notice.procedure_type:
                notice.procedure_type = PROCEDURE_TYPES.get(local, local[3:].lower().replace("_", "-"))
            elif local == "NOTICE_NUMBER_OJ" and item.text:
                notice.procedure_id = codes.ojs_publication_id(item.text)
    for obj in parts.get("OBJECT_CONTRACT", []):
        _object(obj, notice)
    awards = parts.get("AWARD_CONTRACT", [])
    if awards and notice.form_type is FormType.COMPETITION and form_code in {"F21", "F22", "F23"}:
        notice.form_type = FormType.RESULT
    if notice.value_kind != "awarded":
        _award_values(awards, notice)


def _buyer(address: Element, notice: Notice) -> None:
    for item in address.iterchildren():
        local = _local(item.tag)
        if local == "OFFICIALNAME":
            notice.buyer_name = (item.text or "").strip()
        elif local == "NATIONALID":
            notice.buyer_id = (item.text or "").strip()
        elif local == "COUNTRY":
            notice.buyer_country = codes.country(item.get("VALUE") or "") or notice.buyer_country
        elif local == "NUTS":
            notice.buyer_nuts = (item.get("CODE") or "").strip()


def _object(obj: Element, notice: Notice) -> None:
    lang = notice.language
    for item in obj.iterchildren():
        local = _local(item.tag)
        if local == "TITLE":
            notice.title = _paragraphs(item)
            notice.texts.append(("", Field.TITLE, lang, notice.title))
        elif local == "SHORT_DESCR":
            notice.description = _paragraphs(item)
            notice.texts.append(("", Field.DESCRIPTION, lang, notice.description))
        elif local == "CPV_MAIN":
            notice.cpv_main = _cpv(item)
        elif local == "TYPE_CONTRACT":
            notice.contract_nature = (item.get("CTYPE") or "").strip().lower()
        elif local == "VAL_TOTAL":
            notice.value = codes.amount(item.text)
            notice.currency = item.get("CURRENCY") or ""
            notice.value_kind = "awarded"
        elif local == "VAL_ESTIMATED_TOTAL" and notice.value_kind != "awarded":
            notice.value = codes.amount(item.text)
            notice.currency = item.get("CURRENCY") or ""
            notice.value_kind = "estimated"
        elif local == "OBJECT_DESCR":
            notice.lots.append(_lot(item, notice))


def _cpv(el: Element) -> str:
    for code in el.iterchildren():
        if _local(code.tag) == "CPV_CODE":
            return codes.cpv(code.get("CODE"))
    return ""


def _lot(el: Element, notice: Notice) -> Lot:
    lang = notice.language
    lot = Lot(lot_id=(el.get("ITEM") or "").strip(), contract_nature=notice.contract_nature)
    descr_texts: list[TextVariant] = []
    for item in el.iterchildren():
        local = _local(item.tag)
        if local == "LOT_NO":
            lot.lot_id = (item.text or "").strip() or lot.lot_id
        elif local == "TITLE":
            lot.title = _paragraphs(item)
        elif local == "SHORT_DESCR":
            lot.description = _paragraphs(item)
        elif local == "CPV_ADDITIONAL":
            code = _cpv(item)
            if code:
                lot.cpv_additional.append(code)
        elif local == "CPV_MAIN":
            lot.cpv_main = _cpv(item)
        elif local == "AC":
            lot.award_criteria.extend(_criteria(item))
        elif local == "VAL_OBJECT":
            lot.value = codes.amount(item.text)
            lot.currency = item.get("CURRENCY") or ""
    if not lot.cpv_main:
        lot.cpv_main = notice.cpv_main
    lot.performance_conditions = list(notice.procedure_conditions)
    lot_id = lot.lot_id
    if lot.title:
        descr_texts.append((lot_id, Field.TITLE, lang, lot.title))
    if lot.description:
        descr_texts.append((lot_id, Field.DESCRIPTION, lang, lot.description))
    for criterion in lot.award_criteria:
        if criterion.name:
            descr_texts.append((lot_id, Field.AWARD_CRITERION, lang, criterion.name))
    notice.texts.extend(descr_texts)
    return lot


def _criteria(ac: Element) -> list[AwardCriterion]:
    found: list[AwardCriterion] = []
    for item in ac.iterchildren():
        local = _local(item.tag)
        if local not in {"AC_QUALITY", "AC_COST", "AC_PRICE"}:
            continue
        kind = local[3:].lower()
        name = ""
        weight_text = ""
        for part in item.iterchildren():
            part_name = _local(part.tag)
            if part_name == "AC_CRITERION":
                name = (part.text or "").strip()
            elif part_name == "AC_WEIGHTING":
                weight_text = (part.text or "").strip()
        weight = codes.amount(weight_text.rstrip("%").replace(",", ".").strip()) if weight_text else None
        found.append(AwardCriterion(kind, name, weight, "per-exa" if weight is not None else "", ""))
    return found


def _award_values(awards: list[Element], notice: Notice) -> None:
    total = 0.0
    currency = ""
    seen = False
    for award in awards:
        for el in award.iter():
            if _local(el.tag) != "VAL_TOTAL":
                continue
            value = codes.amount(el.text)
            this_currency = el.get("CURRENCY") or ""
            if value is None or (currency and this_currency != currency):
                continue
            total += value
            currency = this_currency
            seen = True
    if seen:
        notice.value, notice.currency, notice.value_kind = total, currency, "awarded"
