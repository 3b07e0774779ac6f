"""A model deciding the typed matcher's close calls: which pairs it is asked about, what its
answers do to facts and conflicts, that its answers are paid once and replayed, and that
tracking with it stays order-independent."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import vcr
from click.testing import CliRunner

from claimtrack.cli import cli
from claimtrack.prompts import get_prompt
from claimtrack.records import CallRecord
from claimtrack.tracking import FactReader, track_ledger
from claimtrack.tracking.adjudicate import Adjudicator, PairVerdict, ambiguous, similarity
from claimtrack.tracking.features import quote_features
from tests.adjudication_fixture import FIRST, SECOND, THIRD, adjudicator, ledger_of
from tests.openai_stub import StubServer, completion

ROOT = Path(__file__).resolve().parent.parent
NOWHERE = "http://127.0.0.1:9/v1"  # nothing listens here: only the cassette answers
PARAPHRASED = "we won't accept any cuts to our schools as long as the stadium gets fresh money,"


def fake(relation, field=None, *, seen=None, path=None):
    """An adjudicator whose 'model' always answers ``relation``; it notes each question and
    whether the ledger's write lock was free while it was asked."""

    def ask(messages):
        if seen is not None:
            free = True
            if path is not None:
                probe = sqlite3.connect(path, timeout=0)
                try:
                    probe.execute("BEGIN IMMEDIATE")
                    probe.execute("ROLLBACK")
                except sqlite3.OperationalError:
                    free = False
                probe.close()
            seen.append((messages[1]["content"], free))
        return PairVerdict(relation=relation, field=field), CallRecord(
            "h", 0, 0, "fake", "adjudicate-pair", "p", "ok"
        )

    return Adjudicator(ask, get_prompt("adjudicate-pair"), "fake")


def quote_facts(ledger):
    return sorted(sorted(f.claims) for f in FactReader(ledger).facts() if f.kind == "quote")


def test_only_close_calls_are_ambiguous():
    said = quote_features(
        "We will not accept cuts to the schools while the stadium gets new money,"
    )
    assert not ambiguous(said, said)  # identical: the matcher decides
    part = quote_features("cuts to the schools while the stadium gets new money")
    assert similarity(said, part) == 1.0 and not ambiguous(said, part)
    assert ambiguous(said, quote_features(PARAPHRASED))
    assert similarity(said, quote_features(PARAPHRASED)) == similarity(
        quote_features(PARAPHRASED), said
    )
    assert not ambiguous(said, quote_features("The weather in Springfield was mild all week."))


def test_a_variant_verdict_joins_the_pair_asked_with_no_lock_held(tmp_path):
    ledger = ledger_of(tmp_path / "c.db", FIRST, SECOND)
    assert quote_facts(ledger) == []
    seen: list[tuple[str, bool]] = []
    result = track_ledger(ledger.path, adjudicator=fake("variant", seen=seen, path=ledger.path))
    assert (result.adjudicated, result.calls) == (1, 1)
    ((question, free),) = seen
    assert free, "the model was asked while the ledger's write lock was held"
    assert "Speaker of A: Ana Ruiz" in question and PARAPHRASED in question
    (joined,) = quote_facts(ledger)
    assert len(joined) == 2
    (edge,) = ledger.conn.execute("SELECT relation, method FROM fact_edges").fetchall()
    assert edge[0] == "variant" and edge[1].startswith("llm:fake:")
    assert edge[1] == f"llm:fake:{get_prompt('adjudicate-pair').hash}"


def test_without_a_model_the_close_call_stays_two_facts(tmp_path):
    ledger = ledger_of(tmp_path / "c.db", FIRST, SECOND)
    track_ledger(ledger.path)
    assert [len(f) for f in quote_facts(ledger)] == [1, 1]


def test_different_and_conflicting_verdicts(tmp_path):
    apart = ledger_of(tmp_path / "a.db", FIRST, SECOND)
    track_ledger(apart.path, adjudicator=fake("different"))
    assert [len(f) for f in quote_facts(apart)] == [1, 1]
    clash = ledger_of(tmp_path / "b.db", FIRST, SECOND)
    track_ledger(clash.path, adjudicator=fake("conflicting", "wording"))
    (fact,) = [f for f in FactReader(clash).facts() if f.kind == "quote"]
    (conflict,) = fact.conflicts
    assert (conflict.kind, conflict.field) == ("wording", "quote")
    assert PARAPHRASED.strip(",") in " ".join(str(v) for v in conflict.values)


def test_the_same_facts_whatever_order_the_documents_came_in(tmp_path):
    one = ledger_of(tmp_path / "1.db", FIRST, SECOND, THIRD)
    track_ledger(one.path, adjudicator=fake("variant"))
    two = ledger_of(tmp_path / "2.db", THIRD, SECOND, FIRST)
    track_ledger(two.path, adjudicator=fake("variant"))

    def texts(ledger):
        return sorted(
            sorted(
                ledger.conn.execute(f"SELECT quote FROM claims WHERE id = {c}").fetchone()[0]
                for c in f.claims
            )
            for f in FactReader(ledger).facts()
            if f.kind == "quote"
        )

    assert texts(one) == texts(two) and len(texts(one)) == 1


def replay(folder):
    return vcr.VCR(
        cassette_library_dir=str(ROOT / "fixtures" / "cassettes" / folder),
        record_mode="none",
        match_on=["method", "path", "body"],
    )


def test_recorded_answer_is_replayed_kept_and_reused(tmp_path):
    # scripted-stub: recorded by scripts/record_cassettes.py adjudicate-stub from the stub
    # server of tests/openai_stub.py scripted to answer "variant" (not a real model)
    ledger = ledger_of(tmp_path / "c.db", FIRST, SECOND)
    with replay("scripted-stub").use_cassette("adjudicate_pair.yaml") as cassette:
        chosen = adjudicator(ledger, NOWHERE, "stub-model", "x")
        result = track_ledger(ledger.path, adjudicator=chosen)
        assert cassette.play_count == 1
    assert (result.adjudicated, result.calls) == (1, 1)
    (joined,) = quote_facts(ledger)
    assert len(joined) == 2
    (call,) = ledger.conn.execute(
        "SELECT model, prompt_name, prompt_hash, outcome, run_id, document_id FROM llm_calls"
    ).fetchall()
    assert call == ("stub-model", "adjudicate-pair", chosen.template.hash, "ok", None, None)

    # a later run meets the same pair again (a new copy of the first quote joins the fact):
    # the answer comes from the ledger, no request is sent (the cassette would refuse it)
    from claimtrack.offline.extractor import OfflineExtractor
    from claimtrack.pipeline import extract_documents
    from claimtrack.records import Document

    extract_documents(ledger, [Document(THIRD, "report-3.txt")], OfflineExtractor())
    with replay("scripted-stub").use_cassette("adjudicate_pair.yaml") as cassette:
        again = track_ledger(
            ledger.path, adjudicator=adjudicator(ledger, NOWHERE, "stub-model", "x")
        )
        assert cassette.play_count == 0
    assert again.calls == 0
    assert [len(f) for f in quote_facts(ledger)] == [3]


def test_track_backend_openai_from_the_shell(tmp_path, monkeypatch):
    db = tmp_path / "c.db"
    ledger_of(db, FIRST, SECOND).close()
    answer = completion({"relation": "variant", "field": None}, tool="PairVerdict")
    with StubServer([answer]) as server:  # a stub server, not a real model
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "test-key")
        result = CliRunner().invoke(
            cli,
            ["track", "--db", str(db), "--backend", "openai", "--model", "stub-model", "--json"],
        )
        assert result.exit_code == 0, result.output
        assert len(server.requests) == 1
        assert server.requests[0]["tool_choice"]["function"]["name"] == "PairVerdict"
    counts = json.loads(result.stdout)
    assert (counts["adjudicated"], counts["calls"]) == (1, 1)
    shown = CliRunner().invoke(cli, ["facts", "--kind", "quote", "--db", str(db), "--json"])
    (fact,) = [json.loads(line) for line in shown.stdout.splitlines()]
    assert len(fact["claims"]) == 2
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM llm_calls").fetchone()[0]
    assert stored == 1


def test_the_openai_backend_without_a_key_or_server_fails_in_one_line(tmp_path, monkeypatch):
    db = tmp_path / "c.db"
    ledger_of(db, FIRST).close()
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    result = CliRunner().invoke(cli, ["track", "--db", str(db), "--backend", "openai"])
    assert result.exit_code != 0 and "OPENAI_API_KEY" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_the_model_s_word_holds_when_facts_are_recomputed_without_it(tmp_path):
    from claimtrack.tracking import resolve_conflict, split_claim

    ledger = ledger_of(tmp_path / "c.db", FIRST, SECOND)
    track_ledger(ledger.path, adjudicator=fake("conflicting", "wording"))
    (fact,) = [f for f in FactReader(ledger).facts() if f.kind == "quote"]
    (conflict,) = fact.conflicts
    (method,) = ledger.conn.execute("SELECT method FROM fact_edges").fetchone()
    assert method.startswith("llm:fake:") and method.endswith("/wording")
    resolve_conflict(ledger, conflict.id, by="Erin")  # recomputes the fact, with no model
    (after,) = [f for f in FactReader(ledger).facts() if f.kind == "quote"]
    assert after.claims == fact.claims
    assert [(c.id, c.kind, c.status) for c in after.conflicts] == [
        (conflict.id, "wording", "resolved")
    ]
    split_claim(ledger, after.id, after.claims[-1], by="Erin")  # a reviewer's word wins
    assert [len(f) for f in quote_facts(ledger)] == [1, 1]


def test_a_real_model_s_recorded_verdict_decides_the_pair(tmp_path):
    # llama-cpp-smollm2: recorded by scripts/record_cassettes.py adjudicate-llama from a real
    # model (SmolLM2-135M-Instruct under llama.cpp's server, scripts/llama_server.sh). It
    # answered "same" (a paraphrase is a variant, strictly: the model is tiny), and that
    # answer decides the pair.
    ledger = ledger_of(tmp_path / "c.db", FIRST, SECOND)
    with replay("llama-cpp-smollm2").use_cassette("adjudicate_pair.yaml") as cassette:
        chosen = adjudicator(ledger, NOWHERE, "smollm2", "x")
        result = track_ledger(ledger.path, adjudicator=chosen)
        assert cassette.play_count == 1
    assert (result.adjudicated, result.calls) == (1, 1)
    (edge,) = ledger.conn.execute("SELECT relation, method FROM fact_edges").fetchall()
    assert edge == ("same", f"llm:smollm2:{chosen.template.hash}")
    (joined,) = quote_facts(ledger)
    assert len(joined) == 2
