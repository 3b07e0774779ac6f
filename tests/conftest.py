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


# Every variable that chooses or authenticates an LLM server: tests of server choice start
# from none of them, whatever the machine running the tests has set.
LLM_ENVIRONMENT = (
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_AD_TOKEN",
    "AZURE_OPENAI_DEPLOYMENT",
    "OPENAI_API_VERSION",
    "OPENAI_BASE_URL",
    "OPENAI_API_KEY",
    "OPENAI_ORG_ID",
    "OPENAI_PROJECT_ID",
    "OPENAI_CUSTOM_HEADERS",
)


@pytest.fixture
def no_llm_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in LLM_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch
