"""Record the model judge's cassettes that tests/test_verify_cassettes.py replays (vcrpy).

    OPENAI_BASE_URL=http://127.0.0.1:8765/v1 python scripts/record_verdict_cassettes.py llama
    python scripts/record_verdict_cassettes.py stub

``llama`` records ``claimtrack verify`` of the test ledger's claims (a report, and a transcript
as evidence: tests/test_verify.py) against whatever server ``OPENAI_BASE_URL`` names —
scripts/llama_server.sh starts a real SmolLM2 model under llama.cpp — into
``fixtures/cassettes/llama-cpp-smollm2/verify_claims.yaml``. ``stub`` records the same run
against the scripted stub server of the tests (tests/openai_stub.py), which answers each claim
with one excerpt copied from the passages it was sent and one invented: a stub, not a model,
into ``fixtures/cassettes/scripted-stub/verify_claims.yaml``. Keys and cookies are filtered
out (scripts/record_cassettes.py's recorder).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

from record_cassettes import CASSETTES, recorder  # noqa: E402
from test_verify_cassettes import SETTINGS, build_ledger  # noqa: E402


def record(folder: Path, base_url: str, key: str, model: str) -> None:
    from claimtrack.llm.settings import LLMSettings
    from claimtrack.verify.llm import LLMJudge
    from claimtrack.verify.run import verify_claims

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "verify_claims.yaml").unlink(missing_ok=True)  # a new recording, not appended
    with tempfile.TemporaryDirectory() as tmp:
        ledger = build_ledger(Path(tmp) / "r.db")
        os.environ["OPENAI_API_KEY"] = key
        judge = LLMJudge.for_ledger(LLMSettings(model=model, base_url=base_url, **SETTINGS), ledger)
        with recorder(folder).use_cassette("verify_claims.yaml"):
            result = verify_claims(ledger, ledger.iter_claims(), judge)
        print(result.as_dict())
        ledger.close()


def _stub_answer(body: dict[str, Any]) -> Any:
    from openai_stub import completion

    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    shown = re.findall(r"<passage [^>]*>\n(.*?)\n</passage>", user, re.S)
    copied = shown[0].split(". ")[0] if shown else ""
    return completion(
        {
            "excerpts": [copied, "Nothing like this is in any passage."],
            "rationale": "The first passage says so.",
            "verdict": "supported",
        },
        tool="JudgeAnswer",
        model="stub-model",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", choices=["llama", "stub"])
    args = parser.parse_args()
    if args.which == "llama":
        base_url = os.environ.get("OPENAI_BASE_URL")
        if not base_url:
            sys.exit("set OPENAI_BASE_URL to the server to record (scripts/llama_server.sh start)")
        record(CASSETTES / "llama-cpp-smollm2", base_url, "no-key", "smollm2")
        return
    from openai_stub import StubServer

    with StubServer([], default=_stub_answer) as server:
        record(
            CASSETTES / "scripted-stub", server.base_url, "recording-key-not-stored", "stub-model"
        )


if __name__ == "__main__":
    main()
