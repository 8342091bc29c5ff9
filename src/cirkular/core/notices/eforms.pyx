# cython: language_level=3
"""eForms (UBL 2.3, SDK 1.x) notice → :class:`Notice`, walking lxml's tree in compiled code.

The document is parsed by lxml (:mod:`.parse`, hardened); this module reads the parsed
libxml2 nodes directly through lxml's public C API instead of going through a Python
proxy object per element, which made the walk cost half as much as the parse itself.
It only reads the tree (names, namespaces, text and attribute values) and never changes it.

The tree is walked once, top-down, and only into the branches that hold a wanted field
(extensions, buyer, procedure, lots). Field ids refer to the eForms SDK
(``fields/fields.json``): BT-06, BT-774, BT-805 sit per lot under
``cac:ProcurementProject/cac:ProcurementAdditionalType`` and are told apart by the
``@listName`` of ``cbc:ProcurementTypeCode``.

Semantics follow lxml's: an element's text is its leading text and CDATA children; an
attribute is read without a namespace; elements are matched by namespace URI and local
name, whatever the prefixes.
"""

from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes.tree cimport (
    XML_CDATA_SECTION_NODE,
    XML_ELEMENT_NODE,
    XML_TEXT_NODE,
    xmlAttr,
    xmlNode,
)


from cirkular.core.notices import codes
from cirkular.core.notices.record import AwardCriterion, Field, Format, FormType, Lot, Notice

cetree.import_lxml__etree()

# Namespace URIs
cdef const char* CBC = b"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
cdef const char* CAC = b"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
cdef const char* EXT = b"urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
cdef const char* EFAC = b"http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1"
cdef const char* EFBC = b"http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1"
cdef const char* EFEXT = b"http://data.europa.eu/p27/eforms-ubl-extensions/1"

NAMESPACE_PREFIXES = ("{urn:oasis:names:specification:ubl:schema:xsd:", "{http://data.europa.eu/p27/")

# Python objects looked up once (module globals cost a dictionary lookup per use).
cdef object _TITLE = Field.TITLE
cdef object _DESCRIPTION = Field.DESCRIPTION
cdef object _STRATEGIC = Field.STRATEGIC
cdef object _AWARD_CRITERION = Field.AWARD_CRITERION
cdef object _PERFORMANCE = Field.PERFORMANCE
cdef object _EFORMS = Format.EFORMS
cdef object _OTHER = FormType.OTHER
cdef dict _FORM_TYPES = {t.value: t for t in FormType}
cdef object _Notice = Notice
cdef object _Lot = Lot
cdef object _AwardCriterion = AwardCriterion
cdef object _language = codes.language
cdef object _iso_date = codes.iso_date
cdef object _cpv = codes.cpv
cdef object _amount = codes.amount
cdef object _country = codes.country


# -- reading nodes -------------------------------------------------------------------


cdef inline bint _is(xmlNode* node, const char* ns, const char* name) noexcept:
    """Whether ``node`` is the element ``{ns}name``."""
    return (
        node.type == XML_ELEMENT_NODE
        and strcmp(<const char*>node.name, name) == 0
        and node.ns is not NULL
        and strcmp(<const char*>node.ns.href, ns) == 0
    )


cdef inline xmlNode* _first(xmlNode* node, const char* ns, const char* name) noexcept:
    cdef xmlNode* child = node.children if node is not NULL else NULL
    while child is not NULL:
        if _is(child, ns, name):
            return child
        child = child.next
    return NULL


cdef inline xmlNode* _first_element(xmlNode* node) noexcept:
    cdef xmlNode* child = node.children
    while child is not NULL and child.type != XML_ELEMENT_NODE:
        child = child.next
    return child


cdef inline bint _is_text(xmlNode* node) noexcept:
    return node is not NULL and (node.type == XML_TEXT_NODE or node.type == XML_CDATA_SECTION_NODE)


cdef inline str _decode(const char* value):
    return PyUnicode_DecodeUTF8(value, strlen(value), NULL)


cdef object _joined(xmlNode* child):
    """The contents of ``child`` and the text and CDATA nodes right after it, joined; None if it is no text."""
    if not _is_text(child):
        return None
    if not _is_text(child.next):
        return _decode(<const char*>child.content) if child.content is not NULL else ""
    parts = []
    while _is_text(child):
        if child.content is not NULL:
            parts.append(_decode(<const char*>child.content))
        child = child.next
    return "".join(parts)


cdef inline object _raw_text(xmlNode* node):
    """lxml's ``.text``: the leading text and CDATA children joined, or None."""
    return _joined(node.children)


cdef str _text(xmlNode* node):
    """The element's text, stripped; "" when it has none."""
    if node is NULL:
        return ""
    value = _raw_text(node)
    return value.strip() if value else ""


cdef inline xmlAttr* _attribute(xmlNode* node, const char* name) noexcept:
    """The attribute ``name`` without a namespace (as lxml's ``.get(name)`` finds it), or NULL."""
    cdef xmlAttr* attr = node.properties
    while attr is not NULL:
        if attr.ns is NULL and strcmp(<const char*>attr.name, name) == 0:
            return attr
        attr = attr.next
    return NULL


cdef str _attr(xmlNode* node, const char* name):
    """The attribute's value; "" when it is missing or empty."""
    cdef xmlAttr* attr = _attribute(node, name)
    if attr is NULL:
        return ""
    value = _joined(attr.children)
    return value if value else ""


cdef bint _attr_is(xmlNode* node, const char* name, const char* expected) noexcept:
    """Whether the attribute ``name`` is exactly ``expected`` (single text value, no copy)."""
    cdef xmlAttr* attr = _attribute(node, name)
    if attr is NULL:
        return False
    if attr.children is NULL or attr.children.next is not NULL or attr.children.content is NULL:
        return expected[0] == 0 and attr.children is NULL
    return strcmp(<const char*>attr.children.content, expected) == 0


cdef int _string_value(xmlNode* node, list parts) except -1:
    """XPath's string-value: every descendant text, in document order."""
    cdef xmlNode* child = node.children
    while child is not NULL:
        if _is_text(child):
            if child.content is not NULL:
                parts.append(_decode(<const char*>child.content))
        elif child.type == XML_ELEMENT_NODE:
            _string_value(child, parts)
        child = child.next
    return 0


cdef inline xmlNode* _code(xmlNode* node, const char* ns, const char* name) noexcept:
    """The child ``name`` of a wrapper element, where it is nearly always the first child."""
    cdef xmlNode* head = _first_element(node)
    if head is not NULL and _is(head, ns, name):
        return head
    return _first(node, ns, name)


cdef xmlNode* _node(object element) except? NULL:
    if not isinstance(element, cetree._Element):
        raise TypeError(f"an lxml element is needed, not {type(element).__name__}")
    return (<cetree._Element>element)._c_node


# -- language variants ---------------------------------------------------------------


cdef class _Pick:
    """The text kept for one field while its language variants are read."""

    cdef str text
    cdef bint native  # whether it is in the notice's language

    def __cinit__(self):
        self.text = ""
        self.native = False


cdef class _Reader:
    """Where language variants go as they are met: straight into the notice's texts.

    Each variant is recorded for detection, with its language code as written (ENG, SWE;
    converting hundreds per notice costs more than the few that become evidence). The field
    keeps the variant in the notice's language, else the first one.
    """

    cdef list texts
    cdef str language

    def __cinit__(self, list texts):
        self.texts = texts
        self.language = ""

    cdef int take(self, xmlNode* node, str lot_id, object where, _Pick pick) except -1:
        cdef str text = _text(node)
        if not text:
            return 0
        cdef str lang = _attr(node, b"languageID")
        self.texts.append((lot_id, where, lang, text))
        if pick.native or (pick.text and lang != self.language):
            return 0
        pick.text = text
        pick.native = lang == self.language
        return 0


# -- the notice ----------------------------------------------------------------------


def is_eforms(root: object) -> bool:
    tag = root.tag
    return isinstance(tag, str) and tag.startswith(NAMESPACE_PREFIXES)


def parse_eforms(root: object) -> object:
    """The record of an eForms notice, from the root element of its parsed document."""
    cdef xmlNode* c_root = _node(root)
    cdef xmlNode* child
    cdef xmlNode* ident
    cdef xmlNode* organizations = NULL
    notice = _Notice(_EFORMS)
    cdef list texts = notice.texts
    cdef _Reader reader = _Reader(texts)
    cdef str buyer_ref = ""
    cdef list languages = []
    awarded = None

    # Root children come in schema order: the notice language before the procedure and
    # its lots, so texts can be picked as they are read.
    child = c_root.children
    while child is not NULL:
        if child.type != XML_ELEMENT_NODE or child.ns is NULL:
            pass
        elif _is(child, CAC, b"ProcurementProjectLot"):
            lot = _lot(child, reader)
            if lot is not None:
                notice.lots.append(lot)
        elif _is(child, CAC, b"ProcurementProject"):
            _project(child, notice, False, "", reader)
        elif _is(child, CAC, b"AdditionalNoticeLanguage"):
            ident = _code(child, CBC, b"ID")
            if ident is not NULL:
                raw = _raw_text(ident)
                if raw:
                    languages.append(_language(raw))
        elif _is(child, EXT, b"UBLExtensions"):
            awarded = _extensions(child, notice, &organizations)
        elif _is(child, CBC, b"ID"):
            notice.notice_id = _text(child)
        elif _is(child, CBC, b"ContractFolderID"):
            notice.procedure_id = _text(child)
        elif _is(child, CBC, b"IssueDate"):
            notice.issue_date = _iso_date(_raw_text(child))
        elif _is(child, CBC, b"CustomizationID"):
            notice.sdk_version = _text(child)
        elif _is(child, CBC, b"VersionID"):
            notice.version = _text(child)
        elif _is(child, CBC, b"NoticeTypeCode"):
            notice.notice_type = _text(child)
            notice.form_type = _FORM_TYPES.get(_attr(child, b"listName"), _OTHER)
        elif _is(child, CBC, b"NoticeLanguageCode"):
            reader.language = _text(child)
            notice.language = _language(reader.language)
        elif _is(child, CAC, b"ContractingParty"):
            if not buyer_ref:
                buyer_ref = _buyer_ref(child)
        elif _is(child, CAC, b"TenderingProcess"):
            ident = _first(child, CBC, b"ProcedureCode")
            if ident is not NULL:
                notice.procedure_type = _text(ident)
        child = child.next

    language = notice.language
    notice.languages = [language, *languages] if language else languages
    if awarded is not None:
        notice.value, notice.currency = awarded
        notice.value_kind = "awarded"
    elif notice.value is not None:
        notice.value_kind = "estimated"
    if organizations is not NULL and buyer_ref:
        _buyer(organizations, buyer_ref, notice, reader.language)
    return notice


cdef str _buyer_ref(xmlNode* node):
    cdef xmlNode* party = _first(node, CAC, b"Party")
    cdef xmlNode* ident = _first(party, CAC, b"PartyIdentification")
    return _text(_first(ident, CBC, b"ID"))


cdef object _extensions(xmlNode* node, object notice, xmlNode** organizations):
    """The awarded (value, currency) or None, from ext:UBLExtensions; sets ``organizations``."""
    cdef xmlNode* ext = node.children
    cdef xmlNode* content
    cdef xmlNode* eforms
    cdef xmlNode* child
    cdef xmlNode* item
    awarded = None
    while ext is not NULL:
        content = ext.children
        while content is not NULL:
            if _is(content, EXT, b"ExtensionContent"):
                eforms = content.children
                while eforms is not NULL:
                    if _is(eforms, EFEXT, b"EformsExtension"):
                        child = eforms.children
                        while child is not NULL:
                            if _is(child, EFAC, b"Organizations"):
                                organizations[0] = child
                            elif _is(child, EFAC, b"NoticeSubType"):
                                item = _first(child, CBC, b"SubTypeCode")
                                if item is not NULL:
                                    notice.subtype = _text(item)
                            elif _is(child, EFAC, b"Publication"):
                                item = child.children
                                while item is not NULL:
                                    if _is(item, EFBC, b"NoticePublicationID"):
                                        notice.publication_id = _text(item)
                                    elif _is(item, EFBC, b"PublicationDate"):
                                        notice.publication_date = _iso_date(_raw_text(item))
                                    item = item.next
                            elif _is(child, EFAC, b"NoticeResult"):
                                item = _first(child, CBC, b"TotalAmount")
                                if item is not NULL:
                                    awarded = (_amount(_raw_text(item)), _attr(item, b"currencyID"))
                            child = child.next
                    eforms = eforms.next
            content = content.next
        ext = ext.next
    return awarded


cdef bint _has_id(xmlNode* company, str ref):
    """``cac:PartyIdentification/cbc:ID = $ref``, compared as XPath does (string-value)."""
    cdef xmlNode* child = company.children
    cdef xmlNode* ident
    cdef list parts
    while child is not NULL:
        if _is(child, CAC, b"PartyIdentification"):
            ident = child.children
            while ident is not NULL:
                if _is(ident, CBC, b"ID"):
                    parts = []
                    _string_value(ident, parts)
                    if "".join(parts) == ref:
                        return True
                ident = ident.next
        child = child.next
    return False


cdef int _buyer(xmlNode* organizations, str ref, object notice, str raw_language) except -1:
    cdef xmlNode* organization = organizations.children
    cdef xmlNode* company
    cdef xmlNode* child
    cdef xmlNode* item
    cdef xmlNode* code
    cdef bytes wanted = raw_language.encode("utf-8")
    while organization is not NULL:
        if _is(organization, EFAC, b"Organization"):
            company = organization.children
            while company is not NULL:
                if _is(company, EFAC, b"Company") and _has_id(company, ref):
                    child = company.children
                    while child is not NULL:
                        if _is(child, CAC, b"PartyName"):
                            # Only the name in the notice's language (else the first) is kept.
                            item = child.children
                            while item is not NULL:
                                if _is(item, CBC, b"Name") and (
                                    not notice.buyer_name or _attr_is(item, b"languageID", wanted)
                                ):
                                    notice.buyer_name = _text(item)
                                    if _attr_is(item, b"languageID", wanted):
                                        break
                                item = item.next
                        elif _is(child, CAC, b"PostalAddress"):
                            item = child.children
                            while item is not NULL:
                                if _is(item, CBC, b"CountrySubentityCode"):
                                    notice.buyer_nuts = _text(item)
                                elif _is(item, CAC, b"Country"):
                                    code = _first(item, CBC, b"IdentificationCode")
                                    if code is not NULL:
                                        notice.buyer_country = _country(_text(code))
                                item = item.next
                        elif _is(child, CAC, b"PartyLegalEntity") and not notice.buyer_id:
                            # BT-501: the first registration number; further ones are other identifiers.
                            code = _first(child, CBC, b"CompanyID")
                            if code is not NULL:
                                notice.buyer_id = _text(code)
                        child = child.next
                    return 0
                company = company.next
        organization = organization.next
    return 0


# -- procedure and lots --------------------------------------------------------------


cdef int _project(xmlNode* node, object target, bint is_lot, str lot_id, _Reader reader) except -1:
    """cac:ProcurementProject of the procedure or of a lot (``is_lot``), into the notice or the lot."""
    cdef xmlNode* child = node.children
    cdef xmlNode* code
    cdef _Pick title = _Pick()
    cdef _Pick description = _Pick()
    while child is not NULL:
        if _is(child, CBC, b"Name"):
            reader.take(child, lot_id, _TITLE, title)
        elif _is(child, CBC, b"Description"):
            reader.take(child, lot_id, _DESCRIPTION, description)
        elif _is(child, CBC, b"ProcurementTypeCode"):
            target.contract_nature = _text(child)
        elif _is(child, CAC, b"MainCommodityClassification"):
            code = _code(child, CBC, b"ItemClassificationCode")
            if code is not NULL and not target.cpv_main:
                target.cpv_main = _cpv(_raw_text(code))
        elif _is(child, CAC, b"AdditionalCommodityClassification"):
            code = _code(child, CBC, b"ItemClassificationCode")
            if code is not NULL:
                value = _cpv(_raw_text(code))
                if value:
                    target.cpv_additional.append(value)
        elif _is(child, CAC, b"RequestedTenderTotal"):
            code = _first(child, CBC, b"EstimatedOverallContractAmount")
            if code is not NULL:
                target.value = _amount(_raw_text(code))
                target.currency = _attr(code, b"currencyID")
        elif is_lot and _is(child, CAC, b"ProcurementAdditionalType"):
            _additional_type(child, target, lot_id, reader)
        child = child.next
    target.title = title.text
    target.description = description.text
    return 0


cdef object _lot(xmlNode* node, _Reader reader):
    cdef xmlNode* child = node.children
    cdef xmlNode* terms
    cdef xmlNode* head
    lot = None
    while child is not NULL:
        if child.type != XML_ELEMENT_NODE:
            pass
        elif _is(child, CBC, b"ID"):
            # Groups of lots (LotsGroup) repeat their lots' data; parts (Part) are the lots
            # of a prior information notice.
            if _attr_is(child, b"schemeName", b"LotsGroup"):
                return None
            lot = _Lot(_text(child))
        elif lot is None:
            pass
        elif _is(child, CAC, b"ProcurementProject"):
            _project(child, lot, True, lot.lot_id, reader)
        elif _is(child, CAC, b"TenderingTerms"):
            terms = child.children
            while terms is not NULL:
                if _is(terms, CAC, b"AwardingTerms"):
                    _criteria(terms, lot, reader)
                elif _is(terms, CAC, b"ContractExecutionRequirement"):
                    # Most execution requirements are not performance conditions (BT-70); their
                    # code comes first, so they are passed over after one look.
                    head = _first_element(terms)
                    if not (
                        head is not NULL
                        and _is(head, CBC, b"ExecutionRequirementCode")
                        and not _attr_is(head, b"listName", b"conditions")
                    ):
                        _condition(terms, lot, reader)
                terms = terms.next
        child = child.next
    return lot


