"""Files, file lists or TED bulk packages in; Parquet and DuckDB out.

The unit of work is a *chunk*: a few hundred files (paths, or the bytes of archive
members). :func:`process_chunk` reads, hashes, parses, extracts and detects, and returns
Arrow tables; it is a plain function of its arguments, so the same function runs inline,
in local worker processes (the default) or on a Dask cluster, and gives the same rows.

The calling process is the only writer: it drops what the store already holds (by content
hash), buffers results and writes them in committed batches (:mod:`.store`). Archives are
read as a stream (``tarfile`` in ``r|*`` mode) by the calling process; members never touch
the disk. At most ``IN_FLIGHT × workers`` chunks are in flight, so memory stays flat however many
files come in.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import multiprocessing
import os
import stat
import sys
import tarfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from cirkular.core.notices.detect import Detection, detect_many
from cirkular.core.notices.parse import MAX_BYTES, parse_notice
from cirkular.core.notices.record import ErrorReason, Notice, NoticeError
from cirkular.core.notices.store import PARTITION_COLUMN, SCHEMAS, TABLES, BatchSummary, Store, with_partition

# A file path; (name, content) of an archive member; (name, size) of a member too large to read.
Item = str | tuple[str, bytes] | tuple[str, int]
Progress = Callable[["ProgressEvent"], None]

# A chunk is one task for a worker: large enough that what each task costs the calling
# process (its result received, unpickled, checked and buffered) is small beside the work,
# small enough that workers finish together. Archive members travel as bytes, so their
# chunks are also cut by size.
CHUNK_FILES = 400
CHUNK_BYTES = 8 * 1024 * 1024
BATCH_ROWS = 8000
# Chunks in flight per worker: enough that a worker never waits while a batch is written.
IN_FLIGHT = 3
TEXT_LIMIT = 1000  # characters of a description kept in the store
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")
LIST_SUFFIXES = (".txt", ".lst")


@dataclass(slots=True)
class ChunkResult:
    tables: dict[str, pa.Table]
    files: int
    skipped: int  # already in the store before the run
    bytes: int


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    files: int
    total: int | None
    notices: int
    errors: int
    skipped: int


@dataclass(slots=True)
class IngestReport:
    store: Path
    files: int = 0
    notices: int = 0
    lots: int = 0
    errors: int = 0
    skipped: int = 0
    batches: int = 0
    bytes: int = 0
    seconds: float = 0.0
    recovered: list[str] = field(default_factory=list)
    error_reasons: dict[str, int] = field(default_factory=dict)


# -- one chunk -----------------------------------------------------------------------


def content_hash(data: bytes) -> str:
    """What tells files apart (see :data:`.store.STORE_FORMAT`): XXH3, 128 bits, as hex.

    A fast non-cryptographic hash is enough: the store tells files apart by the first 64
    bits (:func:`hash_key`), and SHA-256 took about a tenth of a notice's parse time.
    """
    return xxhash.xxh3_128_hexdigest(data)


def key64(text: str) -> int:
    """A stable signed 64-bit key for grouping (procedures, lots) in DuckDB."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


_known_cache: dict[tuple[str, int], np.ndarray[Any, np.dtype[np.uint64]]] = {}


def _known(path: str | None) -> np.ndarray[Any, np.dtype[np.uint64]] | None:
    """The sorted 64-bit prefixes of the hashes already stored, as the calling process wrote them.

    Cached per process by path and modification time: a long-lived (Dask) worker sees the
    file of each new run.
    """
    if not path:
        return None
    try:
        key = (path, os.stat(path).st_mtime_ns)
    except OSError:
        return None  # a remote worker without the store's folder: the caller still filters
    found = _known_cache.get(key)
    if found is None:
        found = np.load(path)
        _known_cache.clear()
        _known_cache[key] = found
    return found


def _is_known(known: np.ndarray[Any, np.dtype[np.uint64]] | None, digest: str) -> bool:
    if known is None or not len(known):
        return False
    prefix = np.uint64(hash_key(digest))
    i = int(np.searchsorted(known, prefix))
    return i < len(known) and known[i] == prefix


