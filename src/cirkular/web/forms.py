"""Form helpers shared by the apps."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def add_validation_error(form: Any, exc: ValidationError, fallback: str | None = None) -> None:
    """Show a service's ValidationError on the form: each field's messages at that field
    (unknown fields at the top), and messages without a field at ``fallback`` (or the top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(fallback, exc)
