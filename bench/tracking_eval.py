"""Fact tracking measured: quote pairs, planted conflicts, copies, order, and time at scale.

::

    python bench/tracking_eval.py GENERATED_DIR --work /tmp/tracking [--scale LEDGER.db]
        [--only-scale] [--no-order] [--adjudicate BASE_URL --model M] [--json results.json]

``GENERATED_DIR`` is what ``bench/tracking_generate.py`` wrote (``docs.jsonl``, ``truth.json``).
The documents are extracted with the offline extractor into a new ledger and tracked; then:

- **quote pairs**: every two quote claims from different documents whose quotes are one quote
  (by the generator's truth: the same words, or a part of them, wherever they appear) should
  be in one fact: pairwise precision and recall;
- **planted conflicts**: a conflict is right when one of its claims is in a planted copy, over
  the changed text, and its kind is the change's kind (``date``, ``number``, ``speaker``,
  ``wording``); precision over every conflict the tracker reports, recall over the plants;
- **copies**: conflicts between a seed and its exact or syndicated copies (must be none), and
  whether each seed's family counts as one independent source;
- **order**: the same documents extracted and tracked in the reverse order, and tracked in
  two halves, give the same facts (compared by content: document and place of each claim);
- **a model** (``--adjudicate``): the ambiguous pairs decided by the model behind that URL
  (``claimtrack track --backend openai``), scored the same way;
- **scale** (``--scale``, a ledger like ``bench/ledger_scale.py`` builds, copied first and
  never modified): tracking every claim (against the baseline of reading every claim
  through the ledger's typed reader, in the same run), then adding one document and tracking
  it (against extracting that document), then listing facts (first page, filtered, by
  sources), one fact's page, and conflicts.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from claimtrack.ledger import Ledger
from claimtrack.offline.extractor import OfflineExtractor
from claimtrack.pipeline import extract_documents
from claimtrack.records import Document
from claimtrack.tracking import FactFilter, FactReader, track_claims, track_ledger


def load(folder: Path) -> tuple[list[Document], dict[str, Any]]:
    documents = []
    for line in (folder / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        published = record.get("published")
        documents.append(
            Document(
                text=record["text"],
                source=f"gen/{record['id']}",
                title=record.get("title"),
                url=record.get("url"),
                published=date.fromisoformat(published) if published else None,
            )
        )
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return documents, truth


def build(path: Path, documents: Iterable[Document]) -> float:
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    ledger = Ledger(path)
    try:
        extract_documents(ledger, list(documents), OfflineExtractor())
    finally:
        ledger.close()
    return time.perf_counter() - started


def _pairs(groups: dict[Any, list[tuple[int, str]]]) -> set[tuple[int, int]]:
    """Claim pairs from different documents within each group."""
    found = set()
    for members in groups.values():
        members = sorted(members)
        for i, (a, da) in enumerate(members):
            for b, db in members[i + 1 :]:
                if da != db:
                    found.add((a, b))
    return found


def _rows(path: Path, sql: str, params: Iterable[Any] = ()) -> list[Any]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, list(params)).fetchall()
    finally:
        conn.close()


def evaluate(path: Path, truth: dict[str, Any]) -> dict[str, Any]:
    docs = truth["documents"]
    source_doc = {
        s[4:]: d for s, d in _rows(path, "SELECT source, document_id FROM document_sources")
    }
    ledger_doc = {gen: doc for gen, doc in source_doc.items()}
    gen_of: dict[str, list[str]] = defaultdict(list)
    for gen, doc in ledger_doc.items():
        gen_of[doc].append(gen)
    # quote claims and their truth quote
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for gen, info in docs.items():
        for s, e, q in info["quotes"]:
            spans[ledger_doc[gen]].append((s, e, q))
    quotes = _rows(
        path,
        'SELECT c.id, c.document_id, s.start, s."end", f.fact_id FROM claims c '
        "JOIN spans s ON s.claim_id = c.id AND s.field = 'quote' "
        "JOIN fact_claims f ON f.claim_id = c.id WHERE c.kind = 'quote'",
    )
    by_truth: dict[str, list[tuple[int, str]]] = defaultdict(list)
    by_fact: dict[int, list[tuple[int, str]]] = defaultdict(list)
    mapped = 0
    for claim, doc, start, end, fact in quotes:
        best = None
        for s, e, q in spans.get(doc, []):
            overlap = min(e, end) - max(s, start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, q)
        if best is None:
            continue
        mapped += 1
        by_truth[best[1]].append((claim, doc))
        by_fact[fact].append((claim, doc))
    gold = _pairs(by_truth)
    predicted = _pairs(by_fact)
    right = gold & predicted
    quote = {
        "quote_claims": len(quotes),
        "with_truth": mapped,
        "gold_pairs": len(gold),
        "predicted_pairs": len(predicted),
        "precision": round(len(right) / len(predicted), 4) if predicted else None,
        "recall": round(len(right) / len(gold), 4) if gold else None,
    }
    # planted conflicts
    spans_of: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for claim, start, end in _rows(path, 'SELECT claim_id, start, "end" FROM spans'):
        spans_of[claim].append((start, end))
    claim_doc = dict(_rows(path, "SELECT id, document_id FROM claims"))
    conflicts = _rows(path, "SELECT id, kind, claim_a, claim_b, value_a, value_b FROM conflicts")
    plants = truth["plants"]
    found_plants: set[int] = set()
    good = 0
    wrong: list[Any] = []
    copies_conflicts = 0
    family = {ledger_doc[g]: info["family"] for g, info in docs.items()}
    role = {ledger_doc[g]: info["role"] for g, info in docs.items()}
    for _, kind, a, b, va, vb in conflicts:
        matched = False
        for i, p in enumerate(plants):
            pdoc = ledger_doc[p["document"]]
            for claim in (a, b):
                if claim_doc[claim] != pdoc or kind != p["kind"]:
                    continue
                if any(s < p["end"] and p["start"] < e for s, e in spans_of[claim]):
                    matched = True
                    found_plants.add(i)
        good += matched
        da, db = claim_doc[a], claim_doc[b]
        if family.get(da) == family.get(db) and "planted" not in (role.get(da), role.get(db)):
            copies_conflicts += 1
        if not matched:
            wrong.append((kind, va, vb, sorted(gen_of[da]), sorted(gen_of[db])))
    by_kind = Counter(p["kind"] for p in plants)
    found_kind = Counter(plants[i]["kind"] for i in found_plants)
    planted = {
        "plants": len(plants),
        "conflicts": len(conflicts),
        "right": good,
        "precision": round(good / len(conflicts), 4) if conflicts else None,
        "recall": round(len(found_plants) / len(plants), 4) if plants else None,
        "recall_by_kind": {k: f"{found_kind[k]}/{n}" for k, n in sorted(by_kind.items())},
        "conflicts_between_copies": copies_conflicts,
        "unexplained_examples": wrong[:12],
        "missed_examples": [p for i, p in enumerate(plants) if i not in found_plants][:12],
    }
    # copies: one independent source per seed family
    groups = dict(_rows(path, "SELECT document_id, group_id FROM document_groups"))
    families: dict[str, set[str]] = defaultdict(set)
    for doc, fam in family.items():
        if role.get(doc) in ("seed", "exact", "syndicated", "planted") and doc in groups:
            families[fam].add(groups[doc])
    split = sum(1 for gs in families.values() if len(gs) > 1)
    rereport_groups = Counter(groups.get(d) for d, r in role.items() if r == "rereport")
    copies = {
        "families": len(families),
        "families_split": split,
        "rereports_grouped_with_another": sum(n - 1 for n in rereport_groups.values() if n > 1),
    }
    return {"quote_pairs": quote, "planted": planted, "copies": copies}


def partition(path: Path) -> set[frozenset[tuple[str, int, str]]]:
    rows = _rows(
        path,
        "SELECT f.fact_id, c.document_id, c.evidence_start, c.kind, c.claim FROM fact_claims f "
        "JOIN claims c ON c.id = f.claim_id",
    )
    facts: dict[int, set[tuple[str, int, str]]] = defaultdict(set)
    for fact, doc, start, kind, text in rows:
        facts[fact].add((doc, start, kind + ":" + text))
    return {frozenset(v) for v in facts.values()}


def conflicts_by_content(path: Path) -> set[tuple[str, ...]]:
    rows = _rows(
        path,
        "SELECT x.kind, x.field, ca.document_id, ca.evidence_start, cb.document_id, "
        "cb.evidence_start FROM conflicts x JOIN claims ca ON ca.id = x.claim_a "
        "JOIN claims cb ON cb.id = x.claim_b",
    )
    return {tuple(map(str, r)) for r in rows}


def order_check(work: Path, documents: list[Document], reference: Path) -> dict[str, Any]:
    reverse = work / "reverse.db"
    build(reverse, list(reversed(documents)))
    track_ledger(reverse)
    halves = work / "halves.db"
    build(halves, documents)
    ledger = Ledger(halves)
    try:
        ids = [r[0] for r in ledger.conn.execute("SELECT id FROM claims ORDER BY id DESC")]
        middle = len(ids) // 2
        track_claims(ledger, ids[:middle])
        track_claims(ledger, ids[middle:])
    finally:
        ledger.close()
    again = track_ledger(halves)
    same_facts = partition(reference)
    return {
        "reverse_order_same_facts": partition(reverse) == same_facts,
        "reverse_order_same_conflicts": conflicts_by_content(reverse)
        == conflicts_by_content(reference),
        "two_halves_same_facts": partition(halves) == same_facts,
        "two_halves_same_conflicts": conflicts_by_content(halves)
        == conflicts_by_content(reference),
        "second_run_changes": again.facts_written + again.claims,
    }


def _time(action: Any, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 4)


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its finished worker processes: on a
    shared machine, what a step cost rather than how long it waited."""
    import resource

    own, workers = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def scale(work: Path, source: Path) -> dict[str, Any]:
    target = work / "scale.db"
    for stale in work.glob("scale.db*"):
        stale.unlink()
    shutil.copyfile(source, target)
    claims = _rows(target, "SELECT count(*) FROM claims")[0][0]
    # opening once brings the copy's schema up to date (not part of tracking)
    Ledger(target).close()
    # the baseline, in the same run: reading every claim through the ledger's typed reader,
    # which any tracking of the whole ledger must do at least once
    ledger = Ledger(target)
    try:
        started, cpu = time.perf_counter(), _cpu()
        ids = [r[0] for r in ledger.conn.execute("SELECT id FROM claims ORDER BY id")]
        for at in range(0, len(ids), 2000):
            ledger.claims_by_ids(ids[at : at + 2000])
        read_all = time.perf_counter() - started
        read_all_cpu = _cpu() - cpu
    finally:
        ledger.close()
    started, cpu = time.perf_counter(), _cpu()
    result = track_ledger(target)
    whole = time.perf_counter() - started
    whole_cpu = _cpu() - cpu
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from ledger_scale import synthetic_document

    document = Document(text=synthetic_document(3) + "\nA late addition.", source="late.txt")
    ledger = Ledger(target)
    try:
        before = {r[0] for r in ledger.conn.execute("SELECT id FROM claims")}
        started, cpu = time.perf_counter(), _cpu()
        extract_documents(ledger, [document], OfflineExtractor())
        extract_one = time.perf_counter() - started  # the baseline of adding one document
        extract_one_cpu = _cpu() - cpu
        new = [r[0] for r in ledger.conn.execute("SELECT id FROM claims") if r[0] not in before]
        started, cpu = time.perf_counter(), _cpu()
        one = track_claims(ledger, new)
        one_seconds = time.perf_counter() - started
        one_cpu = _cpu() - cpu
        one_result = one.as_dict()
    finally:
        ledger.close()
    with FactReader.open(target) as reader:
        biggest = reader.conn.execute(
            "SELECT id FROM facts ORDER BY claim_count DESC LIMIT 1"
        ).fetchone()[0]
        listing = {
            "first_page": _time(lambda: reader.page(limit=50)),
            "by_sources": _time(lambda: reader.page(limit=50, order="sources")),
            "quotes_with_conflicts": _time(
                lambda: reader.page(FactFilter(kind="quote", conflicts=True), limit=50)
            ),
            "search": _time(lambda: reader.page(FactFilter(search="agreement"), limit=50)),
            "fact_page_biggest": _time(lambda: reader.fact(biggest)),
            "fact_page_biggest_first_50": _time(lambda: reader.fact(biggest, limit=50)),
            "conflicts_page": _time(lambda: reader.conflicts(kind="date", limit=50)),
        }
        facts = reader.count()
    return {
        "claims": claims,
        "facts": facts,
        "baseline_read_all_claims_seconds": round(read_all, 2),
        "track_all_seconds": round(whole, 2),
        "track_all_vs_baseline": round(whole / read_all, 2),
        "baseline_read_all_claims_cpu_seconds": round(read_all_cpu, 2),
        "track_all_cpu_seconds": round(whole_cpu, 2),
        "track_all_cpu_vs_baseline": round(whole_cpu / read_all_cpu, 2),
        "track_all": result.as_dict(),
        "add_one_document_claims": len(new),
        "baseline_extract_one_document_seconds": round(extract_one, 3),
        "add_one_document_seconds": round(one_seconds, 3),
        "add_one_document_vs_baseline": round(one_seconds / extract_one, 2),
        "baseline_extract_one_document_cpu_seconds": round(extract_one_cpu, 3),
        "add_one_document_cpu_seconds": round(one_cpu, 3),
        "add_one_document_cpu_vs_baseline": round(one_cpu / extract_one_cpu, 2),
        "add_one_document": one_result,
        "listing_seconds": listing,
    }


