"""Every interface string has its Swedish translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

import cirkular

LOCALE = Path(cirkular.__file__).parent / "locale"


def test_swedish_catalogue_is_complete() -> None:
    with (LOCALE / "sv" / "LC_MESSAGES" / "django.po").open("rb") as f:
        catalog = read_po(f, locale="sv")
    messages = [m for m in catalog if m.id]
    assert len(messages) > 40
    untranslated = [m.id for m in messages if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
