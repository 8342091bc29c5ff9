"""One document model for every output format.

A :class:`Document` is a title and a list of blocks. Renderers in this package turn it
into HTML (and PDF through WeasyPrint), DOCX and PPTX; every text in it is already in the
document's language, and every number already formatted (see ``reports.numbers``).

For slides, each level-1 heading starts a slide; its ``notes`` become the speaker notes.

Text in another language than the document's is never passed off as the document's own: a
heading or a table column says its ``language``, and free text quoted as someone wrote it (a
Swedish buyer's words in an English report) is a :class:`Quote`. Renderers mark the language
(``lang`` in HTML and so in the tagged PDF, the run language in DOCX and PPTX) and set it apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    anchor: str = ""
    notes: str = ""  # speaker notes of the slide a level-1 heading starts
    language: str = ""  # the text's language when not the document's (a case title quoted as is)


@dataclass(frozen=True)
class Paragraph:
    text: str
    label: str = ""  # shown in bold before the text ("Verification: …")
    style: str = ""  # "lead", "muted", "code"


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    languages: tuple[str, ...] = ()  # per column: the cells' language when not the document's, else ""

    def language(self, column: int) -> str:
        return self.languages[column] if column < len(self.languages) else ""


@dataclass(frozen=True)
class Quote:
    """Free text quoted as it was written, in ``language`` (not the document's): set in italics
    between quotation marks and marked with its language, after a ``label`` and followed by a
    ``note`` that are both in the document's language ("Outcome: “…” (in Swedish)")."""

    text: str
    language: str
    label: str = ""
    note: str = ""


@dataclass(frozen=True)
class Figure:
    """A chart: the same picture as SVG (HTML, PDF) and PNG (DOCX, PPTX), with a text
    alternative and, for readers who cannot see it, the data as a table."""

    svg: str
    png: bytes
    alt: str
    caption: str = ""
    data: Table | None = None


@dataclass(frozen=True)
class KeyFigure:
    value: str  # formatted: "6,99 t CO2e"
    label: str  # "CO2e avoided"
    note: str = ""  # "range 4,2–13,4 t"


@dataclass(frozen=True)
class KeyFigures:
    """A row of big numbers with labels, and a note on ranges or sources under them."""

    figures: tuple[KeyFigure, ...]
    note: str = ""


@dataclass(frozen=True)
class Reference:
    text: str
    url: str = ""


@dataclass(frozen=True)
class References:
    """A numbered list of sources."""

    items: tuple[Reference, ...]


@dataclass(frozen=True)
class PageBreak:
    """A new page (PDF, DOCX) or a new slide (PPTX); nothing in HTML on screen."""


@dataclass(frozen=True)
class TableOfContents:
    """The headings down to ``depth``, with page numbers in the PDF and an agenda slide in PPTX."""

    title: str = ""  # empty: "Innehåll" / "Contents"
    depth: int = 2


Block = (
    Heading | Paragraph | BulletList | Table | Quote | Figure | KeyFigures | References | PageBreak | TableOfContents
)


@dataclass
class Document:
    title: str
    language: str
    subtitle: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self
