from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import translate_url

import cirkular
from cirkular.accounts import access
from cirkular.core.model import load_model


def site(request: HttpRequest) -> dict[str, Any]:
    """The language switch (links to this page in each language) and the version."""
    current = getattr(request, "LANGUAGE_CODE", "sv")
    return {
        "cirkular_version": cirkular.__version__,
        "content_version": load_model().version,
        "is_programme": access.is_programme(getattr(request, "user", None)),
        "language_links": [
            {
                "code": "sv",
                "label": "Svenska",
                "url": translate_url(request.get_full_path(), "sv"),
                "current": current == "sv",
            },
            {
                "code": "en",
                "label": "English",
                "url": translate_url(request.get_full_path(), "en"),
                "current": current == "en",
            },
        ],
    }
