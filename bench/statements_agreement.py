"""How far two careful readers of the statement rule agree: the ceiling of the opinion goal.

    python bench/statements_agreement.py
    python bench/statements_agreement.py --second bench/data/statements_second_labels.json

``bench/data/statements_second_labels.json`` holds a second, independent reading of whole
samples of ``bench/data/statements_opinions.json`` (the same sentences, the same rule, another
labeller who saw neither the first labels nor any program's answer). For each such sample, and
pooled, this prints the two readings' agreement and Cohen's kappa, and the second reader scored
as if it were the extractor: the precision and recall of the sentences it calls checkable,
against the first reading. That precision is what a careful human reaches on the measure of
issue #10's opinion goal ("statements that are opinions: precision >= 0.9"); a model scored
against one labeller cannot be expected to do much better, and the gap between the model and
this figure is the model's, not the labels'.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = HERE / "data" / "statements_opinions.json"
SECOND = HERE / "data" / "statements_second_labels.json"

Key = tuple[str, str, int, int]


def readings(first: list[dict], second: list[dict]) -> dict[str, list[tuple[str, str]]]:
    """(first label, second label) of each sentence of every sample the second reading covers,
    by sample; a second label whose sentence the first reading lacks is an error."""
    labels: dict[Key, str] = {
        (i["corpus"], i["document"], i["start"], i["end"]): i["label"] for i in first
    }
    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for item in second:
        key = (item["corpus"], item["document"], item["start"], item["end"])
        if key not in labels:
            raise SystemExit(f"{item['sample']}: {key} is not in the first reading")
        pairs[item["sample"]].append((labels[key], item["label"]))
    return dict(pairs)


def agreement(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Agreement, Cohen's kappa, and the second reading's precision and recall of
    ``checkable`` against the first."""
    n = len(pairs)
    both = sum(a == b == "checkable" for a, b in pairs)
    first_only = sum(a == "checkable" != b for a, b in pairs)
    second_only = sum(b == "checkable" != a for a, b in pairs)
    observed = sum(a == b for a, b in pairs) / n
    first_share = (both + first_only) / n
    second_share = (both + second_only) / n
    expected = first_share * second_share + (1 - first_share) * (1 - second_share)
    return {
        "sentences": n,
        "agreement": observed,
        "kappa": (observed - expected) / (1 - expected) if expected < 1 else 1.0,
        "precision": both / (both + second_only) if both + second_only else 0.0,
        "recall": both / (both + first_only) if both + first_only else 0.0,
        "opinions_first": sum(a == "opinion" for a, _ in pairs),
        "opinions_second": sum(b == "opinion" for _, b in pairs),
    }


def items(path: Path) -> list[dict]:
    """The labelled items of a file in statements_opinions.json's format, or a one-line exit."""
    try:
        return list(json.loads(path.read_text(encoding="utf-8"))["items"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        sys.exit(f"{path}: not a file of labelled items ({type(error).__name__}: {error})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=Path, default=FIRST, help="the labels measured against")
    parser.add_argument("--second", type=Path, default=SECOND, help="the second reading")
    args = parser.parse_args()
    first, second = items(args.first), items(args.second)
    pairs = readings(first, second)
    if not pairs:
        sys.exit(f"{args.second}: no second label")
    print(
        f"{'sample':<14} {'sentences':>9} {'opinions':>9} {'agree':>6} {'kappa':>6}  second reader"
    )
    print(f"{'':<14} {'':>9} {'1st/2nd':>9} {'':>6} {'':>6}  precision / recall")
    for sample, found in [
        *sorted(pairs.items()),
        ("pooled", [p for v in pairs.values() for p in v]),
    ]:
        a = agreement(found)
        print(
            f"{sample:<14} {a['sentences']:>9.0f}"
            f" {a['opinions_first']:>4.0f}/{a['opinions_second']:<4.0f}"
            f" {a['agreement']:>6.3f} {a['kappa']:>6.3f}  {a['precision']:.3f} / {a['recall']:.3f}"
        )


if __name__ == "__main__":
    main()
