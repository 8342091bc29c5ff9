"""The `cirkular` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import cirkular
from cirkular.cli import app
from cirkular.core.content import CONTENT_DIR
from cirkular.core.criteria import load_library

runner = CliRunner()
CLI = [sys.executable, "-m", "cirkular.cli"]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"cirkular {cirkular.__version__}"


def test_content_check_passes_on_the_shipped_content() -> None:
    result = runner.invoke(app, ["content", "check"])
    assert result.exit_code == 0, result.output
    assert "content OK" in result.output
    assert "10 steps" in result.output


def test_content_check_fails_with_readable_errors(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    phases = content / "model" / "phases.yaml"
    data = yaml.safe_load(phases.read_text(encoding="utf-8"))
    data["phases"][0]["steps"][0]["tools"].append("no-such-tool")
    phases.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "CIRKULAR_CONTENT_DIR": str(content)}
    result = subprocess.run([*CLI, "content", "check"], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1
    assert "model/phases.yaml:" in result.stderr
    assert "phases[0].steps[0].tools[" in result.stderr
    assert "unknown tool 'no-such-tool'" in result.stderr


def test_model_show_lists_steps_and_shows_one() -> None:
    result = runner.invoke(app, ["model", "show"])
    assert result.exit_code == 0 and "kartlagga" in result.output
    result = runner.invoke(app, ["model", "show", "kartlagga", "--lang", "en"])
    assert result.exit_code == 0 and "Checklist" in result.output
    result = runner.invoke(app, ["model", "show", "nope"])
    assert result.exit_code == 2 and "Unknown step 'nope'" in result.output


def test_criteria_search_show_and_export(tmp_path: Path) -> None:
    result = runner.invoke(app, ["criteria", "search", "återbrukade möbler", "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert hits and hits[0]["id"].startswith("CIR-MOB-")
    result = runner.invoke(app, ["criteria", "search", "--group", "textiles", "--type", "award", "--json"])
    assert all(h["type"] == "award" and h["id"].startswith("CIR-TEX-") for h in json.loads(result.output))
    result = runner.invoke(app, ["criteria", "search", "--cpv", "abc"])
    assert result.exit_code == 2
    first = load_library().criteria[0]
    result = runner.invoke(app, ["criteria", "show", first.id])
    assert result.exit_code == 0 and first.id in result.output
    out = tmp_path / "annex.json"
    result = runner.invoke(app, ["criteria", "export", first.id, "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["criteria"][0]["id"] == first.id
    result = runner.invoke(app, ["criteria", "export", "CIR-ZZZ-001", "-o", str(out)])
    assert result.exit_code == 2 and "Unknown criterion id(s): CIR-ZZZ-001" in result.output


@pytest.mark.django_db
def test_criteria_export_docx(tmp_path: Path) -> None:
    from docx import Document

    ids = [c.id for c in load_library().criteria[:3]]
    out = tmp_path / "annex.docx"
    result = runner.invoke(app, ["criteria", "export", *ids, "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert all(i in text for i in ids)
