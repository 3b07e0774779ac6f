"""The ledger is a plain SQLite file: sqlite-utils and Datasette open it as it is."""

import asyncio
import json
import subprocess
import sys

from datasette.app import Datasette

from claimtrack.ledger import Ledger
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents


def make(tmp_path, seed_document):
    path = tmp_path / "claims.db"
    ledger = Ledger(path)
    extract_documents(ledger, [seed_document], OfflineExtractor())
    count = ledger.db["claims"].count
    ledger.close()
    return path, count


def test_sqlite_utils_cli_reads_the_ledger(tmp_path, seed_document):
    path, count = make(tmp_path, seed_document)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sqlite_utils",
            "query",
            str(path),
            "select kind, count(*) as n from claims group by kind",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(result.stdout)
    assert sum(r["n"] for r in rows) == count
    fts = subprocess.run(
        [sys.executable, "-m", "sqlite_utils", "search", str(path), "claims", "Kishida"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Kishida" in fts.stdout


def test_datasette_serves_the_ledger(tmp_path, seed_document):
    path, count = make(tmp_path, seed_document)

    async def fetch():
        datasette = Datasette([str(path)])
        response = await datasette.client.get("/claims/claims.json?_shape=array&_size=max")
        facets = await datasette.client.get("/claims/claims.json?_facet=kind&_facet=status")
        return response, facets

    response, facets = asyncio.run(fetch())
    assert response.status_code == 200
    assert len(response.json()) == count
    assert facets.status_code == 200
    assert {f["value"] for f in facets.json()["facet_results"]["kind"]["results"]} >= {
        "date",
        "quote",
        "agreement",
    }
