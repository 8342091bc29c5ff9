"""Documents made from a case: the market dialogue summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cirkular.reports import render
from cirkular.reports.document import BulletList, Document, Heading, Paragraph


def dialogue_document(case: Any, entries: Sequence[Any], language: str) -> Document:
    with translation.override(language):
        doc = Document(
            title=_("Market dialogue: summary"),
            language=language,
            subtitle=case.title,
            meta={_("Organisation"): case.organisation.name, _("Activities"): str(len(entries))},
        )
        if not entries:
            doc.add(Paragraph(_("No dialogue activities are recorded yet.")))
        for entry in entries:
            doc.add(Heading(f"{date_format(entry.date, 'j F Y')}: {entry.get_kind_display()}", 1))
            suppliers = [s.strip() for s in entry.suppliers.splitlines() if s.strip()]
            if suppliers:
                doc.add(Paragraph("", _("Participating suppliers")), BulletList(tuple(suppliers)))
            for label, text in (
                (_("Questions"), entry.questions),
                (_("Answers"), entry.answers),
                (_("Insights"), entry.insights),
            ):
                if text:
                    doc.add(Paragraph(text, label))
        return doc


def dialogue_docx(case: Any, entries: Sequence[Any], language: str) -> bytes:
    return render.to_docx(dialogue_document(case, entries, language))