def _adjudicator(path: Path, args: argparse.Namespace) -> Any:
    """With ``--adjudicate``: the model the ambiguous pairs are put to (answers kept in the
    ledger's ``llm_calls``)."""
    if not args.adjudicate:
        return None
    from claimtrack.ledger.store import CallLog
    from claimtrack.llm import LLMClient, LLMSettings
    from claimtrack.tracking.adjudicate import llm_adjudicator

    settings = LLMSettings(
        model=args.model, base_url=args.adjudicate, timeout=300.0, max_tokens=64, max_reasks=1
    )
    return llm_adjudicator(LLMClient(settings, "no-key"), CallLog(path, None).lookup)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("generated", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--scale", type=Path, help="a ledger to copy and track at scale")
    parser.add_argument("--no-order", action="store_true", help="skip the order check")
    parser.add_argument(
        "--only-scale", action="store_true", help="only the --scale measures (GENERATED unread)"
    )
    parser.add_argument(
        "--adjudicate",
        metavar="BASE_URL",
        help="a model behind this OpenAI-compatible URL decides the ambiguous pairs",
    )
    parser.add_argument("--model", default="smollm2", help="the model, with --adjudicate")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.only_scale and args.scale:
        text = json.dumps({"scale": scale(args.work, args.scale)}, indent=1, default=str)
        print(text)
        if args.json:
            args.json.write_text(text, encoding="utf-8")
        return
    documents, truth = load(args.generated)
    path = args.work / "eval.db"
    results: dict[str, Any] = {"documents": len(documents)}
    results["extract_seconds"] = round(build(path, documents), 2)
    started = time.perf_counter()
    results["track"] = track_ledger(path, adjudicator=_adjudicator(path, args)).as_dict()
    results["track_seconds"] = round(time.perf_counter() - started, 2)
    results.update(evaluate(path, truth))
    if not args.no_order:
        results["order"] = order_check(args.work, documents, path)
    if args.scale:
        results["scale"] = scale(args.work, args.scale)
    text = json.dumps(results, indent=1, ensure_ascii=False, default=str)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
