"""The pipeline: folders, lists and packages in; Parquet and DuckDB out; idempotent; same on Dask."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cirkular.core.notices import pipeline
from cirkular.core.notices.pipeline import expand, ingest
from cirkular.core.notices.store import STORE_FORMAT, TABLES, Store, StoreFormatError

from .conftest import FIXTURES, LEGACY, SDK, SHARED

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="shared notices not available")

SAMPLE = [
    SDK / "pin-rtl_24.xml",
    SDK / "cn_24_maximal.xml",
    SDK / "can_24_maximal.xml",
    SDK / "INVALID_cn_24_empty.xml",
    LEGACY / "21-364236-001-EXP.xml",
    LEGACY / "21-364240-001-EXP.xml",
    FIXTURES / "cn_circular_sv.xml",
    FIXTURES / "can_circular_sv.xml",
    FIXTURES / "hostile" / "truncated.xml",
    FIXTURES / "hostile" / "billion_laughs.xml",
]


def _sample_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for i, path in enumerate(SAMPLE):
        target = folder / ("sub" if i % 2 else "") / path.name
        target.write_bytes(path.read_bytes())
    (folder / "readme.md").write_text("not a notice, not read")
    return folder


def _content(store: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order, without the file names (which differ per source)."""
    con = Store(store).connect()
    try:
        out = {}
        for table in TABLES:
            relation = con.table(table)
            columns = ", ".join(c for c in relation.columns if c != "file")
            out[table] = relation.project(columns).order(columns).fetchall()
        return out
    finally:
        con.close()