cdef int _criteria(xmlNode* node, object lot, _Reader reader) except -1:
    """Every cac:SubordinateAwardingCriterion under ``node``, in document order."""
    cdef xmlNode* child = node.children
    while child is not NULL:
        if child.type == XML_ELEMENT_NODE:
            if _is(child, CAC, b"SubordinateAwardingCriterion"):
                lot.award_criteria.append(_criterion(child, lot.lot_id, reader))
            _criteria(child, lot, reader)
        child = child.next
    return 0


cdef int _additional_type(xmlNode* node, object lot, str lot_id, _Reader reader) except -1:
    """BT-06 (with its BT-777 text), BT-774 or BT-805, told apart by the code's listName."""
    cdef xmlNode* code = _code(node, CBC, b"ProcurementTypeCode")
    cdef xmlNode* item
    if code is NULL:
        return 0
    if _attr_is(code, b"listName", b"environmental-impact"):
        lot.environmental.append(_text(code))
    elif _attr_is(code, b"listName", b"strategic-procurement"):
        lot.strategic.append(_text(code))
        item = node.children
        while item is not NULL:
            if _is(item, CBC, b"ProcurementType"):
                reader.take(item, lot_id, _STRATEGIC, _Pick())
            item = item.next
    elif _attr_is(code, b"listName", b"gpp-criteria"):
        lot.gpp_criteria.append(_text(code))
    return 0


cdef int _condition(xmlNode* node, object lot, _Reader reader) except -1:
    cdef xmlNode* child = node.children
    cdef _Pick text = _Pick()
    while child is not NULL:
        if _is(child, CBC, b"ExecutionRequirementCode"):
            if not _attr_is(child, b"listName", b"conditions"):
                return 0
        elif _is(child, CBC, b"Description"):
            reader.take(child, lot.lot_id, _PERFORMANCE, text)
        child = child.next
    if text.text:
        lot.performance_conditions.append(text.text)
    return 0


cdef object _criterion(xmlNode* node, str lot_id, _Reader reader):
    criterion = _AwardCriterion("", "", None, "", "")
    cdef xmlNode* child = node.children
    cdef xmlNode* ext
    cdef xmlNode* content
    cdef xmlNode* eforms
    cdef xmlNode* parameter
    cdef _Pick name = _Pick()
    cdef _Pick description = _Pick()
    while child is not NULL:
        if _is(child, CBC, b"Name"):
            reader.take(child, lot_id, _AWARD_CRITERION, name)
        elif _is(child, CBC, b"Description"):
            reader.take(child, lot_id, _AWARD_CRITERION, description)
        elif _is(child, CBC, b"AwardingCriterionTypeCode"):
            criterion.type = _text(child)
        elif _is(child, EXT, b"UBLExtensions"):
            # ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension/efac:AwardCriterionParameter
            ext = child.children
            while ext is not NULL:
                content = ext.children
                while content is not NULL:
                    eforms = content.children
                    while eforms is not NULL:
                        parameter = eforms.children
                        while parameter is not NULL:
                            if _is(parameter, EFAC, b"AwardCriterionParameter"):
                                _weight(parameter, criterion)
                            parameter = parameter.next
                        eforms = eforms.next
                    content = content.next
                ext = ext.next
        child = child.next
    criterion.name = name.text
    criterion.description = description.text
    return criterion


cdef int _weight(xmlNode* parameter, object criterion) except -1:
    cdef xmlNode* code = _code(parameter, EFBC, b"ParameterCode")
    cdef xmlNode* number
    if code is NULL or not _attr_is(code, b"listName", b"number-weight"):
        return 0
    number = _first(parameter, EFBC, b"ParameterNumeric")
    if number is not NULL:
        criterion.weight = _amount(_raw_text(number))
        criterion.weight_kind = _text(code)
    return 0