def _read(item: Item) -> tuple[str, bytes, NoticeError | None]:
    """(name, bytes, error). A file larger than MAX_BYTES is refused from its size, unread."""
    if isinstance(item, tuple):
        name, content = item
        if isinstance(content, int):
            return name, b"", NoticeError(ErrorReason.TOO_LARGE, f"{content} bytes, limit {MAX_BYTES}")
        return name, content, None
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer. os.read with the size from
        # fstat avoids a buffered reader and an oversized buffer.
        fd = os.open(item, os.O_RDONLY | os.O_NONBLOCK)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return item, b"", NoticeError(ErrorReason.UNREADABLE, "not a regular file")
            if info.st_size > MAX_BYTES:
                return item, b"", NoticeError(ErrorReason.TOO_LARGE, f"{info.st_size} bytes, limit {MAX_BYTES}")
            data = os.read(fd, info.st_size + 1)
            if len(data) > info.st_size:  # it grew since fstat: read on, within the limit
                parts = [data]
                total = len(data)
                while block := os.read(fd, 1 << 20):
                    parts.append(block)
                    total += len(block)
                    if total > MAX_BYTES:
                        return item, b"", NoticeError(ErrorReason.TOO_LARGE, f"more than {MAX_BYTES} bytes")
                data = b"".join(parts)
        finally:
            os.close(fd)
        return item, data, None
    except OSError as exc:
        return item, b"", NoticeError(ErrorReason.UNREADABLE, f"{type(exc).__name__}: {exc.strerror or exc}")


@dataclass(slots=True)
class Extracted:
    """A chunk read, parsed and detected, before it becomes tables."""

    notices: list[Notice]
    detections: list[Detection]
    sources: list[tuple[str, str]]  # (hash, name) of each notice
    errors: list[tuple[str, str, str, str, int]]  # (hash, name, reason, detail, size)
    skipped: int
    bytes: int


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector.

    A chunk makes tens of thousands of small objects without cycles (records, strings,
    tuples), which reference counting frees; the collector would walk them again and
    again while they are made (about a tenth of the time, see ``make bench``).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def process_chunk(items: Sequence[Item], known_path: str | None = None) -> ChunkResult:
    """Read, parse, extract and detect a chunk of notices; rows as Arrow tables."""
    with _collector_paused():
        found = _extract(items, known_path)
        tables = _tables(found.notices, found.detections, found.sources, found.errors)
    return ChunkResult(tables, len(items), found.skipped, found.bytes)


def extract_chunk(items: Sequence[Item], known_path: str | None = None) -> Extracted:
    """Read, hash, parse, extract every field and detect: the part of a chunk before storage."""
    with _collector_paused():
        return _extract(items, known_path)


def _extract(items: Sequence[Item], known_path: str | None) -> Extracted:
    known = _known(known_path)
    notices: list[Notice] = []
    sources: list[tuple[str, str]] = []
    errors: list[tuple[str, str, str, str, int]] = []
    in_chunk: set[str] = set()
    skipped = 0
    total_bytes = 0
    for item in items:
        name, data, problem = _read(item)
        total_bytes += len(data)
        if problem is not None:
            # No content to hash: the name stands for it, so a re-run does not repeat the row.
            digest = content_hash(f"{problem.reason.value}:{name}".encode())
            if digest in in_chunk or _is_known(known, digest):
                skipped += 1
            else:
                in_chunk.add(digest)
                errors.append((digest, name, problem.reason.value, problem.detail, len(data)))
            continue
        digest = content_hash(data)
        if digest in in_chunk or _is_known(known, digest):
            skipped += 1
            continue
        in_chunk.add(digest)
        try:
            notice = parse_notice(data)
        except NoticeError as exc:
            errors.append((digest, name, exc.reason.value, exc.detail, len(data)))
            continue
        notices.append(notice)
        sources.append((digest, name))
    return Extracted(notices, detect_many(notices), sources, errors, skipped, total_bytes)


def _ym(date: str) -> int:
    return int(date[:4]) * 100 + int(date[5:7]) if date else 0


def _division(code: str) -> str:
    return code[:2] if code else ""


def _procedure_key(notice: Notice, digest: str) -> int:
    scope = notice.procedure_id or notice.notice_id or digest
    return key64(f"{notice.format.value}:{scope}" if not notice.procedure_id else scope)


