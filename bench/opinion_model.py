"""Train and measure the statement model (claimtrack/offline/opinion_model.py) on the labels.

    python bench/opinion_model.py --polnear PATH/TO/PolNeAR/data --tempeval PATH/TO/TempEval3
    python bench/opinion_model.py ... --held-out held_out_7     # trained and tuned without it
    python bench/opinion_model.py ... --extra more_labels.json   # more labelled items
    python bench/opinion_model.py ... --write                   # the shipped weights
    python bench/opinion_model.py ... --threshold 0.6 --weak-threshold 0.8 --write

Each labelled statement of ``bench/data/statements_opinions.json`` (and of ``--extra`` files
in the same item format) is found in its document as the statement gate sees it: the offline
extractor runs with the gate's three checks switched off (the judging words, the hard anchor,
this model), and a labelled sentence that no statement candidate covers is lost whatever the
checks say. The rules' answer is the gate's first two checks; the model is a logistic
regression on ``opinion_model.features`` (plain lower-case words only when at least
``--min-count`` training candidates use them), L2-penalised (``--lam``), fitted by coordinate
descent in plain Python: the same labels give the same weights. A candidate is kept when the
rules keep it and the model's probability is at least the threshold, or at least
``--weak-threshold`` when its only anchor is weak (``anchors.anchor_strength``: a common noun's
past or perfect act).

What it prints, for rules alone and rules with the model:

- **leave one sample out**: each sample scored by a model trained on every other one, the
  threshold chosen on those other samples' own leave-one-out scores (the highest pooled
  precision at pooled recall >= ``--recall``);
- with ``--held-out S``: S is left out of everything (training, the threshold) and measured
  with the model of all the others.

``--write`` fits on every sample (``--held-out`` excepted) and writes the weights, the
vocabulary and the threshold chosen by leave one out to ``claimtrack/data/opinion_model.json``,
with the samples it was trained on (``trained_on``). A sample that is to stay unseen must be
named with ``--held-out``, whatever the file's own ``held_out`` list says; a held-out sample
whose documents are in a corpus part not given (the AllSides held-out part) is left out. The
shipped weights were written from all the file's samples but ``held_out_10``-``12`` and
``held_out_23``-``26`` (round 15: ``tuned_as1``-``7`` and ``held_out_13``-``22`` included),
refit on the candidates of the code they ship with, each with its document
(``opinion_model.features(body, text, start)``; the lexicon of opinion writing,
``claimtrack/data/opinion_lexicon.json``, built first by ``bench/opinion_lexicon.py``)::

    python bench/opinion_model.py --polnear P --tempeval T --meantime M --wikinews W \
        --allsides as-dev-0-300.jsonl --allsides as-dev-300-600.jsonl \
        --allsides as-dev-600-900.jsonl --allsides as-dev-900-1200.jsonl \
        --allsides as-dev-1200-1500.jsonl --allsides as-dev-1500-1800.jsonl \
        --allsides as-dev-1800-2100.jsonl \
        --allsides as-ho-100-200.jsonl --allsides as-ho-300-400.jsonl \
        --allsides as-ho-540-640.jsonl --allsides as-ho-640-740.jsonl \
        --allsides as-ho-740-840.jsonl --allsides as-ho-840-940.jsonl \
        --allsides as-ho-940-1040.jsonl --allsides as-ho-1040-1140.jsonl \
        --allsides as-ho-1140-1240.jsonl --allsides as-ho-1240-1340.jsonl \
        --held-out held_out_10 --held-out held_out_11 --held-out held_out_12 \
        --held-out held_out_23 --held-out held_out_24 --held-out held_out_25 \
        --held-out held_out_26 --threshold 0.55 --weak-threshold 0.8 --write

``as-dev-A-B.jsonl`` written by ``bench/allsides_articles.py --part dev --skip A --n 300``,
``as-ho-A-B.jsonl`` by ``--part held-out --skip A --n 100`` (the articles of ``held_out_13``
to ``_22``; ``held_out_23``-``_26``, articles 1341-1740, measured the round they were labelled
for, are named held out and their articles not given); the two thresholds by bench/README.md
"Statements, round 13"'s declared rule, kept by rounds 14 and 15.
The texts are read from your copies of the corpora; nothing of them is committed.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import statements_devset as devset  # noqa: E402

from claimtrack.offline.anchors import anchor_strength  # noqa: E402
from claimtrack.offline.extractor import OfflineExtractor  # noqa: E402
from claimtrack.offline.opinion_model import (  # noqa: E402
    WEIGHTS_FILE,
    coordinated_clauses,
    features,
)
from claimtrack.offline.opinions import is_unanchored_judgement  # noqa: E402


def candidates(
    items: list[dict],
    polnear: Path | None,
    tempeval: Path | None,
    meantime: Path | None = None,
    wikinews: Path | None = None,
    allsides: list[Path] | None = None,
    absent_ok: frozenset[str] = frozenset(),
) -> list[dict]:
    """Each item with ``body`` (the candidate covering it, else its own text) and ``reached``;
    an item of a sample in ``absent_ok`` whose document is not given is left out."""
    extractor = OfflineExtractor()
    wanted: dict[str, set[str]] = defaultdict(set)
    for item in items:
        wanted[item["corpus"]].add(item["document"])
    found = {}
    with devset.ungated():
        for corpus, names in sorted(wanted.items()):
            for name, text, day in devset.corpus_documents(
                corpus, polnear, tempeval, meantime, wikinews, allsides
            ):
                if name in names:
                    found[(corpus, name)] = (text, devset.statements(extractor, text, name, day))
    out = []
    for item in items:
        if (item["corpus"], item["document"]) not in found:
            if item["sample"] in absent_ok:
                continue  # a held-out sample of a corpus part not built here: not measured
            sys.exit(
                f"{item['sample']}: document {item['document']!r} of {item['corpus']} not found:"
                " give its corpus (--allsides FILE ...) or name the sample with --held-out"
            )
        text, spans = found[(item["corpus"], item["document"])]
        hit = [s for s in spans if devset.made(item, [s])]
        body = text[hit[0][0] : hit[0][1]] if hit else text[item["start"] : item["end"]]
        strength = anchor_strength(body)
        out.append(
            dict(
                item,
                body=body,
                reached=bool(hit),
                rules=bool(hit) and strength is not None and not is_unanchored_judgement(body),
                weak=strength == "weak",
                signs=features(body, text, hit[0][0] if hit else item["start"]),
                clauses=[
                    features(clause, text, hit[0][0] if hit else item["start"])
                    for clause in coordinated_clauses(body)
                ],
            )
        )
    return out


def fit(items: list[dict], lam: float, min_count: int) -> tuple[float, dict[str, float]]:
    """(bias, weights) of an L2-penalised logistic regression on the reached items, fitted by
    cyclic coordinate descent (a Newton step per weight) until no weight moves by 1e-7."""
    rows = [i for i in items if i["reached"]]
    counts = Counter(name for row in rows for name, _ in row["signs"] if name.startswith("word:"))
    columns: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for n, row in enumerate(rows):
        for name, value in row["signs"]:
            if not name.startswith("word:") or counts[name] >= min_count:
                columns[name].append((n, value))
    names = sorted(columns)
    labels = [1.0 if row["label"] == "checkable" else 0.0 for row in rows]
    weights = dict.fromkeys(names, 0.0)
    bias = 0.0
    margins = [0.0] * len(rows)
    for _ in range(500):
        largest = 0.0
        for name in [None, *names]:
            cells = [(n, 1.0) for n in range(len(rows))] if name is None else columns[name]
            penalty = 0.0 if name is None else lam
            current = bias if name is None else weights[name]
            gradient, curvature = penalty * current, penalty
            for n, value in cells:
                p = 1.0 / (1.0 + math.exp(-margins[n]))
                gradient += (p - labels[n]) * value
                curvature += p * (1.0 - p) * value * value
            step = -gradient / curvature if curvature > 0 else 0.0
            if name is None:
                bias += step
            else:
                weights[name] += step
            for n, value in cells:
                margins[n] += step * value
            largest = max(largest, abs(step))
        if largest < 1e-7:
            break
    return bias, weights


def probability(bias: float, weights: dict[str, float], item: dict) -> float:
    total = bias
    for name, value in item["signs"]:
        weight = weights.get(name)
        if weight is not None:
            total += weight * value
    return 1.0 / (1.0 + math.exp(-total))


def score(bias: float, weights: dict[str, float], item: dict) -> float:
    """The model's answer for a candidate: its probability, or the higher of its two equal
    main clauses' when it has them (``opinion_model.coordinated_clauses``), as the extractor
    reads it."""
    found = probability(bias, weights, item)
    for signs in item.get("clauses", ()):
        found = max(found, probability(bias, weights, {"signs": signs}))
    return found


def measure(items: list[dict], keep) -> tuple[float, float, int, int]:
    """(precision, recall, opinions kept, checkable lost)."""
    kept = [i for i in items if i["reached"] and keep(i)]
    right = sum(i["label"] == "checkable" for i in kept)
    checkable = sum(i["label"] == "checkable" for i in items)
    precision = right / len(kept) if kept else 0.0
    return precision, right / checkable if checkable else 0.0, len(kept) - right, checkable - right


def threshold(items: list[dict], recall: float) -> float:
    """The threshold of the highest precision with recall >= ``recall`` (rules and model)."""
    best = (-1.0, 0.0)
    for step in range(20, 96):
        t = step / 100
        precision, got, _, _ = measure(items, lambda i, t=t: i["rules"] and i["score"] >= t)
        if got >= recall and precision > best[0]:
            best = (precision, t)
    return best[1]


def leave_one_out(items: list[dict], lam: float, min_count: int) -> None:
    """Sets each item's ``score`` from a model trained on every other sample."""
    for sample in sorted({i["sample"] for i in items}):
        bias, weights = fit([i for i in items if i["sample"] != sample], lam, min_count)
        for item in items:
            if item["sample"] == sample:
                item["score"] = score(bias, weights, item)