def test_folder_is_read_recursively_into_partitioned_parquet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    report = ingest([_sample_dir(tmp_path)], store, workers=0)
    assert (report.files, report.notices, report.errors) == (10, 8, 2)
    assert report.error_reasons == {"malformed": 1, "dtd-forbidden": 1}
    parts = sorted(p.relative_to(store).parts[:3] for p in store.glob("notices/year=*/month=*/part-*.parquet"))
    assert ("notices", "year=2024", "month=3") in parts  # cn_circular_sv, published 2024-03-05
    assert ("notices", "year=2021", "month=7") in parts  # the Swedish legacy notices
    assert (store / "notices.duckdb").is_file()
    import duckdb

    monkeypatch.chdir(store)  # the database's views use paths relative to the store folder
    con = duckdb.connect(str(store / "notices.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM notices").fetchone() == (8,)
        assert con.execute("SELECT count(*) FROM procedures").fetchone() == (7,)
    finally:
        con.close()


def test_reingest_adds_nothing_and_counts_nothing_twice(tmp_path: Path) -> None:
    folder = _sample_dir(tmp_path)
    store = tmp_path / "store"
    first = ingest([folder], store, workers=0)
    before = _content(store)
    again = ingest([folder, *SAMPLE[:3]], store, workers=0)
    assert (again.notices, again.errors, again.batches) == (0, 0, 0)
    assert again.skipped == first.notices + first.errors + 3
    assert _content(store) == before


def test_same_content_twice_in_one_run_is_stored_once(tmp_path: Path) -> None:
    folder = tmp_path / "dup"
    folder.mkdir()
    data = (FIXTURES / "cn_circular_sv.xml").read_bytes()
    for name in ("a.xml", "b.xml", "c.xml"):
        (folder / name).write_bytes(data)
    report = ingest([folder, folder / "a.xml"], tmp_path / "store", workers=0)
    assert (report.notices, report.skipped) == (1, 3)


@pytest.mark.parametrize("marker", [None, '{"format": 1, "content_hash": "sha256"}', "not json"])
def test_a_store_written_another_way_is_refused_and_left_as_it_was(tmp_path: Path, marker: str | None) -> None:
    folder = _sample_dir(tmp_path)
    store = tmp_path / "store"
    ingest([folder], store, workers=0)
    fmt = Store(store).format_file
    assert fmt.read_text(encoding="utf-8") == json.dumps(STORE_FORMAT)
    if marker is None:
        fmt.unlink()  # as a store from before the marker existed
    else:
        fmt.write_text(marker, encoding="utf-8")
    unfinished = store / "notices" / "year=0" / "month=0" / "part-unfinished.parquet"
    pq.write_table(pa.table({"content_hash": ["x"]}), unfinished)
    before = sorted(p for p in store.rglob("*") if p.is_file())
    with pytest.raises(StoreFormatError, match="another version"):
        ingest([folder], store, workers=0)
    assert sorted(p for p in store.rglob("*") if p.is_file()) == before  # not even the unfinished batch removed


def test_interrupted_run_resumes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _sample_dir(tmp_path)
    store = tmp_path / "store"
    monkeypatch.setattr(pipeline, "BATCH_ROWS", 3)
    monkeypatch.setattr(pipeline, "CHUNK_FILES", 3)
    real_write = Store.write_batch
    calls = {"n": 0}

    def failing_write(self: Store, tables: dict[str, pa.Table]) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            # Files of the batch are in place, its commit marker is not: a crash mid-batch.
            real_write(self, tables)
            marker = sorted(self.commits.glob("*.json"), key=lambda p: p.stat().st_mtime)[-1]
            marker.unlink()
            raise KeyboardInterrupt
        return real_write(self, tables)

    monkeypatch.setattr(Store, "write_batch", failing_write)
    with pytest.raises(KeyboardInterrupt):
        ingest([folder], store, workers=0)
    monkeypatch.setattr(Store, "write_batch", real_write)
    resumed = ingest([folder], store, workers=0)
    assert len(resumed.recovered) == 1  # the unfinished batch was removed
    assert resumed.skipped == 3  # the first batch was kept
    reference = tmp_path / "reference"
    ingest([folder], reference, workers=0)
    assert _content(store) == _content(reference)


def test_tar_gz_package_is_streamed_without_unpacking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "2024-03.tar.gz"
    inner = io.BytesIO()
    with tarfile.open(fileobj=inner, mode="w:gz") as nested:
        data = (FIXTURES / "can_circular_sv.xml").read_bytes()
        info = tarfile.TarInfo("day2/can.xml")
        info.size = len(data)
        nested.addfile(info, io.BytesIO(data))
    with tarfile.open(package, mode="w:gz") as archive:
        for path in SAMPLE[:8]:
            archive.add(path, arcname=f"day1/{path.name}")
        info = tarfile.TarInfo("day2.tar.gz")
        info.size = len(inner.getvalue())
        archive.addfile(info, io.BytesIO(inner.getvalue()))
        readme = b"not xml"
        info = tarfile.TarInfo("README.txt")
        info.size = len(readme)
        archive.addfile(info, io.BytesIO(readme))

    def no_extraction(*args: object, **kwargs: object) -> None:
        raise AssertionError("members must be read from the stream, not extracted to disk")

    monkeypatch.setattr(tarfile.TarFile, "extract", no_extraction)
    monkeypatch.setattr(tarfile.TarFile, "extractall", no_extraction)
    store = tmp_path / "store"
    before = set(tmp_path.rglob("*"))
    report = ingest([package], store, workers=0)
    assert (report.files, report.notices, report.errors) == (9, 8, 0)  # the nested CAN is already in day1
    assert report.skipped == 1
    created = {p for p in set(tmp_path.rglob("*")) - before if not p.is_relative_to(store)}
    assert created == set()
    con = Store(store).connect()
    try:
        files = [r[0] for r in con.execute("SELECT file FROM notices ORDER BY file").fetchall()]
    finally:
        con.close()
    assert all(f.startswith(f"{package}!") for f in files)


def test_file_list(tmp_path: Path) -> None:
    listing = tmp_path / "notices.txt"
    listing.write_text("# a list\n" + "\n".join(str(p) for p in SAMPLE[:4]) + "\n\n", encoding="utf-8")
    assert [s.path for s in expand([listing])] == [str(p) for p in SAMPLE[:4]]
    assert [s.path for s in expand([f"@{listing}"])] == [str(p) for p in SAMPLE[:4]]
    with pytest.raises(FileNotFoundError):
        expand([tmp_path / "missing"])


def test_local_worker_processes_give_the_same_rows(tmp_path: Path) -> None:
    folder = _sample_dir(tmp_path)
    ingest([folder], tmp_path / "inline", workers=0)
    ingest([folder], tmp_path / "workers", workers=2)
    assert _content(tmp_path / "workers") == _content(tmp_path / "inline")


def test_dask_gives_the_same_parquet_content_as_local(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    folder = _sample_dir(tmp_path)
    ingest([folder], tmp_path / "local", workers=0)
    ingest([folder], tmp_path / "dask", workers=2, dask="local", dask_processes=False)
    assert _content(tmp_path / "dask") == _content(tmp_path / "local")
    local = sorted(p.relative_to(tmp_path / "local").parent for p in (tmp_path / "local").rglob("part-*.parquet"))
    dask = sorted(p.relative_to(tmp_path / "dask").parent for p in (tmp_path / "dask").rglob("part-*.parquet"))
    assert local == dask  # the same partitions


def test_parquet_schema_and_lot_rows(shared_store: Path) -> None:
    part = next(shared_store.glob("lots/year=2024/month=3/part-*.parquet"))
    schema = pq.read_schema(part)
    for name in ("lot_key", "procedure_key", "strategic", "environmental", "gpp_criteria", "circular", "green"):
        assert name in schema.names
    con = Store(shared_store).connect()
    try:
        rows = con.execute(
            "SELECT lot_id, environmental, strategic, gpp_criteria, circular, green FROM lots "
            "WHERE procedure_key = (SELECT procedure_key FROM notices WHERE publication_id = '00123456-2024') "
            "ORDER BY lot_id, date"
        ).fetchall()
        criteria = con.execute(
            "SELECT lot_id, kind, type, weight FROM criteria WHERE content_hash = "
            "(SELECT content_hash FROM notices WHERE publication_id = '00123456-2024') ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()
    assert rows[0] == ("LOT-0001", ["circ-econ"], ["env-imp"], ["national"], True, True)
    assert ("LOT-0001", "award", "price", 70.0) in criteria
    assert ("LOT-0001", "performance", "", None) in criteria


def test_oversized_package_member_is_an_error_row_and_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MAX_BYTES", 15_000)
    package = tmp_path / "big.tgz"
    with tarfile.open(package, mode="w:gz") as archive:
        big = b"<x>" + b"a" * 20_000 + b"</x>"
        info = tarfile.TarInfo("big.xml")
        info.size = len(big)
        archive.addfile(info, io.BytesIO(big))
        archive.add(FIXTURES / "cn_circular_sv.xml", arcname="ok.xml")
    report = ingest([package], tmp_path / "store", workers=0)
    assert (report.notices, report.errors, report.error_reasons) == (1, 1, {"too-large": 1})


def test_derived_tables_survive_a_tight_memory_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cirkular.core.notices import store as store_module

    monkeypatch.setattr(store_module, "REFRESH_MEMORY", "1MB")
    report = ingest([FIXTURES / "cn_circular_sv.xml", FIXTURES / "can_circular_sv.xml"], tmp_path / "s", workers=0)
    assert report.notices == 2
    assert (tmp_path / "s" / "_derived" / "procedures.parquet").is_file()


def test_hashes_met_in_a_run_are_remembered_across_merges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline._Seen, "MERGE_KEYS", 4)
    stored = [pipeline.content_hash(f"stored {i}".encode()) for i in range(3)]
    seen = pipeline._Seen(np.unique(np.array([pipeline.hash_key(h) for h in stored], dtype=np.uint64)))
    met = [pipeline.content_hash(f"met {i}".encode()) for i in range(50)]
    for start in range(0, 50, 3):
        part = met[start : start + 3]
        assert seen.which(part) == [False] * len(part)
        seen.add(part)
    assert len(seen.known) > 3  # merged into the array at least once
    assert seen.which(stored + met) == [True] * 53
    assert seen.which([pipeline.content_hash(b"never")]) == [False]
