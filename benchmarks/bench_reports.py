"""The project report for the 25 demo cases: building the document, then each format.

Runs against a throwaway SQLite database (migrated and loaded with the demo data) so that
it never touches the working database. Times are the best of ``REPEAT`` runs.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

REPEAT = 3
ROUND = 2021
LANGUAGE = "sv"


def _setup(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.db'}"
    os.environ["CIRKULAR_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cirkular.web.settings")
    import django
    from django.core.management import call_command
    from django.test import override_settings

    django.setup()
    call_command("migrate", verbosity=0)
    from cirkular.cases.demo import load_demo

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        load_demo()


def _best(action: Callable[[], T]) -> tuple[float, T]:
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def run() -> None:
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp))
        from cirkular.cases.models import Case
        from cirkular.reports import deliverables

        cases = Case.objects.count()
        seconds, doc = _best(lambda: deliverables.build("project", ROUND, LANGUAGE))
        print(f"project report, {cases} cases in the database, round {ROUND}, {LANGUAGE}")
        print(f"  build document   {seconds * 1000:8.0f} ms  ({len(doc.blocks)} blocks)")
        for fmt in ("pdf", "docx"):
            seconds, output = _best(partial(deliverables.render, "project", doc, fmt))
            size = len(output.content)
            print(f"  render {fmt:<9} {seconds * 1000:8.0f} ms  ({size / 1024:.0f} KiB)")


if __name__ == "__main__":
    run()