def row(name: str, items: list[dict], t: float, weak: float) -> str:
    rules = measure(items, lambda i: i["rules"])
    model = measure(items, lambda i: i["rules"] and i["score"] >= (weak if i["weak"] else t))
    return (
        f"{name:<26} {len(items):>5}  {rules[0]:.3f} / {rules[1]:.3f} "
        f"({rules[2]:>2}, {rules[3]:>2})   {model[0]:.3f} / {model[1]:.3f} "
        f"({model[2]:>2}, {model[3]:>2})"
    )


def add_label_arguments(parser: argparse.ArgumentParser) -> None:
    """The labels, the corpora they are read in, the samples kept out and the model's penalty:
    the options of this script that ``bench/opinion_ceiling.py`` shares."""
    parser.add_argument("--polnear", type=Path, help="PolNeAR's data folder (train, dev)")
    parser.add_argument("--tempeval", type=Path, help="TempEval-3's folder (Evaluation, ...)")
    parser.add_argument("--meantime", type=Path, help="MEANTIME's English folder (held_out_11)")
    parser.add_argument("--wikinews", type=Path, help="bench/wikinews_articles.py's JSONL")
    parser.add_argument(
        "--allsides", type=Path, action="append", help="a JSONL of bench/allsides_articles.py"
    )
    parser.add_argument("--annotations", type=Path, default=devset.ANNOTATIONS)
    parser.add_argument("--extra", type=Path, action="append", default=[], help="more items")
    parser.add_argument("--held-out", action="append", default=[], help="a sample kept out")
    parser.add_argument("--lam", type=float, default=3.0, help="L2 penalty")
    parser.add_argument("--min-count", type=int, default=5, help="a word's training candidates")


