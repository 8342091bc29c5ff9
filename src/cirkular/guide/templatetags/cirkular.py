"""Template helpers for bilingual content."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from cirkular.core.content import Text

register = template.Library()


@register.filter
def t(value: Text | None) -> str:
    """Pick the active language from a content Text (``{{ step.name|t }}``)."""
    if value is None:
        return ""
    return value.get(get_language() or "sv")
