"""The notice store: Parquet files partitioned by year and month, and DuckDB views over them.

Layout of a store folder::

    notices/year=2024/month=3/part-<batch>.parquet   one row per notice
    lots/year=…/month=…/part-<batch>.parquet         one row per lot
    criteria/year=…/month=…/part-<batch>.parquet     award criteria and performance conditions
    evidence/year=…/month=…/part-<batch>.parquet     circular and green evidence
    errors/year=0/month=0/part-<batch>.parquet       files that did not become a record
    _commits/<batch>.json                            written last: the batch is complete
    _format.json                                     how the store tells files apart (STORE_FORMAT)
    _staging/                                        files being written
    _derived/procedures.parquet, lots_once.parquet   one row per procedure / lot; rewritten after
                                                     each ingest
    notices.duckdb                                   views over the Parquet files

Notices without a usable date go to ``year=0/month=0``. A batch counts only once its commit
file exists: a run that stops half-way leaves part files without one, and the next run
deletes them before it starts (so nothing is counted twice, and the files of that batch
are read again). Which files were already read is known from the content hashes in the
committed ``notices`` and ``errors`` files.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

TABLES = ("notices", "lots", "criteria", "evidence", "errors")
# DuckDB's memory while the derived tables are written at the end of an ingest: it spills to
# disk beyond this, so the ingesting process stays the same size however large the store.
# Measured (``make bench`` and a 1 M-lot store): 128 MB adds about 10 MB to the peak at
# 100,000 notices, 32 MB makes deriving 1 M lots take 2.5 s instead of 1.6 s.
REFRESH_MEMORY = "64MB"
PARTITION_COLUMN = "_ym"  # year * 100 + month; only used to place rows, not written
# A batch is cut into one small file per table and month. Zstandard sets up a compression
# context for every column of every file, which there costs more than compressing; Snappy
# writes such files in about half the time, about 1.3 times as large (``make bench``).
PART_COMPRESSION = "snappy"
# Minimum and maximum are kept for the columns queries filter on; for titles, descriptions
# and the like they would only lengthen every file's footer (and cost a sixth of the writing).
STATISTICS = [
    "procedure_key",
    "lot_key",
    "date",
    "publication_date",
    "buyer_country",
    "cpv_main",
    "cpv_division",
    "circular",
    "circular_confidence",
    "green",
    "form_type",
    "notice_type",
    "marker",
    "confidence",
    "reason",
]

_STRING = pa.string()
_STRINGS = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "notices": pa.schema(
        [
            ("content_hash", _STRING),
            ("file", _STRING),
            ("format", _STRING),
            ("notice_id", _STRING),
            ("publication_id", _STRING),
            ("version", _STRING),
            ("procedure_id", _STRING),
            ("procedure_key", pa.int64()),
            ("issue_date", pa.date32()),
            ("publication_date", pa.date32()),
            ("date", pa.date32()),
            ("notice_type", _STRING),
            ("form_type", _STRING),
            ("subtype", _STRING),
            ("sdk_version", _STRING),
            ("language", _STRING),
            ("languages", _STRINGS),
            ("buyer_name", _STRING),
            ("buyer_id", _STRING),
            ("buyer_country", _STRING),
            ("buyer_nuts", _STRING),
            ("procedure_type", _STRING),
            ("contract_nature", _STRING),
            ("title", _STRING),
            ("description", _STRING),
            ("cpv_main", _STRING),
            ("cpv_additional", _STRINGS),
            ("cpv_all", _STRINGS),
            ("cpv_division", _STRING),
            ("value", pa.float64()),
            ("currency", _STRING),
            ("value_kind", _STRING),
            ("lot_count", pa.int32()),
            ("circular", pa.bool_()),
            ("circular_confidence", pa.float64()),
            ("circular_source", _STRING),
            ("green", pa.bool_()),
            ("ted_url", _STRING),
        ]
    ),
    "lots": pa.schema(
        [
            ("content_hash", _STRING),
            ("procedure_key", pa.int64()),
            ("lot_key", pa.int64()),
            ("lot_id", _STRING),
            ("title", _STRING),
            ("description", _STRING),
            ("contract_nature", _STRING),
            ("cpv_main", _STRING),
            ("cpv_additional", _STRINGS),
            ("cpv_division", _STRING),
            ("strategic", _STRINGS),
            ("environmental", _STRINGS),
            ("gpp_criteria", _STRINGS),
            ("value", pa.float64()),
            ("currency", _STRING),
            ("circular", pa.bool_()),
            ("circular_confidence", pa.float64()),
            ("green", pa.bool_()),
            ("date", pa.date32()),
            ("buyer_country", _STRING),
            ("buyer_name", _STRING),
            ("form_type", _STRING),
            ("notice_type", _STRING),
        ]
    ),
    "criteria": pa.schema(
        [
            ("content_hash", _STRING),
            ("procedure_key", pa.int64()),
            ("lot_id", _STRING),
            ("kind", _STRING),  # award or performance
            ("type", _STRING),
            ("name", _STRING),
            ("weight", pa.float64()),
            ("weight_kind", _STRING),
            ("description", _STRING),
        ]
    ),
    "evidence": pa.schema(
        [
            ("content_hash", _STRING),
            ("procedure_key", pa.int64()),
            ("lot_id", _STRING),
            ("marker", _STRING),
            ("source", _STRING),
            ("field", _STRING),
            ("cue", _STRING),
            ("phrase", _STRING),
            ("language", _STRING),
            ("confidence", pa.float64()),
            ("context", _STRING),
        ]
    ),
    "errors": pa.schema(
        [
            ("content_hash", _STRING),
            ("file", _STRING),
            ("reason", _STRING),
            ("detail", _STRING),
            ("size", pa.int64()),
        ]
    ),
}


def with_partition(schema: pa.Schema) -> pa.Schema:
    return schema.append(pa.field(PARTITION_COLUMN, pa.int32()))


def default_store() -> Path:
    """``$CIRKULAR_DATA_DIR/notices``, else ``var/notices`` in the project folder (as the web settings)."""
    data = os.environ.get("CIRKULAR_DATA_DIR")
    if data:
        return Path(data) / "notices"
    home = Path(os.environ.get("CIRKULAR_HOME", Path.cwd()))
    return home / "var" / "notices"


# How a store identifies files, and the schemas of its tables. A store written another way
# (before this file existed, with SHA-256) would see every file as new and count it twice, so
# it is refused instead; a change to SCHEMAS needs a new format.
STORE_FORMAT = {"format": 2, "content_hash": "xxh3-128"}


class StoreFormatError(ValueError):
    """The store folder was written by another version, with other content hashes."""


@dataclass(frozen=True, slots=True)
class BatchSummary:
    batch: str
    notices: int
    lots: int
    errors: int


class Store:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._made: set[Path] = set()

    # -- layout -----------------------------------------------------------------------

    def table_dir(self, table: str) -> Path:
        return self.root / table

    @property
    def commits(self) -> Path:
        return self.root / "_commits"

    @property
    def staging(self) -> Path:
        return self.root / "_staging"

    @property
    def database(self) -> Path:
        return self.root / "notices.duckdb"

    def glob(self, table: str) -> str:
        return str(self.table_dir(table) / "year=*" / "month=*" / "*.parquet")

    def exists(self) -> bool:
        return self.commits.is_dir()

    # -- writing ----------------------------------------------------------------------

    @property
    def format_file(self) -> Path:
        return self.root / "_format.json"

    def check_format(self) -> None:
        """Raise :class:`StoreFormatError` for a store written another way; a new or empty folder passes."""
        if self.format_file.is_file():
            try:
                found = json.loads(self.format_file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                found = None
            if found == STORE_FORMAT:
                return
        elif not (self.commits.is_dir() and any(self.commits.glob("*.json"))):
            return
        raise StoreFormatError(
            f"The notice store in {self.root} was written by another version of cirkular, which tells "
            "files apart differently: ingesting into it would count every notice twice. "
            "Ingest into a new folder (--store) or remove this one and ingest again."
        )

    def prepare(self) -> list[str]:
        """Create the layout and remove what an interrupted run left; returns the batches removed.

        Raises :class:`StoreFormatError`, before changing anything, for a store written
        another way.
        """
        self.check_format()
        if not self.format_file.is_file():
            self.root.mkdir(parents=True, exist_ok=True)
            self.format_file.write_text(json.dumps(STORE_FORMAT), encoding="utf-8")
        for table in TABLES:
            empty = self.table_dir(table) / "year=0" / "month=0" / "_schema.parquet"
            if not empty.exists():
                empty.parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(SCHEMAS[table].empty_table(), empty)
        self.commits.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.staging, ignore_errors=True)
        committed = {p.stem for p in self.commits.glob("*.json")}
        removed: set[str] = set()
        for table in TABLES:
            for part in self.table_dir(table).glob("year=*/month=*/part-*.parquet"):
                batch = part.stem.removeprefix("part-")
                if batch not in committed:
                    part.unlink()
                    removed.add(batch)
        return sorted(removed)

    def known_keys(self) -> np.ndarray[Any, np.dtype[np.uint64]]:
        """The first 64 bits of the content hash of every committed notice and error, sorted.

        Eight bytes per file instead of a Python string: a store of millions of notices
        stays small in the ingesting process. (Two files whose hashes share their first 64
        bits are taken for one: about three chances in 10^8 for a million files.)
        """
        if not self.exists():
            return np.empty(0, dtype=np.uint64)
        con = duckdb.connect()
        try:
            parts = []
            for table in ("notices", "errors"):
                relation = con.read_parquet(self.glob(table), hive_partitioning=True)
                keys = relation.project("CAST('0x' || substr(content_hash, 1, 16) AS UBIGINT) AS k").fetchnumpy()["k"]
                parts.append(np.asarray(keys, dtype=np.uint64))
        finally:
            con.close()
        return np.unique(np.concatenate(parts))

    def _folder(self, folder: Path) -> None:
        """Create a partition folder once per store object (a check per file costs more than the write)."""
        if folder not in self._made:
            folder.mkdir(parents=True, exist_ok=True)
            self._made.add(folder)

    def write_batch(self, tables: Mapping[str, pa.Table]) -> BatchSummary:
        """Write one batch and commit it: per table, one Parquet file per partition (year * 100 + month).

        ``tables`` hold the partition column; rows keep their order within a partition.
        """
        batch = uuid.uuid4().hex[:16]
        staged: list[tuple[Path, Path]] = []
        stage = self.staging / batch
        stage.mkdir(parents=True, exist_ok=True)
        rows = dict.fromkeys(TABLES, 0)
        for table in TABLES:
            data = tables.get(table)
            if data is None:
                continue
            rows[table] += data.num_rows
            for ym, part in partitions(data):
                year, month = divmod(ym, 100)
                target = self.table_dir(table) / f"year={year}" / f"month={month}" / f"part-{batch}.parquet"
                temp = stage / f"{table}-{year}-{month}.parquet"
                self._folder(target.parent)
                pq.write_table(part, temp, compression=PART_COMPRESSION, write_statistics=STATISTICS)
                staged.append((temp, target))
        for temp, target in staged:
            os.replace(temp, target)
        summary = BatchSummary(batch, rows["notices"], rows["lots"], rows["errors"])
        marker = self.commits / f"{batch}.json"
        marker.write_text(
            json.dumps({"notices": summary.notices, "lots": summary.lots, "errors": summary.errors}),
            encoding="utf-8",
        )
        shutil.rmtree(stage, ignore_errors=True)
        return summary

    # -- reading ----------------------------------------------------------------------

    @property
    def derived(self) -> Path:
        return self.root / "_derived"

    def connect(self, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with the store's views (never locks a file).

        With ``memory_limit``, DuckDB spills to ``_staging`` rather than grow past it.
        """
        if not self.exists():
            raise FileNotFoundError(f"no notice store in {self.root} (run `cirkular notices ingest` first)")
        config: dict[str, str | bool | int | float | list[str]] = {}
        if memory_limit:
            config = {
                "memory_limit": memory_limit,
                "temp_directory": str(self.staging / "duckdb"),
                "preserve_insertion_order": False,
            }
        con = duckdb.connect(config=config)
        for table in TABLES:
            # Every part file of a table has the same schema (a store of another format is
            # refused, see STORE_FORMAT), so DuckDB reads one file's schema, not every footer.
            relation = con.read_parquet(self.glob(table), hive_partitioning=True)
            relation.create_view(table, replace=True)
        fresh = self._derived_is_fresh()
        for name, query in DERIVED_QUERIES.items():
            path = self.derived / f"{name}.parquet"
            relation = con.read_parquet(str(path)) if fresh else con.sql(query)
            relation.create_view(name, replace=True)
        return con

    def _derived_is_fresh(self) -> bool:
        """The derived files exist and no batch was committed after them."""
        stamp = self.derived / "_stamp"
        if not stamp.is_file():
            return False
        made = stamp.stat().st_mtime
        return all(c.stat().st_mtime <= made for c in self.commits.glob("*.json"))

    def refresh(self) -> None:
        """Write the derived tables and ``notices.duckdb`` anew from the committed batches."""
        stage = self.staging / "derived"
        stage.mkdir(parents=True, exist_ok=True)
        try:
            # Ingest keeps its process small: DuckDB spills to disk rather than grow with the store.
            self._derive(stage, REFRESH_MEMORY)
        except duckdb.OutOfMemoryException:
            # Not every aggregate spills; a large store then gets the memory it needs.
            self._derive(stage, None)
        self.derived.mkdir(parents=True, exist_ok=True)
        for name in DERIVED_QUERIES:
            os.replace(stage / f"{name}.parquet", self.derived / f"{name}.parquet")
        (self.derived / "_stamp").write_text("", encoding="utf-8")
        shutil.rmtree(stage, ignore_errors=True)
        self.write_database()

    def _derive(self, stage: Path, memory_limit: str | None) -> None:
        con = self.connect(memory_limit=memory_limit)
        try:
            for name, query in DERIVED_QUERIES.items():
                con.sql(query).write_parquet(str(stage / f"{name}.parquet"), compression="zstd")
        finally:
            con.close()

    def write_database(self) -> None:
        """(Re)create ``notices.duckdb``: the same views, over paths relative to the store folder.

        Relative paths keep the database valid when the folder moves; DuckDB resolves them
        against the working directory, so open it from the store folder
        (``cd var/notices && duckdb notices.duckdb``).
        """
        # DuckDB checks a view when it is created; the search path lets the relative paths resolve.
        con = duckdb.connect(str(self.database), config={"file_search_path": str(self.root)})
        try:
            for statement in RELATIVE_VIEWS:
                con.execute(statement)
        finally:
            con.close()


