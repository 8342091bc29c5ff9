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


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "npgettext"}


def test_no_translatable_string_hides_inside_an_f_string() -> None:
    """``makemessages`` (xgettext) does not look inside f-strings: a ``_("…")`` there is never
    extracted, drops out of the catalogue as obsolete and shows in English."""
    import ast

    found = []
    for path in sorted((LOCALE.parent).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in GETTEXT_NAMES:
                    found.append(f"{path.relative_to(LOCALE.parent)}:{inner.lineno}")
    assert found == []
