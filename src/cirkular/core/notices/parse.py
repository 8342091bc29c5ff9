"""Bytes of one notice → :class:`Notice`, or :class:`NoticeError` with a reason.

The parser is hardened: no entity substitution, no DTD loading, no network, no huge
trees. On top of that, any document that declares a DOCTYPE is refused, because entity
expansion ("billion laughs") and external entities (a local file, a URL) can only be
declared there and TED notices never have one. Blank text and comments are dropped while
parsing: fewer nodes make both the parse and the walk faster.
"""

from __future__ import annotations

import threading

from lxml import etree

from cirkular.core.notices.eforms import is_eforms, parse_eforms
from cirkular.core.notices.record import ErrorReason, Notice, NoticeError
from cirkular.core.notices.ted_legacy import is_legacy, parse_legacy

# The largest real notices are a few MB (multilingual legacy forms, 100-lot eForms);
# anything far beyond that is not a notice.
MAX_BYTES = 32 * 1024 * 1024

_local = threading.local()


def _parser() -> etree.XMLParser:
    # lxml parsers must not be shared between threads (Dask runs tasks in threads).
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        # collect_ids=False is left out on purpose: libxml2 then loads the external DTD
        # subset (it reads a non-zero "loadsubset" as a request to), even with load_dtd off.
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_blank_text=True,
            remove_comments=True,
            remove_pis=True,
        )
        _local.parser = parser
    return parser


def _looks_like_xml(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return True
    # UTF-16 and UTF-32 documents start with NUL bytes around the first "<".
    return head[:4].replace(b"\x00", b"").startswith((b"<", b"\xff\xfe<", b"\xfe\xff<"))


def parse_notice(data: bytes) -> Notice:
    """Parse and extract one notice; raises :class:`NoticeError` for anything else."""
    if not data.strip():
        raise NoticeError(ErrorReason.EMPTY)
    if len(data) > MAX_BYTES:
        raise NoticeError(ErrorReason.TOO_LARGE, f"{len(data)} bytes, limit {MAX_BYTES}")
    if not _looks_like_xml(data):
        raise NoticeError(ErrorReason.NOT_XML, "does not start with '<'")
    if data.find(b"<!DOCTYPE", 0, 4096) >= 0:
        # Refused before parsing: a DOCTYPE is where entities are declared, and a notice
        # never has one. One further down (after padding) is caught after the parse, which
        # neither expands entities nor loads anything.
        raise NoticeError(ErrorReason.DTD, "a DOCTYPE declaration (entities, DTD) is not accepted")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise NoticeError(ErrorReason.MALFORMED, str(exc)[:200]) from None
    except (ValueError, MemoryError) as exc:
        raise NoticeError(ErrorReason.MALFORMED, str(exc)[:200]) from None
    if root.getroottree().docinfo.doctype:
        raise NoticeError(ErrorReason.DTD, "a DOCTYPE declaration (entities, DTD) is not accepted")
    try:
        if is_eforms(root):
            return parse_eforms(root)
        if is_legacy(root):
            return parse_legacy(root)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
        raise NoticeError(ErrorReason.EXTRACTION, f"{type(exc).__name__}: {exc}"[:200]) from None
    raise NoticeError(ErrorReason.UNKNOWN_FORMAT, f"root element {str(root.tag)[:120]}")
