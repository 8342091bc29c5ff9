"""Text helpers for search: folding and stemming in Swedish and English."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

import snowballstemmer

_WORD_RE = re.compile(r"[0-9]+|[^\W\d_]+", re.UNICODE)
_STEMMERS = {"sv": "swedish", "en": "english"}
# Swedish drops the e of -el/-er/-en before an ending (möbel → möbler, nyckel → nycklar);
# the Snowball stem keeps it in the base form, so fold both to the short form.
_SYNCOPE_RE = re.compile(r"([bcdfghjklmnpqrstvwxz])e([lnr])$")
STOPWORDS = {
    "sv": frozenset(
        "och att det som en ett i på av för med till den är om de ska eller vid från har inte kan "
        "så sin sina ur under efter när man där dess denna detta dessa samt".split()
    ),
    "en": frozenset(
        "and the a an of to in on for with by from is are be or at as it its this that these "
        "those shall must can not".split()
    ),
}


def fold(text: str) -> str:
    """Lower case and NFC-normalised, keeping å, ä and ö (they are letters in Swedish)."""
    return unicodedata.normalize("NFC", text).casefold()


def words(text: str) -> list[str]:
    return _WORD_RE.findall(fold(text))


@cache
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(_STEMMERS[language])


def stem(word: str, language: str) -> str:
    s: str = _stemmer(language).stemWord(word)
    if language == "sv":
        s = _SYNCOPE_RE.sub(r"\1\2", s)
    return s


def stems(text: str, language: str) -> list[str]:
    """The stems of the words of ``text``, stop words left out."""
    stop = STOPWORDS[language]
    return [stem(w, language) for w in words(text) if w not in stop]
