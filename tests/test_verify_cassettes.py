"""Replays of the model judge's recorded exchanges (scripts/record_verdict_cassettes.py), with
the network blocked: whatever the model wrote, every stored excerpt is its source's exact
characters, an excerpt not in the passages is dropped and counted, and a verdict with no
grounded evidence is not_enough_info.

``scripted-stub/verify_claims.yaml`` was recorded from the scripted stub server (a stub, not a
model); ``llama-cpp-smollm2/verify_claims.yaml``, when present, from SmolLM2-135M-Instruct
under llama.cpp's server (scripts/llama_server.sh).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import vcr
from test_verify import REPORT, TRANSCRIPT, dated, quote

from claimtrack.ledger import Ledger
from claimtrack.llm.settings import LLMSettings
from claimtrack.records import Document, Extractor
from claimtrack.verify.llm import LLMJudge
from claimtrack.verify.run import verify_claims
from claimtrack.verify.store import SourceTexts, verdicts_of

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "fixtures" / "cassettes"
NOWHERE = "http://127.0.0.1:9/v1"  # nothing listens here: only the cassette answers
# What the recordings were made with: part of every request's body, so replays match.
SETTINGS = {
    "prompt": "judge-claim",
    "max_reasks": 0,
    "max_retries": 0,
    "call_retries": 0,
    "max_tokens": 600,
    "timeout": 600.0,
}


def build_ledger(path: Path) -> Ledger:
    """The ledger both the recordings and the replays verify."""
    from claimtrack.verify.store import add_evidence

    extractor = Extractor("test", "m", "p", "h")
    ledger = Ledger(path)
    run = ledger.start_run(extractor)
    ledger.add_claims(
        Document(REPORT, "report.txt"),
        run,
        extractor,
        [
            quote(REPORT, "we will defend the peace of this region together", "Kishida"),
            quote(REPORT, "the budget grows by 40 percent next year", "Kishida"),
            quote(REPORT, "the two countries have opened a new chapter together", "Yoon"),
            dated(
                REPORT,
                "Kishida met South Korean President Yoon Suk-yeol in Tokyo to announce a "
                "diplomatic breakthrough",
                "2023-03-16",
                ["Yoon Suk-yeol"],
            ),
        ],
    )
    add_evidence(ledger, Document(TRANSCRIPT, "transcript.txt"), "transcript")
    return ledger


RECORDINGS = [
    pytest.param("scripted-stub", "stub-model", id="stub"),
    pytest.param(
        "llama-cpp-smollm2",
        "smollm2",
        id="smollm2",
        marks=pytest.mark.skipif(
            not (CASSETTES / "llama-cpp-smollm2" / "verify_claims.yaml").exists(),
            reason="not recorded",
        ),
    ),
]


@pytest.mark.parametrize(("folder", "model"), RECORDINGS)
def test_replayed_verdicts_rest_only_on_exact_characters(tmp_path, monkeypatch, folder, model):
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    ledger = build_ledger(tmp_path / "c.db")
    judge = LLMJudge.for_ledger(LLMSettings(model=model, base_url=NOWHERE, **SETTINGS), ledger)
    replay = vcr.VCR(
        cassette_library_dir=str(CASSETTES / folder),
        record_mode="none",
        match_on=["method", "path", "body"],
    )
    with replay.use_cassette("verify_claims.yaml") as cassette:
        result = verify_claims(ledger, ledger.iter_claims(), judge)
        assert cassette.play_count == 4 and cassette.all_played
    assert result.claims + result.failed == 4
    texts = SourceTexts(ledger)
    for verdicts in verdicts_of(ledger.conn, [1, 2, 3, 4]).values():
        assert len(verdicts) <= 1
        for verdict in verdicts:
            for cited in verdict.evidence:
                source = texts.text(cited.origin, cited.source_id)
                assert source[cited.start : cited.end] == cited.text
            if not verdict.evidence:
                assert verdict.verdict == "not_enough_info"
    if folder == "scripted-stub":  # one excerpt copied, one invented, for each claim
        assert (result.evidence, result.dropped) == (4, 4) and result.failed == 0
        assert dict(result.verdicts) == {"supported": 4}
    else:
        # Recorded from SmolLM2-135M: twice it said "refuted" citing nothing, which is stored
        # as not_enough_info; twice its answer was not valid JSON (a raw newline in a string),
        # which leaves the claim without a verdict and the reason in the run's errors.
        assert dict(result.verdicts) == {"not_enough_info": 2} and result.failed == 2
        rationales = [
            v.rationale or "" for vs in verdicts_of(ledger.conn, [1, 2]).values() for v in vs
        ]
        assert all(r.startswith("(the model said refuted, citing nothing") for r in rationales)
        assert all("did not validate" in error for error in result.errors)
    ledger.close()
