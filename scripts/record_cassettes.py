"""Record the LLM cassettes that the tests replay (vcrpy), against a real server.

    OPENAI_BASE_URL=http://127.0.0.1:8765/v1 python scripts/record_cassettes.py llama
    python scripts/record_cassettes.py stub
    OPENAI_BASE_URL=http://127.0.0.1:8765/v1 python scripts/record_cassettes.py adjudicate-llama
    python scripts/record_cassettes.py adjudicate-stub

``llama`` records claimtrack's extraction against whatever server ``OPENAI_BASE_URL`` names
(scripts/llama_server.sh starts a real SmolLM2 model under llama.cpp) into
``fixtures/cassettes/<server>/``; ``stub`` starts the scripted fault server of the tests
(tests/openai_stub.py) and records one exchange per fault. Keys, authorization headers and
cookies are filtered out before anything is written, and recorded Retry-After headers are set
to 0 so that replays do not sleep.

``adjudicate-*`` record fact tracking putting its one ambiguous pair of claims
(tests/adjudication_fixture.py) to the model, into ``adjudicate_pair.yaml`` of the same folders:
against the real model, or against the stub scripted to answer ``variant``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import vcr

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "fixtures" / "cassettes"
sys.path.insert(0, str(ROOT / "tests"))

SECRET_HEADERS = [
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
]
# The one small document both recordings extract (written for claimtrack; no third-party text).
DOCUMENT = (
    "On March 16, Prime Minister Kishida Fumio met President Yoon Suk-yeol in Tokyo. "
    "Kishida said he was \u201coutraged by the cruelty\u201d of the attacks.\n"
)


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
        elif name.lower() in ("retry-after", "retry-after-ms"):
            headers[name] = ["0"]
    return response


def recorder(folder: Path) -> vcr.VCR:
    return vcr.VCR(
        cassette_library_dir=str(folder),
        record_mode="all",
        match_on=["method", "path", "body"],
        filter_headers=SECRET_HEADERS,
        decode_compressed_response=True,
        before_record_response=_scrub_response,
    )


def record(folder: Path, name: str, base_url: str, api_key: str, **overrides: Any) -> None:
    """Record claimtrack extracting ``DOCUMENT`` against ``base_url`` into ``folder/name.yaml``
    (no transport retries: every exchange in the cassette is one the test replays)."""
    from claimtrack.errors import ExtractionError
    from claimtrack.llm import LLMSettings, OpenAIBackend
    from claimtrack.records import Document

    options = {"model": "smollm2", "max_reasks": 0, "max_retries": 0, "call_retries": 0}
    backend = OpenAIBackend(LLMSettings(base_url=base_url, **{**options, **overrides}), api_key)
    # vcrpy's record mode "all" adds to a cassette that exists: start from none, so that the
    # cassette holds this recording and nothing older.
    (folder / f"{name}.yaml").unlink(missing_ok=True)
    with recorder(folder).use_cassette(f"{name}.yaml"):
        try:
            claims = backend.extract(Document(DOCUMENT, "cassette"))
            print(f"{name}: {len(claims)} claim(s)")
        except ExtractionError as error:
            print(f"{name}: the document failed: {error}")


def record_llama() -> None:
    base_url = os.environ.get("OPENAI_BASE_URL")
    if not base_url:
        sys.exit("set OPENAI_BASE_URL to the server to record (scripts/llama_server.sh start)")
    folder = CASSETTES / "llama-cpp-smollm2"
    folder.mkdir(parents=True, exist_ok=True)
    key = os.environ.get("OPENAI_API_KEY", "no-key")
    # A small token budget keeps the tiny model's answer (which runs on until the limit) short:
    # the recording is a real exchange with a real model, and what claimtrack does with it.
    record(folder, "extract_small_document", base_url, key, max_tokens=96, timeout=300.0)
    # A longer budget and one re-ask: the model's answer, claimtrack's re-ask naming what was
    # wrong with it, and the model's second answer, as the real server gave them.
    record(
        folder, "extract_with_a_reask", base_url, key, max_tokens=400, max_reasks=1, timeout=600.0
    )


def record_stub() -> None:
    from openai_stub import StubServer, completion, first_sentence_claim

    folder = CASSETTES / "scripted-stub"
    folder.mkdir(parents=True, exist_ok=True)
    faults: dict[str, Any] = {
        "http_429": (429, '{"error": {"message": "slow down"}}', {"retry-after": "3"}),
        "http_500": (500, '{"error": {"message": "internal error"}}', {}),
        "malformed": completion('{"claims": [{"kind": "statement", "claim": "x" "evidence"}'),
        "invalid": completion({"claims": [{"kind": "statement", "confidence": 7}]}),
        "fabricated": completion(
            {
                "claims": [
                    {
                        "kind": "statement",
                        "claim": "Invented.",
                        "confidence": 0.9,
                        "evidence": "Aliens landed in the harbour at dawn.",
                    }
                ]
            }
        ),
        "faithful": first_sentence_claim,
    }
    for name, answer in faults.items():
        with StubServer([answer]) as server:
            record(
                folder,
                name,
                server.base_url,
                "recording-key-not-stored",
                model="stub-model",
                timeout=10.0,
            )


def record_adjudication(folder: Path, base_url: str, model: str, api_key: str) -> None:
    """Record a tracking run putting the fixture's ambiguous pair to the model."""
    import tempfile

    from adjudication_fixture import FIRST, SECOND, adjudicator, ledger_of

    from claimtrack.tracking import track_ledger

    folder.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        recorder(folder).use_cassette("adjudicate_pair.yaml"),
    ):
        ledger = ledger_of(Path(tmp) / "claims.db", FIRST, SECOND)
        result = track_ledger(
            ledger.path, adjudicator=adjudicator(ledger, base_url, model, api_key)
        )
        method = ledger.conn.execute(
            "SELECT method, relation FROM fact_edges WHERE method LIKE 'llm:%'"
        ).fetchall()
        ledger.close()
    print(f"adjudicate_pair: {result.adjudicated} pair(s), {result.calls} call(s): {method}")


def record_adjudication_stub() -> None:
    from openai_stub import StubServer, completion

    def verdict(body: dict[str, Any]) -> dict[str, Any]:
        return completion({"relation": "variant", "field": None}, tool="PairVerdict")

    with StubServer([verdict]) as server:
        record_adjudication(
            CASSETTES / "scripted-stub", server.base_url, "stub-model", "recording-key-not-stored"
        )


def record_adjudication_llama() -> None:
    base_url = os.environ.get("OPENAI_BASE_URL")
    if not base_url:
        sys.exit("set OPENAI_BASE_URL to the server to record (scripts/llama_server.sh start)")
    key = os.environ.get("OPENAI_API_KEY", "no-key")
    record_adjudication(CASSETTES / "llama-cpp-smollm2", base_url, "smollm2", key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", choices=["llama", "stub", "adjudicate-llama", "adjudicate-stub"])
    args = parser.parse_args()
    {
        "llama": record_llama,
        "stub": record_stub,
        "adjudicate-llama": record_adjudication_llama,
        "adjudicate-stub": record_adjudication_stub,
    }[args.which]()


if __name__ == "__main__":
    main()
