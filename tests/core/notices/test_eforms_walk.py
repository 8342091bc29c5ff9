"""The compiled eForms walk reads the tree as lxml does: by namespace URI, text and CDATA,
attributes without a namespace, and only the elements each field names.

The notices here are written for the case at hand (no shared data needed); the shared
notices are covered by test_parse.py and, field by field against an independent xmltodict
extraction, by test_benchmark_baseline.py.
"""

from __future__ import annotations

import pytest
from lxml import etree

from cirkular.core.notices.eforms import is_eforms, parse_eforms
from cirkular.core.notices.parse import parse_notice
from cirkular.core.notices.record import Field, FormType

NAMESPACES = {
    "": "urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}


def _notice(body: str, prefixes: dict[str, str] | None = None) -> bytes:
    """A contract notice with ``body`` inside; ``prefixes`` renames namespace prefixes."""
    rename = prefixes or {}
    declared = " ".join(
        f'xmlns="{uri}"' if not prefix else f'xmlns:{rename.get(prefix, prefix)}="{uri}"'
        for prefix, uri in NAMESPACES.items()
    )
    for old, new in rename.items():
        body = body.replace(f"<{old}:", f"<{new}:").replace(f"</{old}:", f"</{new}:")
    return f"<ContractNotice {declared}>{body}</ContractNotice>".encode()


EXTENSIONS = """
<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension>
  <efac:NoticeSubType><cbc:SubTypeCode listName="notice-subtype">16</cbc:SubTypeCode></efac:NoticeSubType>
  <efac:Organizations>
    <efac:Organization><efac:Company>
      <cac:PartyIdentification><cbc:ID>ORG-0002</cbc:ID></cac:PartyIdentification>
      <cac:PartyName><cbc:Name languageID="SWE">Fel organisation</cbc:Name></cac:PartyName>
    </efac:Company></efac:Organization>
    <efac:Organization><efac:Company>
      <cac:PartyIdentification><cbc:ID>ORG-0001</cbc:ID></cac:PartyIdentification>
      <cac:PartyName>
        <cbc:Name languageID="ENG">Municipality of Lund</cbc:Name>
        <cbc:Name languageID="SWE">Lunds kommun</cbc:Name>
      </cac:PartyName>
      <cac:PostalAddress>
        <cbc:CountrySubentityCode listName="nuts">SE224</cbc:CountrySubentityCode>
        <cac:Country><cbc:IdentificationCode listName="country">SWE</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyLegalEntity><cbc:CompanyID>212000-1132</cbc:CompanyID></cac:PartyLegalEntity>
      <cac:PartyLegalEntity><cbc:CompanyID>OTHER-ID</cbc:CompanyID></cac:PartyLegalEntity>
    </efac:Company></efac:Organization>
  </efac:Organizations>
  <efac:Publication>
    <efbc:NoticePublicationID schemeName="ojs-notice-id">00123456-2025</efbc:NoticePublicationID>
    <efbc:PublicationDate>2025-03-04Z</efbc:PublicationDate>
  </efac:Publication>
</efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
"""

HEAD = """
<cbc:CustomizationID>eforms-sdk-1.10</cbc:CustomizationID>
<cbc:ID schemeName="notice-id">  3f1c0d3e-1111-2222-3333-444455556666 </cbc:ID>
<cbc:ContractFolderID>proc-1</cbc:ContractFolderID>
<cbc:IssueDate>2025-03-01+01:00</cbc:IssueDate>
<cbc:VersionID>01</cbc:VersionID>
<cbc:NoticeTypeCode listName="competition">cn-standard</cbc:NoticeTypeCode>
<cbc:NoticeLanguageCode listName="language">SWE</cbc:NoticeLanguageCode>
<cac:AdditionalNoticeLanguage><cbc:ID>ENG</cbc:ID></cac:AdditionalNoticeLanguage>
<cac:ContractingParty><cac:Party><cac:PartyIdentification>
  <cbc:ID>ORG-0001</cbc:ID>
</cac:PartyIdentification></cac:Party></cac:ContractingParty>
<cac:TenderingProcess><cbc:ProcedureCode listName="procurement-procedure-type">open</cbc:ProcedureCode>
</cac:TenderingProcess>
<cac:ProcurementProject>
  <cbc:Name languageID="ENG">Furniture</cbc:Name>
  <cbc:Name languageID="SWE">Möbler</cbc:Name>
  <cbc:Description languageID="ENG">Reused <![CDATA[chairs & tables]]> for schools</cbc:Description>
  <cbc:ProcurementTypeCode listName="contract-nature">supplies</cbc:ProcurementTypeCode>
  <cac:RequestedTenderTotal>
    <cbc:EstimatedOverallContractAmount currencyID="SEK">1500000</cbc:EstimatedOverallContractAmount>
  </cac:RequestedTenderTotal>
  <cac:MainCommodityClassification>
    <cbc:ItemClassificationCode listName="cpv">39130000-2</cbc:ItemClassificationCode>
  </cac:MainCommodityClassification>
  <cac:AdditionalCommodityClassification>
    <cbc:ItemClassificationCode listName="cpv">39150000</cbc:ItemClassificationCode>
  </cac:AdditionalCommodityClassification>
  <cac:AdditionalCommodityClassification>
    <cbc:ItemClassificationCode listName="cpv">not-a-code</cbc:ItemClassificationCode>
  </cac:AdditionalCommodityClassification>
</cac:ProcurementProject>
"""


def _lot(lot_id: str, inner: str = "", scheme: str = "Lot") -> str:
    return (
        f'<cac:ProcurementProjectLot><cbc:ID schemeName="{scheme}">{lot_id}</cbc:ID>{inner}</cac:ProcurementProjectLot>'
    )


LOT = _lot(
    "LOT-0001",
    """
<cac:TenderingTerms>
  <cac:ContractExecutionRequirement>
    <cbc:ExecutionRequirementCode listName="reserved-execution">no</cbc:ExecutionRequirementCode>
    <cbc:Description languageID="SWE">Not a condition</cbc:Description>
  </cac:ContractExecutionRequirement>
  <cac:ContractExecutionRequirement>
    <cbc:ExecutionRequirementCode listName="conditions">performance</cbc:ExecutionRequirementCode>
    <cbc:Description languageID="ENG">Take back used furniture</cbc:Description>
    <cbc:Description languageID="SWE">Ta tillbaka begagnade möbler</cbc:Description>
  </cac:ContractExecutionRequirement>
  <cac:AwardingTerms><cac:AwardingCriterion>
    <cac:SubordinateAwardingCriterion>
      <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension>
        <efac:AwardCriterionParameter>
          <efbc:ParameterCode listName="number-weight">per-exa</efbc:ParameterCode>
          <efbc:ParameterNumeric>40</efbc:ParameterNumeric>
        </efac:AwardCriterionParameter>
      </efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
      <cbc:AwardingCriterionTypeCode listName="award-criterion-type">quality</cbc:AwardingCriterionTypeCode>
      <cbc:Name languageID="SWE">Återbrukat innehåll</cbc:Name>
      <cbc:Description languageID="SWE">Andel återbrukade möbler</cbc:Description>
    </cac:SubordinateAwardingCriterion>
    <cac:SubordinateAwardingCriterion>
      <cbc:AwardingCriterionTypeCode listName="award-criterion-type">price</cbc:AwardingCriterionTypeCode>
      <cbc:Name languageID="SWE">Pris</cbc:Name>
    </cac:SubordinateAwardingCriterion>
  </cac:AwardingCriterion></cac:AwardingTerms>
</cac:TenderingTerms>
<cac:ProcurementProject>
  <cbc:Name languageID="SWE">Stolar</cbc:Name>
  <cbc:ProcurementTypeCode listName="contract-nature">supplies</cbc:ProcurementTypeCode>
  <cac:ProcurementAdditionalType>
    <cbc:ProcurementTypeCode listName="strategic-procurement">env-imp</cbc:ProcurementTypeCode>
    <cbc:ProcurementType languageID="SWE">Cirkulära krav</cbc:ProcurementType>
  </cac:ProcurementAdditionalType>
  <cac:ProcurementAdditionalType>
    <cbc:ProcurementTypeCode listName="environmental-impact">circ-econ</cbc:ProcurementTypeCode>
  </cac:ProcurementAdditionalType>
  <cac:ProcurementAdditionalType>
    <cbc:ProcurementTypeCode listName="gpp-criteria">eu</cbc:ProcurementTypeCode>
  </cac:ProcurementAdditionalType>
  <cac:MainCommodityClassification>
    <cbc:ItemClassificationCode listName="cpv">39112000</cbc:ItemClassificationCode>
  </cac:MainCommodityClassification>
</cac:ProcurementProject>
""",
)


def test_every_field_of_a_written_notice() -> None:
    notice = parse_notice(_notice(EXTENSIONS + HEAD + LOT))
    assert notice.notice_id == "3f1c0d3e-1111-2222-3333-444455556666"
    assert notice.procedure_id == "proc-1"
    assert (notice.issue_date, notice.publication_date) == ("2025-03-01", "2025-03-04")
    assert notice.publication_id == "00123456-2025"
    assert (notice.notice_type, notice.form_type, notice.subtype) == ("cn-standard", FormType.COMPETITION, "16")
    assert (notice.sdk_version, notice.version) == ("eforms-sdk-1.10", "01")
    assert (notice.language, notice.languages) == ("sv", ["sv", "en"])
    # The buyer is the organisation the contracting party points to, named in the notice's language.
    assert notice.buyer_name == "Lunds kommun"
    assert (notice.buyer_id, notice.buyer_country, notice.buyer_nuts) == ("212000-1132", "SE", "SE224")
    assert (notice.procedure_type, notice.contract_nature) == ("open", "supplies")
    # The title in the notice's language; the description in the only language it has,
    # with its CDATA part joined to the text around it.
    assert notice.title == "Möbler"
    assert notice.description == "Reused chairs & tables for schools"
    assert (notice.cpv_main, notice.cpv_additional) == ("39130000", ["39150000"])
    assert (notice.value, notice.currency, notice.value_kind) == (1_500_000.0, "SEK", "estimated")

    [lot] = notice.lots
    assert (lot.lot_id, lot.title, lot.contract_nature, lot.cpv_main) == ("LOT-0001", "Stolar", "supplies", "39112000")
    assert (lot.strategic, lot.environmental, lot.gpp_criteria) == (["env-imp"], ["circ-econ"], ["eu"])
    assert lot.performance_conditions == ["Ta tillbaka begagnade möbler"]
    quality, price = lot.award_criteria
    assert (quality.type, quality.name, quality.weight, quality.weight_kind) == (
        "quality",
        "Återbrukat innehåll",
        40.0,
        "per-exa",
    )
    assert quality.description == "Andel återbrukade möbler"
    assert (price.type, price.name, price.weight, price.description) == ("price", "Pris", None, "")

    # Every language variant goes to detection, with the language as written, once.
    texts = {(lot_id, where, lang, text) for lot_id, where, lang, text in notice.texts}
    assert len(texts) == len(notice.texts)
    assert ("", Field.TITLE, "ENG", "Furniture") in texts
    assert ("LOT-0001", Field.PERFORMANCE, "ENG", "Take back used furniture") in texts
    assert ("LOT-0001", Field.STRATEGIC, "SWE", "Cirkulära krav") in texts
    assert ("LOT-0001", Field.AWARD_CRITERION, "SWE", "Andel återbrukade möbler") in texts
    assert not any(text == "Not a condition" for *_, text in notice.texts)


def test_prefixes_do_not_matter_namespaces_do() -> None:
    written = parse_notice(_notice(EXTENSIONS + HEAD + LOT))
    renamed = parse_notice(_notice(EXTENSIONS + HEAD + LOT, {"cbc": "b", "cac": "a", "efac": "x", "efbc": "y"}))
    assert renamed == written
    # The same local names in another namespace are not eForms fields.
    foreign = HEAD.replace(
        "<cbc:ContractFolderID>proc-1</cbc:ContractFolderID>",
        "<o:ContractFolderID xmlns:o='urn:other'>p</o:ContractFolderID>",
    )
    assert parse_notice(_notice(EXTENSIONS + foreign + LOT)).procedure_id == ""


def test_awarded_value_wins_over_the_estimate() -> None:
    result = EXTENSIONS.replace(
        "<efac:Publication>",
        '<efac:NoticeResult><cbc:TotalAmount currencyID="EUR">980000.50</cbc:TotalAmount></efac:NoticeResult><efac:Publication>',
    )
    notice = parse_notice(_notice(result + HEAD + LOT))
    assert (notice.value, notice.currency, notice.value_kind) == (980_000.5, "EUR", "awarded")


def test_groups_of_lots_are_left_out_and_parts_kept() -> None:
    body = HEAD + _lot("GLO-0001", scheme="LotsGroup") + _lot("PAR-0001", scheme="Part") + LOT
    notice = parse_notice(_notice(EXTENSIONS + body))
    assert [lot.lot_id for lot in notice.lots] == ["PAR-0001", "LOT-0001"]


def test_a_lot_without_an_id_keeps_its_codes() -> None:
    body = HEAD + LOT.replace('<cbc:ID schemeName="Lot">LOT-0001</cbc:ID>', '<cbc:ID schemeName="Lot"/>')
    [lot] = parse_notice(_notice(EXTENSIONS + body)).lots
    assert (lot.lot_id, lot.environmental, lot.strategic) == ("", ["circ-econ"], ["env-imp"])


def test_missing_parts_leave_fields_empty() -> None:
    # No extensions (no organisations, no publication), an empty element, an attribute with
    # a namespace that is not the plain languageID.
    body = """
    <cbc:ID/>
    <cbc:NoticeTypeCode>cn-standard</cbc:NoticeTypeCode>
    <cac:ContractingParty><cac:Party/></cac:ContractingParty>
    <cac:ProcurementProject>
      <cbc:Name xmlns:q="urn:q" q:languageID="SWE">Titel</cbc:Name>
      <cbc:Name languageID="">Second</cbc:Name>
    </cac:ProcurementProject>
    """
    notice = parse_notice(_notice(body))
    assert (notice.notice_id, notice.publication_id, notice.buyer_name) == ("", "", "")
    assert notice.form_type is FormType.OTHER
    assert notice.title == "Titel"
    assert [lang for _, _, lang, _ in notice.texts] == ["", ""]
    assert notice.lots == []


def test_the_walk_wants_an_lxml_element() -> None:
    root = etree.fromstring(_notice(HEAD))
    assert is_eforms(root)
    assert not is_eforms(etree.fromstring(b"<TED_EXPORT/>"))
    with pytest.raises(TypeError, match="lxml element"):
        parse_eforms("<ContractNotice/>")
    # A tree parsed without the hardened parser (blank text kept) reads the same.
    assert parse_eforms(root) == parse_notice(_notice(HEAD))
