"""Hostile and malformed input: refused with a reason, never expanded, never fetched, never fatal."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from cirkular.core.notices import parse as parse_module
from cirkular.core.notices.parse import parse_notice
from cirkular.core.notices.pipeline import ingest
from cirkular.core.notices.record import ErrorReason, NoticeError
from cirkular.core.notices.store import TABLES, Store

from .conftest import FIXTURES, HOSTILE

EXPECTED = {
    "billion_laughs.xml": ErrorReason.DTD,
    "external_entity_file.xml": ErrorReason.DTD,
    "external_entity_http.xml": ErrorReason.DTD,
    "external_dtd.xml": ErrorReason.DTD,
    "doctype_after_padding.xml": ErrorReason.DTD,
    "truncated.xml": ErrorReason.MALFORMED,
    "not_xml.xml": ErrorReason.NOT_XML,
    "binary.xml": ErrorReason.NOT_XML,
    "empty.xml": ErrorReason.EMPTY,
    "unknown_root.xml": ErrorReason.UNKNOWN_FORMAT,
}
# Comments push the DOCTYPE past the quick check before parsing, so that the parser's own
# settings are what stands between the document and the entity.
PADDING = "<!-- " + "x" * 8000 + " -->\n"


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        _Recorder.requests.append(self.path)
        body = b"FETCHED-OVER-HTTP"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[str]:
    """A local HTTP server that records every request it gets."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("SECRET-MARKER-7f3a9c", encoding="utf-8")
    return path


def test_fixtures_are_all_covered() -> None:
    assert {p.name for p in HOSTILE.glob("*.xml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_fixture_is_refused_with_its_reason(name: str) -> None:
    with pytest.raises(NoticeError) as caught:
        parse_notice((HOSTILE / name).read_bytes())
    assert caught.value.reason is EXPECTED[name]


def test_gigantic_input_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_module, "MAX_BYTES", 1000)
    with pytest.raises(NoticeError) as caught:
        parse_notice(b"<a>" + b"x" * 2000 + b"</a>")
    assert caught.value.reason is ErrorReason.TOO_LARGE


def _documents(secret: Path, url: str) -> dict[str, str]:
    dtd = secret.with_name("entities.dtd")
    dtd.write_text('<!ENTITY leak "SECRET-MARKER-FROM-DTD">', encoding="utf-8")
    root = (
        '<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2" '
        'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
        "<cbc:ID>{body}</cbc:ID></ContractNotice>"
    )
    return {
        "file-entity": PADDING
        + f'<!DOCTYPE ContractNotice [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
        + root.format(body="&s;"),
        "http-entity": PADDING
        + f'<!DOCTYPE ContractNotice [<!ENTITY r SYSTEM "{url}/entity">]>'
        + root.format(body="&r;"),
        "external-dtd": PADDING + f'<!DOCTYPE ContractNotice SYSTEM "{url}/notice.dtd">' + root.format(body="x"),
        "file-dtd": PADDING + f'<!DOCTYPE ContractNotice SYSTEM "{dtd.as_uri()}">' + root.format(body="&leak;"),
        "parameter-entity": PADDING
        + f'<!DOCTYPE ContractNotice [<!ENTITY % p SYSTEM "{url}/param.dtd"> %p;]>'
        + root.format(body="x"),
        "laughs": PADDING
        + '<!DOCTYPE ContractNotice [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        + '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        + root.format(body="&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"),
    }


def test_the_parser_itself_neither_expands_nor_fetches(secret: Path, http_server: str) -> None:
    """Past the DOCTYPE check, the hardened parser keeps entity references as they are."""
    for name, text in _documents(secret, http_server).items():
        root = etree.fromstring(text.encode(), parse_module._parser())
        serialised = etree.tostring(root)
        assert b"SECRET-MARKER" not in serialised, name
        assert b"FETCHED-OVER-HTTP" not in serialised, name
        assert b"aaaaaaaaaaaaaaaaaaaa" not in serialised, name  # nothing was expanded
        with pytest.raises(NoticeError) as caught:
            parse_notice(text.encode())
        assert caught.value.reason is ErrorReason.DTD, name
    assert _Recorder.requests == []


def test_pipeline_turns_hostile_files_into_error_rows(tmp_path: Path, secret: Path, http_server: str) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    documents = _documents(secret, http_server)
    for name, text in documents.items():
        (inputs / f"{name}.xml").write_text(text, encoding="utf-8")
    for fixture in HOSTILE.glob("*.xml"):
        (inputs / fixture.name).write_bytes(fixture.read_bytes())
    (inputs / "good.xml").write_bytes((FIXTURES / "cn_circular_sv.xml").read_bytes())
    # A file larger than the limit is refused from its size: a sparse file costs no disk.
    with open(inputs / "gigantic.xml", "wb") as f:
        f.truncate(parse_module.MAX_BYTES + 1)
    store = tmp_path / "store"
    report = ingest([inputs], store, workers=0)
    assert report.notices == 1
    assert report.errors == len(EXPECTED) + len(documents) + 1
    assert report.error_reasons[ErrorReason.TOO_LARGE.value] == 1
    assert _Recorder.requests == []
    con = Store(store).connect()
    try:
        errors = dict(con.execute("SELECT regexp_extract(file, '[^/]+$'), reason FROM errors").fetchall())
        # Everything the store holds, as text (the Parquet files themselves are compressed).
        everything = str([con.table(table).fetchall() for table in TABLES])
    finally:
        con.close()
    assert errors["gigantic.xml"] == "too-large"
    assert errors["file-entity.xml"] == "dtd-forbidden"
    assert errors["truncated.xml"] == "malformed"
    assert "cn_circular_sv" not in errors
    assert "SECRET-MARKER" not in everything
    assert "FETCHED-OVER-HTTP" not in everything


def test_a_fifo_or_missing_file_is_an_error_row_not_a_hang(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    os.mkfifo(inputs / "pipe.xml")  # opening it for reading would wait for a writer
    listing = tmp_path / "list.txt"
    listing.write_text(f"{inputs / 'pipe.xml'}\n{inputs / 'gone.xml'}\n", encoding="utf-8")
    report = ingest([listing], tmp_path / "store", workers=0)
    assert report.error_reasons == {"unreadable": 2}
    again = ingest([listing], tmp_path / "store", workers=0)
    assert (again.errors, again.skipped) == (0, 2)


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(lambda t: t.encode("utf-8")),
        st.sampled_from([p.read_bytes() for p in sorted(FIXTURES.glob("*.xml"))]).flatmap(
            lambda data: st.integers(0, len(data)).map(lambda cut: data[:cut])
        ),
    )
)
def test_any_bytes_become_a_record_or_a_notice_error(data: bytes) -> None:
    try:
        notice = parse_notice(data)
    except NoticeError as exc:
        assert isinstance(exc.reason, ErrorReason)
    else:
        assert notice.format.value in {"eforms", "ted-r2.0.9"}