# Relative to the store folder; one literal per table so that no SQL is assembled from parts.
RELATIVE_VIEWS = (
    "CREATE OR REPLACE VIEW notices AS SELECT * FROM read_parquet('notices/year=*/month=*/*.parquet', "
    "hive_partitioning=true)",
    "CREATE OR REPLACE VIEW lots AS SELECT * FROM read_parquet('lots/year=*/month=*/*.parquet', "
    "hive_partitioning=true)",
    "CREATE OR REPLACE VIEW criteria AS SELECT * FROM read_parquet('criteria/year=*/month=*/*.parquet', "
    "hive_partitioning=true)",
    "CREATE OR REPLACE VIEW evidence AS SELECT * FROM read_parquet('evidence/year=*/month=*/*.parquet', "
    "hive_partitioning=true)",
    "CREATE OR REPLACE VIEW errors AS SELECT * FROM read_parquet('errors/year=*/month=*/*.parquet', "
    "hive_partitioning=true)",
    "CREATE OR REPLACE VIEW procedures AS SELECT * FROM read_parquet('_derived/procedures.parquet')",
    "CREATE OR REPLACE VIEW lots_once AS SELECT * FROM read_parquet('_derived/lots_once.parquet')",
)

# Derived tables, one row per procedure and per lot, so that figures need one pass and no
# regrouping of every notice. A procedure (a contract notice and its award notice are one
# procurement) takes the attributes of its earliest notice and is circular or green when
# any of its notices is; a lot likewise (its buyer, country and CPV do not change between
# the notices of its procedure). They are written as Parquet after each ingest
# (:meth:`Store.refresh`) and computed on the fly when missing.
DERIVED_QUERIES = {
    "procedures": """
        SELECT procedure_key,
               min(date) AS first_date,
               arg_min(buyer_country, coalesce(date, DATE '9999-12-31')) AS buyer_country,
               arg_min(buyer_name, coalesce(date, DATE '9999-12-31')) AS buyer_name,
               arg_min(cpv_division, coalesce(date, DATE '9999-12-31')) AS cpv_division,
               arg_min(cpv_all, coalesce(date, DATE '9999-12-31')) AS cpv_all,
               bool_or(circular) AS circular,
               bool_or(green) AS green,
               max(circular_confidence) AS circular_confidence,
               bit_or(FORM_TYPE_BIT) AS form_types,
               count(*) AS notices
        FROM notices GROUP BY procedure_key""",
    "lots_once": """
        SELECT lot_key,
               any_value(procedure_key) AS procedure_key,
               min(date) AS first_date,
               any_value(buyer_country) AS buyer_country,
               any_value(buyer_name) AS buyer_name,
               any_value(cpv_division) AS cpv_division,
               list_prepend(any_value(cpv_main), any_value(cpv_additional)) AS cpv_all,
               bool_or(circular) AS circular,
               bool_or(green) AS green,
               bit_or(FORM_TYPE_BIT) AS form_types
        FROM lots GROUP BY lot_key""",
}

