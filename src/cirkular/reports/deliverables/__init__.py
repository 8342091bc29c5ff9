"""The programme's deliverables, each built from the database for a round and a language.

``build(kind, year, language)`` gives the :class:`~cirkular.reports.document.Document`;
``render(kind, document, fmt)`` turns it into the bytes of one of the formats the kind offers
(the guide's ``html`` is the static site as a zip).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils import translation

from cirkular.reports import render as renderers
from cirkular.reports.document import Document


class Kind(StrEnum):
    EVALUATION = "evaluation"
    GUIDE = "guide"
    POLICY = "policy"
    WEBINAR = "webinar"
    PROJECT = "project"


class Format(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    PPTX = "pptx"
    HTML = "html"


FORMATS: dict[Kind, tuple[Format, ...]] = {
    Kind.EVALUATION: (Format.PPTX, Format.PDF),
    Kind.GUIDE: (Format.HTML, Format.PDF),
    Kind.POLICY: (Format.PDF, Format.DOCX),
    Kind.WEBINAR: (Format.PPTX,),
    Kind.PROJECT: (Format.PDF, Format.DOCX),
}

SUFFIX = {Format.PDF: ".pdf", Format.DOCX: ".docx", Format.PPTX: ".pptx", Format.HTML: ".zip"}
CONTENT_TYPE = {
    Format.PDF: "application/pdf",
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    Format.HTML: "application/zip",
}


class UnsupportedFormat(ValueError):
    def __init__(self, kind: str, fmt: str) -> None:
        self.kind, self.fmt = kind, fmt
        offered = ", ".join(FORMATS.get(Kind(kind), ())) if kind in Kind.__members__.values() else ""
        super().__init__(f"{kind} is not offered as {fmt}" + (f" (offered: {offered})" if offered else ""))


@dataclass(frozen=True)
class Output:
    content: bytes
    suffix: str
    content_type: str


def check(kind: str, fmt: str) -> tuple[Kind, Format]:
    """The kind and format, or :class:`UnsupportedFormat` for a combination not offered."""
    try:
        k, f = Kind(kind), Format(fmt)
    except ValueError:
        raise UnsupportedFormat(kind, fmt) from None
    if f not in FORMATS[k]:
        raise UnsupportedFormat(kind, fmt)
    return k, f


def _builder(kind: Kind) -> Callable[[int, str], Document]:
    from cirkular.reports.deliverables import evaluation, guide, policy, project, webinar

    builders: dict[Kind, Callable[[int, str], Document]] = {
        Kind.EVALUATION: evaluation.build,
        Kind.GUIDE: guide.build,
        Kind.POLICY: policy.build,
        Kind.WEBINAR: webinar.build,
        Kind.PROJECT: project.build,
    }
    return builders[kind]


def build(kind: str, year: int, language: str) -> Document:
    """The deliverable's document, with every interface text in ``language``."""
    with translation.override(language):
        return _builder(Kind(kind))(year, language)


def render(kind: str, doc: Document, fmt: str) -> Output:
    _kind, f = check(kind, fmt)
    if f is Format.PDF:
        content = renderers.to_pdf(doc)
    elif f is Format.DOCX:
        content = renderers.to_docx(doc)
    elif f is Format.PPTX:
        content = renderers.to_pptx(doc)
    else:
        from cirkular.reports.deliverables.guide import site_zip

        with translation.override(doc.language):
            content = site_zip(doc)
    return Output(content, SUFFIX[f], CONTENT_TYPE[f])


def generate(kind: str, year: int, language: str, fmt: str) -> Output:
    check(kind, fmt)
    return render(kind, build(kind, year, language), fmt)
