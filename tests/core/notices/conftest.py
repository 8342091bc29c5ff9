from __future__ import annotations

from pathlib import Path

import pytest

from cirkular.core.notices.pipeline import ingest

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "notices"
FIXTURES = Path(__file__).resolve().parents[2] / "data" / "notices"
HOSTILE = FIXTURES / "hostile"

SDK = SHARED / "eforms-sdk-1.15.1"
TED_EFORMS = SHARED / "ted-rdf-mapping-eforms"
LEGACY = SHARED / "ted-xml-r2.0.9"


@pytest.fixture(scope="session")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared notices and the fixtures in one store, ingested once for the session."""
    if not SHARED.is_dir():
        pytest.skip(f"shared notices not found at {SHARED}")
    store = tmp_path_factory.mktemp("store")
    fixtures = sorted(FIXTURES.glob("*.xml"))
    ingest([SHARED, *fixtures], store, workers=0)
    return store
