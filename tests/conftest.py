"""Shared fixtures: the seed document, a fresh ledger, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.ledger import Ledger
from claimtrack.records import Document

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "time-2023-03-east-asia-geopolitics.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_document(seed_text: str) -> Document:
    return Document(text=seed_text, source=str(SEED))


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    opened = Ledger(tmp_path / "claims.db")
    yield opened
    opened.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
