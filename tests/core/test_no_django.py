"""The core is pure Python: nothing under cirkular/core may import Django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import cirkular.core

CORE = Path(cirkular.core.__file__).parent


def django_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        found += [f"{path.name}:{node.lineno} {n}" for n in names if n.split(".")[0] in {"django", "rest_framework"}]
    return found


def test_no_module_in_core_imports_django() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert files, "the core has no modules?"
    offenders = [hit for f in files for hit in django_imports(f)]
    assert offenders == []


def test_the_detector_sees_a_django_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\nimport django.conf\n")
    assert django_imports(bad) == ["bad.py:1 django.db", "bad.py:2 django.conf"]


def test_importing_every_core_module_loads_no_django() -> None:
    modules = [
        "cirkular.core." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in sorted(CORE.rglob("*.py"))
        if p.name != "__init__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
