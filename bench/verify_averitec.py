"""Label accuracy of the model judge on AVeriTeC's dev set, with its gold evidence, and the
share of the excerpts it cites that ground in that evidence.

    python bench/verify_averitec.py PATH/TO/averitec/dev.json [--limit 50] [--offset 0]
        [--model M] [--top-k 8] [--json]

AVeriTeC (Schlichtkrull et al., 2023; github.com/MichSchli/AVeriTeC, data/dev.json) is licensed
CC BY-NC 4.0: its texts are read from the path given and never committed here. Each claim
becomes a one-sentence document and a statement claim; its gold evidence (question–answer
pairs) becomes its own evidence source ("Q: … A: …" paragraphs), and the judge is shown that
source's passages, best first by BM25 on the claim (AVeriTeC's gold-evidence setting). Labels
map Supported → supported, Refuted → refuted, Not Enough Evidence → not_enough_info,
Conflicting Evidence/Cherrypicking → conflicting.

The model judge runs against ``OPENAI_BASE_URL`` (or OpenAI with ``OPENAI_API_KEY``) with
``--model``; with ``--backend offline`` the offline judge (it judges quotes and dates only, so
it says not_enough_info here). The baseline in the same run is the majority label of the
claims measured. Calls are kept in a ledger beside the output (``--ledger``), so a second run
with the same model pays for nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimtrack.ledger import Ledger  # noqa: E402
from claimtrack.records import Document, Extractor, Span, StatementClaim  # noqa: E402
from claimtrack.verify.store import SourceTexts, add_evidence  # noqa: E402
from claimtrack.verify.types import Passage  # noqa: E402

LABELS = {
    "Supported": "supported",
    "Refuted": "refuted",
    "Not Enough Evidence": "not_enough_info",
    "Conflicting Evidence/Cherrypicking": "conflicting",
}
BENCH = Extractor("bench", "averitec-dev", "gold", "0")


def evidence_text(item: dict[str, Any]) -> str:
    """The claim's gold evidence as paragraphs: a question and its answers."""
    paragraphs = []
    for question in item.get("questions") or []:
        answers = [
            " ".join(str(a.get("answer") or "").split())
            + (f" ({a['boolean_explanation']})" if a.get("boolean_explanation") else "")
            for a in question.get("answers") or []
        ]
        answers = [a for a in answers if a.strip()]
        if answers:
            paragraphs.append(
                f"Q: {' '.join(question['question'].split())}\nA: " + " ".join(answers)
            )
    return "\n\n".join(paragraphs) + "\n"


def load(ledger: Ledger, items: list[tuple[int, dict[str, Any]]]) -> dict[int, tuple[int, str]]:
    """Each claim stored (document + statement claim) and its evidence added: claim id → (dev
    index, evidence source id)."""
    run = ledger.start_run(BENCH)
    found: dict[int, tuple[int, str]] = {}
    for index, item in items:
        text = " ".join(item["claim"].split())
        document = Document(text, f"averitec-dev-{index}")
        claim = StatementClaim(
            claim=text, confidence=1.0, spans={"evidence": Span.of(text, 0, len(text))}
        )
        ledger.add_claims(document, run, BENCH, [claim])
        source = add_evidence(
            ledger, Document(evidence_text(item), f"averitec-dev-{index}-evidence"), "gold evidence"
        )
        claim_id = ledger.conn.execute(
            "SELECT id FROM claims WHERE document_id = ?", [document.id]
        ).fetchone()[0]
        found[int(claim_id)] = (index, source.id)
    return found