def _tables(
    notices: list[Notice],
    detections: list[Detection],
    sources: list[tuple[str, str]],
    errors: list[tuple[str, str, str, str, int]],
) -> dict[str, pa.Table]:
    notice_rows: list[tuple[Any, ...]] = []
    lot_rows: list[tuple[Any, ...]] = []
    criteria_rows: list[tuple[Any, ...]] = []
    evidence_rows: list[tuple[Any, ...]] = []
    for notice, detection, (digest, name) in zip(notices, detections, sources, strict=True):
        date = notice.date
        ym = _ym(date)
        pkey = _procedure_key(notice, digest)
        cpv_all = notice.all_cpv()
        cpv_main = notice.cpv_main or (cpv_all[0] if cpv_all else "")
        form_type = notice.form_type.value
        notice_rows.append(
            (
                digest,
                name,
                notice.format.value,
                notice.notice_id,
                notice.publication_id,
                notice.version,
                notice.procedure_id,
                pkey,
                notice.issue_date or None,
                notice.publication_date or None,
                date or None,
                notice.notice_type,
                form_type,
                notice.subtype,
                notice.sdk_version,
                notice.language,
                notice.languages,
                notice.buyer_name,
                notice.buyer_id,
                notice.buyer_country,
                notice.buyer_nuts,
                notice.procedure_type,
                notice.contract_nature,
                notice.title,
                notice.description[:TEXT_LIMIT],
                cpv_main,
                notice.cpv_additional,
                cpv_all,
                _division(cpv_main),
                notice.value,
                notice.currency,
                notice.value_kind,
                len(notice.lots),
                detection.circular,
                detection.circular_confidence,
                detection.circular_source,
                detection.green,
                notice.ted_url,
                ym,
            )
        )
        for lot in notice.lots:
            markers = detection.lots.get(lot.lot_id)
            lot_cpv = lot.cpv_main or cpv_main
            lot_rows.append(
                (
                    digest,
                    pkey,
                    key64(f"{pkey}:{lot.lot_id}"),
                    lot.lot_id,
                    lot.title,
                    lot.description[:TEXT_LIMIT],
                    lot.contract_nature or notice.contract_nature,
                    lot_cpv,
                    lot.cpv_additional,
                    _division(lot_cpv),
                    lot.strategic,
                    lot.environmental,
                    lot.gpp_criteria,
                    lot.value,
                    lot.currency,
                    markers.circular if markers else False,
                    markers.circular_confidence if markers else 0.0,
                    markers.green if markers else False,
                    date or None,
                    notice.buyer_country,
                    notice.buyer_name,
                    form_type,
                    notice.notice_type,
                    ym,
                )
            )
            for c in lot.award_criteria:
                criteria_rows.append(
                    (digest, pkey, lot.lot_id, "award", c.type, c.name, c.weight, c.weight_kind, c.description, ym)
                )
            if notice.procedure_conditions:
                continue  # legacy: stored once for the procedure below
            for text in lot.performance_conditions:
                criteria_rows.append((digest, pkey, lot.lot_id, "performance", "", "", None, "", text, ym))
        for text in notice.procedure_conditions:
            criteria_rows.append((digest, pkey, "", "performance", "", "", None, "", text, ym))
        for ev in detection.evidence:
            evidence_rows.append(
                (
                    digest,
                    pkey,
                    ev.lot_id,
                    ev.marker,
                    ev.source,
                    ev.field,
                    ev.cue,
                    ev.phrase,
                    ev.language,
                    ev.confidence,
                    ev.context,
                    ym,
                )
            )
    error_rows = [(*e, 0) for e in errors]
    return {
        "notices": _build("notices", notice_rows),
        "lots": _build("lots", lot_rows),
        "criteria": _build("criteria", criteria_rows),
        "evidence": _build("evidence", evidence_rows),
        "errors": _build("errors", error_rows),
    }


