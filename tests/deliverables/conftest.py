"""Every deliverable built once from the demo data, in every format it offers."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from cirkular.cases.demo import load_demo
from cirkular.cases.models import Case
from cirkular.reports import deliverables
from cirkular.reports.document import Document

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# (kind, round, language, format): each PDF once, the other formats in both languages.
RUNS = [
    ("evaluation", 2020, "sv", "pdf"),
    ("evaluation", 2020, "en", "pptx"),
    ("evaluation", 2020, "sv", "pptx"),
    ("guide", 2021, "sv", "pdf"),
    ("guide", 2021, "en", "html"),
    ("guide", 2021, "sv", "html"),
    ("policy", 2021, "en", "pdf"),
    ("policy", 2021, "sv", "docx"),
    ("policy", 2021, "en", "docx"),
    ("webinar", 2021, "en", "pptx"),
    ("webinar", 2021, "sv", "pptx"),
    ("project", 2021, "en", "pdf"),
    ("project", 2021, "sv", "docx"),
    ("project", 2021, "en", "docx"),
]


@dataclass
class Built:
    outputs: dict[tuple[str, int, str, str], bytes] = field(default_factory=dict)
    documents: dict[tuple[str, int, str], Document] = field(default_factory=dict)
    again: dict[tuple[str, int, str], Document] = field(default_factory=dict)
    titles: dict[int, list[str]] = field(default_factory=dict)
    organisations: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def built(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Built]:
    out = Built()
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        load_demo()
        for year in (2020, 2021):
            out.titles[year] = sorted(Case.objects.filter(round__year=year).values_list("title", flat=True))
        out.organisations = sorted({c.organisation.name for c in Case.objects.select_related("organisation")})
        for kind, year, language, fmt in RUNS:
            key = (kind, year, language)
            if key not in out.documents:
                out.documents[key] = deliverables.build(kind, year, language)
                out.again[key] = deliverables.build(kind, year, language)
            out.outputs[(kind, year, language, fmt)] = deliverables.render(kind, out.documents[key], fmt).content
        transaction.set_rollback(True)
    yield out


def pdf_text(tmp_path: Path, content: bytes) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", text)


def pdf_pages(tmp_path: Path, content: bytes) -> int:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match
    return int(match.group(1))


def pdf_fonts(tmp_path: Path, content: bytes) -> list[tuple[str, str]]:
    """(font name, emb) per font."""
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    out = []
    for line in lines:
        parts = line.split()
        emb_index = -5  # name type... emb sub uni object ID
        out.append((parts[0], parts[emb_index]))
    return out
