"""One document model for every output format.

A :class:`Document` is a title and a list of blocks. Renderers in this package turn it
into HTML (and PDF through WeasyPrint) and DOCX; every text in it is already in the
document's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    anchor: str = ""


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


Block = Heading | Paragraph | BulletList | Table


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