def _build(table: str, rows: list[tuple[Any, ...]]) -> pa.Table:
    schema = with_partition(SCHEMAS[table])
    if not rows:
        return schema.empty_table()
    columns = list(zip(*rows, strict=True))
    arrays = []
    for f, values in zip(schema, columns, strict=True):
        if f.type == pa.date32():
            arrays.append(pa.array(values, pa.string()).cast(pa.date32()))
        else:
            arrays.append(pa.array(values, f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


# -- inputs --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    kind: str  # "file" or "archive"
    path: str


def _is_archive(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def expand(paths: Iterable[str | Path | Source]) -> list[Source]:
    """Every source under ``paths``, as a list (:func:`iter_sources` gives them one at a time)."""
    return list(iter_sources(paths))


def iter_sources(paths: Iterable[str | Path | Source]) -> Iterator[Source]:
    """Folders (recursively: ``*.xml`` and archives), file lists (``.txt``/``.lst`` or ``@list``), archives, files.

    One at a time, as folders are walked and lists read: an ingest of millions of files never
    holds their names. A path that does not exist raises :class:`FileNotFoundError` when it
    is reached (:func:`survey` checks them all first).
    """
    for raw in paths:
        if isinstance(raw, Source):
            yield raw
            continue
        text = str(raw)
        if text.startswith("@"):
            yield from _from_list(Path(text[1:]))
            continue
        path = Path(text)
        if not path.exists():
            raise FileNotFoundError(text)
        if path.is_dir():
            yield from _walk(path)
        elif _is_archive(path):
            yield Source("archive", str(path))
        elif path.name.lower().endswith(LIST_SUFFIXES):
            yield from _from_list(path)
        else:
            yield Source("file", str(path))


class FileListError(ValueError):
    """A file list that cannot be read as one (not UTF-8 text)."""


@dataclass(frozen=True, slots=True)
class Survey:
    files: int
    archives: int

    @property
    def total(self) -> int | None:
        """The number of files to read, when known beforehand (archives are counted as they are read)."""
        return None if self.archives else self.files


def survey(paths: Iterable[str | Path | Source]) -> Survey:
    """Count the sources under ``paths`` in one pass that keeps none of them; raises for a missing path."""
    files = archives = 0
    for source in iter_sources(paths):
        if source.kind == "archive":
            archives += 1
        else:
            files += 1
    return Survey(files, archives)


def _walk(folder: Path) -> Iterator[Source]:
    """XML files and archives under a folder, in name order; directory entries, no stat per file."""
    for current, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            lower = name.lower()
            if lower.endswith(".xml"):
                yield Source("file", os.path.join(current, name))
            elif lower.endswith(ARCHIVE_SUFFIXES):
                yield Source("archive", os.path.join(current, name))


def _from_list(path: Path) -> Iterator[Source]:
    """Paths listed one per line (relative to the list's folder); ``#`` starts a comment.

    Listed XML files are taken as they are, without a check per file: one that is missing
    becomes an error row, like any other unreadable file. Other entries (folders, archives,
    lists) follow the XML files.
    """
    if not path.is_file():
        raise FileNotFoundError(str(path))
    base = path.parent
    others: list[str] = []
    try:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                entry = line if os.path.isabs(line) else str(base / line)
                if entry.lower().endswith(".xml"):
                    yield Source("file", entry)
                else:
                    others.append(entry)
    except UnicodeDecodeError:
        raise FileListError(f"{path} is not a file list: one path per line, UTF-8 text") from None
    yield from iter_sources(others)


class _CountingReader:
    """Counts the compressed bytes a streamed archive has consumed (for progress)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data: bytes = self.raw.read(size)
        self.count += len(data)
        return data


def _archive_members(path: str, prefix: str = "", fileobj: Any = None) -> Iterator[Item]:
    """Stream the XML members of a (possibly nested) tar archive without writing them to disk."""
    with tarfile.open(name=None if fileobj else path, fileobj=fileobj, mode="r|*") as archive:
        for member in archive:
            if not member.isfile():
                continue
            name = f"{prefix}{path}!{member.name}" if not prefix else f"{prefix}!{member.name}"
            lower = member.name.lower()
            if lower.endswith(ARCHIVE_SUFFIXES):
                inner = archive.extractfile(member)
                if inner is not None:
                    yield from _archive_members(member.name, name, inner)
                continue
            if not lower.endswith(".xml"):
                continue
            if member.size > MAX_BYTES:
                # Not read into memory; the stream moves past it.
                yield (name, int(member.size))
                continue
            handle = archive.extractfile(member)
            if handle is not None:
                yield (name, handle.read())


def _chunks(found: Iterable[Source]) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    size = 0
    for source in found:
        if source.kind == "file":
            chunk.append(source.path)
            if len(chunk) >= CHUNK_FILES:
                yield chunk
                chunk, size = [], 0
            continue
        for item in _archive_members(source.path):
            chunk.append(item)
            size += len(item[1]) if isinstance(item, tuple) and isinstance(item[1], bytes) else 0
            if len(chunk) >= CHUNK_FILES or size >= CHUNK_BYTES:
                yield chunk
                chunk, size = [], 0
    if chunk:
        yield chunk


# -- running -------------------------------------------------------------------------


def hash_key(hexdigest: str) -> int:
    """The first 64 bits of a content hash: how the store and the workers tell files apart."""
    return int(hexdigest[:16], 16)


class _Seen:
    """Content hashes met so far: a sorted array (the store's, and this run's merged in) and a set.

    The set takes this run's new keys; when it holds a quarter as many as the array (at least
    MERGE_KEYS), they are merged into the array: eight bytes per file instead of a Python int
    in a set, and merges that cost O(n log n) over a whole run.
    """

    MERGE_KEYS = 1 << 14

    def __init__(self, known: np.ndarray[Any, np.dtype[np.uint64]]) -> None:
        self.known = known
        self.new: set[int] = set()

    def which(self, hashes: list[str]) -> list[bool]:
        keys = [hash_key(h) for h in hashes]
        in_store = [False] * len(keys)
        if len(self.known):
            wanted = np.array(keys, dtype=np.uint64)
            at = np.minimum(np.searchsorted(self.known, wanted), len(self.known) - 1)
            in_store = (self.known[at] == wanted).tolist()
        return [a or k in self.new for a, k in zip(in_store, keys, strict=True)]

    def add(self, hashes: list[str]) -> None:
        self.new.update(hash_key(h) for h in hashes)
        if len(self.new) >= max(self.MERGE_KEYS, len(self.known) // 4):
            added = np.fromiter(self.new, dtype=np.uint64, count=len(self.new))
            self.known = np.union1d(self.known, added)
            self.new.clear()


class _Collector:
    def __init__(self, store: Store, seen: _Seen, report: IngestReport, total: int | None, progress: Progress | None):
        self.store = store
        self.seen = seen
        self.report = report
        self.total = total
        self.progress = progress
        self.buffer: dict[str, list[pa.Table]] = {t: [] for t in TABLES}
        self.buffered = 0
        # Batches are written by one thread beside this one (Arrow and Parquet release the
        # GIL), so that the workers are fed while a batch is written; one batch at a time.
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cirkular-writer")
        self.writing: Future[BatchSummary] | None = None

    def add(self, result: ChunkResult) -> None:
        report = self.report
        report.files += result.files
        report.skipped += result.skipped
        report.bytes += result.bytes
        tables = result.tables
        hashes = {name: tables[name].column("content_hash").to_pylist() for name in ("notices", "errors")}
        seen = {h for name in hashes for h, met in zip(hashes[name], self.seen.which(hashes[name]), strict=True) if met}
        if seen:
            # Met before: in the store (a worker that could not check), or earlier in this run.
            tables, dropped = _drop(tables, seen)
            report.skipped += dropped
        for name in ("notices", "errors"):
            self.seen.add(tables[name].column("content_hash").to_pylist())
        for name, table in tables.items():
            if table.num_rows:
                self.buffer[name].append(table)
        self.buffered += tables["notices"].num_rows + tables["errors"].num_rows
        if tables["errors"].num_rows:
            for reason in tables["errors"].column("reason").to_pylist():
                report.error_reasons[reason] = report.error_reasons.get(reason, 0) + 1
        if self.buffered >= BATCH_ROWS:
            self.flush()
        if self.progress is not None:
            self.progress(ProgressEvent(report.files, self.total, report.notices, report.errors, report.skipped))

    def flush(self) -> None:
        """Hand the buffered rows to the writer (after the batch before them is committed)."""
        if not self.buffered:
            return
        pieces, self.buffer = self.buffer, {t: [] for t in TABLES}
        self.buffered = 0
        self.wait()
        self.writing = self.writer.submit(self._write, pieces)

    def _write(self, pieces: dict[str, list[pa.Table]]) -> BatchSummary:
        summary = self.store.write_batch({name: pa.concat_tables(parts) for name, parts in pieces.items() if parts})
        del pieces
        # Arrow's allocator keeps freed memory for reuse; give it back, so that the calling
        # process stays small beside its workers.
        pa.default_memory_pool().release_unused()
        return summary

    def wait(self) -> None:
        """Wait until the batch being written is committed, and count it."""
        if self.writing is None:
            return
        writing, self.writing = self.writing, None
        summary = writing.result()
        self.report.notices += summary.notices
        self.report.lots += summary.lots
        self.report.errors += summary.errors
        self.report.batches += 1

    def close(self) -> None:
        """Write what is buffered and wait until it is committed."""
        try:
            self.flush()
            self.wait()
        finally:
            self.writer.shutdown(wait=True)

    def abandon(self) -> None:
        """After an error or an interrupt: let the batch under way commit, drop what is buffered."""
        self.writer.shutdown(wait=True)


def _drop(tables: dict[str, pa.Table], drop: set[str]) -> tuple[dict[str, pa.Table], int]:
    """Remove every row of the given notices (and errors), in every table."""
    value_set = pa.array(sorted(drop), pa.string())
    out = {}
    dropped = 0
    for name, table in tables.items():
        if table.num_rows:
            keep = pc.invert(pc.is_in(table.column("content_hash"), value_set=value_set))
            filtered = table.filter(keep)
            if name in ("notices", "errors"):
                dropped += table.num_rows - filtered.num_rows
            table = filtered
        out[name] = table
    return out, dropped


def _write_known(store: Store, known: np.ndarray[Any, np.dtype[np.uint64]]) -> str | None:
    if not len(known):
        return None
    path = store.root / "_state" / "known.npy"
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, known)
    return str(path)


def _context() -> multiprocessing.context.BaseContext:
    # Forking a process that runs threads (a progress display does) can deadlock; a fork
    # server starts workers from a clean process.
    if not sys.platform.startswith("linux"):
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Workers fork from a server that has imported the pipeline (lxml, Arrow, NumPy) once.
    context.set_forkserver_preload([__name__])
    return context


def _run_local(
    chunks: Iterator[list[Item]], workers: int, known: str | None, on_result: Callable[[ChunkResult], None]
) -> None:
    if workers <= 0:
        for chunk in chunks:
            on_result(process_chunk(chunk, known))
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as executor:
        pending: set[Future[ChunkResult]] = set()
        for chunk in chunks:
            pending.add(executor.submit(process_chunk, chunk, known))
            if len(pending) >= IN_FLIGHT * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    on_result(future.result())
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                on_result(future.result())


def _run_dask(
    chunks: Iterator[list[Item]],
    address: str,
    workers: int,
    known: str | None,
    on_result: Callable[[ChunkResult], None],
    processes: bool,
) -> None:
    # Dask is an optional extra (``cirkular[scale]``) and only partly typed: it is loaded
    # here, when asked for, as an untyped module.
    distributed: Any = importlib.import_module("dask.distributed")
    dask_wait = distributed.wait
    cluster = None
    if address == "local":
        cluster = distributed.LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
        )
        client = distributed.Client(cluster)
    else:
        client = distributed.Client(address)
    try:
        window = IN_FLIGHT * max(1, sum(client.nthreads().values()))
        pending: set[Any] = set()
        for chunk in chunks:
            pending.add(client.submit(process_chunk, chunk, known, pure=False))
            if len(pending) >= window:
                result = dask_wait(pending, return_when="FIRST_COMPLETED")
                pending = set(result.not_done)
                for future in result.done:
                    on_result(future.result())
                    future.release()
        while pending:
            result = dask_wait(pending, return_when="FIRST_COMPLETED")
            pending = set(result.not_done)
            for future in result.done:
                on_result(future.result())
                future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def ingest(
    paths: Iterable[str | Path | Source],
    store: Path,
    *,
    workers: int | None = None,
    dask: str | None = None,
    dask_processes: bool = True,
    progress: Progress | None = None,
    counted: Survey | None = None,
) -> IngestReport:
    """Read every notice under ``paths`` into ``store``; what the store holds already is skipped.

    ``workers``: local worker processes (default: one per CPU; 0 runs in this process).
    ``dask``: ``"local"`` for a local Dask cluster or ``"tcp://host:port"`` for a scheduler.
    ``counted``: the caller's :func:`survey` of the same paths, so that they are not walked
    twice before the work starts.
    """
    started = time.perf_counter()
    paths = list(paths)
    # Every path is checked before the store is touched.
    total = (counted if counted is not None else survey(paths)).total
    the_store = Store(store)
    report = IngestReport(store=the_store.root)
    report.recovered = the_store.prepare()
    keys = the_store.known_keys()
    known = _write_known(the_store, keys)
    collector = _Collector(the_store, _Seen(keys), report, total, progress)
    count = (os.cpu_count() or 1) if workers is None else workers
    chunks = _chunks(iter_sources(paths))
    try:
        if dask:
            _run_dask(chunks, dask, count, known, collector.add, dask_processes)
        else:
            _run_local(chunks, count, known, collector.add)
    except BaseException:
        collector.abandon()
        raise
    collector.close()
    if report.batches or report.recovered or not (the_store.derived / "_stamp").is_file():
        the_store.refresh()
    report.seconds = time.perf_counter() - started
    return report


def partition_of(table: pa.Table) -> list[int]:
    return sorted({int(v) for v in table.column(PARTITION_COLUMN).to_pylist()})