def passages_for(ledger: Ledger, claim: Any, source_id: str, top_k: int) -> list[Passage]:
    """The claim's own evidence passages, best first by BM25 on its words (then in order)."""
    from claimtrack.verify.retrieve import _match, query_terms

    rows = ledger.conn.execute(
        'SELECT p.id, p.unit, p.start, p."end", p.text, coalesce((SELECT bm25(passages_fts) '
        "FROM passages_fts WHERE passages_fts MATCH ? AND rowid = p.id), 0) AS rank "
        "FROM passages p WHERE p.origin = 'evidence' AND p.source_id = ? AND p.unit = 'paragraph' "
        "ORDER BY rank, p.start",
        [_match(query_terms(claim)), source_id],
    ).fetchall()
    if not rows:  # a one-sentence paragraph is indexed as its sentence
        rows = ledger.conn.execute(
            'SELECT p.id, p.unit, p.start, p."end", p.text, 0 FROM passages p '
            "WHERE p.origin = 'evidence' AND p.source_id = ? ORDER BY p.start",
            [source_id],
        ).fetchall()
    covered: list[tuple[int, int]] = []
    chosen = []
    for row in rows:
        chosen.append(
            Passage(
                row[0],
                "evidence",
                source_id,
                row[1],
                row[2],
                row[3],
                row[4],
                -row[5],
                "gold evidence",
            )
        )
        covered.append((row[2], row[3]))
    # sentences not inside a chosen paragraph (paragraphs of one sentence)
    for row in ledger.conn.execute(
        'SELECT p.id, p.unit, p.start, p."end", p.text FROM passages p '
        "WHERE p.origin = 'evidence' AND p.source_id = ? AND p.unit = 'sentence' ORDER BY p.start",
        [source_id],
    ):
        if not any(s <= row[2] and row[3] <= e for s, e in covered):
            chosen.append(
                Passage(
                    row[0],
                    "evidence",
                    source_id,
                    row[1],
                    row[2],
                    row[3],
                    row[4],
                    0.0,
                    "gold evidence",
                )
            )
            covered.append((row[2], row[3]))
    return chosen[:top_k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", type=Path)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--backend", choices=["openai", "offline"], default="openai")
    parser.add_argument("--model", default=None)
    parser.add_argument("--top-k", type=int, default=8)
    parser.add_argument("--max-tokens", type=int, default=400)
    parser.add_argument("--ledger", type=Path, default=Path("averitec-bench.db"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from claimtrack.llm.settings import LLMSettings
    from claimtrack.verify.llm import LLMJudge
    from claimtrack.verify.offline import OfflineJudge

    data = json.loads(args.dev.read_text(encoding="utf-8"))
    items = list(enumerate(data))[args.offset : args.offset + args.limit]
    ledger = Ledger(args.ledger)
    claims = load(ledger, items)
    judge: Any
    if args.backend == "offline":
        judge = OfflineJudge()
    else:
        settings = LLMSettings.from_environment(
            args.model,
            prompt="judge-claim",
            max_tokens=args.max_tokens,
            timeout=600.0,
            max_reasks=1,
        )
        judge = LLMJudge.for_ledger(settings, ledger)
    texts = SourceTexts(ledger)
    pairs: list[tuple[str, str]] = []
    cited = dropped = failed = prompt_tokens = completion_tokens = 0
    cost = 0.0
    started = time.perf_counter()
    for stored in ledger.claims_by_ids(sorted(claims)):
        index, source_id = claims[stored.id]
        passages = passages_for(ledger, stored, source_id, args.top_k)
        try:
            judgement = judge.judge(stored, passages, texts)
        except Exception as error:  # a failed call: counted, the run goes on
            failed += 1
            print(f"claim {index}: {error}", file=sys.stderr)
            continue
        pairs.append((LABELS[data[index]["label"]], judgement.verdict))
        cited += len(judgement.evidence)
        dropped += len(judgement.dropped)
        prompt_tokens += judgement.prompt_tokens
        completion_tokens += judgement.completion_tokens
        cost += judgement.cost_usd
    seconds = time.perf_counter() - started
    ledger.close()
    gold = Counter(g for g, _ in pairs)
    majority = gold.most_common(1)[0][0] if gold else None
    n = max(1, len(pairs))
    result = {
        "judge": judge.identity.key,
        "claims": len(pairs),
        "failed_calls": failed,
        "label_accuracy": round(sum(g == v for g, v in pairs) / n, 3),
        "baseline_majority_label": majority,
        "baseline_accuracy": round(gold[majority] / n, 3) if majority else None,
        "verdicts": dict(Counter(v for _, v in pairs)),
        "gold": dict(gold),
        "excerpts_cited": cited + dropped,
        "excerpts_grounded": cited,
        "grounded_share": round(cited / (cited + dropped), 3) if cited + dropped else None,
        "tokens_per_claim": round((prompt_tokens + completion_tokens) / n, 1),
        "cost_per_claim_usd": round(cost / n, 6),
        "seconds_per_claim": round(seconds / n, 2),
        "confusion": {f"{g}->{v}": c for (g, v), c in sorted(Counter(pairs).items())},
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        print(f"{key:26} {value}")


if __name__ == "__main__":
    main()