# One bit per form type (record.FormType), so that "the types of notice a procedure has"
# is one integer: counting by type is then one pass, not a join.
FORM_TYPE_BITS = {
    "planning": 1,
    "competition": 2,
    "result": 4,
    "dir-awa-pre": 8,
    "cont-modif": 16,
    "change": 32,
    "completion": 64,
    "consultation": 128,
    "other": 256,
}
FORM_TYPE_BIT = """CASE form_type WHEN 'planning' THEN 1 WHEN 'competition' THEN 2 WHEN 'result' THEN 4
    WHEN 'dir-awa-pre' THEN 8 WHEN 'cont-modif' THEN 16 WHEN 'change' THEN 32 WHEN 'completion' THEN 64
    WHEN 'consultation' THEN 128 ELSE 256 END"""
DERIVED_QUERIES = {name: query.replace("FORM_TYPE_BIT", FORM_TYPE_BIT) for name, query in DERIVED_QUERIES.items()}
DERIVED = tuple(DERIVED_QUERIES)


def partitions(table: pa.Table) -> Iterator[tuple[int, pa.Table]]:
    """(partition, its rows without the partition column), as slices of one sorted copy.

    One stable sort and one ``take`` put the batch in partition order in one contiguous
    table; each partition is then a zero-copy slice of it. (A ``take`` per partition on a
    table of many chunks joins every column's chunks again for each partition.)
    """
    if not table.num_rows:
        return
    order = pc.sort_indices(table.column(PARTITION_COLUMN))  # stable: rows keep their order
    ordered = table.take(order)
    values = ordered.column(PARTITION_COLUMN).to_numpy()
    cuts = [0, *(int(i) + 1 for i in np.flatnonzero(values[1:] != values[:-1])), len(values)]
    data = ordered.drop_columns([PARTITION_COLUMN])
    for start, end in itertools.pairwise(cuts):
        yield int(values[start]), data.slice(start, end - start)
