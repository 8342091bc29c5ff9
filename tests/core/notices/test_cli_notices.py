"""`cirkular notices …` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cirkular.cli import app

from .conftest import FIXTURES, HOSTILE

runner = CliRunner()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    target = tmp_path / "store"
    inputs = [
        str(FIXTURES / n) for n in ("cn_circular_sv.xml", "can_circular_sv.xml", "cn_works_recycling_station.xml")
    ]
    result = runner.invoke(
        app, ["notices", "ingest", *inputs, str(HOSTILE / "truncated.xml"), "--store", str(target), "--workers", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "3 new notices" in result.output and "1 errors" in result.output
    assert "malformed 1" in result.output
    return target


def test_ingest_twice_adds_nothing(store: Path) -> None:
    result = runner.invoke(
        app, ["notices", "ingest", str(FIXTURES / "cn_circular_sv.xml"), "--store", str(store), "--workers", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "0 new notices" in result.output and "1 already stored" in result.output


def test_stats_json_and_table(store: Path) -> None:
    result = runner.invoke(app, ["notices", "stats", "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"]["procedures"] == 2 and data["total"]["circular"] == 1
    assert data["errors"] == 1
    assert {row["key"] for row in data["by"]["country"]} == {"SE", "IE"}
    result = runner.invoke(app, ["notices", "stats", "--store", str(store), "--country", "SE", "--cpv", "39", "--json"])
    assert json.loads(result.output)["total"]["procedures"] == 1
    assert json.loads(result.output)["filters"] == {"country": "SE", "cpv": "39", "since": None, "until": None}
    result = runner.invoke(app, ["notices", "stats", "--store", str(store), "--by", "country"])
    assert result.exit_code == 0 and "by country" in result.output and "SE" in result.output


def test_peers(store: Path) -> None:
    result = runner.invoke(app, ["notices", "peers", "--cpv", "39130000", "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    [peer] = json.loads(result.output)
    assert peer["ted_url"] == "https://ted.europa.eu/en/notice/-/detail/00123456-2024"
    assert peer["evidence"][0]["cue"] == "circ-econ"
    result = runner.invoke(app, ["notices", "peers", "--cpv", "39130000", "--store", str(store)])
    assert result.exit_code == 0 and "https://ted.europa.eu/en/notice/-/detail/00123456-2024" in result.output
    result = runner.invoke(app, ["notices", "peers", "--cpv", "45000000", "--store", str(store)])
    assert result.exit_code == 0 and "No notices with circular markers" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["notices", "ingest", "/no/such/folder"], "No such file or folder: /no/such/folder"),
        (["notices", "ingest", "@/no/such/list.txt"], "No such file or folder"),
        (["notices", "ingest", str(FIXTURES), "--workers", "-1"], "--workers must be 0 or more"),
        (["notices", "ingest", str(FIXTURES), "--dask", "http://x"], "--dask must be 'local'"),
        (["notices", "stats", "--store", "/no/such/store"], "No notice store in /no/such/store"),
        (["notices", "stats", "--cpv", "furniture", "--store", "TMP"], "'furniture' is not a CPV code"),
        (["notices", "stats", "--country", "Sweden", "--store", "TMP"], "'Sweden' is not a country code"),
        (["notices", "stats", "--by", "colour", "--store", "TMP"], "Unknown dimension(s): colour"),
        (["notices", "peers", "--cpv", "39x", "--store", "TMP"], "'39x' is not a CPV code"),
    ],
)
def test_bad_input_gives_a_clear_message_and_exit_code_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = runner.invoke(app, [str(tmp_path) if a == "TMP" else a for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_a_store_written_another_way_is_refused_with_a_message(store: Path) -> None:
    (store / "_format.json").unlink()
    result = runner.invoke(
        app, ["notices", "ingest", str(FIXTURES / "cn_circular_sv.xml"), "--store", str(store), "--workers", "0"]
    )
    assert result.exit_code == 2
    assert "written by another version" in result.output and "--store" in result.output


def test_a_file_list_that_is_not_text_is_refused_with_a_message(tmp_path: Path) -> None:
    listing = tmp_path / "notices.txt"
    listing.write_bytes(b"\xff\xfe\x00binary")
    result = runner.invoke(app, ["notices", "ingest", f"@{listing}", "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "is not a file list" in result.output and not (tmp_path / "s").exists()


def test_empty_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["notices", "ingest", str(tmp_path), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2 and "No XML files or TED packages" in result.output


def test_default_store_follows_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIRKULAR_DATA_DIR", str(tmp_path / "data"))
    result = runner.invoke(app, ["notices", "ingest", str(FIXTURES / "cn_circular_sv.xml"), "--workers", "0"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "notices" / "notices.duckdb").is_file()
