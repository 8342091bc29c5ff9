"""Text cues for circular-economy content in notices, as data.

Each cue is a lower-case regular-expression fragment matched at a word start in the
lower-cased text of titles, descriptions, award criteria, performance conditions and
strategic-procurement descriptions (never in CPV labels, which the parsers do not read).
A cue names a *concept* (so that the same sentence in twenty languages is one piece of
evidence) and a *strength*:

- ``strong``: the phrase names a circular practice (circular economy, reuse, refurbished
  or remanufactured products, recycled content, take-back, product as a service);
- ``medium``: it points at one (repairability, waste hierarchy);
- ``weak``: it is often about something else (recycling as a service or a facility,
  renovation works, life-cycle cost).

*Masks* are phrases whose words would match a cue but which name the subject of a
contract rather than a requirement (a recycling station to be built, a waste sorting
centre to be run); they are blanked out before cues are searched.

Sources: the term lists in ``../shared/reference/data-standards.md`` §6 (Swedish, English,
Danish/Norwegian, German, French), the labels of the eForms code list
``environmental-impact`` (``circ-econ``: "The transition to a circular economy" in all EU
languages, SDK 1.15), and the EU GPP criteria vocabulary (reuse, refurbishment,
remanufacturing, recycled content, take-back). Terms in the other languages are the
usual translations of the same concepts as used in the EU's own multilingual texts
(``circ-econ`` labels, the circular economy action plan COM(2020) 98). Notes say where a
term was narrowed to avoid a known false hit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Strength(StrEnum):
    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


STRENGTH_WEIGHT = {Strength.STRONG: 1.0, Strength.MEDIUM: 0.7, Strength.WEAK: 0.4}


@dataclass(frozen=True, slots=True)
class Cue:
    language: str  # ISO 639-1
    pattern: str  # lower-case regex fragment, matched at the start of a word
    concept: str
    strength: Strength
    note: str = ""


S, M, W = Strength.STRONG, Strength.MEDIUM, Strength.WEAK

CUES: tuple[Cue, ...] = (
    # Swedish
    Cue("sv", r"cirkulär\w* (?:ekonomi|affärsmodell)\w*", "circular-economy", S),
    Cue("sv", r"cirkulär\w* (?:upphandling|möbl|produkt|flöd|lösning)\w*", "circular-economy", S),
    Cue("sv", r"cirkularitet\w*", "circular-economy", S),
    Cue("sv", r"återbruk\w*", "reuse", S),
    Cue("sv", r"återanvän\w*", "reuse", S),
    Cue("sv", r"begagnad\w*", "second-hand", S),
    Cue("sv", r"renoverad\w* (?:möbl|produkt|dator|utrustning)\w*", "refurbished", S),
    Cue("sv", r"rekonditioner\w*", "refurbished", S),
    Cue("sv", r"återtillverk\w*", "remanufactured", S),
    Cue("sv", r"återvun\w* (?:material|råvar|plast|textil|fiber|innehåll)\w*", "recycled-content", S),
    Cue("sv", r"andel återvun\w*", "recycled-content", S),
    Cue("sv", r"återtag\w*", "take-back", S, "återtagande/återtagningssystem"),
    Cue("sv", r"produkt som (?:en )?tjänst|funktion som (?:en )?tjänst", "product-as-a-service", S),
    Cue("sv", r"reparerbar\w*", "repairability", M),
    Cue("sv", r"reservdel\w*", "repairability", W),
    Cue("sv", r"avfallstrapp\w*|avfallshierarki\w*", "waste-hierarchy", M),
    Cue("sv", r"resurseffektiv\w*", "resource-efficiency", W),
    Cue("sv", r"återvinningsbar\w*", "recyclability", W),
    Cue("sv", r"återvinning\w*", "recycling", W),
    Cue("sv", r"livscykelkostnad\w*|lcc\b", "life-cycle-cost", W),
    # English
    Cue("en", r"circular economy", "circular-economy", S),
    Cue("en", r"circular (?:procurement|business model|design|solution|product)\w*", "circular-economy", S),
    Cue("en", r"circularity", "circular-economy", S),
    Cue("en", r"reus(?:e|ed|es|ing|able|ability)\b|re-us(?:e|ed|es|ing)\b", "reuse", S),
    Cue("en", r"second-hand|second hand", "second-hand", S),
    Cue("en", r"preowned|pre-owned", "second-hand", S),
    Cue("en", r"refurbished", "refurbished", S, "'refurbishment' alone usually means renovation works"),
    Cue("en", r"refurbishment", "renovation", W, "building or runway refurbishment: renovation works"),
    Cue("en", r"remanufactur\w*", "remanufactured", S),
    Cue("en", r"upcycl\w*", "reuse", S),
    Cue(
        "en",
        r"recycled (?:content|material|plastic|fib|paper|raw|aggregate|steel|textile|polyester)\w*",
        "recycled-content",
        S,
    ),
    Cue("en", r"post-consumer", "recycled-content", S),
    Cue("en", r"takeback|take-back|take back (?:scheme|system|programme|program|service)", "take-back", S),
    Cue(
        "en",
        r"product as a service|products as a service|product-as-a-service|products-as-a-service",
        "product-as-a-service",
        S,
    ),
    Cue("en", r"repairab\w*|reparab\w*", "repairability", M),
    Cue("en", r"waste hierarchy", "waste-hierarchy", M),
    Cue("en", r"resource efficien\w*", "resource-efficiency", W),
    Cue("en", r"recyclab\w*", "recyclability", W),
    Cue("en", r"recycling", "recycling", W),
    Cue("en", r"life-cycle cost\w*|life cycle cost\w*|lifecycle cost\w*", "life-cycle-cost", W),
    # Danish and Norwegian
    Cue("da", r"cirkulær\w* økonomi", "circular-economy", S),
    Cue("no", r"sirkulær\w* økonomi", "circular-economy", S),
    Cue("da", r"genbrugt\w*|genbrug af", "reuse", S, "'genbrugsplads' is a recycling station (masked)"),
    Cue("no", r"gjenbruk\w*|ombruk\w*", "reuse", S),
    Cue("da", r"genanvendt\w* (?:materiale|plast)\w*", "recycled-content", S),
    # German
    Cue("de", r"kreislaufwirtschaft\w*", "circular-economy", S),
    Cue("de", r"kreislauffähig\w*|zirkulär\w*", "circular-economy", S),
    Cue("de", r"wiederverwend\w*|wiederverwertbar\w*", "reuse", S),
    Cue("de", r"gebrauchtmöbel\w*|gebrauchtware\w*", "second-hand", S),
    Cue("de", r"generalüberholt\w*|wiederaufbereit\w*", "refurbished", S),
    Cue("de", r"rezyklat\w*|recyclingmaterial\w*|recycelt\w*", "recycled-content", S),
    Cue("de", r"rücknahme\w*", "take-back", S),
    Cue("de", r"reparierbar\w*|reparaturfähig\w*", "repairability", M),
    Cue("de", r"abfallhierarchie\w*", "waste-hierarchy", M),
    Cue("de", r"recyclingfähig\w*", "recyclability", W),
    Cue("de", r"lebenszykluskosten\w*", "life-cycle-cost", W),
    # French
    Cue("fr", r"économie circulaire", "circular-economy", S),
    Cue("fr", r"circularité", "circular-economy", S),
    Cue("fr", r"réemploi\w*|réutilis\w*", "reuse", S),
    Cue("fr", r"seconde main|d'occasion|d’occasion", "second-hand", S),
    Cue("fr", r"reconditionn\w*", "refurbished", S),
    Cue("fr", r"remanufactur\w*", "remanufactured", S),
    Cue("fr", r"recyclé(?:e|es|s)?\b", "recycled-content", S, "not 'recycleur' (a diving rebreather)"),
    Cue("fr", r"réparabilité", "repairability", M),
    Cue("fr", r"hiérarchie des déchets", "waste-hierarchy", M),
    Cue("fr", r"recyclabilité|recyclable", "recyclability", W),
    Cue("fr", r"coût du cycle de vie|coûts du cycle de vie", "life-cycle-cost", W),
    # Spanish
    Cue("es", r"economía circular", "circular-economy", S),
    Cue("es", r"reutiliza\w*|reutilizable\w*", "reuse", S),
    Cue("es", r"segunda mano", "second-hand", S),
    Cue("es", r"reacondicionad\w*", "refurbished", S),
    Cue(
        "es",
        r"materiales reciclados|material reciclado|plástico reciclado|plásticos reciclados|papel reciclado|contenido reciclado",
        "recycled-content",
        S,
    ),
    Cue("es", r"reparabilidad", "repairability", M),
    Cue("es", r"coste del ciclo de vida|costes del ciclo de vida", "life-cycle-cost", W),
    # Italian
    Cue("it", r"economia circolare", "circular-economy", S),
    Cue("it", r"riutilizz\w*|riuso", "reuse", S),
    Cue("it", r"seconda mano", "second-hand", S),
    Cue("it", r"ricondizionat\w*", "refurbished", S),
    Cue(
        "it",
        r"materiale riciclato|materiali riciclati|plastica riciclata|carta riciclata|contenuto riciclato",
        "recycled-content",
        S,
    ),
    Cue("it", r"riparabilità", "repairability", M),
    Cue("it", r"costo del ciclo di vita|costi del ciclo di vita", "life-cycle-cost", W),
    # Portuguese
    Cue("pt", r"economia circular", "circular-economy", S),
    Cue("pt", r"reutiliza\w*", "reuse", S),
    Cue("pt", r"recondicionad\w*", "refurbished", S),
    Cue(
        "pt",
        r"materiais reciclados|material reciclado|plástico reciclado|plásticos reciclados|papel reciclado|conteúdo reciclado",
        "recycled-content",
        S,
    ),
    # Dutch
    Cue("nl", r"circulaire economie", "circular-economy", S),
    Cue("nl", r"circulair\w*", "circular-economy", S),
    Cue("nl", r"hergebruik\w*", "reuse", S),
    Cue("nl", r"tweedehands", "second-hand", S),
    Cue("nl", r"gereviseerd\w*|refurbished", "refurbished", S),
    Cue("nl", r"gerecycled\w*|gerecycleerd\w*", "recycled-content", S),
    Cue("nl", r"terugname\w*", "take-back", S),
    Cue("nl", r"repareerbaar\w*", "repairability", M),
    Cue("nl", r"levenscycluskosten", "life-cycle-cost", W),
    # Finnish
    Cue("fi", r"kiertotalou\w*", "circular-economy", S),
    Cue("fi", r"uudelleenkäy\w*", "reuse", S),
    Cue("fi", r"kunnostet\w*", "refurbished", S),
    Cue("fi", r"kierrätetty\w*|kierrätysmateriaal\w*", "recycled-content", S),
    Cue("fi", r"elinkaarikustannu\w*", "life-cycle-cost", W),
    # Polish
    Cue(
        "pl",
        r"gospodarka o obiegu zamkniętym|gospodarki o obiegu zamkniętym|gospodarce o obiegu zamkniętym|gospodarkę o obiegu zamkniętym|gospodarką o obiegu zamkniętym",
        "circular-economy",
        S,
    ),
    Cue(
        "pl",
        r"ponowne użycie|ponownego użycia|ponownym użyciu|ponowne wykorzystanie|ponownego wykorzystania|ponownego użytku|ponownie użyt\w*|ponownie wykorzyst\w*",
        "reuse",
        S,
    ),
    Cue("pl", r"odnowion\w*|regenerowan\w*", "refurbished", S),
    Cue("pl", r"z recyklingu", "recycled-content", S),
    # Czech and Slovak
    Cue("cs", r"oběhov\w* hospodářstv\w*", "circular-economy", S),
    Cue("sk", r"obehov\w* hospodárstv\w*", "circular-economy", S),
    Cue("cs", r"opětovn\w* použit\w*", "reuse", S),
    Cue("sk", r"opätovn\w* použit\w*", "reuse", S),
    Cue("cs", r"repasovan\w*", "refurbished", S),
    Cue("cs", r"recyklovan\w*", "recycled-content", S),
    # Hungarian
    Cue("hu", r"körforgásos gazdaság\w*", "circular-economy", S),
    Cue("hu", r"újrafelhasznál\w*", "reuse", S),
    Cue("hu", r"újrahasznosított\w*", "recycled-content", S),
    # Romanian
    Cue("ro", r"economia circulară|economiei circulare|economie circulară|economii circulare", "circular-economy", S),
    Cue("ro", r"reutiliz\w*", "reuse", S),
    Cue("ro", r"recondiționat\w*", "refurbished", S),
    # Bulgarian
    Cue("bg", r"кръгов\w* икономика\w*", "circular-economy", S),
    Cue("bg", r"повторна употреба|повторната употреба|повторно използване", "reuse", S),
    Cue("bg", r"рециклиран\w*", "recycled-content", S),
    # Greek
    Cue("el", r"κυκλικ\w* οικονομ\w*", "circular-economy", S),
    Cue("el", r"επαναχρησιμοποί\w*", "reuse", S),
    Cue("el", r"ανακυκλωμέν\w*", "recycled-content", S),
    # Croatian and Slovenian
    Cue("hr", r"kružn\w* gospodarstv\w*", "circular-economy", S),
    Cue("sl", r"krožn\w* gospodarstv\w*", "circular-economy", S),
    Cue("hr", r"ponovna upotreb\w*|ponovnu upotreb\w*|ponovne upotreb\w*|ponovnoj upotreb\w*", "reuse", S),
    Cue("sl", r"ponovna uporab\w*|ponovno uporab\w*|ponovne uporab\w*|ponovni uporab\w*", "reuse", S),
    Cue("hr", r"recikliran\w*", "recycled-content", S),
    # Baltic languages
    Cue("et", r"ringmajandus\w*", "circular-economy", S),
    Cue("et", r"korduskasut\w*", "reuse", S),
    Cue("lv", r"aprites ekonomik\w*", "circular-economy", S),
    Cue(
        "lv",
        r"atkārtota izmantošan\w*|atkārtotu izmantošan\w*|atkārtotai izmantošan\w*|atkārtoti izmant\w*",
        "reuse",
        S,
    ),
    Cue("lt", r"žiedin\w* ekonomik\w*", "circular-economy", S),
    Cue(
        "lt", r"pakartotinis naudojimas|pakartotinio naudojimo|pakartotinį naudojimą|pakartotinai naudo\w*", "reuse", S
    ),
    # Maltese and Irish
    Cue("mt", r"ekonomija ċirkolari", "circular-economy", S),
    Cue("ga", r"geilleagar ciorclach", "circular-economy", S),
)

MASKS: tuple[Cue, ...] = (
    Cue("sv", r"återvinningscentral\w*|återvinningsstation\w*|återbrukscentral\w*|miljöstation\w*", "facility", W),
    Cue(
        "en",
        r"(?:household waste )?recycling (?:station|centre|center|facility|facilities|plant|park|site|depot)s?",
        "facility",
        W,
    ),
    Cue("en", r"(?:waste|recycling) (?:collection|sorting|treatment)(?: and recycling)?(?: services?)?", "facility", W),
    Cue("da", r"genbrugsplads\w*|genbrugsstation\w*", "facility", W),
    Cue("no", r"gjenvinningsstasjon\w*|miljøstasjon\w*", "facility", W),
    Cue("de", r"wertstoffhof\w*|recyclinghof\w*|wertstoffhöfe\w*", "facility", W),
    Cue("fr", r"déchetterie\w*|déchèterie\w*|centre de tri\w*", "facility", W),
    Cue("es", r"punto limpio|puntos limpios|planta de reciclaje", "facility", W),
    Cue("it", r"isola ecologica|isole ecologiche|centro di raccolta|centri di raccolta", "facility", W),
    Cue("nl", r"milieustraat\w*|recyclagepark\w*|containerpark\w*", "facility", W),
    Cue("fi", r"kierrätysasem\w*|jäteasem\w*", "facility", W),
    Cue("pl", r"punkt\w* selektywnej zbiórki", "facility", W),
)

# Confidence of a piece of evidence = field weight × strength weight. Structured codes
# rank first, then what a tenderer must meet or is scored on, then what describes the
# subject of the contract.
FIELD_WEIGHT = {
    "structured": 1.0,
    "award-criterion": 0.8,
    "performance-condition": 0.8,
    "strategic-description": 0.8,
    "title": 0.6,
    "description": 0.5,
}
# A notice or lot counts as circular from this confidence on: a strong cue in a
# description (0.5) counts, a weak one in an award criterion (0.32) does not.
CIRCULAR_THRESHOLD = 0.5
