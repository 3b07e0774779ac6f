"""Precision of the offline judge on supported and refuted, and how often it says
not_enough_info, on a dev set with planted changes.

    python bench/verify_devset.py [--seed 1] [--json]

The dev set is generated, not collected (so nothing here is anyone else's text but the three
public-domain State of the Union addresses in bench/grounding/corpus/):

- the **reference**: each address as a transcript, its sentences in paragraphs of three, most
  paragraphs opening with the speaker's label ("PRESIDENT OBAMA: …"), a quarter left unlabelled
  (a turn's continuation), and for some quotes a reporter's paragraph that repeats the words in
  quotation marks (a distractor: the words are not the reporter's);
- the **reports**: news paragraphs written from sampled sentences — ``President X said, “…”``
  with a stretch of 8–16 of the sentence's words, and dated sentences restated — each one of:
  the words as spoken (gold ``supported``); the words given to another president, a number in
  them changed, or "not" slipped in (``refuted``); a date moved (``refuted``); or a date kept
  (``supported``); plus quotes from the seed article, which no reference holds
  (``not_enough_info``).

The reports go through the real pipeline — offline extraction, ``evidence add``, ``verify`` —
and each claim is scored against the gold of the paragraph it came from (quotes in quote
paragraphs, dates in date paragraphs). Figures: precision of ``supported`` and of
``refuted``, the share of every claim judged ``not_enough_info``, and recall per gold label.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimtrack.dates import find_dates  # noqa: E402
from claimtrack.ledger import Ledger  # noqa: E402
from claimtrack.offline.extractor import OfflineExtractor  # noqa: E402
from claimtrack.pipeline import extract_documents  # noqa: E402
from claimtrack.records import Document  # noqa: E402
from claimtrack.segment import sentences  # noqa: E402
from claimtrack.verify.offline import OfflineJudge  # noqa: E402
from claimtrack.verify.run import verify_claims  # noqa: E402
from claimtrack.verify.store import add_evidence  # noqa: E402
from claimtrack.verify.types import JudgeIdentity, Judgement  # noqa: E402

CORPUS = ROOT / "bench" / "grounding" / "corpus"
SPEECHES = {
    "sotu_2014_barack_obama_d.txt": ("Barack Obama", "PRESIDENT OBAMA", 2014),
    "sotu_2019_donald_j_trump_r.txt": ("Donald Trump", "PRESIDENT TRUMP", 2019),
    "sotu_2021_joseph_r_biden_d.txt": ("Joe Biden", "PRESIDENT BIDEN", 2021),
}
SEED = ROOT / "seeds" / "time-2023-03-east-asia-geopolitics.txt"
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_NEGATABLE = re.compile(r"\b(will|is|are|can|must|should|would|have|has)\b")


def _window(rng: random.Random, words: list[str]) -> list[str]:
    size = min(len(words), rng.randint(8, 16))
    start = rng.randint(0, len(words) - size)
    return words[start : start + size]


def _clean(text: str) -> str:
    return " ".join(text.replace("\u201c", "").replace("\u201d", "").replace('"', "").split())


MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _random_date(rng: random.Random, year: int) -> tuple[int, int, int]:
    return (year - rng.randint(0, 3), rng.randint(1, 12), rng.randint(1, 28))


def _written(rng: random.Random, when: tuple[int, int, int]) -> str:
    year, month, day = when
    if rng.random() < 0.5:
        return f"{MONTHS[month - 1]} {day}, {year}"
    return f"{day} {MONTHS[month - 1]} {year}"


def _moved(rng: random.Random, when: tuple[int, int, int]) -> tuple[int, int, int]:
    """The same date with its day, month or year changed."""
    year, month, day = when
    part = rng.choice(["day", "month", "year"])
    if part == "day":
        return (year, month, day % 28 + rng.randint(1, 5) if day <= 23 else day - 7)
    if part == "month":
        return (year, month % 12 + 1, day)
    return (year + rng.choice([-2, -1, 1]), month, day)


def build(
    seed: int,
) -> tuple[list[Document], list[Document], dict[tuple[str, int], dict[str, str]]]:
    """The reference transcripts, the reports, and the gold of each report paragraph:
    ``(report source, paragraph number) -> {kind: label}``."""
    rng = random.Random(seed)
    references: list[Document] = []
    reports: list[Document] = []
    gold: dict[tuple[str, int], dict[str, str]] = {}
    names = [v[0] for v in SPEECHES.values()]
    for filename, (name, label, year) in SPEECHES.items():
        text = (CORPUS / filename).read_text(encoding="utf-8")
        said = [_clean(s.text(text)) for s in sentences(text)]
        said = [s for s in said if len(s.split()) >= 10]
        paragraphs: list[str] = []
        echoes: list[str] = []
        report: list[tuple[str, dict[str, str]]] = []
        withheld: list[str] = []  # sentences the transcript leaves out: nothing can check them
        kept: list[str] = []
        for i in range(0, len(said), 3):
            group = said[i : i + 3]
            if rng.random() < 0.1:
                withheld += group
                continue
            kept += group
            body = " ".join(group)
            paragraphs.append(body if rng.random() < 0.25 else f"{label}: {body}")
        for sentence in rng.sample(withheld, min(len(withheld), 12)):
            quoted = " ".join(_window(rng, sentence.rstrip(".?!").split()))
            report.append(
                (f"President {name} said, \u201c{quoted}.\u201d", {"quote": "not_enough_info"})
            )
        chosen = rng.sample(kept, min(len(kept), 70))
        for number, sentence in enumerate(chosen):
            words = sentence.rstrip(".?!").split()
            piece = _window(rng, words)
            quoted = " ".join(piece)
            roll = number % 7
            speaker = name
            truth = "supported"
            if roll == 1:  # another president's words
                speaker = rng.choice([n for n in names if n != name])
                truth = "refuted"
            elif roll == 2 and _NUMBER.search(quoted):
                found = _NUMBER.search(quoted)
                assert found is not None
                digits = re.sub(r"\D", "", found.group()) or "0"
                changed = str(int(digits) + rng.randint(2, 9))
                quoted = quoted[: found.start()] + changed + quoted[found.end() :]
                truth = "refuted"
            elif roll == 3 and _NEGATABLE.search(quoted):
                found = _NEGATABLE.search(quoted)
                assert found is not None
                quoted = quoted[: found.end()] + " not" + quoted[found.end() :]
                truth = "refuted"
            elif roll == 4 and truth == "supported":
                echoes.append(f"REPORTER: Mr. President, you said \u201c{quoted}.\u201d Why?")
            report.append((f"President {speaker} said, \u201c{quoted}.\u201d", {"quote": truth}))
        # Sentences with no date of their own: the planted date is then the only one, and the
        # gold (the planted date kept or moved) is the truth about the claim extracted.
        undated = [t for t in kept if not find_dates(t)]
        for number, sentence in enumerate(rng.sample(undated, min(len(undated), 30))):
            event = " ".join(sentence.rstrip(".?!").split()[:16])
            event = event[0].lower() + event[1:]
            when = _random_date(rng, year)
            written = _written(rng, when)
            paragraphs.append(f"{label}: On {written}, {event}.")
            truth = "supported"
            if number % 2 == 1:
                when = _moved(rng, when)
                truth = "refuted"
            report.append((f"On {_written(rng, when)}, {event}.", {"date": truth}))
        rng.shuffle(report)
        paragraphs += echoes
        references.append(
            Document(
                "\n\n".join(paragraphs) + "\n",
                f"transcript-{year}.txt",
                published=None,
            )
        )
        source = f"report-{year}.txt"
        for index, (_, labels) in enumerate(report):
            gold[(source, index)] = labels
        reports.append(Document("\n\n".join(p for p, _ in report) + "\n", source))
    seed_quotes = [
        c
        for c in OfflineExtractor().extract(Document(SEED.read_text(encoding="utf-8"), "seed"))
        if c.kind == "quote"
    ]
    lines = []
    for index, claim in enumerate(seed_quotes):
        fields = claim.fields()
        lines.append(f"{fields['speaker'] or 'An official'} said, \u201c{fields['quote']}\u201d")
        gold[("report-unrelated.txt", index)] = {"quote": "not_enough_info"}
    reports.append(Document("\n\n".join(lines) + "\n", "report-unrelated.txt"))
    return references, reports, gold


class WordsOnlyJudge:
    """The baseline, measured in the same run: a quote is supported when its words are in a
    reference passage (whoever says them there), refuted when a close copy is; a dated event
    supported when a sentence sharing most of its words holds its date, refuted when it holds
    another. What the offline judge adds is the typed comparison: speakers, labels, quotation
    marks, sentences with two dates."""

    identity = JudgeIdentity("baseline", "words-only", "none", "0")

    def judge(self, stored: Any, passages: Any, texts: Any) -> Judgement:
        from claimtrack.grounding import ground
        from claimtrack.verify.offline import _content, date_relation

        claim = stored.claim
        for passage in (p for p in passages if p.reference):
            if claim.kind == "quote":
                found = ground(passage.text, claim.quote)
                if found is not None and found.method != "fuzzy":
                    return Judgement("supported", "words found")
                if found is not None and found.discrepancies:
                    return Judgement("refuted", "close copy")
            if claim.kind == "date" and claim.date_value and passage.unit == "sentence":
                event, words = _content(claim.event), _content(passage.text)
                if len(event & words) >= 0.6 * min(len(event), len(words)) and event & words:
                    for mention in find_dates(passage.text):
                        relation = date_relation(mention.value, claim.date_value)
                        if relation == "same":
                            return Judgement("supported", "same date")
                        if relation == "differs":
                            return Judgement("refuted", "another date")
        return Judgement("not_enough_info", "nothing")


def paragraph_of(text: str, start: int) -> int:
    return text.count("\n\n", 0, start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top-k", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    references, reports, gold = build(args.seed)
    result = {
        "offline judge": measure(references, reports, gold, OfflineJudge(), args.top_k),
        "baseline (words only)": measure(references, reports, gold, WordsOnlyJudge(), args.top_k),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for name, figures in result.items():
        print(f"== {name}")
        for key, value in figures.items():
            print(f"{key:28} {value}")


def measure(
    references: list[Document],
    reports: list[Document],
    gold: dict[tuple[str, int], dict[str, str]],
    judge: Any,
    top_k: int,
) -> dict[str, object]:
    """Extract the reports, add the references, verify every claim with ``judge``; score."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        ledger = Ledger(Path(folder) / "dev.db")
        extract_documents(ledger, reports, OfflineExtractor())
        for reference in references:
            add_evidence(ledger, reference, "transcript")
        verified = time.perf_counter()
        verify_claims(ledger, ledger.iter_claims(), judge, top_k=top_k)
        seconds = time.perf_counter() - verified
        texts = {d.id: d for d in reports}
        pairs: list[tuple[str, str, str]] = []  # kind, gold, verdict
        every: Counter[str | None] = Counter()
        for claim in ledger.iter_claims():
            every[claim.verdict] += 1
            document = texts[claim.document_id]
            where = (document.source, paragraph_of(document.text, claim.claim.evidence.start))
            labels = gold.get(where, {})
            if claim.kind in labels:
                pairs.append((claim.kind, labels[claim.kind], str(claim.verdict)))
        ledger.close()
    result: dict[str, object] = {
        "claims": sum(every.values()),
        "scored_claims": len(pairs),
        "verdicts_all_claims": {str(k): v for k, v in sorted(every.items(), key=str)},
        "not_enough_info_share": round(every["not_enough_info"] / max(1, sum(every.values())), 3),
        "seconds_verify": round(seconds, 2),
        "seconds_total": round(time.perf_counter() - started, 2),
    }
    for label in ("supported", "refuted"):
        said = [p for p in pairs if p[2] == label]
        right = [p for p in said if p[1] == label]
        result[f"precision_{label}"] = round(len(right) / len(said), 3) if said else None
        result[f"said_{label}"] = len(said)
    for label in ("supported", "refuted", "not_enough_info"):
        truth = [p for p in pairs if p[1] == label]
        result[f"recall_{label}"] = (
            round(sum(p[2] == label for p in truth) / len(truth), 3) if truth else None
        )
        result[f"gold_{label}"] = len(truth)
    for kind in ("quote", "date"):
        result[f"confusion_{kind}"] = {
            f"{g}->{v}": n for (k, g, v), n in sorted(Counter(pairs).items()) if k == kind
        }
    return result


if __name__ == "__main__":
    main()