def labelled_candidates(args: argparse.Namespace) -> list[dict]:
    """The labelled items of ``--annotations`` and ``--extra`` as candidates (``candidates``),
    read in the corpora given; PolNeAR's test split is refused."""
    if args.polnear is not None and (args.polnear / "test").resolve() == args.polnear.resolve():
        sys.exit("PolNeAR's test split is held out: give the data folder, it is never read")
    items = json.loads(args.annotations.read_text(encoding="utf-8"))["items"]
    for extra in args.extra:
        loaded = json.loads(extra.read_text(encoding="utf-8"))
        items += loaded["items"] if isinstance(loaded, dict) else loaded
    return candidates(
        items,
        args.polnear,
        args.tempeval,
        args.meantime,
        args.wikinews,
        args.allsides,
        absent_ok=frozenset(args.held_out),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_label_arguments(parser)
    parser.add_argument("--recall", type=float, default=0.91, help="recall the threshold keeps")
    parser.add_argument("--threshold", type=float, help="the threshold, not chosen by --recall")
    parser.add_argument(
        "--weak-threshold", type=float, help="the threshold of a weakly anchored candidate"
    )
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS_FILE.name}")
    args = parser.parse_args()
    items = labelled_candidates(args)
    tuned = [i for i in items if i["sample"] not in args.held_out]
    leave_one_out(tuned, args.lam, args.min_count)
    t = threshold(tuned, args.recall) if args.threshold is None else args.threshold
    weak = t if args.weak_threshold is None else args.weak_threshold
    how = f"leave one sample out, recall >= {args.recall}" if args.threshold is None else "given"
    print(f"threshold {t:.2f} ({how}), {weak:.2f} for a weakly anchored candidate")
    print(f"{'sample':<26} {'items':>5}  rules: precision / recall (opinions kept, checkable lost)")
    print(f"{'':<26} {'':>5}  {'':<34}   rules and model")
    by_sample: dict[str, list[dict]] = defaultdict(list)
    for item in tuned:
        by_sample[item["sample"]].append(item)
    for sample, group in sorted(by_sample.items()):
        print(row(sample, group, t, weak))
    print(row("all (left out one by one)", tuned, t, weak))
    bias, weights = fit(tuned, args.lam, args.min_count)
    for sample in args.held_out:
        group = [i for i in items if i["sample"] == sample]
        for item in group:
            item["score"] = score(bias, weights, item)
        print(row(f"{sample} (held out)", group, t, weak))
    if args.write:
        shipped = {
            "what": "claimtrack/offline/opinion_model.py's weights, written by "
            "bench/opinion_model.py --write",
            "trained_on": sorted(by_sample),
            "lam": args.lam,
            "min_count": args.min_count,
            "recall": args.recall,
            "threshold": t,
            "threshold_weak_anchor": weak,
            "bias": round(bias, 6),
            "weights": {name: round(w, 6) for name, w in sorted(weights.items())},
        }
        text = json.dumps(shipped, indent=0, ensure_ascii=False)
        WEIGHTS_FILE.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE} ({len(weights)} weights)")


if __name__ == "__main__":
    main()
